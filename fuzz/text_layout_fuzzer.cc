// Any text through the rebuilding of tables from text laid out with spaces (text_boxes.h and
// pdf_layout.h, as the annual-report check does for a copy of a PDF's text): lines of any
// length, form feeds anywhere, bytes that are no UTF-8. Every cell must point into its line.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "scanner/reader.h"
#include "scanner/rules/disclosure/disclosure_cells.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto doc = cuomin::scanner::ReadDocument("fuzz.txt",
                                           std::string(reinterpret_cast<const char*>(data), size));
  if (!doc.ok()) return 0;
  for (const auto& row : cuomin::scanner::rules::disclosure::LaidOutRows(*doc)) {
    for (const auto& cell : row.cells) {
      if (!cell.span.valid()) continue;
      if (cell.span.block >= doc->blocks.size()) std::abort();
      const std::string& text = doc->blocks[cell.span.block].text;
      if (cell.span.begin > cell.span.end || cell.span.end > text.size()) std::abort();
    }
  }
  return 0;
}
