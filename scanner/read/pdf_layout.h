// Tables of a PDF page rebuilt from where its words sit. A PDF has no tables, only words at
// positions (poppler's text boxes): a report table is found as rows of numbers standing apart
// from their neighbours, its columns from the numbers' x-positions and its rows from their
// y-positions. The words beside a row (a label wrapped over two or three lines, a group
// label centred over its rows, a vertical label one character per line) become the row's
// label cells, as a merged cell of an HTML table sits at its first row.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace cuomin::scanner::internal {

// One word or run of words as poppler places it; points, origin top left.
struct TextBox {
  std::string text;  // UTF-8
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
  bool space_after = false;  // poppler saw a space after it on its line
};

struct LayoutCell {
  std::string text;
  int column = 0;  // column in the table's grid: the label columns, then the number columns
  // The boxes it was made of, as indices into LayOutPage's `boxes`, in the order of `text`:
  // a reader that knows where each box came from can point at the cell's words.
  std::vector<size_t> boxes;
};

// A line of the page in reading order: plain text, or one row of a table.
struct LayoutLine {
  std::string text;               // plain text line (table < 0)
  int table = -1;                 // table on the page, 0-based; -1 for a text line
  int row = -1;                   // row in the table, 0-based
  std::vector<LayoutCell> cells;  // non-empty cells of a table row, by column
  // The table's width in columns: the label columns and every number column its header
  // names, blank ones at the right edge too (上海市 2019 表四), which no cell shows.
  int columns = 0;
  int label_columns = 0;  // the first `label_columns` columns hold the row labels
};

struct PageLayout {
  std::vector<LayoutLine> lines;
  int tables = 0;  // tables found; 0 leaves the page to poppler's own text order
};

// What a table carries over a page break: the columns its header names (left, right in
// points), for a continuation whose page repeats no header and whose blank columns only the
// header shows.
struct TableCarry {
  std::vector<std::pair<double, double>> columns;
};

// Rebuilds the page's lines and tables from its boxes (in any order). A table without a
// header of its own takes its columns from the header above it on the page or, with `carry`,
// from the page before; `carry` is left holding the page's last header for the next page.
PageLayout LayOutPage(std::vector<TextBox> boxes, TableCarry* carry = nullptr);

}  // namespace cuomin::scanner::internal
