// Printers: FindingSinks that write findings for people and tools — plain text lines, JSON
// Lines, SARIF 2.1.0 and CSV for spreadsheets. They live in the scanner library so that the
// command line, the crawler and the server print the same way.
//
//   PrinterOptions opt;
//   opt.color = isatty(1) && !getenv("NO_COLOR");
//   std::unique_ptr<FindingSink> p = MakePrinter("json", std::cout, opt);
//   p->OnDocument(doc.source, findings);   // once per document, in output order
//   p->Finish();                           // closes the SARIF log, flushes
//
// Every printer writes valid UTF-8: invalid bytes in a finding's strings become U+FFFD.
#pragma once

#include <iosfwd>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/finding.h"
#include "scanner/scan_status.h"

namespace cuomin::scanner {

// What a SARIF log says about a rule in tool.driver.rules.
struct RuleDescriptor {
  std::string id;
  std::string description;  // one Chinese line; the rule id when empty
  Category category = Category::kTypo;
  Severity severity = Severity::kMajor;
};

struct PrinterOptions {
  // Text: colour the severity with ANSI escapes. Callers set it only for a terminal without
  // NO_COLOR.
  bool color = false;
  // SARIF: rules listed in tool.driver.rules up front; rules that only show up in findings are
  // appended as they are seen.
  std::vector<RuleDescriptor> rules;
  // SARIF: tool.driver.version; omitted when empty.
  std::string tool_version;
  // CSV: the header gets a 状态 column for the status given to OnDocumentWithStatus (a CSV
  // cannot leave a column out per row, so the caller says whether the run tracks status:
  // crawl --db). The other formats show the status whenever a finding has one.
  bool scan_status_column = false;
};

// A FindingSink that can also show each finding's standing against the last scan.
class Printer : public FindingSink {
 public:
  // As OnDocument, with status[i] beside findings[i]; an empty span: no status known.
  virtual void OnDocumentWithStatus(std::string_view source, const std::vector<Finding>& findings,
                                    std::span<const ScanStatus> status) = 0;
  void OnDocument(std::string_view source, const std::vector<Finding>& findings) final {
    OnDocumentWithStatus(source, findings, {});
  }
};

// The formats MakePrinter knows, in the order help texts list them.
inline constexpr std::string_view kPrinterFormats[] = {"text", "json", "sarif", "csv"};

bool IsKnownFormat(std::string_view format);

// A printer writing to `out` (which must outlive it); nullptr when the format is unknown.
//   text:  path:line:col: severity [category/rule] message → suggestion 「text」, one a line
//          (with a scan status: ... [category/rule] 【新发现】message ...)
//   json:  JSON Lines, one object per finding ("status": "new"|"still"|"fixed" when set)
//   sarif: one SARIF 2.1.0 log, complete after Finish() (status as result.baselineState)
//   csv:   UTF-8 with BOM, Chinese header row, RFC 4180 quoting, CRLF line ends
std::unique_ptr<Printer> MakePrinter(std::string_view format, std::ostream& out,
                                     PrinterOptions options = {});

}  // namespace cuomin::scanner
