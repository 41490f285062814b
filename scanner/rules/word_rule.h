// Internal: rules whose words are matched by the engine's shared Aho–Corasick automata
// (existence, substitution, canonical, person_title, allow). The engine collects every word
// occurrence of a block in one pass per view, then hands each rule its own occurrences.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/rules/rule.h"

namespace cuomin::scanner::rules {

enum class MatchView { kOriginal, kFolded };

// One occurrence of one of the rule's words, in the coordinates of the view's text.
struct WordMatch {
  uint32_t entry;
  size_t begin;
  size_t end;
};

// What a word rule sees when its occurrences are handed over.
struct WordContext {
  std::string_view text;  // the view's text (block text, or its folded copy)
  const BlockView& block;
};

class WordRule : public Rule {
 public:
  using Rule::Rule;
  virtual MatchView view() const { return MatchView::kOriginal; }
  // Calls add(word, entry) for every word to compile, already in the view's form.
  virtual void Words(const std::function<void(std::string_view, uint32_t)>& add) const = 0;
  // Turns the block's occurrences (sorted by begin, then longer first) into hits whose offsets
  // are in the view's text; the engine maps them back to the block text.
  virtual void OnMatches(const WordContext& ctx, const std::vector<WordMatch>& matches,
                         std::vector<Hit>& out) const = 0;
};

// An `allow` rule: occurrences of its words suppress findings of its categories.
class AllowRule : public WordRule {
 public:
  using WordRule::WordRule;
  virtual bool Covers(Category c) const = 0;
};

// Word-boundary test for Latin/digit words: "sex" must not match inside "Essex".
bool IsAtWordBoundary(std::string_view text, size_t begin, size_t end);

// True when `text` contains `exception` at a position where its occurrence of the matched
// word [begin, end) lines up (the exception is a longer correct string containing the word).
bool ExceptionCovers(std::string_view text, size_t begin, size_t end, std::string_view word,
                     std::string_view exception);

}  // namespace cuomin::scanner::rules
