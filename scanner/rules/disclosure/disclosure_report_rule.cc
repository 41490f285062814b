// disclosure_report: the tables of an annual government information disclosure report
// (政府信息公开工作年度报告, format of 国办公开办函〔2021〕30号) must add up, agree with the
// prose and with the report's year. Documents that are not such a report are left alone after
// a look at their first blocks.
#include "scanner/reader.h"
#include "scanner/rules/disclosure/disclosure_checks.h"
#include "scanner/rules/disclosure/disclosure_model.h"
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
    std::optional<dr::Report> report = dr::ReadReport(document);
    if (!report) return;
    for (dr::Problem& p : dr::CheckReport(document, *report, previous_ ? &*previous_ : nullptr)) {
      if (!p.span.valid()) continue;
      Hit hit;
      hit.block = p.span.block;
      hit.begin = p.span.begin;
      hit.end = p.span.end;
      hit.message = std::move(p.message);
      out.push_back(std::move(hit));
    }
  }

 private:
  std::optional<dr::PreviousReport> previous_;
};

}  // namespace

Result<std::unique_ptr<Rule>> MakeDisclosureReportRule(const YAML::Node& node, RuleInfo info,
                                                       const LoadContext& ctx) {
  (void)node;
  std::optional<dr::PreviousReport> previous;
  auto it = ctx.settings->find(kPreviousSetting);
  if (it != ctx.settings->end() && !it->second.empty()) {
    Result<Document> doc = ReadDocumentFile(it->second);
    if (!doc.ok()) return Status::Error("--previous: " + doc.status().message());
    std::optional<dr::Report> report = dr::ReadReport(*doc);
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
