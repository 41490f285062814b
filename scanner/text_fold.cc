#include "scanner/text_fold.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>
#include <mutex>

#include "common/utf8.h"

namespace cuomin::scanner {
namespace {

// Han ranges whose simplified forms are precomputed: the basic block and extension A hold all
// the traditional characters ICU maps. Others are returned unchanged.
constexpr char32_t kHanBegin = 0x3400;
constexpr char32_t kHanEnd = 0xA000;

// Built once per process: transliterating the whole range as one string is ~100x faster than
// one call per character.
const std::vector<char32_t>& SimplifiedTable() {
  static std::vector<char32_t> table;
  static std::once_flag once;
  std::call_once(once, [] {
    table.resize(kHanEnd - kHanBegin);
    for (char32_t c = kHanBegin; c < kHanEnd; ++c) table[c - kHanBegin] = c;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> t(
        icu::Transliterator::createInstance("Traditional-Simplified", UTRANS_FORWARD, status));
    if (U_FAILURE(status) || !t) return;
    // One character per line, so that a multi-character mapping stays on its own line.
    icu::UnicodeString all;
    for (char32_t c = kHanBegin; c < kHanEnd; ++c) {
      all.append(static_cast<UChar32>(c));
      all.append(static_cast<UChar>('\n'));
    }
    t->transliterate(all);
    int32_t pos = 0;
    for (char32_t c = kHanBegin; c < kHanEnd && pos < all.length(); ++c) {
      int32_t nl = all.indexOf(static_cast<UChar>('\n'), pos);
      if (nl < 0) break;
      if (all.countChar32(pos, nl - pos) == 1) table[c - kHanBegin] = all.char32At(pos);
      pos = nl + 1;
    }
  });
  return table;
}

bool IsFiller(char32_t c) {
  if (c < 0x80) {
    return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) &&
           c != '\n';
  }
  switch (c) {
    case 0x00A0:  // no-break space
    case 0x00B7:  // middle dot
    case 0x2022:  // bullet
    case 0x2027:  // hyphenation point
    case 0x30FB:  // katakana middle dot
    case 0x3000:  // ideographic space
    case 0xFEFF:  // zero-width no-break space
      return true;
  }
  if (c >= 0x200B && c <= 0x200F) return true;  // zero-width, direction marks
  if (c >= 0x2060 && c <= 0x2064) return true;  // word joiner, invisible operators
  if (c >= 0x2600 && c <= 0x27BF) return true;  // ★ ☆ ✿ and other dingbats
  if (c >= 0x25A0 && c <= 0x25FF) return true;  // ■ ● ◆ geometric shapes
  if (c >= 0xFF01 && c <= 0xFF5E) {
    // Full-width clause punctuation is how Chinese text separates clauses: keep it.
    switch (c) {
      case U'，':
      case U'；':
      case U'：':
      case U'！':
      case U'？':
      case U'（':
      case U'）':
        return false;
    }
    return IsFiller(c - 0xFEE0);  // other full-width ASCII symbols, like their ASCII forms
  }
  return false;
}

char32_t FoldChar(char32_t c) {
  if ((c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A))
    c -= 0xFEE0;  // full-width digits and letters
  if (c >= 'A' && c <= 'Z') return c + ('a' - 'A');
  if (c >= kHanBegin && c < kHanEnd) return SimplifiedTable()[c - kHanBegin];
  return c;
}

}  // namespace

char32_t ToSimplified(char32_t c) {
  if (c >= kHanBegin && c < kHanEnd) return SimplifiedTable()[c - kHanBegin];
  return c;
}

std::string ToHalfwidth(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t c = utf8::Next(text, i);
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    if (c == 0x3000) c = ' ';
    utf8::Append(out, c);
  }
  return out;
}

void Fold(std::string_view source, FoldedText& out) {
  out.text.clear();
  out.source_offset.clear();
  out.text.reserve(source.size());
  out.source_offset.reserve(source.size());
  for (size_t i = 0; i < source.size();) {
    size_t start = i;
    unsigned char b = static_cast<unsigned char>(source[i]);
    if (b < 0x80) {  // fast path for ASCII
      ++i;
      if (IsFiller(b)) continue;
      out.text.push_back(b >= 'A' && b <= 'Z' ? static_cast<char>(b + 32) : static_cast<char>(b));
      out.source_offset.push_back(static_cast<uint32_t>(start));
      continue;
    }
    char32_t c = utf8::Next(source, i);
    if (IsFiller(c)) continue;
    utf8::Append(out.text, FoldChar(c));
    out.source_offset.resize(out.text.size(), static_cast<uint32_t>(start));
  }
}

void FoldedText::ToSource(std::string_view source, size_t begin, size_t end, size_t* src_begin,
                          size_t* src_end) const {
  if (begin >= source_offset.size() || end == 0) {
    *src_begin = *src_end = source.size();
    return;
  }
  *src_begin = source_offset[begin];
  size_t last = source_offset[end - 1];
  utf8::Next(source, last);  // past the last source code point
  *src_end = last;
}

std::string FoldWord(std::string_view word) {
  FoldedText f;
  Fold(word, f);
  return f.text;
}

}  // namespace cuomin::scanner
