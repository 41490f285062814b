#include "scanner/rules/types.h"

namespace cuomin::scanner::rules {

const std::map<std::string, RuleFactory>& RuleTypes() {
  static const auto* types = new std::map<std::string, RuleFactory>{
      {"existence", MakeExistenceRule},
      {"substitution", MakeSubstitutionRule},
      {"pattern", MakePatternRule},
      {"pairing", MakePairingRule},
      {"repetition", MakeRepetitionRule},
      {"sequence", MakeSequenceRule},
      {"script", MakeScriptRule},
      {"allow", MakeAllowRule},
      {"canonical", MakeCanonicalRule},
      {"person_title", MakePersonTitleRule},
      {"disclosure_report", MakeDisclosureReportRule},
      {"context_typo", MakeContextTypoRule},
      {"idiom", MakeIdiomRule},
  };
  return *types;
}

}  // namespace cuomin::scanner::rules
