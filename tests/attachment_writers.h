// Minimal writers for the attachment formats, so that tests make their fixtures from Chinese
// text at run time instead of carrying opaque binaries: PDF (Type0 font, Identity-H, a
// ToUnicode map: poppler extracts the text without the glyphs), zip archives (.xlsx, .ofd).
#pragma once

#include <zip.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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

// A PDF file of `objects` (object i+1 is objects[i]; object 1 is the catalog): the header, the
// objects, the cross-reference table and the trailer.
inline std::string PdfFile(const std::vector<std::string>& objects) {
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

// A run of text placed on a PDF page as poppler reports it back: the top left corner of its
// box in points from the page's top left, its width and height. The font (every glyph one em
// wide, ascent 0.88 em) is scaled so that the box comes back as given.
struct PlacedText {
  std::string text;
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
};

// The PDF drawing of `runs` on an A4 page (595 x 842 pt).
inline std::string PlacedContent(const std::vector<PlacedText>& runs) {
  std::string content = "BT\n/F1 1 Tf\n";
  char buf[160];
  for (const PlacedText& r : runs) {
    size_t chars = 0;
    for (unsigned char c : r.text) chars += (c & 0xC0) != 0x80;
    if (chars == 0 || r.height <= 0) continue;
    double sx = r.width > 0 ? r.width / static_cast<double>(chars) : r.height;
    double baseline = 842 - r.y - 0.88 * r.height;
    std::snprintf(buf, sizeof buf, "%.3f 0 0 %.3f %.3f %.3f Tm ", sx, r.height, r.x, baseline);
    content += buf;
    content += "<" + Utf16Hex(r.text) + "> Tj\n";
  }
  return content + "ET\n";
}

inline std::string MakePdfFromContents(const std::vector<std::string>& contents);

// A PDF with one page per element of `pages`, each the runs placed on it.
inline std::string MakePlacedPdf(const std::vector<std::vector<PlacedText>>& pages) {
  std::vector<std::string> contents;
  for (const auto& runs : pages) contents.push_back(PlacedContent(runs));
  return MakePdfFromContents(contents);
}

// A PDF with one page per element of `pages`, each a list of lines printed top-down at 12 pt.
// A page given as an empty list has no text at all (like a scanned page without OCR layer).
inline std::string MakePdf(const std::vector<std::vector<std::string>>& pages) {
  std::vector<std::string> contents;
  for (const auto& lines : pages) {
    std::string content = "BT\n/F1 12 Tf\n";
    int y = 800;
    for (const std::string& line : lines) {
      content += "1 0 0 1 56 " + std::to_string(y) + " Tm <" + Utf16Hex(line) + "> Tj\n";
      y -= 18;
    }
    content += "ET\n";
    contents.push_back(std::move(content));
  }
  return MakePdfFromContents(contents);
}

// A PDF whose pages draw `contents` (content streams) with font /F1: a CID font whose
// ToUnicode map is the identity on UTF-16 code units.
inline std::string MakePdfFromContents(const std::vector<std::string>& contents) {
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
  for (const std::string& content : contents) {
    size_t stream = add("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                        "endstream");
    size_t page =
        add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
            "<< /F1 " +
            std::to_string(font) + " 0 R >> >> /Contents " + std::to_string(stream) + " 0 R >>");
    kids += std::to_string(page) + " 0 R ";
  }
  objects[1] =
      "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(contents.size()) + " >>";
  return PdfFile(objects);
}

// A zip archive of `members` (name, bytes), in memory; a temp file named by process id.
// Built in memory (a libzip buffer source), so that tests running at the same time never
// share a file and nothing is left behind when a test fails.
inline std::string MakeZipArchive(const std::vector<std::pair<std::string, std::string>>& members) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_error_fini(&error);
  if (buffer == nullptr) return "";
  zip_source_keep(buffer);  // read it back after zip_close
  zip_error_init(&error);
  zip_t* z = zip_open_from_source(buffer, ZIP_CREATE | ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  if (z == nullptr) {
    zip_source_free(buffer);
    zip_source_free(buffer);
    return "";
  }
  for (const auto& [name, data] : members) {
    zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
    if (zip_file_add(z, name.c_str(), src, ZIP_FL_OVERWRITE | ZIP_FL_ENC_UTF_8) < 0) {
      zip_source_free(src);
    }
  }
  std::string out;
  if (zip_close(z) != 0) {
    zip_discard(z);
  } else if (zip_source_open(buffer) == 0) {
    char chunk[65536];
    zip_int64_t n;
    while ((n = zip_source_read(buffer, chunk, sizeof chunk)) > 0) {
      out.append(chunk, static_cast<size_t>(n));
    }
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  return out;
}

inline std::string XmlEscape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '<') {
      out += "&lt;";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '>') {
      out += "&gt;";
    } else {
      out += c;
    }
  }
  return out;
}

