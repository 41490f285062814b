#include "review/ledger_service.h"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>

#include "crawler/crawler.h"
#include "crawler/url.h"
#include "review/audit_chain.h"
#include "review/schedule.h"

namespace cuomin::review {
namespace {

using store::LedgerEntry;
using store::LedgerStatus;
using store::ReviewTx;

constexpr size_t kMaxReasonChars = 2000;

bool IsReviewer(const Actor& a) {
  return a.role == store::Role::kReviewer1 || a.role == store::Role::kReviewer2 ||
         a.role == store::Role::kReviewer3;
}

Status AdminOnly(const Actor& actor) {
  if (actor.role != store::Role::kAdmin) return Status::PermissionDenied("只有管理员可以配置网站");
  return Status::Ok();
}

// A prefix as the crawler would spell it: a path keeps its form (percent-encoding, dot
// segments normalised), an absolute URL becomes its normalised spec.
std::optional<std::string> NormalisePrefix(const std::string& prefix) {
  if (prefix.empty()) return std::nullopt;
  if (prefix[0] == '/') {
    std::optional<crawler::Url> u = crawler::ParseUrl("http://prefix.invalid" + prefix);
    if (!u) return std::nullopt;
    return u->target();
  }
  std::optional<crawler::Url> u = crawler::ParseUrl(prefix);
  if (!u) return std::nullopt;
  return u->spec();
}

bool WaitingForUnit(LedgerStatus s) {
  return s == LedgerStatus::kOpen || s == LedgerStatus::kReopened;
}

// Said fixed, by the unit or by a reviewer's confirmation of that claim.
bool SaidFixed(const LedgerEntry& e) {
  return e.status == LedgerStatus::kFixedClaimed ||
         (e.status == LedgerStatus::kConfirmed && e.claim == "fixed");
}

}  // namespace

LedgerService::LedgerService(store::ReviewStore* store, const Clock* clock, LedgerOptions options)
    : store_(store), clock_(clock), options_(options) {}

Status LedgerService::AuditLedger(ReviewTx& tx, const Actor& actor, const std::string& action,
                                  const std::string& object, const std::string& detail) {
  // The same chain as ReviewService's entries (review/audit_chain.h).
  Result<store::AuditEntry> last = tx.LastAudit();
  if (!last.ok()) return last.status();
  store::AuditEntry e;
  e.seq = last->seq + 1;
  e.at = FormatUtc(clock_->Now());
  e.user = actor.name;
  e.action = action;
  e.object = object;
  e.detail = detail;
  e.address = actor.address;
  e.prev_hash = last->hash;
  e.hash = AuditHash(e);
  return tx.AppendAudit(e);
}

// ---------------------------------------------------------------- sites

Result<store::Site> LedgerService::CheckSite(ReviewTx& tx, store::Site s) {
  auto bad = [](const std::string& m) { return Status::InvalidInput(m); };
  if (s.name.empty() || s.name.size() > 200) return bad("网站名称不能为空，且不超过 200 字节");
  if (Result<store::Unit> u = tx.GetUnit(s.unit_id); !u.ok())
    return bad("网站的主管单位 " + std::to_string(s.unit_id) + " 不存在");
  if (s.start_urls.empty()) return bad("至少需要一个起始网址");
  for (std::string& url : s.start_urls) {
    std::optional<crawler::Url> u = crawler::ParseUrl(url);
    if (!u) return bad("起始网址“" + url + "”无效：应为 http:// 或 https:// 开头的完整网址");
    url = u->spec();
  }
  if (s.scope != "host" && s.scope != "domain" && s.scope != "prefix")
    return bad("扫描范围“" + s.scope + "”无效：应为 host、domain 或 prefix");
  for (std::string& p : s.excluded_paths) {
    std::optional<std::string> n = p.empty() || p[0] != '/' ? std::nullopt : NormalisePrefix(p);
    if (!n) return bad("排除路径“" + p + "”无效：应以 / 开头");
    p = *n;
  }
  if (s.concurrency == 0) s.concurrency = crawler::kDefaultConcurrency;
  if (s.per_host_concurrency == 0) s.per_host_concurrency = crawler::kDefaultPerHostConcurrency;
  if (s.per_host_rate == 0) s.per_host_rate = crawler::kDefaultPerHostRate;
  if (s.max_pages == 0) s.max_pages = static_cast<int64_t>(crawler::kDefaultMaxPages);
  if (s.concurrency < 1 || s.concurrency > 64) return bad("并发请求数应在 1 到 64 之间");
  if (s.per_host_concurrency < 1 || s.per_host_concurrency > 16)
    return bad("每个主机的并发请求数应在 1 到 16 之间");
  if (!(s.per_host_rate > 0 && s.per_host_rate <= 50))
    return bad("每个主机每秒请求数应在 0 到 50 之间");
  if (s.max_pages < 1 || s.max_pages > 10'000'000) return bad("页面上限应在 1 到 10000000 之间");
  if (Result<Schedule> sch = Schedule::Parse(s.schedule); !sch.ok()) return sch.status();
  return s;
}

Result<store::Site> LedgerService::CreateSite(const Actor& actor, store::Site site) {
  if (Status st = AdminOnly(actor); !st.ok()) return st;
  store::Site out;
  Status st = store_->Write([&](ReviewTx& tx) -> Status {
    Result<store::Site> s = CheckSite(tx, site);
    if (!s.ok()) return s.status();
    s->created_at = s->updated_at = clock_->Now();
    Result<int64_t> id = tx.Ledger().InsertSite(*s);
    if (!id.ok()) return id.status();
    s->id = *id;
    out = *s;
    return AuditLedger(tx, actor, "site.create", "site:" + std::to_string(*id), s->name);
  });
  if (!st.ok()) return st;
  return out;
}

Result<store::Site> LedgerService::UpdateSite(const Actor& actor, store::Site site) {
  if (Status st = AdminOnly(actor); !st.ok()) return st;
  store::Site out;
  Status st = store_->Write([&](ReviewTx& tx) -> Status {
    Result<store::Site> old = tx.Ledger().GetSite(site.id);
    if (!old.ok()) return old.status();
    Result<store::Site> s = CheckSite(tx, site);
    if (!s.ok()) return s.status();
    s->created_at = old->created_at;
    s->updated_at = clock_->Now();
    if (Status w = tx.Ledger().UpdateSite(*s); !w.ok()) return w;
    out = *s;
    return AuditLedger(tx, actor, "site.update", "site:" + std::to_string(s->id), s->name);
  });
  if (!st.ok()) return st;
  return out;
}

Result<store::Site> LedgerService::GetSite(const Actor& actor, int64_t site_id) {
  if (Status st = AdminOnly(actor); !st.ok()) return st;
  store::Site out;
  Status st = store_->Read([&](ReviewTx& tx) -> Status {
    Result<store::Site> s = tx.Ledger().GetSite(site_id);
    if (!s.ok()) return s.status();
    out = std::move(*s);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<store::Site>> LedgerService::ListSites(const Actor& actor) {
  if (Status st = AdminOnly(actor); !st.ok()) return st;
  std::vector<store::Site> out;
  Status st = store_->Read([&](ReviewTx& tx) -> Status {
    Result<std::vector<store::Site>> s = tx.Ledger().ListSites();
    if (!s.ok()) return s.status();
    out = std::move(*s);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

// ---------------------------------------------------------------- prefixes

Result<store::UnitPrefix> LedgerService::AddPrefix(const Actor& actor, int64_t site_id,
                                                   const std::string& prefix, int64_t unit_id) {
  if (Status st = AdminOnly(actor); !st.ok()) return st;
  std::optional<std::string> norm = NormalisePrefix(prefix);
  if (!norm) {
    return Status::InvalidInput("网址前缀“" + prefix +
                                "”无效：应为以 / 开头的路径或以 http(s):// 开头的网址");
  }
  store::UnitPrefix out{0, site_id, *norm, unit_id};
  Status st = store_->Write([&](ReviewTx& tx) -> Status {
    if (Result<store::Site> s = tx.Ledger().GetSite(site_id); !s.ok()) return s.status();
    Result<store::Unit> u = tx.GetUnit(unit_id);
    if (!u.ok()) return u.status();
    Result<int64_t> id = tx.Ledger().InsertPrefix(out);
    if (!id.ok()) return id.status();
    out.id = *id;
    if (Status r = Reassign(tx, actor, site_id); !r.ok()) return r;
    return AuditLedger(tx, actor, "site.prefix.add", "site:" + std::to_string(site_id),
                       out.prefix + " → " + u->name);
  });
  if (!st.ok()) return st;
  return out;
}

Status LedgerService::RemovePrefix(const Actor& actor, int64_t site_id, int64_t prefix_id) {
  if (Status st = AdminOnly(actor); !st.ok()) return st;
  return store_->Write([&](ReviewTx& tx) -> Status {
    if (Status s = tx.Ledger().DeletePrefix(site_id, prefix_id); !s.ok()) return s;
    if (Status r = Reassign(tx, actor, site_id); !r.ok()) return r;
    return AuditLedger(tx, actor, "site.prefix.remove", "site:" + std::to_string(site_id),
                       std::to_string(prefix_id));
  });
}

// Entries still waiting for their unit follow a changed mapping; those a unit has answered
// stay with it until a reviewer or a scan sends them back.
Status LedgerService::Reassign(ReviewTx& tx, const Actor& actor, int64_t site_id) {
  Result<store::Site> site = tx.Ledger().GetSite(site_id);
  if (!site.ok()) return site.status();
  Result<std::vector<store::UnitPrefix>> prefixes = tx.Ledger().ListPrefixes(site_id);
  if (!prefixes.ok()) return prefixes.status();
  const int64_t now = clock_->Now();
  for (LedgerStatus status : {LedgerStatus::kOpen, LedgerStatus::kReopened}) {
    store::LedgerFilter f;
    f.site_id = site_id;
    f.status = status;
    f.limit = 1000;
    for (;; f.offset += f.limit) {
      Result<store::Page<LedgerEntry>> page = tx.Ledger().ListEntries(f);
      if (!page.ok()) return page.status();
      for (LedgerEntry& e : page->items) {
        int64_t unit = UnitFor(*site, *prefixes, e.source);
        if (unit == e.unit_id) continue;
        store::LedgerEvent ev;
        ev.entry_id = e.id;
        ev.at = now;
        ev.user_id = actor.user_id;
        ev.from_status = ev.to_status = std::string(ToString(e.status));
        ev.reason = "改派：单位 " + std::to_string(e.unit_id) + " → " + std::to_string(unit);
        e.unit_id = unit;
        e.updated_at = now;
        if (Status w = tx.Ledger().UpdateEntry(e); !w.ok()) return w;
        if (Result<int64_t> r = tx.Ledger().InsertEvent(ev); !r.ok()) return r.status();
      }
      if (static_cast<int64_t>(page->items.size()) < f.limit) break;
    }
  }
  return Status::Ok();
}

Result<std::vector<store::UnitPrefix>> LedgerService::ListPrefixes(const Actor& actor,
                                                                   int64_t site_id) {
  if (Status st = AdminOnly(actor); !st.ok()) return st;
  std::vector<store::UnitPrefix> out;
  Status st = store_->Read([&](ReviewTx& tx) -> Status {
    Result<std::vector<store::UnitPrefix>> p = tx.Ledger().ListPrefixes(site_id);
    if (!p.ok()) return p.status();
    out = std::move(*p);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

int64_t LedgerService::UnitFor(const store::Site& site,
                               const std::vector<store::UnitPrefix>& prefixes,
                               const std::string& url) {
  std::optional<crawler::Url> u = crawler::ParseUrl(url);
  if (!u) return site.unit_id;
  const std::string target = u->target();
  const std::string spec = u->spec();
  const size_t origin_len = u->origin().size();
  int64_t best = site.unit_id;
  size_t best_len = 0;
  bool best_host = false;
  for (const store::UnitPrefix& p : prefixes) {
    size_t path_len;
    bool host;
    if (!p.prefix.empty() && p.prefix[0] == '/') {
      if (!std::string_view(target).starts_with(p.prefix)) continue;
      path_len = p.prefix.size();
      host = false;
    } else {
      if (!std::string_view(spec).starts_with(p.prefix) || p.prefix.size() < origin_len) continue;
      path_len = p.prefix.size() - origin_len;
      host = true;
    }
    if (path_len > best_len || (path_len == best_len && host && !best_host)) {
      best = p.unit_id;
      best_len = path_len;
      best_host = host;
    }
  }
  return best;
}

// ---------------------------------------------------------------- deadlines

Status LedgerService::SetDeadlineHours(const Actor& actor, scanner::Severity severity,
                                       int64_t hours) {
  if (Status st = AdminOnly(actor); !st.ok()) return st;
  if (severity == scanner::Severity::kCritical)
    return Status::InvalidInput("严重问题的整改期限固定为 24 小时");
  if (hours < 1 || hours > 366 * 24)
    return Status::InvalidInput("整改期限应在 1 小时到 366 天之间");
  std::string name = "ledger.deadline_hours." + std::string(scanner::ToString(severity));
  return store_->Write([&](ReviewTx& tx) -> Status {
    if (Status s = tx.Ledger().SetSetting(name, std::to_string(hours)); !s.ok()) return s;
    return AuditLedger(tx, actor, "ledger.deadline", std::string(scanner::ToString(severity)),
                       std::to_string(hours) + " 小时");
  });
}

namespace {

Result<std::array<int64_t, 4>> ReadDeadlines(ReviewTx& tx) {
  std::array<int64_t, 4> out = kDefaultDeadlineHours;
  for (int i = 0; i < 3; ++i) {
    auto sev = static_cast<scanner::Severity>(i);
    Result<std::optional<std::string>> v =
        tx.Ledger().GetSetting("ledger.deadline_hours." + std::string(scanner::ToString(sev)));
    if (!v.ok()) return v.status();
    if (*v) out[i] = std::atoll((*v)->c_str());
  }
  out[3] = kCriticalDeadlineHours;
  return out;
}

}  // namespace

Result<std::array<int64_t, 4>> LedgerService::DeadlineHours() {
  std::array<int64_t, 4> out{};
  Status st = store_->Read([&](ReviewTx& tx) -> Status {
    Result<std::array<int64_t, 4>> d = ReadDeadlines(tx);
    if (!d.ok()) return d.status();
    out = *d;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

// ---------------------------------------------------------------- scans

Result<std::vector<store::Site>> LedgerService::AllSites() {
  std::vector<store::Site> out;
  Status st = store_->Read([&](ReviewTx& tx) -> Status {
    Result<std::vector<store::Site>> s = tx.Ledger().ListSites();
    if (!s.ok()) return s.status();
    out = std::move(*s);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<store::SiteScanRow>> LedgerService::Scans(int64_t site_id, int64_t limit) {
  std::vector<store::SiteScanRow> out;
  Status st = store_->Read([&](ReviewTx& tx) -> Status {
    Result<std::vector<store::SiteScanRow>> s = tx.Ledger().ListScans(site_id, limit);
    if (!s.ok()) return s.status();
    out = std::move(*s);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<std::string>> LedgerService::PagesToRecheck(int64_t site_id, int64_t scan_id) {
  std::set<std::string> pages;
  Status st = store_->Read([&](ReviewTx& tx) -> Status {
    Result<store::SiteScanRow> scan = tx.Ledger().GetScan(scan_id);
    if (!scan.ok()) return scan.status();
    for (LedgerStatus status : {LedgerStatus::kFixedClaimed, LedgerStatus::kConfirmed}) {
      store::LedgerFilter f;
      f.site_id = site_id;
      f.status = status;
      f.limit = 1000;
      for (;;) {
        Result<store::Page<LedgerEntry>> page = tx.Ledger().ListEntries(f);
        if (!page.ok()) return page.status();
        for (const LedgerEntry& e : page->items) {
          if (SaidFixed(e) && e.last_seen_scan >= scan_id && e.claimed_at >= scan->started_at)
            pages.insert(e.source);
        }
        if (page->items.size() < static_cast<size_t>(f.limit)) break;
        f.after = std::make_pair(page->items.back().deadline, page->items.back().id);
      }
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return std::vector<std::string>(pages.begin(), pages.end());
}

namespace {

Status ScansVisibleTo(const Actor& actor) {
  if (actor.role != store::Role::kAdmin && !actor.oversees_all)
    return Status::PermissionDenied("只有管理员和统管各单位的用户可以查看网站扫描");
  return Status::Ok();
}

}  // namespace

Status LedgerService::CheckScansVisible(const Actor& actor, int64_t site_id) {
  if (Status st = ScansVisibleTo(actor); !st.ok()) return st;
  return store_->Read(
      [&](ReviewTx& tx) -> Status { return tx.Ledger().GetSite(site_id).status(); });
}

Result<std::vector<ScanHistoryLine>> LedgerService::ScanHistory(const Actor& actor, int64_t site_id,
                                                                int64_t limit) {
  if (Status st = ScansVisibleTo(actor); !st.ok()) return st;
  std::vector<ScanHistoryLine> out;
  Status st = store_->Read([&](ReviewTx& tx) -> Status {
    if (Result<store::Site> site = tx.Ledger().GetSite(site_id); !site.ok()) return site.status();
    Result<std::vector<store::SiteScanRow>> scans = tx.Ledger().ListScans(site_id, limit);
    if (!scans.ok()) return scans.status();
    for (const store::SiteScanRow& row : *scans) {
      Result<store::ScanCounts> c = CountScan(tx, row);
      if (!c.ok()) return c.status();
      out.push_back({row, *c});
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<store::ScanCounts> LedgerService::CountScan(ReviewTx& tx, const store::SiteScanRow& scan) {
  // Finished (and paused or stopped) scans were counted as they ended: one row to read.
  if (scan.state != "running" && scan.state != "interrupted") return tx.Ledger().CountScan(scan.id);
  const int64_t now = clock_->Now();
  {
    std::lock_guard lock(live_mu_);
    auto it = live_counts_.find(scan.id);
    if (it != live_counts_.end() && it->second.state == scan.state &&
        it->second.resumed_at == scan.resumed_at &&
        (scan.state != "running" || now - it->second.at < kLiveCountSeconds)) {
      return it->second.counts;
    }
  }
  Result<store::ScanCounts> c = tx.Ledger().CountScan(scan.id);
  if (!c.ok()) return c;
  std::lock_guard lock(live_mu_);
  if (live_counts_.size() >= 1000) live_counts_.clear();  // scans long gone; bounded
  live_counts_[scan.id] = {scan.state, scan.resumed_at, now, *c};
  return c;
}

Result<ApplySummary> LedgerService::ApplyScan(int64_t site_id, int64_t scan_id,
                                              ApplyProgress* progress) {
  ApplySummary sum;
  store::SiteScanRow scan;
  store::Site site;
  std::vector<store::UnitPrefix> prefixes;
  std::array<int64_t, 4> hours{};
  Status st = store_->Write([&](ReviewTx& tx) -> Status {
    Result<store::SiteScanRow> s = tx.Ledger().GetScan(scan_id);
    if (!s.ok()) return s.status();
    if (s->site_id != 0 && s->site_id != site_id) {
      return Status::Conflict("扫描 " + std::to_string(scan_id) + " 属于网站 " +
                              std::to_string(s->site_id));
    }
    Result<store::Site> si = tx.Ledger().GetSite(site_id);
    if (!si.ok()) return si.status();
    if (s->site_id == 0) {
      if (Status w = tx.Ledger().SetScanSite(scan_id, site_id); !w.ok()) return w;
    }
    Result<std::vector<store::UnitPrefix>> p = tx.Ledger().ListPrefixes(site_id);
    if (!p.ok()) return p.status();
    Result<std::array<int64_t, 4>> h = ReadDeadlines(tx);
    if (!h.ok()) return h.status();
    if (progress != nullptr) {
      Result<store::ScanCounts> c = tx.Ledger().CountScan(scan_id);
      if (!c.ok()) return c.status();
      progress->total = c->fresh + c->still + c->fixed;
    }
    scan = *s;
    site = std::move(*si);
    prefixes = std::move(*p);
    hours = *h;
    return Status::Ok();
  });
  if (!st.ok()) return st;

  auto deadline = [&](int severity, int64_t now) {
    return now + hours[static_cast<size_t>(std::clamp(severity, 0, 3))] * 3600;
  };
  // Each batch in a transaction of its own; a batch repeated after a crash finds its entries
  // already at this scan and leaves them.
  for (bool fixed : {false, true}) {
    int64_t after = 0;
    for (;;) {
      size_t got = 0;
      st = store_->Write([&](ReviewTx& tx) -> Status {
        const int64_t now = clock_->Now();
        store::LedgerTx& L = tx.Ledger();
        Result<std::vector<store::ScannedFinding>> batch =
            L.ScanFindings(scan_id, fixed, after, options_.apply_batch);
        if (!batch.ok()) return batch.status();
        got = batch->size();
        for (const store::ScannedFinding& f : *batch) {
          after = f.row;
          Result<std::optional<LedgerEntry>> found = L.FindEntry(site_id, f.source, f.identity);
          if (!found.ok()) return found.status();
          store::LedgerEvent ev;
          ev.at = now;
          ev.scan_id = scan_id;
          if (!*found) {
            if (fixed) continue;  // fixed before the ledger knew it
            LedgerEntry e;
            e.site_id = site_id;
            e.source = f.source;
            e.identity = f.identity;
            e.unit_id = UnitFor(site, prefixes, f.source);
            e.rule = f.rule;
            e.category = f.category;
            e.severity = f.severity;
            e.message = f.message;
            e.text = f.text;
            e.context = f.context;
            e.first_scan = e.last_seen_scan = scan_id;
            e.assigned_at = e.updated_at = now;
            e.deadline = deadline(f.severity, now);
            Result<int64_t> id = L.InsertEntry(e);
            if (!id.ok()) return id.status();
            ev.entry_id = *id;
            ev.to_status = std::string(ToString(LedgerStatus::kOpen));
            if (Result<int64_t> r = L.InsertEvent(ev); !r.ok()) return r.status();
            ++sum.assigned;
            continue;
          }
          LedgerEntry e = std::move(**found);
          // A fix claimed during the pause of a continued scan is verified by the part after
          // it (which fetched its page again, review::ScanRunner): not yet applied to it.
          const bool claim_before_part =
              SaidFixed(e) && scan.resumed_at > 0 && e.claimed_at <= scan.resumed_at;
          // This scan was applied to it already. The fixed ones come once, at the end (an
          // entry already fixed is left as it is below).
          if (!fixed && e.last_seen_scan >= scan_id && !claim_before_part) continue;
          e.last_seen_scan = scan_id;
          const LedgerStatus before = e.status;
          if (fixed) {
            if (!(WaitingForUnit(e.status) || SaidFixed(e))) {
              // Not an error (claimed or confirmed): nothing to verify.
              if (Status w = L.UpdateEntry(e); !w.ok()) return w;
              continue;
            }
            e.status = LedgerStatus::kFixed;
            e.flagged = false;
            ++sum.fixed;
          } else {
            e.message = f.message;
            e.text = f.text;
            e.context = f.context;
            // A fix claimed before this scan began and still on the page, or a finding a
            // scan found gone that is back: the unit has it again, flagged.
            bool claim_disproved =
                SaidFixed(e) && (scan.started_at >= e.claimed_at || claim_before_part);
            if (claim_disproved || e.status == LedgerStatus::kFixed) {
              e.reason = claim_disproved ? "复查发现问题仍在页面上" : "问题再次出现在页面上";
              e.status = LedgerStatus::kReopened;
              e.flagged = true;
              e.deadline = deadline(e.severity, now);
              ++sum.reopened;
            } else {
              ++sum.still;
            }
          }
          e.updated_at = now;
          if (Status w = L.UpdateEntry(e); !w.ok()) return w;
          if (e.status != before) {
            ev.entry_id = e.id;
            ev.from_status = std::string(ToString(before));
            ev.to_status = std::string(ToString(e.status));
            ev.reason = e.status == LedgerStatus::kReopened ? e.reason : "复查未再发现";
            if (Result<int64_t> r = L.InsertEvent(ev); !r.ok()) return r.status();
          }
        }
        return Status::Ok();
      });
      if (!st.ok()) return st;
      if (progress != nullptr) progress->done += static_cast<int64_t>(got);
      if (got < static_cast<size_t>(options_.apply_batch)) break;
    }
  }
  return sum;
}

// ---------------------------------------------------------------- the ledger

Result<LedgerView> LedgerService::ViewOf(ReviewTx& tx, const LedgerEntry& e, Names& names) {
  LedgerView v;
  v.entry = e;
  auto unit = names.units.find(e.unit_id);
  if (unit == names.units.end()) {
    Result<store::Unit> u = tx.GetUnit(e.unit_id);
    if (!u.ok()) return u.status();
    unit = names.units.emplace(e.unit_id, u->name).first;
  }
  v.unit_name = unit->second;
  auto site = names.sites.find(e.site_id);
  if (site == names.sites.end()) {
    Result<store::Site> s = tx.Ledger().GetSite(e.site_id);
    if (!s.ok()) return s.status();
    site = names.sites.emplace(e.site_id, s->name).first;
  }
  v.site_name = site->second;
  v.overdue = WaitingForUnit(e.status) && e.deadline < clock_->Now();
  return v;
}

Result<store::LedgerFilter> LedgerService::ListFilter(const Actor& actor, const LedgerQuery& q) {
  if (q.unit_id != 0 && !CanSeeUnit(actor, q.unit_id))
    return Status::PermissionDenied("您无权查看该单位的整改清单");
  store::LedgerFilter f;
  f.site_id = q.site_id;
  f.unit_id = q.unit_id != 0 ? q.unit_id : (actor.oversees_all ? 0 : actor.unit_id);
  f.status = q.status;
  f.assigned_from = q.from;
  f.assigned_to = q.to;
  f.category = q.category;
  f.severity = q.severity;
  f.rule = q.rule;
  if (q.overdue_only) f.overdue_at = clock_->Now();
  return f;
}

Result<store::Page<LedgerView>> LedgerService::List(const Actor& actor, const LedgerQuery& q) {
  Result<store::LedgerFilter> f = ListFilter(actor, q);
  if (!f.ok()) return f.status();
  f->after = q.after;
  int64_t per_page = std::clamp<int64_t>(q.per_page, 1, 500);
  f->limit = per_page;
  f->offset = (std::max<int64_t>(q.page, 1) - 1) * per_page;
  store::Page<LedgerView> out;
  Status st = store_->Read([&](ReviewTx& tx) -> Status {
    Result<store::Page<LedgerEntry>> p = tx.Ledger().ListEntries(*f);
    if (!p.ok()) return p.status();
    out.total = p->total;
    Names names;
    for (const LedgerEntry& e : p->items) {
      Result<LedgerView> v = ViewOf(tx, e, names);
      if (!v.ok()) return v.status();
      out.items.push_back(std::move(*v));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<UnitLedger>> LedgerService::CountByUnit(const Actor& actor,
                                                           const LedgerQuery& q) {
  if (q.unit_id != 0 && !CanSeeUnit(actor, q.unit_id))
    return Status::PermissionDenied("您无权查看该单位的整改清单");
  store::LedgerFilter f;
  f.site_id = q.site_id;
  f.unit_id = q.unit_id != 0 ? q.unit_id : (actor.oversees_all ? 0 : actor.unit_id);
  f.status = q.status;
  f.assigned_from = q.from;
  f.assigned_to = q.to;
  std::vector<UnitLedger> out;
  Status st = store_->Read([&](ReviewTx& tx) -> Status {
    Result<std::vector<store::LedgerCounts>> counts = tx.Ledger().CountByUnit(f, clock_->Now());
    if (!counts.ok()) return counts.status();
    Result<std::vector<store::Unit>> units = tx.ListUnits();
    if (!units.ok()) return units.status();
    for (const store::Unit& u : *units) {
      if (f.unit_id != 0 ? u.id != f.unit_id : !CanSeeUnit(actor, u.id)) continue;
      UnitLedger line;
      line.unit = u;
      line.counts.unit_id = u.id;
      for (const store::LedgerCounts& c : *counts) {
        if (c.unit_id == u.id) line.counts = c;
      }
      out.push_back(std::move(line));
    }
    std::sort(out.begin(), out.end(),
              [](const UnitLedger& a, const UnitLedger& b) { return a.unit.id < b.unit.id; });
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<LedgerView> LedgerService::Get(const Actor& actor, int64_t entry_id) {
  LedgerView out;
  Status st = store_->Read([&](ReviewTx& tx) -> Status {
    Result<LedgerEntry> e = tx.Ledger().GetEntry(entry_id);
    if (!e.ok() || !CanSeeUnit(actor, e->unit_id))
      return Status::NotFound("整改条目 " + std::to_string(entry_id) + " 不存在");
    Names names;
    Result<LedgerView> v = ViewOf(tx, *e, names);
    if (!v.ok()) return v.status();
    out = std::move(*v);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<store::LedgerEvent>> LedgerService::History(const Actor& actor,
                                                               int64_t entry_id) {
  std::vector<store::LedgerEvent> out;
  Status st = store_->Read([&](ReviewTx& tx) -> Status {
    Result<LedgerEntry> e = tx.Ledger().GetEntry(entry_id);
    if (!e.ok() || !CanSeeUnit(actor, e->unit_id))
      return Status::NotFound("整改条目 " + std::to_string(entry_id) + " 不存在");
    Result<std::vector<store::LedgerEvent>> ev = tx.Ledger().ListEvents(entry_id);
    if (!ev.ok()) return ev.status();
    out = std::move(*ev);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<LedgerView> LedgerService::Act(const Actor& actor, int64_t entry_id,
                                      const std::string& action, const std::string& reason,
                                      const Change& change) {
  LedgerView out;
  Status st = store_->Write([&](ReviewTx& tx) -> Status {
    Result<LedgerEntry> e = tx.Ledger().GetEntry(entry_id);
    if (!e.ok() || !CanSeeUnit(actor, e->unit_id))
      return Status::NotFound("整改条目 " + std::to_string(entry_id) + " 不存在");
    const LedgerStatus before = e->status;
    if (Status c = change(*e); !c.ok()) return c;
    e->updated_at = clock_->Now();
    if (Status w = tx.Ledger().UpdateEntry(*e); !w.ok()) return w;
    store::LedgerEvent ev;
    ev.entry_id = entry_id;
    ev.at = e->updated_at;
    ev.user_id = actor.user_id;
    ev.from_status = std::string(ToString(before));
    ev.to_status = std::string(ToString(e->status));
    ev.reason = reason;
    if (Result<int64_t> r = tx.Ledger().InsertEvent(ev); !r.ok()) return r.status();
    if (Status a = AuditLedger(tx, actor, action, "ledger:" + std::to_string(entry_id), reason);
        !a.ok())
      return a;
    Names names;
    Result<LedgerView> v = ViewOf(tx, *e, names);
    if (!v.ok()) return v.status();
    out = std::move(*v);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

namespace {

Status CheckUnitUser(const Actor& actor, const LedgerEntry& e) {
  if (actor.role != store::Role::kAdmin && actor.unit_id != e.unit_id)
    return Status::PermissionDenied("只有责任单位的用户可以申报整改");
  if (!WaitingForUnit(e.status)) {
    return Status::Conflict("该问题当前为“" + std::string(ChineseName(e.status)) +
                            "”，不能再次申报");
  }
  return Status::Ok();
}

Status CheckReason(const std::string& reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
    return Status::InvalidInput("请填写理由");
  if (reason.size() > kMaxReasonChars * 3) return Status::InvalidInput("理由过长");
  return Status::Ok();
}

}  // namespace

Result<LedgerView> LedgerService::ClaimFixed(const Actor& actor, int64_t entry_id) {
  return Act(actor, entry_id, "ledger.claim_fixed", "", [&](LedgerEntry& e) -> Status {
    if (Status s = CheckUnitUser(actor, e); !s.ok()) return s;
    e.status = LedgerStatus::kFixedClaimed;
    e.claim = "fixed";
    e.reason.clear();
    e.flagged = false;
    e.claimed_at = clock_->Now();
    e.claimed_by = actor.user_id;
    return Status::Ok();
  });
}

Result<LedgerView> LedgerService::ClaimNotError(const Actor& actor, int64_t entry_id,
                                                const std::string& reason) {
  if (Status s = CheckReason(reason); !s.ok()) return s;
  return Act(actor, entry_id, "ledger.claim_not_error", reason, [&](LedgerEntry& e) -> Status {
    if (Status s = CheckUnitUser(actor, e); !s.ok()) return s;
    e.status = LedgerStatus::kNotAnError;
    e.claim = "not_error";
    e.reason = reason;
    e.flagged = false;
    e.claimed_at = clock_->Now();
    e.claimed_by = actor.user_id;
    return Status::Ok();
  });
}

Result<LedgerView> LedgerService::Confirm(const Actor& actor, int64_t entry_id) {
  if (!IsReviewer(actor) && actor.role != store::Role::kAdmin)
    return Status::PermissionDenied("只有审核人员可以确认整改");
  return Act(actor, entry_id, "ledger.confirm", "", [&](LedgerEntry& e) -> Status {
    if (e.status != LedgerStatus::kFixedClaimed && e.status != LedgerStatus::kNotAnError)
      return Status::Conflict("该问题当前为“" + std::string(ChineseName(e.status)) + "”，无需确认");
    if (e.claimed_by != 0 && e.claimed_by == actor.user_id)
      return Status::PermissionDenied("不能确认自己的申报");
    e.status = LedgerStatus::kConfirmed;
    return Status::Ok();
  });
}

Result<LedgerView> LedgerService::Reopen(const Actor& actor, int64_t entry_id,
                                         const std::string& reason) {
  if (!IsReviewer(actor) && actor.role != store::Role::kAdmin)
    return Status::PermissionDenied("只有审核人员可以退回整改");
  if (Status s = CheckReason(reason); !s.ok()) return s;
  std::array<int64_t, 4> hours{};
  if (Result<std::array<int64_t, 4>> h = DeadlineHours(); h.ok()) {
    hours = *h;
  } else {
    return h.status();
  }
  return Act(actor, entry_id, "ledger.reopen", reason, [&](LedgerEntry& e) -> Status {
    if (WaitingForUnit(e.status)) return Status::Conflict("该问题尚未申报整改");
    e.status = LedgerStatus::kReopened;
    e.reason = reason;
    e.deadline = clock_->Now() + hours[static_cast<size_t>(std::clamp(e.severity, 0, 3))] * 3600;
    return Status::Ok();
  });
}

}  // namespace cuomin::review
