// Internal: the `pattern` rule type, exposed so the engine can prefilter every pattern in one
// pass (pattern_prefilter.h) and run a rule only on blocks where it can match.
#pragma once

#include <string>

#include "scanner/rules/rule.h"
#include "scanner/rules/word_rule.h"

namespace cuomin::scanner::rules {

class PatternRuleBase : public Rule {
 public:
  using Rule::Rule;
  virtual const std::string& pattern() const = 0;
  virtual MatchView view() const = 0;
  // Like CheckBlock, on the view's text; hits in the view's coordinates.
  virtual void CheckText(std::string_view text, const BlockView& block,
                         std::vector<Hit>& out) const = 0;
};

}  // namespace cuomin::scanner::rules
