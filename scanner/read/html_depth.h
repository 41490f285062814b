// How deep an HTML page nests, measured before Gumbo sees it. Gumbo (0.10, Debian 12) has no
// depth limit: its tree builder scans the stack of open elements on most tags, so parse time
// grows with the square of the depth, and gumbo_destroy_output frees the tree recursively, so
// a page nested a few hundred thousand levels deep overflows the stack and kills the process.
// Browsers cap the tree instead (Chromium flattens beyond 512 levels); we refuse the page.
#pragma once

#include <cstddef>
#include <string_view>

namespace cuomin::scanner::internal {

// Pages whose estimated nesting exceeds this are not parsed. Real government pages stay below
// 100 (CMS layouts of nested tables included); at this depth Gumbo still parses a 10 MB page
// in well under a second.
inline constexpr size_t kMaxHtmlDepth = 1000;

// An estimate of the deepest element nesting Gumbo would build for `html`, counted with a
// small model of the HTML tree builder: void elements, raw-text contents, comments and
// elements whose end tag is optional (p, li, td, tr, option...) do not count, an end tag
// closes up to its open start tag, and an <a> closes an open <a>. It stops counting once
// the depth exceeds `limit` and returns limit + 1 then. Linear in the page's size.
size_t EstimateHtmlDepth(std::string_view html, size_t limit = kMaxHtmlDepth);

}  // namespace cuomin::scanner::internal
