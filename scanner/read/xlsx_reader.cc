// .xlsx through libzip + pugixml: every sheet in workbook order, every cell with a value,
// shared and inline strings, numbers as their stored digits. Document::original holds one line
// per row with the cells separated by tabs; each cell is a kTableCell block and a Region with
// its sheet and reference, so a finding says 名单!C17.
//
// Numbers are never passed through a double: an 18-digit ID number in a number cell is stored
// as "330302199003071231" (or 3.30302199003071E+17, which Excel itself shows as
// 330302199003071000) and is read as exactly those digits.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <unordered_map>
#include <vector>

#include "scanner/read/readers_internal.h"
#include "scanner/read/zip_xml.h"

namespace cuomin::scanner::internal {
namespace {

constexpr size_t kMaxXmlElements = 4'000'000;

// "C17" -> column 2 (0-based), row 17; false when it is no cell reference.
bool ParseReference(std::string_view ref, int& column, int& row) {
  size_t i = 0;
  long col = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && i < 3) {
    col = col * 26 + (ref[i] - 'A' + 1);
    ++i;
  }
  if (i == 0 || i == ref.size()) return false;
  long r = 0;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9' || r > 10'000'000) return false;
    r = r * 10 + (ref[i] - '0');
  }
  if (r == 0) return false;
  column = static_cast<int>(col - 1);
  row = static_cast<int>(r);
  return true;
}

}  // namespace

// The digits a number cell shows with the General or "0" format, from its stored text:
// "1.5" stays, "330302199003071231" stays, "3.30302199003071E+17" -> "330302199003071000",
// "42.0" -> "42". Text, not arithmetic, so no digit is lost.
std::string NumberText(std::string_view v) {
  size_t e = v.find_first_of("eE");
  if (e == std::string_view::npos) {
    std::string s(v);
    size_t dot = s.find('.');
    if (dot != std::string::npos && s.find_first_not_of('0', dot + 1) == std::string::npos) {
      s.erase(dot);
    }
    return s;
  }
  std::string_view mantissa = v.substr(0, e);
  long exponent = std::strtol(std::string(v.substr(e + 1)).c_str(), nullptr, 10);
  if (exponent < 0 || exponent > 30) return std::string(v);
  std::string sign;
  if (!mantissa.empty() && (mantissa[0] == '-' || mantissa[0] == '+')) {
    if (mantissa[0] == '-') sign = "-";
    mantissa.remove_prefix(1);
  }
  size_t dot = mantissa.find('.');
  std::string digits(mantissa.substr(0, dot));
  std::string fraction(dot == std::string_view::npos ? "" : mantissa.substr(dot + 1));
  for (char c : digits + fraction) {
    if (c < '0' || c > '9') return std::string(v);
  }
  auto shift = static_cast<size_t>(exponent);
  if (fraction.size() <= shift) {
    digits += fraction + std::string(shift - fraction.size(), '0');
    return sign + digits;
  }
  return sign + digits + fraction.substr(0, shift) + "." + fraction.substr(shift);
}

std::string ColumnName(int column) {
  std::string out;
  for (int c = column + 1; c > 0; c = (c - 1) / 26) {
    out.insert(out.begin(), static_cast<char>('A' + (c - 1) % 26));
  }
  return out;
}

void AppendCell(int sheet_index, const std::string& sheet, int row, int column,
                const std::string& text, bool first_in_row, Document& doc) {
  if (!first_in_row) {
    doc.original.push_back('\t');
  } else if (!doc.original.empty()) {
    doc.original.push_back('\n');
  }
  Region region;
  region.offset = doc.original.size();
  region.sheet = sheet;
  region.cell = ColumnName(column) + std::to_string(row);
  region.column = column;
  doc.regions.push_back(std::move(region));
  Block block;
  block.kind = BlockKind::kTableCell;
  block.table = sheet_index;
  block.row = row - 1;
  block.column = column;
  block.map.Add(0, doc.original.size());
  block.text = text;
  doc.original += text;
  doc.blocks.push_back(std::move(block));
}

