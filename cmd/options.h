// Command-line options of `cuomin check` and `cuomin rules`. check's flags, their parsing and
// their help come from one table (cmd/flag_table.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cmd/flag_table.h"
#include "common/status.h"
#include "scanner/finding.h"

namespace cuomin::cmd {

// Process exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;        // nothing at or above --fail-on; rule examples pass
inline constexpr int kExitFindings = 1;  // findings at or above --fail-on; an example failed
inline constexpr int kExitError = 2;     // usage error, unreadable input, broken rule file

// Upper bound of -j: more threads than this only add contention.
inline constexpr int kMaxJobs = 256;
// Upper bound of --time-limit (a day): beyond it a limit means nothing.
inline constexpr double kMaxTimeLimitSeconds = 86400;
inline constexpr std::string_view kTimeLimitRange = "应为 0 到 86400 之间的秒数，0 表示不限";

struct CheckOptions {
  std::string format = "text";           // a printer format: text, json, sarif, csv
  std::vector<std::string> rule_dirs;    // --rules: added to the shipped dictionaries
  bool no_default_rules = false;         // --no-default-rules: only the --rules dirs
  std::vector<std::string> allow_files;  // --allow
  std::string encoding;                  // --encoding: forced input encoding, "" to detect
  std::vector<std::string> disabled;     // --disable: rule ids or categories
  // --fail-on: the lowest severity that makes the exit code 1; "none" never does.
  scanner::Severity fail_on = scanner::Severity::kMajor;
  bool fail_never = false;
  int jobs = 0;  // -j: worker threads; 0 = number of cores
  // --time-limit: seconds for reading and checking one document, 0 for none. A document cut
  // short keeps its findings so far plus one check-incomplete finding.
  double time_limit_seconds = 0;
  // --previous: last year's annual disclosure report, for the disclosure_report rule.
  std::string previous_report;
  std::vector<std::string> paths;  // files, directories, "-" for standard input
  bool help = false;               // --help: print usage and exit 0
};

struct RulesOptions {
  std::string action;                  // "test" or "list"
  std::vector<std::string> dirs;       // rules test: directories (empty = shipped ones)
  std::vector<std::string> rule_dirs;  // rules list: --rules, added to the shipped ones
  bool no_default_rules = false;       // rules list: --no-default-rules
  bool help = false;
};

// Every flag of `cuomin check`, as its parser and its help read them.
const FlagTable<CheckOptions>& CheckFlagTable();

// The text of `cuomin check --help`.
std::string CheckHelp();

// Parses the arguments after "check". Errors are one Chinese line naming the option.
Result<CheckOptions> ParseCheckOptions(const std::vector<std::string_view>& args);

// Parses the arguments after "rules".
Result<RulesOptions> ParseRulesOptions(const std::vector<std::string_view>& args);

// Appends the comma-separated parts of `value` ("a,b" in one --disable is two entries).
void SplitCommas(const std::string& value, std::vector<std::string>& out);

}  // namespace cuomin::cmd
