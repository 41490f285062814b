// The default format, one finding a line in the compiler style editors and grep understand:
//   通知.txt:3:12: major [typo/typo-words] “一愁莫展”应为“一筹莫展” → 一筹莫展 「一愁莫展」
#include <algorithm>
#include <map>
#include <optional>
#include <ostream>
#include <tuple>

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

// A 公示 list of a thousand people leaks a thousand ID numbers: a reviewer needs "column B
// holds 812 complete ID numbers", not 812 lines. Privacy findings of one rule in one column
// of a sheet (or, without cells, in one file) from this many on are printed as one line;
// JSON, CSV and SARIF keep every finding with its cell.
constexpr size_t kSummariseFrom = 10;
constexpr size_t kSummaryExamples = 5;

// What a privacy rule finds, counted: "共 800 个完整身份证号". The shipped rules' findings are
// complete numbers (masked ones are not reported), hence 完整. Other rules say 处同类问题.
std::string Counted(const std::string& rule, size_t n) {
  static const std::map<std::string, std::string, std::less<>> kNouns = {
      {"privacy-id-card", "个完整身份证号"},
      {"privacy-mobile", "个完整手机号"},
      {"privacy-bank-card", "个完整银行卡号"},
      {"privacy-passport", "个护照号码"},
      {"privacy-hk-macao-taiwan-permit", "个往来港澳台通行证号码"},
      {"privacy-email", "个电子邮箱"},
      {"privacy-home-address", "处家庭住址"},
  };
  auto it = kNouns.find(rule);
  return "共 " + std::to_string(n) + " " + (it != kNouns.end() ? it->second : "处同类问题");
}

std::string ColumnLetters(const std::string& cell) {
  size_t n = cell.find_first_of("0123456789");
  return cell.substr(0, n);
}

int ColumnNumber(const std::string& letters) {
  int n = 0;
  for (char c : letters) n = n * 26 + (c - 'A' + 1);
  return n;
}

// A finding to print (by its index, so its scan status stays beside it) and, for the first of a
// summarised group, the count to put before its message.
struct Shown {
  size_t index;
  std::string summary;
};

// The findings to print: summarised groups become their first finding with the count.
std::vector<Shown> Summarise(const std::vector<Finding>& findings) {
  struct Group {
    std::vector<size_t> members;
  };
  std::map<std::tuple<std::string, std::string, std::string>, Group> groups;
  for (size_t i = 0; i < findings.size(); ++i) {
    const Finding& f = findings[i];
    if (f.category != Category::kPrivacy) continue;
    groups[{f.rule, f.sheet, ColumnLetters(f.cell)}].members.push_back(i);
  }
  std::vector<bool> hidden(findings.size(), false);
  std::vector<std::optional<std::string>> summary(findings.size());
  for (const auto& [key, group] : groups) {
    if (group.members.size() < kSummariseFrom) continue;
    // Where: a spreadsheet's column (as the issue puts it, 第2列, with its letter after); a
    // file without columns (PDF, Word, OFD, a picture) as a whole, its places listed after.
    const std::string& letters = std::get<2>(key);
    std::string where = "全文";
    std::string letter_note;
    if (!letters.empty()) {
      where = (std::get<1>(key).empty() ? "" : "工作表“" + std::get<1>(key) + "”") + "第" +
              std::to_string(ColumnNumber(letters)) + "列";
      letter_note = letters + " 列，";
    } else {
      int first = 0, last = 0;
      for (size_t m : group.members) {
        int page = findings[m].page;
        if (page > 0 && (first == 0 || page < first)) first = page;
        last = std::max(last, page);
      }
      if (first > 0) {
        where = first == last
                    ? "第" + std::to_string(first) + "页"
                    : "全文（第" + std::to_string(first) + "–" + std::to_string(last) + "页）";
      }
    }
    std::string also;
    for (size_t k = 1; k < group.members.size() && k <= kSummaryExamples; ++k) {
      const Finding& g = findings[group.members[k]];
      also += (also.empty() ? "" : "、") +
              (g.cell.empty() ? (g.page > 0 ? "第" + std::to_string(g.page) + "页:" : "") +
                                    std::to_string(g.line) + ":" + std::to_string(g.column)
                              : g.cell);
    }
    summary[group.members[0]] = where + Counted(std::get<0>(key), group.members.size()) + "（" +
                                letter_note + "另见 " + also +
                                " 等；JSON/CSV 输出列出每一处）。首处：";
    for (size_t k = 1; k < group.members.size(); ++k) hidden[group.members[k]] = true;
  }
  std::vector<Shown> out;
  for (size_t i = 0; i < findings.size(); ++i) {
    if (hidden[i]) continue;
    out.push_back({i, summary[i].value_or("")});
  }
  return out;
}

class TextPrinter : public Printer {
 public:
  TextPrinter(std::ostream& out, const PrinterOptions& options)
      : out_(out), color_(options.color) {}

  void OnDocumentWithStatus(std::string_view source, const std::vector<Finding>& findings,
                            std::span<const ScanStatus> status) override {
    std::string line;
    for (const Shown& shown : Summarise(findings)) {
      const Finding& f = findings[shown.index];
      line.clear();
      if (color_) line += kBold;
      line += ToOneLine(f.source.empty() ? source : std::string_view(f.source));
      line += ':';
      // A cell is where a reviewer looks in a spreadsheet (名单!C17); a page and the line
      // on it in a PDF (第3页:12:5); an OCR finding also names the words' box in the image.
      if (!f.cell.empty()) {
        // A table in a picture or a scanned page has cells but no sheet: 名单.png:C7.
        if (f.page > 0) line += "第" + std::to_string(f.page) + "页:";
        if (!f.sheet.empty()) line += ToOneLine(f.sheet) + '!';
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
      if (shown.index < status.size()) {
        line += "【";
        line += ChineseName(status[shown.index]);
        line += "】";
      }
      if (f.ocr) line += "【OCR】";
      line += ToOneLine(shown.summary);
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
