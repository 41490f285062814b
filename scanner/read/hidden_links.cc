// Hand-written CSS reading: no CSS parser is packaged for Debian that we may use (libcss is
// NetSurf-internal), and 暗链 need only declarations and simple selectors. Specificity is
// approximated by source order with inline style last.
#include "scanner/hidden_links.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/strings.h"
#include "scanner/read/html_depth.h"

namespace cuomin::scanner::internal {
namespace {

// Offsets at or beyond these move content off screen (common 暗链 values are -999px..-9999px).
constexpr double kOffscreenPx = -500;
constexpr double kOffscreenEm = -30;
// Boxes at most this big with overflow:hidden show nothing readable.
constexpr double kTinyBoxPx = 1;

using Decls = std::vector<std::pair<std::string, std::string>>;

std::string Collapse(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

Decls ParseDecls(std::string_view block) {
  Decls out;
  size_t i = 0;
  while (i < block.size()) {
    size_t end = block.find(';', i);
    if (end == std::string_view::npos) end = block.size();
    std::string_view d = block.substr(i, end - i);
    size_t colon = d.find(':');
    if (colon != std::string_view::npos) {
      std::string key = Collapse(d.substr(0, colon));
      std::string value = Collapse(d.substr(colon + 1));
      if (size_t imp = value.find("!important"); imp != std::string::npos) value.resize(imp);
      if (!key.empty()) out.emplace_back(std::move(key), std::move(value));
    }
    i = end + 1;
  }
  return out;
}

const std::string* Get(const Decls& d, std::string_view key) {
  const std::string* found = nullptr;
  for (const auto& [k, v] : d) {
    if (k == key) found = &v;  // last one wins
  }
  return found;
}

// A length in px (em counted as 16 px); nullopt when not a length.
std::optional<double> LengthPx(const std::string& v) {
  if (v.empty()) return std::nullopt;
  char* end = nullptr;
  double n = std::strtod(v.c_str(), &end);
  if (end == v.c_str()) return std::nullopt;
  std::string unit(end);
  if (unit.empty() || unit == "px" || unit == "pt") return n;
  if (unit == "em" || unit == "rem") return n * 16;
  if (unit == "%" || unit == "vw" || unit == "vh")
    return n == 0 ? std::optional<double>(0) : std::nullopt;
  return std::nullopt;
}

std::string Describe(std::string_view key, const std::string& value) {
  return std::string(key) + ":" + value;
}

std::string ReasonFor(const Decls& d) {
  if (const std::string* v = Get(d, "display"); v && *v == "none") return "CSS display:none";
  if (const std::string* v = Get(d, "visibility"); v && (*v == "hidden" || *v == "collapse"))
    return "CSS visibility:hidden";
  if (const std::string* v = Get(d, "opacity"); v && LengthPx(*v) && *LengthPx(*v) <= 0.01)
    return "CSS opacity:0";
  if (const std::string* v = Get(d, "font-size"); v && LengthPx(*v) && *LengthPx(*v) <= 0)
    return "CSS font-size:0";
  if (const std::string* v = Get(d, "text-indent");
      v && LengthPx(*v) && *LengthPx(*v) <= kOffscreenPx)
    return "文字缩进到屏幕外（" + Describe("text-indent", *v) + "）";
  const std::string* pos = Get(d, "position");
  if (pos && (*pos == "absolute" || *pos == "fixed")) {
    for (std::string_view side : {"left", "top", "right", "bottom"}) {
      const std::string* v = Get(d, side);
      if (!v) continue;
      std::optional<double> px = LengthPx(*v);
      if (px &&
          (*px <= kOffscreenPx || (v->find("em") != std::string::npos && *px <= kOffscreenEm * 16)))
        return "绝对定位到屏幕外（" + Describe(side, *v) + "）";
    }
  }
  if (const std::string* v = Get(d, "margin-left"); v && LengthPx(*v) && *LengthPx(*v) <= -5000)
    return "外边距移到屏幕外（" + Describe("margin-left", *v) + "）";
  const std::string* overflow = Get(d, "overflow");
  if (overflow && *overflow == "hidden") {
    for (std::string_view dim : {"width", "height"}) {
      const std::string* v = Get(d, dim);
      if (v && LengthPx(*v) && *LengthPx(*v) <= kTinyBoxPx)
        return "尺寸为零且溢出隐藏（" + Describe(dim, *v) + "）";
    }
  }
  return "";
}

// CSS colour to #rrggbb for comparison; "" when unknown or transparent.
std::string NormalizeColor(std::string v) {
  static const std::unordered_map<std::string, std::string> kNames = {
      {"white", "#ffffff"},  {"black", "#000000"}, {"red", "#ff0000"},    {"green", "#008000"},
      {"blue", "#0000ff"},   {"gray", "#808080"},  {"grey", "#808080"},   {"silver", "#c0c0c0"},
      {"yellow", "#ffff00"}, {"navy", "#000080"},  {"maroon", "#800000"}, {"fff", "#ffffff"}};
  if (auto it = kNames.find(v); it != kNames.end()) return it->second;
  if (!v.empty() && v[0] == '#') {
    if (v.size() == 4) return std::string("#") + v[1] + v[1] + v[2] + v[2] + v[3] + v[3];
    if (v.size() == 7) return v;
    return "";
  }
  if (v.rfind("rgb(", 0) == 0) {
    int r, g, b;
    if (std::sscanf(v.c_str(), "rgb(%d,%d,%d)", &r, &g, &b) == 3) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "#%02x%02x%02x", r & 255, g & 255, b & 255);
      return buf;
    }
  }
  return "";
}

// The colour part of a `background` shorthand, if it has one.
std::string BackgroundColor(const Decls& d) {
  if (const std::string* v = Get(d, "background-color")) return NormalizeColor(*v);
  if (const std::string* v = Get(d, "background")) {
    std::string c = NormalizeColor(*v);
    if (!c.empty()) return c;
    if (size_t h = v->find('#'); h != std::string::npos) {
      size_t e = h + 1;
      while (e < v->size() && std::isxdigit(static_cast<unsigned char>((*v)[e]))) ++e;
      return NormalizeColor(v->substr(h, e - h));
    }
  }
  return "";
}

// ---- Selectors --------------------------------------------------------------------------

struct Compound {
  std::string tag;  // "" = any
  std::string id;
  std::vector<std::string> classes;
};

struct Rule {
  std::vector<Compound> chain;  // descendant combinator between them
  Decls decls;
};

std::optional<Compound> ParseCompound(std::string_view s) {
  Compound c;
  size_t i = 0;
  auto ident = [&] {
    size_t b = i;
    while (i < s.size() && (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '-' ||
                            s[i] == '_' || static_cast<unsigned char>(s[i]) >= 0x80))
      ++i;
    return std::string(s.substr(b, i - b));
  };
  if (i < s.size() && s[i] == '*')
    ++i;
  else if (i < s.size() && s[i] != '.' && s[i] != '#')
    c.tag = AsciiLower(ident());
  while (i < s.size()) {
    char k = s[i++];
    std::string name = ident();
    if (name.empty()) return std::nullopt;
    if (k == '.')
      c.classes.push_back(name);
    else if (k == '#')
      c.id = name;
    else
      return std::nullopt;  // attribute selectors, pseudo-classes: not supported
  }
  return c;
}

std::vector<Rule> ParseStyleSheet(std::string_view css) {
  std::string clean;  // comments removed
  for (size_t i = 0; i < css.size(); ++i) {
    if (css.compare(i, 2, "/*") == 0) {
      size_t e = css.find("*/", i + 2);
      if (e == std::string_view::npos) break;
      i = e + 1;
      continue;
    }
    clean.push_back(css[i]);
  }
  std::vector<Rule> rules;
  std::string_view s = clean;
  size_t i = 0;
  while (i < s.size()) {
    size_t open = s.find('{', i);
    if (open == std::string_view::npos) break;
    std::string_view prelude = s.substr(i, open - i);
    size_t pstart = prelude.find_first_not_of(" \t\r\n");
    prelude = pstart == std::string_view::npos ? "" : prelude.substr(pstart);
    if (!prelude.empty() && prelude[0] == '@') {
      std::string p = AsciiLower(prelude);
      if (p.rfind("@media", 0) == 0 || p.rfind("@supports", 0) == 0) {
        i = open + 1;  // read the nested rules as if top level
        continue;
      }
      // Skip the block (with nesting) of other at-rules.
      int depth = 0;
      size_t j = open;
      for (; j < s.size(); ++j) {
        if (s[j] == '{') ++depth;
        if (s[j] == '}' && --depth == 0) break;
      }
      i = j + 1;
      continue;
    }
    size_t close = s.find('}', open);
    if (close == std::string_view::npos) close = s.size();
    Decls decls = ParseDecls(s.substr(open + 1, close - open - 1));
    i = close + 1;
    // A stray '}' closing an @media block ends up in the next prelude.
    std::string sel(prelude);
    sel.erase(std::remove(sel.begin(), sel.end(), '}'), sel.end());
    size_t a = 0;
    while (a <= sel.size()) {
      size_t comma = sel.find(',', a);
      if (comma == std::string::npos) comma = sel.size();
      std::string one = sel.substr(a, comma - a);
      a = comma + 1;
      for (char& c : one) {
        if (c == '>' || c == '\t' || c == '\n' || c == '\r') c = ' ';
      }
      Rule rule;
      bool ok = true;
      size_t b = 0;
      while (b < one.size()) {
        size_t e = one.find(' ', b);
        if (e == std::string::npos) e = one.size();
        if (e > b) {
          std::optional<Compound> c = ParseCompound(std::string_view(one).substr(b, e - b));
          if (!c)
            ok = false;
          else
            rule.chain.push_back(std::move(*c));
        }
        b = e + 1;
      }
      if (ok && !rule.chain.empty()) {
        rule.decls = decls;
        rules.push_back(std::move(rule));
      }
    }
  }
  return rules;
}

struct ElementInfo {
  const GumboElement* el;
  std::string tag;
  std::string id;
  std::vector<std::string> classes;
};

ElementInfo Info(const GumboElement& el) {
  ElementInfo info{&el, "", "", {}};
  info.tag = el.tag == GUMBO_TAG_UNKNOWN ? "" : gumbo_normalized_tagname(el.tag);
  if (const GumboAttribute* id = gumbo_get_attribute(&el.attributes, "id")) info.id = id->value;
  if (const GumboAttribute* cls = gumbo_get_attribute(&el.attributes, "class")) {
    std::string_view v = cls->value;
    size_t i = 0;
    while (i < v.size()) {
      size_t e = v.find_first_of(" \t\n\r\f", i);
      if (e == std::string_view::npos) e = v.size();
      if (e > i) info.classes.emplace_back(v.substr(i, e - i));
      i = e + 1;
    }
  }
  return info;
}

bool MatchesCompound(const Compound& c, const ElementInfo& e) {
  if (!c.tag.empty() && c.tag != e.tag) return false;
  if (!c.id.empty() && c.id != e.id) return false;
  for (const std::string& k : c.classes) {
    if (std::find(e.classes.begin(), e.classes.end(), k) == e.classes.end()) return false;
  }
  return true;
}

// `ancestors` ends with the element itself.
bool Matches(const Rule& r, const std::vector<ElementInfo>& ancestors) {
  if (!MatchesCompound(r.chain.back(), ancestors.back())) return false;
  size_t want = r.chain.size() - 1;
  size_t at = ancestors.size() - 1;
  while (want > 0) {
    bool found = false;
    while (at > 0) {
      --at;
      if (MatchesCompound(r.chain[want - 1], ancestors[at])) {
        found = true;
        break;
      }
    }
    if (!found) return false;
    --want;
  }
  return true;
}

// Rules indexed by the key of their last compound, so each element only tries its candidates.
class RuleIndex {
 public:
  explicit RuleIndex(std::vector<Rule> rules) : rules_(std::move(rules)) {
    for (size_t i = 0; i < rules_.size(); ++i) {
      const Compound& c = rules_[i].chain.back();
      if (!c.id.empty())
        by_key_["#" + c.id].push_back(i);
      else if (!c.classes.empty())
        by_key_["." + c.classes[0]].push_back(i);
      else if (!c.tag.empty())
        by_key_[c.tag].push_back(i);
      else
        universal_.push_back(i);
    }
  }
  bool empty() const { return rules_.empty(); }
  // Declarations of the matching rules, in source order.
  Decls Cascade(const std::vector<ElementInfo>& ancestors) const {
    const ElementInfo& e = ancestors.back();
    std::vector<size_t> cand = universal_;
    auto add = [&](const std::string& k) {
      if (auto it = by_key_.find(k); it != by_key_.end())
        cand.insert(cand.end(), it->second.begin(), it->second.end());
    };
    if (!e.id.empty()) add("#" + e.id);
    for (const std::string& c : e.classes) add("." + c);
    add(e.tag);
    std::sort(cand.begin(), cand.end());
    cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
    Decls out;
    for (size_t i : cand) {
      if (Matches(rules_[i], ancestors))
        out.insert(out.end(), rules_[i].decls.begin(), rules_[i].decls.end());
    }
    return out;
  }

