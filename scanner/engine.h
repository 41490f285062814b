// Internal: the compiled rules and the per-document matching loop behind RuleSet.
#pragma once

#include <re2/filtered_re2.h>

#include <memory>
#include <string>
#include <vector>

#include "scanner/document.h"
#include "scanner/finding.h"
#include "scanner/rule_loader.h"
#include "scanner/rules/pattern_rule.h"
#include "scanner/rules/rule.h"
#include "scanner/rules/word_rule.h"
#include "scanner/text_fold.h"
#include "scanner/word_matcher.h"

namespace cuomin::scanner {

class Engine {
 public:
  // Takes the enabled rules and the allow-file entries; compiles the shared matchers.
  static Result<std::unique_ptr<Engine>> Build(std::vector<std::unique_ptr<rules::Rule>> rules,
                                               std::vector<AllowEntry> allow);

  // Checks a document with every rule, or only with `only` (plus the allow rules) when given.
  std::vector<Finding> Check(const Document& doc, const rules::Rule* only = nullptr) const;

  const std::vector<std::unique_ptr<rules::Rule>>& rules() const { return rules_; }
  size_t word_count() const { return word_count_; }

 private:
  // Word matching for one view: a matcher over the words of every word rule of that view.
  struct WordIndex {
    WordMatcher matcher;
    struct Payload {
      uint32_t rule;   // index into rules_
      uint32_t entry;  // the rule's entry
      // An original-view word scanned on the folded text (see Compile): it counts only where
      // the source bytes are the word itself.
      bool original_view = false;
    };
    std::vector<Payload> payloads;
    bool any = false;
  };
  // Pattern prefilter for one view: which pattern rules can match a block at all.
  // RE2's FilteredRE2 derives from each pattern the literal strings ("atoms") one of which
  // must occur for it to match; one WordMatcher pass finds the atoms of a block, and only
  // patterns whose atoms are present (or that have none) run. Measured against one RE2::Set
  // over all patterns, whose many-match DFA cost ~200 instructions per byte.
  struct PatternIndex {
    std::unique_ptr<re2::FilteredRE2> filter;
    WordMatcher atoms;
    size_t atom_count = 0;
    bool any = false;
    std::vector<uint32_t> rules;  // filter index -> index into rules_
  };
  struct BlockState;

  Engine() = default;
  Status Compile();
  // Word occurrences of one block, by rule, in the coordinates of each rule's view.
  struct Found {
    uint32_t rule;
    rules::WordMatch match;
  };
  void ScanWords(std::string_view original, const FoldedText* folded,
                 std::vector<Found>& found) const;
  void DispatchWords(std::vector<Found>& found, std::string_view original, const FoldedText* folded,
                     const rules::BlockView& block, const rules::Rule* only,
                     std::vector<std::pair<uint32_t, rules::Hit>>& out) const;
  bool Allowed(const rules::Rule& rule, const rules::Hit& hit, const BlockState& state) const;
  bool ApplyContext(const rules::Rule& rule, std::string_view text, rules::Hit& hit) const;

  std::vector<std::unique_ptr<rules::Rule>> rules_;
  std::vector<AllowEntry> allow_entries_;
  WordIndex words_[2];  // by MatchView
  PatternIndex patterns_[2];
  std::vector<uint32_t> block_rules_;  // rules with their own CheckBlock
  std::vector<uint32_t> document_rules_;
  WordMatcher allow_terms_;  // --allow file terms; payload: index into allow_entries_
  bool needs_folded_ = false;
  size_t word_count_ = 0;
};

}  // namespace cuomin::scanner
