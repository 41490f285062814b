// Visible text of an HTML page, as blocks a browser would show apart, each mapped byte for
// byte back into the decoded source.
//
// This file parses (behind the depth guard) and runs the two passes: html_blocks.cc (blocks,
// with html_text_align.cc mapping each character to its source bytes) and hidden_links.cc.
#include <gumbo.h>

#include <string>

#include "scanner/hidden_links.h"
#include "scanner/read/html_blocks.h"
#include "scanner/read/html_depth.h"
#include "scanner/read/readers_internal.h"

namespace cuomin::scanner::internal {

std::string HtmlTooLargeMessage(size_t bytes, size_t limit, bool size_known) {
  return "HTML 页面" +
         (size_known ? "过大（" + FormatMegabytes(bytes) + " MB，上限 " : "超过上限（") +
         FormatMegabytes(limit) +
         " MB）：整页解析所需内存约为页面的十几倍，未检查其内容；可另存为纯文本后分段检查";
}

void ReadHtmlBlocks(Document& doc, size_t max_bytes) {
  if (doc.original.size() > max_bytes) {
    doc.problems.push_back({HtmlTooLargeMessage(doc.original.size(), max_bytes, true), 0});
    return;
  }
  if (EstimateHtmlDepth(doc.original) > kMaxHtmlDepth) {
    doc.problems.push_back({"页面标签嵌套超过 " + std::to_string(kMaxHtmlDepth) +
                                " 层（畸形或恶意页面），无法安全解析，未检查其内容",
                            0});
    return;
  }
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // the error list is unused and costs allocations
  GumboOutput* output =
      gumbo_parse_with_options(&options, doc.original.data(), doc.original.size());
  if (output == nullptr) return;
  ExtractHtmlBlocks(output->root, doc);
  MarkHiddenLinks(output->root, doc);
  gumbo_destroy_output(&options, output);
}

}  // namespace cuomin::scanner::internal
