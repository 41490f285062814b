// Internal to the HTML reader: the visible text of a parsed page as blocks, each mapped byte
// for byte back into doc.original, and the page's links.
#pragma once

#include <gumbo.h>

#include "scanner/document.h"

namespace cuomin::scanner::internal {

// Appends the blocks and links of the page parsed from doc.original.
void ExtractHtmlBlocks(const GumboNode* root, Document& doc);

}  // namespace cuomin::scanner::internal
