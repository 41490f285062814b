// Internal: the compiled rules and the per-document matching loop behind RuleSet.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scanner/document.h"
#include "scanner/engine/rule_loader.h"
#include "scanner/finding.h"
#include "scanner/match/pattern_prefilter.h"
#include "scanner/match/text_fold.h"
#include "scanner/match/word_matcher.h"
#include "scanner/rules/pattern_rule.h"
#include "scanner/rules/rule.h"
#include "scanner/rules/word_rule.h"

namespace cuomin::scanner {

// What carries from one piece of a file to the next when a file too large to hold is checked
// piece by piece (CheckFile in scanner/rule_set.h): positions are the whole file's, and the
// per-rule cap and the grouped rules count over the file, not over each piece.
struct PieceState {
  size_t base_offset = 0;           // the piece's first byte in the whole decoded file
  size_t base_line = 0;             // lines of the file before the piece
  size_t checked_before = 0;        // piece bytes already checked as the end of the previous piece
                                    // (the overlap that gives document rules their context): hits
                                    // in blocks starting there are not reported again
  size_t report_before = SIZE_MAX;  // piece bytes from here on are the next piece's, here only
                                    // as what follows (a quote closed a few lines on)
  std::vector<uint32_t> kept;       // findings listed so far, by rule index
  std::vector<size_t> unlisted;     // past the cap, by rule index
  struct Group {                    // a `group: document` rule's one finding
    std::optional<Finding> first;
    std::string where;  // "line:column" of the next ones
    size_t shown = 0;
  };
  std::vector<Group> groups;  // by rule index
};

class Engine {
 public:
  // Takes the enabled rules and the allow-file entries; compiles the shared matchers.
  static Result<std::unique_ptr<Engine>> Build(std::vector<std::unique_ptr<rules::Rule>> rules,
                                               std::vector<AllowEntry> allow);

  // Checks a document with every rule, or only with `only` (plus the allow rules) when given.
  // Past `deadline` it stops at the next block or rule boundary and adds one
  // kCheckIncompleteRule finding (see CheckOptions).
  std::vector<Finding> Check(
      const Document& doc, const rules::Rule* only = nullptr,
      std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max(),
      const std::function<std::chrono::steady_clock::time_point()>& now = {},
      PieceState* piece = nullptr) const;
  // After the last piece: the grouped rules' findings and the counts past the cap, added to
  // the pieces' findings, then everything sorted.
  void FinishPieces(PieceState& piece, std::vector<Finding>& findings) const;

  const std::vector<std::unique_ptr<rules::Rule>>& rules() const { return rules_; }
  size_t word_count() const { return word_count_; }

 private:
  // Word matching for one view: a matcher over the words of every word rule of that view.
  // When the folded text is made, original-view words are found in the folded pass too (see
  // Compile), so that each block is scanned once.
  struct WordIndex {
    WordMatcher matcher;
    struct Payload {
      uint32_t rule;   // index into rules_
      uint32_t entry;  // the rule's entry
      // An original-view word scanned on the folded text: it counts only where the source
      // bytes are the word itself — the folded match's own bytes, or verify_words_[verify]
      // when folding changes the word.
      bool original_view = false;
      int32_t verify = -1;
    };
    std::vector<Payload> payloads;
    bool any() const { return !matcher.empty(); }
  };
  // Pattern rules of one view behind one prefilter pass (see pattern_prefilter.h).
  struct PatternIndex {
    PatternPrefilter prefilter;
    bool any() const { return prefilter.size() > 0; }
    std::vector<uint32_t> rules;  // prefilter index -> index into rules_
  };
  struct BlockState;

  Engine() = default;
  Status Compile();
  // Word occurrences of one block, by rule, in the coordinates of each rule's view.
  struct Found {
    uint32_t rule;
    rules::WordMatch match;
    bool in_code_points = false;  // match.begin/end still folded code point indices
  };
  void ScanWords(const WordIndex (&words)[2], std::string_view original, FoldedText& folded,
                 std::vector<Found>& found) const;
  // The allowed spans of a block (allow rules' words, --allow terms), found on first use.
  const BlockState& AllowedSpans(const Document& doc, size_t block, BlockState& state) const;
  void DispatchWords(std::vector<Found>& found, std::string_view original, const FoldedText* folded,
                     const rules::BlockView& block, const rules::Rule* only,
                     std::vector<std::pair<uint32_t, rules::Hit>>& out) const;
  // Runs the candidate pattern rules of one view on a block's text (folded: map hits back).
  void RunPatterns(size_t view, const std::vector<uint32_t>& candidates, std::string_view text,
                   const FoldedText* folded, const rules::BlockView& block, const rules::Rule* only,
                   std::vector<std::pair<uint32_t, rules::Hit>>& out) const;
  bool Allowed(const rules::Rule& rule, const rules::Hit& hit, const BlockState& state) const;
  // Context conditions of the rule on a hit in block `index`: false when one says skip.
  bool ApplyContext(const rules::Rule& rule, const Document& doc, size_t index,
                    rules::Hit& hit) const;

  std::vector<std::unique_ptr<rules::Rule>> rules_;
  std::vector<AllowEntry> allow_entries_;
  WordIndex words_[2];        // by MatchView
  WordIndex allow_words_[2];  // the allow rules' words, by MatchView
  std::vector<std::string> verify_words_;
  PatternIndex patterns_[2];
  std::vector<uint32_t> block_rules_;  // rules with their own CheckBlock
  std::vector<uint32_t> document_rules_;
  WordMatcher allow_terms_;           // --allow file terms; payload: index into allow_entries_
  std::vector<bool> may_be_allowed_;  // by rule: an allow rule or --allow entry applies to it
  bool needs_folded_ = false;
  size_t word_count_ = 0;
};

}  // namespace cuomin::scanner
