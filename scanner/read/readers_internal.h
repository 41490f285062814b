// The per-format readers behind ReadDocument (reader.cc picks one). Each fills `doc.blocks`
// (and `doc.original` where the format defines it); messages in returned errors do not name
// the source, ReadDocument prefixes it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "scanner/document.h"
#include "scanner/read/pdf_layout.h"
#include "scanner/reader.h"

namespace cuomin::scanner::internal {

// "1.5", "512", "0.004": a byte count in MB for messages such as 文件过大.
std::string FormatMegabytes(size_t bytes);

// The read problem of a text whose undecodable bytes became U+FFFD.
std::string LostBytesMessage(size_t lost, std::string_view encoding);

// Plain text: one kParagraph block per non-blank line of doc.original, except that a line
// wrapped inside a run of Han characters (习近\n平) continues the block of the line before.
void ReadTextBlocks(Document& doc);
// One kParagraph block per non-blank line, never joined: for text whose lines are paragraphs
// as written (catdoc's output of a .doc) or rows laid out with spaces (a report's tables).
void ReadTextLines(Document& doc);

// HTML: doc.original holds the decoded page; fills blocks and links. A page over max_bytes
// (ReadOptions::max_html_bytes) is not parsed: one read problem says so.
void ReadHtmlBlocks(Document& doc, size_t max_bytes);
// That problem's message: the size when known (a pipe is not read past the limit).
std::string HtmlTooLargeMessage(size_t bytes, size_t limit, bool size_known);

// .docx: sets doc.original to the extracted text (one block per line) and the blocks.
Status ReadDocx(std::string_view bytes, const ReadOptions& options, Document& doc);

struct OcrPage;
// One page of a paged format: its text (lines separated by '\n'), or what OCR read of it.
struct PageContent {
  std::string text;
  const OcrPage* ocr = nullptr;  // set for a page without text that went through OCR
  // A page whose tables were rebuilt from its layout (pdf_layout.h): its lines, used instead
  // of `text`; each table row's cells become kTableCell blocks with table, row and column.
  std::vector<LayoutLine> layout;
};
// Appends the pages to doc: original, blocks with wrapped lines joined (OCR lines as they
// are), one Region per page, a read problem naming pages without text that OCR did not read.
void AddPagedText(const std::vector<PageContent>& pages, Document& doc);

// PDF (poppler-cpp): sets doc.original to the pages' text, the blocks and one Region per page.
Status ReadPdf(std::string_view bytes, const ReadOptions& options, Document& doc);

// Spreadsheet cells (.xlsx, .xls): "A", "Z", "AA" for columns 0, 25, 26.
std::string ColumnName(int column);
// The digits a number cell shows, from its stored text, without going through a double:
// "330302199003071231" stays, "3.30302199003071E+17" -> "330302199003071000", "42.0" -> "42".
std::string NumberText(std::string_view stored);
// Appends one non-empty cell: a tab before it (a newline before the first cell of a row), a
// kTableCell block and a Region with sheet, cell reference ("C17") and column. `row` 1-based.
void AppendCell(int sheet_index, const std::string& sheet, int row, int column,
                const std::string& text, bool first_in_row, Document& doc);

// .xlsx: one line of doc.original per row (cells separated by tabs), a kTableCell block and a
// Region (sheet, cell) per non-empty cell.
Status ReadXlsx(std::string_view bytes, const ReadOptions& options, Document& doc);

// OFD (GB/T 33190): zip + XML, text objects laid out in lines, page by page (AddPagedText).
Status ReadOfd(std::string_view bytes, const ReadOptions& options, Document& doc);

// .xls (BIFF, through FreeXL): cells as for .xlsx.
Status ReadXls(std::string_view bytes, const ReadOptions& options, Document& doc);

// .doc (Word 97-2003) through catdoc in a limited child process: one block per paragraph.
Status ReadDoc(std::string_view bytes, const ReadOptions& options, Document& doc);

}  // namespace cuomin::scanner::internal