 private:
  std::vector<Rule> rules_;
  std::unordered_map<std::string, std::vector<size_t>> by_key_;
  std::vector<size_t> universal_;
};

std::string TextOf(const GumboNode* n) {
  std::string out;
  if (n->type != GUMBO_NODE_ELEMENT) return out;
  const GumboVector& ch = n->v.element.children;
  for (unsigned i = 0; i < ch.length; ++i) {
    const auto* c = static_cast<const GumboNode*>(ch.data[i]);
    if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA ||
        c->type == GUMBO_NODE_WHITESPACE)
      out += c->v.text.text;
  }
  return out;
}

// The string literals passed to document.write / writeln, concatenated, with JS escapes read.
std::vector<std::pair<size_t, std::string>> WrittenHtml(std::string_view js) {
  std::vector<std::pair<size_t, std::string>> out;
  size_t pos = 0;
  while ((pos = js.find("document.write", pos)) != std::string_view::npos) {
    size_t at = pos;
    size_t p = js.find('(', pos);
    pos += 14;
    if (p == std::string_view::npos || p > at + 20) continue;
    std::string html;
    size_t i = p + 1;
    int depth = 1;
    while (i < js.size() && depth > 0) {
      char c = js[i];
      if (c == '"' || c == '\'' || c == '`') {
        char q = c;
        ++i;
        while (i < js.size() && js[i] != q) {
          if (js[i] == '\\' && i + 1 < js.size()) {
            char e = js[i + 1];
            if ((e == 'x' && i + 3 < js.size()) || (e == 'u' && i + 5 < js.size())) {
              size_t n = e == 'x' ? 2 : 4;
              unsigned v = static_cast<unsigned>(
                  std::strtoul(std::string(js.substr(i + 2, n)).c_str(), nullptr, 16));
              if (v < 0x80) html.push_back(static_cast<char>(v));
              i += 2 + n;
              continue;
            }
            html.push_back(e == 'n' ? '\n' : e);
            i += 2;
            continue;
          }
          html.push_back(js[i++]);
        }
        ++i;
        continue;
      }
      if (c == '(') ++depth;
      if (c == ')') --depth;
      ++i;
    }
    if (!html.empty()) out.emplace_back(at, std::move(html));
  }
  return out;
}

