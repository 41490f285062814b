// Minimal writers for the attachment formats, so that tests make their fixtures from Chinese
// text at run time instead of carrying opaque binaries: PDF (Type0 font, Identity-H, a
// ToUnicode map: poppler extracts the text without the glyphs), zip archives (.xlsx, .ofd).
#pragma once

#include <unistd.h>
#include <zip.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "common/utf8.h"

namespace cuomin::testing_writers {

// UTF-8 -> big-endian UTF-16 code units in hex, the glyph ids of the Identity-H font below
// (each CID is its code point; BMP only, which covers the CJK the tests use).
inline std::string Utf16Hex(std::string_view text) {
  std::string out;
  char buf[8];
  for (size_t i = 0; i < text.size();) {
    char32_t cp = utf8::Next(text, i);
    if (cp > 0xFFFF) cp = 0xFFFD;
    std::snprintf(buf, sizeof buf, "%04X", static_cast<unsigned>(cp));
    out += buf;
  }
  return out;
}

// A PDF with one page per element of `pages`, each a list of lines printed top-down at 12 pt.
// A page given as an empty list has no text at all (like a scanned page without OCR layer).
inline std::string MakePdf(const std::vector<std::vector<std::string>>& pages) {
  std::vector<std::string> objects;  // object i+1
  auto add = [&](std::string body) {
    objects.push_back(std::move(body));
    return objects.size();
  };
  add("<< /Type /Catalog /Pages 2 0 R >>");
  add("");  // pages, filled below
  std::string cmap =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  for (int block = 0; block < 256; block += 64) {
    cmap += "64 beginbfrange\n";
    char buf[64];
    for (int hi = block; hi < block + 64; ++hi) {
      std::snprintf(buf, sizeof buf, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi);
      cmap += buf;
    }
    cmap += "endbfrange\n";
  }
  cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  size_t tounicode =
      add("<< /Length " + std::to_string(cmap.size()) + " >>\nstream\n" + cmap + "endstream");
  size_t descriptor =
      add("<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 900] "
          "/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>");
  size_t cidfont =
      add("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry "
          "(Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor " +
          std::to_string(descriptor) + " 0 R /DW 1000 >>");
  size_t font =
      add("<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
          "/DescendantFonts [" +
          std::to_string(cidfont) + " 0 R] /ToUnicode " + std::to_string(tounicode) + " 0 R >>");
  std::string kids;
  for (const auto& lines : pages) {
    std::string content = "BT\n/F1 12 Tf\n";
    int y = 800;
    for (const std::string& line : lines) {
      content += "1 0 0 1 56 " + std::to_string(y) + " Tm <" + Utf16Hex(line) + "> Tj\n";
      y -= 18;
    }
    content += "ET\n";
    size_t stream = add("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                        "endstream");
    size_t page =
        add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
            "<< /F1 " +
            std::to_string(font) + " 0 R >> >> /Contents " + std::to_string(stream) + " 0 R >>");
    kids += std::to_string(page) + " 0 R ";
  }
  objects[1] =
      "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>";
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
  }
  size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f \n";
  char buf[32];
  for (size_t o : offsets) {
    std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", o);
    pdf += buf;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objects.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

// A zip archive of `members` (name, bytes), in memory; a temp file named by process id.
inline std::string MakeZipArchive(const std::vector<std::pair<std::string, std::string>>& members) {
  std::string path = "/tmp/cuomin_writers_" + std::to_string(::getpid()) + ".zip";
  std::remove(path.c_str());
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (z == nullptr) return "";
  for (const auto& [name, data] : members) {
    zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
    zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8);
  }
  zip_close(z);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  std::remove(path.c_str());
  return s.str();
}

}  // namespace cuomin::testing_writers
