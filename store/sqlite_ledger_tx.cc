// LedgerTx on SQLite, on the connection of the review store transaction it belongs to.
// Statements come from the connection's cache (the review store's), so each SQL text is
// prepared once per connection.
#include <sqlite3.h>

#include <iterator>
#include <map>
#include <sstream>
#include <tuple>
#include <variant>

#include "common/strings.h"
#include "scanner/finding.h"
#include "store/ledger_count_sql.h"
#include "store/page_body.h"
#include "store/sqlite_ledger_tx.h"
#include "store/stmt_cache.h"

namespace cuomin::store {
namespace {

constexpr std::string_view kStatusNames[] = {"open",      "fixed_claimed", "not_error",
                                             "confirmed", "reopened",      "fixed"};
constexpr std::string_view kStatusChinese[] = {"待整改", "已整改待核", "申报非错误",
                                               "已确认", "重新整改",   "已修复"};

class Stmt {
 public:
  Stmt(StmtCache* cache, const std::string& sql) { s_ = cache->Acquire(sql, &home_, &rc_); }
  ~Stmt() { StmtCache::Release(s_, home_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& Bind(int64_t v) {
    sqlite3_bind_int64(s_, ++n_, v);
    return *this;
  }
  Stmt& Bind(int v) { return Bind(static_cast<int64_t>(v)); }
  Stmt& Bind(bool v) { return Bind(static_cast<int64_t>(v ? 1 : 0)); }
  Stmt& Bind(double v) {
    sqlite3_bind_double(s_, ++n_, v);
    return *this;
  }
  Stmt& Bind(std::string_view v) {
    sqlite3_bind_text(s_, ++n_, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(const std::string& v) { return Bind(std::string_view(v)); }
  Stmt& Bind(const char* v) { return Bind(std::string_view(v)); }
  Stmt& Bind(const SqlArg& v) {
    if (const int64_t* i = std::get_if<int64_t>(&v)) return Bind(*i);
    return Bind(std::get<std::string>(v));
  }
  Stmt& Bind(const std::vector<SqlArg>& args) {
    for (const SqlArg& a : args) Bind(a);
    return *this;
  }
  // NULL for a zero id (optional foreign keys).
  Stmt& BindId(int64_t v) {
    if (v != 0) return Bind(v);
    sqlite3_bind_null(s_, ++n_);
    return *this;
  }
  int Step() { return s_ == nullptr ? rc_ : sqlite3_step(s_); }
  int64_t Int(int c) const { return sqlite3_column_int64(s_, c); }
  double Real(int c) const { return sqlite3_column_double(s_, c); }
  bool Null(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
  std::string Text(int c) const {
    const unsigned char* t = sqlite3_column_text(s_, c);
    return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(s_, c)) : "";
  }
  // Valid until the next Step or the statement's release.
  std::string_view View(int c) const {
    const unsigned char* t = sqlite3_column_text(s_, c);
    return t ? std::string_view(reinterpret_cast<const char*>(t),
                                static_cast<size_t>(sqlite3_column_bytes(s_, c)))
             : std::string_view();
  }
  std::string_view Blob(int c) const {
    const void* b = sqlite3_column_blob(s_, c);
    return b ? std::string_view(static_cast<const char*>(b), sqlite3_column_bytes(s_, c))
             : std::string_view();
  }

 private:
  sqlite3_stmt* s_ = nullptr;
  StmtCache::Idle* home_ = nullptr;
  int rc_ = SQLITE_OK;
  int n_ = 0;
};

std::vector<std::string> SplitLines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

constexpr char kSiteColumns[] =
    "id, name, unit_id, start_urls, scope, excluded_paths, concurrency, per_host_concurrency, "
    "per_host_rate, max_pages, schedule, enabled, created_at, updated_at";
constexpr char kEntryColumns[] =
    "id, site_id, source, identity, unit_id, rule, category, severity, message, text, context, "
    "status, claim, reason, flagged, first_scan, last_seen_scan, assigned_at, deadline, "
    "claimed_at, IFNULL(claimed_by, 0), updated_at";

Site ReadSite(const Stmt& s) {
  Site x;
  x.id = s.Int(0);
  x.name = s.Text(1);
  x.unit_id = s.Int(2);
  x.start_urls = SplitLines(s.Text(3));
  x.scope = s.Text(4);
  x.excluded_paths = SplitLines(s.Text(5));
  x.concurrency = static_cast<int>(s.Int(6));
  x.per_host_concurrency = static_cast<int>(s.Int(7));
  x.per_host_rate = s.Real(8);
  x.max_pages = s.Int(9);
  x.schedule = s.Text(10);
  x.enabled = s.Int(11) != 0;
  x.created_at = s.Int(12);
  x.updated_at = s.Int(13);
  return x;
}

LedgerEntry ReadEntry(const Stmt& s) {
  LedgerEntry e;
  e.id = s.Int(0);
  e.site_id = s.Int(1);
  e.source = s.Text(2);
  e.identity = s.Text(3);
  e.unit_id = s.Int(4);
  e.rule = s.Text(5);
  e.category = static_cast<int>(s.Int(6));
  e.severity = static_cast<int>(s.Int(7));
  e.message = s.Text(8);
  e.text = s.Text(9);
  e.context = s.Text(10);
  e.status = ParseLedgerStatus(s.Text(11)).value_or(LedgerStatus::kOpen);
  e.claim = s.Text(12);
  e.reason = s.Text(13);
  e.flagged = s.Int(14) != 0;
  e.first_scan = s.Int(15);
  e.last_seen_scan = s.Int(16);
  e.assigned_at = s.Int(17);
  e.deadline = s.Int(18);
  e.claimed_at = s.Int(19);
  e.claimed_by = s.Int(20);
  e.updated_at = s.Int(21);
  return e;
}

// The FROM and WHERE of a list of entries (LedgerFilter but its paging), with their arguments.
struct EntryWhere {
  std::string from = " FROM ledger_entries";
  std::string where = " WHERE 1 = 1";
  std::vector<SqlArg> args;
};

EntryWhere WhereOf(const LedgerFilter& f) {
  EntryWhere w;
  auto add = [&](const char* sql, SqlArg arg) {
    w.where += sql;
    w.args.push_back(std::move(arg));
  };
  if (f.site_id != 0) add(" AND site_id = ?", f.site_id);
  if (f.unit_id != 0) add(" AND unit_id = ?", f.unit_id);
  if (f.status) add(" AND status = ?", std::string(ToString(*f.status)));
  if (f.overdue_at) add(" AND status IN ('open', 'reopened') AND deadline < ?", *f.overdue_at);
  if (f.assigned_from != 0) add(" AND assigned_at >= ?", f.assigned_from);
  if (f.assigned_to != 0) add(" AND assigned_at < ?", f.assigned_to);
  if (f.category) add(" AND category = ?", static_cast<int64_t>(*f.category));
  if (f.severity) add(" AND severity = ?", static_cast<int64_t>(*f.severity));
  if (!f.rule.empty()) add(" AND rule = ?", f.rule);
  // The overdue list of the whole ledger (no site, unit or status to narrow it) walks the
  // waiting entries in deadline order; left to itself SQLite sorts all of them for a page.
  if (f.overdue_at && f.site_id == 0 && f.unit_id == 0 && !f.status) {
    w.from = " FROM ledger_entries INDEXED BY ledger_waiting_by_deadline";
  }
  return w;
}

// How entries stand, in LedgerCounts order after unit_id; the first parameter is now.
constexpr char kCountColumns[] =
    "COUNT(*), SUM(status IN ('open', 'reopened')), "
    "SUM(status IN ('open', 'reopened') AND deadline < ?), "
    "SUM(status IN ('open', 'reopened') AND flagged), "
    "SUM(status IN ('fixed_claimed', 'not_error')), "
    "SUM(status = 'fixed' OR (status = 'confirmed' AND claim = 'fixed')), "
    "SUM(status = 'confirmed' AND claim = 'not_error')";

// A row of unit_id, category, severity, rule and then the seven sums of kCountColumns or
// kLedgerCountSums (LedgerCounts order after unit_id).
LedgerStatsRow ReadStatsRow(const Stmt& s) {
  LedgerStatsRow r;
  r.category = static_cast<int>(s.Int(1));
  r.severity = static_cast<int>(s.Int(2));
  r.rule = s.Text(3);
  r.counts = {s.Int(0), s.Int(4), s.Int(5), s.Int(6), s.Int(7), s.Int(8), s.Int(9), s.Int(10)};
  return r;
}

// The filter's site, unit and period (what the statistics select on).
std::string PeriodWhere(const LedgerFilter& f) {
  std::string where = " WHERE 1 = 1";
  if (f.site_id != 0) where += " AND site_id = ?";
  if (f.unit_id != 0) where += " AND unit_id = ?";
  if (f.assigned_from != 0) where += " AND assigned_at >= ?";
  if (f.assigned_to != 0) where += " AND assigned_at < ?";
  return where;
}

template <typename S>
void BindPeriod(S& s, const LedgerFilter& f) {
  if (f.site_id != 0) s.Bind(f.site_id);
  if (f.unit_id != 0) s.Bind(f.unit_id);
  if (f.assigned_from != 0) s.Bind(f.assigned_from);
  if (f.assigned_to != 0) s.Bind(f.assigned_to);
}

class SqliteLedgerTx : public LedgerTx {
 public:
  SqliteLedgerTx(StmtCache* stmts, bool writable, LedgerMemo* memo, uint64_t generation)
      : stmts_(stmts),
        db_(stmts->db()),
        writable_(writable),
        memo_(writable ? nullptr : memo),
        generation_(generation) {}

  Result<int64_t> InsertSite(const Site& x) override {
    if (!writable_) return ReadOnly();
    Stmt s(stmts_, std::string("INSERT INTO sites (") + (kSiteColumns + 4) +
                       ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)");
    BindSite(s, x).Bind(x.created_at).Bind(x.updated_at);
    return Insert(s, "网站“" + x.name + "”");
  }
  Status UpdateSite(const Site& x) override {
    if (!writable_) return ReadOnly();
    Stmt s(stmts_,
           "UPDATE sites SET name = ?, unit_id = ?, start_urls = ?, scope = ?, excluded_paths = ?, "
           "concurrency = ?, per_host_concurrency = ?, per_host_rate = ?, max_pages = ?, "
           "schedule = ?, enabled = ?, updated_at = ? WHERE id = ?");
    BindSite(s, x).Bind(x.updated_at).Bind(x.id);
    return Done(s, "网站“" + x.name + "”");
  }
  Result<Site> GetSite(int64_t id) override {
    Stmt s(stmts_, std::string("SELECT ") + kSiteColumns + " FROM sites WHERE id = ?");
    s.Bind(id);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return Status::NotFound("网站 " + std::to_string(id) + " 不存在");
    if (rc != SQLITE_ROW) return Error(rc, "网站");
    return ReadSite(s);
  }
  Result<std::vector<Site>> ListSites() override {
    Stmt s(stmts_, std::string("SELECT ") + kSiteColumns + " FROM sites ORDER BY name");
    std::vector<Site> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadSite(s));
    if (rc != SQLITE_DONE) return Error(rc, "网站");
    return out;
  }

  Result<int64_t> InsertPrefix(const UnitPrefix& p) override {
    if (!writable_) return ReadOnly();
    Stmt s(stmts_, "INSERT INTO unit_prefixes (site_id, prefix, unit_id) VALUES (?, ?, ?)");
    s.Bind(p.site_id).Bind(p.prefix).Bind(p.unit_id);
    return Insert(s, "网址前缀“" + p.prefix + "”");
  }
  Status DeletePrefix(int64_t site_id, int64_t prefix_id) override {
    if (!writable_) return ReadOnly();
    Stmt s(stmts_, "DELETE FROM unit_prefixes WHERE site_id = ? AND id = ?");
    s.Bind(site_id).Bind(prefix_id);
    if (Status st = Done(s, "网址前缀"); !st.ok()) return st;
    if (sqlite3_changes(db_) == 0)
      return Status::NotFound("网址前缀 " + std::to_string(prefix_id) + " 不存在");
    return Status::Ok();
  }
  Result<std::vector<UnitPrefix>> ListPrefixes(int64_t site_id) override {
    Stmt s(stmts_,
           "SELECT id, site_id, prefix, unit_id FROM unit_prefixes WHERE site_id = ? "
           "ORDER BY length(prefix) DESC, prefix");
    s.Bind(site_id);
    std::vector<UnitPrefix> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back({s.Int(0), s.Int(1), s.Text(2), s.Int(3)});
    if (rc != SQLITE_DONE) return Error(rc, "网址前缀");
    return out;
  }

  Result<std::optional<std::string>> GetSetting(const std::string& name) override {
    Stmt s(stmts_, "SELECT value FROM settings WHERE name = ?");
    s.Bind(name);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return std::optional<std::string>();
    if (rc != SQLITE_ROW) return Error(rc, "设置");
    return std::optional<std::string>(s.Text(0));
  }
  Status SetSetting(const std::string& name, const std::string& value) override {
    if (!writable_) return ReadOnly();
    Stmt s(stmts_,
           "INSERT INTO settings (name, value) VALUES (?, ?) "
           "ON CONFLICT(name) DO UPDATE SET value = excluded.value");
    s.Bind(name).Bind(value);
    return Done(s, "设置");
  }

  Result<SiteScanRow> GetScan(int64_t scan_id) override {
    Stmt s(stmts_,
           "SELECT id, IFNULL(site_id, 0), started_at, state, resumed_at FROM site_scans "
           "WHERE id = ?");
    s.Bind(scan_id);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return Status::NotFound("扫描 " + std::to_string(scan_id) + " 不存在");
    if (rc != SQLITE_ROW) return Error(rc, "扫描");
    return SiteScanRow{s.Int(0), s.Int(1), s.Int(2), s.Text(3), s.Int(4)};
  }
  Status SetScanSite(int64_t scan_id, int64_t site_id) override {
    if (!writable_) return ReadOnly();
    Stmt s(stmts_, "UPDATE site_scans SET site_id = ? WHERE id = ?");
    s.Bind(site_id).Bind(scan_id);
    if (Status st = Done(s, "扫描"); !st.ok()) return st;
    // OR IGNORE: a row the site has of its own stays, and site 0's of the same key with it.
    for (const char* table : {"site_pages", "site_links", "site_page_bodies", "site_findings"}) {
      Stmt m(stmts_,
             std::string("UPDATE OR IGNORE ") + table + " SET site_id = ? WHERE site_id = 0");
      m.Bind(site_id);
      if (Status st = Done(m, "扫描"); !st.ok()) return st;
    }
    return Status::Ok();
  }
  Result<std::vector<SiteScanRow>> ListScans(int64_t site_id, int64_t limit) override {
    Stmt s(stmts_,
           "SELECT id, site_id, started_at, state, resumed_at FROM site_scans WHERE site_id = ? "
           "ORDER BY id DESC LIMIT ?");
    s.Bind(site_id).Bind(limit);
    std::vector<SiteScanRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW)
      out.push_back({s.Int(0), s.Int(1), s.Int(2), s.Text(3), s.Int(4)});
    if (rc != SQLITE_DONE) return Error(rc, "扫描");
    return out;
  }
  Result<std::vector<ScannedFinding>> ScanFindings(int64_t scan_id, bool fixed, int64_t after_row,
                                                   int64_t limit) override {
    Stmt s(stmts_, std::string("SELECT rowid, source, identity, rule, category, severity, message, "
                               "text, context FROM site_findings WHERE ") +
                       (fixed ? "fixed_scan" : "last_scan") +
                       " = ? AND rowid > ? ORDER BY rowid LIMIT ?");
    s.Bind(scan_id).Bind(after_row).Bind(limit);
    std::vector<ScannedFinding> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      ScannedFinding f;
      f.row = s.Int(0);
      f.source = s.Text(1);
      f.identity = s.Text(2);
      f.rule = s.Text(3);
      // The site tables spell category and severity out; the ledger keeps numbers, as the
      // review tables do.
      f.category =
          static_cast<int>(scanner::ParseCategory(s.Text(4)).value_or(scanner::Category::kLink));
      f.severity =
          static_cast<int>(scanner::ParseSeverity(s.Text(5)).value_or(scanner::Severity::kMajor));
      f.message = s.Text(6);
      f.text = s.Text(7);
      f.context = s.Text(8);
      out.push_back(std::move(f));
    }
    if (rc != SQLITE_DONE) return Error(rc, "扫描发现的问题");
    return out;
  }

  Result<int64_t> InsertEntry(const LedgerEntry& e) override {
    if (!writable_) return ReadOnly();
    Stmt s(stmts_,
           "INSERT INTO ledger_entries (site_id, source, identity, unit_id, rule, category, "
           "severity, message, text, context, status, claim, reason, flagged, first_scan, "
           "last_seen_scan, assigned_at, deadline, claimed_at, claimed_by, updated_at) "
           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    s.Bind(e.site_id).Bind(e.source).Bind(e.identity).Bind(e.unit_id).Bind(e.rule);
    s.Bind(e.category).Bind(e.severity).Bind(e.message).Bind(e.text).Bind(e.context);
    s.Bind(ToString(e.status)).Bind(e.claim).Bind(e.reason).Bind(e.flagged);
    s.Bind(e.first_scan).Bind(e.last_seen_scan).Bind(e.assigned_at).Bind(e.deadline);
    s.Bind(e.claimed_at).BindId(e.claimed_by).Bind(e.updated_at);
    return Insert(s, "整改条目");
  }
  Status UpdateEntry(const LedgerEntry& e) override {
    if (!writable_) return ReadOnly();
    Stmt s(stmts_,
           "UPDATE ledger_entries SET unit_id = ?, message = ?, text = ?, context = ?, "
           "status = ?, claim = ?, reason = ?, flagged = ?, last_seen_scan = ?, deadline = ?, "
           "claimed_at = ?, claimed_by = ?, updated_at = ? WHERE id = ?");
    s.Bind(e.unit_id).Bind(e.message).Bind(e.text).Bind(e.context).Bind(ToString(e.status));
    s.Bind(e.claim).Bind(e.reason).Bind(e.flagged).Bind(e.last_seen_scan).Bind(e.deadline);
    s.Bind(e.claimed_at).BindId(e.claimed_by).Bind(e.updated_at).Bind(e.id);
    return Done(s, "整改条目");
  }
  Result<LedgerEntry> GetEntry(int64_t id) override {
    Stmt s(stmts_, std::string("SELECT ") + kEntryColumns + " FROM ledger_entries WHERE id = ?");
    s.Bind(id);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return Status::NotFound("整改条目 " + std::to_string(id) + " 不存在");
    if (rc != SQLITE_ROW) return Error(rc, "整改条目");
    return ReadEntry(s);
  }
  Result<std::optional<LedgerEntry>> FindEntry(int64_t site_id, const std::string& source,
                                               const std::string& identity) override {
    Stmt s(stmts_, std::string("SELECT ") + kEntryColumns +
                       " FROM ledger_entries WHERE site_id = ? AND source = ? AND identity = ?");
    s.Bind(site_id).Bind(source).Bind(identity);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return std::optional<LedgerEntry>();
    if (rc != SQLITE_ROW) return Error(rc, "整改条目");
    return std::optional<LedgerEntry>(ReadEntry(s));
  }
  Result<std::optional<ScannedPage>> GetScannedPage(int64_t site_id,
                                                    const std::string& url) override {
    ScannedPage p;
    p.url = url;
    // The scan: the last one that visited the page, else (an attachment, a page that was
    // never fetched whole) the last one that found something on it.
    Stmt scan(stmts_,
              "SELECT s.id, IFNULL(s.site_id, 0) FROM site_scans s WHERE s.id = IFNULL("
              "(SELECT scan_id FROM site_pages WHERE site_id = ?1 AND url = ?2), "
              "(SELECT max(last_scan) FROM site_findings WHERE site_id = ?1 AND source = ?2))");
    scan.Bind(site_id).Bind(url);
    int rc = scan.Step();
    if (rc == SQLITE_DONE) return std::optional<ScannedPage>();
    if (rc != SQLITE_ROW) return Error(rc, "页面");
    p.scan_id = scan.Int(0);
    p.site_id = scan.Int(1);
    Stmt body(stmts_,
              "SELECT charset, size, body FROM site_page_bodies WHERE site_id = ? AND url = ?");
    body.Bind(site_id).Bind(url);
    if ((rc = body.Step()) == SQLITE_ROW) {
      p.charset = body.Text(0);
      Result<std::string> b = InflateBody(body.Blob(2), static_cast<size_t>(body.Int(1)));
      if (!b.ok()) return Status::Make(b.status().code(), url + "：" + b.status().message());
      p.body = std::move(*b);
      p.has_body = true;
    } else if (rc != SQLITE_DONE) {
      return Error(rc, "页面正文");
    }
    Stmt links(stmts_,
               "SELECT target, byte_offset, line, col FROM site_links WHERE site_id = ? AND "
               "page_url = ? ORDER BY seq");
    links.Bind(site_id).Bind(url);
    while ((rc = links.Step()) == SQLITE_ROW) {
      p.links.push_back({links.Text(0), links.Int(1), links.Int(2), links.Int(3)});
    }
    if (rc != SQLITE_DONE) return Error(rc, "页面链接");
    Stmt f(
        stmts_,
        "SELECT identity, rule, category, severity, message, text, suggestion, byte_offset, "
        "length, line, col, end_line, end_col, context, rule_file FROM site_findings "
        "WHERE site_id = ? AND source = ? AND fixed_scan IS NULL ORDER BY byte_offset, identity");
    f.Bind(site_id).Bind(url);
    while ((rc = f.Step()) == SQLITE_ROW) {
      scanner::Finding x;
      x.source = url;
      x.rule = f.Text(1);
      x.category = scanner::ParseCategory(f.Text(2)).value_or(scanner::Category::kLink);
      x.severity = scanner::ParseSeverity(f.Text(3)).value_or(scanner::Severity::kMajor);
      x.message = f.Text(4);
      x.text = f.Text(5);
      x.suggestion = f.Text(6);
      x.offset = static_cast<size_t>(f.Int(7));
      x.length = static_cast<size_t>(f.Int(8));
      x.line = static_cast<size_t>(f.Int(9));
      x.column = static_cast<size_t>(f.Int(10));
      x.end_line = static_cast<size_t>(f.Int(11));
      x.end_column = static_cast<size_t>(f.Int(12));
      x.context = f.Text(13);
      x.rule_file = f.Text(14);
      p.findings.emplace_back(f.Text(0), std::move(x));
    }
    if (rc != SQLITE_DONE) return Error(rc, "页面的问题");
    return std::optional<ScannedPage>(std::move(p));
  }
  Result<std::vector<LedgerEntry>> EntriesOfPage(int64_t site_id, const std::string& url) override {
    Stmt s(stmts_, std::string("SELECT ") + kEntryColumns +
                       " FROM ledger_entries WHERE site_id = ? AND source = ? ORDER BY id");
    s.Bind(site_id).Bind(url);
    std::vector<LedgerEntry> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadEntry(s));
    if (rc != SQLITE_DONE) return Error(rc, "整改条目");
    return out;
  }
  Result<Page<LedgerEntry>> ListEntries(const LedgerFilter& f) override {
    const EntryWhere w = WhereOf(f);
    Page<LedgerEntry> page;
    Result<int64_t> total = CountEntries(f);
    if (!total.ok()) return total.status();
    page.total = *total;
    // Keyset paging: a later page costs what the first does (OFFSET reads every row before).
    std::string keyset = f.after ? " AND (deadline, id) > (?, ?)" : "";
    Stmt s(stmts_, std::string("SELECT ") + kEntryColumns + w.from + w.where + keyset +
                       " ORDER BY deadline, id LIMIT ?" + (f.after ? "" : " OFFSET ?"));
    s.Bind(w.args);
    if (f.after) s.Bind(f.after->first).Bind(f.after->second);
    s.Bind(f.limit);
    if (!f.after) s.Bind(f.offset);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) page.items.push_back(ReadEntry(s));
    if (rc != SQLITE_DONE) return Error(rc, "整改条目");
    return page;
  }

