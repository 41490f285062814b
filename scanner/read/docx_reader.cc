// .docx drafts: the text of word/document.xml, paragraph by paragraph and cell by cell, in
// document order. Document::original is that text with one block per line, so a finding's
// line number counts the visible paragraphs (and lines split by manual breaks).
//
// Element names are compared by local name (after the prefix) because pugixml does not do
// namespaces and a few generators use a prefix other than "w:".
#include <zip.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/utf8.h"
#include "scanner/read/readers_internal.h"

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

// Appends w:t text; a stray line break becomes a space (one block per line of `original`)
// and malformed UTF-8 becomes U+FFFD, so the rules only ever see well-formed text.
void AppendText(std::string_view text, std::string& out) {
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out.push_back(c == '\n' || c == '\r' ? ' ' : static_cast<char>(c));
      ++i;
      continue;
    }
    size_t start = i;
    char32_t cp = utf8::Next(text, i);
    if (cp == utf8::kReplacement && i - start != 3) {
      utf8::Append(out, cp);
    } else {
      out.append(text.substr(start, i - start));
    }
  }
}

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

// Reads one archive member with the zip bomb guard: the stated size is checked first, and the
// read stops at the cap anyway because a crafted archive can lie about the size.
Status ReadMember(zip_t* zip, const char* name, size_t cap, bool required, std::string& out) {
  zip_int64_t index = zip_name_locate(zip, name, ZIP_FL_NOCASE);
  if (index < 0) {
    if (!required) return Status::Ok();
    return Status::Error(std::string("不是有效的 .docx 文件（缺少 ") + name + "）");
  }
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(zip, index, 0, &st) != 0) {
    return Status::Error(std::string("无法读取 ") + name + "（zip 压缩包已损坏）");
  }
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
    return Status::Error("文件已加密，无法读取");
  }
  if ((st.valid & ZIP_STAT_COMP_METHOD) && !zip_compression_method_supported(st.comp_method, 0)) {
    return Status::Error(std::string(name) + " 使用了不支持的压缩方式");
  }
  auto too_big = [&](size_t size) {
    return Status::Error(std::string(name) + " 解压后 " + FormatMegabytes(size) + " MB，超过上限 " +
                         FormatMegabytes(cap) + " MB（疑似 zip 炸弹）");
  };
  if ((st.valid & ZIP_STAT_SIZE) && st.size > cap) return too_big(st.size);
  std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(zip, index, 0));
  if (!file) {
    return Status::Error(std::string("无法读取 ") + name + "：" + zip_strerror(zip));
  }
  size_t expected = (st.valid & ZIP_STAT_SIZE) ? static_cast<size_t>(st.size) : 0;
  out.clear();
  out.resize(std::min(expected, cap) + 1);
  size_t got = 0;
  for (;;) {
    if (got == out.size()) {
      if (out.size() > cap) return too_big(out.size());
      out.resize(std::min(out.size() * 2 + 4096, cap + 1));
    }
    zip_int64_t n = zip_fread(file.get(), out.data() + got, out.size() - got);
    if (n < 0) {
      return Status::Error(std::string("无法解压 ") + name + "：" +
                           zip_error_strerror(zip_file_get_error(file.get())));
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
    if (got > cap) return too_big(got);
  }
  out.resize(got);
  return Status::Ok();
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
        AppendText(c.text().get(), current_.text);
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
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return Status::Error("无法读取 .docx 文件（内存不足）");
  }
  std::unique_ptr<zip_t, ZipCloser> zip(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (!zip) {
    zip_source_free(source);
    int code = zip_error_code_zip(&error);
    zip_error_fini(&error);
    if (code == ZIP_ER_NOZIP) return Status::Error("不是有效的 .docx 文件（不是 zip 压缩包）");
    return Status::Error("不是有效的 .docx 文件（zip 压缩包已损坏）");
  }
  zip_error_fini(&error);

  std::string xml;
  if (Status s = ReadMember(zip.get(), kDocumentPart, options.max_docx_xml_bytes, true, xml);
      !s.ok()) {
    return s;
  }
  pugi::xml_document document;
  if (Status s = ParseXml(xml, kDocumentPart, document); !s.ok()) return s;

  StyleTable styles;
  std::string styles_xml;
  pugi::xml_document styles_doc;
  // Styles only refine block kinds: a missing or broken styles part is not an error.
  if (ReadMember(zip.get(), kStylesPart, options.max_docx_xml_bytes, false, styles_xml).ok() &&
      !styles_xml.empty() && ParseXml(styles_xml, kStylesPart, styles_doc).ok()) {
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
