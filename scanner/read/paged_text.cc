// Paged text (PDF, OFD): one Region per page so that a finding says 第3页 and its line on that
// page. Lines that wrap a paragraph are joined into one block, so a word cut by the page width
// ("安全生\n产") is still matched; line numbers still count the lines as printed.
#include <algorithm>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "scanner/read/ocr.h"
#include "scanner/read/readers_internal.h"

namespace cuomin::scanner::internal {
namespace {

// A line that ends a sentence or a clause ends its paragraph.
bool EndsParagraph(std::string_view line) {
  static constexpr std::string_view kEnds[] = {"。", "！", "？", "：", "；", ".", "!", "?", ":"};
  for (std::string_view e : kEnds) {
    if (line.size() >= e.size() && line.substr(line.size() - e.size()) == e) return true;
  }
  return false;
}

// A document whose widest line is shorter than this has no full body lines to wrap (a page of
// headings, a short notice): lines are kept apart. A4 body text holds about 28 Han characters.
constexpr size_t kMinFullLine = 20;

bool IsAsciiAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

struct Line {
  size_t offset;  // in doc.original
  std::string_view text;
  size_t code_points;
  size_t start = 0;  // in doc.original, before leading spaces
};

// A table row of a laid-out page: where each cell sits in its line.
struct RowCells {
  const LayoutLine* line = nullptr;
  std::vector<size_t> offsets;  // byte offset of each cell in the line
  size_t start_of(size_t line_start, size_t cell) const { return line_start + offsets[cell]; }
};

// The text of a laid-out page, a line per LayoutLine (a table row's cells separated by tabs),
// and where its table cells are.
std::string LayoutText(const std::vector<LayoutLine>& layout, std::vector<RowCells>& rows) {
  std::string text;
  rows.assign(layout.size(), {});
  for (size_t i = 0; i < layout.size(); ++i) {
    if (i > 0) text.push_back('\n');
    const LayoutLine& l = layout[i];
    if (l.table < 0) {
      text += l.text;
      continue;
    }
    rows[i].line = &l;
    size_t line_start = text.size();
    for (size_t c = 0; c < l.cells.size(); ++c) {
      if (c > 0) text.push_back('\t');
      rows[i].offsets.push_back(text.size() - line_start);
      text += l.cells[c].text;
    }
  }
  return text;
}

// Appends one page's text to doc.original and its blocks. Control characters become spaces
// and malformed UTF-8 becomes U+FFFD so the rules only see clean text.
// `widest`: code points of the widest line in the document, the width of a full body line.
// `rows`: for a laid-out page, the table cells of each line (else null); `table_base`: the
// document's table number of the page's first table.
void AddPage(std::string_view text, size_t widest, Document& doc,
             const std::vector<RowCells>* rows = nullptr, int table_base = 0) {
  std::vector<Line> lines;
  for (size_t i = 0; i <= text.size();) {
    size_t nl = text.find('\n', i);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view raw = text.substr(i, nl - i);
    size_t start = doc.original.size();
    for (size_t k = 0; k < raw.size();) {
      auto c = static_cast<unsigned char>(raw[k]);
      if (c < 0x80) {
        doc.original.push_back(c < 0x20 || c == 0x7F ? ' ' : static_cast<char>(c));
        ++k;
        continue;
      }
      size_t from = k;
      char32_t cp = utf8::Next(raw, k);
      if (cp == utf8::kReplacement && k - from != 3) {
        utf8::Append(doc.original, cp);
      } else {
        doc.original.append(raw.substr(from, k - from));
      }
    }
    // Trailing spaces say nothing; leading ones are kept in `original` but not in blocks.
    while (doc.original.size() > start && doc.original.back() == ' ') doc.original.pop_back();
    doc.original.push_back('\n');
    lines.push_back({start, {}, 0, start});
    i = nl + 1;
  }
  for (Line& l : lines) {
    std::string_view all(doc.original);
    size_t end = all.find('\n', l.offset);
    l.text = all.substr(l.offset, end - l.offset);
    size_t lead = l.text.find_first_not_of(' ');
    if (lead == std::string_view::npos) {
      l.text = {};
    } else {
      l.offset += lead;
      l.text.remove_prefix(lead);
    }
    l.code_points = utf8::CountCodePoints(l.text);
  }
  Block* open = nullptr;  // the paragraph the next line may continue
  for (size_t li = 0; li < lines.size(); ++li) {
    const Line& l = lines[li];
    if (rows != nullptr && li < rows->size() && (*rows)[li].line != nullptr) {
      // A table row: a block per cell, never joined to a paragraph.
      const RowCells& row = (*rows)[li];
      open = nullptr;
      for (size_t c = 0; c < row.line->cells.size(); ++c) {
        const LayoutCell& cell = row.line->cells[c];
        size_t at = row.start_of(l.start, c);
        if (cell.text.empty() || at + cell.text.size() > doc.original.size()) continue;
        Block block;
        block.kind = BlockKind::kTableCell;
        block.text = doc.original.substr(at, cell.text.size());
        block.map.Add(0, at);
        block.table = table_base + row.line->table;
        block.row = row.line->row;
        block.column = cell.column;
        block.columns = row.line->columns;
        doc.blocks.push_back(std::move(block));
      }
      continue;
    }
    if (l.text.empty()) {
      open = nullptr;
      continue;
    }
    if (open != nullptr) {
      if (IsAsciiAlnum(open->text.back()) && IsAsciiAlnum(l.text.front())) {
        open->map.Add(open->text.size(), l.offset - 1);  // the space stands for the line break
        open->text.push_back(' ');
      }
      open->map.Add(open->text.size(), l.offset);
      open->text.append(l.text);
    } else {
      doc.blocks.emplace_back();
      open = &doc.blocks.back();
      open->map.Add(0, l.offset);
      open->text.assign(l.text);
    }
    // A line nearly as wide as the widest in the document wraps into the next one (the
    // widest of one page would be its title on a page with little else).
    bool wraps =
        l.code_points * 10 >= widest * 8 && widest >= kMinFullLine && !EndsParagraph(l.text);
    if (!wraps) open = nullptr;
  }
}

std::string PageList(const std::vector<int>& pages) {
  std::string out;
  for (size_t i = 0; i < pages.size() && i < 10; ++i) {
    out += (i ? "、" : "") + std::to_string(pages[i]);
  }
  if (pages.size() > 10) out += " 等 " + std::to_string(pages.size()) + " 页";
  return out;
}

}  // namespace

void AddPagedText(const std::vector<PageContent>& pages, Document& doc) {
  // The widest line of the document is the width of a full body line.
  size_t widest = 0;
  for (const PageContent& page : pages) {
    // Table rows are no body lines.
    for (const LayoutLine& l : page.layout) {
      if (l.table < 0) widest = std::max(widest, utf8::CountCodePoints(l.text));
    }
    const std::string& text = page.layout.empty() ? page.text : std::string();
    for (size_t at = 0; at < text.size();) {
      size_t nl = std::min(text.find('\n', at), text.size());
      widest = std::max(widest, utf8::CountCodePoints(std::string_view(text).substr(at, nl - at)));
      at = nl + 1;
    }
  }
  std::vector<int> without_text;
  size_t line = 1;
  int table_base = 0;  // tables of the pages before
  for (size_t i = 0; i < pages.size(); ++i) {
    Region region;
    region.offset = doc.original.size();
    region.page = static_cast<int>(i + 1);
    region.first_line = line;
    doc.regions.push_back(region);
    size_t before = doc.original.size();
    if (pages[i].ocr) {
      AppendOcrPage(*pages[i].ocr, static_cast<int>(i + 1), line, doc);
      if (doc.original.size() == before) doc.original.push_back('\n');  // a blank page
      line += static_cast<size_t>(std::count(
          doc.original.begin() + static_cast<std::ptrdiff_t>(before), doc.original.end(), '\n'));
      continue;
    }
    if (!pages[i].layout.empty()) {
      std::vector<RowCells> rows;
      std::string laid_out = LayoutText(pages[i].layout, rows);
      AddPage(laid_out, widest, doc, &rows, table_base);
      int page_tables = 0;
      for (const LayoutLine& l : pages[i].layout) page_tables = std::max(page_tables, l.table + 1);
      table_base += page_tables;
      line += static_cast<size_t>(std::count(
          doc.original.begin() + static_cast<std::ptrdiff_t>(before), doc.original.end(), '\n'));
      continue;
    }
    std::string_view text = pages[i].text;
    while (!text.empty() && (text.back() == '\n' || text.back() == '\f' || text.back() == ' ')) {
      text.remove_suffix(1);
    }
    if (text.find_first_not_of(" \n\r\t\f") == std::string_view::npos) {
      without_text.push_back(static_cast<int>(i + 1));
      text = {};
    }
    AddPage(text, widest, doc);
    line += static_cast<size_t>(std::count(
        doc.original.begin() + static_cast<std::ptrdiff_t>(before), doc.original.end(), '\n'));
  }
  if (!without_text.empty()) {
    size_t at = 0;
    for (const Region& r : doc.regions) {
      if (r.page == without_text.front()) at = r.offset;
    }
    doc.problems.push_back({"第 " + PageList(without_text) +
                                " 页没有可提取的文字（可能是扫描件），未经文字识别，未检查",
                            at});
  }
}

}  // namespace cuomin::scanner::internal