// An OFD package (GB/T 33190) with one page per element of `pages`, each line one TextObject
// 5 mm below the last. `reverse`: the objects of each page written bottom-up, as some
// generators do, so that only their positions give the reading order.
inline std::string MakeOfd(const std::vector<std::vector<std::string>>& pages,
                           bool reverse = false) {
  const std::string ns = "xmlns:ofd=\"http://www.ofdspec.org/2016\"";
  std::vector<std::pair<std::string, std::string>> members;
  members.push_back({"OFD.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:OFD " + ns +
                                    " Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo/>"
                                    "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>"
                                    "</ofd:OFD>"});
  std::string list;
  for (size_t p = 0; p < pages.size(); ++p) {
    std::string n = std::to_string(p);
    list += "<ofd:Page ID=\"" + std::to_string(p + 10) + "\" BaseLoc=\"Pages/Page_" + n +
            "/Content.xml\"/>";
    std::vector<std::string> objects;
    for (size_t l = 0; l < pages[p].size(); ++l) {
      objects.push_back("<ofd:TextObject ID=\"" + std::to_string(100 + l) + "\" Boundary=\"20 " +
                        std::to_string(20 + 5 * l) +
                        " 170 5\" Font=\"1\" Size=\"3.5\"><ofd:TextCode X=\"0\" Y=\"3.5\">" +
                        XmlEscape(pages[p][l]) + "</ofd:TextCode></ofd:TextObject>");
    }
    if (reverse) std::reverse(objects.begin(), objects.end());
    std::string content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Page " + ns +
                          "><ofd:Content><ofd:Layer ID=\"2\">";
    for (const std::string& o : objects) content += o;
    content += "</ofd:Layer></ofd:Content></ofd:Page>";
    members.push_back({"Doc_0/Pages/Page_" + n + "/Content.xml", content});
  }
  members.push_back({"Doc_0/Document.xml",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Document " + ns +
                         "><ofd:CommonData/><ofd:Pages>" + list + "</ofd:Pages></ofd:Document>"});
  return MakeZipArchive(members);
}

// One spreadsheet cell: text (a shared string) or a number cell whose stored digits are
// `text` as written (how an ID number typed into a number cell is saved by many generators).
struct XlsxCell {
  std::string text;
  bool number = false;
};
using XlsxRow = std::vector<XlsxCell>;
struct XlsxSheet {
  std::string name;
  std::vector<XlsxRow> rows;  // row 1 first; an empty row is skipped in the XML
};

inline std::string ColumnLetters(size_t column) {
  std::string out;
  for (size_t c = column + 1; c > 0; c = (c - 1) / 26)
    out.insert(out.begin(), char('A' + (c - 1) % 26));
  return out;
}

inline std::string MakeXlsx(const std::vector<XlsxSheet>& sheets) {
  std::vector<std::pair<std::string, std::string>> members;
  std::string shared_xml;
  size_t shared = 0;
  std::string workbook =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook "
      "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets>";
  std::string rels =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships "
      "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
  for (size_t si = 0; si < sheets.size(); ++si) {
    std::string n = std::to_string(si + 1);
    workbook += "<sheet name=\"" + XmlEscape(sheets[si].name) + "\" sheetId=\"" + n +
                "\" r:id=\"rId" + n + "\"/>";
    rels += "<Relationship Id=\"rId" + n +
            "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
            "worksheet\" Target=\"worksheets/sheet" +
            n + ".xml\"/>";
    std::string xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet "
        "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
    for (size_t r = 0; r < sheets[si].rows.size(); ++r) {
      const XlsxRow& row = sheets[si].rows[r];
      if (row.empty()) continue;
      xml += "<row r=\"" + std::to_string(r + 1) + "\">";
      for (size_t c = 0; c < row.size(); ++c) {
        std::string ref = ColumnLetters(c) + std::to_string(r + 1);
        if (row[c].text.empty()) continue;
        if (row[c].number) {
          xml += "<c r=\"" + ref + "\"><v>" + row[c].text + "</v></c>";
        } else {
          xml += "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(shared++) + "</v></c>";
          shared_xml += "<si><t>" + XmlEscape(row[c].text) + "</t></si>";
        }
      }
      xml += "</row>";
    }
    xml += "</sheetData></worksheet>";
    members.push_back({"xl/worksheets/sheet" + n + ".xml", xml});
  }
  workbook += "</sheets></workbook>";
  rels += "</Relationships>";
  members.push_back({"[Content_Types].xml", "<Types/>"});
  members.push_back({"xl/workbook.xml", workbook});
  members.push_back({"xl/_rels/workbook.xml.rels", rels});
  members.push_back({"xl/sharedStrings.xml",
                     "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst "
                     "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
                         shared_xml + "</sst>"});
  return MakeZipArchive(members);
}

