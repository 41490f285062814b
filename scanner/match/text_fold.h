// The "folded" matching view of a text: what sensitive-word lists are matched against so that
// evasions (賭博, ｄｕｂｏ, 赌*博, 赌 博) match the plain entry (赌博). Findings are mapped back to
// the original text through the byte map, never reported on the folded copy.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cuomin::scanner {

// Folding, per code point:
//  - full-width ASCII forms (Ａ, ０, ＊) -> ASCII; Latin upper case -> lower case;
//  - traditional Han characters -> simplified, by the one table in traditional.h (a form of
//    more than one code point leaves the character unchanged);
//  - "fillers" are dropped: white space, zero-width characters, ASCII punctuation and symbols,
//    middle dots, stars and other dingbats — what people insert between characters to evade
//    filters. CJK punctuation (，。、) is kept: it separates clauses.
struct FoldedText {
  // Per folded code point k < count: the code point and the byte offset in the source of the
  // code point it came from; index `count` holds 0 and the source size. The word matcher
  // reads code_points directly, so a block is decoded once.
  std::vector<char32_t> code_points;
  std::vector<uint32_t> source_offset;
  size_t count = 0;
  // False when the source held malformed UTF-8 (those bytes are dropped from the fold).
  bool source_valid = true;

  // The folded text as UTF-8, and the byte offset of each code point in it (index `count`:
  // text.size()). Made by MakeText(), which Fold() calls unless asked not to: most blocks
  // never need them (no word of a folded-view rule occurs in them).
  std::string text;
  std::vector<uint32_t> byte_offset;
  bool has_text = false;
  void MakeText();

  // Maps a folded byte range [begin, end) of `text` to the source range [*src_begin,
  // *src_end). Needs MakeText().
  void ToSource(std::string_view source, size_t begin, size_t end, size_t* src_begin,
                size_t* src_end) const;
  // The same for a range of folded code points [cp_begin, cp_end).
  void CodePointsToSource(std::string_view source, size_t cp_begin, size_t cp_end,
                          size_t* src_begin, size_t* src_end) const;
};

void Fold(std::string_view source, FoldedText& out, bool make_text = true);

// Folds a dictionary word the same way (so entries and text meet in the same view).
std::string FoldWord(std::string_view word);

// Full-width ASCII forms (U+FF01..U+FF5E, U+3000) to ASCII; other characters unchanged.
std::string ToHalfwidth(std::string_view text);

}  // namespace cuomin::scanner
