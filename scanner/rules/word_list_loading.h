// Internal: YAML helpers shared by the rule types that read words.
#pragma once

#include <string>
#include <unordered_map>
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
// The confusion files under `key` (one or a list), lines 字<Tab>易混字: per character, the
// characters written for it, in file order (empty when the key is absent).
Result<std::unordered_map<char32_t, std::u32string>> ReadConfusionLists(const YAML::Node& node,
                                                                        const char* key,
                                                                        const LoadContext& ctx);

}  // namespace cuomin::scanner::rules
