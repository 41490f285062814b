// .xlsx through libzip + expat: every sheet in workbook order, every cell with a value,
// shared and inline strings, numbers as their stored digits. The shared strings and the
// worksheets are streamed (zip_xml.h), never held whole: memory follows the cells with content
// (at most ReadOptions::max_cells of them) and the shared strings, not the size of the XML, so
// a sheet of a million rows, empty or not, is read or cut at the cap with a named problem.
// Document::original holds one line per row with the cells separated by tabs; each cell is a
// kTableCell block and a Region with its sheet and reference, so a finding says 名单!C17.
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

// Excel holds at most 32,767 characters in a cell; a longer one is cut here.
constexpr size_t kMaxCellBytes = 32767 * 4;

// Appends a piece of a cell's character data up to kMaxCellBytes; `cut` once something is left.
void AppendCapped(std::string& cell, std::string_view piece, bool& cut) {
  const size_t room = kMaxCellBytes - std::min(kMaxCellBytes, cell.size());
  if (piece.size() > room) cut = true;
  cell.append(piece.substr(0, room));
}

// The text of an <si> or <is> as it streams by: its <t>, or the <t> of each rich-text run
// <r>, skipping the phonetic guide <rPh>. Raw bytes, cleaned once whole (a piece of character
// data may end inside a character).
class RichText {
 public:
  void Begin(int depth) {
    base_ = depth;
    run_ = t_ = -1;
    raw_.clear();
    cut_ = false;
  }
  bool active() const { return base_ >= 0; }
  int depth() const { return base_; }
  void Start(std::string_view name, int depth) {
    if (name == "r" && depth == base_ + 1) {
      run_ = depth;
    } else if (name == "t" && (depth == base_ + 1 || (run_ >= 0 && depth == run_ + 1))) {
      t_ = depth;
    }
  }
  void End(int depth) {
    if (depth == t_) {
      t_ = -1;
    } else if (depth == run_) {
      run_ = -1;
    }
  }
  void Text(std::string_view text) {
    if (t_ >= 0) AppendCapped(raw_, text, cut_);
  }
  // The text, cleaned; whether it was cut at kMaxCellBytes.
  std::string Finish(bool& cut) {
    base_ = -1;
    cut = cut_;
    std::string out;
    AppendCleanText(raw_, out);
    return out;
  }

 private:
  int base_ = -1;
  int run_ = -1;
  int t_ = -1;
  std::string raw_;
  bool cut_ = false;
};

// xl/sharedStrings.xml: every <si>, in one buffer with their ends, at most `max_strings`.
class SharedStrings : public XmlEvents {
 public:
  explicit SharedStrings(size_t max_strings) : max_(max_strings) {}

  void Start(std::string_view name, const char**) override {
    ++depth_;
    if (text_.active()) {
      text_.Start(name, depth_);
    } else if (name == "si" && depth_ == 2) {
      text_.Begin(depth_);
    }
  }
  void End(std::string_view) override {
    if (text_.active() && depth_ == text_.depth()) {
      bool cut = false;
      std::string s = text_.Finish(cut);
      if (ends_.size() < max_) {
        text_buf_ += s;
        ends_.push_back(text_buf_.size());
      } else {
        over_ = true;
      }
    } else if (text_.active()) {
      text_.End(depth_);
    }
    --depth_;
  }
  void Text(std::string_view text) override {
    if (text_.active()) text_.Text(text);
  }
  bool Done() const override { return over_; }

  size_t size() const { return ends_.size(); }
  bool over() const { return over_; }
  std::string_view at(size_t i) const {
    size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(text_buf_).substr(begin, ends_[i] - begin);
  }

 private:
  size_t max_;
  int depth_ = 0;
  RichText text_;
  std::string text_buf_;
  std::vector<size_t> ends_;
  bool over_ = false;
};

// One worksheet, streamed: each cell with content becomes a cell of `doc` (AppendCell) as
// its </c> goes by.
class SheetCells : public XmlEvents {
 public:
  SheetCells(int sheet_index, const std::string& sheet, const SharedStrings& shared, size_t& cells,
             size_t max_cells, Document& doc)
      : index_(sheet_index),
        sheet_(sheet),
        shared_(shared),
        cells_(cells),
        max_cells_(max_cells),
        doc_(doc) {}

  void Start(std::string_view name, const char** attrs) override {
    ++depth_;
    if (capped_) return;
    if (cell_depth_ >= 0) {
      if (inline_.active()) {
        inline_.Start(name, depth_);
      } else if (depth_ == cell_depth_ + 1 && name == "v") {
        in_value_ = true;
      } else if (depth_ == cell_depth_ + 1 && name == "is") {
        inline_.Begin(depth_);
      }
    } else if (name == "sheetData" && depth_ == 2) {
      in_data_ = true;
    } else if (name == "row" && depth_ == 3 && in_data_) {
      row_number_ = next_row_;
      if (const char* r = AttrOf(attrs, "r")) {
        long v = std::strtol(r, nullptr, 10);
        if (v > 0 && v < 10'000'000) row_number_ = static_cast<int>(v);
      }
      next_row_ = row_number_ + 1;
      next_column_ = 0;
      first_in_row_ = true;
    } else if (name == "c" && depth_ == 4 && in_data_) {
      cell_depth_ = depth_;
      column_ = next_column_;
      cell_row_ = row_number_;
      if (const char* r = AttrOf(attrs, "r")) {
        if (!ParseReference(r, column_, cell_row_)) cell_row_ = row_number_;
      }
      next_column_ = column_ + 1;
      const char* t = AttrOf(attrs, "t");
      type_ = t != nullptr ? t : "n";
      value_.clear();
      value_cut_ = false;
      inline_text_.clear();
      inline_cut_ = false;
    }
  }

