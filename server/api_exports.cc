// The lists as CSV for Excel/WPS: drafts (GET /api/drafts.csv), the 问题清单 across drafts
// (GET /api/findings.csv) and of one draft's version (…/versions/{n}/findings.csv), users and
// API tokens. Each export takes the filters of its JSON list and makes the same service calls,
// so it holds exactly the rows the user may see in that list (a unit's editor: the unit's;
// users and tokens: admins only).
#include <map>

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

std::string N(int64_t v) { return std::to_string(v); }

// Every page of a paged list into `csv`: `list(page)` answers one page (items and total) with
// `per_page` items at most, `row(csv, item)` writes one. A list past kMaxRows is refused.
template <typename List, typename WriteRow>
Status EveryPage(CsvWriter& csv, int64_t per_page, List list, WriteRow row) {
  for (int64_t page = 1;; ++page) {
    auto p = list(page);
    if (!p.ok()) return p.status();
    if (p->total > kMaxRows) return TooMany();
    for (const auto& item : p->items) row(csv, item);
    if (static_cast<int64_t>(p->items.size()) < per_page || csv.rows() >= p->total) {
      return Status::Ok();
    }
  }
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

// The 问题清单's columns, the same in both its exports (across drafts and of one draft).
CsvWriter FindingsTable() {
  return CsvWriter({"编号", "严重程度", "类别", "规则", "原文", "建议", "说明", "上下文", "行",
                    "列", "稿件编号", "稿件", "单位", "状态", "处理理由"});
}

void FindingRow(CsvWriter& csv, const review::FindingView& v, std::string_view draft_title,
                std::string_view unit_name) {
  const store::FindingRow& f = v.finding;
  csv.Row({N(f.id), scanner::ChineseName(static_cast<scanner::Severity>(f.severity)),
           scanner::ChineseName(static_cast<scanner::Category>(f.category)), f.rule, f.text,
           f.suggestion, f.message, f.context, N(f.line), N(f.column), N(f.draft_id), draft_title,
           unit_name, IssueStatusName(f.status), v.decision ? v.decision->reason : ""});
}

// Each unit's name by its id, as `actor` may see them.
Result<std::map<int64_t, std::string>> UnitNames(review::ReviewService& service,
                                                 const review::Actor& actor) {
  auto units = service.ListUnits(actor);
  if (!units.ok()) return units.status();
  std::map<int64_t, std::string> names;
  for (const store::Unit& u : *units) names[u.id] = u.name;
  return names;
}

}  // namespace

ApiResponse Api::DraftsCsv(const ApiRequest& r) {
  Result<review::DraftQuery> q = api_parse::ReadDraftQuery(r);
  if (!q.ok()) return Error(q.status());
  q->per_page = 200;
  CsvWriter csv({"编号", "标题", "单位", "编辑", "阶段", "版本", "待处理严重", "待处理重要",
                 "待处理一般", "待处理提示", "退回意见", "创建时间(UTC)", "更新时间(UTC)"});
  Status done = EveryPage(
      csv, q->per_page,
      [&](int64_t page) {
        q->page = page;
        return service_->ListDrafts(*r.actor, *q);
      },
      [](CsvWriter& out, const review::DraftSummary& s) {
        const store::Draft& d = s.draft;
        out.Row({N(d.id), d.title, s.unit.name, s.editor.display_name, store::ChineseName(d.stage),
                 N(d.current_version), N(d.open.critical), N(d.open.major), N(d.open.minor),
                 N(d.open.info), d.returned ? d.return_comment : "", d.created_at, d.updated_at});
      });
  if (!done.ok()) return Error(done);
  return api_parse::Csv(csv.Take(), "drafts.csv");
}

ApiResponse Api::FindingsCsv(const ApiRequest& r) {
  Result<review::FindingQuery> q = api_parse::ReadFindingQuery(r);
  if (!q.ok()) return Error(q.status());
  q->per_page = 1000;
  CsvWriter csv = FindingsTable();
  Status done = EveryPage(
      csv, q->per_page,
      [&](int64_t page) {
        q->page = page;
        return service_->ListFindings(*r.actor, *q);
      },
      [](CsvWriter& out, const review::FindingView& v) {
        FindingRow(out, v, v.draft_title, v.unit_name);
      });
  if (!done.ok()) return Error(done);
  return api_parse::Csv(csv.Take(), "findings.csv");
}

// One version's findings, as its JSON list (the draft's unit, or a unit overseeing it).
ApiResponse Api::VersionFindingsCsv(const ApiRequest& r) {
  Result<int64_t> id = api_parse::ParamId(r, 0);
  Result<int64_t> n = api_parse::ParamId(r, 1);
  if (!id.ok() || !n.ok()) return Error(Status::NotFound("版本不存在"));
  Result<review::FindingQuery> q = api_parse::ReadFindingQuery(r);
  if (!q.ok()) return Error(q.status());
  Result<review::DraftView> draft = service_->GetDraft(*r.actor, *id);
  if (!draft.ok()) return Error(draft.status());
  const std::string& title = draft->summary.draft.title;
  const std::string& unit = draft->summary.unit.name;
  q->per_page = 1000;
  CsvWriter csv = FindingsTable();
  Status done = EveryPage(
      csv, q->per_page,
      [&](int64_t page) {
        q->page = page;
        return service_->VersionFindings(*r.actor, *id, static_cast<int>(*n), *q);
      },
      [&](CsvWriter& out, const review::FindingView& v) { FindingRow(out, v, title, unit); });
  if (!done.ok()) return Error(done);
  return api_parse::Csv(csv.Take(), "draft-" + N(*id) + "-v" + N(*n) + "-findings.csv");
}

ApiResponse Api::UsersCsv(const ApiRequest& r) {
  auto users = service_->ListUsers(*r.actor);
  if (!users.ok()) return Error(users.status());
  auto unit_names = UnitNames(*service_, *r.actor);
  if (!unit_names.ok()) return Error(unit_names.status());
  std::map<int64_t, std::string>& unit_name = *unit_names;
  // No password hash: the export is a roster, not a credential store.
  CsvWriter csv({"编号", "用户名", "姓名", "单位", "角色", "状态", "创建时间(UTC)"});
  for (const store::User& u : *users) {
    csv.Row({N(u.id), u.username, u.display_name, unit_name[u.unit_id], store::ChineseName(u.role),
             u.disabled ? "已停用" : "正常", u.created_at});
  }
  return api_parse::Csv(csv.Take(), "users.csv");
}

ApiResponse Api::TokensCsv(const ApiRequest& r) {
  auto tokens = service_->ListTokens(*r.actor);
  if (!tokens.ok()) return Error(tokens.status());
  auto unit_names = UnitNames(*service_, *r.actor);
  if (!unit_names.ok()) return Error(unit_names.status());
  std::map<int64_t, std::string>& unit_name = *unit_names;
  // Never the token nor its hash: the token is shown once, at creation.
  CsvWriter csv({"编号", "用途", "单位", "创建时间(UTC)", "状态"});
  for (const store::ApiToken& t : *tokens) {
    csv.Row({N(t.id), t.name, unit_name[t.unit_id], t.created_at, t.revoked ? "已吊销" : "有效"});
  }
  return api_parse::Csv(csv.Take(), "tokens.csv");
}

}  // namespace cuomin::server
