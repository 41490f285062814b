// Which characters, put between two written ones, can complete a word of three or more
// characters (detector_gaps.cc). Trying every character that makes a two-character word with
// one of the neighbours (hundreds for 国 or 公) and looking up every window around it cost a
// crawl of notice pages 3 ms a page; the few that can complete a longer word are one lookup
// away here.
//
// A word holding the new character x has a written neighbour on at least one side, so it holds
// one of three stretches of three: x between the two written characters (a x b), x after the
// two before the gap (z a x) or x before the two after it (x b c). Each word is filed under
// each stretch it holds with x open, so that the three lookups of a gap give every x that
// any word could complete there (and a few that none does: those are checked word by word).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "scanner/rules/context_typo/lexicon.h"

namespace cuomin::scanner::lm {

class GapIndex {
 public:
  // Room for `entries` (stretch, character) entries (more still fit, after a rehash).
  void Reserve(size_t entries);
  // A word of three or more characters an edit may complete.
  void Add(std::span<const char32_t> word);
  bool empty() const { return used_ == 0; }

  // The characters x filed under (a, x, b), (z, a, x) and (x, b, c), appended to `out` (some
  // more than once). z or c is 0 where the run has no such character.
  void Candidates(char32_t z, char32_t a, char32_t b, char32_t c, std::vector<char32_t>& out) const;

 private:
  void Put(uint64_t key, char32_t x);
  void Append(uint64_t key, std::vector<char32_t>& out) const;
  // Open addressing with one slot per (stretch, character), so that building is one pass with
  // no sort (the index is built at the first block a process checks): a stretch's characters
  // lie along its probe run.
  std::vector<uint64_t> keys_;  // HashWord of the stretch with x open; 0: empty
  std::vector<char32_t> fill_;
  size_t mask_ = 0, used_ = 0;
};

}  // namespace cuomin::scanner::lm
