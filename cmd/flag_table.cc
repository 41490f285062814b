#include "cmd/flag_table.h"

#include <cstdlib>

#include "common/strings.h"

namespace cuomin::cmd {
namespace {

// The help text starts in this column (after two spaces of indent and the names).
constexpr size_t kNamesWidth = 22;
constexpr std::string_view kIndent = "  ";

}  // namespace

std::string FlagHelpLines(std::string_view short_name, std::string_view long_name,
                          std::string_view value, std::string_view help) {
  std::string names;
  if (!short_name.empty()) {
    names += short_name;
    names += ", ";
  }
  names += long_name;
  if (!value.empty()) {
    names += ' ';
    names += value;
  }
  const std::string text_indent(kIndent.size() + kNamesWidth, ' ');
  std::string out(kIndent);
  out += names;
  // Names are ASCII, so their size is their width on a terminal.
  if (names.size() + 1 < kNamesWidth) {
    out.append(kNamesWidth - names.size(), ' ');
  } else {
    out += "\n";
    out += text_indent;
  }
  bool first = true;
  for (std::string_view line : Split(help, '\n')) {
    if (!first) out += text_indent;
    out += line;
    out += "\n";
    first = false;
  }
  return out;
}

SplitArgument SplitFlagArgument(std::string_view arg,
                                const std::function<bool(std::string_view)>& takes_value) {
  SplitArgument out;
  out.name = arg;
  if (arg.starts_with("--")) {
    if (size_t eq = arg.find('='); eq != std::string_view::npos) {
      out.name = arg.substr(0, eq);
      out.value = arg.substr(eq + 1);
      out.has_value = true;
    }
  } else if (arg.size() > 2 && takes_value(arg.substr(0, 2))) {
    out.name = arg.substr(0, 2);
    out.value = arg.substr(2);
    out.has_value = true;
  }
  return out;
}

Status MissingValue(std::string_view name) {
  return Status::Error("选项 " + std::string(name) + " 缺少取值");
}

Status NoValueExpected(std::string_view name) {
  return Status::Error("选项 " + std::string(name) + " 不带取值");
}

Status UnknownOption(std::string_view name) {
  return Status::Error("未知选项：" + std::string(name));
}

Result<double> ParseFlagNumber(std::string_view name, const std::string& value, double min,
                               double max, std::string_view expected) {
  char* end = nullptr;
  double d = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0' || !(d >= min) || !(d <= max)) {
    return Status::Error(std::string(name) + " 的取值无效：" + value + "（" +
                         std::string(expected) + "）");
  }
  return d;
}

}  // namespace cuomin::cmd
