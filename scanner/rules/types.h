// Internal: factories of the rule types, one per file in scanner/rules/. RuleTypes() in
// rule_types.cc maps the `type:` names of rule files onto them.
#pragma once

#include "scanner/rules/rule.h"

namespace cuomin::scanner::rules {

// Word lists (existence, substitution): word_rules.cc. Scanned through the engine's shared
// multi-pattern matcher, not by themselves.
Result<std::unique_ptr<Rule>> MakeExistenceRule(const YAML::Node&, RuleInfo, const LoadContext&);
Result<std::unique_ptr<Rule>> MakeSubstitutionRule(const YAML::Node&, RuleInfo, const LoadContext&);
// Occurrences of listed words suppress findings of some categories: word_rules.cc.
Result<std::unique_ptr<Rule>> MakeAllowRule(const YAML::Node&, RuleInfo, const LoadContext&);
// Near misses of canonical expressions; leaders' names with wrong titles: expression_rules.cc.
Result<std::unique_ptr<Rule>> MakeCanonicalRule(const YAML::Node&, RuleInfo, const LoadContext&);
Result<std::unique_ptr<Rule>> MakePersonTitleRule(const YAML::Node&, RuleInfo, const LoadContext&);
// RE2 patterns with optional validator, rewrite and grouping: pattern_rule.cc.
Result<std::unique_ptr<Rule>> MakePatternRule(const YAML::Node&, RuleInfo, const LoadContext&);
// Paired punctuation: pairing_rule.cc.
Result<std::unique_ptr<Rule>> MakePairingRule(const YAML::Node&, RuleInfo, const LoadContext&);
// Doubled words and phrases: repetition_rule.cc.
Result<std::unique_ptr<Rule>> MakeRepetitionRule(const YAML::Node&, RuleInfo, const LoadContext&);
// Heading numbering: sequence_rule.cc.
Result<std::unique_ptr<Rule>> MakeSequenceRule(const YAML::Node&, RuleInfo, const LoadContext&);
// Traditional characters in simplified text: script_rule.cc.
Result<std::unique_ptr<Rule>> MakeScriptRule(const YAML::Node&, RuleInfo, const LoadContext&);
// Annual government information disclosure reports: tables, prose and years agree:
// disclosure_report_rule.cc.
Result<std::unique_ptr<Rule>> MakeDisclosureReportRule(const YAML::Node&, RuleInfo,
                                                       const LoadContext&);
// Typos only context reveals, scored with a word n-gram language model: context_typo_rule.cc.
Result<std::unique_ptr<Rule>> MakeContextTypoRule(const YAML::Node&, RuleInfo, const LoadContext&);
// Four-character idioms with one confusable character wrong: idiom_rule.cc.
Result<std::unique_ptr<Rule>> MakeIdiomRule(const YAML::Node&, RuleInfo, const LoadContext&);

}  // namespace cuomin::scanner::rules