// UTF-8 -> UTF-16LE bytes.
inline std::string Utf16Le(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    char32_t cp = utf8::Next(text, i);
    auto unit = [&](unsigned u) {
      out.push_back(static_cast<char>(u & 0xFF));
      out.push_back(static_cast<char>(u >> 8));
    };
    if (cp > 0xFFFF) {
      cp -= 0x10000;
      unit(0xD800 + (static_cast<unsigned>(cp) >> 10));
      unit(0xDC00 + (static_cast<unsigned>(cp) & 0x3FF));
    } else {
      unit(static_cast<unsigned>(cp));
    }
  }
  return out;
}

inline void Put16(std::string& out, unsigned v) {
  out.push_back(static_cast<char>(v & 0xFF));
  out.push_back(static_cast<char>((v >> 8) & 0xFF));
}
inline void Put32(std::string& out, uint32_t v) {
  Put16(out, v & 0xFFFF);
  Put16(out, v >> 16);
}
inline std::string BiffRecord(unsigned type, const std::string& data) {
  std::string r;
  Put16(r, type);
  Put16(r, static_cast<unsigned>(data.size()));
  return r + data;
}

// An OLE compound file (version 3, 512-byte sectors) holding one stream, "Workbook" or
// "WordDocument"; the stream is padded to 4096 bytes so it is never in the mini stream.
inline std::string MakeCompoundFile(const std::string& stream_name, std::string stream) {
  if (stream.size() < 4096) stream.resize(4096, '\0');
  size_t data_sectors = (stream.size() + 511) / 512;
  stream.resize(data_sectors * 512, '\0');
  size_t fat_sectors = 1;
  while ((data_sectors + 1 + fat_sectors) > fat_sectors * 128) ++fat_sectors;
  const uint32_t kEnd = 0xFFFFFFFE, kFree = 0xFFFFFFFF, kFat = 0xFFFFFFFD;
  size_t dir_sector = data_sectors;
  std::string header;
  header += std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  header += std::string(16, '\0');
  Put16(header, 0x3E);
  Put16(header, 3);
  Put16(header, 0xFFFE);
  Put16(header, 9);
  Put16(header, 6);
  header += std::string(6, '\0');
  Put32(header, 0);  // directory sectors (0 in version 3)
  Put32(header, static_cast<uint32_t>(fat_sectors));
  Put32(header, static_cast<uint32_t>(dir_sector));
  Put32(header, 0);
  Put32(header, 4096);
  Put32(header, kEnd);
  Put32(header, 0);
  Put32(header, kEnd);
  Put32(header, 0);
  for (size_t i = 0; i < 109; ++i) {
    Put32(header, i < fat_sectors ? static_cast<uint32_t>(dir_sector + 1 + i) : kFree);
  }
  auto entry = [](const std::string& name, int type, uint32_t child, uint32_t start,
                  uint32_t size) {
    std::string e = Utf16Le(name);
    size_t name_bytes = name.empty() ? 0 : e.size() + 2;
    e.resize(64, '\0');
    Put16(e, static_cast<unsigned>(name_bytes));
    e.push_back(static_cast<char>(type));
    e.push_back(1);  // black
    Put32(e, 0xFFFFFFFF);
    Put32(e, 0xFFFFFFFF);
    Put32(e, child);
    e += std::string(16 + 4 + 16, '\0');
    Put32(e, start);
    Put32(e, size);
    Put32(e, 0);
    return e;
  };
  std::string dir = entry("Root Entry", 5, 1, kEnd, 0) +
                    entry(stream_name, 2, 0xFFFFFFFF, 0, static_cast<uint32_t>(stream.size())) +
                    entry("", 0, 0xFFFFFFFF, 0, 0) + entry("", 0, 0xFFFFFFFF, 0, 0);
  std::string fat;
  for (size_t i = 0; i < data_sectors; ++i) {
    Put32(fat, i + 1 < data_sectors ? static_cast<uint32_t>(i + 1) : kEnd);
  }
  Put32(fat, kEnd);  // the directory
  for (size_t i = 0; i < fat_sectors; ++i) Put32(fat, kFat);
  while (fat.size() < fat_sectors * 512) Put32(fat, kFree);
  return header + stream + dir + fat;
}

