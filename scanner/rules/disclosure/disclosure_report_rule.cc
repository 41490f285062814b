// disclosure_report: the tables of an annual government information disclosure report
// (政府信息公开工作年度报告, format of 国办公开办函〔2021〕30号) must add up, agree with the
// prose and with the report's year. Documents that are not such a report are left alone after
// a look at their first blocks.
#include <algorithm>
#include <string>
#include <vector>

#include "scanner/reader.h"
#include "scanner/rules/disclosure/disclosure_checks.h"
#include "scanner/rules/disclosure/disclosure_lines.h"
#include "scanner/rules/disclosure/disclosure_model.h"
#include "scanner/rules/rule_data_file.h"
#include "scanner/rules/types.h"

namespace cuomin::scanner::rules {
namespace {

namespace dr = disclosure;

// The settings key of --previous FILE.
constexpr char kPreviousSetting[] = "previous_report";

class DisclosureReportRule : public Rule {
 public:
  DisclosureReportRule(RuleInfo info, std::optional<dr::PreviousReport> previous)
      : Rule(std::move(info)), previous_(std::move(previous)) {}

  void CheckDocument(const Document& document, std::vector<Hit>& out) const override {
    const dr::ReportSource source(document);
    std::optional<dr::Report> report = dr::ReadReport(source.doc());
    if (!report) return;
    int relations = 0;
    const size_t first = out.size();
    for (dr::Problem& p :
         dr::CheckReport(source.doc(), *report, previous_ ? &*previous_ : nullptr, &relations)) {
      if (!p.span.valid()) continue;
      out.push_back(MakeHit(p.span, std::move(p.message)));
    }
    Say(*report, relations, out);
    // The hits name blocks of what the report was read from; the engine places them in its own.
    for (size_t i = first; i < out.size(); ++i) {
      const dr::Span at = source.ToDocument(dr::Span{out[i].block, out[i].begin, out[i].end});
      out[i].block = at.block;
      out[i].begin = at.begin;
      out[i].end = at.end;
    }
    out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                             [](const Hit& h) { return h.block == dr::kNoBlock; }),
              out.end());
  }

 private:
  static Hit MakeHit(const dr::Span& span, std::string message,
                     std::optional<Severity> severity = std::nullopt) {
    Hit hit;
    hit.block = span.block;
    hit.begin = span.begin;
    hit.end = span.end;
    hit.message = std::move(message);
    hit.severity = severity;
    return hit;
  }

  // What was checked, so that silence means "checked and right": an info finding naming the
  // tables read and the relations compared; a minor one when the document plainly is a report
  // (its 统计期限 sentence, the 勾稽 note, its tables' headings) but no table could be read. A
  // report whose title is lost is such a document too: the findings then point at that sign.
  static void Say(const dr::Report& report, int relations, std::vector<Hit>& out) {
    bool table2 = std::any_of(report.table2.begin(), report.table2.end(),
                              [](const auto& l) { return l.has_value(); });
    int rows3 = static_cast<int>(std::count_if(report.table3.begin(), report.table3.end(),
                                               [](const auto& l) { return l.has_value(); }));
    std::vector<std::string> tables;
    if (table2) tables.push_back("表二");
    if (rows3 > 0)
      tables.push_back("表三（" + std::to_string(dr::kApplicantColumns) + "列×" +
                       std::to_string(rows3) + "项）");
    if (report.table4) tables.push_back("表四");
    const dr::Span at = report.title_year ? report.title_year->span : report.body_sign;
    if (!at.valid()) return;
    if (!tables.empty()) {
      std::string message = "已核对：";
      for (size_t i = 0; i < tables.size(); ++i) message += (i ? "、" : "") + tables[i];
      message += "，共 " + std::to_string(relations) + " 处勾稽关系";
      if (rows3 < dr::kTable3Rows && rows3 > 0)
        message += "（表三应有 " + std::to_string(dr::kTable3Rows) + " 项，其余未能读出）";
      // A table whose heading is there but which could not be read is named, so that its
      // absence from the list is not taken for "checked": 上海市 2019's 表二 in the older
      // format, its 表四 in the text pdftotext -layout gives.
      const bool read[] = {table2, rows3 > 0, report.table4.has_value()};
      static constexpr const char* kNames[] = {"表二", "表三", "表四"};
      std::string unread;
      for (size_t k = 0; k < std::size(kNames); ++k) {
        if (report.table_headings[k] && !read[k])
          unread += std::string(unread.empty() ? "" : "、") + kNames[k];
      }
      if (!unread.empty()) message += "；" + unread + "未能读出，未核对";
      out.push_back(MakeHit(at, std::move(message), Severity::kInfo));
      return;
    }
    if (report.body_sign.valid()) {
      out.push_back(MakeHit(at,
                            "文档是政府信息公开工作年度报告，但未能读出其中的表二、表三、表四"
                            "（表格可能是图片或格式无法识别），表格数据未核对",
                            Severity::kMinor));
    }
  }

 public:
  std::optional<dr::PreviousReport> previous_;
};

}  // namespace

Result<std::unique_ptr<Rule>> MakeDisclosureReportRule(const YAML::Node& node, RuleInfo info,
                                                       const LoadContext& ctx) {
  (void)node;
  std::optional<dr::PreviousReport> previous;
  auto it = ctx.settings->find(kPreviousSetting);
  if (it != ctx.settings->end() && !it->second.empty()) {
    // Last year's report is read as the files a rule set names are: only a regular file, and
    // the open cannot block (/dev/zero was read up to the document size limit, a FIFO blocked
    // the load for good).
    Result<std::string> bytes = ReadRuleDataFile(it->second, ReadOptions{}.max_bytes);
    if (!bytes.ok()) return Status::Error("--previous: " + bytes.status().message());
    Result<Document> doc = ReadDocument(it->second, *bytes);
    if (!doc.ok()) return Status::Error("--previous: " + doc.status().message());
    const dr::ReportSource source(*doc);
    std::optional<dr::Report> report = dr::ReadReport(source.doc());
    if (!report || !(report->table2[dr::kRegulations] || report->table2[dr::kNormativeDocuments]))
      return Status::Error("--previous: " + it->second +
                           ": 不是政府信息公开工作年度报告（未找到“主动公开政府信息情况”表中的"
                           "规章、行政规范性文件）");
    previous = dr::SummarizePrevious(it->second, *report);
  }
  return std::unique_ptr<Rule>(new DisclosureReportRule(std::move(info), std::move(previous)));
}

const RuleType& DisclosureReportRuleType() {
  static const RuleType* type = new RuleType{MakeDisclosureReportRule, {}};
  return *type;
}

}  // namespace cuomin::scanner::rules
