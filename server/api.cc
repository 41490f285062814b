#include "server/api.h"

#include <nlohmann/json.hpp>

#include "scanner/finding.h"
#include "scanner/finding_json.h"
#include "server/api_parse.h"
#include "server/json_out.h"

namespace cuomin::server {

using json = nlohmann::json;
using api_parse::Bool;
using api_parse::Dump;
using api_parse::Int;
using api_parse::Json;
using api_parse::JsonText;
using api_parse::NoContent;
using api_parse::ParamId;
using api_parse::ParseBody;
using api_parse::QueryInt;
using api_parse::QueryValue;
using api_parse::Str;
using review::Actor;
using store::IssueStatus;

namespace {

std::string SeverityName(int s) {
  return std::string(scanner::ToString(static_cast<scanner::Severity>(s)));
}
std::string CategoryName(int c) {
  return std::string(scanner::ToString(static_cast<scanner::Category>(c)));
}

json UnitJson(const store::Unit& u) {
  return {{"id", u.id}, {"name", u.name}, {"oversees_all", u.oversees_all}};
}

json UserJson(const store::User& u, const std::optional<store::Unit>& unit) {
  json j = {{"id", u.id},
            {"username", u.username},
            {"display_name", u.display_name},
            {"role", std::string(store::ToString(u.role))},
            {"role_name", std::string(store::ChineseName(u.role))},
            {"disabled", u.disabled}};
  j["unit"] = unit ? UnitJson(*unit) : json{{"id", u.unit_id}};
  return j;
}

json ActorJson(const Actor& a, const std::string& unit_name) {
  return {{"id", a.user_id},
          {"username", a.name},
          {"display_name", a.display_name},
          {"role", std::string(store::ToString(a.role))},
          {"role_name", std::string(store::ChineseName(a.role))},
          {"unit", {{"id", a.unit_id}, {"name", unit_name}, {"oversees_all", a.oversees_all}}}};
}

void WriteSummaryFields(JsonOut& o, const review::DraftSummary& s) {
  const store::Draft& d = s.draft;
  o.Key("id").Int(d.id);
  o.Key("title").String(d.title);
  o.Key("unit").BeginObject().Key("id").Int(s.unit.id).Key("name").String(s.unit.name).EndObject();
  o.Key("editor").BeginObject().Key("id").Int(s.editor.id);
  o.Key("display_name").String(s.editor.display_name).EndObject();
  o.Key("stage").String(store::ToString(d.stage));
  o.Key("stage_name").String(store::ChineseName(d.stage));
  o.Key("version").Int(d.current_version);
  o.Key("open").BeginObject().Key("critical").Int(d.open.critical);
  o.Key("major").Int(d.open.major).Key("minor").Int(d.open.minor);
  o.Key("info").Int(d.open.info).EndObject();
  o.Key("created_at").String(d.created_at);
  o.Key("updated_at").String(d.updated_at);
  o.Key("returned");
  if (d.returned) {
    o.BeginObject().Key("comment").String(d.return_comment).Key("by").String(s.returned_by);
    o.Key("at").String(d.returned_at).EndObject();
  } else {
    o.Null();
  }
}

void WriteSummary(JsonOut& o, const review::DraftSummary& s) {
  o.BeginObject();
  WriteSummaryFields(o, s);
  o.EndObject();
}

std::string DraftJson(const review::DraftView& v) {
  JsonOut o;
  o.BeginObject();
  WriteSummaryFields(o, v.summary);
  o.Key("versions").BeginArray();
  for (size_t i = 0; i < v.versions.size(); ++i) {
    const store::Version& ver = v.versions[i];
    o.BeginObject().Key("number").Int(ver.number).Key("created_at").String(ver.created_at);
    o.Key("author").String(v.version_authors[i]).Key("format").String(ver.format);
    o.Key("filename").String(ver.filename).Key("source_url").String(ver.source_url);
    o.Key("findings").Int(ver.finding_count).EndObject();
  }
  o.EndArray();
  o.Key("signatures").BeginArray();
  for (const review::SignatureView& g : v.signatures) {
    o.BeginObject().Key("stage").String(store::ToString(g.signature.stage));
    o.Key("stage_name").String(store::ChineseName(g.signature.stage));
    o.Key("user").String(g.user).Key("version").Int(g.signature.version);
    o.Key("at").String(g.signature.at).Key("void").Bool(g.signature.voided).EndObject();
  }
  o.EndArray();
  o.Key("can").BeginObject();
  o.Key("sign").Bool(v.can.sign).Key("send_back").Bool(v.can.send_back);
  o.Key("new_version").Bool(v.can.new_version).Key("submit").Bool(v.can.submit);
  o.Key("publish").Bool(v.can.publish).Key("decide").Bool(v.can.decide);
  o.Key("comment").Bool(v.can.comment).EndObject();
  o.EndObject();
  return std::move(o.str());
}

void WriteFinding(JsonOut& o, const review::FindingView& v, bool with_draft) {
  const store::FindingRow& f = v.finding;
  scanner::Finding content;
  content.rule = f.rule;
  content.category = static_cast<scanner::Category>(f.category);
  content.severity = static_cast<scanner::Severity>(f.severity);
  content.message = f.message;
  content.text = f.text;
  content.suggestion = f.suggestion;
  content.context = f.context;
  o.BeginObject();
  o.Key("id").Int(f.id).Key("issue").Int(f.issue_id);
  scanner::WriteFindingContent(o, content);  // the fields every finding has, written once
  o.Key("category_name").String(scanner::ChineseName(content.category));
  o.Key("severity_name").String(scanner::ChineseName(content.severity));
  o.Key("start").Int(f.start).Key("end").Int(f.end);
  o.Key("line").Int(f.line).Key("column").Int(f.column);
  o.Key("status").String(store::ToString(f.status));
  o.Key("decision");
  if (v.decision && v.decision->status != IssueStatus::kOpen) {
    o.BeginObject().Key("status").String(store::ToString(v.decision->status));
    o.Key("reason").String(v.decision->reason).Key("by").String(v.decided_by);
    o.Key("at").String(v.decision->decided_at).Key("allow_list").Bool(v.decision->allow_list);
    o.EndObject();
  } else {
    o.Null();
  }
  if (with_draft) {
    o.Key("draft").BeginObject().Key("id").Int(f.draft_id).Key("title").String(v.draft_title);
    o.Key("unit").BeginObject().Key("id").Int(f.unit_id).Key("name").String(v.unit_name);
    o.EndObject().EndObject();
  }
  o.EndObject();
}

json PageJson(json items, int64_t total, int64_t page, int64_t per_page) {
  return {{"items", std::move(items)}, {"total", total}, {"page", page}, {"per_page", per_page}};
}

// page and per_page from the query, with the route's default and maximum.
Result<std::pair<int64_t, int64_t>> Paging(const ApiRequest& r, int64_t per_page_default,
                                           int64_t per_page_max) {
  Result<int64_t> page = QueryInt(r, "page", 1);
  if (!page.ok()) return page.status();
  Result<int64_t> per = QueryInt(r, "per_page", per_page_default);
  if (!per.ok()) return per.status();
  if (*page < 1 || *page > 1000000) return Status::InvalidInput("page 超出范围");
  if (*per < 1 || *per > per_page_max) {
    return Status::InvalidInput("per_page 应在 1 到 " + std::to_string(per_page_max) + " 之间");
  }
  return std::make_pair(*page, *per);
}

}  // namespace

// ---------------------------------------------------------------- the route table

const std::vector<Route>& Api::Routes() {
  constexpr size_t kSmall = 4 << 10;
  constexpr size_t kAction = 64 << 10;
  constexpr size_t kComment = 16 << 10;
  constexpr size_t kContent = 12 << 20;
  static const std::vector<Route> routes = {
      {"POST", "/api/login", Access::kPublic, kSmall, &Api::Login},
      {"POST", "/api/logout", Access::kUser, kSmall, &Api::Logout},
      {"GET", "/api/me", Access::kSignedIn, 0, &Api::Me},
      {"GET", "/api/home", Access::kSignedIn, 0, &Api::Home},
      {"GET", "/api/drafts", Access::kSignedIn, 0, &Api::ListDrafts},
      {"GET", "/api/drafts\\.csv", Access::kSignedIn, 0, &Api::DraftsCsv},
      {"POST", "/api/drafts", Access::kSignedIn, kContent, &Api::CreateDraft},
      {"GET", R"(/api/drafts/(\d+))", Access::kSignedIn, 0, &Api::GetDraft},
      {"POST", R"(/api/drafts/(\d+)/versions)", Access::kSignedIn, kContent, &Api::AddVersion},
      {"GET", R"(/api/drafts/(\d+)/versions/(\d+))", Access::kSignedIn, 0, &Api::GetVersion},
      {"GET", R"(/api/drafts/(\d+)/versions/(\d+)/findings)", Access::kSignedIn, 0,
       &Api::VersionFindings},
      {"GET", R"(/api/drafts/(\d+)/versions/(\d+)/findings\.csv)", Access::kSignedIn, 0,
       &Api::VersionFindingsCsv},
      {"GET", R"(/api/drafts/(\d+)/versions/(\d+)/marks)", Access::kSignedIn, 0,
       &Api::VersionMarks},
      {"GET", R"(/api/drafts/(\d+)/issues)", Access::kSignedIn, 0, &Api::ListIssues},
      {"GET", "/api/findings", Access::kSignedIn, 0, &Api::ListFindings},
      {"GET", "/api/findings\\.csv", Access::kSignedIn, 0, &Api::FindingsCsv},
      {"POST", R"(/api/drafts/(\d+)/submit)", Access::kSignedIn, kAction, &Api::Submit},
      {"POST", R"(/api/drafts/(\d+)/sign)", Access::kUser, kAction, &Api::Sign},
      {"POST", R"(/api/drafts/(\d+)/send-back)", Access::kUser, kAction, &Api::SendBack},
      {"POST", R"(/api/drafts/(\d+)/publish)", Access::kSignedIn, kAction, &Api::Publish},
      {"POST", R"(/api/findings/(\d+)/decision)", Access::kUser, kAction, &Api::Decide},
      {"GET", R"(/api/drafts/(\d+)/comments)", Access::kSignedIn, 0, &Api::ListComments},
      {"POST", R"(/api/drafts/(\d+)/comments)", Access::kUser, kComment, &Api::AddComment},
      {"GET", "/api/stats", Access::kSignedIn, 0, &Api::Statistics},
      {"GET", "/api/stats\\.csv", Access::kSignedIn, 0, &Api::StatisticsCsv},
      {"GET", "/api/units", Access::kSignedIn, 0, &Api::ListUnits},
      {"POST", "/api/units", Access::kUser, kSmall, &Api::CreateUnit},
      {"GET", "/api/users", Access::kUser, 0, &Api::ListUsers},
      {"GET", "/api/users\\.csv", Access::kUser, 0, &Api::UsersCsv},
      {"POST", "/api/users", Access::kUser, kSmall, &Api::CreateUser},
      {"POST", R"(/api/users/(\d+)/disable)", Access::kUser, kSmall, &Api::DisableUser},
      {"POST", R"(/api/users/(\d+)/role)", Access::kUser, kSmall, &Api::SetRole},
      {"GET", "/api/tokens", Access::kUser, 0, &Api::ListTokens},
      {"GET", "/api/tokens\\.csv", Access::kUser, 0, &Api::TokensCsv},
      {"POST", "/api/tokens", Access::kUser, kSmall, &Api::CreateToken},
      {"POST", R"(/api/tokens/(\d+)/revoke)", Access::kUser, kSmall, &Api::RevokeToken},
      {"GET", "/api/audit", Access::kUser, 0, &Api::ListAudit},
      {"GET", "/api/audit.csv", Access::kUser, 0, &Api::AuditCsv},
      {"GET", "/api/audit/verify", Access::kUser, 0, &Api::VerifyAudit},
      {"GET", "/api/sites", Access::kSignedIn, 0, &Api::ListSites},
      {"POST", "/api/sites", Access::kUser, kAction, &Api::CreateSite},
      {"GET", R"(/api/sites/(\d+))", Access::kSignedIn, 0, &Api::GetSite},
      {"POST", R"(/api/sites/(\d+))", Access::kUser, kAction, &Api::UpdateSite},
      {"POST", R"(/api/sites/(\d+)/scan)", Access::kUser, kSmall, &Api::StartScan},
      {"POST", R"(/api/sites/(\d+)/stop)", Access::kUser, kSmall, &Api::StopScan},
      {"POST", R"(/api/sites/(\d+)/pause)", Access::kUser, kSmall, &Api::PauseScan},
      {"GET", R"(/api/sites/(\d+)/progress)", Access::kSignedIn, 0, &Api::ScanProgress},
      {"GET", R"(/api/sites/(\d+)/scans)", Access::kSignedIn, 0, &Api::SiteScans},
      {"GET", R"(/api/sites/(\d+)/scans\.csv)", Access::kSignedIn, 0, &Api::SiteScansCsv},
      {"GET", R"(/api/sites/(\d+)/page)", Access::kSignedIn, 0, &Api::ScannedPage},
      {"GET", R"(/api/sites/(\d+)/links\.csv)", Access::kSignedIn, 0, &Api::PageLinksCsv},
      {"GET", R"(/api/sites/(\d+)/prefixes)", Access::kSignedIn, 0, &Api::ListPrefixes},
      {"POST", R"(/api/sites/(\d+)/prefixes)", Access::kUser, kSmall, &Api::AddPrefix},
      {"POST", R"(/api/sites/(\d+)/prefixes/(\d+)/delete)", Access::kUser, kSmall,
       &Api::RemovePrefix},
      {"GET", "/api/ledger", Access::kSignedIn, 0, &Api::ListLedger},
      {"GET", "/api/ledger\\.csv", Access::kSignedIn, 0, &Api::LedgerCsv},
      {"GET", "/api/ledger/units", Access::kSignedIn, 0, &Api::LedgerUnits},
      {"GET", R"(/api/ledger/(\d+))", Access::kSignedIn, 0, &Api::GetLedgerEntry},
      {"POST", R"(/api/ledger/(\d+)/(fixed|not-error|confirm|reopen))", Access::kUser, kComment,
       &Api::LedgerAction},
      {"GET", "/api/settings/deadlines", Access::kSignedIn, 0, &Api::GetDeadlines},
      {"POST", "/api/settings/deadlines", Access::kUser, kSmall, &Api::SetDeadlines},
  };
  return routes;
}

Api::Api(review::ReviewService* service, ApiOptions options, SiteServices sites)
    : service_(service),
      options_(std::move(options)),
      sites_(sites),
      cookie_name_(options_.secure ? "__Host-cuomin_session" : "cuomin_session"),
      sessions_(options_.sessions, service) {}

ApiResponse Api::Error(int http_status, const std::string& code, const std::string& message) {
  ApiResponse r = Json(http_status, {{"error", {{"code", code}, {"message", message}}}});
  return r;
}

ApiResponse Api::Error(const Status& status) {
  int http = 500;
  switch (status.code()) {
    case StatusCode::kOk:
      http = 200;
      break;
    case StatusCode::kInvalidInput:
      http = 400;
      break;
    case StatusCode::kNotFound:
      http = 404;
      break;
    case StatusCode::kConflict:
      http = 409;
      break;
    case StatusCode::kPermissionDenied:
      http = 403;
      break;
    case StatusCode::kUnavailable:
      http = 503;
      break;
    case StatusCode::kInternal:
      http = 500;
      break;
  }
  return Error(http, StatusCodeName(status.code()), status.message());
}

// ---------------------------------------------------------------- sessions

ApiResponse Api::Login(const ApiRequest& r) {
  Result<json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  Result<std::string> user = Str(*body, "username");
  Result<std::string> pass = Str(*body, "password");
  if (!user.ok()) return Error(user.status());
  if (!pass.ok()) return Error(pass.status());
  if (user->empty() || pass->empty()) return Error(Status::InvalidInput("请输入用户名和密码"));
  review::LoginOutcome out = service_->Login(*user, *pass, r.address);
  if (out.retry_after > 0) {
    ApiResponse resp = Error(429, "rate_limited", out.status.message());
    resp.headers.emplace_back("Retry-After", std::to_string(out.retry_after));
    return resp;
  }
  if (!out.actor) {
    if (out.status.code() == StatusCode::kPermissionDenied) {
      return Error(401, "unauthenticated", out.status.message());
    }
    return Error(out.status);
  }
  // A login always makes a new session: whatever id the browser held before is dropped.
  if (!r.session_cookie.empty()) sessions_.Destroy(r.session_cookie);
  Session s = sessions_.Create(out.actor->user_id, service_->clock().Now());
  std::string unit_name;
  if (auto units = service_->ListUnits(*out.actor); units.ok()) {
    for (const auto& u : *units) {
      if (u.id == out.actor->unit_id) unit_name = u.name;
    }
  }
  ApiResponse resp =
      Json(200, {{"user", ActorJson(*out.actor, unit_name)}, {"csrf_token", s.csrf_token}});
  resp.headers.emplace_back("Set-Cookie", cookie_name_ + "=" + s.id +
                                              "; Path=/; HttpOnly; SameSite=Strict" +
                                              (options_.secure ? "; Secure" : ""));
  return resp;
}

ApiResponse Api::Logout(const ApiRequest& r) {
  if (r.session) {
    sessions_.Destroy(r.session->id);
    if (r.actor) service_->RecordLogout(*r.actor).ok();  // the logout stands regardless
  }
  ApiResponse resp = NoContent();
  resp.headers.emplace_back("Set-Cookie", cookie_name_ +
                                              "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" +
                                              (options_.secure ? "; Secure" : ""));
  return resp;
}

ApiResponse Api::Me(const ApiRequest& r) {
  std::string unit_name;
  if (auto units = service_->ListUnits(*r.actor); units.ok()) {
    for (const auto& u : *units) {
      if (u.id == r.actor->unit_id) unit_name = u.name;
    }
  }
  json j = {{"user", ActorJson(*r.actor, unit_name)}};
  j["csrf_token"] = r.session ? json(r.session->csrf_token) : json(nullptr);
  return Json(200, j);
}

// ---------------------------------------------------------------- drafts

ApiResponse Api::Home(const ApiRequest& r) {
  review::DraftQuery q;
  q.waiting = true;
  auto waiting = service_->ListDrafts(*r.actor, q);
  if (!waiting.ok()) return Error(waiting.status());
  auto returned = service_->ReturnedDrafts(*r.actor);
  if (!returned.ok()) return Error(returned.status());
  JsonOut o;
  o.BeginObject().Key("waiting").BeginArray();
  for (const auto& d : waiting->items) WriteSummary(o, d);
  o.EndArray().Key("waiting_total").Int(waiting->total).Key("returned").BeginArray();
  for (const auto& d : *returned) WriteSummary(o, d);
  o.EndArray().EndObject();
  return JsonText(200, std::move(o.str()));
}

ApiResponse Api::ListDrafts(const ApiRequest& r) {
  Result<review::DraftQuery> query = api_parse::ReadDraftQuery(r);
  if (!query.ok()) return Error(query.status());
  auto paging = Paging(r, 50, 200);
  if (!paging.ok()) return Error(paging.status());
  review::DraftQuery& q = *query;
  q.page = paging->first;
  q.per_page = paging->second;
  auto page = service_->ListDrafts(*r.actor, q);
  if (!page.ok()) return Error(page.status());
  JsonOut o;
  o.BeginObject().Key("items").BeginArray();
  for (const auto& d : page->items) WriteSummary(o, d);
  o.EndArray().Key("total").Int(page->total).Key("page").Int(q.page);
  o.Key("per_page").Int(q.per_page).EndObject();
  return JsonText(200, std::move(o.str()));
}

Result<review::Submission> Api::ReadSubmission(const ApiRequest& r, bool with_title) {
  review::Submission s;
  bool is_json = r.content_type.rfind("application/json", 0) == 0;
  if (!is_json) {
    // A file as the raw body, its name and the title in the query.
    s.filename = QueryValue(r, "filename").value_or("");
    if (s.filename.empty()) return Status::InvalidInput("上传文件时请在 filename 参数中给出文件名");
    if (s.filename.find_first_of("/\\") != std::string::npos) {
      s.filename = s.filename.substr(s.filename.find_last_of("/\\") + 1);
    }
    s.title = QueryValue(r, "title").value_or("");
    s.submit = QueryValue(r, "submit").value_or("0") == "1";
    s.bytes = r.body;
    return s;
  }
  Result<json> body = ParseBody(r);
  if (!body.ok()) return body.status();
  Result<std::string> title = Str(*body, "title");
  Result<std::string> text = Str(*body, "text");
  Result<std::string> url = Str(*body, "url");
  for (const Status& st : {title.status(), text.status(), url.status()}) {
    if (!st.ok()) return st;
  }
  if (with_title) s.title = *title;
  s.submit = Bool(*body, "submit");
  if (!url->empty() && !text->empty()) return Status::InvalidInput("text 和 url 只能给出一个");
  if (!url->empty()) {
    Result<Fetched> f = FetchFromStaging(*url, options_.staging);
    if (!f.ok()) return f.status();
    s.filename = f->filename;
    s.source_url = f->url;
    s.bytes = std::move(f->bytes);
    return s;
  }
  if (text->empty()) return Status::InvalidInput("请给出稿件内容（text、url 或上传文件）");
  s.bytes = *text;
  return s;
}

ApiResponse Api::CreateDraft(const ApiRequest& r) {
  Result<review::Submission> s = ReadSubmission(r, true);
  if (!s.ok()) return Error(s.status());
  auto view = service_->CreateDraft(*r.actor, *s);
  if (!view.ok()) return Error(view.status());
  return JsonText(201, DraftJson(*view));
}

ApiResponse Api::GetDraft(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  auto view = service_->GetDraft(*r.actor, *id);
  if (!view.ok()) return Error(view.status());
  return JsonText(200, DraftJson(*view));
}

ApiResponse Api::AddVersion(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  Result<review::Submission> s = ReadSubmission(r, false);
  if (!s.ok()) return Error(s.status());
  auto view = service_->AddVersion(*r.actor, *id, *s);
  if (!view.ok()) return Error(view.status());
  return JsonText(201, DraftJson(*view));
}

ApiResponse Api::GetVersion(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  Result<int64_t> n = ParamId(r, 1);
  if (!id.ok() || !n.ok()) return Error(Status::NotFound("版本不存在"));
  auto v = service_->GetVersion(*r.actor, *id, static_cast<int>(*n));
  if (!v.ok()) return Error(v.status());
  auto draft = service_->GetDraft(*r.actor, *id);
  std::string author;
  if (draft.ok()) {
    for (size_t i = 0; i < draft->versions.size(); ++i) {
      if (draft->versions[i].number == v->number) author = draft->version_authors[i];
    }
  }
  return Json(200, {{"number", v->number},
                    {"format", v->format},
                    {"filename", v->filename},
                    {"source_url", v->source_url},
                    {"created_at", v->created_at},
                    {"author", author},
                    {"findings", v->finding_count},
                    {"text", v->text}});
}

// Where every finding of a version is, for the text view: the list pane pages findings, the
// highlights must not stop at the page's end.
ApiResponse Api::VersionMarks(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  Result<int64_t> n = ParamId(r, 1);
  if (!id.ok() || !n.ok()) return Error(Status::NotFound("版本不存在"));
  Result<api_parse::Filters> f = api_parse::ReadFilters(r);
  if (!f.ok()) return Error(f.status());
  review::FindingQuery q;
  q.severity = f->severity;
  q.category = f->category;
  q.status = f->status;
  auto page = service_->VersionMarks(*r.actor, *id, static_cast<int>(*n), q);
  if (!page.ok()) return Error(page.status());
  JsonOut o;
  o.BeginObject().Key("items").BeginArray();
  for (const auto& v : page->items) {
    const store::FindingRow& m = v.finding;
    o.BeginObject().Key("id").Int(m.id).Key("start").Int(m.start).Key("end").Int(m.end);
    o.Key("severity").String(SeverityName(m.severity)).Key("message").String(m.message);
    o.EndObject();
  }
  o.EndArray().Key("total").Int(page->total).EndObject();
  return JsonText(200, std::move(o.str()));
}

ApiResponse Api::VersionFindings(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  Result<int64_t> n = ParamId(r, 1);
  if (!id.ok() || !n.ok()) return Error(Status::NotFound("版本不存在"));
  Result<api_parse::Filters> f = api_parse::ReadFilters(r);
  if (!f.ok()) return Error(f.status());
  auto paging = Paging(r, 100, 1000);
  if (!paging.ok()) return Error(paging.status());
  review::FindingQuery q;
  q.severity = f->severity;
  q.category = f->category;
  q.status = f->status;
  q.page = paging->first;
  q.per_page = paging->second;
  auto page = service_->VersionFindings(*r.actor, *id, static_cast<int>(*n), q);
  if (!page.ok()) return Error(page.status());
  json counts = {
      {"severity", json::object()}, {"category", json::object()}, {"status", json::object()}};
  static constexpr const char* kStatus[] = {"open", "accepted", "deferred", "fixed"};
  for (const auto& c : page->counts) {
    std::string key = c.kind == "severity"   ? SeverityName(static_cast<int>(c.value))
                      : c.kind == "category" ? CategoryName(static_cast<int>(c.value))
                                             : kStatus[std::clamp<int64_t>(c.value, 0, 3)];
    counts[c.kind][key] = c.count;
  }
  JsonOut o;
  o.BeginObject().Key("items").BeginArray();
  for (const auto& v : page->items) WriteFinding(o, v, false);
  o.EndArray().Key("total").Int(page->total).Key("page").Int(q.page);
  o.Key("per_page").Int(q.per_page).Key("counts").Raw(Dump(counts)).EndObject();
  return JsonText(200, std::move(o.str()));
}

ApiResponse Api::ListIssues(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  auto issues = service_->ListIssues(*r.actor, *id);
  if (!issues.ok()) return Error(issues.status());
  json items = json::array();
  for (const auto& v : *issues) {
    const store::Issue& i = v.issue;
    json decisions = json::array();
    for (size_t k = 0; k < v.decisions.size(); ++k) {
      decisions.push_back({{"status", std::string(store::ToString(v.decisions[k].status))},
                           {"reason", v.decisions[k].reason},
                           {"by", v.decided_by[k]},
                           {"at", v.decisions[k].at}});
    }
    items.push_back(
        {{"issue", i.id},
         {"rule", i.rule},
         {"text", i.text},
         {"severity", SeverityName(i.severity)},
         {"category", CategoryName(i.category)},
         {"status", std::string(store::ToString(i.status))},
         {"reason", i.reason},
         {"first_version", i.first_version},
         {"fixed_in_version", i.fixed_in_version == 0 ? json(nullptr) : json(i.fixed_in_version)},
         {"decisions", decisions}});
  }
  return Json(200, {{"items", items}});
}

ApiResponse Api::ListFindings(const ApiRequest& r) {
  Result<review::FindingQuery> query = api_parse::ReadFindingQuery(r);
  if (!query.ok()) return Error(query.status());
  auto paging = Paging(r, 100, 1000);
  if (!paging.ok()) return Error(paging.status());
  review::FindingQuery& q = *query;
  q.page = paging->first;
  q.per_page = paging->second;
  auto page = service_->ListFindings(*r.actor, q);
  if (!page.ok()) return Error(page.status());
  JsonOut o;
  o.BeginObject().Key("items").BeginArray();
  for (const auto& v : page->items) WriteFinding(o, v, true);
  o.EndArray().Key("total").Int(page->total).Key("page").Int(q.page);
  o.Key("per_page").Int(q.per_page).EndObject();
  return JsonText(200, std::move(o.str()));
}

// ---------------------------------------------------------------- the workflow

ApiResponse Api::Submit(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  auto view = service_->Submit(*r.actor, *id);
  if (!view.ok()) return Error(view.status());
  return JsonText(200, DraftJson(*view));
}

ApiResponse Api::Sign(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  Result<json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  Result<int64_t> version = Int(*body, "version", 0);
  Result<std::string> password = Str(*body, "password");
  if (!version.ok()) return Error(version.status());
  if (!password.ok()) return Error(password.status());
  if (*version <= 0) return Error(Status::InvalidInput("请给出所签署的版本号 version"));
  auto view = service_->Sign(*r.actor, *id, static_cast<int>(*version), *password);
  if (!view.ok()) return Error(view.status());
  return JsonText(200, DraftJson(*view));
}

ApiResponse Api::SendBack(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  Result<json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  Result<int64_t> version = Int(*body, "version", 0);
  Result<std::string> comment = Str(*body, "comment");
  if (!version.ok()) return Error(version.status());
  if (!comment.ok()) return Error(comment.status());
  if (*version <= 0) return Error(Status::InvalidInput("请给出所退回的版本号 version"));
  auto view = service_->SendBack(*r.actor, *id, static_cast<int>(*version), *comment);
  if (!view.ok()) return Error(view.status());
  return JsonText(200, DraftJson(*view));
}

ApiResponse Api::Publish(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  auto view = service_->Publish(*r.actor, *id);
  if (!view.ok()) return Error(view.status());
  return JsonText(200, DraftJson(*view));
}

ApiResponse Api::Decide(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  Result<json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  Result<std::string> status = Str(*body, "status");
  Result<std::string> reason = Str(*body, "reason");
  if (!status.ok()) return Error(status.status());
  if (!reason.ok()) return Error(reason.status());
  std::optional<IssueStatus> st = store::ParseIssueStatus(*status);
  if (!st) return Error(Status::InvalidInput("status 应为 accepted、deferred 或 open"));
  auto v = service_->Decide(*r.actor, *id, *st, *reason, Bool(*body, "allow_list"));
  if (!v.ok()) return Error(v.status());
  JsonOut o;
  WriteFinding(o, *v, false);
  return JsonText(200, std::move(o.str()));
}

ApiResponse Api::ListComments(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  auto cs = service_->ListComments(*r.actor, *id);
  if (!cs.ok()) return Error(cs.status());
  json items = json::array();
  for (const auto& c : *cs) {
    items.push_back(
        {{"id", c.comment.id},
         {"user", c.user},
         {"text", c.comment.text},
         {"at", c.comment.at},
         {"finding", c.comment.finding_id == 0 ? json(nullptr) : json(c.comment.finding_id)},
         {"issue", c.comment.issue_id == 0 ? json(nullptr) : json(c.comment.issue_id)}});
  }
  return Json(200, {{"items", items}});
}

ApiResponse Api::AddComment(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  Result<json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  Result<std::string> text = Str(*body, "text");
  Result<int64_t> finding = Int(*body, "finding", 0);
  if (!text.ok()) return Error(text.status());
  if (!finding.ok()) return Error(finding.status());
  auto c = service_->AddComment(*r.actor, *id, *finding, *text);
  if (!c.ok()) return Error(c.status());
  return Json(
      201, {{"id", c->comment.id},
            {"user", c->user},
            {"text", c->comment.text},
            {"at", c->comment.at},
            {"finding", c->comment.finding_id == 0 ? json(nullptr) : json(c->comment.finding_id)},
            {"issue", c->comment.issue_id == 0 ? json(nullptr) : json(c->comment.issue_id)}});
}

// ---------------------------------------------------------------- administration

ApiResponse Api::ListUnits(const ApiRequest& r) {
  auto units = service_->ListUnits(*r.actor);
  if (!units.ok()) return Error(units.status());
  json items = json::array();
  for (const auto& u : *units) items.push_back(UnitJson(u));
  return Json(200, {{"items", items}});
}

ApiResponse Api::CreateUnit(const ApiRequest& r) {
  Result<json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  Result<std::string> name = Str(*body, "name");
  if (!name.ok()) return Error(name.status());
  auto u = service_->CreateUnit(*r.actor, *name, Bool(*body, "oversees_all"));
  if (!u.ok()) return Error(u.status());
  return Json(201, UnitJson(*u));
}

ApiResponse Api::ListUsers(const ApiRequest& r) {
  auto users = service_->ListUsers(*r.actor);
  if (!users.ok()) return Error(users.status());
  auto units = service_->ListUnits(*r.actor);
  if (!units.ok()) return Error(units.status());
  json items = json::array();
  for (const auto& u : *users) {
    std::optional<store::Unit> unit;
    for (const auto& un : *units) {
      if (un.id == u.unit_id) unit = un;
    }
    items.push_back(UserJson(u, unit));
  }
  return Json(200, {{"items", items}});
}

ApiResponse Api::CreateUser(const ApiRequest& r) {
  Result<json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  Result<std::string> username = Str(*body, "username");
  Result<std::string> display = Str(*body, "display_name");
  Result<std::string> role = Str(*body, "role");
  Result<std::string> password = Str(*body, "password");
  Result<int64_t> unit = Int(*body, "unit", 0);
  for (const Status& st :
       {username.status(), display.status(), role.status(), password.status(), unit.status()}) {
    if (!st.ok()) return Error(st);
  }
  std::optional<store::Role> rl = store::ParseRole(*role);
  if (!rl) return Error(Status::InvalidInput("未知的角色：" + *role));
  auto u = service_->CreateUser(*r.actor, *username, *display, *unit, *rl, *password);
  if (!u.ok()) return Error(u.status());
  return Json(201, UserJson(*u, std::nullopt));
}

ApiResponse Api::DisableUser(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  auto users = service_->ListUsers(*r.actor);
  if (!users.ok()) return Error(users.status());
  for (const auto& u : *users) {
    if (u.id != *id) continue;
    auto d = service_->DisableUser(*r.actor, u.username);
    if (!d.ok()) return Error(d.status());
    sessions_.DestroyUser(u.id);
    return Json(200, UserJson(*d, std::nullopt));
  }
  return Error(Status::NotFound("用户不存在"));
}

ApiResponse Api::SetRole(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  Result<json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  Result<std::string> role = Str(*body, "role");
  if (!role.ok()) return Error(role.status());
  std::optional<store::Role> rl = store::ParseRole(*role);
  if (!rl) return Error(Status::InvalidInput("未知的角色：" + *role));
  auto users = service_->ListUsers(*r.actor);
  if (!users.ok()) return Error(users.status());
  for (const auto& u : *users) {
    if (u.id != *id) continue;
    auto d = service_->SetRole(*r.actor, u.username, *rl);
    if (!d.ok()) return Error(d.status());
    return Json(200, UserJson(*d, std::nullopt));
  }
  return Error(Status::NotFound("用户不存在"));
}

ApiResponse Api::ListTokens(const ApiRequest& r) {
  auto tokens = service_->ListTokens(*r.actor);
  if (!tokens.ok()) return Error(tokens.status());
  json items = json::array();
  for (const auto& t : *tokens) {
    items.push_back({{"id", t.id},
                     {"name", t.name},
                     {"unit", t.unit_id},
                     {"created_at", t.created_at},
                     {"revoked", t.revoked}});
  }
  return Json(200, {{"items", items}});
}

ApiResponse Api::CreateToken(const ApiRequest& r) {
  Result<json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  Result<std::string> name = Str(*body, "name");
  Result<int64_t> unit = Int(*body, "unit", 0);
  if (!name.ok()) return Error(name.status());
  if (!unit.ok()) return Error(unit.status());
  auto t = service_->CreateToken(*r.actor, *name, *unit);
  if (!t.ok()) return Error(t.status());
  return Json(201, {{"id", t->first}, {"token", t->second}});
}

ApiResponse Api::RevokeToken(const ApiRequest& r) {
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  Status s = service_->RevokeToken(*r.actor, *id);
  if (!s.ok()) return Error(s);
  return NoContent();
}

ApiResponse Api::ListAudit(const ApiRequest& r) {
  auto paging = Paging(r, 100, 1000);
  if (!paging.ok()) return Error(paging.status());
  store::AuditFilter f;
  f.user = QueryValue(r, "user").value_or("");
  f.action = QueryValue(r, "action").value_or("");
  f.limit = paging->second;
  f.offset = (paging->first - 1) * paging->second;
  auto page = service_->ListAudit(*r.actor, f);
  if (!page.ok()) return Error(page.status());
  json items = json::array();
  for (const auto& e : page->items) {
    items.push_back({{"seq", e.seq},
                     {"at", e.at},
                     {"user", e.user},
                     {"action", e.action},
                     {"object", e.object},
                     {"detail", e.detail},
                     {"address", e.address}});
  }
  return Json(200, PageJson(items, page->total, paging->first, paging->second));
}

ApiResponse Api::AuditCsv(const ApiRequest& r) {
  auto csv = service_->AuditCsv(*r.actor);
  if (!csv.ok()) return Error(csv.status());
  ApiResponse resp;
  resp.content_type = "text/csv; charset=utf-8";
  resp.body = std::move(*csv);
  resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"audit.csv\"");
  return resp;
}

// ---------------------------------------------------------------- statistics

ApiResponse Api::VerifyAudit(const ApiRequest& r) {
  auto check = service_->VerifyAudit(*r.actor);
  if (!check.ok()) return Error(check.status());
  json j = {{"ok", check->ok}, {"entries", check->entries}};
  if (!check->ok) {
    j["first_bad"] = check->first_bad;
    j["message"] = check->message;
  }
  return Json(200, j);
}

}  // namespace cuomin::server