// A BIFF8 .xls: text cells as LABEL records, number cells as NUMBER (a double, as Excel
// stores every number). `protected_by_password` adds the FILEPASS record (XOR obfuscation)
// that Excel writes for a workbook opened only with a password.
// `claimed_rows`, `claimed_columns`: when not 0, what each sheet's DIMENSIONS record says
// (a file may claim far more than it holds).
inline std::string MakeXls(const std::vector<XlsxSheet>& sheets, bool protected_by_password = false,
                           uint32_t claimed_rows = 0, unsigned claimed_columns = 0) {
  auto bof = [](unsigned kind) {
    std::string d;
    Put16(d, 0x0600);
    Put16(d, kind);
    Put16(d, 0x0DBB);
    Put16(d, 0x07CC);
    Put32(d, 0);
    Put32(d, 6);
    return BiffRecord(0x0809, d);
  };
  std::vector<std::string> bodies;
  for (const XlsxSheet& sheet : sheets) {
    size_t columns = 0;
    for (const XlsxRow& row : sheet.rows) columns = std::max(columns, row.size());
    std::string b = bof(0x0010);
    std::string dim;
    Put32(dim, 0);
    Put32(dim, claimed_rows != 0 ? claimed_rows : static_cast<uint32_t>(sheet.rows.size()));
    Put16(dim, 0);
    Put16(dim, claimed_columns != 0 ? claimed_columns : static_cast<unsigned>(columns));
    Put16(dim, 0);
    b += BiffRecord(0x0200, dim);
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      for (size_t c = 0; c < sheet.rows[r].size(); ++c) {
        const XlsxCell& cell = sheet.rows[r][c];
        if (cell.text.empty()) continue;
        std::string d;
        Put16(d, static_cast<unsigned>(r));
        Put16(d, static_cast<unsigned>(c));
        Put16(d, 0);
        if (cell.number) {
          double v = std::strtod(cell.text.c_str(), nullptr);
          char bytes[8];
          std::memcpy(bytes, &v, 8);
          d.append(bytes, 8);
          b += BiffRecord(0x0203, d);
        } else {
          std::string wide = Utf16Le(cell.text);
          Put16(d, static_cast<unsigned>(wide.size() / 2));
          d.push_back(1);
          b += BiffRecord(0x0204, d + wide);
        }
      }
    }
    b += BiffRecord(0x000A, "");
    bodies.push_back(std::move(b));
  }
  std::string codepage;
  Put16(codepage, 1200);
  std::vector<std::string> names;
  std::string filepass;
  if (protected_by_password) filepass = BiffRecord(0x002F, std::string("\0\0\x12\x34\x56\x78", 6));
  size_t globals = bof(0x0005).size() + filepass.size() + BiffRecord(0x0042, codepage).size() + 4;
  for (const XlsxSheet& sheet : sheets) {
    names.push_back(Utf16Le(sheet.name));
    globals += 4 + 6 + 2 + names.back().size();
  }
  std::string stream = bof(0x0005) + filepass + BiffRecord(0x0042, codepage);
  size_t at = globals;
  for (size_t i = 0; i < sheets.size(); ++i) {
    std::string d;
    Put32(d, static_cast<uint32_t>(at));
    d.push_back(0);
    d.push_back(0);
    d.push_back(static_cast<char>(names[i].size() / 2));
    d.push_back(1);
    stream += BiffRecord(0x0085, d + names[i]);
    at += bodies[i].size();
  }
  stream += BiffRecord(0x000A, "");
  for (const std::string& b : bodies) stream += b;
  return MakeCompoundFile("Workbook", stream);
}

