// Helpers shared by the tests of the annual-report rule (disclosure_*_test.cc): reading a
// fixture, planting an error in its text, asserting that every table of a report was read, and
// printing a report given as layout text (what `pdftotext -layout` gives) as a PDF.
#ifndef CUOMIN_TESTS_DISCLOSURE_TEST_UTIL_H_
#define CUOMIN_TESTS_DISCLOSURE_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "scanner/rules/disclosure/disclosure_model.h"
#include "test_paths.h"
#include "tests/attachment_writers.h"

namespace cuomin::scanner::disclosure_test {

inline const std::string& DataDir() {
  static const std::string dir = cuomin::test_paths::Testdata() + "/disclosure/";
  return dir;
}

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// `text` with `from`, which must occur exactly once, replaced by `to`.
inline std::string Replace(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << "lacks: " << from;
  if (at == std::string::npos) return text;
  EXPECT_EQ(text.find(from, at + 1), std::string::npos) << "has twice: " << from;
  text.replace(at, from.size(), to);
  return text;
}

// Every row of 表三, every item of 表二 and 表四 were found.
inline void ExpectEveryTableRead(const std::optional<rules::disclosure::Report>& r) {
  namespace dr = rules::disclosure;
  ASSERT_TRUE(r.has_value()) << "not recognised as a report";
  for (int row = 0; row < dr::kTable3Rows; ++row)
    EXPECT_TRUE(r->table3[row].has_value()) << "表三 " << dr::Table3RowName(row);
  for (int item = 0; item < dr::kTable2Items; ++item)
    EXPECT_TRUE(r->table2[item].has_value()) << dr::kTable2ItemNames[item];
  EXPECT_TRUE(r->table4.has_value()) << "表四";
}

// The width of a code point in a monospaced layout: CJK and full-width forms take two columns,
// as pdftotext -layout and editors align them; the curly quotes “” (East Asian width
// "ambiguous") one.
inline int LayoutColumns(char32_t c) {
  return (c >= 0x1100 &&
          (c <= 0x115F || (c >= 0x2E80 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7A3) ||
           (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
           (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || c == 0x3000))
             ? 2
             : 1;
}

// A PDF that prints `layout` (monospaced text, columns aligned with spaces, pages split by
// form feeds or every `lines_per_page` lines) word by word where the text puts it: each run of
// non-space characters one text box, one column 4.5 pt wide, one line 12 pt high (boxes 10 pt). A
// report kept as layout text thus has a PDF form whose tables must be rebuilt from the boxes.
inline std::string LayoutPdf(const std::string& layout, int lines_per_page = 52) {
  using testing_writers::PlacedText;
  constexpr double kColumn = 4.5, kLine = 12, kHeight = 10, kLeft = 40, kTop = 50;
  std::vector<std::vector<PlacedText>> pages(1);
  int line = 0;
  std::istringstream in(layout);
  std::string row;
  while (std::getline(in, row)) {
    if (!row.empty() && row[0] == '\f') {
      pages.emplace_back();
      line = 0;
      row.erase(0, 1);
    } else if (line == lines_per_page) {
      pages.emplace_back();
      line = 0;
    }
    std::u32string text = utf8::ToUtf32(row);
    int column = 0;
    for (size_t p = 0; p < text.size();) {
      if (text[p] == U' ' || text[p] == U'\u3000') {  // an ideographic space separates too
        column += LayoutColumns(text[p++]);
        continue;
      }
      size_t start = p;
      int start_column = column;
      for (; p < text.size() && text[p] != U' ' && text[p] != U'\u3000'; ++p)
        column += LayoutColumns(text[p]);
      pages.back().push_back({utf8::FromUtf32(text.substr(start, p - start)),
                              kLeft + start_column * kColumn, kTop + line * kLine,
                              (column - start_column) * kColumn, kHeight});
    }
    ++line;
  }
  return testing_writers::MakePlacedPdf(pages);
}

}  // namespace cuomin::scanner::disclosure_test

#endif  // CUOMIN_TESTS_DISCLOSURE_TEST_UTIL_H_
