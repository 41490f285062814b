// SiteStore on SQLite. One connection behind one lock for the writes: crawl workers call from
// many threads, and SQLite serialises writers anyway. Each CommitPage is a transaction of its
// own. The workers' reads of earlier scans (GetPage, OpenFindings) have a read-only connection
// of their own, so that they do not wait while a batch of pages is written (a WAL reader sees
// the last commit and is not blocked by the writer).
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "store/finding_identity.h"
#include "store/page_body.h"
#include "store/schema.h"
#include "store/site_store.h"
#include "store/stmt_cache.h"

namespace cuomin::store {
namespace {

// A statement of the connection's cache while in use; one that did not prepare fails every
// step.
class Stmt {
 public:
  Stmt(StmtCache* cache, const char* sql) { s_ = cache->Acquire(sql, &home_, &rc_); }
  ~Stmt() { StmtCache::Release(s_, home_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& Bind(int i, const std::string& v) {
    if (s_) sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, long long v) {
    if (s_) sqlite3_bind_int64(s_, i, v);
    return *this;
  }
  Stmt& BindBlob(int i, const std::string& v) {
    if (s_) sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& BindNull(int i) {
    if (s_) sqlite3_bind_null(s_, i);
    return *this;
  }
  // For the next row of a repeated statement: bindings are kept until bound again.
  void Reset() {
    if (s_) sqlite3_reset(s_);
  }
  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return s_ ? sqlite3_step(s_) : rc_; }
  bool Row() { return Step() == SQLITE_ROW; }
  std::string Text(int c) const {
    const unsigned char* t = sqlite3_column_text(s_, c);
    return t ? std::string(reinterpret_cast<const char*>(t), sqlite3_column_bytes(s_, c)) : "";
  }
  long long Int(int c) const { return sqlite3_column_int64(s_, c); }
  bool Null(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }

 private:
  sqlite3_stmt* s_ = nullptr;
  StmtCache::Idle* home_ = nullptr;
  int rc_ = SQLITE_OK;
};

constexpr const char* kFindingColumns =
    "source, rule, category, severity, message, text, suggestion, byte_offset, length, line, "
    "col, end_line, end_col, context, rule_file";

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

// The database file cannot be opened for writing: why, as far as the system says.
// Asked with faccessat, not by opening the file: closing any descriptor of the database file
// drops every POSIX lock this process holds on it, SQLite's included (see LockForScan).
Status ReadOnlyFile(const std::string& path) {
  int err = ::faccessat(AT_FDCWD, path.c_str(), W_OK, AT_EACCESS) != 0 ? errno : 0;
  std::string why = err == EACCES  ? "（当前用户没有写权限）"
                    : err == EPERM ? "（文件被设为不可修改，如 chattr +i）"
                    : err == EROFS ? "（所在文件系统以只读方式挂载）"
                                   : "";
  return Status::PermissionDenied("数据库文件只读：" + path + why + "，扫描结果无法保存");
}

// Where in a file a finding is (migration 13); kept apart from kFindingColumns, which the
// import of the crawl store before migrations also reads.
constexpr const char* kPlaceColumns = "page, sheet, cell, box, ocr";

void ReadPlace(const Stmt& s, int first, scanner::Finding& f) {
  f.page = static_cast<int>(s.Int(first));
  f.sheet = s.Text(first + 1);
  f.cell = s.Text(first + 2);
  scanner::Box b;
  if (std::sscanf(s.Text(first + 3).c_str(), "%d,%d,%d,%d", &b.x, &b.y, &b.width, &b.height) == 4) {
    f.box = b;
  }
  f.ocr = s.Int(first + 4) != 0;
}

std::string BoxText(const scanner::Finding& f) {
  if (!f.box) return "";
  return std::to_string(f.box->x) + "," + std::to_string(f.box->y) + "," +
         std::to_string(f.box->width) + "," + std::to_string(f.box->height);
}

// A page's pictures, one URL a line (URLs as the crawler writes them hold no line breaks).
std::string JoinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> out;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

class SqliteSiteStore : public SiteStore {
 public:
  ~SqliteSiteStore() override {
    read_stmts_.Clear();
    if (read_db_) sqlite3_close(read_db_);
    stmts_.Clear();
    if (db_) sqlite3_close(db_);
    if (scan_lock_ >= 0) ::close(scan_lock_);
  }

  static Result<std::unique_ptr<SiteStore>> Open(const std::string& path, const Clock* clock,
                                                 int64_t site_id) {
    std::unique_ptr<SqliteSiteStore> s(new SqliteSiteStore());
    s->path_ = path;
    s->site_id_ = site_id;
    s->clock_ = clock != nullptr ? clock : &DefaultClock();
    int rc =
        sqlite3_open_v2(path.c_str(), &s->db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    s->stmts_.Attach(s->db_);
    if (rc != SQLITE_OK) {
      return Status::PermissionDenied(path + "：无法打开数据库：" + sqlite3_errmsg(s->db_));
    }
    // SQLite opens a file it may not write read-only without a word, and says so in English
    // at the first write; a scan has to write, so it is refused here, saying why in Chinese.
    if (sqlite3_db_readonly(s->db_, "main") == 1) return ReadOnlyFile(path);
    sqlite3_busy_timeout(s->db_, 5000);
    // journal_mode answers with the mode it is in; a read-only file stays in its old mode.
    if (Status st = s->Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL"); !st.ok())
      return s->Fail(st);
    // A scan's writes go into some seven b-trees keyed by URL; with SQLite's default 2 MB of
    // page cache their pages were read again from the file (a pread each) for most pages a
    // scan recorded. 32 MB holds the upper levels and the recent leaves of them all.
    if (Status st = s->Exec("PRAGMA cache_size = -32768"); !st.ok()) return s->Fail(st);
    Result<int> v = MigrateSchema(s->db_);
    if (!v.ok()) return s->Fail(v.status());
    if (Status st = s->ImportUnversioned(); !st.ok()) return s->Fail(st);
    // Without it (the file could not be opened twice), reads take the writer's connection.
    if (sqlite3_open_v2(path.c_str(), &s->read_db_, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
      sqlite3_busy_timeout(s->read_db_, 5000);
      s->read_stmts_.Attach(s->read_db_);
    } else {
      sqlite3_close(s->read_db_);
      s->read_db_ = nullptr;
    }
    return std::unique_ptr<SiteStore>(std::move(s));
  }

  Status BeginScan(const std::string& seeds) override {
    std::lock_guard lock(mu_);
    if (scan_lock_ < 0) {
      if (Status st = LockForScan(); !st.ok()) return st;
    }
    // Scans still marked running whose process is gone: all of them for a whole-database
    // scan; a site's own for a site's scan (another site's may be running beside it).
    Stmt stale(&stmts_, site_id_ == 0 ? "UPDATE site_scans SET state = 'interrupted' "
                                        "WHERE state = 'running'"
                                      : "UPDATE site_scans SET state = 'interrupted' "
                                        "WHERE state = 'running' AND site_id = ?");
    if (site_id_ != 0) stale.Bind(1, static_cast<long long>(site_id_));
    if (stale.Step() != SQLITE_DONE) return Error("开始扫描");
    Stmt ins(&stmts_,
             "INSERT INTO site_scans(seeds, started_at, state, site_id) "
             "VALUES(?, ?, 'running', ?)");
    ins.Bind(1, seeds).Bind(2, static_cast<long long>(clock_->Now()));
    if (site_id_ != 0) {
      ins.Bind(3, static_cast<long long>(site_id_));
    } else {
      ins.BindNull(3);
    }
    if (ins.Step() != SQLITE_DONE) return Error("开始扫描");
    scan_id_ = sqlite3_last_insert_rowid(db_);
    read_scan_id_ = scan_id_;
    if (Status st = NoteValidators(); !st.ok()) return st;
    if (Status st = NoteOpenFindings(); !st.ok()) return st;
    // The frontiers of the earlier scans: once a new one begins, none of them continues.
    Stmt drop(&stmts_, site_id_ == 0 ? "DELETE FROM site_scan_frontier WHERE scan_id < ?1"
                                     : "DELETE FROM site_scan_frontier WHERE scan_id IN (SELECT id "
                                       "FROM site_scans WHERE site_id = ?2 AND id < ?1)");
    drop.Bind(1, scan_id_);
    if (site_id_ != 0) drop.Bind(2, static_cast<long long>(site_id_));
    if (drop.Step() != SQLITE_DONE) return Error("开始扫描");
    return Status::Ok();
  }

  Status SaveFrontier(const std::vector<FrontierEntry>& batch) override {
    if (batch.empty()) return Status::Ok();
    std::lock_guard lock(mu_);
    return InWriteTransaction([&] { return SaveFrontierLocked(batch); });
  }

  Result<std::vector<std::vector<RecordedFinding>>> CommitBatch(const Batch& batch) override {
    std::lock_guard lock(mu_);
    std::vector<std::vector<RecordedFinding>> out;
    Status st = InWriteTransaction([&] {
      Status pages = CommitPagesLocked(batch.pages, out);
      if (!pages.ok()) return pages;
      for (const std::string& url : batch.gone) {
        Result<std::vector<RecordedFinding>> r = CommitPageLocked(url, &kGone, {});
        if (!r.ok()) return r.status();
      }
      return SaveFrontierLocked(batch.frontier);
    });
    if (!st.ok()) return st;
    return out;
  }

  Status RecheckPages(const std::vector<std::string>& urls) override {
    if (urls.empty()) return Status::Ok();
    std::lock_guard lock(mu_);
    if (!resumed_) return Status::Ok();
    return InWriteTransaction([&] {
      for (const char* sql :
           {"UPDATE site_findings SET last_scan = (SELECT COALESCE(MAX(id), 0) FROM site_scans "
            "WHERE COALESCE(site_id, 0) = ?1 AND id < ?2) WHERE site_id = ?1 AND source = ?3 AND "
            "last_scan = ?2 AND fixed_scan IS NULL",
            "UPDATE site_pages SET scan_id = (SELECT COALESCE(MAX(id), 0) FROM site_scans "
            "WHERE COALESCE(site_id, 0) = ?1 AND id < ?2) WHERE site_id = ?1 AND url = ?3 AND "
            "scan_id = ?2"}) {
        for (const std::string& url : urls) {
          Stmt up(&stmts_, sql);
          up.Bind(1, static_cast<long long>(site_id_)).Bind(2, scan_id_).Bind(3, url);
          if (up.Step() != SQLITE_DONE) return Error("准备复查页面");
        }
      }
      return Status::Ok();
    });
  }

  Result<SavedFrontier> LoadFrontier() override {
    std::lock_guard lock(mu_);
    SavedFrontier out;
    if (!resumed_) return out;
    std::map<std::string, size_t> index;  // url -> out.urls
    int rc;
    {
      Stmt q(&stmts_,
             "SELECT url, depth, done, has_result, role, outcome, status, error, detail "
             "FROM site_scan_frontier WHERE scan_id = ?");
      q.Bind(1, scan_id_);
      while ((rc = q.Step()) == SQLITE_ROW) {
        FrontierEntry e;
        e.url = q.Text(0);
        e.depth = static_cast<int>(q.Int(1));
        e.done = q.Int(2) != 0;
        e.has_result = q.Int(3) != 0;
        e.role = static_cast<int>(q.Int(4));
        e.outcome = static_cast<int>(q.Int(5));
        e.status = static_cast<int>(q.Int(6));
        e.error = static_cast<int>(q.Int(7));
        e.detail = q.Text(8);
        index[e.url] = out.urls.size();
        out.urls.push_back(std::move(e));
      }
      if (rc != SQLITE_DONE) return Error("读取抓取队列");
    }
    // A page recorded is settled even when the batch saying so was lost (the process was
    // killed after the page's commit).
    {
      Stmt q(&stmts_, "SELECT url FROM site_pages WHERE scan_id = ?");
      q.Bind(1, scan_id_);
      while ((rc = q.Step()) == SQLITE_ROW) {
        std::string url = q.Text(0);
        auto it = index.find(url);
        if (it == index.end()) {
          FrontierEntry e;
          e.url = url;
          it = index.emplace(url, out.urls.size()).first;
          out.urls.push_back(std::move(e));
        }
        out.urls[it->second].done = true;
      }
      if (rc != SQLITE_DONE) return Error("读取页面记录");
    }
    // The links of the pages recorded; a target not in the frontier (its batch was lost) is
    // queued one hop below its page.
    {
      Stmt q(
          &stmts_,
          "SELECT page_url, target, byte_offset, line, col FROM site_links WHERE site_id = ? AND "
          "page_url IN (SELECT url FROM site_pages WHERE scan_id = ?) ORDER BY page_url, seq");
      q.Bind(1, static_cast<long long>(site_id_)).Bind(2, scan_id_);
      while ((rc = q.Step()) == SQLITE_ROW) {
        SavedFrontier::Link l;
        l.page = q.Text(0);
        l.link = {q.Text(1), static_cast<size_t>(q.Int(2)), static_cast<size_t>(q.Int(3)),
                  static_cast<size_t>(q.Int(4))};
        if (!index.count(l.link.target)) {
          FrontierEntry e;
          e.url = l.link.target;
          auto page = index.find(l.page);
          e.depth = (page == index.end() ? 0 : out.urls[page->second].depth) + 1;
          index[e.url] = out.urls.size();
          out.urls.push_back(std::move(e));
        }
        out.links.push_back(std::move(l));
      }
      if (rc != SQLITE_DONE) return Error("读取页面链接");
    }
    return out;
  }

  Status ResumeScan(int64_t scan_id) override {
    std::lock_guard lock(mu_);
    if (scan_lock_ < 0) {
      if (Status st = LockForScan(); !st.ok()) return st;
    }
    Stmt up(&stmts_,
            "UPDATE site_scans SET state = 'running', counted = 0, resumed_at = ? WHERE id = ? AND "
            "state IN "
            "('paused', 'interrupted', 'running') AND COALESCE(site_id, 0) = ?");
    up.Bind(1, static_cast<long long>(clock_->Now())).Bind(2, static_cast<long long>(scan_id));
    up.Bind(3, static_cast<long long>(site_id_));
    if (up.Step() != SQLITE_DONE) return Error("继续扫描");
    if (sqlite3_changes(db_) != 1) {
      return Status::Conflict("扫描 " + std::to_string(scan_id) +
                              " 不是本网站暂停或中断的扫描，无法继续");
    }
    scan_id_ = scan_id;
    read_scan_id_ = scan_id_;
    if (Status st = NoteValidators(); !st.ok()) return st;
    if (Status st = NoteOpenFindings(); !st.ok()) return st;
    resumed_ = true;
    return Status::Ok();
  }

  int64_t scan_id() const override { return scan_id_; }

  Status MarkInterrupted() override {
    std::lock_guard lock(mu_);
    if (scan_lock_ >= 0) return Status::Unavailable(path_ + "：此连接正在扫描");
    int fd = ::open(LockPath().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Status::PermissionDenied(LockPath() + "：无法创建扫描锁文件");
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return Status::Unavailable(path_ + "：另一次扫描正在使用此数据库");
    }
    Stmt stale(&stmts_, "UPDATE site_scans SET state = 'interrupted' WHERE state = 'running'");
    Status st = stale.Step() == SQLITE_DONE ? Status::Ok() : Error("标记中断的扫描");
    ::close(fd);  // releases the flock
    return st;
  }

  Status EndScan(ScanState state) override {
    std::lock_guard lock(mu_);
    Stmt up(&stmts_, "UPDATE site_scans SET state = ? WHERE id = ?");
    up.Bind(1, std::string(ToString(state))).Bind(2, scan_id_);
    if (up.Step() != SQLITE_DONE) return Error("结束扫描");
    if (Status st = SaveCounts(); !st.ok()) return st;
    // Only a paused or interrupted scan continues: the frontier of another is of no use.
    if (state != ScanState::kPaused && state != ScanState::kInterrupted) {
      Stmt drop(&stmts_, "DELETE FROM site_scan_frontier WHERE scan_id = ?");
      drop.Bind(1, scan_id_);
      if (drop.Step() != SQLITE_DONE) return Error("结束扫描");
    }
    return Status::Ok();
  }

  Result<std::vector<ScanRecord>> Scans(size_t limit) override {
    std::lock_guard lock(mu_);
    Stmt q(&stmts_,
           "SELECT id, seeds, started_at, COALESCE(finished_at, 0), state FROM site_scans "
           "ORDER BY id DESC LIMIT ?");
    q.Bind(1, static_cast<long long>(limit));
    std::vector<ScanRecord> out;
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) {
      out.push_back({q.Int(0), q.Text(1), q.Int(2), q.Int(3),
                     ParseScanState(q.Text(4)).value_or(ScanState::kInterrupted)});
    }
    if (rc != SQLITE_DONE) return Error("读取扫描记录");
    return out;
  }

  Result<std::optional<PageRecord>> GetPage(const std::string& url) override {
    return Read([&](StmtCache* stmts, sqlite3* db) -> Result<std::optional<PageRecord>> {
      Stmt q(stmts,
             "SELECT etag, last_modified, content_hash, images FROM site_pages "
             "WHERE site_id = ? AND url = ? AND scan_id < ?");
      q.Bind(1, static_cast<long long>(site_id_)).Bind(2, url).Bind(3, read_scan_id_.load());
      int rc = q.Step();
      if (rc == SQLITE_DONE) return std::optional<PageRecord>();
      if (rc != SQLITE_ROW) return Error("读取页面记录", db);
      PageRecord r;
      r.etag = q.Text(0);
      r.last_modified = q.Text(1);
      r.content_hash = q.Text(2);
      r.images = SplitLines(q.Text(3));
      Stmt l(stmts,
             "SELECT target, byte_offset, line, col FROM site_links WHERE site_id = ? AND "
             "page_url = ? ORDER BY seq");
      l.Bind(1, static_cast<long long>(site_id_)).Bind(2, url);
      while ((rc = l.Step()) == SQLITE_ROW) {
        r.links.push_back({l.Text(0), static_cast<size_t>(l.Int(1)), static_cast<size_t>(l.Int(2)),
                           static_cast<size_t>(l.Int(3))});
      }
      if (rc != SQLITE_DONE) return Error("读取页面链接", db);
      return std::optional<PageRecord>(std::move(r));
    });
  }

  Result<Validators> GetValidators(const std::string& url) override {
    if (!validated_pages_.load()) return Validators{};
    return Read([&](StmtCache* stmts, sqlite3* db) -> Result<Validators> {
      Stmt q(stmts,
             "SELECT etag, last_modified FROM site_pages WHERE site_id = ? AND url = ? AND "
             "scan_id < ?");
      q.Bind(1, static_cast<long long>(site_id_)).Bind(2, url).Bind(3, read_scan_id_.load());
      int rc = q.Step();
      if (rc == SQLITE_DONE) return Validators{};
      if (rc != SQLITE_ROW) return Error("读取页面记录", db);
      return Validators{q.Text(0), q.Text(1)};
    });
  }

  Result<bool> SameBody(const std::string& url, const std::string& hash) override {
    if (hash.empty() || !hashed_pages_.load()) return false;
    return Read([&](StmtCache* stmts, sqlite3* db) -> Result<bool> {
      Stmt q(stmts,
             "SELECT content_hash = ? FROM site_pages WHERE site_id = ? AND url = ? AND "
             "scan_id < ?");
      q.Bind(1, hash).Bind(2, static_cast<long long>(site_id_)).Bind(3, url);
      q.Bind(4, read_scan_id_.load());
      int rc = q.Step();
      if (rc == SQLITE_DONE) return false;
      if (rc != SQLITE_ROW) return Error("读取页面记录", db);
      return q.Int(0) != 0;
    });
  }

  Result<std::vector<StoredFinding>> OpenFindings(const std::string& source) override {
    return Read([&](StmtCache* stmts, sqlite3* db) -> Result<std::vector<StoredFinding>> {
      std::string sql = std::string("SELECT identity, ") + kFindingColumns + ", " + kPlaceColumns +
                        " FROM site_findings WHERE site_id = ? AND source = ? AND fixed_scan IS "
                        "NULL ORDER BY byte_offset, identity";
      Stmt q(stmts, sql.c_str());
      q.Bind(1, static_cast<long long>(site_id_)).Bind(2, source);
      std::vector<StoredFinding> out;
      int rc;
      while ((rc = q.Step()) == SQLITE_ROW) {
        out.push_back({q.Text(0), ReadFinding(q, 1)});
        ReadPlace(q, 16, out.back().finding);
      }
      if (rc != SQLITE_DONE) return Error("读取问题记录", db);
      return out;
    });
  }

  Result<std::vector<RecordedFinding>> CommitPage(
      const std::string& source, const PageRecord* page,
      const std::vector<scanner::Finding>& findings) override {
    std::lock_guard lock(mu_);
    Result<std::vector<RecordedFinding>> r = std::vector<RecordedFinding>();
    Status st = InWriteTransaction([&] {
      r = CommitPageLocked(source, page, findings);
      return r.status();
    });
    if (!st.ok()) return st;
    return r;
  }

  Result<std::vector<std::vector<RecordedFinding>>> CommitPages(
      const std::vector<PageCommit>& pages) override {
    std::lock_guard lock(mu_);
    std::vector<std::vector<RecordedFinding>> out;
    Status st = InWriteTransaction([&] { return CommitPagesLocked(pages, out); });
    if (!st.ok()) return st;
    return out;
  }

  Status MarkGone(const std::string& url) override {
    Result<std::vector<RecordedFinding>> r = CommitPage(url, &kGone, {});
    return r.ok() ? Status::Ok() : r.status();
  }

  Result<size_t> FinishScan(
      const std::function<void(std::vector<scanner::Finding>&)>& fixed) override {
    std::lock_guard lock(mu_);
    Result<size_t> n = size_t{0};
    Status st = InWriteTransaction([&] {
      n = FinishScanLocked(fixed);
      return n.status();
    });
    if (!st.ok()) return st;
    return n;
  }

 private:
  SqliteSiteStore() = default;
  static const PageRecord kGone;

  Status Fail(const Status& st) const {
    if (st.message().rfind(path_ + "：", 0) == 0) return st;
    return Status::Make(st.code(), path_ + "：" + st.message());
  }

  // `db`: the connection that failed; nullptr for the writer's.
  Status Error(const std::string& what, sqlite3* db = nullptr) const {
    if (db == nullptr) db = db_;
    int code = sqlite3_extended_errcode(db) & 0xff;
    std::string msg = path_ + "：" + what + "失败：" + sqlite3_errmsg(db);
    if (code == SQLITE_NOTADB) {
      return Status::InvalidInput(path_ + "：不是 SQLite 数据库文件（" + sqlite3_errmsg(db) +
                                  "），请换一个 --db 文件");
    }
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Status::Unavailable(msg);
    if (code == SQLITE_READONLY || code == SQLITE_PERM || code == SQLITE_CANTOPEN)
      return Status::PermissionDenied(msg);
    return Status::Internal(msg);
  }

  // `read(stmts, db)` on the read connection, or on the writer's when there is none.
  template <typename F>
  std::invoke_result_t<F&, StmtCache*, sqlite3*> Read(F read) {
    if (read_db_ != nullptr) {
      std::lock_guard lock(read_mu_);
      return read(&read_stmts_, read_db_);
    }
    std::lock_guard lock(mu_);
    return read(&stmts_, db_);
  }

  // Whether any page an earlier scan of the site recorded has a validator, and whether any
  // has a content hash; GetValidators and SameBody read nothing while none has (a first scan,
  // a database from before pages had hashes). Pages this scan records do not count (GetPage's
  // scan_id <), so the answers hold for the whole scan. Under mu_, at the scan's start.
  Status NoteValidators() {
    Stmt q(&stmts_,
           "SELECT EXISTS(SELECT 1 FROM site_pages WHERE site_id = ?1 AND scan_id < ?2 AND "
           "(etag <> '' OR last_modified <> '')), EXISTS(SELECT 1 FROM site_pages WHERE "
           "site_id = ?1 AND scan_id < ?2 AND content_hash <> '')");
    q.Bind(1, static_cast<long long>(site_id_)).Bind(2, scan_id_);
    if (!q.Row()) return Error("开始扫描");
    validated_pages_ = q.Int(0) != 0;
    hashed_pages_ = q.Int(1) != 0;
    return Status::Ok();
  }

  // Whether any finding of the site was open as the scan began (PageRows reads nothing for a
  // page while none was). Under mu_, at the scan's start.
  Status NoteOpenFindings() {
    Stmt q(&stmts_,
           "SELECT EXISTS(SELECT 1 FROM site_findings WHERE site_id = ? AND last_scan < ? AND "
           "fixed_scan IS NULL)");
    q.Bind(1, static_cast<long long>(site_id_)).Bind(2, scan_id_);
    if (!q.Row()) return Error("开始扫描");
    open_before_scan_ = q.Int(0) != 0;
    return Status::Ok();
  }

  Status Exec(const char* sql) {
    if (sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == SQLITE_OK) return Status::Ok();
    return Error("数据库操作");
  }

  // `body` in one write transaction: committed when it returns Ok, else rolled back.
  Status InWriteTransaction(const std::function<Status()>& body) {
    if (Status st = Exec("BEGIN IMMEDIATE"); !st.ok()) return st;
    Status st = body();
    if (st.ok()) st = Exec("COMMIT");
    if (!st.ok()) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return st;
  }

  // Each page's recorded findings appended to `out`, in order; inside a transaction.
  Status CommitPagesLocked(const std::vector<PageCommit>& pages,
                           std::vector<std::vector<RecordedFinding>>& out) {
    for (const PageCommit& p : pages) {
      Result<std::vector<RecordedFinding>> r = CommitPageLocked(p.source, p.page, p.findings);
      if (!r.ok()) return r.status();
      out.push_back(std::move(*r));
    }
    return Status::Ok();
  }

  // The batch with one entry a URL, as the upserts below would leave its row: most URLs of a
  // batch come twice (queued, then settled a moment later), and each upsert is a b-tree write.
  static std::vector<FrontierEntry> Coalesced(const std::vector<FrontierEntry>& batch) {
    std::vector<FrontierEntry> out;
    out.reserve(batch.size());
    std::unordered_map<std::string_view, size_t> at;  // url -> out; views of batch's urls
    at.reserve(batch.size());
    for (const FrontierEntry& e : batch) {
      auto [it, fresh] = at.emplace(e.url, out.size());
      if (fresh) {
        out.push_back(e);
        continue;
      }
      FrontierEntry& m = out[it->second];  // its depth stays the first's, as the row's does
      m.done = m.done || e.done;
      if (e.has_result) {
        m.has_result = true;
        m.role = e.role;
        m.outcome = e.outcome;
        m.status = e.status;
        m.error = e.error;
        m.detail = e.detail;
      }
    }
    return out;
  }

  Status SaveFrontierLocked(const std::vector<FrontierEntry>& batch) {
    if (batch.empty()) return Status::Ok();
    Stmt ins(&stmts_,
             "INSERT INTO site_scan_frontier(scan_id, url, depth, done, has_result, role, "
             "outcome, status, error, detail) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
             "ON CONFLICT(scan_id, url) DO UPDATE SET done = MAX(done, excluded.done), "
             "has_result = MAX(has_result, excluded.has_result), "
             "role = CASE WHEN excluded.has_result THEN excluded.role ELSE role END, "
             "outcome = CASE WHEN excluded.has_result THEN excluded.outcome ELSE outcome END, "
             "status = CASE WHEN excluded.has_result THEN excluded.status ELSE status END, "
             "error = CASE WHEN excluded.has_result THEN excluded.error ELSE error END, "
             "detail = CASE WHEN excluded.has_result THEN excluded.detail ELSE detail END");
    for (const FrontierEntry& e : Coalesced(batch)) {
      ins.Reset();
      ins.Bind(1, scan_id_).Bind(2, e.url).Bind(3, static_cast<long long>(e.depth));
      ins.Bind(4, static_cast<long long>(e.done)).Bind(5, static_cast<long long>(e.has_result));
      ins.Bind(6, static_cast<long long>(e.role)).Bind(7, static_cast<long long>(e.outcome));
      ins.Bind(8, static_cast<long long>(e.status)).Bind(9, static_cast<long long>(e.error));
      ins.Bind(10, e.detail);
      if (ins.Step() != SQLITE_DONE) return Error("保存抓取队列");
    }
    return Status::Ok();
  }

  Result<std::vector<RecordedFinding>> CommitPageLocked(
      const std::string& source, const PageRecord* page,
      const std::vector<scanner::Finding>& findings) {
    if (page != nullptr) {
      Stmt up(&stmts_,
              "INSERT INTO site_pages(url, etag, last_modified, scan_id, site_id, content_hash, "
              "images) VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(site_id, url) DO UPDATE SET "
              "etag = excluded.etag, last_modified = excluded.last_modified, "
              "scan_id = excluded.scan_id, content_hash = excluded.content_hash, "
              "images = excluded.images");
      up.Bind(1, source).Bind(2, page->etag).Bind(3, page->last_modified).Bind(4, scan_id_);
      up.Bind(5, static_cast<long long>(site_id_));
      up.Bind(6, page->content_hash).Bind(7, JoinLines(page->images));
      if (up.Step() != SQLITE_DONE) return Error("写入页面记录");
      Stmt del(&stmts_, "DELETE FROM site_links WHERE site_id = ? AND page_url = ?");
      del.Bind(1, static_cast<long long>(site_id_)).Bind(2, source);
      if (del.Step() != SQLITE_DONE) return Error("写入页面链接");
      if (!page->body.empty()) {
        const std::string deflated =
            page->deflated_body.empty() ? DeflateBody(page->body) : page->deflated_body;
        Stmt body(&stmts_,
                  "INSERT INTO site_page_bodies(url, charset, size, body, scan_id, site_id) "
                  "VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(site_id, url) DO UPDATE SET charset = "
                  "excluded.charset, size = excluded.size, body = excluded.body, "
                  "scan_id = excluded.scan_id");
        body.Bind(1, source).Bind(2, page->charset);
        body.Bind(3, static_cast<long long>(page->body.size()));
        body.BindBlob(4, deflated).Bind(5, scan_id_).Bind(6, static_cast<long long>(site_id_));
        if (deflated.empty() || body.Step() != SQLITE_DONE) return Error("写入页面正文");
      }
      long long seq = 0;
      for (const StoredLink& l : page->links) {
        Stmt ins(&stmts_,
                 "INSERT INTO site_links(page_url, seq, target, byte_offset, line, col, site_id) "
                 "VALUES(?, ?, ?, ?, ?, ?, ?)");
        ins.Bind(1, source).Bind(2, seq++).Bind(3, l.target);
        ins.Bind(4, static_cast<long long>(l.offset)).Bind(5, static_cast<long long>(l.line));
        ins.Bind(6, static_cast<long long>(l.column)).Bind(7, static_cast<long long>(site_id_));
        if (ins.Step() != SQLITE_DONE) return Error("写入页面链接");
      }
    }
    // Pass 1: the identity from rule, text and sentence. Pass 2: a finding not found that way
    // takes the identity of an open one of the same rule and text that this scan has not seen
    // (its sentence was edited, e.g. another finding in it fixed), in offset order.
    std::vector<RecordedFinding> out(findings.size());
    if (findings.empty()) return out;
    std::vector<std::string> text_keys(findings.size());
    std::vector<bool> matched(findings.size(), false);
    Result<std::vector<PageRow>> rows = PageRows(source);
    if (!rows.ok()) return rows.status();
    std::unordered_set<std::string_view> row_ids;  // views of rows' identities
    for (const PageRow& r : *rows) row_ids.insert(r.identity);
    std::map<std::string, int> next_occurrence;  // context key -> occurrences so far
    std::set<std::string> taken;                 // identities given in this batch
    for (size_t i = 0; i < findings.size(); ++i) {
      const scanner::Finding& f = findings[i];
      text_keys[i] = TextKey(f);
      std::string ck = ContextKey(f);
      auto it = next_occurrence.find(ck);
      if (it == next_occurrence.end()) {
        int earlier = 0;
        if (resumed_) {
          // Rows of this scan from before its pause are no earlier batch of this page: the
          // page is being checked again, and its findings take the same identities.
          auto r = resumed_occurrences_.find(source + '\n' + ck);
          if (r != resumed_occurrences_.end()) earlier = r->second;
        } else if (findings_written_.count(SourceKey(source)) == 0) {
          // No earlier batch of this scan wrote findings of this page: nothing to count (most
          // pages; the query below cost one index seek per finding).
        } else {
          // Earlier batches of this page in this scan (link findings come after the page's).
          // The identities "KEY-0", "KEY-1"... lie between "KEY-" and "KEY." in the primary
          // key; `+last_scan` keeps SQLite off the (site_id, last_scan) index, which would
          // read every finding of the site this scan has recorded so far, for every page.
          Stmt c(&stmts_,
                 "SELECT COUNT(*) FROM site_findings WHERE site_id = ?1 AND source = ?2 AND "
                 "identity > ?4 || '-' AND identity < ?4 || '.' AND +last_scan = ?3");
          c.Bind(1, static_cast<long long>(site_id_)).Bind(2, source).Bind(3, scan_id_).Bind(4, ck);
          if (!c.Row()) return Error("读取问题记录");
          earlier = static_cast<int>(c.Int(0));
        }
        it = next_occurrence.emplace(ck, earlier).first;
      }
      std::string id = Identity(ck, it->second++);
      if (resumed_) resumed_occurrences_[source + '\n' + ck] = it->second;
      out[i].identity = id;
      if (row_ids.count(id)) {
        out[i].status = scanner::ScanStatus::kStill;
        matched[i] = true;
      }
      taken.insert(id);
    }
    for (size_t i = 0; i < findings.size(); ++i) {
      if (matched[i]) continue;
      // The open rows of earlier scans, in offset order (PageRows' order).
      for (const PageRow& r : *rows) {
        if (!r.earlier || r.text_key != text_keys[i] || !taken.insert(r.identity).second) continue;
        out[i].identity = r.identity;
        out[i].status = scanner::ScanStatus::kStill;
        break;
      }
    }
    for (size_t i = 0; i < findings.size(); ++i) {
      if (Status st = Upsert(findings[i], out[i].identity, text_keys[i]); !st.ok()) return st;
    }
    // Kept also when the transaction rolls back: a key too many only costs the query.
    if (!findings.empty()) findings_written_.insert(SourceKey(source));
    return out;
  }

  // A row of the page that a finding recorded now is "still" by: open before this scan
  // (`earlier`: pass 2 may also take its identity), or recorded by this scan and found by an
  // earlier one (a continued scan finding again what its part before the pause recorded).
  struct PageRow {
    std::string identity;
    std::string text_key;
    bool earlier = false;
  };

  // The page's rows a finding can be "still" by, in offset order: one read a page instead of
  // one a finding and another for each finding not matched by identity. Both kinds have
  // fixed_scan NULL (a row this scan records is open), so the page's open rows
  // (site_findings_open; `+last_scan` keeps SQLite off the (site_id, last_scan) index, which
  // holds every earlier finding of the site) hold them all. None to read when no finding of the
  // site was open as the scan began and no batch of this scan wrote findings of the page: a first
  // scan.
  Result<std::vector<PageRow>> PageRows(const std::string& source) {
    std::vector<PageRow> out;
    if (!resumed_ && !open_before_scan_ && findings_written_.count(SourceKey(source)) == 0)
      return out;
    Stmt q(&stmts_,
           "SELECT identity, text_key, fixed_scan IS NULL AND last_scan < ?1 FROM site_findings "
           "WHERE site_id = ?2 AND source = ?3 AND fixed_scan IS NULL AND (+last_scan < ?1 OR "
           "(+last_scan = ?1 AND first_scan < ?1)) ORDER BY byte_offset, identity");
    q.Bind(1, scan_id_).Bind(2, static_cast<long long>(site_id_)).Bind(3, source);
    int rc;
    while ((rc = q.Step()) == SQLITE_ROW) out.push_back({q.Text(0), q.Text(1), q.Int(2) != 0});
    if (rc != SQLITE_DONE) return Error("读取问题记录");
    return out;
  }

  Status Upsert(const scanner::Finding& f, const std::string& id, const std::string& text_key) {
    std::string sql = std::string("INSERT INTO site_findings(identity, text_key, ") +
                      kFindingColumns + ", first_scan, last_scan, fixed_scan, site_id, " +
                      kPlaceColumns +
                      ") VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,?,?,?,?,?,?) "
                      "ON CONFLICT(site_id, source, identity) DO UPDATE SET "
                      "page=excluded.page, sheet=excluded.sheet, cell=excluded.cell, "
                      "box=excluded.box, ocr=excluded.ocr, "
                      "text_key=excluded.text_key, byte_offset=excluded.byte_offset, "
                      "length=excluded.length, line=excluded.line, col=excluded.col, "
                      "end_line=excluded.end_line, end_col=excluded.end_col, "
                      "message=excluded.message, text=excluded.text, "
                      "suggestion=excluded.suggestion, context=excluded.context, "
                      "severity=excluded.severity, last_scan=excluded.last_scan, "
                      "first_scan=CASE WHEN site_findings.fixed_scan IS NULL THEN "
                      "site_findings.first_scan ELSE excluded.first_scan END, fixed_scan=NULL";
    Stmt ins(&stmts_, sql.c_str());
    ins.Bind(1, id).Bind(2, text_key).Bind(3, f.source).Bind(4, f.rule);
    ins.Bind(5, std::string(scanner::ToString(f.category)));
    ins.Bind(6, std::string(scanner::ToString(f.severity)));
    ins.Bind(7, f.message).Bind(8, f.text).Bind(9, f.suggestion);
    ins.Bind(10, static_cast<long long>(f.offset)).Bind(11, static_cast<long long>(f.length));
    ins.Bind(12, static_cast<long long>(f.line)).Bind(13, static_cast<long long>(f.column));
    ins.Bind(14, static_cast<long long>(f.end_line));
    ins.Bind(15, static_cast<long long>(f.end_column));
    ins.Bind(16, f.context).Bind(17, f.rule_file).Bind(18, scan_id_).Bind(19, scan_id_);
    ins.Bind(20, static_cast<long long>(site_id_));
    ins.Bind(21, static_cast<long long>(f.page)).Bind(22, f.sheet).Bind(23, f.cell);
    ins.Bind(24, BoxText(f)).Bind(25, static_cast<long long>(f.ocr ? 1 : 0));
    if (ins.Step() != SQLITE_DONE) return Error("写入问题记录");
    return Status::Ok();
  }

  Result<size_t> FinishScanLocked(
      const std::function<void(std::vector<scanner::Finding>&)>& fixed) {
    // Page by page of this scan, each by its open findings (site_findings_open); `+last_scan`
    // keeps SQLite off the (site_id, last_scan) index, which holds every earlier finding of
    // the site: a scan's end would cost the size of the site's whole history.
    constexpr const char* kFixedWhere =
        " FROM site_findings WHERE site_id = ?2 AND fixed_scan IS NULL AND +last_scan < ?1 AND "
        "source IN (SELECT url FROM site_pages WHERE scan_id = ?1)";
    size_t n = 0;
    {
      // One page's findings at a time: the fixed list of a big site is not held in memory.
      std::string sql = std::string("SELECT ") + kFindingColumns + ", " + kPlaceColumns +
                        kFixedWhere + " ORDER BY source, byte_offset";
      Stmt q(&stmts_, sql.c_str());
      q.Bind(1, scan_id_).Bind(2, static_cast<long long>(site_id_));
      std::vector<scanner::Finding> page;
      auto flush = [&] {
        if (!page.empty() && fixed) fixed(page);
        page.clear();
      };
      int rc;
      while ((rc = q.Step()) == SQLITE_ROW) {
        scanner::Finding f = ReadFinding(q, 0);
        ReadPlace(q, 15, f);
        if (!page.empty() && page.front().source != f.source) flush();
        page.push_back(std::move(f));
        ++n;
      }
      if (rc != SQLITE_DONE) return Error("读取已修复的问题");
      flush();
    }
    std::string sql =
        std::string("UPDATE site_findings SET fixed_scan = ?1 WHERE rowid IN (SELECT rowid") +
        kFixedWhere + ")";
    Stmt fix(&stmts_, sql.c_str());
    fix.Bind(1, scan_id_).Bind(2, static_cast<long long>(site_id_));
    if (fix.Step() != SQLITE_DONE) return Error("更新问题记录");
    Stmt fin(&stmts_, "UPDATE site_scans SET finished_at = ?, state = 'finished' WHERE id = ?");
    fin.Bind(1, static_cast<long long>(clock_->Now())).Bind(2, scan_id_);
    if (fin.Step() != SQLITE_DONE) return Error("结束扫描");
    if (Status st = SaveCounts(); !st.ok()) return st;
    Stmt drop(&stmts_, "DELETE FROM site_scan_frontier WHERE scan_id = ?");
    drop.Bind(1, scan_id_);
    if (drop.Step() != SQLITE_DONE) return Error("结束扫描");
    return n;
  }

  // What the scan found, counted as it ends (migration 12): no later scan has moved its rows
  // on yet, so "still" is what it recorded that an earlier scan had found.
  Status SaveCounts() {
    Stmt up(&stmts_,
            "UPDATE site_scans SET counted = 1, "
            "new_count = (SELECT count(*) FROM site_findings WHERE first_scan = ?1), "
            "fixed_count = (SELECT count(*) FROM site_findings WHERE fixed_scan = ?1), "
            "still_count = (SELECT count(*) FROM site_findings WHERE site_id = ?2 AND "
            "last_scan = ?1 AND first_scan < ?1) WHERE id = ?1");
    up.Bind(1, scan_id_).Bind(2, static_cast<long long>(site_id_));
    if (up.Step() != SQLITE_DONE) return Error("统计扫描结果");
    return Status::Ok();
  }

  // The crawl store before numbered migrations left its tables aside (store/schema.cc); their
  // scans, pages, links and findings move into the site tables once, in one transaction.
  Status ImportUnversioned() {
    {
      Stmt q(&stmts_, "SELECT 1 FROM sqlite_master WHERE name = 'unversioned_crawl_findings'");
      if (!q.Row()) return Status::Ok();
    }
    // The old crawl store's scans were whole-database ones (site 0), whoever opens it now.
    const int64_t site = site_id_;
    site_id_ = 0;
    Status st = InWriteTransaction([&] { return ImportUnversionedLocked(); });
    site_id_ = site;
    return st;
  }

  Status ImportUnversionedLocked() {
    if (Status st = Exec("INSERT INTO site_scans(id, seeds, started_at, finished_at) "
                         "SELECT id, COALESCE(seeds, ''), COALESCE(started, 0), finished "
                         "FROM unversioned_crawl_scans");
        !st.ok())
      return st;
    {
      // Links were one tab-separated blob per page: target, offset, line, column per line.
      Stmt q(&stmts_,
             "SELECT url, COALESCE(etag, ''), COALESCE(last_modified, ''), COALESCE(links, ''), "
             "COALESCE(scan, 0) FROM unversioned_crawl_pages");
      int rc;
      while ((rc = q.Step()) == SQLITE_ROW) {
        PageRecord page;
        page.etag = q.Text(1);
        page.last_modified = q.Text(2);
        std::string blob = q.Text(3);
        for (size_t start = 0; start < blob.size();) {
          size_t end = blob.find('\n', start);
          if (end == std::string::npos) end = blob.size();
          std::string line = blob.substr(start, end - start);
          start = end + 1;
          size_t t1 = line.find('\t'), t2 = line.find('\t', t1 + 1), t3 = line.find('\t', t2 + 1);
          if (t1 == std::string::npos || t2 == std::string::npos || t3 == std::string::npos)
            continue;
          StoredLink l;
          l.target = line.substr(0, t1);
          l.offset = std::strtoull(line.c_str() + t1 + 1, nullptr, 10);
          l.line = std::strtoull(line.c_str() + t2 + 1, nullptr, 10);
          l.column = std::strtoull(line.c_str() + t3 + 1, nullptr, 10);
          page.links.push_back(std::move(l));
        }
        long long saved = scan_id_;
        scan_id_ = q.Int(4);
        Result<std::vector<RecordedFinding>> r = CommitPageLocked(q.Text(0), &page, {});
        scan_id_ = saved;
        if (!r.ok()) return r.status();
      }
      if (rc != SQLITE_DONE) return Error("导入旧版页面记录");
    }
    {
      std::string sql = std::string("SELECT ") + kFindingColumns +
                        ", first_scan, last_scan, fixed_scan FROM unversioned_crawl_findings "
                        "ORDER BY source, fixed_scan IS NOT NULL, offset";
      // The old table named the column offset.
      std::string old_sql = sql;
      old_sql.replace(old_sql.find("byte_offset"), 11, "offset");
      Stmt q(&stmts_, old_sql.c_str());
      std::map<std::pair<std::string, std::string>, int> occurrence;
      int rc;
      while ((rc = q.Step()) == SQLITE_ROW) {
        scanner::Finding f = ReadFinding(q, 0);
        std::string ck = ContextKey(f);
        std::string id = Identity(ck, occurrence[{f.source, ck}]++);
        // Open rows come first, so an old fixed row never displaces an open one.
        Stmt ins(&stmts_, (std::string("INSERT OR IGNORE INTO site_findings(identity, text_key, ") +
                           kFindingColumns +
                           ", first_scan, last_scan, fixed_scan, site_id) "
                           "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0)")
                              .c_str());
        ins.Bind(1, id).Bind(2, TextKey(f)).Bind(3, f.source).Bind(4, f.rule);
        ins.Bind(5, std::string(scanner::ToString(f.category)));
        ins.Bind(6, std::string(scanner::ToString(f.severity)));
        ins.Bind(7, f.message).Bind(8, f.text).Bind(9, f.suggestion);
        ins.Bind(10, static_cast<long long>(f.offset)).Bind(11, static_cast<long long>(f.length));
        ins.Bind(12, static_cast<long long>(f.line)).Bind(13, static_cast<long long>(f.column));
        ins.Bind(14, static_cast<long long>(f.end_line));
        ins.Bind(15, static_cast<long long>(f.end_column));
        ins.Bind(16, f.context).Bind(17, f.rule_file).Bind(18, q.Int(15)).Bind(19, q.Int(16));
        if (q.Null(17)) {
          ins.BindNull(20);
        } else {
          ins.Bind(20, q.Int(17));
        }
        if (ins.Step() != SQLITE_DONE) return Error("导入旧版问题记录");
      }
      if (rc != SQLITE_DONE) return Error("导入旧版问题记录");
    }
    return Exec(
        "DROP TABLE unversioned_crawl_findings; DROP TABLE unversioned_crawl_pages; "
        "DROP TABLE unversioned_crawl_scans");
  }

  // Two crawls of the same pages would each take the other's for unvisited, so a scan holds
  // a lock for as long as this store lives: flock, not an SQLite lock, since it ends with the
  // process however it ends. On "<db>-scans.lock", never on the database file itself: closing
  // any descriptor of that file drops every POSIX lock the process holds on it, SQLite's own
  // included, and then another process's connection (cuomin crawl --db, cuomin user add, a
  // backup) finds no other user at its close, checkpoints and deletes the WAL this process
  // still writes to: the database is corrupt and what was written after is lost.
  // A whole-database scan (cuomin crawl) holds the lock file exclusively; a site's scan (the
  // server's) holds it shared, so that other sites' scans run beside it, and holds its site's
  // byte of it (an open-file-description lock, which two scans in one process see too, unlike
  // a POSIX record lock).
  Status LockForScan() {
    int fd = ::open(LockPath().c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) return Status::PermissionDenied(LockPath() + "：无法创建扫描锁文件");
    if (::flock(fd, (site_id_ == 0 ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0) {
      ::close(fd);
      return Status::Unavailable(path_ + "：另一次扫描（cuomin crawl）正在使用此数据库");
    }
    if (site_id_ != 0) {
      struct flock byte = {};
      byte.l_type = F_WRLCK;
      byte.l_whence = SEEK_SET;
      byte.l_start = static_cast<off_t>(site_id_);
      byte.l_len = 1;
      if (::fcntl(fd, F_OFD_SETLK, &byte) != 0) {
        ::close(fd);
        return Status::Conflict("网站（编号 " + std::to_string(site_id_) +
                                "）正在由另一次扫描使用（本进程或另一个 cuomin serve "
                                "进程），请等它结束后再试");
      }
    }
    scan_lock_ = fd;
    return Status::Ok();
  }

  std::string LockPath() const { return path_ + "-scans.lock"; }

  std::mutex mu_;
  sqlite3* db_ = nullptr;
  StmtCache stmts_;  // of db_, used under mu_
  std::mutex read_mu_;
  sqlite3* read_db_ = nullptr;               // read-only; nullptr when it could not be opened
  StmtCache read_stmts_;                     // of read_db_, used under read_mu_
  std::atomic<long long> read_scan_id_{0};   // scan_id_, for reads outside mu_
  std::atomic<bool> validated_pages_{true};  // NoteValidators
  std::atomic<bool> hashed_pages_{true};     // NoteValidators
  bool open_before_scan_ = true;             // NoteOpenFindings; under mu_
  std::string path_;
  int64_t site_id_ = 0;  // the site whose scans this store runs; 0: the whole database
  // A scan continued after its pause: how many findings of each (page, context key) it has
  // recorded since, as the rows of the scan in the database also hold those of before.
  bool resumed_ = false;
  std::map<std::string, int> resumed_occurrences_;
  // Pages (SourceKey: hashed with the scan) whose findings a batch of a scan that was not
  // continued wrote: only these can have rows of the scan already. 8 bytes a page.
  std::unordered_set<uint64_t> findings_written_;
  uint64_t SourceKey(const std::string& source) const {
    return std::hash<std::string>{}(source) ^
           (static_cast<uint64_t>(scan_id_) * 0x9e3779b97f4a7c15ULL);
  }
  const Clock* clock_ = nullptr;
  long long scan_id_ = 0;
  int scan_lock_ = -1;  // flock on the database file while a scan runs
};

const PageRecord SqliteSiteStore::kGone{};

constexpr std::string_view kScanStates[] = {"running", "finished", "interrupted", "cancelled",
                                            "paused"};

}  // namespace

Result<std::unique_ptr<SiteStore>> OpenSqliteSiteStore(const std::string& path, const Clock* clock,
                                                       int64_t site_id) {
  return SqliteSiteStore::Open(path, clock, site_id);
}

std::string_view ToString(ScanState s) { return kScanStates[static_cast<size_t>(s)]; }

std::optional<ScanState> ParseScanState(std::string_view s) {
  for (size_t i = 0; i < std::size(kScanStates); ++i) {
    if (kScanStates[i] == s) return static_cast<ScanState>(i);
  }
  return std::nullopt;
}

}  // namespace cuomin::store
