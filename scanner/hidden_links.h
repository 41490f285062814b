// Hidden links (暗链): anchors a visitor cannot see but search engines and inspectors do,
// planted by attackers to sell gambling or porn sites. The HTML reader marks links hidden by
// their own inline style; this pass adds what needs the whole page: rules in <style> blocks
// (simple selectors — tag, .class, #id and descendant chains of them, which is what planted
// 暗链 use), colour equal to the background, and anchors written by document.write.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>

#include "scanner/document.h"

namespace cuomin::scanner::internal {

// Marks doc.links hidden (with a Chinese reason) and appends the links that scripts write
// with document.write (hidden: they are not in the markup a reviewer reads).
void MarkHiddenLinks(const GumboNode* root, Document& doc);

// The Chinese reason a CSS declaration block hides its element, "" when it does not, e.g.
// HiddenReasonForCss("position:absolute; left:-9999px") == "绝对定位到屏幕外（left:-9999px）".
// Exposed for tests.
std::string HiddenReasonForCss(std::string_view declarations);

}  // namespace cuomin::scanner::internal
