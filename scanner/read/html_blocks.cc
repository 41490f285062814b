// Block extraction: the visible text of a parsed page as the blocks a browser shows apart.
//
// Whitespace: runs of ASCII whitespace collapse to one space as in a browser; a run that holds
// a line break between two East Asian wide characters is dropped (CSS Text 3 segment-break
// rule, what Firefox does), so a source line break inside a Chinese sentence does not become
// a space that the punctuation rules would flag. &nbsp; stays U+00A0 (not collapsed, maps
// exactly onto its entity); U+00A0 and U+3000 at the edges of a block are trimmed because
// pages use them as paragraph indentation.
#include "scanner/read/html_blocks.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/utf8.h"
#include "scanner/hidden_links.h"
#include "scanner/read/html_text_align.h"

namespace cuomin::scanner::internal {
namespace {

// ---- Extractor policy -------------------------------------------------------------------

// Never visible: skipped with everything inside.
bool IsSkipped(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_MAP:
      return true;
    default:
      return false;
  }
}

// Elements whose start and end separate blocks; everything else is inline and joins text.
bool IsBlockLevel(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_P:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_TH:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_BR:
      return true;
    default:
      return false;
  }
}

bool IsHeading(GumboTag tag) {
  return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 ||
         tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

// HTML caps colspan at 1000 and rowspan at 65534; a smaller grid cap keeps hostile pages from
// allocating much.
constexpr int kMaxColumns = 4096;
constexpr int kMaxSpan = 1000;

// Hidden by the element's own markup (CSS from <style> is hidden_links.cc's job): the
// `hidden` attribute, or an inline style that HiddenReasonForCss (the one CSS evaluator, shared
// with the hidden-link pass) says hides it. Returns the Chinese reason, or "".
std::string InlineHiddenReason(const GumboElement& el) {
  if (gumbo_get_attribute(&el.attributes, "hidden") != nullptr) return "hidden 属性";
  const GumboAttribute* style = gumbo_get_attribute(&el.attributes, "style");
  if (style == nullptr) return "";
  std::string reason = HiddenReasonForCss(style->value);
  if (reason.empty()) return "";
  if (reason.rfind("CSS ", 0) == 0) reason.erase(0, 4);  // "行内样式 display:none"
  return "行内样式 " + reason;
}

int IntAttribute(const GumboElement& el, const char* name, int fallback) {
  const GumboAttribute* a = gumbo_get_attribute(&el.attributes, name);
  if (a == nullptr) return fallback;
  long v = 0;
  bool any = false;
  for (const char* p = a->value; *p; ++p) {
    if (*p == ' ' && !any) continue;
    if (*p < '0' || *p > '9') break;
    any = true;
    v = v * 10 + (*p - '0');
    if (v > kMaxSpan) v = kMaxSpan;
  }
  return any ? static_cast<int>(v) : fallback;
}
// East Asian Wide/Fullwidth ranges that matter for Chinese pages.
bool IsWide(char32_t c) {
  return (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
         (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
         (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
         (c >= 0xFF01 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) ||
         (c >= 0x20000 && c <= 0x3FFFD);
}

// ---- Block building -----------------------------------------------------------------------

struct Context {
  BlockKind kind = BlockKind::kParagraph;
  int table = -1;
  int row = -1;
  int column = -1;
  const std::string* hidden_reason = nullptr;  // set when inside an element hidden inline
  bool pre = false;
  bool in_head = false;  // only <title> is visible in the head
};

struct TableState {
  int index = 0;
  int row = -1;
  int column = 0;
  std::vector<int> rows_left;  // per column: rows still covered by an earlier rowspan
};

struct OpenLink {
  size_t index;  // into Document::links
  bool pending_space = false;
};

class Extractor {
 public:
  explicit Extractor(Document& doc) : doc_(doc) {}

  void Run(const GumboNode* root);

 private:
  struct Frame {
    explicit Frame(const GumboNode* n) : node(n) {}
    const GumboNode* node;
    size_t next_child = 0;
    Context saved;
    bool block = false;
    bool table = false;
    bool link = false;
  };

  void Enter(const GumboNode* node, Frame& frame);
  void Leave(const Frame& frame);
  void AddText(const GumboNode* node);
  void AddCodePoint(char32_t cp, size_t raw_begin, size_t raw_end);
  void AddToLinks(char32_t cp);
  void EmitPending(char32_t next_cp);
  void AppendMapped(char32_t cp, size_t raw_begin, size_t raw_end);
  void Flush();

  Document& doc_;
  Context ctx_;
  std::vector<TableState> tables_;
  int table_count_ = 0;
  std::vector<OpenLink> links_;
  std::unordered_map<size_t, size_t> link_by_offset_;
  bool title_done_ = false;
  std::deque<std::string> hidden_reasons_;  // what ctx_.hidden_reason points into

  // The block being built.
  std::string text_;
  OffsetMap map_;
  size_t next_raw_ = 0;  // where the one-to-one mapping puts the next text byte
  bool mapped_any_ = false;
  char32_t last_cp_ = 0;
  // A <br> was seen: the block ends at the next visible character unless both it and the
  // character before the <br> are Han (a line broken inside a word, see AddCodePoint).
  bool pending_break_ = false;
  // Whitespace seen since the last visible character, emitted only if more text follows so
  // that trailing whitespace never needs an anchor removed.
  struct Pending {
    char32_t cp;
    size_t raw_begin;
    size_t raw_end;
    bool collapsed_newline;
  };
  std::vector<Pending> pending_;
};

void Extractor::Run(const GumboNode* root) {
  // An explicit stack: hostile pages nest deeper than the call stack allows.
  std::vector<Frame> stack;
  stack.push_back(Frame{root});
  Enter(root, stack.back());
  while (!stack.empty()) {
    Frame& top = stack.back();
    const GumboNode* node = top.node;
    const GumboVector* children = nullptr;
    if (node->type == GUMBO_NODE_ELEMENT || node->type == GUMBO_NODE_TEMPLATE) {
      children = &node->v.element.children;
    } else if (node->type == GUMBO_NODE_DOCUMENT) {
      children = &node->v.document.children;
    }
    if (children == nullptr || top.next_child >= children->length || top.next_child == SIZE_MAX) {
      Frame done = top;
      stack.pop_back();
      Leave(done);
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children->data[top.next_child++]);
    switch (child->type) {
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_WHITESPACE:
      case GUMBO_NODE_CDATA:
        AddText(child);
        break;
      case GUMBO_NODE_ELEMENT: {
        const GumboElement& el = child->v.element;
        if (el.tag_namespace != GUMBO_NAMESPACE_HTML || IsSkipped(el.tag)) break;
        stack.push_back(Frame{child});
        Enter(child, stack.back());
        break;
      }
      default:  // comments, templates, the document node
        break;
    }
  }
  Flush();
}

void Extractor::Enter(const GumboNode* node, Frame& frame) {
  frame.saved = ctx_;
  if (node->type != GUMBO_NODE_ELEMENT) return;
  const GumboElement& el = node->v.element;
  GumboTag tag = el.tag;
  if (tag == GUMBO_TAG_HEAD) ctx_.in_head = true;
  if (!ctx_.hidden_reason) {
    if (std::string reason = InlineHiddenReason(el); !reason.empty())
      ctx_.hidden_reason = &hidden_reasons_.emplace_back(std::move(reason));
  }
  // A <br> ends its block when it is left (Leave), unless it breaks a Han word.
  frame.block = IsBlockLevel(tag) && tag != GUMBO_TAG_BR;
  if (frame.block) Flush();
  if (tag == GUMBO_TAG_TITLE) {
    if (title_done_) {
      frame.next_child = SIZE_MAX;  // a second <title> is not shown
      return;
    }
    title_done_ = true;
    ctx_.kind = BlockKind::kTitle;
  } else if (IsHeading(tag)) {
    ctx_.kind = BlockKind::kHeading;
  } else if (tag == GUMBO_TAG_LI) {
    ctx_.kind = BlockKind::kListItem;
  } else if (tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_TEXTAREA || tag == GUMBO_TAG_LISTING) {
    ctx_.pre = true;
  } else if (tag == GUMBO_TAG_TABLE) {
    frame.table = true;
    tables_.push_back(TableState{table_count_++, -1, 0, {}});
  } else if (tag == GUMBO_TAG_TR && !tables_.empty()) {
    TableState& t = tables_.back();
    if (t.row >= 0) {
      for (int& left : t.rows_left) {
        if (left > 0) --left;
      }
    }
    ++t.row;
    t.column = 0;
  } else if ((tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) && !tables_.empty()) {
    TableState& t = tables_.back();
    if (t.row < 0) t.row = 0;
    int col = t.column;
    while (col < static_cast<int>(t.rows_left.size()) && t.rows_left[col] > 0) ++col;
    col = std::min(col, kMaxColumns);
    int colspan = std::max(1, IntAttribute(el, "colspan", 1));
    int rowspan = std::max(1, IntAttribute(el, "rowspan", 1));
    int end = std::min(col + colspan, kMaxColumns + 1);
    if (static_cast<int>(t.rows_left.size()) < end) t.rows_left.resize(end, 0);
    for (int c = col; c < end; ++c) t.rows_left[c] = std::max(t.rows_left[c], rowspan);
    t.column = end;
    ctx_.kind = BlockKind::kTableCell;
    ctx_.table = t.index;
    ctx_.row = t.row;
    ctx_.column = col;
  }
  if (tag == GUMBO_TAG_IMG && ctx_.hidden_reason == nullptr) {
    if (const GumboAttribute* src = gumbo_get_attribute(&el.attributes, "src")) {
      Link image;
      image.href = src->value;
      if (const GumboAttribute* alt = gumbo_get_attribute(&el.attributes, "alt")) {
        image.text = alt->value;
      }
      image.original_offset = el.start_pos.offset;
      doc_.images.push_back(std::move(image));
    }
  }
  if (tag == GUMBO_TAG_A) {
    if (const GumboAttribute* href = gumbo_get_attribute(&el.attributes, "href")) {
      size_t offset = el.start_pos.offset;
      auto [it, inserted] = link_by_offset_.try_emplace(offset, doc_.links.size());
      if (inserted) {
        Link link;
        link.href = href->value;
        link.original_offset = offset;
        if (ctx_.hidden_reason != nullptr) {
          link.hidden = true;
          link.hidden_reason = *ctx_.hidden_reason;
        }
        doc_.links.push_back(std::move(link));
      }
      links_.push_back({it->second});
      frame.link = true;
    }
  }
}

void Extractor::Leave(const Frame& frame) {
  if (frame.node->type == GUMBO_NODE_ELEMENT && frame.node->v.element.tag == GUMBO_TAG_BR) {
    // Two <br> in a row make an empty line between paragraphs.
    if (text_.empty() || pending_break_) {
      Flush();
    } else {
      pending_break_ = true;
    }
    return;
  }
  if (frame.block) Flush();
  if (frame.table) tables_.pop_back();
  if (frame.link) links_.pop_back();
  ctx_ = frame.saved;
}

void Extractor::AddText(const GumboNode* node) {
  const GumboText& t = node->v.text;
  std::string_view decoded(t.text);
  std::string_view raw(t.original_text.data, t.original_text.length);
  size_t base = t.start_pos.offset;
  if (base > doc_.original.size()) base = doc_.original.size();
  raw = raw.substr(0, doc_.original.size() - base);
  if (node->type == GUMBO_NODE_CDATA && raw.substr(0, 9) == "<![CDATA[") {
    raw.remove_prefix(9);
    base += 9;
  }
  HtmlTextAligner aligner(decoded, raw, base);
  char32_t cp;
  size_t rb, re;
  while (aligner.Next(cp, rb, re)) AddCodePoint(cp, rb, re);
}

void Extractor::AddToLinks(char32_t cp) {
  if (links_.empty()) return;
  OpenLink& open = links_.back();
  std::string& text = doc_.links[open.index].text;
  if (IsAsciiSpace(cp)) {
    open.pending_space = true;
    return;
  }
  if (open.pending_space && !text.empty()) text.push_back(' ');
  open.pending_space = false;
  utf8::Append(text, cp);
}

void Extractor::AddCodePoint(char32_t cp, size_t raw_begin, size_t raw_end) {
  AddToLinks(cp);
  if (ctx_.hidden_reason != nullptr) return;
  if (ctx_.in_head && ctx_.kind != BlockKind::kTitle) return;
  if (ctx_.pre && cp == '\n') {
    pending_.clear();
    Flush();
    return;
  }
  if (IsAsciiSpace(cp) && !ctx_.pre) {
    if (!pending_.empty() && IsAsciiSpace(pending_.back().cp)) {
      pending_.back().collapsed_newline |= cp == '\n';
    } else {
      pending_.push_back({' ', raw_begin, raw_end, cp == '\n'});
    }
    return;
  }
  if (IsAsciiSpace(cp) || cp == 0x00A0 || cp == 0x3000) {
    pending_.push_back({cp, raw_begin, raw_end, false});
    return;
  }
  if (pending_break_) {
    // Text pasted from a PDF or Word keeps its line ends as <br>, often inside a word
    // (习近<br>平): between two Han characters the break separates nothing for the rules. The
    // spaces that start the new line are not shown.
    pending_break_ = false;
    if (utf8::IsHan(last_cp_) && utf8::IsHan(cp)) {
      pending_.clear();
    } else {
      Flush();
    }
  }
  EmitPending(cp);
  AppendMapped(cp, raw_begin, raw_end);
  last_cp_ = cp;
}

void Extractor::EmitPending(char32_t next_cp) {
  if (text_.empty()) {  // leading whitespace of a block is not shown
    pending_.clear();
    return;
  }
  for (const Pending& p : pending_) {
    if (p.collapsed_newline && IsWide(last_cp_) && IsWide(next_cp)) continue;
    AppendMapped(p.cp, p.raw_begin, p.raw_end);
  }
  pending_.clear();
}

void Extractor::AppendMapped(char32_t cp, size_t raw_begin, size_t raw_end) {
  if (!mapped_any_ || raw_begin != next_raw_) {
    // First where the previous run ended, then where this one starts. OffsetMap keeps only
    // the latter today, so an exclusive end just before inline markup maps past the markup;
    // an end-aware lookup could use the former.
    if (mapped_any_) map_.Add(text_.size(), next_raw_);
    map_.Add(text_.size(), raw_begin);
  }
  mapped_any_ = true;
  size_t before = text_.size();
  utf8::Append(text_, cp);
  size_t len = text_.size() - before;
  if (raw_end - raw_begin == len) {
    next_raw_ = raw_end;
  } else {
    // An entity or a zero-width mapping: the next byte needs its own anchor.
    map_.Add(text_.size(), raw_end);
    next_raw_ = raw_end;
  }
}

void Extractor::Flush() {
  pending_.clear();
  pending_break_ = false;
  if (!text_.empty()) {
    Block block;
    map_.Add(text_.size(), next_raw_);
    block.text = std::move(text_);
    block.map = std::move(map_);
    block.kind = ctx_.kind;
    block.table = ctx_.table;
    block.row = ctx_.row;
    block.column = ctx_.column;
    doc_.blocks.push_back(std::move(block));
  }
  text_.clear();
  map_ = OffsetMap();
  mapped_any_ = false;
  last_cp_ = 0;
}

}  // namespace

void ExtractHtmlBlocks(const GumboNode* root, Document& doc) {
  Extractor extractor(doc);
  extractor.Run(root);
}

}  // namespace cuomin::scanner::internal
