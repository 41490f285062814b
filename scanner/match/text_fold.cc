#include "scanner/match/text_fold.h"

#include <algorithm>

#include "common/utf8.h"
#include "scanner/match/traditional.h"

namespace cuomin::scanner {
namespace {

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
  return Traditional().SimplifiedChar(c);
}

}  // namespace

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
// folding is a table lookup per character (it runs on every block of every document). Folds
// stay in the BMP, so 16 bits each: half the cache lines of a char32_t table.
static const std::vector<char16_t>& FoldTable() {
  static const std::vector<char16_t> table = [] {
    std::vector<char16_t> t(0x10000);
    for (char32_t c = 0; c < 0x10000; ++c) {
      if (c >= 0xD800 && c <= 0xDFFF) {
        t[c] = c;
        continue;
      }
      char32_t f = IsFiller(c) ? 0 : FoldChar(c);
      // A fold stays in the BMP and never takes more UTF-8 bytes than its character: a rare
      // ICU mapping to a supplementary character is ignored.
      if (f >= 0x10000 || (c < 0x800 && f >= 0x800) || (c < 0x80 && f >= 0x80)) f = c;
      t[c] = static_cast<char16_t>(f);
    }
    t['\n'] = '\n';
    return t;
  }();
  return table;
}

void Fold(std::string_view source, FoldedText& out, bool make_text) {
  const char16_t* table = FoldTable().data();
  // Folding never makes text longer: fill buffers of the source's size. The vectors only grow
  // (a FoldedText is reused block after block), so they are not re-zeroed each time.
  const size_t cap = source.size() + 1;
  if (out.code_points.size() < cap) {
    out.code_points.resize(cap);
    out.source_offset.resize(cap);
  }
  char32_t* cps = out.code_points.data();
  uint32_t* so = out.source_offset.data();
  const auto* p = reinterpret_cast<const unsigned char*>(source.data());
  const size_t size = source.size();
  size_t k = 0;
  bool valid = true;
  for (size_t i = 0; i < size;) {
    const uint32_t start = static_cast<uint32_t>(i);
    const unsigned char b0 = p[i];
    char32_t f;
    if (b0 < 0x80) {
      ++i;
      f = table[b0];
    } else if ((b0 & 0xF0) == 0xE0 && i + 2 < size && (p[i + 1] & 0xC0) == 0x80 &&
               (p[i + 2] & 0xC0) == 0x80 && (b0 != 0xE0 || p[i + 1] >= 0xA0) &&
               (b0 != 0xED || p[i + 1] < 0xA0)) {
      // Chinese text is nearly all well-formed three-byte sequences.
      f = table[((b0 & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu)];
      i += 3;
    } else {
      char32_t c = utf8::Next(source, i);
      if (c == utf8::kReplacement && i - start != 3) {
        valid = false;  // a malformed byte: dropped
        continue;
      }
      f = c < 0x10000 ? table[c] : (IsFiller(c) ? 0 : FoldChar(c));
    }
    cps[k] = f;
    so[k] = start;
    k += f != 0;  // a filler (0) is overwritten by the next code point
  }
  cps[k] = 0;
  so[k] = static_cast<uint32_t>(size);
  out.count = k;
  out.source_valid = valid;
  out.has_text = false;
  if (make_text) out.MakeText();
}

void FoldedText::MakeText() {
  if (has_text) return;
  has_text = true;
  text.resize(count * 4);
  if (byte_offset.size() < count + 1) byte_offset.resize(count + 1);
  char* w = text.data();
  size_t n = 0;
  for (size_t k = 0; k < count; ++k) {
    const char32_t f = code_points[k];
    byte_offset[k] = static_cast<uint32_t>(n);
    if (f < 0x80) {
      w[n++] = static_cast<char>(f);
    } else if (f < 0x800) {
      w[n] = static_cast<char>(0xC0 | (f >> 6));
      w[n + 1] = static_cast<char>(0x80 | (f & 0x3F));
      n += 2;
    } else if (f < 0x10000) {
      w[n] = static_cast<char>(0xE0 | (f >> 12));
      w[n + 1] = static_cast<char>(0x80 | ((f >> 6) & 0x3F));
      w[n + 2] = static_cast<char>(0x80 | (f & 0x3F));
      n += 3;
    } else {
      w[n] = static_cast<char>(0xF0 | (f >> 18));
      w[n + 1] = static_cast<char>(0x80 | ((f >> 12) & 0x3F));
      w[n + 2] = static_cast<char>(0x80 | ((f >> 6) & 0x3F));
      w[n + 3] = static_cast<char>(0x80 | (f & 0x3F));
      n += 4;
    }
  }
  byte_offset[count] = static_cast<uint32_t>(n);
  text.resize(n);
}

void FoldedText::CodePointsToSource(std::string_view source, size_t cp_begin, size_t cp_end,
                                    size_t* src_begin, size_t* src_end) const {
  if (cp_begin >= count || cp_end == 0 || cp_end <= cp_begin) {
    *src_begin = *src_end = cp_begin < count ? source_offset[cp_begin] : source.size();
    return;
  }
  *src_begin = source_offset[cp_begin];
  size_t last = source_offset[std::min(cp_end, count) - 1];
  utf8::Next(source, last);  // past the last source code point
  *src_end = last;
}

void FoldedText::ToSource(std::string_view source, size_t begin, size_t end, size_t* src_begin,
                          size_t* src_end) const {
  // The code point that holds byte `b` of the folded text.
  auto holding = [&](size_t b) -> size_t {
    const uint32_t* first = byte_offset.data();
    return std::upper_bound(first, first + count, static_cast<uint32_t>(b)) - first - 1;
  };
  if (begin >= text.size() || end == 0 || end <= begin) {
    *src_begin = *src_end = source.size();
    return;
  }
  CodePointsToSource(source, holding(begin), holding(end - 1) + 1, src_begin, src_end);
}

std::string FoldWord(std::string_view word) {
  FoldedText f;
  Fold(word, f);
  return f.text;
}

}  // namespace cuomin::scanner
