// Any text through the rebuilding of tables from text laid out with spaces (text_boxes.h and
// pdf_layout.h, as the annual-report check does for a copy of a PDF's text): lines of any
// length, form feeds anywhere, bytes that are no UTF-8. Every cell must point into its line,
// and, mapped back to the blocks the reader gives the other rules (lines wrapped inside a word
// joined, spaced headlines folded), into a block of the document, on character boundaries.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "scanner/reader.h"
#include "scanner/rules/disclosure/disclosure_cells.h"
#include "scanner/rules/disclosure/disclosure_lines.h"

namespace {

namespace dr = cuomin::scanner::rules::disclosure;

bool Inside(const cuomin::scanner::Document& doc, const dr::Span& span) {
  if (span.block >= doc.blocks.size()) return false;
  const std::string& text = doc.blocks[span.block].text;
  return span.begin <= span.end && span.end <= text.size();
}

bool Starts(const std::string& text, size_t at) {
  return at == text.size() || (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto doc = cuomin::scanner::ReadDocument("fuzz.txt",
                                           std::string(reinterpret_cast<const char*>(data), size));
  if (!doc.ok()) return 0;
  const dr::ReportSource source(*doc);
  for (const auto& row : dr::LaidOutRows(source.doc())) {
    for (const auto& cell : row.cells) {
      if (!cell.span.valid()) continue;
      if (!Inside(source.doc(), cell.span)) std::abort();
      const dr::Span at = source.ToDocument(cell.span);
      if (!at.valid()) continue;
      if (!Inside(*doc, at)) std::abort();
      const std::string& text = doc->blocks[at.block].text;
      if (!Starts(text, at.begin) || !Starts(text, at.end)) std::abort();
    }
  }
  return 0;
}
