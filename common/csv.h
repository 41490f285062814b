// CSV for Excel and WPS: UTF-8 with a byte order mark (without it both read the bytes as the
// local code page), CRLF lines, every cell quoted.
#pragma once

#include <string>
#include <string_view>

namespace cuomin {

inline constexpr std::string_view kCsvBom = "\xEF\xBB\xBF";

// One CSV cell: quoted, quotes doubled, and a leading = + - @ (or tab/CR) neutralised with ',
// so that a spreadsheet never reads a cell as a formula (OWASP: CSV injection).
inline std::string CsvCell(std::string_view v) {
  std::string out = "\"";
  if (!v.empty() && std::string_view("=+-@\t\r").find(v[0]) != std::string_view::npos) out += '\'';
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

}  // namespace cuomin
