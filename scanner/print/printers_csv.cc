// CSV for reviewers who open results in Excel or WPS: a UTF-8 BOM (without it Excel reads the
// file as the ANSI code page and Chinese turns to mojibake), Chinese headers, RFC 4180 quoting
// and CRLF line ends.
#include <ostream>

#include "scanner/print/printer_impl.h"

namespace cuomin::scanner::printers {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kHeader =
    "文件,行,列,结束行,结束列,严重程度,类别,规则,说明,原文,建议,上下文,规则文件,页,工作表,单元格,"
    "图中位置,OCR";

// One RFC 4180 field. Text cells that a spreadsheet would run as a formula (=, +, -, @ first)
// get a leading apostrophe: matched text comes from arbitrary web pages (CSV injection).
void AppendField(std::string& row, std::string_view raw, bool text_cell = true) {
  // Escaped as in the text format, so that a cell cannot carry a terminal escape sequence
  // from a page (CSV is often looked at with cat or less); line breaks and tabs stay, since
  // RFC 4180 quoting keeps them inside the cell and spreadsheets show them.
  std::string value;
  for (size_t start = 0; start <= raw.size();) {
    size_t end = raw.find_first_of("\t\r\n", start);
    if (end == std::string_view::npos) end = raw.size();
    value += ToOneLine(raw.substr(start, end - start));
    if (end < raw.size()) value += raw[end];
    start = end + 1;
  }
  if (text_cell && value.size() > 1 &&
      (value[0] == '=' || value[0] == '+' || value[0] == '-' || value[0] == '@' ||
       value[0] == '\t' || value[0] == '\r')) {
    value.insert(0, 1, '\'');
  }
  bool quote = value.find_first_of(",\"\r\n") != std::string::npos;
  if (!quote) {
    row += value;
    return;
  }
  row += '"';
  for (char c : value) {
    if (c == '"') row += '"';
    row += c;
  }
  row += '"';
}

// 页, 工作表, 单元格, 图中位置, OCR: empty cells where the format has no such position, so the
// columns stay the same for every row. The box is one cell a reviewer can read, without commas.
void AppendPosition(std::string& row, const Finding& f) {
  row += ',';
  if (f.page > 0) row += std::to_string(f.page);
  row += ',';
  AppendField(row, f.sheet);
  row += ',';
  AppendField(row, f.cell);
  row += ',';
  if (f.box) {
    row += "x=" + std::to_string(f.box->x) + " y=" + std::to_string(f.box->y) +
           " 宽=" + std::to_string(f.box->width) + " 高=" + std::to_string(f.box->height);
  }
  row += ',';
  if (f.ocr) row += "是";
}

class CsvPrinter : public Printer {
 public:
  CsvPrinter(std::ostream& out, bool status_column) : out_(out), status_column_(status_column) {}

  void OnDocumentWithStatus(std::string_view source, const std::vector<Finding>& findings,
                            std::span<const ScanStatus> status) override {
    WriteHeader();
    std::string row;
    for (size_t i = 0; i < findings.size(); ++i) {
      const Finding& f = findings[i];
      row.clear();
      AppendField(row, f.source.empty() ? source : std::string_view(f.source));
      for (size_t n : {f.line, f.column, f.end_line, f.end_column}) {
        row += ',';
        row += std::to_string(n);
      }
      row += ',';
      AppendField(row, ChineseName(f.severity));
      row += ',';
      AppendField(row, ChineseName(f.category));
      for (const std::string* s :
           {&f.rule, &f.message, &f.text, &f.suggestion, &f.context, &f.rule_file}) {
        row += ',';
        AppendField(row, *s);
      }
      AppendPosition(row, f);
      if (status_column_) {
        row += ',';
        if (i < status.size()) AppendField(row, ChineseName(status[i]));
      }
      row += "\r\n";
      out_ << row;
    }
    if (!findings.empty()) out_.flush();
  }

  void Finish() override {
    WriteHeader();  // an empty result is still a file with its header
    out_.flush();
  }

 private:
  void WriteHeader() {
    if (header_written_) return;
    header_written_ = true;
    out_ << kBom << kHeader << (status_column_ ? ",状态\r\n" : "\r\n");
  }

  std::ostream& out_;
  bool status_column_;
  bool header_written_ = false;
};

}  // namespace

std::unique_ptr<Printer> MakeCsvPrinter(std::ostream& out, const PrinterOptions& options) {
  return std::make_unique<CsvPrinter>(out, options.scan_status_column);
}

}  // namespace cuomin::scanner::printers
