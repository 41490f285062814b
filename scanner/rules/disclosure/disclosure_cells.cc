#include "scanner/rules/disclosure/disclosure_cells.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "common/utf8.h"
#include "scanner/read/pdf_layout.h"
#include "scanner/read/text_boxes.h"

namespace cuomin::scanner::rules::disclosure {
namespace {

// Words of a text laid out as a page's boxes, at most: a report's text has hundreds (the
// largest real one among the fixtures 677), and a text of hundreds of KB that only names such
// a report in its title would cost half a second (LayOutPage is about 4 µs a word). Pages past
// the budget are left to their lines.
constexpr size_t kMaxLaidOutBoxes = 10000;

// A table cell holding more than this is page layout (a whole article in one <td>), not data.
constexpr size_t kMaxDataCellBlocks = 4;
constexpr size_t kMaxDataCellBytes = 600;

bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == 0x3000 || c == 0x00A0;
}

// Trims spaces around [begin, end) of text.
void Trim(std::string_view text, size_t& begin, size_t& end) {
  while (begin < end) {
    size_t i = begin;
    if (!IsSpace(utf8::Next(text, i))) break;
    begin = i;
  }
  while (end > begin) {
    size_t i = end;
    if (!IsSpace(utf8::Prev(text, i))) break;
    end = i;
  }
}

Cell MakeCell(const std::string& text, size_t block, size_t begin, size_t end) {
  Trim(text, begin, end);
  return Cell{text.substr(begin, end - begin), Span{block, begin, end}};
}

// Splits one piece of a text line at single spaces: numbers become cells of their own (a PDF
// copy often has "210 5 0 0 1 2 218"), the words between them stay one label cell.
void SplitPiece(const std::string& text, size_t block, size_t begin, size_t end, Row& row) {
  Trim(text, begin, end);
  if (begin == end) {
    row.cells.push_back(Cell{"", Span{block, begin, begin}});
    return;
  }
  size_t label_begin = std::string::npos, label_end = 0;
  auto flush_label = [&] {
    if (label_begin == std::string::npos) return;
    row.cells.push_back(MakeCell(text, block, label_begin, label_end));
    label_begin = std::string::npos;
  };
  size_t i = begin;
  while (i < end) {
    size_t tb = i;
    while (i < end) {  // skip spaces
      size_t j = i;
      if (!IsSpace(utf8::Next(text, j))) break;
      i = j;
    }
    tb = i;
    while (i < end) {
      size_t j = i;
      if (IsSpace(utf8::Next(text, j))) break;
      i = j;
    }
    if (tb == i) break;
    std::string_view token(text.data() + tb, i - tb);
    if (IsValueText(token)) {
      flush_label();
      row.cells.push_back(MakeCell(text, block, tb, i));
    } else {
      if (label_begin == std::string::npos) label_begin = tb;
      label_end = i;
    }
  }
  flush_label();
}

Row SplitLine(const std::string& text, size_t block) {
  Row row;
  size_t piece_begin = 0;
  size_t i = 0;
  while (i < text.size()) {
    size_t at = i;
    char32_t c = utf8::Next(text, i);
    bool separator = c == '|' || c == 0xFF5C || c == '\t';
    if (!separator && IsSpace(c) && i < text.size()) {
      size_t j = i;
      if (IsSpace(utf8::Next(text, j))) {  // two or more spaces in a row
        separator = true;
        while (j < text.size()) {
          size_t k = j;
          if (!IsSpace(utf8::Next(text, k))) break;
          j = k;
        }
        i = j;
      }
    }
    if (separator) {
      SplitPiece(text, block, piece_begin, at, row);
      piece_begin = i;
    }
  }
  SplitPiece(text, block, piece_begin, text.size(), row);
  return row;
}

struct TableCells {
  // (row, column) -> blocks in that cell, in order.
  std::map<std::pair<int, int>, std::vector<size_t>> cells;
  int columns = 0;
  bool layout = false;
};

}  // namespace

