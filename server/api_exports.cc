// The drafts' lists as CSV for Excel/WPS: the drafts list (GET /api/drafts.csv) and the 问题清单
// (GET /api/findings.csv), with the filters of their JSON lists and the same service calls, so
// an export holds exactly the rows the user may see in the list (a unit's editor: the unit's).
#include "common/csv.h"
#include "scanner/finding.h"
#include "server/api.h"
#include "server/api_parse.h"

namespace cuomin::server {

namespace {

// The whole export is built in memory (the API's responses are strings): bounded.
constexpr int64_t kMaxRows = 200'000;

Status TooMany() {
  return Status::InvalidInput("超过 " + std::to_string(kMaxRows) +
                              " 条，请缩小筛选范围（单位、阶段、严重程度或类别）后再导出");
}

// As the dashboard names them (web/public/app/labels.js STATUSES).
std::string_view IssueStatusName(store::IssueStatus s) {
  switch (s) {
    case store::IssueStatus::kOpen:
      return "待处理";
    case store::IssueStatus::kAccepted:
      return "不是错误";
    case store::IssueStatus::kDeferred:
      return "暂缓";
    case store::IssueStatus::kFixed:
      return "已修改";
  }
  return "";
}

}  // namespace

ApiResponse Api::DraftsCsv(const ApiRequest& r) {
  Result<review::DraftQuery> q = api_parse::ReadDraftQuery(r);
  if (!q.ok()) return Error(q.status());
  q->per_page = 200;
  CsvWriter csv({"编号", "标题", "单位", "编辑", "阶段", "版本", "待处理严重", "待处理重要",
                 "待处理一般", "待处理提示", "退回意见", "创建时间(UTC)", "更新时间(UTC)"});
  auto n = [](int64_t v) { return std::to_string(v); };
  for (q->page = 1;; ++q->page) {
    auto page = service_->ListDrafts(*r.actor, *q);
    if (!page.ok()) return Error(page.status());
    if (page->total > kMaxRows) return Error(TooMany());
    for (const review::DraftSummary& s : page->items) {
      const store::Draft& d = s.draft;
      csv.Row({n(d.id), d.title, s.unit.name, s.editor.display_name, store::ChineseName(d.stage),
               n(d.current_version), n(d.open.critical), n(d.open.major), n(d.open.minor),
               n(d.open.info), d.returned ? d.return_comment : "", d.created_at, d.updated_at});
    }
    if (static_cast<int64_t>(page->items.size()) < q->per_page || csv.rows() >= page->total) break;
  }
  return api_parse::Csv(csv.Take(), "drafts.csv");
}

ApiResponse Api::FindingsCsv(const ApiRequest& r) {
  Result<review::FindingQuery> q = api_parse::ReadFindingQuery(r);
  if (!q.ok()) return Error(q.status());
  q->per_page = 1000;
  CsvWriter csv({"编号", "严重程度", "类别", "规则", "原文", "建议", "说明", "上下文", "行", "列",
                 "稿件编号", "稿件", "单位", "状态", "处理理由"});
  auto n = [](int64_t v) { return std::to_string(v); };
  for (q->page = 1;; ++q->page) {
    auto page = service_->ListFindings(*r.actor, *q);
    if (!page.ok()) return Error(page.status());
    if (page->total > kMaxRows) return Error(TooMany());
    for (const review::FindingView& v : page->items) {
      const store::FindingRow& f = v.finding;
      csv.Row({n(f.id), scanner::ChineseName(static_cast<scanner::Severity>(f.severity)),
               scanner::ChineseName(static_cast<scanner::Category>(f.category)), f.rule, f.text,
               f.suggestion, f.message, f.context, n(f.line), n(f.column), n(f.draft_id),
               v.draft_title, v.unit_name, IssueStatusName(f.status),
               v.decision ? v.decision->reason : ""});
    }
    if (static_cast<int64_t>(page->items.size()) < q->per_page || csv.rows() >= page->total) break;
  }
  return api_parse::Csv(csv.Take(), "findings.csv");
}

}  // namespace cuomin::server
