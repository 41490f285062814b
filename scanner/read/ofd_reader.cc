// OFD (GB/T 33190-2016): a zip package. OFD.xml names each document's root (DocBody/DocRoot);
// Document.xml lists the pages (Pages/Page BaseLoc, relative to the document's folder); each
// page's Content.xml holds TextObject elements with TextCode text. Text codes are placed by
// their position (TextObject Boundary + TextCode X/Y), grouped into lines top-down and left to
// right, so text written out of order by the generator still reads in page order. The pages
// then go through AddPagedText like PDF pages (第3页 in findings).
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "scanner/read/readers_internal.h"
#include "scanner/read/zip_xml.h"

namespace cuomin::scanner::internal {
namespace {

constexpr size_t kMaxXmlElements = 2'000'000;

// "a/b/../c.xml" relative to `base_dir` ("Doc_0/"); a leading '/' is the package root.
std::string Resolve(const std::string& base_dir, std::string_view loc) {
  std::string path =
      !loc.empty() && loc[0] == '/' ? std::string(loc.substr(1)) : base_dir + std::string(loc);
  std::vector<std::string> parts;
  size_t at = 0;
  while (at <= path.size()) {
    size_t slash = std::min(path.find('/', at), path.size());
    std::string part = path.substr(at, slash - at);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    at = slash + 1;
  }
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string DirOf(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "" : path.substr(0, slash + 1);
}

double Number(const char* s, double fallback = 0) {
  if (s == nullptr) return fallback;
  char* end = nullptr;
  double v = std::strtod(s, &end);
  return end == s || !std::isfinite(v) ? fallback : v;
}

struct Piece {
  double y;
  double x;
  double size;
  std::string text;
};

void CollectPieces(const pugi::xml_node& node, std::vector<Piece>& out, size_t& budget) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() != pugi::node_element || budget == 0) continue;
    --budget;
    std::string_view name = LocalNameOf(c.name());
    if (name != "TextObject") {
      CollectPieces(c, out, budget);
      continue;
    }
    // Boundary="x y w h" in mm; TextCode X/Y inside it (Y is the baseline).
    const char* boundary = AttrByLocalName(c, "Boundary");
    double bx = 0, by = 0;
    if (boundary != nullptr) {
      char* end = nullptr;
      bx = std::strtod(boundary, &end);
      by = std::strtod(end, nullptr);
      if (!std::isfinite(bx)) bx = 0;
      if (!std::isfinite(by)) by = 0;
    }
    double size = Number(AttrByLocalName(c, "Size"), 3.5);
    for (pugi::xml_node code : c.children()) {
      if (code.type() != pugi::node_element || LocalNameOf(code.name()) != "TextCode") continue;
      Piece p;
      p.x = bx + Number(AttrByLocalName(code, "X"));
      p.y = by + Number(AttrByLocalName(code, "Y"));
      p.size = size > 0 ? size : 3.5;
      AppendCleanText(code.text().get(), p.text);
      if (!p.text.empty()) out.push_back(std::move(p));
    }
  }
}

// Pieces -> lines: sorted by baseline, a piece within half a font size of the line's baseline
// joins it, each line ordered left to right.
std::string LayOut(std::vector<Piece> pieces) {
  std::stable_sort(pieces.begin(), pieces.end(),
                   [](const Piece& a, const Piece& b) { return a.y < b.y; });
  std::string out;
  for (size_t i = 0; i < pieces.size();) {
    size_t j = i + 1;
    while (j < pieces.size() && pieces[j].y - pieces[i].y < pieces[i].size / 2) ++j;
    std::stable_sort(pieces.begin() + static_cast<std::ptrdiff_t>(i),
                     pieces.begin() + static_cast<std::ptrdiff_t>(j),
                     [](const Piece& a, const Piece& b) { return a.x < b.x; });
    for (size_t k = i; k < j; ++k) out += pieces[k].text;
    out += '\n';
    i = j;
  }
  return out;
}

}  // namespace

Status ReadOfd(std::string_view bytes, const ReadOptions& options, Document& doc) {
  auto opened = ZipPackage::Open(bytes, "ofd", options.max_docx_xml_bytes);
  if (!opened.ok()) return opened.status();
  const ZipPackage& zip = **opened;
  std::string buf;
  pugi::xml_document root;
  if (Status s = zip.ReadXml("OFD.xml", 10'000, buf, root); !s.ok()) return s;
  std::vector<std::string> page_parts;
  for (pugi::xml_node body : root.first_child().children()) {
    if (LocalNameOf(body.name()) != "DocBody") continue;
    std::string doc_root = Resolve("", ChildByLocalName(body, "DocRoot").text().get());
    if (doc_root.empty()) continue;
    std::string doc_buf;
    pugi::xml_document document;
    if (Status s = zip.ReadXml(doc_root, kMaxXmlElements, doc_buf, document); !s.ok()) return s;
    pugi::xml_node pages = ChildByLocalName(document.first_child(), "Pages");
    for (pugi::xml_node page : pages.children()) {
      if (LocalNameOf(page.name()) != "Page") continue;
      const char* loc = AttrByLocalName(page, "BaseLoc");
      page_parts.push_back(loc == nullptr ? "" : Resolve(DirOf(doc_root), loc));
    }
  }
  if (page_parts.empty()) return Status::Error("OFD 文件中没有页面（OFD.xml 未指向任何文档页）");
  size_t read =
      std::min(page_parts.size(), static_cast<size_t>(std::max(0, options.max_pdf_pages)));
  std::vector<PageContent> texts(read);
  for (size_t i = 0; i < read; ++i) {
    std::string page_buf;
    pugi::xml_document content;
    if (page_parts[i].empty() || !zip.Has(page_parts[i])) {
      doc.problems.push_back(
          {"第 " + std::to_string(i + 1) + " 页的内容缺失（" + page_parts[i] + "），未检查", 0});
      continue;
    }
    if (Status s = zip.ReadXml(page_parts[i], kMaxXmlElements, page_buf, content); !s.ok()) {
      doc.problems.push_back({"第 " + std::to_string(i + 1) + " 页无法读取：" + s.message(), 0});
      continue;
    }
    std::vector<Piece> pieces;
    size_t budget = kMaxXmlElements;
    CollectPieces(content, pieces, budget);
    texts[i].text = LayOut(std::move(pieces));
  }
  AddPagedText(texts, doc);
  if (page_parts.size() > read) {
    doc.problems.push_back({"OFD 共 " + std::to_string(page_parts.size()) + " 页，只检查了前 " +
                                std::to_string(read) + " 页",
                            doc.original.size()});
  }
  return Status::Ok();
}

}  // namespace cuomin::scanner::internal
