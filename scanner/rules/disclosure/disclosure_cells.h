// Internal to the disclosure_report rule: a document seen as rows of cells, whatever its form.
// HTML and .docx tables give rows from the reader's table/row/column indices (merged cells sit
// at their first grid position; the gaps they cover become empty cells); every other block is
// a line of text copied from Word or PDF, split into cells at '|', tabs and runs of spaces.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/document.h"

namespace cuomin::scanner::rules::disclosure {

// A byte range of one block's text; block == kNoBlock for a cell that has no text at all
// (an empty <td>).
inline constexpr size_t kNoBlock = static_cast<size_t>(-1);
struct Span {
  size_t block = kNoBlock;
  size_t begin = 0;
  size_t end = 0;
  bool valid() const { return block != kNoBlock; }
};

struct Cell {
  std::string text;  // trimmed
  Span span;
};

struct Row {
  std::vector<Cell> cells;
  bool from_table = false;  // an HTML/.docx table row, not a split text line
  // A row of a table rebuilt from a text (LaidOutRows): its number cells are exactly the
  // columns the table's header names, blank ones at the right edge too.
  bool exact = false;
};

// The rows of the document in reading order. A table whose cells hold whole paragraphs (a
// page laid out with a <table>) is read as text lines, so that a report table nested inside
// it is still its own rows.
std::vector<Row> BuildRows(const Document& doc);

// A plain text's rows with its tables rebuilt from where its words stand, as a PDF page's
// are (scanner/read/text_boxes.h, pdf_layout.h): for text copied from a PDF whose lines do
// not split into a table's cells (a label wrapped around its numbers, blank cells). Every
// line outside the tables is split as by BuildRows. Empty when the blocks are not lines of
// doc.original in order.
std::vector<Row> LaidOutRows(const Document& doc);

// What a table cell holds.
struct Value {
  enum class Kind {
    kBlank,          // empty: reports leave zero cells blank
    kNotApplicable,  // "/", "-", "—", "无"
    kInteger,        // 12, 1,234 (non-negative)
    kNegative,       // -3
    kDecimal,        // 1.5
    kText,           // anything else
  };
  Kind kind = Kind::kBlank;
  double number = 0;  // for kInteger, kNegative, kDecimal
  // The count it stands for in sums: blank and not-applicable cells are 0; a decimal or text
  // is no count.
  std::optional<int64_t> Count() const;
};
Value ParseValue(std::string_view text);

// True for what may fill a number cell: blank, not applicable, or a number of any sign.
bool IsValueText(std::string_view text);

// The label text folded for keyword matching: spaces removed, full-width digits, letters,
// parentheses and full stops made ASCII.
std::string FoldLabel(std::string_view text);

}  // namespace cuomin::scanner::rules::disclosure
