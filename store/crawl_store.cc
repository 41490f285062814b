#include "store/crawl_store.h"

#include <sqlite3.h>

#include <ctime>
#include <sstream>

namespace cuomin::store {
namespace {

constexpr const char* kSchema = R"(
CREATE TABLE IF NOT EXISTS scans(id INTEGER PRIMARY KEY, seeds TEXT, started INTEGER,
                                 finished INTEGER);
CREATE TABLE IF NOT EXISTS pages(url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT,
                                 links TEXT, scan INTEGER);
CREATE TABLE IF NOT EXISTS findings(fingerprint TEXT PRIMARY KEY, source TEXT, rule TEXT,
  category TEXT, severity TEXT, message TEXT, text TEXT, suggestion TEXT, offset INTEGER,
  length INTEGER, line INTEGER, col INTEGER, end_line INTEGER, end_col INTEGER, context TEXT,
  rule_file TEXT, first_scan INTEGER, last_scan INTEGER, fixed_scan INTEGER);
CREATE INDEX IF NOT EXISTS findings_source ON findings(source);
)";

// RAII for a prepared statement.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s_, nullptr); }
  ~Stmt() { sqlite3_finalize(s_); }
  bool ok() const { return s_ != nullptr; }
  Stmt& Bind(int i, const std::string& v) {
    sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, long long v) {
    sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  bool Step() { return sqlite3_step(s_) == SQLITE_ROW; }
  int Done() { return sqlite3_step(s_); }
  std::string Text(int c) const {
    const unsigned char* t = sqlite3_column_text(s_, c);
    return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(s_, c)) : "";
  }
  long long Int(int c) const { return sqlite3_column_int64(s_, c); }

 private:
  sqlite3_stmt* s_ = nullptr;
};

std::string EncodeLinks(const std::vector<StoredLink>& links) {
  std::string out;
  for (const StoredLink& l : links) {
    out += l.target + "\t" + std::to_string(l.offset) + "\t" + std::to_string(l.line) + "\t" +
           std::to_string(l.column) + "\n";
  }
  return out;
}

std::vector<StoredLink> DecodeLinks(const std::string& s) {
  std::vector<StoredLink> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) {
    StoredLink l;
    std::istringstream f(line);
    std::string off, ln, col;
    if (!std::getline(f, l.target, '\t') || !std::getline(f, off, '\t') ||
        !std::getline(f, ln, '\t') || !std::getline(f, col))
      continue;
    l.offset = std::stoull(off);
    l.line = std::stoull(ln);
    l.column = std::stoull(col);
    out.push_back(std::move(l));
  }
  return out;
}

constexpr const char* kFindingColumns =
    "source, rule, category, severity, message, text, suggestion, offset, length, line, col, "
    "end_line, end_col, context, rule_file";

scanner::Finding ReadFinding(const Stmt& s, int first) {
  scanner::Finding f;
  f.source = s.Text(first);
  f.rule = s.Text(first + 1);
  f.category = scanner::ParseCategory(s.Text(first + 2)).value_or(scanner::Category::kLink);
  f.severity = scanner::ParseSeverity(s.Text(first + 3)).value_or(scanner::Severity::kMajor);
  f.message = s.Text(first + 4);
  f.text = s.Text(first + 5);
  f.suggestion = s.Text(first + 6);
  f.offset = static_cast<size_t>(s.Int(first + 7));
  f.length = static_cast<size_t>(s.Int(first + 8));
  f.line = static_cast<size_t>(s.Int(first + 9));
  f.column = static_cast<size_t>(s.Int(first + 10));
  f.end_line = static_cast<size_t>(s.Int(first + 11));
  f.end_column = static_cast<size_t>(s.Int(first + 12));
  f.context = s.Text(first + 13);
  f.rule_file = s.Text(first + 14);
  return f;
}

