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
//  - traditional Han characters -> simplified (ICU "Traditional-Simplified", one character at
//    a time, cached);
//  - "fillers" are dropped: white space, zero-width characters, ASCII punctuation and symbols,
//    middle dots, stars and other dingbats — what people insert between characters to evade
//    filters. CJK punctuation (，。、) is kept: it separates clauses.
struct FoldedText {
  std::string text;
  // For each byte of `text`, the byte offset in the source of the code point it came from.
  std::vector<uint32_t> source_offset;
  // Maps a folded range [begin, end) to the source range [*src_begin, *src_end).
  void ToSource(std::string_view source, size_t begin, size_t end, size_t* src_begin,
                size_t* src_end) const;
};

void Fold(std::string_view source, FoldedText& out);

// Folds a dictionary word the same way (so entries and text meet in the same view).
std::string FoldWord(std::string_view word);

// The simplified form of a Han character, or c itself (cached ICU transliteration).
char32_t ToSimplified(char32_t c);

// Full-width ASCII forms (U+FF01..U+FF5E, U+3000) to ASCII; other characters unchanged.
std::string ToHalfwidth(std::string_view text);

}  // namespace cuomin::scanner
