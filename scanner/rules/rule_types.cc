#include "scanner/rules/types.h"

namespace cuomin::scanner::rules {

const std::map<std::string, RuleType>& RuleTypes() {
  static const auto* types = new std::map<std::string, RuleType>{
      {"existence", ExistenceRuleType()},
      {"substitution", SubstitutionRuleType()},
      {"pattern", PatternRuleType()},
      {"pairing", PairingRuleType()},
      {"repetition", RepetitionRuleType()},
      {"sequence", SequenceRuleType()},
      {"script", ScriptRuleType()},
      {"allow", AllowRuleType()},
      {"canonical", CanonicalRuleType()},
      {"person_title", PersonTitleRuleType()},
      {"disclosure_report", DisclosureReportRuleType()},
      {"context_typo", ContextTypoRuleType()},
      {"idiom", IdiomRuleType()},
      {"place_near_miss", PlaceRuleType()},
      {"place_alone", PlaceAloneRuleType()},
      {"place_province", PlaceProvinceRuleType()},
      {"title_near_miss", TitleRuleType()},
      {"country_title", CountryTitleRuleType()},
      {"title_name", TitleNameRuleType()},
      {"formulation_parts", PartsRuleType()},
      {"anniversary", AnniversaryRuleType()},
  };
  return *types;
}

}  // namespace cuomin::scanner::rules
