// .docx drafts: the text of word/document.xml, paragraph by paragraph and cell by cell, in
// document order. Document::original is that text with one block per line, so a finding's
// line number counts the visible paragraphs (and lines split by manual breaks).
//
// Element names are compared by local name (after the prefix) because pugixml does not do
// namespaces and a few generators use a prefix other than "w:".
#include <pugixml.hpp>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/utf8.h"
#include "scanner/read/readers_internal.h"
#include "scanner/read/zip_xml.h"

namespace cuomin::scanner::internal {
namespace {

constexpr const char* kDocumentPart = "word/document.xml";
constexpr const char* kStylesPart = "word/styles.xml";
constexpr int kMaxGridColumns = 4096;

std::string_view LocalName(const pugi::xml_node& node) {
  std::string_view name = node.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

// Attribute by local name ("w:val" or "val").
const char* Attr(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_attribute a : node.attributes()) {
    std::string_view name = a.name();
    size_t colon = name.find(':');
    if ((colon == std::string_view::npos ? name : name.substr(colon + 1)) == local) {
      return a.value();
    }
  }
  return nullptr;
}

pugi::xml_node Child(const pugi::xml_node& node, std::string_view local) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() == pugi::node_element && LocalName(c) == local) return c;
  }
  return {};
}

int IntVal(const pugi::xml_node& node, int fallback) {
  const char* v = node ? Attr(node, "val") : nullptr;
  if (v == nullptr || *v < '0' || *v > '9') return fallback;
  long n = std::strtol(v, nullptr, 10);
  return static_cast<int>(std::clamp<long>(n, 0, kMaxGridColumns));
}

// Style id -> what a paragraph with that style is.
enum class StyleRole { kBody, kTitle, kHeading };