// Stable across re-crawls: positions shift when a page is edited, so the key is the page, the
// rule, the matched text and which occurrence of that text it is.
std::string Fingerprint(const scanner::Finding& f, long long occurrence) {
  return f.source + '\x1f' + f.rule + '\x1f' + f.text + '\x1f' + std::to_string(occurrence);
}

}  // namespace

CrawlStore::~CrawlStore() {
  if (db_) sqlite3_close(db_);
}

Status CrawlStore::Exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = path_ + ": 数据库错误：" + (err ? err : "?");
    sqlite3_free(err);
    return Status::Error(msg);
  }
  return Status::Ok();
}

Result<std::unique_ptr<CrawlStore>> CrawlStore::Open(const std::string& path) {
  std::unique_ptr<CrawlStore> s(new CrawlStore());
  s->path_ = path;
  if (sqlite3_open(path.c_str(), &s->db_) != SQLITE_OK) {
    return Status::Error(path + ": 无法打开数据库：" + sqlite3_errmsg(s->db_));
  }
  sqlite3_busy_timeout(s->db_, 5000);
  if (Status st = s->Exec(kSchema); !st.ok()) {
    return Status::Error(path + ": 不是 cuomin 的数据库或已损坏（" + st.message() + "）");
  }
  return s;
}

Status CrawlStore::BeginScan(const std::string& seeds) {
  std::lock_guard lock(mu_);
  if (Status st = Exec("BEGIN"); !st.ok()) return st;
  Stmt ins(db_, "INSERT INTO scans(seeds, started) VALUES(?, ?)");
  ins.Bind(1, seeds).Bind(2, static_cast<long long>(std::time(nullptr))).Done();
  scan_id_ = sqlite3_last_insert_rowid(db_);
  return Status::Ok();
}

std::optional<PageRecord> CrawlStore::GetPage(const std::string& url) {
  std::lock_guard lock(mu_);
  Stmt q(db_, "SELECT etag, last_modified, links FROM pages WHERE url = ? AND scan < ?");
  q.Bind(1, url).Bind(2, scan_id_);
  if (!q.Step()) return std::nullopt;
  PageRecord r;
  r.etag = q.Text(0);
  r.last_modified = q.Text(1);
  r.links = DecodeLinks(q.Text(2));
  return r;
}

std::vector<scanner::Finding> CrawlStore::PreviousFindings(const std::string& source) {
  std::lock_guard lock(mu_);
  std::string sql = std::string("SELECT ") + kFindingColumns +
                    " FROM findings WHERE source = ? AND fixed_scan IS NULL ORDER BY offset";
  Stmt q(db_, sql.c_str());
  q.Bind(1, source);
  std::vector<scanner::Finding> out;
  while (q.Step()) out.push_back(ReadFinding(q, 0));
  return out;
}

Status CrawlStore::PutPage(const std::string& url, const PageRecord& page) {
  std::lock_guard lock(mu_);
  Stmt up(db_,
          "INSERT INTO pages(url, etag, last_modified, links, scan) VALUES(?, ?, ?, ?, ?) "
          "ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, "
          "last_modified = excluded.last_modified, links = excluded.links, scan = excluded.scan");
  up.Bind(1, url).Bind(2, page.etag).Bind(3, page.last_modified).Bind(4, EncodeLinks(page.links));
  up.Bind(5, scan_id_);
  if (up.Done() != SQLITE_DONE) return Status::Error(path_ + ": 写入页面记录失败");
  return Status::Ok();
}

Status CrawlStore::MarkGone(const std::string& url) { return PutPage(url, PageRecord{}); }

