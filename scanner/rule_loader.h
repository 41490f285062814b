// Internal: reads rule files and allow files into rule objects.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "scanner/rules/rule.h"

namespace cuomin::scanner {

// Loads every *.yml / *.yaml below each directory (sorted, recursive). A rule id defined twice
// is an error naming both places.
Result<std::vector<std::unique_ptr<rules::Rule>>> LoadRuleDirs(
    const std::vector<std::string>& dirs, const std::map<std::string, std::string>& settings = {});

// Loads one rule file.
Result<std::unique_ptr<rules::Rule>> LoadRuleFile(
    const std::string& path, const std::map<std::string, std::string>& settings = {});

// An allow-file entry: `term`, or `rule-id: term`.
struct AllowEntry {
  std::string rule;  // empty: every rule
  std::string term;
};
Result<std::vector<AllowEntry>> LoadAllowFile(const std::string& path);

}  // namespace cuomin::scanner
