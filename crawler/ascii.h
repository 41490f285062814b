// Small ASCII string helpers for HTTP headers and robots.txt lines.
#pragma once

#include <cctype>
#include <string>
#include <string_view>

namespace cuomin::crawler {

inline std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Without surrounding spaces and tabs (and a trailing \r from CRLF lines).
inline std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace cuomin::crawler
