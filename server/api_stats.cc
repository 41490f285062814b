// The statistics of a period, as JSON for the 统计 page and as CSV for Excel/WPS: the drafts'
// figures (review::ReviewService::Statistics) and, when the server runs site scans, the 整改
// figures of what scans found (review::LedgerService::Statistics), over the same days.
#include <nlohmann/json.hpp>

#include "common/csv.h"
#include "server/api.h"
#include "server/api_parse.h"
#include "server/json_out.h"

namespace cuomin::server {

using api_parse::JsonText;
using api_parse::QueryInt;
using api_parse::QueryValue;

namespace {

void WriteStatsLine(JsonOut& o, const review::StatsLine& l) {
  o.BeginObject().Key("key").String(l.key).Key("name").String(l.name);
  o.Key("found").Int(l.found).Key("open").Int(l.open).Key("fixed").Int(l.fixed);
  o.Key("accepted").Int(l.accepted).Key("deferred").Int(l.deferred).EndObject();
}

void WriteStatsLines(JsonOut& o, const char* key, const std::vector<review::StatsLine>& lines) {
  o.Key(key).BeginArray();
  for (const review::StatsLine& l : lines) WriteStatsLine(o, l);
  o.EndArray();
}

void WriteSiteLine(JsonOut& o, const review::SiteStatsLine& l) {
  const store::LedgerCounts& c = l.counts;
  o.BeginObject().Key("key").String(l.key).Key("name").String(l.name);
  o.Key("found").Int(c.total).Key("waiting").Int(c.waiting).Key("overdue").Int(c.overdue);
  o.Key("flagged").Int(c.flagged).Key("claimed").Int(c.claimed).Key("fixed").Int(c.fixed);
  o.Key("not_error").Int(c.not_error).EndObject();
}

void WriteSiteLines(JsonOut& o, const char* key, const std::vector<review::SiteStatsLine>& lines) {
  o.Key(key).BeginArray();
  for (const review::SiteStatsLine& l : lines) WriteSiteLine(o, l);
  o.EndArray();
}

// Both parts of the statistics of one request.
struct Figures {
  review::StatsReport drafts;
  std::optional<review::SiteStats> sites;
  std::vector<store::LedgerMonth> months;
};

// The drafts' report decides the period (its checks and defaults); the site figures count the
// entries assigned on those days.
Result<Figures> ReadFigures(review::ReviewService& service, const SiteServices& sites,
                            const ApiRequest& r) {
  Result<int64_t> unit = QueryInt(r, "unit", 0);
  if (!unit.ok()) return unit.status();
  review::StatsQuery q;
  q.from = QueryValue(r, "from").value_or("");
  q.to = QueryValue(r, "to").value_or("");
  q.unit_id = *unit;
  Figures out;
  Result<review::StatsReport> report = service.Statistics(*r.actor, q);
  if (!report.ok()) return report.status();
  out.drafts = std::move(*report);
  if (sites.ledger == nullptr) return out;
  // The same Beijing days as the drafts' figures and the ledger's lists (/api/ledger?from=&to=),
  // so that a report's figures and its list agree; without `to`, today is the last day.
  const int64_t offset = sites.ledger->options().utc_offset_seconds;
  review::LedgerQuery lq;
  lq.unit_id = *unit;
  lq.from = api_parse::LocalDayStart(out.drafts.from, offset).value_or(0);
  lq.to = api_parse::LocalDayStart(out.drafts.to, offset).value_or(0) + 86400;
  Result<review::SiteStats> s = sites.ledger->Statistics(*r.actor, lq);
  if (!s.ok()) return s.status();
  out.sites = std::move(*s);
  Result<std::vector<store::LedgerMonth>> m = sites.ledger->Months(*r.actor, lq);
  if (!m.ok()) return m.status();
  out.months = std::move(*m);
  return out;
}

}  // namespace

ApiResponse Api::Statistics(const ApiRequest& r) {
  Result<Figures> f = ReadFigures(*service_, sites_, r);
  if (!f.ok()) return Error(f.status());
  const review::StatsReport& report = f->drafts;
  JsonOut o;
  o.BeginObject().Key("from").String(report.from).Key("to").String(report.to);
  o.Key("drafts_created").Int(report.drafts_created);
  o.Key("drafts_published").Int(report.drafts_published);
  o.Key("typos_corrected").Int(report.typos_corrected);
  o.Key("sensitive_removed").Int(report.sensitive_removed);
  o.Key("total");
  WriteStatsLine(o, report.total);
  o.Key("units").BeginArray();
  for (const review::UnitStats& u : report.units) {
    o.BeginObject().Key("unit").BeginObject().Key("id").Int(u.unit.id);
    o.Key("name").String(u.unit.name).EndObject();
    o.Key("drafts_created").Int(u.drafts_created).Key("drafts_published").Int(u.drafts_published);
    o.Key("findings");
    WriteStatsLine(o, u.findings);
    o.EndObject();
  }
  o.EndArray();
  WriteStatsLines(o, "by_category", report.by_category);
  WriteStatsLines(o, "by_severity", report.by_severity);
  WriteStatsLines(o, "by_rule", report.by_rule);
  o.Key("sites");
  if (f->sites) {
    const review::SiteStats& s = *f->sites;
    o.BeginObject().Key("typos_corrected").Int(s.typos_corrected);
    o.Key("sensitive_removed").Int(s.sensitive_removed).Key("total");
    WriteSiteLine(o, s.total);
    WriteSiteLines(o, "units", s.by_unit);
    WriteSiteLines(o, "by_category", s.by_category);
    WriteSiteLines(o, "by_severity", s.by_severity);
    WriteSiteLines(o, "by_rule", s.by_rule);
    o.Key("months").BeginArray();
    for (const store::LedgerMonth& m : f->months) {
      o.BeginObject().Key("month").String(m.month).Key("found").Int(m.found);
      o.Key("fixed").Int(m.fixed).EndObject();
    }
    o.EndArray().EndObject();
  } else {
    o.Null();  // this server runs no site scans
  }
  o.EndObject();
  return JsonText(200, std::move(o.str()));
}

ApiResponse Api::StatisticsCsv(const ApiRequest& r) {
  Result<Figures> f = ReadFigures(*service_, sites_, r);
  if (!f.ok()) return Error(f.status());
  const review::StatsReport& d = f->drafts;
  auto n = [](int64_t v) { return std::to_string(v); };
  std::string out = std::string(kCsvBom) + "统计期间," + d.from + "," + d.to + "\r\n";
  out += "指标,数值\r\n";
  out += "提交稿件," + n(d.drafts_created) + "\r\n";
  out += "已发布稿件," + n(d.drafts_published) + "\r\n";
  out += "稿件改正错别字," + n(d.typos_corrected) + "\r\n";
  out += "稿件删除敏感内容与链接," + n(d.sensitive_removed) + "\r\n";
  if (f->sites) {
    const review::SiteStats& s = *f->sites;
    out += "网站发现问题," + n(s.total.counts.total) + "\r\n";
    out += "网站已整改," + n(s.total.counts.fixed) + "\r\n";
    out += "网站逾期未整改," + n(s.total.counts.overdue) + "\r\n";
    out += "网站改正错别字," + n(s.typos_corrected) + "\r\n";
    out += "网站删除敏感词与问题链接," + n(s.sensitive_removed) + "\r\n";
  }
  // One table for every breakdown: what it is by, the line's name, where the problems were.
  out += "\r\n分组,名称,来源,发现,待处理,逾期,已改正,不是错误,暂缓\r\n";
  auto draft_line = [&](const char* by, const review::StatsLine& l) {
    out += std::string(by) + "," + CsvCell(l.name) + ",稿件," + n(l.found) + "," + n(l.open) +
           ",," + n(l.fixed) + "," + n(l.accepted) + "," + n(l.deferred) + "\r\n";
  };
  auto site_line = [&](const char* by, const review::SiteStatsLine& l) {
    const store::LedgerCounts& c = l.counts;
    out += std::string(by) + "," + CsvCell(l.name) + ",网站," + n(c.total) + "," +
           n(c.waiting + c.claimed) + "," + n(c.overdue) + "," + n(c.fixed) + "," + n(c.not_error) +
           ",\r\n";
  };
  draft_line("合计", d.total);
  if (f->sites) site_line("合计", f->sites->total);
  for (const review::UnitStats& u : d.units) draft_line("单位", u.findings);
  if (f->sites) {
    for (const review::SiteStatsLine& l : f->sites->by_unit) site_line("单位", l);
  }
  for (const review::StatsLine& l : d.by_category) draft_line("类别", l);
  if (f->sites) {
    for (const review::SiteStatsLine& l : f->sites->by_category) site_line("类别", l);
  }
  for (const review::StatsLine& l : d.by_severity) draft_line("严重程度", l);
  if (f->sites) {
    for (const review::SiteStatsLine& l : f->sites->by_severity) site_line("严重程度", l);
  }
  for (const review::StatsLine& l : d.by_rule) draft_line("规则", l);
  if (f->sites) {
    for (const review::SiteStatsLine& l : f->sites->by_rule) site_line("规则", l);
  }
  ApiResponse resp;
  resp.content_type = "text/csv; charset=utf-8";
  resp.body = std::move(out);
  resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"statistics.csv\"");
  return resp;
}

}  // namespace cuomin::server
