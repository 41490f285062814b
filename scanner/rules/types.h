// Internal: the rule types, one per file in scanner/rules/: each file defines its factory and,
// next to it, its RuleType (the factory and the keys it reads). RuleTypes() in rule_types.cc
// maps the `type:` names of rule files onto them.
#pragma once

#include "scanner/rules/rule.h"

namespace cuomin::scanner::rules {

// Word lists (existence, substitution): word_rules.cc. Scanned through the engine's shared
// multi-pattern matcher, not by themselves.
Result<std::unique_ptr<Rule>> MakeExistenceRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& ExistenceRuleType();
Result<std::unique_ptr<Rule>> MakeSubstitutionRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& SubstitutionRuleType();
// Occurrences of listed words suppress findings of some categories: word_rules.cc.
Result<std::unique_ptr<Rule>> MakeAllowRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& AllowRuleType();
// Near misses of canonical expressions; leaders' names with wrong titles: expression_rules.cc.
Result<std::unique_ptr<Rule>> MakeCanonicalRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& CanonicalRuleType();
Result<std::unique_ptr<Rule>> MakePersonTitleRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& PersonTitleRuleType();
// RE2 patterns with optional validator, rewrite and grouping: pattern_rule.cc.
Result<std::unique_ptr<Rule>> MakePatternRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& PatternRuleType();
// Paired punctuation: pairing_rule.cc.
Result<std::unique_ptr<Rule>> MakePairingRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& PairingRuleType();
// Doubled words and phrases: repetition_rule.cc.
Result<std::unique_ptr<Rule>> MakeRepetitionRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& RepetitionRuleType();
// Heading numbering: sequence_rule.cc.
Result<std::unique_ptr<Rule>> MakeSequenceRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& SequenceRuleType();
// Traditional characters in simplified text: script_rule.cc.
Result<std::unique_ptr<Rule>> MakeScriptRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& ScriptRuleType();
// Annual government information disclosure reports: tables, prose and years agree:
// disclosure_report_rule.cc.
Result<std::unique_ptr<Rule>> MakeDisclosureReportRule(const YAML::Node&, RuleInfo,
                                                       const LoadContext&);
const RuleType& DisclosureReportRuleType();
// Typos only context reveals, scored with a word n-gram language model: context_typo_rule.cc.
Result<std::unique_ptr<Rule>> MakeContextTypoRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& ContextTypoRuleType();
// Four-character idioms with one confusable character wrong: idiom_rule.cc.
Result<std::unique_ptr<Rule>> MakeIdiomRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& IdiomRuleType();
// A place's name one character off after the place it belongs to: place_rule.cc.
Result<std::unique_ptr<Rule>> MakePlaceRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& PlaceRuleType();
// A county's or city's name one character off, with no parent before it: place_alone_rule.cc.
Result<std::unique_ptr<Rule>> MakePlaceAloneRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& PlaceAloneRuleType();
Result<std::unique_ptr<Rule>> MakePlaceProvinceRule(const YAML::Node&, RuleInfo,
                                                    const LoadContext&);
const RuleType& PlaceProvinceRuleType();
// A law's or regulation's title inside 《》 an edit or two off: title_rule.cc.
Result<std::unique_ptr<Rule>> MakeTitleRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& TitleRuleType();
// A country's name followed by a leader's title it does not have: country_title_rule.cc.
Result<std::unique_ptr<Rule>> MakeCountryTitleRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& CountryTitleRuleType();
Result<std::unique_ptr<Rule>> MakeAnniversaryRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& AnniversaryRuleType();
// A name after a title one character off a listed name: title_name_rule.cc.
Result<std::unique_ptr<Rule>> MakeTitleNameRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& TitleNameRuleType();
// A fixed formulation of several parts cut short, reordered or cut in each part: parts_rule.cc.
Result<std::unique_ptr<Rule>> MakePartsRule(const YAML::Node&, RuleInfo, const LoadContext&);
const RuleType& PartsRuleType();

}  // namespace cuomin::scanner::rules