StyleRole RoleFromName(std::string_view name) {
  std::string lower;
  for (char c : name) {
    if (c == ' ') continue;
    lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  if (lower == "title" || lower == "标题") return StyleRole::kTitle;
  auto numbered = [&](std::string_view prefix) {
    if (lower.compare(0, prefix.size(), prefix) != 0 || lower.size() == prefix.size()) {
      return false;
    }
    for (size_t i = prefix.size(); i < lower.size(); ++i) {
      if (lower[i] < '0' || lower[i] > '9') return false;
    }
    return true;
  };
  if (numbered("heading") || numbered("标题")) return StyleRole::kHeading;
  // Chinese Word names its built-in heading styles "1", "2", ... in the style id.
  if (lower.size() == 1 && lower[0] >= '1' && lower[0] <= '9') return StyleRole::kHeading;
  return StyleRole::kBody;
}

class StyleTable {
 public:
  void Load(const pugi::xml_document& styles) {
    pugi::xml_node root = styles.first_child();
    for (pugi::xml_node s : root.children()) {
      if (LocalName(s) != "style") continue;
      const char* id = Attr(s, "styleId");
      if (id == nullptr) continue;
      Entry e;
      if (pugi::xml_node name = Child(s, "name")) {
        if (const char* v = Attr(name, "val")) e.name = v;
      }
      if (pugi::xml_node based = Child(s, "basedOn")) {
        if (const char* v = Attr(based, "val")) e.based_on = v;
      }
      e.outline = IntVal(Child(Child(s, "pPr"), "outlineLvl"), 9);
      entries_[id] = std::move(e);
    }
  }

  StyleRole Role(const std::string& id) const {
    std::string current = id;
    for (int depth = 0; depth < 10; ++depth) {
      auto it = entries_.find(current);
      if (it == entries_.end()) return depth == 0 ? RoleFromName(id) : StyleRole::kBody;
      StyleRole r = RoleFromName(it->second.name);
      if (r != StyleRole::kBody) return r;
      if (it->second.outline < 9) return StyleRole::kHeading;
      if (it->second.based_on.empty()) return StyleRole::kBody;
      current = it->second.based_on;
    }
    return StyleRole::kBody;
  }

 private:
  struct Entry {
    std::string name;
    std::string based_on;
    int outline = 9;
  };
  std::unordered_map<std::string, Entry> entries_;
};

struct CellPos {
  int table = -1;
  int row = -1;
  int column = -1;
};

class Walker {
 public:
  Walker(const StyleTable& styles, std::vector<Block>& blocks) : styles_(styles), out_(blocks) {}

  void Body(const pugi::xml_node& body) { Container(body, CellPos{}, 0); }

 private:
  // Depth bounds the recursion on hostile documents (tables nested in cells, sdt in sdt).
  static constexpr int kMaxDepth = 64;

  void Container(const pugi::xml_node& node, const CellPos& cell, int depth) {
    if (depth > kMaxDepth) return;
    for (pugi::xml_node c : node.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view name = LocalName(c);
      if (name == "p") {
        Paragraph(c, cell, depth);
      } else if (name == "tbl") {
        Table(c, depth);
      } else if (name == "sdt") {
        Container(Child(c, "sdtContent"), cell, depth + 1);
      } else if (name == "customXml" || name == "ins" || name == "moveTo") {
        Container(c, cell, depth + 1);
      }
    }
  }

  void Table(const pugi::xml_node& tbl, int depth) {
    int index = table_count_++;
    int row = 0;
    for (pugi::xml_node tr : tbl.children()) {
      if (tr.type() != pugi::node_element) continue;
      std::string_view name = LocalName(tr);
      if (name == "sdt" || name == "customXml") {
        // Rows wrapped in content controls: look one level in.
        pugi::xml_node inner = name == "sdt" ? Child(tr, "sdtContent") : tr;
        for (pugi::xml_node r : inner.children()) {
          if (LocalName(r) == "tr") Row(r, index, row++, depth);
        }
      } else if (name == "tr") {
        Row(tr, index, row++, depth);
      }
    }
  }

  void Row(const pugi::xml_node& tr, int table, int row, int depth) {
    int column = IntVal(Child(Child(tr, "trPr"), "gridBefore"), 0);
    for (pugi::xml_node tc : tr.children()) {
      if (LocalName(tc) != "tc") continue;
      // A vMerge continuation is still present in the row with its own w:tc, so grid columns
      // come from gridSpan alone; its (empty) paragraphs produce no blocks.
      int span = std::max(1, IntVal(Child(Child(tc, "tcPr"), "gridSpan"), 1));
      Container(tc, CellPos{table, row, std::min(column, kMaxGridColumns)}, depth + 1);
      column = std::min(column + span, kMaxGridColumns);
    }
  }

  void Paragraph(const pugi::xml_node& p, const CellPos& cell, int depth) {
    BlockKind kind = cell.table >= 0 ? BlockKind::kTableCell : BlockKind::kParagraph;
    pugi::xml_node ppr = Child(p, "pPr");
    if (cell.table < 0 && ppr) {
      StyleRole role = StyleRole::kBody;
      if (const char* id = Attr(Child(ppr, "pStyle"), "val")) role = styles_.Role(id);
      if (IntVal(Child(ppr, "outlineLvl"), 9) < 9) role = StyleRole::kHeading;
      if (role == StyleRole::kTitle) kind = BlockKind::kTitle;
      if (role == StyleRole::kHeading) kind = BlockKind::kHeading;
    }
    current_ = Block();
    current_.kind = kind;
    current_.table = cell.table;
    current_.row = cell.row;
    current_.column = cell.column;
    textboxes_.clear();
    Inline(p, depth);
    EndLine();
    // Text boxes anchored in the paragraph follow it.
    std::vector<pugi::xml_node> boxes;
    boxes.swap(textboxes_);
    for (const pugi::xml_node& box : boxes) Container(box, cell, depth + 1);
  }

  // Runs and the wrappers that hold runs (hyperlinks, tracked insertions, fields...).
  void Inline(const pugi::xml_node& node, int depth) {
    if (depth > kMaxDepth) return;
    for (pugi::xml_node c : node.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view name = LocalName(c);
      if (name == "r") {
        Run(c, depth + 1);
      } else if (name == "hyperlink" || name == "ins" || name == "moveTo" || name == "smartTag" ||
                 name == "fldSimple" || name == "customXml" || name == "dir" || name == "bdo") {
        Inline(c, depth + 1);
      } else if (name == "sdt") {
        Inline(Child(c, "sdtContent"), depth + 1);
      }
      // del, moveFrom (deleted text), pPr, bookmarks, proofing marks: not visible text.
    }
  }

  void Run(const pugi::xml_node& r, int depth) {
    for (pugi::xml_node c : r.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view name = LocalName(c);
      if (name == "t") {
        // A stray line break or other control character becomes a space (one block per line
        // of `original`), malformed UTF-8 U+FFFD: the rules only ever see well-formed text.
        AppendCleanText(c.text().get(), current_.text);
      } else if (name == "tab" || name == "ptab") {
        current_.text.push_back('\t');
      } else if (name == "br" || name == "cr") {
        // A manual line break: the visible line ends, so the block does too.
        EndLine();
      } else if (name == "noBreakHyphen") {
        current_.text.push_back('-');
      } else if (name == "drawing" || name == "pict" || name == "AlternateContent" ||
                 name == "object") {
        FindTextboxes(c, depth + 1);
      }
      // delText, instrText (field codes), rPr, softHyphen, sym: not shown as text.
    }
  }

  void FindTextboxes(const pugi::xml_node& node, int depth) {
    if (depth > kMaxDepth) return;
    if (LocalName(node) == "txbxContent") {
      textboxes_.push_back(node);
      return;
    }
    if (LocalName(node) == "AlternateContent") {
      // Choice and Fallback hold the same text box twice: read the first Choice only.
      if (pugi::xml_node choice = Child(node, "Choice")) FindTextboxes(choice, depth + 1);
      return;
    }
    for (pugi::xml_node c : node.children()) {
      if (c.type() == pugi::node_element) FindTextboxes(c, depth + 1);
    }
  }

  // Ends the current line: a non-blank line becomes a block; the next one keeps its kind.
  void EndLine() {
    bool blank = std::all_of(current_.text.begin(), current_.text.end(),
                             [](char c) { return c == ' ' || c == '\t'; });
    if (!blank) {
      Block next;
      next.kind = current_.kind;
      next.table = current_.table;
      next.row = current_.row;
      next.column = current_.column;
      out_.push_back(std::move(current_));
      current_ = std::move(next);
    } else {
      current_.text.clear();
    }
  }

  const StyleTable& styles_;
  std::vector<Block>& out_;
  Block current_;
  std::vector<pugi::xml_node> textboxes_;
  int table_count_ = 0;
};

// pugixml builds a node of about 60 bytes (plus attributes) per element, so memory follows
// the element count, not the XML's size: 250 MB of empty <w:p/> took 2.7 GB. Real documents
// of a thousand pages stay well under this many elements.
constexpr size_t kMaxXmlElements = 4'000'000;

size_t CountElements(std::string_view xml, size_t stop_after) {
  size_t n = 0;
  for (size_t i = xml.find('<'); i != std::string_view::npos && n <= stop_after;
       i = xml.find('<', i + 1)) {
    if (i + 1 < xml.size() && xml[i + 1] != '/' && xml[i + 1] != '?' && xml[i + 1] != '!') ++n;
  }
  return n;
}

Status ParseXml(std::string& xml, const char* part, pugi::xml_document& doc) {
  if (CountElements(xml, kMaxXmlElements) > kMaxXmlElements) {
    return Status::Error(std::string(part) + " 的 XML 元素超过 " +
                         std::to_string(kMaxXmlElements / 10000) +
                         " 万个（可能是压缩炸弹或畸形文档），未读取");
  }
  // parse_ws_pcdata keeps <w:t xml:space="preserve"> </w:t>, a space between runs.
  pugi::xml_parse_result result = doc.load_buffer_inplace(
      xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata, pugi::encoding_auto);
  if (!result) {
    return Status::Error(std::string(part) + " 不是有效的 XML（偏移 " +
                         std::to_string(result.offset) + "：" + result.description() + "）");
  }
  return Status::Ok();
}

}  // namespace

