#include "scanner/read/text_boxes.h"

#include <algorithm>

#include "common/utf8.h"

namespace cuomin::scanner::internal {
namespace {

// A character column is half the box height, and lines are one height apart: the text sets
// the lines of a wrapped label right above and below its line of numbers, and they then fall
// in that row's band (a row reaches one height out), as they do in the PDF; a blank line
// between two rows is the gap of a row border.
constexpr double kHeight = 2;
constexpr double kLinePitch = 2;
// More lines than this on a page are no page of a report (a text without form feeds): the
// text is cut into pages of this many lines, which keeps LayOutPage's box limit in reach.
constexpr size_t kMaxPageLines = 400;

bool IsSpace(char32_t c) { return c == ' ' || c == '\t' || c == 0x3000 || c == 0x00A0; }

}  // namespace

std::vector<TextPage> TextPages(const std::vector<LaidLine>& lines, size_t max_boxes) {
  std::vector<TextPage> pages;
  size_t boxes = 0;
  int page = -1;
  size_t first_line = 0;
  for (size_t l = 0; l < lines.size(); ++l) {
    const LaidLine& line = lines[l];
    if (pages.empty() || line.page != page || line.number - first_line >= kMaxPageLines) {
      // Pages without a word still count: a header is carried over one page break only.
      size_t blank = pages.empty() || line.page <= page ? 0 : line.page - page - 1;
      for (size_t k = 0; k < blank; ++k) pages.emplace_back();
      pages.emplace_back();
      page = line.page;
      first_line = line.number;
    }
    TextPage& out = pages.back();
    const std::string_view text = line.text;
    const double y = static_cast<double>(line.number - first_line) * kLinePitch;
    double column = 0;
    size_t i = 0;
    while (i < text.size()) {
      size_t at = i;
      char32_t c = utf8::Next(text, i);
      if (c == '\f') {  // columns count from the form feed
        column = 0;
        continue;
      }
      if (IsSpace(c)) {
        column += c == '\t' ? 8 - static_cast<int>(column) % 8 : 1;
        continue;
      }
      size_t begin = at;
      double x = column;
      column += 1;
      size_t end = i;
      while (end < text.size()) {
        size_t j = end;
        char32_t d = utf8::Next(text, j);
        if (IsSpace(d) || d == '\f') break;
        column += 1;
        end = j;
      }
      i = end;
      bool space_after = i < text.size();
      if (++boxes > max_boxes) {
        pages.pop_back();
        return pages;
      }
      out.boxes.push_back(
          {std::string(text.substr(begin, end - begin)), x, y, column - x, kHeight, space_after});
      out.sources.push_back({l, begin, end});
    }
  }
  return pages;
}

}  // namespace cuomin::scanner::internal
