// One table of a subcommand's flags gives its parser and the options part of its --help, so
// that a flag cannot be parsed without being documented, or documented without being parsed
// (`--max-retry-after` was parsed for months without a line in the help). The grammar is small
// (`--opt value`, `--opt=value`, `-f value`, `-jN`, `--` before paths) and its errors must be
// Chinese, which no argument library installed here offers.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace cuomin::cmd {

template <typename Options>
struct Flag {
  std::string_view short_name;  // "-f", or "" for none
  std::string_view long_name;   // "--format"
  std::string_view value;       // the value's placeholder in the help ("FORMAT"); "" = a switch
  std::string_view help;        // the help text; '\n' starts a continuation line
  // Stores the flag in `o`. `name` is the name as typed (for messages); `value` is empty for
  // a switch.
  std::function<Status(Options& o, std::string_view name, const std::string& value)> set;
};

// A titled group of flags in the help ("抓取选项：").
template <typename Options>
struct FlagSection {
  std::string_view title;
  std::vector<Flag<Options>> flags;
};

template <typename Options>
using FlagTable = std::vector<FlagSection<Options>>;

// The help lines of one flag: "  -f, --format FORMAT   text..." with the text in column 25,
// on a line of its own after names too long for the column.
std::string FlagHelpLines(std::string_view short_name, std::string_view long_name,
                          std::string_view value, std::string_view help);

// The options part of a --help: each section's title, then its flags.
template <typename Options>
std::string RenderFlagTable(const FlagTable<Options>& table) {
  std::string out;
  for (const FlagSection<Options>& s : table) {
    if (!out.empty()) out += "\n";
    out += s.title;
    out += "\n";
    for (const Flag<Options>& f : s.flags)
      out += FlagHelpLines(f.short_name, f.long_name, f.value, f.help);
  }
  return out;
}

// One command-line argument split into its name and an attached value ("--opt=v", "-jN").
struct SplitArgument {
  std::string_view name;
  std::string_view value;
  bool has_value = false;
};

// Splits `arg`; `takes_value(short_name)` says whether a short flag may carry its value ("-j4").
SplitArgument SplitFlagArgument(std::string_view arg,
                                const std::function<bool(std::string_view)>& takes_value);

Status MissingValue(std::string_view name);
Status NoValueExpected(std::string_view name);
Status UnknownOption(std::string_view name);

// Parses `args` by `table` into `o`. Arguments that are not flags ("-", anything not starting
// with '-', everything after "--") go to `positional`.
template <typename Options>
Status ParseFlags(const std::vector<std::string_view>& args, const FlagTable<Options>& table,
                  Options& o, std::vector<std::string>& positional) {
  auto find = [&](std::string_view name) -> const Flag<Options>* {
    for (const FlagSection<Options>& s : table)
      for (const Flag<Options>& f : s.flags)
        if (name == f.long_name || (!f.short_name.empty() && name == f.short_name)) return &f;
    return nullptr;
  };
  auto takes_value = [&](std::string_view name) {
    const Flag<Options>* f = find(name);
    return f != nullptr && !f->value.empty();
  };
  bool only_positional = false;
  for (size_t i = 0; i < args.size(); ++i) {
    std::string_view a = args[i];
    if (only_positional || a == "-" || a.empty() || a[0] != '-') {
      positional.emplace_back(a);
      continue;
    }
    if (a == "--") {
      only_positional = true;
      continue;
    }
    SplitArgument arg = SplitFlagArgument(a, takes_value);
    const Flag<Options>* f = find(arg.name);
    if (f == nullptr) return UnknownOption(arg.name);
    std::string value;
    if (f->value.empty()) {
      if (arg.has_value) return NoValueExpected(arg.name);
    } else if (arg.has_value) {
      if (arg.value.empty()) return MissingValue(arg.name);
      value = arg.value;
    } else {
      if (i + 1 >= args.size()) return MissingValue(arg.name);
      value = args[++i];
    }
    if (Status s = f->set(o, arg.name, value); !s.ok()) return s;
  }
  return Status::Ok();
}

// Reads a number in [min, max] or says which flag had a bad value and what it should be.
Result<double> ParseFlagNumber(std::string_view name, const std::string& value, double min,
                               double max, std::string_view expected);

}  // namespace cuomin::cmd
