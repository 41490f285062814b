// The routes of site scans and the 整改 ledger: thin over review::LedgerService and
// review::ScanRunner, which check roles and units. Scans start only by a configured site's id:
// no route takes a URL to scan.
#include <array>
#include <charconv>
#include <ctime>
#include <memory>

#include <nlohmann/json.hpp>

#include "common/csv.h"
#include "scanner/finding.h"
#include "scanner/finding_json.h"
#include "server/api.h"
#include "server/api_parse.h"
#include "server/json_out.h"

namespace cuomin::server {

using api_parse::Int;
using api_parse::Json;
using api_parse::JsonText;
using api_parse::NoContent;
using api_parse::ParamId;
using api_parse::ParseBody;
using api_parse::QueryInt;
using api_parse::QueryValue;
using api_parse::Str;
using json = nlohmann::json;

namespace {

ApiResponse NotRunning() { return Api::Error(Status::Unavailable("此服务器未启用网站扫描")); }

json SiteJson(const store::Site& s) {
  return {{"id", s.id},
          {"name", s.name},
          {"unit", s.unit_id},
          {"start_urls", s.start_urls},
          {"scope", s.scope},
          {"excluded_paths", s.excluded_paths},
          {"concurrency", s.concurrency},
          {"per_host_concurrency", s.per_host_concurrency},
          {"per_host_rate", s.per_host_rate},
          {"max_pages", s.max_pages},
          {"schedule", s.schedule},
          {"enabled", s.enabled},
          {"created_at", s.created_at},
          {"updated_at", s.updated_at}};
}

Result<std::vector<std::string>> Strings(const json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return out;
  if (!it->is_array()) return Status::InvalidInput(std::string("字段 ") + key + " 应为字符串数组");
  for (const json& v : *it) {
    if (!v.is_string()) return Status::InvalidInput(std::string("字段 ") + key + " 应为字符串数组");
    out.push_back(v.get<std::string>());
  }
  return out;
}

// The site fields of a create or update body; absent fields keep `base`'s.
Result<store::Site> ReadSite(const json& j, store::Site base) {
  static const char* const kKnown[] = {"name",
                                       "unit",
                                       "start_urls",
                                       "scope",
                                       "excluded_paths",
                                       "concurrency",
                                       "per_host_concurrency",
                                       "per_host_rate",
                                       "max_pages",
                                       "schedule",
                                       "enabled"};
  for (const auto& [key, value] : j.items()) {
    bool known = false;
    for (const char* k : kKnown) known = known || key == k;
    if (!known) return Status::InvalidInput("未知的字段：" + key);
  }
  auto str = [&](const char* key, std::string& out) -> Status {
    if (!j.contains(key)) return Status::Ok();
    Result<std::string> v = Str(j, key);
    if (!v.ok()) return v.status();
    out = *v;
    return Status::Ok();
  };
  auto integer = [&](const char* key, auto& out) -> Status {
    if (!j.contains(key)) return Status::Ok();
    Result<int64_t> v = Int(j, key, 0);
    if (!v.ok()) return v.status();
    if (*v < 0 || *v > 100'000'000) return Status::InvalidInput(std::string(key) + " 超出范围");
    out = static_cast<std::remove_reference_t<decltype(out)>>(*v);
    return Status::Ok();
  };
  for (Status st :
       {str("name", base.name), str("scope", base.scope), str("schedule", base.schedule),
        integer("unit", base.unit_id), integer("concurrency", base.concurrency),
        integer("per_host_concurrency", base.per_host_concurrency),
        integer("max_pages", base.max_pages)}) {
    if (!st.ok()) return st;
  }
  if (j.contains("start_urls")) {
    Result<std::vector<std::string>> v = Strings(j, "start_urls");
    if (!v.ok()) return v.status();
    base.start_urls = *v;
  }
  if (j.contains("excluded_paths")) {
    Result<std::vector<std::string>> v = Strings(j, "excluded_paths");
    if (!v.ok()) return v.status();
    base.excluded_paths = *v;
  }
  if (auto it = j.find("per_host_rate"); it != j.end() && !it->is_null()) {
    if (!it->is_number()) return Status::InvalidInput("字段 per_host_rate 应为数字");
    base.per_host_rate = it->get<double>();
  }
  if (auto it = j.find("enabled"); it != j.end() && !it->is_null()) {
    if (!it->is_boolean()) return Status::InvalidInput("字段 enabled 应为 true 或 false");
    base.enabled = it->get<bool>();
  }
  return base;
}

void WriteProgress(JsonOut& o, const review::ScanStatusView& v) {
  o.BeginObject().Key("site").Int(v.site_id).Key("scan").Int(v.scan_id);
  o.Key("running").Bool(v.running);
  o.Key("pages_done").Int(static_cast<int64_t>(v.progress.pages_done));
  o.Key("queued").Int(static_cast<int64_t>(v.progress.queued));
  o.Key("errors").Int(static_cast<int64_t>(v.progress.errors));
  o.Key("findings").Int(static_cast<int64_t>(v.progress.findings));
  o.Key("state").String(v.running ? "running" : store::ToString(v.state));
  // Where a running scan is: after its last page it still writes, tells what was fixed and
  // updates the ledger, which on a big site takes as long as a good part of the crawl.
  if (v.running) {
    struct Phase {
      const char* key;
      const char* name;
    };
    const Phase phase = v.updating_ledger ? Phase{"ledger", "正在更新整改台账"}
                        : v.progress.phase == site::ScanPhase::kWriting
                            ? Phase{"writing", "正在写入结果"}
                        : v.progress.phase == site::ScanPhase::kFinishing
                            ? Phase{"finishing", "正在核对已修复的问题"}
                            : Phase{"crawling", "正在抓取检查页面"};
    o.Key("phase").String(phase.key).Key("phase_name").String(phase.name);
    o.Key("unwritten").Int(static_cast<int64_t>(v.progress.unwritten));
    o.Key("ledger_done").Int(v.ledger_done).Key("ledger_total").Int(v.ledger_total);
  }
  o.Key("error").String(v.error);
  if (!v.running) {
    const site::ScanSummary& s = v.summary;
    o.Key("summary").BeginObject();
    o.Key("pages").Int(static_cast<int64_t>(s.crawl.pages));
    o.Key("requests").Int(static_cast<int64_t>(s.crawl.requests));
    o.Key("findings").Int(static_cast<int64_t>(s.findings));
    o.Key("fixed").Int(static_cast<int64_t>(s.fixed));
    o.Key("milliseconds").Int(static_cast<int64_t>(s.crawl.seconds * 1000)).EndObject();
    o.Key("ledger").BeginObject().Key("assigned").Int(v.ledger.assigned);
    o.Key("still").Int(v.ledger.still).Key("reopened").Int(v.ledger.reopened);
    o.Key("fixed").Int(v.ledger.fixed).EndObject();
  }
  o.EndObject();
}

void WriteEntry(JsonOut& o, const review::LedgerView& v) {
  const store::LedgerEntry& e = v.entry;
  scanner::Finding content;
  content.rule = e.rule;
  content.category = static_cast<scanner::Category>(e.category);
  content.severity = static_cast<scanner::Severity>(e.severity);
  content.message = e.message;
  content.text = e.text;
  content.context = e.context;
  o.BeginObject().Key("id").Int(e.id);
  o.Key("site").BeginObject().Key("id").Int(e.site_id).Key("name").String(v.site_name);
  o.EndObject();
  o.Key("source").String(e.source);
  scanner::WriteFindingContent(o, content);  // the fields every finding has, written once
  o.Key("category_name").String(scanner::ChineseName(content.category));
  o.Key("severity_name").String(scanner::ChineseName(content.severity));
  o.Key("unit").BeginObject().Key("id").Int(e.unit_id).Key("name").String(v.unit_name);
  o.EndObject();
  o.Key("status").String(store::ToString(e.status));
  o.Key("status_name").String(store::ChineseName(e.status));
  o.Key("claim").String(e.claim).Key("reason").String(e.reason).Key("flagged").Bool(e.flagged);
  o.Key("overdue").Bool(v.overdue);
  o.Key("first_scan").Int(e.first_scan).Key("last_seen_scan").Int(e.last_seen_scan);
  o.Key("assigned_at").Int(e.assigned_at).Key("deadline").Int(e.deadline);
  o.Key("claimed_at").Int(e.claimed_at).Key("updated_at").Int(e.updated_at);
  o.EndObject();
}

// "YYYY-MM-DD" (local time) as seconds since the epoch at its start; `next_day`: at its end.
Result<int64_t> QueryDate(const ApiRequest& r, const char* name, int64_t utc_offset,
                          bool next_day) {
  std::optional<std::string> v = QueryValue(r, name);
  if (!v) return int64_t{0};
  std::optional<int64_t> start = api_parse::LocalDayStart(*v, utc_offset);
  if (!start)
    return Status::InvalidInput(std::string("参数 ") + name + " 应为日期 YYYY-MM-DD：" + *v);
  return *start + (next_day ? 86400 : 0);
}

// The filters shared by the ledger's list and its counts.
Result<review::LedgerQuery> ReadLedgerQuery(const ApiRequest& r, int64_t utc_offset) {
  review::LedgerQuery q;
  Result<int64_t> site = QueryInt(r, "site", 0);
  if (!site.ok()) return site.status();
  Result<int64_t> unit = QueryInt(r, "unit", 0);
  if (!unit.ok()) return unit.status();
  q.site_id = *site;
  q.unit_id = *unit;
  if (auto v = QueryValue(r, "status")) {
    if (*v == "overdue") {
      q.overdue_only = true;
    } else {
      q.status = store::ParseLedgerStatus(*v);
      if (!q.status) return Status::InvalidInput("未知的整改状态：" + *v);
    }
  }
  Result<std::optional<int>> severity = api_parse::QuerySeverity(r);
  if (!severity.ok()) return severity.status();
  q.severity = *severity;
  Result<std::optional<int>> category = api_parse::QueryCategory(r);
  if (!category.ok()) return category.status();
  q.category = *category;
  q.rule = QueryValue(r, "rule").value_or("");
  Result<int64_t> from = QueryDate(r, "from", utc_offset, false);
  if (!from.ok()) return from.status();
  Result<int64_t> to = QueryDate(r, "to", utc_offset, true);
  if (!to.ok()) return to.status();
  q.from = *from;
  q.to = *to;
  return q;
}

// As the dashboard names them (web/public/app/pages/sites.js STATES).
std::string_view ScanStateName(const std::string& state) {
  static const std::pair<const char*, const char*> kNames[] = {{"running", "扫描中"},
                                                               {"finished", "已完成"},
                                                               {"interrupted", "已中断"},
                                                               {"cancelled", "已停止"},
                                                               {"paused", "已暂停"}};
  for (const auto& [id, name] : kNames) {
    if (state == id) return name;
  }
  return state;
}

// What a link finding says of a link, as the dashboard names it (web/public/app/labels.js
// LINK_PROBLEMS); a rule it does not know is written as it is.
std::string_view LinkStatusName(const std::string& rule) {
  static const std::pair<const char*, const char*> kNames[] = {{"link-dead", "死链"},
                                                               {"link-unverified", "无法验证"},
                                                               {"link-tls", "证书问题"},
                                                               {"link-hidden", "暗链"},
                                                               {"link-blocklisted", "黑名单网站"},
                                                               {"link-turned-bad", "内容已变质"},
                                                               {"link-private-address", "内网地址"},
                                                               {"link-bad-redirect", "异常跳转"},
                                                               {"link-external", "外部网站"},
                                                               {"link-script", "脚本链接"}};
  for (const auto& [id, name] : kNames) {
    if (rule == id) return name;
  }
  return rule;
}

// Seconds since the epoch as "YYYY-MM-DD HH:MM" in local (Beijing) time; "" for 0 (never).
std::string LocalTime(int64_t t, int64_t utc_offset) {
  if (t == 0) return std::string();
  std::string s = review::FormatUtc(t + utc_offset);  // "2026-12-04T09:30:00Z" as local time
  return s.substr(0, 10) + " " + s.substr(11, 5);
}

// LocalTime written into `buf`, for the ledger's export (two a row, no allocation).
std::string_view LocalTimeInto(int64_t t, int64_t utc_offset, std::array<char, 40>& buf) {
  if (t == 0) return std::string_view();
  std::time_t local = static_cast<std::time_t>(t + utc_offset);
  std::tm tm{};
  gmtime_r(&local, &tm);
  return std::string_view(buf.data(), std::strftime(buf.data(), buf.size(), "%Y-%m-%d %H:%M", &tm));
}

// The keyset cursor "DEADLINE.ID" of the last entry of the previous page.
Result<std::optional<std::pair<int64_t, int64_t>>> ReadCursor(const ApiRequest& r) {
  std::optional<std::string> v = QueryValue(r, "after");
  if (!v) return std::optional<std::pair<int64_t, int64_t>>();
  size_t dot = v->find('.');
  int64_t a = 0, b = 0;
  const char* end = v->data() + v->size();
  bool ok = dot != std::string::npos;
  if (ok) {
    auto [p1, e1] = std::from_chars(v->data(), v->data() + dot, a);
    auto [p2, e2] = std::from_chars(v->data() + dot + 1, end, b);
    ok = e1 == std::errc() && p1 == v->data() + dot && e2 == std::errc() && p2 == end;
  }
  if (!ok) return Status::InvalidInput("参数 after 无效：" + *v);
  return std::optional<std::pair<int64_t, int64_t>>(std::make_pair(a, b));
}

}  // namespace

// ---------------------------------------------------------------- sites

ApiResponse Api::ListSites(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  auto sites = sites_.ledger->ListSites(*r.actor);
  if (!sites.ok()) return Error(sites.status());
  json items = json::array();
  for (const store::Site& s : *sites) {
    json j = SiteJson(s);
    std::optional<review::ScanStatusView> cur = sites_.scans->Current(s.id);
    j["scanning"] = cur && cur->running;
    items.push_back(std::move(j));
  }
  return Json(200, {{"items", items}});
}

ApiResponse Api::CreateSite(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  Result<store::Site> site = ReadSite(*body, {});
  if (!site.ok()) return Error(site.status());
  auto made = sites_.ledger->CreateSite(*r.actor, *site);
  if (!made.ok()) return Error(made.status());
  return Json(201, SiteJson(*made));
}

ApiResponse Api::GetSite(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  auto site = sites_.ledger->GetSite(*r.actor, *id);
  if (!site.ok()) return Error(site.status());
  return Json(200, SiteJson(*site));
}

ApiResponse Api::UpdateSite(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  Result<json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  auto old = sites_.ledger->GetSite(*r.actor, *id);
  if (!old.ok()) return Error(old.status());
  Result<store::Site> site = ReadSite(*body, *old);
  if (!site.ok()) return Error(site.status());
  auto saved = sites_.ledger->UpdateSite(*r.actor, *site);
  if (!saved.ok()) return Error(saved.status());
  return Json(200, SiteJson(*saved));
}

// ---------------------------------------------------------------- scans

ApiResponse Api::StartScan(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  Result<json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  // What to scan is the configured site's, never the request's.
  if (!body->empty())
    return Error(Status::InvalidInput("扫描只能针对已配置的网站，不能另给网址或参数"));
  auto started = sites_.scans->Start(*r.actor, *id);
  if (!started.ok()) return Error(started.status());
  JsonOut o;
  WriteProgress(o, *started);
  return JsonText(202, std::move(o.str()));
}

ApiResponse Api::StopScan(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  if (Status st = sites_.scans->Stop(*r.actor, *id); !st.ok()) return Error(st);
  return NoContent();
}

ApiResponse Api::PauseScan(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  if (Status st = sites_.scans->Pause(*r.actor, *id); !st.ok()) return Error(st);
  return NoContent();
}

ApiResponse Api::ScanProgress(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  // The site's existence and the caller's right to it, as for its scans.
  if (Status st = sites_.ledger->CheckScansVisible(*r.actor, *id); !st.ok()) return Error(st);
  std::optional<review::ScanStatusView> cur = sites_.scans->Current(*id);
  if (!cur) return Json(200, {{"site", *id}, {"running", false}, {"scan", 0}});
  JsonOut o;
  WriteProgress(o, *cur);
  return JsonText(200, std::move(o.str()));
}

ApiResponse Api::SiteScans(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  Result<int64_t> limit = QueryInt(r, "limit", 50);
  if (!limit.ok()) return Error(limit.status());
  if (*limit < 1 || *limit > 500) return Error(Status::InvalidInput("limit 应在 1 到 500 之间"));
  auto history = sites_.ledger->ScanHistory(*r.actor, *id, *limit);
  if (!history.ok()) return Error(history.status());
  json items = json::array();
  for (const review::ScanHistoryLine& l : *history) {
    items.push_back({{"id", l.scan.id},
                     {"started_at", l.scan.started_at},
                     {"finished_at", l.counts.finished_at},
                     {"state", l.scan.state},
                     {"new", l.counts.fresh},
                     {"still", l.counts.still},
                     {"fixed", l.counts.fixed}});
  }
  return Json(200, {{"items", items}});
}

ApiResponse Api::SiteScansCsv(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  const int64_t offset = sites_.ledger->options().utc_offset_seconds;
  // Every scan the site has had (a few a week for years stays in the thousands).
  auto history = sites_.ledger->ScanHistory(*r.actor, *id, 100'000);
  if (!history.ok()) return Error(history.status());
  CsvWriter csv({"扫描编号", "开始时间", "结束时间", "状态", "新发现", "仍存在", "已消除"});
  for (const review::ScanHistoryLine& l : *history) {
    csv.Row({std::to_string(l.scan.id), LocalTime(l.scan.started_at, offset),
             LocalTime(l.counts.finished_at, offset), ScanStateName(l.scan.state),
             std::to_string(l.counts.fresh), std::to_string(l.counts.still),
             std::to_string(l.counts.fixed)});
  }
  return api_parse::Csv(csv.Take(), "scans-" + std::to_string(*id) + ".csv");
}

ApiResponse Api::ScannedPage(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  std::optional<std::string> url = QueryValue(r, "url");
  if (!url) return Error(Status::InvalidInput("缺少参数 url（页面网址）"));
  auto page = sites_.ledger->Page(*r.actor, *id, *url);
  if (!page.ok()) return Error(page.status());
  JsonOut o;
  o.BeginObject();
  o.Key("site").BeginObject().Key("id").Int(page->site.id).Key("name").String(page->site.name);
  o.EndObject().Key("url").String(page->url);
  o.Key("unit").BeginObject().Key("id").Int(page->unit.id).Key("name").String(page->unit.name);
  o.EndObject().Key("scan").Int(page->scan_id).Key("has_text").Bool(page->has_text);
  o.Key("text").String(page->text).Key("read_error").String(page->read_error);
  o.Key("findings").BeginArray();
  int64_t n = 0;
  for (const review::PageFindingView& v : page->findings) {
    const scanner::Finding& f = v.placed.finding;
    o.BeginObject().Key("id").Int(++n);  // the finding's place in this list; `entry` has its own
    scanner::WriteFindingContent(o, f);
    o.Key("category_name").String(scanner::ChineseName(f.category));
    o.Key("severity_name").String(scanner::ChineseName(f.severity));
    o.Key("start").Int(v.placed.start).Key("end").Int(v.placed.end);
    o.Key("line").Int(static_cast<int64_t>(f.line));
    o.Key("column").Int(static_cast<int64_t>(f.column)).Key("entry");
    if (v.entry) {
      WriteEntry(o, *v.entry);
    } else {
      o.Null();
    }
    o.EndObject();
  }
  o.EndArray().Key("links").BeginArray();
  for (const review::PageLinkView& l : page->links) {
    o.BeginObject().Key("target").String(l.target).Key("line").Int(l.line);
    o.Key("column").Int(l.column).Key("problems").BeginArray();
    for (const scanner::Finding& f : l.problems) {
      o.BeginObject()
          .Key("rule")
          .String(f.rule)
          .Key("severity")
          .String(scanner::ToString(f.severity));
      o.Key("severity_name").String(scanner::ChineseName(f.severity));
      o.Key("message").String(f.message).EndObject();
    }
    o.EndArray().EndObject();
  }
  o.EndArray().EndObject();
  return JsonText(200, std::move(o.str()));
}

ApiResponse Api::PageLinksCsv(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  std::optional<std::string> url = QueryValue(r, "url");
  if (!url) return Error(Status::InvalidInput("缺少参数 url（页面网址）"));
  auto page = sites_.ledger->Page(*r.actor, *id, *url);  // who may see the page, as for its view
  if (!page.ok()) return Error(page.status());
  CsvWriter csv({"页面", "链接", "行", "列", "状态", "严重程度", "规则", "说明"});
  for (const review::PageLinkView& l : page->links) {
    if (l.problems.empty()) {
      csv.Row({page->url, l.target, std::to_string(l.line), std::to_string(l.column), "正常"});
    }
    // One line per problem, so that a spreadsheet filters by status or rule.
    for (const scanner::Finding& f : l.problems) {
      csv.Row({page->url, l.target, std::to_string(l.line), std::to_string(l.column),
               LinkStatusName(f.rule), scanner::ChineseName(f.severity), f.rule, f.message});
    }
  }
  return api_parse::Csv(csv.Take(), "links.csv");
}

// ---------------------------------------------------------------- pages to units

ApiResponse Api::ListPrefixes(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  auto list = sites_.ledger->ListPrefixes(*r.actor, *id);
  if (!list.ok()) return Error(list.status());
  json items = json::array();
  for (const store::UnitPrefix& p : *list) {
    items.push_back({{"id", p.id}, {"prefix", p.prefix}, {"unit", p.unit_id}});
  }
  return Json(200, {{"items", items}});
}

ApiResponse Api::AddPrefix(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  Result<json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  Result<std::string> prefix = Str(*body, "prefix");
  Result<int64_t> unit = Int(*body, "unit", 0);
  if (!prefix.ok()) return Error(prefix.status());
  if (!unit.ok()) return Error(unit.status());
  auto p = sites_.ledger->AddPrefix(*r.actor, *id, *prefix, *unit);
  if (!p.ok()) return Error(p.status());
  return Json(201, {{"id", p->id}, {"prefix", p->prefix}, {"unit", p->unit_id}});
}

ApiResponse Api::RemovePrefix(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<int64_t> site = ParamId(r, 0);
  if (!site.ok()) return Error(site.status());
  Result<int64_t> id = ParamId(r, 1);
  if (!id.ok()) return Error(id.status());
  if (Status st = sites_.ledger->RemovePrefix(*r.actor, *site, *id); !st.ok()) return Error(st);
  return NoContent();
}

// ---------------------------------------------------------------- the ledger

ApiResponse Api::ListLedger(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<review::LedgerQuery> q = ReadLedgerQuery(r, sites_.ledger->options().utc_offset_seconds);
  if (!q.ok()) return Error(q.status());
  Result<std::optional<std::pair<int64_t, int64_t>>> after = ReadCursor(r);
  if (!after.ok()) return Error(after.status());
  Result<int64_t> per = QueryInt(r, "per_page", 100);
  if (!per.ok()) return Error(per.status());
  if (*per < 1 || *per > 500) return Error(Status::InvalidInput("per_page 应在 1 到 500 之间"));
  q->per_page = *per;
  q->after = *after;
  auto page = sites_.ledger->List(*r.actor, *q);
  if (!page.ok()) return Error(page.status());
  JsonOut o;
  o.BeginObject().Key("items").BeginArray();
  for (const review::LedgerView& v : page->items) WriteEntry(o, v);
  o.EndArray().Key("total").Int(page->total).Key("next");
  if (static_cast<int64_t>(page->items.size()) == q->per_page) {
    const store::LedgerEntry& last = page->items.back().entry;
    o.String(std::to_string(last.deadline) + "." + std::to_string(last.id));
  } else {
    o.Null();
  }
  o.EndObject();
  return JsonText(200, std::move(o.str()));
}

ApiResponse Api::LedgerCsv(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  const int64_t offset = sites_.ledger->options().utc_offset_seconds;
  Result<review::LedgerQuery> q = ReadLedgerQuery(r, offset);
  if (!q.ok()) return Error(q.status());
  // A place among the exports under way, held until the response is gone (sent, cut off or
  // refused); past the limit the export is refused at once, before anything is read.
  std::shared_ptr<void> place(exports_.get(), [n = exports_](void*) { --*n; });
  if (++*exports_ > sites_.concurrent_exports) {
    ApiResponse busy =
        Error(Status::Unavailable("同时进行的导出已达上限（" +
                                  std::to_string(sites_.concurrent_exports) + " 个），请稍后再试"));
    busy.headers.emplace_back("Retry-After", "5");
    return busy;
  }
  // A spreadsheet's worth; past it the filter is too wide to be meant.
  const int64_t max_rows = sites_.export_max_rows;
  auto list = sites_.ledger->Export(*r.actor, *q, max_rows);
  if (!list.ok()) return Error(list.status());
  if (!list->accepted()) {
    return Error(Status::InvalidInput("共 " + std::to_string(list->total()) + " 条，超过 " +
                                      std::to_string(max_rows) +
                                      " 条，请缩小筛选范围（单位、状态或时间段）后再导出"));
  }
  // Sent as it is read, a slice of entries a piece: the first bytes leave at once and memory
  // stays that of one slice whatever the list's length.
  struct Stream {
    review::LedgerExport list;
    CsvWriter csv{"编号", "网站", "页面", "责任单位", "严重程度", "类别",     "规则",    "原文",
                  "说明", "状态", "理由", "复扫仍在", "逾期",     "分派时间", "整改期限"};
    bool ended = false;
  };
  auto stream = std::make_shared<Stream>(Stream{std::move(*list)});
  ApiResponse out = api_parse::Csv("", "ledger.csv");
  out.next_piece = [stream, offset, place]() -> Result<std::string> {
    constexpr size_t kSlice = 1000;
    CsvWriter& csv = stream->csv;
    auto line = [&csv, offset](const review::LedgerExportLine& l) {
      const store::LedgerExportRow& e = l.row;
      std::array<char, 24> id;
      std::array<char, 40> assigned, deadline;
      csv.Row(
          {std::string_view(id.data(), std::to_chars(id.begin(), id.end(), e.id).ptr - id.data()),
           l.site_name, e.source, l.unit_name,
           scanner::ChineseName(static_cast<scanner::Severity>(e.severity)),
           scanner::ChineseName(static_cast<scanner::Category>(e.category)), e.rule, e.text,
           e.message, store::ChineseName(e.status), e.reason, e.flagged ? "是" : "",
           l.overdue ? "是" : "", LocalTimeInto(e.assigned_at, offset, assigned),
           LocalTimeInto(e.deadline, offset, deadline)});
    };
    while (!stream->list.done()) {
      const int64_t before = csv.rows();
      if (Status st = stream->list.Next(kSlice, line); !st.ok()) return st;
      if (csv.rows() > before) break;
    }
    // The header goes with the first slice; once all is sent, "" ends the body.
    if (stream->ended) return std::string();
    stream->ended = stream->list.done();
    return csv.Take();
  };
  return out;
}

ApiResponse Api::GetLedgerEntry(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  auto v = sites_.ledger->Get(*r.actor, *id);
  if (!v.ok()) return Error(v.status());
  auto history = sites_.ledger->History(*r.actor, *id);
  if (!history.ok()) return Error(history.status());
  JsonOut o;
  o.BeginObject().Key("entry");
  WriteEntry(o, *v);
  o.Key("history").BeginArray();
  for (const store::LedgerEvent& e : *history) {
    o.BeginObject().Key("at").Int(e.at).Key("user").Int(e.user_id).Key("scan").Int(e.scan_id);
    o.Key("from").String(e.from_status).Key("to").String(e.to_status);
    o.Key("reason").String(e.reason).EndObject();
  }
  o.EndArray().EndObject();
  return JsonText(200, std::move(o.str()));
}

ApiResponse Api::LedgerAction(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<int64_t> id = ParamId(r, 0);
  if (!id.ok()) return Error(id.status());
  Result<json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  Result<std::string> reason = Str(*body, "reason");
  if (!reason.ok()) return Error(reason.status());
  const std::string& action = r.params.at(1);
  Result<review::LedgerView> v = Status::InvalidInput("未知的操作：" + action);
  if (action == "fixed") {
    v = sites_.ledger->ClaimFixed(*r.actor, *id);
  } else if (action == "not-error") {
    v = sites_.ledger->ClaimNotError(*r.actor, *id, *reason);
  } else if (action == "confirm") {
    v = sites_.ledger->Confirm(*r.actor, *id);
  } else if (action == "reopen") {
    v = sites_.ledger->Reopen(*r.actor, *id, *reason);
  }
  if (!v.ok()) return Error(v.status());
  JsonOut o;
  WriteEntry(o, *v);
  return JsonText(200, std::move(o.str()));
}

ApiResponse Api::LedgerUnits(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<review::LedgerQuery> q = ReadLedgerQuery(r, sites_.ledger->options().utc_offset_seconds);
  if (!q.ok()) return Error(q.status());
  auto lines = sites_.ledger->CountByUnit(*r.actor, *q);
  if (!lines.ok()) return Error(lines.status());
  json items = json::array();
  for (const review::UnitLedger& l : *lines) {
    const store::LedgerCounts& c = l.counts;
    items.push_back({{"unit", {{"id", l.unit.id}, {"name", l.unit.name}}},
                     {"total", c.total},
                     {"waiting", c.waiting},
                     {"overdue", c.overdue},
                     {"flagged", c.flagged},
                     {"claimed", c.claimed},
                     {"fixed", c.fixed},
                     {"not_error", c.not_error}});
  }
  return Json(200, {{"items", items}});
}

// ---------------------------------------------------------------- deadlines

ApiResponse Api::GetDeadlines(const ApiRequest&) {
  if (!sites_.ledger) return NotRunning();
  auto hours = sites_.ledger->DeadlineHours();
  if (!hours.ok()) return Error(hours.status());
  json j = json::object();
  for (int s = 0; s < 4; ++s) {
    j[std::string(scanner::ToString(static_cast<scanner::Severity>(s)))] = (*hours)[s];
  }
  return Json(200, {{"hours", j}});
}

ApiResponse Api::SetDeadlines(const ApiRequest& r) {
  if (!sites_.ledger) return NotRunning();
  Result<json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  for (const auto& [key, value] : body->items()) {
    std::optional<scanner::Severity> s = scanner::ParseSeverity(key);
    if (!s) return Error(Status::InvalidInput("未知的严重程度：" + key));
    if (!value.is_number_integer()) return Error(Status::InvalidInput(key + " 应为整数小时"));
    if (Status st = sites_.ledger->SetDeadlineHours(*r.actor, *s, value.get<int64_t>()); !st.ok())
      return Error(st);
  }
  return GetDeadlines(r);
}

}  // namespace cuomin::server
