// The default format, one finding a line in the compiler style editors and grep understand:
//   通知.txt:3:12: major [typo/typo-words] “一愁莫展”应为“一筹莫展” → 一筹莫展 「一愁莫展」
#include <ostream>

#include "scanner/print/printer_impl.h"

namespace cuomin::scanner::printers {
namespace {

constexpr std::string_view kReset = "\033[0m";
constexpr std::string_view kBold = "\033[1m";

std::string_view SeverityColor(Severity s) {
  switch (s) {
    case Severity::kCritical:
      return "\033[1;31m";  // bold red
    case Severity::kMajor:
      return "\033[31m";  // red
    case Severity::kMinor:
      return "\033[33m";  // yellow
    case Severity::kInfo:
      return "\033[36m";  // cyan
  }
  return "";
}

class TextPrinter : public Printer {
 public:
  TextPrinter(std::ostream& out, const PrinterOptions& options)
      : out_(out), color_(options.color) {}

  void OnDocumentWithStatus(std::string_view source, const std::vector<Finding>& findings,
                            std::span<const ScanStatus> status) override {
    std::string line;
    for (size_t i = 0; i < findings.size(); ++i) {
      const Finding& f = findings[i];
      line.clear();
      if (color_) line += kBold;
      line += ToOneLine(f.source.empty() ? source : std::string_view(f.source));
      line += ':';
      // A cell is where a reviewer looks in a spreadsheet (名单!C17); a page and the line
      // on it in a PDF (第3页:12:5); an OCR finding also names the words' box in the image.
      if (!f.cell.empty()) {
        line += ToOneLine(f.sheet);
        line += '!';
        line += ToOneLine(f.cell);
      } else {
        if (f.page > 0) line += "第" + std::to_string(f.page) + "页:";
        line += std::to_string(f.line);
        line += ':';
        line += std::to_string(f.column);
      }
      if (f.box) {
        line += ":[" + std::to_string(f.box->x) + "," + std::to_string(f.box->y) + " " +
                std::to_string(f.box->width) + "×" + std::to_string(f.box->height) + "]";
      }
      line += ':';
      if (color_) line += kReset;
      line += ' ';
      if (color_) line += SeverityColor(f.severity);
      line += ToString(f.severity);
      if (color_) line += kReset;
      line += " [";
      line += ToString(f.category);
      line += '/';
      line += ToOneLine(f.rule);
      line += "] ";
      if (i < status.size()) {
        line += "【";
        line += ChineseName(status[i]);
        line += "】";
      }
      if (f.ocr) line += "【OCR】";
      line += ToOneLine(f.message);
      if (!f.suggestion.empty()) {
        line += " → ";
        line += ToOneLine(f.suggestion);
      }
      line += " 「";
      if (color_) line += kBold;
      line += ToOneLine(f.text);
      if (color_) line += kReset;
      line += "」\n";
      out_ << line;
    }
    // Per document, so a long run shows progress through a pipe.
    if (!findings.empty()) out_.flush();
  }

  void Finish() override { out_.flush(); }

 private:
  std::ostream& out_;
  bool color_;
};

}  // namespace

std::unique_ptr<Printer> MakeTextPrinter(std::ostream& out, const PrinterOptions& options) {
  return std::make_unique<TextPrinter>(out, options);
}

}  // namespace cuomin::scanner::printers