  Result<int64_t> CountEntries(const LedgerFilter& f) override {
    if (std::optional<LedgerCountSql> q = LedgerCountQuery(f, f.overdue_at.value_or(0))) {
      return SumCounts(*q, f.overdue_at.has_value());
    }
    const EntryWhere w = WhereOf(f);
    Stmt c(stmts_, "SELECT COUNT(*) FROM ledger_entries" + w.where);
    c.Bind(w.args);
    int rc = c.Step();
    if (rc != SQLITE_ROW) return Error(rc, "整改条目");
    return c.Int(0);
  }

  Status ExportRows(std::span<const int64_t> ids,
                    const std::function<Status(const LedgerExportRow&)>& row) override {
    if (ids.empty()) return Status::Ok();
    // The slice's ids as one JSON array, walked in its order by the outer loop (CROSS JOIN
    // fixes the loop order): one statement a slice instead of one a row, and only the
    // columns the CSV writes (context and identity are the longest and are not written).
    std::string list = "[";
    for (int64_t id : ids) {
      if (list.size() > 1) list += ',';
      list += std::to_string(id);
    }
    list += ']';
    Stmt s(stmts_,
           "SELECT e.id, e.site_id, e.unit_id, e.source, e.rule, e.message, e.text, e.reason, "
           "e.category, e.severity, e.status, e.flagged, e.assigned_at, e.deadline "
           "FROM json_each(?) AS j CROSS JOIN ledger_entries AS e ON e.id = j.value "
           "ORDER BY j.key");
    s.Bind(std::string_view(list));
    LedgerExportRow r;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      r.id = s.Int(0);
      r.site_id = s.Int(1);
      r.unit_id = s.Int(2);
      r.source = s.View(3);
      r.rule = s.View(4);
      r.message = s.View(5);
      r.text = s.View(6);
      r.reason = s.View(7);
      r.category = static_cast<int>(s.Int(8));
      r.severity = static_cast<int>(s.Int(9));
      r.status = ParseLedgerStatus(s.View(10)).value_or(LedgerStatus::kOpen);
      r.flagged = s.Int(11) != 0;
      r.assigned_at = s.Int(12);
      r.deadline = s.Int(13);
      if (Status st = row(r); !st.ok()) return st;
    }
    if (rc != SQLITE_DONE) return Error(rc, "整改条目");
    return Status::Ok();
  }

