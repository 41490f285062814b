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

// Per BMP code point: its folded form, or 0 when it is a filler to drop. Built once, so that
// folding is a table lookup per character (it runs on every block of every document).
static const std::vector<char32_t>& FoldTable() {
  static const std::vector<char32_t> table = [] {
    std::vector<char32_t> t(0x10000);
    for (char32_t c = 0; c < 0x10000; ++c) {
      if (c >= 0xD800 && c <= 0xDFFF) {
        t[c] = c;
        continue;
      }
      t[c] = IsFiller(c) ? 0 : FoldChar(c);
    }
    t['\n'] = '\n';
    return t;
  }();
  return table;
}

void Fold(std::string_view source, FoldedText& out) {
  const std::vector<char32_t>& table = FoldTable();
  // Folding never makes text longer: fill preallocated buffers, then trim.
  out.text.resize(source.size());
  out.source_offset.resize(source.size());
  char* w = out.text.data();
  uint32_t* o = out.source_offset.data();
  size_t n = 0;
  for (size_t i = 0; i < source.size();) {
    const uint32_t start = static_cast<uint32_t>(i);
    char32_t c = utf8::Next(source, i);
    char32_t f = c < 0x10000 ? table[c] : (IsFiller(c) ? 0 : FoldChar(c));
    if (f == 0) continue;
    // A malformed byte decodes to U+FFFD, longer than the byte itself: drop it, which also
    // keeps the output within the preallocated size.
    const size_t consumed = i - start;
    if ((f >= 0x80 && consumed < 2) || (f >= 0x800 && consumed < 3) ||
        (f >= 0x10000 && consumed < 4))
      continue;
    if (f < 0x80) {
      w[n] = static_cast<char>(f);
      o[n++] = start;
    } else if (f < 0x800) {
      w[n] = static_cast<char>(0xC0 | (f >> 6));
      w[n + 1] = static_cast<char>(0x80 | (f & 0x3F));
      o[n] = o[n + 1] = start;
      n += 2;
    } else if (f < 0x10000) {
      w[n] = static_cast<char>(0xE0 | (f >> 12));
      w[n + 1] = static_cast<char>(0x80 | ((f >> 6) & 0x3F));
      w[n + 2] = static_cast<char>(0x80 | (f & 0x3F));
      o[n] = o[n + 1] = o[n + 2] = start;
      n += 3;
    } else {
      w[n] = static_cast<char>(0xF0 | (f >> 18));
      w[n + 1] = static_cast<char>(0x80 | ((f >> 12) & 0x3F));
      w[n + 2] = static_cast<char>(0x80 | ((f >> 6) & 0x3F));
      w[n + 3] = static_cast<char>(0x80 | (f & 0x3F));
      o[n] = o[n + 1] = o[n + 2] = o[n + 3] = start;
      n += 4;
    }
  }
  out.text.resize(n);
  out.source_offset.resize(n);
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
