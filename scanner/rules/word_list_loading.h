// Internal: YAML helpers shared by the rule types that read words.
#pragma once

#include <string>
#include <vector>

#include "scanner/rules/rule.h"
#include "scanner/rules/word_rule.h"

namespace cuomin::scanner::rules {

// `match:` original (default) or folded.
Result<MatchView> ParseView(const YAML::Node& node, const LoadContext& ctx);
// A string or a list of strings under `key` (empty when absent).
Result<std::vector<std::string>> ReadStrings(const YAML::Node& node, const char* key,
                                             const LoadContext& ctx);
// `words:` plus the first column of every `wordlist:` file.
Result<std::vector<std::string>> ReadWords(const YAML::Node& node, const LoadContext& ctx);

}  // namespace cuomin::scanner::rules