namespace {

// All text of an <si> or <is>: its <t>, or the <t> of each rich-text run <r>, skipping the
// phonetic guide <rPh>.
void CollectText(const pugi::xml_node& node, std::string& out) {
  for (pugi::xml_node c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    std::string_view name = LocalNameOf(c.name());
    if (name == "t") {
      AppendCleanText(c.text().get(), out);
    } else if (name == "r") {
      CollectText(c, out);
    }
  }
}

struct SheetRef {
  std::string name;
  std::string part;  // "xl/worksheets/sheet1.xml"
};

Status ListSheets(const ZipPackage& zip, std::vector<SheetRef>& sheets) {
  std::string wb_buf, rels_buf;
  pugi::xml_document wb, rels;
  if (Status s = zip.ReadXml("xl/workbook.xml", 100'000, wb_buf, wb); !s.ok()) return s;
  std::unordered_map<std::string, std::string> targets;
  if (zip.Has("xl/_rels/workbook.xml.rels")) {
    if (Status s = zip.ReadXml("xl/_rels/workbook.xml.rels", 100'000, rels_buf, rels); !s.ok()) {
      return s;
    }
    for (pugi::xml_node r : rels.first_child().children()) {
      const char* id = AttrByLocalName(r, "Id");
      const char* target = AttrByLocalName(r, "Target");
      if (id == nullptr || target == nullptr) continue;
      std::string t = target;
      // Targets are relative to xl/, or absolute from the package root.
      t = t.rfind('/', 0) == 0 ? t.substr(1) : "xl/" + t;
      targets[id] = t;
    }
  }
  pugi::xml_node list = ChildByLocalName(wb.first_child(), "sheets");
  int n = 0;
  for (pugi::xml_node sheet : list.children()) {
    if (LocalNameOf(sheet.name()) != "sheet") continue;
    ++n;
    SheetRef ref;
    const char* name = AttrByLocalName(sheet, "name");
    ref.name = name != nullptr ? name : "Sheet" + std::to_string(n);
    const char* rid = AttrByLocalName(sheet, "id");
    auto it = rid != nullptr ? targets.find(rid) : targets.end();
    ref.part =
        it != targets.end() ? it->second : "xl/worksheets/sheet" + std::to_string(n) + ".xml";
    sheets.push_back(std::move(ref));
  }
  return Status::Ok();
}

}  // namespace

Status ReadXlsx(std::string_view bytes, const ReadOptions& options, Document& doc) {
  auto opened = ZipPackage::Open(bytes, "xlsx", options.max_docx_xml_bytes);
  if (!opened.ok()) return opened.status();
  const ZipPackage& zip = **opened;
  std::vector<SheetRef> sheets;
  if (Status s = ListSheets(zip, sheets); !s.ok()) return s;

  std::vector<std::string> shared;
  if (zip.Has("xl/sharedStrings.xml")) {
    std::string buf;
    pugi::xml_document sst;
    if (Status s = zip.ReadXml("xl/sharedStrings.xml", kMaxXmlElements, buf, sst); !s.ok()) {
      return s;
    }
    for (pugi::xml_node si : sst.first_child().children()) {
      if (LocalNameOf(si.name()) != "si") continue;
      shared.emplace_back();
      CollectText(si, shared.back());
    }
  }

  size_t cells = 0;
  bool capped = false;
  for (size_t si = 0; si < sheets.size() && !capped; ++si) {
    const SheetRef& sheet = sheets[si];
    if (!zip.Has(sheet.part)) {
      doc.problems.push_back({"工作表“" + sheet.name + "”缺少数据（" + sheet.part + "），未检查",
                              doc.original.size()});
      continue;
    }
    std::string buf;
    pugi::xml_document xml;
    if (Status s = zip.ReadXml(sheet.part, kMaxXmlElements, buf, xml); !s.ok()) {
      doc.problems.push_back(
          {"工作表“" + sheet.name + "”无法读取：" + s.message(), doc.original.size()});
      continue;
    }
    pugi::xml_node data = ChildByLocalName(xml.first_child(), "sheetData");
    int next_row = 1;
    for (pugi::xml_node row : data.children()) {
      if (LocalNameOf(row.name()) != "row") continue;
      int row_number = next_row;
      if (const char* r = AttrByLocalName(row, "r")) {
        long v = std::strtol(r, nullptr, 10);
        if (v > 0 && v < 10'000'000) row_number = static_cast<int>(v);
      }
      next_row = row_number + 1;
      bool any = false;
      int next_column = 0;
      for (pugi::xml_node c : row.children()) {
        if (LocalNameOf(c.name()) != "c") continue;
        int column = next_column, ref_row = row_number;
        if (const char* r = AttrByLocalName(c, "r")) {
          if (!ParseReference(r, column, ref_row)) ref_row = row_number;
        }
        next_column = column + 1;
        std::string_view type = AttrByLocalName(c, "t") ? AttrByLocalName(c, "t") : "n";
        std::string text;
        if (type == "inlineStr") {
          CollectText(ChildByLocalName(c, "is"), text);
        } else {
          std::string_view v = ChildByLocalName(c, "v").text().get();
          if (type == "s") {
            long index = v.empty() ? -1 : std::strtol(std::string(v).c_str(), nullptr, 10);
            if (index >= 0 && static_cast<size_t>(index) < shared.size()) {
              text = shared[static_cast<size_t>(index)];
            }
          } else if (type == "str" || type == "e") {
            AppendCleanText(v, text);
          } else if (type == "b") {
            text = v == "1" ? "TRUE" : "FALSE";
          } else {
            AppendCleanText(NumberText(v), text);
          }
        }
        if (text.find_first_not_of(' ') == std::string::npos) continue;
        if (++cells > options.max_cells) {
          capped = true;
          break;
        }
        AppendCell(static_cast<int>(si), sheet.name, ref_row, column, text, !any, doc);
        any = true;
      }
      if (capped) break;
    }
  }
  if (capped) {
    doc.problems.push_back(
        {"表格的非空单元格超过 " + std::to_string(options.max_cells) + " 个，其余未检查",
         doc.original.size()});
  }
  if (!doc.original.empty()) doc.original.push_back('\n');
  return Status::Ok();
}

}  // namespace cuomin::scanner::internal