// A Word 97 .doc: a FIB that says the text is UTF-16 (fExtChar) from fcMin to fcMac, and the
// paragraphs, each ended by a carriage return as Word stores them.
inline std::string MakeDoc(const std::vector<std::string>& paragraphs) {
  std::string body;
  for (const std::string& p : paragraphs) body += Utf16Le(p + "\r");
  std::string fib(1024, '\0');
  std::string head;
  Put16(head, 0xA5EC);
  Put16(head, 0x00C1);
  fib.replace(0, 4, head);
  std::string flags;
  Put16(flags, 0x1000);
  fib.replace(10, 2, flags);
  std::string range;
  Put32(range, 1024);
  Put32(range, static_cast<uint32_t>(1024 + body.size()));
  fib.replace(24, 8, range);
  // Word keeps formatting after the text; catdoc stops short of the text's end when the text
  // runs to the stream's last sector, so some follows here too.
  return MakeCompoundFile("WordDocument", fib + body + std::string(4096, '\0'));
}

// A 公示 list of subsidy recipients: name, ID number, mobile, the way offices publish them.
// Row i (0-based) is, by i % 10: 0 both masked (3303**********1234, 138****5678); 1 an ID
// number with a wrong check digit; 2 an ID number ending in X whose first 17 digits pass
// Luhn (the bank-card trap); else a valid ID number. Mobiles are complete except in rows 0.
struct ListRow {
  std::string name;
  std::string id;
  std::string mobile;
};

inline char IdCheckDigit(std::string_view first17) {
  static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[static_cast<size_t>(i)] - '0') * kWeights[i];
  return "10X98765432"[sum % 11];
}

inline bool LuhnOk(std::string_view digits) {
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    int n = digits[digits.size() - 1 - i] - '0';
    if (i % 2 == 1) n = n * 2 > 9 ? n * 2 - 9 : n * 2;
    sum += n;
  }
  return sum % 10 == 0;
}

inline std::vector<ListRow> MakeList(size_t rows) {
  static const char* kSurnames[] = {"张", "王", "李", "赵", "陈", "刘", "杨", "黄", "周", "吴"};
  static const char* kGiven[] = {"建国", "秀英", "志强", "丽华", "海燕", "文军", "桂兰", "德明"};
  static const char* kPrefixes[] = {"138", "139", "150", "151", "186", "177", "135", "188"};
  std::vector<ListRow> out;
  char buf[32];
  for (size_t i = 0; i < rows; ++i) {
    ListRow r;
    r.name = std::string(kSurnames[i % 10]) + kGiven[(i / 10) % 8];
    int year = 1950 + static_cast<int>(i % 50), month = 1 + static_cast<int>(i % 12),
        day = 1 + static_cast<int>(i % 28);
    std::snprintf(buf, sizeof buf, "330302%04d%02d%02d", year, month, day);
    std::string first17 = buf;
    if (i % 10 == 2) {
      // Find a sequence number whose check digit is X and whose 17 digits pass Luhn.
      for (int seq = 0; seq < 1000; ++seq) {
        std::snprintf(buf, sizeof buf, "%03d", seq);
        std::string candidate = first17 + buf;
        if (IdCheckDigit(candidate) == 'X' && LuhnOk(candidate)) {
          r.id = candidate + "X";
          break;
        }
      }
    } else {
      std::snprintf(buf, sizeof buf, "%03zu", (i * 7) % 1000);
      std::string id17 = first17 + buf;
      char check = IdCheckDigit(id17);
      if (i % 10 == 1)
        check = check == '0' ? '1' : (check == 'X' ? '0' : check == '9' ? 'X' : char(check + 1));
      r.id = id17 + check;
    }
    std::snprintf(buf, sizeof buf, "%s%08zu", kPrefixes[i % 8], (i * 7919 + 1234567) % 100000000);
    r.mobile = buf;
    if (i % 10 == 0) {
      r.id = r.id.substr(0, 4) + "**********" + r.id.substr(14);
      r.mobile = r.mobile.substr(0, 3) + "****" + r.mobile.substr(7);
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace cuomin::testing_writers
