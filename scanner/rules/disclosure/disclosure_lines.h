// Internal to the disclosure_report rule: the document a report is read from. The text reader
// joins a line wrapped inside a run of Han characters to the line before and folds spaced
// headlines (习 近 平) so that the word rules match; a report's tables in a text (what
// pdftotext gives of a PDF, with or without -layout) are in its printed lines and in where
// their words stand, so a text file's report is read from its lines as written, and the spans
// found there are mapped back to the blocks the other rules see.
#pragma once

#include <optional>

#include "scanner/document.h"
#include "scanner/rules/disclosure/disclosure_cells.h"

namespace cuomin::scanner::rules::disclosure {

class ReportSource {
 public:
  // `doc` must outlive this.
  explicit ReportSource(const Document& doc);
  ReportSource(const ReportSource&) = delete;
  ReportSource& operator=(const ReportSource&) = delete;

  // What ReadReport and CheckReport read: a text file's lines, one block each, unfolded;
  // any other document itself.
  const Document& doc() const { return lines_ ? *lines_ : doc_; }

  // The same characters as `span` of doc(), as a span of the document's own blocks. A span
  // that starts in one block and ends past it (a line longer than kMaxBlockBytes, cut
  // elsewhere) ends with that block.
  Span ToDocument(const Span& span) const;

 private:
  const Document& doc_;
  std::optional<Document> lines_;
};

}  // namespace cuomin::scanner::rules::disclosure