Result<scanner::ScanStatus> CrawlStore::Record(const scanner::Finding& f) {
  std::lock_guard lock(mu_);
  // Which occurrence this is: the same page, rule and text recorded earlier in this scan.
  Stmt count(db_,
             "SELECT COUNT(*) FROM findings WHERE source = ? AND rule = ? AND text = ? "
             "AND last_scan = ?");
  count.Bind(1, f.source).Bind(2, f.rule).Bind(3, f.text).Bind(4, scan_id_);
  long long occurrence = count.Step() ? count.Int(0) : 0;
  std::string key = Fingerprint(f, occurrence);
  Stmt q(db_, "SELECT fixed_scan IS NULL FROM findings WHERE fingerprint = ?");
  q.Bind(1, key);
  bool open_before = q.Step() && q.Int(0) != 0;
  std::string sql = std::string("INSERT INTO findings(fingerprint, ") + kFindingColumns +
                    ", first_scan, last_scan, fixed_scan) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,"
                    "?,?,?,?,NULL) ON CONFLICT(fingerprint) DO UPDATE SET offset=excluded.offset,"
                    " line=excluded.line, col=excluded.col, end_line=excluded.end_line, "
                    "end_col=excluded.end_col, message=excluded.message, context=excluded.context,"
                    " severity=excluded.severity, last_scan=excluded.last_scan, fixed_scan=NULL,"
                    " first_scan=CASE WHEN findings.fixed_scan IS NULL THEN findings.first_scan "
                    "ELSE excluded.first_scan END";
  Stmt ins(db_, sql.c_str());
  ins.Bind(1, key).Bind(2, f.source).Bind(3, f.rule);
  ins.Bind(4, std::string(scanner::ToString(f.category)));
  ins.Bind(5, std::string(scanner::ToString(f.severity)));
  ins.Bind(6, f.message).Bind(7, f.text).Bind(8, f.suggestion);
  ins.Bind(9, static_cast<long long>(f.offset)).Bind(10, static_cast<long long>(f.length));
  ins.Bind(11, static_cast<long long>(f.line)).Bind(12, static_cast<long long>(f.column));
  ins.Bind(13, static_cast<long long>(f.end_line));
  ins.Bind(14, static_cast<long long>(f.end_column));
  ins.Bind(15, f.context).Bind(16, f.rule_file).Bind(17, scan_id_).Bind(18, scan_id_);
  if (ins.Done() != SQLITE_DONE)
    return Status::Error(path_ + ": 写入问题记录失败：" + sqlite3_errmsg(db_));
  return open_before ? scanner::ScanStatus::kStill : scanner::ScanStatus::kNew;
}

Result<size_t> CrawlStore::FinishScan(
    const std::function<void(std::vector<scanner::Finding>&)>& fixed) {
  std::lock_guard lock(mu_);
  constexpr const char* kFixedWhere =
      " FROM findings WHERE fixed_scan IS NULL AND last_scan < ?1 AND source IN "
      "(SELECT url FROM pages WHERE scan = ?1)";
  size_t n = 0;
  {
    // One page's findings at a time: the fixed list of a big site is not held in memory.
    std::string sql =
        std::string("SELECT ") + kFindingColumns + kFixedWhere + " ORDER BY source, offset";
    Stmt q(db_, sql.c_str());
    q.Bind(1, scan_id_);
    std::vector<scanner::Finding> page;
    auto flush = [&] {
      if (!page.empty() && fixed) fixed(page);
      page.clear();
    };
    while (q.Step()) {
      scanner::Finding f = ReadFinding(q, 0);
      f.scan_status = scanner::ScanStatus::kFixed;
      if (!page.empty() && page.front().source != f.source) flush();
      page.push_back(std::move(f));
      ++n;
    }
    flush();
  }
  std::string sql = std::string(
                        "UPDATE findings SET fixed_scan = ?1 WHERE rowid IN (SELECT "
                        "rowid") +
                    kFixedWhere + ")";
  Stmt fix(db_, sql.c_str());
  fix.Bind(1, scan_id_);
  if (fix.Done() != SQLITE_DONE)
    return Status::Error(path_ + ": 更新问题记录失败：" + sqlite3_errmsg(db_));
  Stmt fin(db_, "UPDATE scans SET finished = ? WHERE id = ?");
  fin.Bind(1, static_cast<long long>(std::time(nullptr))).Bind(2, scan_id_).Done();
  if (Status st = Exec("COMMIT"); !st.ok()) return st;
  return n;
}

}  // namespace cuomin::store