  Result<std::vector<int64_t>> ListEntryIds(const LedgerFilter& f) override {
    const EntryWhere w = WhereOf(f);
    // Only the id: SQLite answers from an index that covers the filter and sorts (deadline,
    // id) pairs, where a page of whole rows re-reads and sorts every entry of the filter.
    Stmt s(stmts_, "SELECT id" + w.from + w.where + " ORDER BY deadline, id LIMIT ?");
    s.Bind(w.args).Bind(f.limit);
    std::vector<int64_t> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(s.Int(0));
    if (rc != SQLITE_DONE) return Error(rc, "整改条目");
    return out;
  }

  Result<ScanCounts> CountScan(int64_t scan_id) override {
    ScanCounts out;
    int64_t site_id = 0;
    {
      Stmt s(stmts_,
             "SELECT COALESCE(finished_at, 0), counted, new_count, still_count, fixed_count, "
             "IFNULL(site_id, 0) FROM site_scans WHERE id = ?");
      s.Bind(scan_id);
      int rc = s.Step();
      if (rc == SQLITE_DONE) return Status::NotFound("扫描 " + std::to_string(scan_id) + " 不存在");
      if (rc != SQLITE_ROW) return Error(rc, "扫描");
      out.finished_at = s.Int(0);
      // Counted when it ended (store/schema.cc, migration 12).
      if (s.Int(1) != 0) {
        out.fresh = s.Int(2);
        out.still = s.Int(3);
        out.fixed = s.Int(4);
        return out;
      }
      site_id = s.Int(5);
    }
    {
      // A scan running, or left running: a finding still there at this scan was seen before it
      // and again at it or later, and not fixed in between (a later scan only moves last_scan).
      Stmt s(stmts_,
             "SELECT COUNT(*) FROM site_findings WHERE site_id = ? AND last_scan >= ? AND "
             "first_scan < ? AND (fixed_scan IS NULL OR fixed_scan > ?)");
      s.Bind(site_id).Bind(scan_id).Bind(scan_id).Bind(scan_id);
      int rc = s.Step();
      if (rc != SQLITE_ROW) return Error(rc, "扫描");
      out.still = s.Int(0);
    }
    {
      Stmt s(stmts_, "SELECT COUNT(*) FROM site_findings WHERE first_scan = ?");
      s.Bind(scan_id);
      int rc = s.Step();
      if (rc != SQLITE_ROW) return Error(rc, "扫描");
      out.fresh = s.Int(0);
    }
    Stmt s(stmts_, "SELECT COUNT(*) FROM site_findings WHERE fixed_scan = ?");
    s.Bind(scan_id);
    int rc = s.Step();
    if (rc != SQLITE_ROW) return Error(rc, "扫描");
    out.fixed = s.Int(0);
    return out;
  }

