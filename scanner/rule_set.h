// The compiled set of rules: loaded once from rule directories (dictionaries/ and the user's
// --rules DIRs), then used from any number of threads to check documents.
//
//   RuleSetOptions opt;
//   opt.rule_dirs = {"dictionaries"};
//   Result<std::unique_ptr<RuleSet>> rs = RuleSet::Load(opt);
//   if (!rs.ok()) { std::cerr << rs.status().message() << "\n"; return 2; }
//   std::vector<Finding> f = (*rs)->Check(document);
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "scanner/document.h"
#include "scanner/finding.h"
#include "scanner/reader.h"

namespace cuomin::scanner {

namespace rules {
class Rule;
}
class Engine;

struct RuleSetOptions {
  // Directories searched recursively for rule files (*.yml, *.yaml). Later directories may add
  // rules; a rule id defined twice is an error naming both files.
  std::vector<std::string> rule_dirs;
  // Allow files: one term per line ("term" suppresses any finding inside an occurrence of the
  // term; "rule-id: term" only that rule's; '#' starts a comment).
  std::vector<std::string> allow_files;
  // Rule ids or category names ("typo", "context-typo", ...) to turn off.
  std::vector<std::string> disabled;
  // Settings some rule types read, e.g. {"previous_report", "2023年报.html"} (--previous).
  std::map<std::string, std::string> settings;
  // What "today" is for rules that depend on the date (a commemoration's count whose year has
  // not come yet); null: the system clock. Not owned; outlives the rule set.
  const Clock* clock = nullptr;
};

// How one Check call may run.
struct CheckOptions {
  // When the check must stop. Set it before reading the document (now + budget) so that the
  // budget covers parsing and checking; reading is bounded by the readers' own limits (the
  // depth guard, size caps), checking stops at the first block boundary after the deadline.
  // A document cut short keeps the findings found so far plus one finding of rule
  // kCheckIncompleteRule naming the first block left unchecked. Default: no deadline.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  // The clock the deadline is read against; empty means steady_clock::now. Tests pass a fake
  // one so that where a check is cut does not depend on the machine's speed.
  std::function<std::chrono::steady_clock::time_point()> now;
};

// A plain-text file larger than this is read and checked in pieces of about this many bytes
// (whole lines): 300 MB of text held whole took 1.8 GB and more (the bytes, the decoded text,
// a block and an offset map per line); in pieces it takes the rules plus a few pieces' worth.
inline constexpr size_t kPieceBytes = size_t{16} << 20;

// One file read and checked by RuleSet::CheckFile.
struct CheckedFile {
  std::string source;  // as in the findings ("-" for standard input)
  std::vector<Finding> findings;
};

// Result of running the rules' own examples (`cuomin rules test`).
struct ExampleFailure {
  std::string where;   // "file:line" of the rule
  std::string rule;    // rule id
  std::string text;    // the example text
  std::string reason;  // Chinese, e.g. "应报告但未报告" / "不应报告但报告了：…"
};

// What `cuomin rules list` and SARIF's rule table show of a loaded rule.
struct RuleSummary {
  std::string id;
  std::string type;
  Category category = Category::kTypo;
  Severity severity = Severity::kMajor;
  std::string description;  // the rule file's description, or its message
  std::string file;
  int line = 0;
};

class RuleSet {
 public:
  ~RuleSet();
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  // Loads and compiles every rule. A broken file gives "file:line: what is wrong".
  static Result<std::unique_ptr<RuleSet>> Load(const RuleSetOptions& options);

  // Checks one document; findings sorted with FindingLess. Thread-safe.
  std::vector<Finding> Check(const Document& document) const;
  std::vector<Finding> Check(const Document& document, const CheckOptions& options) const;

  // Reads `path` (or standard input for "-") and checks it. A regular plain-text file larger
  // than piece_bytes (not UTF-16) is read and checked piece by piece, each piece whole lines
  // that begin with the last lines of the one before (so that numbering and other rules over
  // several paragraphs see their context), and gives the same findings as a check of the
  // whole: the same positions, the per-rule cap and grouping over the whole file. A line
  // longer than four pieces is checked up to there and the rest named in a read-incomplete
  // finding. Anything else is read whole with ReadDocumentFile; errors are its errors.
  Result<CheckedFile> CheckFile(const std::string& path, const ReadOptions& read,
                                const CheckOptions& options,
                                size_t piece_bytes = kPieceBytes) const;

  // Runs every enabled rule's examples; empty when all pass. Each example is checked as a
  // one-paragraph text document against that rule alone (allow files still apply).
  std::vector<ExampleFailure> TestExamples() const;

  // The enabled rules, in load order.
  std::vector<RuleSummary> Rules() const;

  // Number of enabled rules and of example texts they carry.
  size_t rule_count() const;
  size_t example_count() const;
  // Number of word-list entries compiled into the multi-pattern matchers.
  size_t word_count() const;

 private:
  RuleSet();
  std::unique_ptr<Engine> engine_;
};

}  // namespace cuomin::scanner
