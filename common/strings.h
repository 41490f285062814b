// Small ASCII string helpers, one copy for the whole tree (HTTP headers, URLs, robots.txt,
// file names, charset labels, form fields). None depends on the C locale: std::tolower would
// map bytes of UTF-8 Chinese text under a Latin-1 locale. Prefix and suffix tests are C++20's
// std::string_view::starts_with / ends_with.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cuomin {

// Space, tab, CR, LF, form feed and vertical tab.
inline constexpr std::string_view kAsciiWhitespace = " \t\r\n\f\v";

// s without leading and trailing characters from `chars`.
std::string_view Trim(std::string_view s, std::string_view chars = kAsciiWhitespace);

// s without leading and trailing C0 control characters and spaces (every byte <= 0x20), as
// the URL standard strips an href and XML text is cleaned of its layout.
std::string_view TrimControls(std::string_view s);

// A copy with ASCII letters A-Z in lower case; every other byte is unchanged.
std::string AsciiLower(std::string_view s);

// The pieces between separators: "a,,b" → {"a", "", "b"}; "" → {""}. Views into s.
std::vector<std::string_view> Split(std::string_view s, char separator);

// The pieces joined with `separator` between them.
std::string Join(const std::vector<std::string>& pieces, std::string_view separator);

// Replaces every `from` in s with `to`, left to right; text put in is not searched again.
void ReplaceAll(std::string& s, std::string_view from, std::string_view to);

}  // namespace cuomin
