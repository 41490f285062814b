// A tag-level scan (no tree, no entities) that keeps only a stack of open element names: it is
// what the tree builder would keep for well-formed nesting, and over-counts only unclosed
// elements that the HTML algorithm would close implicitly (rare on real pages, and the limit
// is far above real depths).
#include "scanner/read/html_depth.h"

#include <string>
#include <unordered_map>
#include <vector>

namespace cuomin::scanner::internal {
namespace {

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == ':' || c == '_';
}

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool OneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    if (name == n) return true;
  }
  return false;
}

// Never have children.
bool IsVoid(std::string_view name) {
  return OneOf(name,
               {"area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image",
                "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr"});
}

// End tag optional: the next sibling closes them, so they never pile up (a stray start tag of
// html/head/body is ignored by the tree builder).
bool IsSelfClosingByNext(std::string_view name) {
  return OneOf(name, {"p",  "li", "dt",    "dd",    "option", "optgroup", "tr",
                      "td", "th", "tbody", "thead", "tfoot",  "caption",  "colgroup",
                      "rb", "rt", "rtc",   "rp",    "html",   "head",     "body"});
}

// Contents are text up to the matching end tag.
bool IsRawText(std::string_view name) {
  return OneOf(name,
               {"script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"});
}

// An open element of the same name is closed first (adoption agency, button scope).
bool ClosesSameName(std::string_view name) { return OneOf(name, {"a", "nobr", "button", "form"}); }

// Case-insensitive search for "</name" from `from`; npos when absent.
size_t FindEndTag(std::string_view html, size_t from, std::string_view name) {
  for (size_t i = html.find("</", from); i != std::string_view::npos; i = html.find("</", i + 2)) {
    if (i + 2 + name.size() > html.size()) return std::string_view::npos;
    bool same = true;
    for (size_t k = 0; k < name.size() && same; ++k) {
      char c = html[i + 2 + k];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      same = c == name[k];
    }
    if (same) return i;
  }
  return std::string_view::npos;
}

// From just after a tag name: past the tag's closing '>', with quoted attribute values
// skipped. Sets self_closing for "/>".
size_t SkipAttributes(std::string_view html, size_t i, bool& self_closing) {
  self_closing = false;
  while (i < html.size()) {
    char c = html[i];
    if (c == '>') {
      self_closing = i > 0 && html[i - 1] == '/';
      return i + 1;
    }
    if (c == '=') {
      ++i;
      while (i < html.size() && (html[i] == ' ' || html[i] == '\t' || html[i] == '\n' ||
                                 html[i] == '\r' || html[i] == '\f')) {
        ++i;
      }
      if (i < html.size() && (html[i] == '"' || html[i] == '\'')) {
        size_t close = html.find(html[i], i + 1);
        if (close == std::string_view::npos) return html.size();
        i = close + 1;
      }
      continue;
    }
    ++i;
  }
  return i;
}

}  // namespace

size_t EstimateHtmlDepth(std::string_view html, size_t limit) {
  std::vector<std::string> open;
  std::unordered_map<std::string, size_t> open_count;
  size_t foreign = 0;  // open <svg>/<math>: there "/>" closes an element
  size_t deepest = 0;
  auto pop = [&]() {
    const std::string& name = open.back();
    if (name == "svg" || name == "math") --foreign;
    --open_count[name];
    open.pop_back();
  };
  std::string name;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string_view::npos) {
    if (html.compare(i, 4, "<!--") == 0) {
      size_t close = html.find("-->", i + 4);
      if (close == std::string_view::npos) break;
      i = close + 3;
      continue;
    }
    bool end_tag = i + 1 < html.size() && html[i + 1] == '/';
    size_t n = i + (end_tag ? 2 : 1);
    if (n >= html.size() || !IsLetter(html[n])) {
      if (n < html.size() && (html[n] == '!' || html[n] == '?')) {
        size_t close = html.find('>', n);
        if (close == std::string_view::npos) break;
        i = close + 1;
      } else {
        i = n;
      }
      continue;
    }
    name.clear();
    while (n < html.size() && IsNameChar(html[n]) && name.size() < 64) {
      char c = html[n++];
      name.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    while (n < html.size() && IsNameChar(html[n])) ++n;
    bool self_closing = false;
    i = SkipAttributes(html, n, self_closing);
    if (end_tag) {
      auto it = open_count.find(name);
      if (it == open_count.end() || it->second == 0) continue;
      while (open.back() != name) pop();
      pop();
      continue;
    }
    if (name == "plaintext") break;  // the rest of the page is text
    if (IsRawText(name) && foreign == 0) {
      size_t close = FindEndTag(html, i, name);
      if (close == std::string_view::npos) break;
      i = close;
      continue;
    }
    if (IsVoid(name) || IsSelfClosingByNext(name) || (self_closing && foreign > 0)) continue;
    if (ClosesSameName(name)) {
      auto it = open_count.find(name);
      if (it != open_count.end() && it->second > 0) {
        while (open.back() != name) pop();
        pop();
      }
    }
    open.push_back(name);
    ++open_count[name];
    if (name == "svg" || name == "math") ++foreign;
    if (open.size() > deepest) deepest = open.size();
    if (deepest > limit) return limit + 1;
  }
  return deepest;
}

}  // namespace cuomin::scanner::internal