  Result<std::vector<LedgerCounts>> CountByUnit(const LedgerFilter& filter, int64_t now) override {
    LedgerFilter f = filter;
    f.overdue_at.reset();
    f.category.reset();
    f.severity.reset();
    f.rule.clear();
    if (std::optional<LedgerCountSql> q = LedgerCountQuery(f, now)) {
      Result<std::vector<LedgerStatsRow>> rows = CountRows(*q, "unit_id");
      if (!rows.ok()) return rows.status();
      std::vector<LedgerCounts> out;
      for (const LedgerStatsRow& r : *rows) out.push_back(r.counts);
      return out;
    }
    std::string where = " WHERE 1 = 1";
    if (f.site_id != 0) where += " AND site_id = ?";
    if (f.unit_id != 0) where += " AND unit_id = ?";
    if (f.status) where += " AND status = ?";
    if (f.assigned_from != 0) where += " AND assigned_at >= ?";
    if (f.assigned_to != 0) where += " AND assigned_at < ?";
    Stmt s(stmts_, std::string("SELECT unit_id, 0, 0, '', ") + kCountColumns +
                       " FROM ledger_entries" + where + " GROUP BY unit_id ORDER BY unit_id");
    s.Bind(now);
    if (f.site_id != 0) s.Bind(f.site_id);
    if (f.unit_id != 0) s.Bind(f.unit_id);
    if (f.status) s.Bind(ToString(*f.status));
    if (f.assigned_from != 0) s.Bind(f.assigned_from);
    if (f.assigned_to != 0) s.Bind(f.assigned_to);
    std::vector<LedgerCounts> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadStatsRow(s).counts);
    if (rc != SQLITE_DONE) return Error(rc, "整改统计");
    return out;
  }