void CollectAnchors(const GumboNode* n, std::vector<std::pair<std::string, std::string>>& out) {
  if (n->type != GUMBO_NODE_ELEMENT) return;
  const GumboElement& el = n->v.element;
  if (el.tag == GUMBO_TAG_A) {
    if (const GumboAttribute* href = gumbo_get_attribute(&el.attributes, "href")) {
      std::string text;
      std::vector<const GumboNode*> stack{n};
      while (!stack.empty()) {
        const GumboNode* x = stack.back();
        stack.pop_back();
        if (x->type == GUMBO_NODE_TEXT) text += x->v.text.text;
        if (x->type == GUMBO_NODE_ELEMENT) {
          const GumboVector& ch = x->v.element.children;
          for (unsigned i = ch.length; i-- > 0;)
            stack.push_back(static_cast<const GumboNode*>(ch.data[i]));
        }
      }
      out.emplace_back(href->value, text);
    }
  }
  for (unsigned i = 0; i < el.children.length; ++i)
    CollectAnchors(static_cast<const GumboNode*>(el.children.data[i]), out);
}

}  // namespace

std::string HiddenReasonForCss(std::string_view declarations) {
  return ReasonFor(ParseDecls(declarations));
}

void MarkHiddenLinks(const GumboNode* root, Document& doc) {
  // Pass 1: style sheets and scripts.
  std::string css;
  std::vector<const GumboNode*> scripts;
  std::vector<const GumboNode*> stack{root};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    const GumboVector* ch = nullptr;
    if (n->type == GUMBO_NODE_DOCUMENT) ch = &n->v.document.children;
    if (n->type == GUMBO_NODE_ELEMENT) {
      if (n->v.element.tag == GUMBO_TAG_STYLE) css += TextOf(n) + "\n";
      if (n->v.element.tag == GUMBO_TAG_SCRIPT) scripts.push_back(n);
      ch = &n->v.element.children;
    }
    if (ch) {
      for (unsigned i = 0; i < ch->length; ++i)
        stack.push_back(static_cast<const GumboNode*>(ch->data[i]));
    }
  }

  std::unordered_map<size_t, size_t> link_at;
  for (size_t i = 0; i < doc.links.size(); ++i) link_at.emplace(doc.links[i].original_offset, i);

  // Pass 2: the element tree with the cascade along the ancestor chain.
  RuleIndex index(ParseStyleSheet(css));
  struct State {
    std::string hidden;  // reason inherited from an ancestor
    std::string color;
    std::string background;
  };
  struct Frame {
    const GumboNode* node;
    unsigned next = 0;
  };
  std::vector<ElementInfo> ancestors;
  std::vector<State> states{State{}};
  std::vector<Frame> frames;
  auto enter = [&](const GumboNode* n) {
    const GumboElement& el = n->v.element;
    ancestors.push_back(Info(el));
    Decls decls = index.empty() ? Decls{} : index.Cascade(ancestors);
    if (const GumboAttribute* style = gumbo_get_attribute(&el.attributes, "style")) {
      Decls inl = ParseDecls(style->value);
      decls.insert(decls.end(), inl.begin(), inl.end());
    }
    State s = states.back();
    if (s.hidden.empty()) s.hidden = ReasonFor(decls);
    if (const std::string* c = Get(decls, "color")) {
      std::string v = NormalizeColor(*c);
      if (!v.empty()) s.color = v;
    }
    std::string bg = BackgroundColor(decls);
    if (!bg.empty()) s.background = bg;
    states.push_back(s);
    if (el.tag == GUMBO_TAG_A) {
      auto it = link_at.find(el.start_pos.offset);
      if (it != link_at.end() && !doc.links[it->second].hidden) {
        Link& link = doc.links[it->second];
        std::string reason = s.hidden;
        if (reason.empty() && !s.color.empty() && s.color == s.background)
          reason = "文字颜色与背景色相同（" + s.color + "）";
        if (!reason.empty()) {
          link.hidden = true;
          link.hidden_reason = reason;
        }
      }
    }
    frames.push_back({n});
  };
  std::vector<const GumboNode*> tops;
  if (root->type == GUMBO_NODE_ELEMENT) {
    tops.push_back(root);
  } else if (root->type == GUMBO_NODE_DOCUMENT) {
    const GumboVector& top = root->v.document.children;
    for (unsigned t = 0; t < top.length; ++t)
      tops.push_back(static_cast<const GumboNode*>(top.data[t]));
  }
  for (const GumboNode* first : tops) {
    if (first->type != GUMBO_NODE_ELEMENT) continue;
    enter(first);
    while (!frames.empty()) {
      Frame& f = frames.back();
      const GumboVector& ch = f.node->v.element.children;
      if (f.next >= ch.length) {
        frames.pop_back();
        ancestors.pop_back();
        states.pop_back();
        continue;
      }
      const auto* c = static_cast<const GumboNode*>(ch.data[f.next++]);
      if (c->type == GUMBO_NODE_ELEMENT) enter(c);
    }
  }

  // Pass 3: anchors written by scripts.
  for (const GumboNode* s : scripts) {
    const GumboElement& el = s->v.element;
    if (gumbo_get_attribute(&el.attributes, "src") != nullptr || el.children.length == 0) continue;
    const auto* text = static_cast<const GumboNode*>(el.children.data[0]);
    if (text->type != GUMBO_NODE_TEXT) continue;
    std::string js = TextOf(s);
    for (const auto& [at, html] : WrittenHtml(js)) {
      // Written markup is parsed like the page, so it gets the page's depth guard.
      if (EstimateHtmlDepth(html) > kMaxHtmlDepth) {
        doc.problems.push_back({"脚本 document.write 写入的内容标签嵌套超过 " +
                                    std::to_string(kMaxHtmlDepth) + " 层，未检查其中的链接",
                                std::min(text->v.text.start_pos.offset + at, doc.original.size())});
        continue;
      }
      GumboOutput* out = gumbo_parse(html.c_str());
      if (out == nullptr) continue;
      std::vector<std::pair<std::string, std::string>> anchors;
      CollectAnchors(out->root, anchors);
      gumbo_destroy_output(&kGumboDefaultOptions, out);
      for (auto& [href, anchor_text] : anchors) {
        Link link;
        link.href = href;
        link.text = anchor_text;
        link.original_offset = std::min(text->v.text.start_pos.offset + at, doc.original.size());
        link.hidden = true;
        link.hidden_reason = "由脚本 document.write 写入";
        doc.links.push_back(std::move(link));
      }
    }
  }
}

}  // namespace cuomin::scanner::internal