Status ReadDocx(std::string_view bytes, const ReadOptions& options, Document& doc) {
  if (bytes.substr(0, 4) == "\xD0\xCF\x11\xE0") {
    return Status::Error(
        "不是有效的 .docx 文件（是旧版 .doc 或已加密的 Office 文件，不是 zip 压缩包）");
  }
  Result<std::unique_ptr<internal::ZipPackage>> zip =
      internal::ZipPackage::Open(bytes, "docx", options.max_docx_xml_bytes);
  if (!zip.ok()) return zip.status();

  std::string xml;
  if (Status s = (*zip)->Read(kDocumentPart, xml); !s.ok()) return s;
  pugi::xml_document document;
  if (Status s = ParseXml(xml, kDocumentPart, document); !s.ok()) return s;

  StyleTable styles;
  std::string styles_xml;
  pugi::xml_document styles_doc;
  // Styles only refine block kinds: a missing or broken styles part is not an error.
  if ((*zip)->Has(kStylesPart) && (*zip)->Read(kStylesPart, styles_xml).ok() &&
      ParseXml(styles_xml, kStylesPart, styles_doc).ok()) {
    styles.Load(styles_doc);
  }

  pugi::xml_node root = document.first_child();
  while (root && root.type() != pugi::node_element) root = root.next_sibling();
  pugi::xml_node body = root ? Child(root, "body") : pugi::xml_node();
  if (!body) {
    return Status::Error(std::string(kDocumentPart) + " 中没有正文（w:body）");
  }
  Walker walker(styles, doc.blocks);
  walker.Body(body);

  // The document's title: a Title-styled paragraph, or else a heading that opens it.
  bool has_title = std::any_of(doc.blocks.begin(), doc.blocks.end(),
                               [](const Block& b) { return b.kind == BlockKind::kTitle; });
  if (!has_title && !doc.blocks.empty() && doc.blocks.front().kind == BlockKind::kHeading) {
    doc.blocks.front().kind = BlockKind::kTitle;
  }

  size_t total = 0;
  for (const Block& b : doc.blocks) total += b.text.size() + 1;
  doc.original.clear();
  doc.original.reserve(total);
  for (Block& b : doc.blocks) {
    b.map.Add(0, doc.original.size());
    doc.original += b.text;
    doc.original.push_back('\n');
  }
  return Status::Ok();
}

}  // namespace cuomin::scanner::internal