  Result<std::vector<LedgerStatsRow>> StatsRows(const LedgerFilter& f, int64_t now) override {
    LedgerFilter period;
    period.site_id = f.site_id;
    period.unit_id = f.unit_id;
    period.assigned_from = f.assigned_from;
    period.assigned_to = f.assigned_to;
    if (std::optional<LedgerCountSql> q = LedgerCountQuery(period, now))
      return CountRows(*q, "unit_id, category, severity, rule");
    Stmt s(stmts_, std::string("SELECT unit_id, category, severity, rule, ") + kCountColumns +
                       " FROM ledger_entries" + PeriodWhere(f) +
                       " GROUP BY unit_id, category, severity, rule");
    s.Bind(now);
    BindPeriod(s, f);
    std::vector<LedgerStatsRow> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadStatsRow(s));
    if (rc != SQLITE_DONE) return Error(rc, "整改统计");
    return out;
  }
  Result<std::vector<LedgerMonth>> CountByMonth(const LedgerFilter& f,
                                                int64_t utc_offset) override {
    LedgerFilter period;
    period.site_id = f.site_id;
    period.unit_id = f.unit_id;
    period.assigned_from = f.assigned_from;
    period.assigned_to = f.assigned_to;
    std::optional<LedgerCountSql> q;
    if (utc_offset == kLedgerCountsUtcOffset) q = LedgerCountQuery(period, 0);
    if (q) {
      // A Beijing day number times a day's seconds is that day's midnight read as UTC.
      const std::string sql =
          "SELECT strftime('%Y-%m', assigned_day * 86400, 'unixepoch') AS m, SUM(n), "
          "SUM(CASE WHEN status = 'fixed' OR (status = 'confirmed' AND claim = 'fixed') "
          "THEN n ELSE 0 END)" +
          q->rows + " GROUP BY m ORDER BY m";
      const std::string key = MemoKey(sql, q->rows_args);
      if (memo_ != nullptr) {
        if (std::optional<std::vector<LedgerMonth>> m = memo_->Months(key, generation_)) return *m;
      }
      Stmt s(stmts_, sql);
      s.Bind(q->rows_args);
      std::vector<LedgerMonth> out;
      int rc;
      while ((rc = s.Step()) == SQLITE_ROW) out.push_back({s.Text(0), s.Int(1), s.Int(2)});
      if (rc != SQLITE_DONE) return Error(rc, "整改统计");
      if (memo_ != nullptr) memo_->PutMonths(key, generation_, out);
      return out;
    }
    Stmt s(stmts_,
           "SELECT strftime('%Y-%m', assigned_at + ?, 'unixepoch') AS m, COUNT(*), "
           "SUM(status = 'fixed' OR (status = 'confirmed' AND claim = 'fixed')) "
           "FROM ledger_entries" +
               PeriodWhere(f) + " GROUP BY m ORDER BY m");
    s.Bind(utc_offset);
    BindPeriod(s, f);
    std::vector<LedgerMonth> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back({s.Text(0), s.Int(1), s.Int(2)});
    if (rc != SQLITE_DONE) return Error(rc, "整改统计");
    return out;
  }

  Result<int64_t> InsertEvent(const LedgerEvent& e) override {
    if (!writable_) return ReadOnly();
    Stmt s(stmts_,
           "INSERT INTO ledger_events (entry_id, at, user_id, scan_id, from_status, to_status, "
           "reason) VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.Bind(e.entry_id).Bind(e.at).BindId(e.user_id).BindId(e.scan_id);
    s.Bind(e.from_status).Bind(e.to_status).Bind(e.reason);
    return Insert(s, "整改记录");
  }
  Result<std::vector<LedgerEvent>> ListEvents(int64_t entry_id) override {
    Stmt s(stmts_,
           "SELECT id, entry_id, at, IFNULL(user_id, 0), IFNULL(scan_id, 0), from_status, "
           "to_status, reason FROM ledger_events WHERE entry_id = ? ORDER BY id");
    s.Bind(entry_id);
    std::vector<LedgerEvent> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      out.push_back(
          {s.Int(0), s.Int(1), s.Int(2), s.Int(3), s.Int(4), s.Text(5), s.Text(6), s.Text(7)});
    }
    if (rc != SQLITE_DONE) return Error(rc, "整改记录");
    return out;
  }

 private:
  // The number of entries `q` selects; `overdue` adds those due today before its time.
  Result<int64_t> SumCounts(const LedgerCountSql& q, bool overdue) {
    Stmt s(stmts_, "SELECT IFNULL(SUM(n), 0)" + q.rows);
    s.Bind(q.rows_args);
    int rc = s.Step();
    if (rc != SQLITE_ROW) return Error(rc, "整改条目");
    int64_t n = s.Int(0);
    if (!overdue) return n;
    Stmt t(stmts_, "SELECT COUNT(*)" + q.due_today);
    t.Bind(q.due_today_args);
    if ((rc = t.Step()) != SQLITE_ROW) return Error(rc, "整改条目");
    return n + t.Int(0);
  }

  // LedgerCounts of the rows `q` selects, grouped by `by` (unit_id first, then any of
  // category, severity, rule), with the entries due today before now added to overdue.
  Result<std::vector<LedgerStatsRow>> CountRows(const LedgerCountSql& q, const std::string& by) {
    const bool detail = by != "unit_id";
    const std::string cols = detail ? "unit_id, category, severity, rule, " : "unit_id, 0, 0, '', ";
    std::vector<LedgerStatsRow> out;
    const std::string sql = "SELECT " + cols + kLedgerCountSums + q.rows + " GROUP BY " + by +
                            " HAVING SUM(n) > 0 ORDER BY " + by;
    std::vector<SqlArg> args = q.rows_args;
    args.insert(args.begin(), q.today);
    const std::string key = MemoKey(sql, args);
    std::optional<std::vector<LedgerStatsRow>> kept;
    if (memo_ != nullptr) kept = memo_->Rows(key, generation_);
    if (kept) {
      out = std::move(*kept);
    } else {
      Stmt s(stmts_, sql);
      s.Bind(args);
      int rc;
      while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadStatsRow(s));
      if (rc != SQLITE_DONE) return Error(rc, "整改统计");
      if (memo_ != nullptr) memo_->PutRows(key, generation_, out);
    }
    std::map<std::tuple<int64_t, int64_t, int64_t, std::string>, size_t> at;
    for (size_t i = 0; i < out.size(); ++i) {
      const LedgerStatsRow& r = out[i];
      at[{r.counts.unit_id, r.category, r.severity, r.rule}] = i;
    }
    Stmt t(stmts_, "SELECT " + cols + "COUNT(*)" + q.due_today + " GROUP BY " + by);
    t.Bind(q.due_today_args);
    int rc;
    while ((rc = t.Step()) == SQLITE_ROW) {
      auto it = at.find({t.Int(0), t.Int(1), t.Int(2), t.Text(3)});
      // An entry due today is counted among the rows (as waiting), so its group is there.
      if (it != at.end()) out[it->second].counts.overdue += t.Int(4);
    }
    if (rc != SQLITE_DONE) return Error(rc, "整改统计");
    return out;
  }

  Stmt& BindSite(Stmt& s, const Site& x) {
    s.Bind(x.name).Bind(x.unit_id).Bind(Join(x.start_urls, "\n")).Bind(x.scope);
    s.Bind(Join(x.excluded_paths, "\n")).Bind(x.concurrency).Bind(x.per_host_concurrency);
    s.Bind(x.per_host_rate).Bind(x.max_pages).Bind(x.schedule).Bind(x.enabled);
    return s;
  }

  Status Error(int rc, const std::string& what) const {
    std::string msg = "数据库错误（" + what + "）：" + sqlite3_errmsg(db_);
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return Status::Unavailable(msg);
    if ((rc & 0xff) == SQLITE_CONSTRAINT)
      return Status::Conflict(what + " 已存在或引用了不存在的记录");
    return Status::Internal(msg);
  }
  static Status ReadOnly() { return Status::Internal("只读事务中不能写入"); }

  Result<int64_t> Insert(Stmt& s, const std::string& what) {
    int rc = s.Step();
    if (rc != SQLITE_DONE) return Error(rc, what);
    return static_cast<int64_t>(sqlite3_last_insert_rowid(db_));
  }
  Status Done(Stmt& s, const std::string& what) {
    int rc = s.Step();
    if (rc != SQLITE_DONE) return Error(rc, what);
    return Status::Ok();
  }

  // The memo's key of `sql` with `args` bound.
  static std::string MemoKey(const std::string& sql, const std::vector<SqlArg>& args) {
    std::string key = sql;
    for (const SqlArg& a : args) {
      key += '\x1f';
      key += std::holds_alternative<int64_t>(a) ? std::to_string(std::get<int64_t>(a))
                                                : std::get<std::string>(a);
    }
    return key;
  }

  StmtCache* stmts_;
  sqlite3* db_;
  bool writable_;
  LedgerMemo* memo_;  // null in write transactions: they must see their own rows
  uint64_t generation_;
};

}  // namespace

