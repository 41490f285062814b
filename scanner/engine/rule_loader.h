// Internal: reads rule files and allow files into rule objects.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "scanner/rules/rule.h"

namespace cuomin::scanner {

// What every rule file is loaded with besides its own text: the command line's settings that
// some rule types read (e.g. "previous_report" for --previous FILE) and the clock that dates
// depend on ("this year" for anniversaries); null means the system clock.
struct LoadEnvironment {
  std::map<std::string, std::string> settings;
  const Clock* clock = nullptr;
};

// Decides, from a rule's common fields, that it is turned off and must not be built.
using SkipRule = std::function<bool(const rules::RuleInfo&)>;

// Loads every *.yml / *.yaml below each directory (sorted, recursive). A rule id defined twice
// is an error naming both places. Rules that `skip` turns off are not built; their common
// fields go to `skipped` (which must be given with `skip`).
Result<std::vector<std::unique_ptr<rules::Rule>>> LoadRuleDirs(
    const std::vector<std::string>& dirs, const LoadEnvironment& environment = {},
    const SkipRule& skip = nullptr, std::vector<rules::RuleInfo>* skipped = nullptr);

// Loads one rule file; a rule that `skip` turns off comes back as null.
Result<std::unique_ptr<rules::Rule>> LoadRuleFile(const std::string& path,
                                                  const LoadEnvironment& environment = {},
                                                  const SkipRule& skip = nullptr,
                                                  std::vector<rules::RuleInfo>* skipped = nullptr);

// The keys every rule file may have, whatever its type (each type adds its own, see
// rules::RuleType::keys).
const std::vector<std::string>& CommonRuleKeys();

// Loads one rule from `text` when given (the fuzzer's way in), else from the file at `path`;
// `path` names the rule in messages, gives the id its expected name and resolves word lists.
Result<std::unique_ptr<rules::Rule>> LoadRule(const std::string& path,
                                              std::optional<std::string> text,
                                              const LoadEnvironment& environment,
                                              const SkipRule& skip = nullptr,
                                              std::vector<rules::RuleInfo>* skipped = nullptr);

// With CUOMIN_LOAD_TIMES set (to anything), the loader writes to stderr how long each rule
// file and the engine's compilation took: "load-time 812 ms dictionaries/typo/words.yml". For
// finding where start-up goes (bench/startup.md) without a profiler.
bool LoadTimesWanted();
void ReportLoadTime(const std::string& what, std::chrono::steady_clock::time_point started);

// An allow-file entry: `term`, or `rule-id: term`.
struct AllowEntry {
  std::string rule;  // empty: every rule
  std::string term;
};
Result<std::vector<AllowEntry>> LoadAllowFile(const std::string& path);

}  // namespace cuomin::scanner