// A plain text's rows: its tables rebuilt from where the words stand, as a PDF page's are
// (text_boxes.h, pdf_layout.h), page by page with the header carried over page breaks; each
// table's rows where its first line was, every other line split as a line.
std::vector<Row> LaidOutRows(const Document& doc) {
  namespace in = scanner::internal;
  std::vector<in::LaidLine> lines;
  std::vector<size_t> block_of;  // line -> block
  size_t cursor = 0, number = 0;
  int page = 0;
  const std::string& original = doc.original;
  for (size_t b = 0; b < doc.blocks.size(); ++b) {
    const Block& block = doc.blocks[b];
    size_t at = std::min(block.map.ToOriginal(0), original.size());
    if (block.map.empty() || at < cursor) return {};  // not lines of doc.original in order
    for (; cursor < at; ++cursor) {
      if (original[cursor] == '\n') ++number;
      if (original[cursor] == '\f') ++page;
    }
    // Form feeds at the line's start (pdftotext puts them there) start its page.
    int line_page = page;
    for (char c : block.text) {
      if (c != '\f') break;
      ++line_page;
    }
    lines.push_back({block.text, number, line_page});
    block_of.push_back(b);
  }
  std::vector<std::vector<Row>> tables;
  std::vector<int> table_at(doc.blocks.size(), -1);  // first block of a table -> its rows
  std::vector<size_t> table_first;                   // each table's first block
  std::vector<bool> in_table(doc.blocks.size(), false);
  in::TableCarry carry;
  for (const in::TextPage& p : in::TextPages(lines, kMaxLaidOutBoxes)) {
    in::PageLayout layout = in::LayOutPage(p.boxes, &carry);
    std::map<int, size_t> page_tables;  // the page's table -> index in `tables`
    for (const in::LayoutLine& line : layout.lines) {
      if (line.table < 0) continue;
      auto [it, fresh] = page_tables.emplace(line.table, tables.size());
      if (fresh) tables.emplace_back();
      Row row;
      row.from_table = true;
      row.exact = true;
      row.cells.resize(static_cast<size_t>(line.columns));
      size_t first = doc.blocks.size();
      for (const in::LayoutCell& cell : line.cells) {
        if (cell.boxes.empty() || cell.column < 0 || cell.column >= line.columns) continue;
        for (size_t box : cell.boxes) {
          size_t b = block_of[p.sources[box].line];
          in_table[b] = true;
          first = std::min(first, b);
        }
        const in::BoxSource& s = p.sources[cell.boxes.front()];
        Cell& out = row.cells[static_cast<size_t>(cell.column)];
        out.text = cell.text;
        out.span = {block_of[s.line], s.begin, s.end};
      }
      // Blank label columns are dropped, so that the cells after a row's label are its
      // number columns only: a row with fewer of them than its table needs stays unread
      // instead of taking a blank label column for a number.
      std::vector<Cell> cells;
      for (size_t k = 0; k < row.cells.size(); ++k) {
        if (static_cast<int>(k) >= line.label_columns || !row.cells[k].text.empty())
          cells.push_back(std::move(row.cells[k]));
      }
      row.cells = std::move(cells);
      if (fresh) table_first.push_back(doc.blocks.size());
      table_first[it->second] = std::min(table_first[it->second], first);
      tables[it->second].push_back(std::move(row));
    }
  }
  for (size_t t = 0; t < tables.size(); ++t) {
    if (table_first[t] < doc.blocks.size()) table_at[table_first[t]] = static_cast<int>(t);
  }
  std::vector<Row> rows;
  for (size_t b = 0; b < doc.blocks.size(); ++b) {
    if (table_at[b] >= 0) {
      for (Row& row : tables[static_cast<size_t>(table_at[b])]) rows.push_back(std::move(row));
    }
    if (!in_table[b]) rows.push_back(SplitLine(doc.blocks[b].text, b));
  }
  return rows;
}

std::optional<int64_t> Value::Count() const {
  switch (kind) {
    case Kind::kBlank:
    case Kind::kNotApplicable:
      return 0;
    case Kind::kInteger:
    case Kind::kNegative:
      return static_cast<int64_t>(number);
    default:
      return std::nullopt;
  }
}

std::string FoldLabel(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    char32_t c = utf8::Next(text, i);
    if (IsSpace(c)) continue;
    if (c >= 0xFF01 && c <= 0xFF5E) c = c - 0xFF01 + 0x21;  // full-width ASCII
    utf8::Append(out, c);
  }
  return out;
}