std::string_view ToString(LedgerStatus s) { return kStatusNames[static_cast<size_t>(s)]; }
std::string_view ChineseName(LedgerStatus s) { return kStatusChinese[static_cast<size_t>(s)]; }

std::optional<LedgerStatus> ParseLedgerStatus(std::string_view s) {
  for (size_t i = 0; i < std::size(kStatusNames); ++i) {
    if (kStatusNames[i] == s) return static_cast<LedgerStatus>(i);
  }
  return std::nullopt;
}

bool LedgerMemo::AtLocked(uint64_t generation) {
  if (generation < generation_) return false;  // a snapshot older than what is kept
  if (generation > generation_) {
    rows_.clear();
    months_.clear();
    generation_ = generation;
  }
  return true;
}

std::optional<std::vector<LedgerStatsRow>> LedgerMemo::Rows(const std::string& key,
                                                            uint64_t generation) {
  std::lock_guard lock(mu_);
  if (!AtLocked(generation)) return std::nullopt;
  auto it = rows_.find(key);
  if (it == rows_.end()) return std::nullopt;
  return it->second;
}

void LedgerMemo::PutRows(const std::string& key, uint64_t generation,
                         std::vector<LedgerStatsRow> rows) {
  std::lock_guard lock(mu_);
  if (!AtLocked(generation)) return;
  // Keys hold the day: a server that runs for months must not keep every day's sums.
  if (rows_.size() > 1000) rows_.clear();
  rows_[key] = std::move(rows);
}

std::optional<std::vector<LedgerMonth>> LedgerMemo::Months(const std::string& key,
                                                           uint64_t generation) {
  std::lock_guard lock(mu_);
  if (!AtLocked(generation)) return std::nullopt;
  auto it = months_.find(key);
  if (it == months_.end()) return std::nullopt;
  return it->second;
}

void LedgerMemo::PutMonths(const std::string& key, uint64_t generation,
                           std::vector<LedgerMonth> months) {
  std::lock_guard lock(mu_);
  if (!AtLocked(generation)) return;
  if (months_.size() > 1000) months_.clear();
  months_[key] = std::move(months);
}

std::unique_ptr<LedgerTx> MakeSqliteLedgerTx(StmtCache* stmts, bool writable, LedgerMemo* memo,
                                             uint64_t generation) {
  return std::make_unique<SqliteLedgerTx>(stmts, writable, memo, generation);
}

}  // namespace cuomin::store
