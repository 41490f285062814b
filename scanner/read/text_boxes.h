// Text laid out with runs of spaces (what `pdftotext -layout` gives, the text a user copies
// from a PDF) seen as the word boxes of a page (pdf_layout.h), so that its tables are rebuilt
// by the same code as a PDF's: a word's x is its character column, its y its line.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "scanner/read/pdf_layout.h"

namespace cuomin::scanner::internal {

// One line of the text: `number` counts every line of the text, blank ones too (a blank line
// is the space between a table's rows); each form feed in front of it starts a new page.
struct LaidLine {
  std::string_view text;
  size_t number = 0;
  int page = 0;
};

// Where a box came from: its line (index into TextPages' `lines`) and bytes of that line.
struct BoxSource {
  size_t line = 0;
  size_t begin = 0;
  size_t end = 0;
};

struct TextPage {
  std::vector<TextBox> boxes;
  std::vector<BoxSource> sources;  // one per box
};

// The boxes of the lines, page by page (pages without a word included, so that a table's
// header carries over the right page break). Every run of characters without a space is a
// box one column per character (pdftotext counts a Chinese character as one column, like a
// digit), two columns high: then two spaces set a number apart as a table's cell (the
// layout's 0.9 heights), one space keeps a label's words together. The pages end before the
// one whose boxes would bring their count past `max_boxes`: a bound on the work of what
// follows, for a text far longer than any report.
std::vector<TextPage> TextPages(const std::vector<LaidLine>& lines, size_t max_boxes);

}  // namespace cuomin::scanner::internal