Value ParseValue(std::string_view raw) {
  std::string text = FoldLabel(raw);
  Value v;
  if (text.empty()) return v;
  // Two numbers set too close for a table's columns ("1 859" of a cramped PDF) are no count
  // of 1859: a space inside is text.
  size_t begin = 0, end = raw.size();
  Trim(raw, begin, end);
  for (size_t i = begin; i < end;) {
    if (IsSpace(utf8::Next(raw, i))) {
      v.kind = Value::Kind::kText;
      return v;
    }
  }
  if (text == "/" || text == "-" || text == "--" || text == "—" || text == "——" || text == "无" ||
      text == "\\") {
    v.kind = Value::Kind::kNotApplicable;
    return v;
  }
  size_t i = 0;
  bool negative = false;
  if (text[0] == '-' || text.rfind("−", 0) == 0) {
    negative = true;
    i = text[0] == '-' ? 1 : std::string_view("−").size();
  }
  double whole = 0;
  size_t digits = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      whole = whole * 10 + (c - '0');
      ++digits;
    } else if (c == ',' && digits > 0) {
      continue;  // 1,234
    } else {
      break;
    }
  }
  if (digits == 0 || digits > 15) {
    v.kind = Value::Kind::kText;
    return v;
  }
  double fraction = 0;
  bool decimal = false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    double scale = 0.1;
    size_t fd = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++fd) {
      fraction += (text[i] - '0') * scale;
      scale /= 10;
    }
    if (fd == 0) {
      v.kind = Value::Kind::kText;
      return v;
    }
    decimal = true;
  }
  if (i != text.size()) {
    v.kind = Value::Kind::kText;
    return v;
  }
  v.number = (whole + fraction) * (negative ? -1 : 1);
  v.kind = negative  ? Value::Kind::kNegative
           : decimal ? Value::Kind::kDecimal
                     : Value::Kind::kInteger;
  if (negative && decimal) v.kind = Value::Kind::kNegative;
  return v;
}

bool IsValueText(std::string_view text) { return ParseValue(text).kind != Value::Kind::kText; }

std::vector<Row> BuildRows(const Document& doc) {
  std::unordered_map<int, TableCells> tables;
  for (size_t b = 0; b < doc.blocks.size(); ++b) {
    const Block& block = doc.blocks[b];
    if (block.kind != BlockKind::kTableCell || block.table < 0 || block.row < 0 ||
        block.column < 0) {
      continue;
    }
    TableCells& t = tables[block.table];
    std::vector<size_t>& cell = t.cells[{block.row, block.column}];
    cell.push_back(b);
    t.columns = std::max({t.columns, block.column + 1, block.columns});
    size_t bytes = 0;
    for (size_t x : cell) bytes += doc.blocks[x].text.size();
    if (cell.size() > kMaxDataCellBlocks || bytes > kMaxDataCellBytes) t.layout = true;
  }
  for (auto& [index, t] : tables) {
    if (t.columns < 2) t.layout = true;
  }

  std::vector<Row> rows;
  std::unordered_set<int> emitted;
  for (size_t b = 0; b < doc.blocks.size(); ++b) {
    const Block& block = doc.blocks[b];
    auto it = block.table >= 0 && block.row >= 0 && block.column >= 0 &&
                      block.kind == BlockKind::kTableCell
                  ? tables.find(block.table)
                  : tables.end();
    if (it == tables.end() || it->second.layout) {
      rows.push_back(SplitLine(block.text, b));
      continue;
    }
    if (!emitted.insert(block.table).second) continue;
    const TableCells& t = it->second;
    int current = -1;
    for (const auto& [pos, blocks] : t.cells) {
      if (pos.first != current) {
        rows.emplace_back();
        rows.back().from_table = true;
        rows.back().cells.resize(t.columns);
        current = pos.first;
      }
      Cell& cell = rows.back().cells[pos.second];
      for (size_t x : blocks) {
        const std::string& text = doc.blocks[x].text;
        Cell part = MakeCell(text, x, 0, text.size());
        if (!cell.span.valid()) cell.span = part.span;
        cell.text += part.text;
      }
    }
  }
  return rows;
}

}  // namespace cuomin::scanner::rules::disclosure
