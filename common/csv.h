// CSV for Excel and WPS: UTF-8 with a byte order mark (without it both read the bytes as the
// local code page), CRLF lines, every data cell quoted. Every CSV the server answers is written
// by CsvWriter, so the quoting and the formula guard are in one place.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace cuomin {

inline constexpr std::string_view kCsvBom = "\xEF\xBB\xBF";

// One CSV cell: quoted, quotes doubled (commas and line breaks stay inside the quotes), and a
// leading = + - @ (or tab/CR) neutralised with ', so that a spreadsheet never reads a cell as a
// formula (OWASP: CSV injection).
inline void AppendCsvCell(std::string& out, std::string_view v) {
  out += '"';
  if (!v.empty() && std::string_view("=+-@\t\r").find(v[0]) != std::string_view::npos) out += '\'';
  // Runs without a quote are appended whole (an export writes millions of cells).
  for (size_t q; (q = v.find('"')) != std::string_view::npos; v.remove_prefix(q + 1)) {
    out.append(v.data(), q + 1);
    out += '"';
  }
  out += v;
  out += '"';
}
inline std::string CsvCell(std::string_view v) {
  std::string out;
  AppendCsvCell(out, v);
  return out;
}

// A table: the BOM, a header line of the columns' names (the program's own words, written as
// they are), then one line per Row, each cell through CsvCell.
class CsvWriter {
 public:
  explicit CsvWriter(std::initializer_list<std::string_view> columns) : out_(kCsvBom) {
    bool first = true;
    for (std::string_view c : columns) {
      if (!first) out_ += ',';
      out_ += c;
      first = false;
    }
    out_ += "\r\n";
  }
  CsvWriter& Row(std::initializer_list<std::string_view> cells) {
    bool first = true;
    for (std::string_view c : cells) {
      if (!first) out_ += ',';
      AppendCsvCell(out_, c);
      first = false;
    }
    out_ += "\r\n";
    ++rows_;
    return *this;
  }
  int64_t rows() const { return rows_; }
  // What was written since the last Take (a long table goes out piece by piece).
  std::string Take() {
    std::string out = std::move(out_);
    out_.clear();
    out_.reserve(out.size());  // the next piece is likely as long: no regrowing it
    return out;
  }

 private:
  std::string out_;
  int64_t rows_ = 0;
};

}  // namespace cuomin
