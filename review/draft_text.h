// What a reviewer reads: the visible text of a checked document, and each finding's place in
// it. For plain text that is the text itself; for HTML and .docx it is the visible blocks, one
// per line, so that markup never reaches the page and highlights land on what is shown.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "scanner/document.h"
#include "scanner/finding.h"

namespace cuomin::review {

struct PlacedFinding {
  scanner::Finding finding;
  // In LaidOutText::text, in UTF-16 code units (what a browser's string indices count).
  int64_t start = 0;
  int64_t end = 0;
};

struct LaidOutText {
  std::string text;
  std::vector<PlacedFinding> findings;  // in the order given
};

// Findings whose offset lies outside every block (a link on a tag, a document-wide check) are
// placed, empty, at the start of the block that follows them.
LaidOutText LayOut(const scanner::Document& doc, const std::vector<scanner::Finding>& findings);

}  // namespace cuomin::review
