// Small UTF-8 helpers used on hot paths, where a round trip through ICU's UnicodeString
// would cost more than the work itself. Everything else goes through ICU.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cuomin::utf8 {

inline constexpr char32_t kReplacement = 0xFFFD;

// Decodes the code point starting at s[i] and advances i past it. Malformed sequences yield
// U+FFFD and advance by one byte, so a loop over any byte string always terminates.
char32_t NextSlow(std::string_view s, size_t& i);
[[gnu::always_inline]] inline char32_t Next(std::string_view s, size_t& i) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data()) + i;
  if (p[0] < 0x80) {
    ++i;
    return p[0];
  }
  // The common case in Chinese text: a well-formed three-byte sequence outside surrogates.
  if ((p[0] & 0xF0) == 0xE0 && i + 2 < s.size() && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
    char32_t cp = ((p[0] & 0x0Fu) << 12) | ((p[1] & 0x3Fu) << 6) | (p[2] & 0x3Fu);
    if (cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF)) {
      i += 3;
      return cp;
    }
  }
  return NextSlow(s, i);
}

// Decodes the code point that ends just before s[i] and moves i back to its first byte.
char32_t Prev(std::string_view s, size_t& i);

// Appends the UTF-8 encoding of cp.
void Append(std::string& out, char32_t cp);

// One char32_t per code point (malformed bytes become U+FFFD), and back: for rules that count
// edits in characters.
std::u32string ToUtf32(std::string_view s);
std::string FromUtf32(std::u32string_view s);

// True when the whole string is well-formed UTF-8 (no overlongs, no surrogates).
bool IsValid(std::string_view s);

// Number of code points in s (malformed bytes count one each).
size_t CountCodePoints(std::string_view s);

// Unified CJK ideographs (basic block, extension A, compatibility) — "a Chinese character".
inline bool IsHan(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F);
}

// s as one line that is safe to show on a terminal or in a spreadsheet cell: valid UTF-8;
// line breaks, tabs and C0/C1 control characters shown as escapes (\n, \t, \x1b) so that a
// page or a file name cannot send terminal escape sequences or split a line; bidirectional
// overrides shown as <U+202E> so that they cannot reorder it.
std::string ToSafeLine(std::string_view s);

}  // namespace cuomin::utf8