  void End(std::string_view) override {
    if (!capped_ && cell_depth_ >= 0) {
      if (inline_.active() && depth_ == inline_.depth()) {
        inline_text_ = inline_.Finish(inline_cut_);
      } else if (inline_.active()) {
        inline_.End(depth_);
      } else if (in_value_ && depth_ == cell_depth_ + 1) {
        in_value_ = false;
      } else if (depth_ == cell_depth_) {
        EndCell();
        cell_depth_ = -1;
      }
    }
    if (depth_ == 2) in_data_ = false;
    --depth_;
  }

  void Text(std::string_view text) override {
    if (capped_ || cell_depth_ < 0) return;
    if (inline_.active()) {
      inline_.Text(text);
    } else if (in_value_) {
      AppendCapped(value_, text, value_cut_);
    }
  }

  bool Done() const override { return capped_; }
  bool capped() const { return capped_; }
  // The cells whose text was cut at Excel's length, by reference ("B7").
  const std::vector<std::string>& cut_cells() const { return cut_cells_; }
  // The reference of the last cell read, "" when none.
  const std::string& last_cell() const { return last_cell_; }

 private:
  void EndCell() {
    std::string text;
    bool cut = false;
    if (type_ == "inlineStr") {
      text = std::move(inline_text_);
      cut = inline_cut_;
    } else if (type_ == "s") {
      long index = value_.empty() ? -1 : std::strtol(value_.c_str(), nullptr, 10);
      if (index >= 0 && static_cast<size_t>(index) < shared_.size()) {
        text = shared_.at(static_cast<size_t>(index));
      }
    } else if (type_ == "str" || type_ == "e") {
      AppendCleanText(value_, text);
      cut = value_cut_;
    } else if (type_ == "b") {
      text = value_ == "1" ? "TRUE" : "FALSE";
    } else {
      AppendCleanText(NumberText(value_), text);
    }
    if (text.find_first_not_of(' ') == std::string::npos) return;
    if (++cells_ > max_cells_) {
      capped_ = true;
      return;
    }
    AppendCell(index_, sheet_, cell_row_, column_, text, first_in_row_, doc_);
    first_in_row_ = false;
    last_cell_ = doc_.regions.back().cell;
    if (cut && cut_cells_.size() < 10) cut_cells_.push_back(last_cell_);
  }

  const int index_;
  const std::string& sheet_;
  const SharedStrings& shared_;
  size_t& cells_;
  const size_t max_cells_;
  Document& doc_;
  int depth_ = 0;
  bool in_data_ = false;  // inside <sheetData>
  int next_row_ = 1, row_number_ = 1;
  int next_column_ = 0;
  bool first_in_row_ = true;
  int cell_depth_ = -1;  // depth of the open <c>, -1 outside one
  int column_ = 0, cell_row_ = 1;
  std::string type_;
  bool in_value_ = false;
  std::string value_;
  bool value_cut_ = false;
  RichText inline_;
  std::string inline_text_;
  bool inline_cut_ = false;
  bool capped_ = false;
  std::vector<std::string> cut_cells_;
  std::string last_cell_;
};

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

  // More distinct strings than cells can be read would only cost memory (their text and 8
  // bytes each); at least a million, so that a low cell cap keeps the strings its cells use.
  const size_t max_strings = std::max<size_t>(options.max_cells, 1'000'000);
  SharedStrings shared(max_strings);
  if (zip.Has("xl/sharedStrings.xml")) {
    if (Status s = zip.StreamXml("xl/sharedStrings.xml", shared); !s.ok()) return s;
    if (shared.over()) {
      doc.problems.push_back({"共享字符串超过 " + std::to_string(max_strings) +
                                  " 个，其余未读取，引用它们的单元格未检查",
                              0});
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
    SheetCells reader(static_cast<int>(si), sheet.name, shared, cells, options.max_cells, doc);
    if (Status s = zip.StreamXml(sheet.part, reader); !s.ok()) {
      // What was read before the fault is kept and checked.
      std::string where = reader.last_cell().empty()
                              ? "无法读取："
                              : "读到 " + reader.last_cell() + " 后无法继续读取：";
      doc.problems.push_back(
          {"工作表“" + sheet.name + "”" + where + s.message(), doc.original.size()});
    }
    for (const std::string& cell : reader.cut_cells()) {
      doc.problems.push_back({"工作表“" + sheet.name + "”的单元格 " + cell +
                                  " 超过 Excel 的 32767 个字符，只检查了前面部分",
                              doc.original.size()});
    }
    capped = reader.capped();
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
