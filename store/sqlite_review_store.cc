// ReviewStore on SQLite: one writer connection under a mutex (BEGIN IMMEDIATE), a small pool
// of read-only connections beside it (WAL), prepared statements cached per connection.
#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <variant>

#include "store/review_store.h"
#include "store/schema.h"
#include "store/sqlite_ledger_tx.h"
#include "store/stmt_cache.h"

namespace cuomin::store {

std::string_view ToString(Role r) {
  switch (r) {
    case Role::kEditor:
      return "editor";
    case Role::kReviewer1:
      return "reviewer1";
    case Role::kReviewer2:
      return "reviewer2";
    case Role::kReviewer3:
      return "reviewer3";
    case Role::kAdmin:
      return "admin";
  }
  return "editor";
}

std::optional<Role> ParseRole(std::string_view s) {
  for (Role r :
       {Role::kEditor, Role::kReviewer1, Role::kReviewer2, Role::kReviewer3, Role::kAdmin}) {
    if (ToString(r) == s) return r;
  }
  return std::nullopt;
}

std::string_view ChineseName(Role r) {
  switch (r) {
    case Role::kEditor:
      return "编辑";
    case Role::kReviewer1:
      return "初审人";
    case Role::kReviewer2:
      return "复审人";
    case Role::kReviewer3:
      return "终审人";
    case Role::kAdmin:
      return "管理员";
  }
  return "编辑";
}

std::string_view ToString(Stage s) {
  switch (s) {
    case Stage::kDraft:
      return "draft";
    case Stage::kReview1:
      return "review1";
    case Stage::kReview2:
      return "review2";
    case Stage::kReview3:
      return "review3";
    case Stage::kApproved:
      return "approved";
    case Stage::kPublished:
      return "published";
  }
  return "draft";
}

std::optional<Stage> ParseStage(std::string_view s) {
  for (Stage st : {Stage::kDraft, Stage::kReview1, Stage::kReview2, Stage::kReview3,
                   Stage::kApproved, Stage::kPublished}) {
    if (ToString(st) == s) return st;
  }
  return std::nullopt;
}

std::string_view ChineseName(Stage s) {
  switch (s) {
    case Stage::kDraft:
      return "草稿";
    case Stage::kReview1:
      return "初审";
    case Stage::kReview2:
      return "复审";
    case Stage::kReview3:
      return "终审";
    case Stage::kApproved:
      return "可发布";
    case Stage::kPublished:
      return "已发布";
  }
  return "草稿";
}

std::string_view ToString(IssueStatus s) {
  switch (s) {
    case IssueStatus::kOpen:
      return "open";
    case IssueStatus::kAccepted:
      return "accepted";
    case IssueStatus::kDeferred:
      return "deferred";
    case IssueStatus::kFixed:
      return "fixed";
  }
  return "open";
}

std::optional<IssueStatus> ParseIssueStatus(std::string_view s) {
  for (IssueStatus st :
       {IssueStatus::kOpen, IssueStatus::kAccepted, IssueStatus::kDeferred, IssueStatus::kFixed}) {
    if (ToString(st) == s) return st;
  }
  return std::nullopt;
}

namespace {

// One prepared statement in use: binds left to right, resets when it goes out of scope.
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  ~Stmt() {
    if (s_ != nullptr) {
      sqlite3_reset(s_);
      sqlite3_clear_bindings(s_);
    }
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& Bind(int64_t v) {
    sqlite3_bind_int64(s_, ++n_, v);
    return *this;
  }
  Stmt& Bind(int v) { return Bind(static_cast<int64_t>(v)); }
  Stmt& Bind(bool v) { return Bind(static_cast<int64_t>(v ? 1 : 0)); }
  Stmt& Bind(std::string_view v) {
    sqlite3_bind_text(s_, ++n_, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(const std::string& v) { return Bind(std::string_view(v)); }
  Stmt& Bind(const char* v) { return Bind(std::string_view(v)); }
  // A NULL for a zero id (optional foreign keys).
  Stmt& BindId(int64_t v) {
    if (v == 0) {
      sqlite3_bind_null(s_, ++n_);
      return *this;
    }
    return Bind(v);
  }

  int Step() { return sqlite3_step(s_); }
  int64_t Int(int col) const { return sqlite3_column_int64(s_, col); }
  std::string Text(int col) const {
    const unsigned char* t = sqlite3_column_text(s_, col);
    int n = sqlite3_column_bytes(s_, col);
    return t == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(t), n);
  }

 private:
  sqlite3_stmt* s_;
  int n_ = 0;
};

Status SqlError(sqlite3* db, int rc, std::string_view what) {
  std::string msg = "数据库错误（" + std::string(what) + "）：" + sqlite3_errmsg(db);
  if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return Status::Unavailable(msg);
  if (rc == SQLITE_CONSTRAINT) return Status::Conflict(msg);
  return Status::Internal(msg);
}

// One connection and its statements.
class Connection {
 public:
  ~Connection() {
    for (auto& [sql, s] : stmts_) sqlite3_finalize(s);
    ledger_stmts_.Clear();
    sqlite3_close(db_);
  }
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool read_only) {
    auto c = std::unique_ptr<Connection>(new Connection());
    int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    flags |= SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &c->db_, flags, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = path + ": 无法打开数据库：" +
                        (c->db_ != nullptr ? sqlite3_errmsg(c->db_) : sqlite3_errstr(rc));
      return Status::Unavailable(msg);
    }
    c->ledger_stmts_.Attach(c->db_);
    sqlite3_busy_timeout(c->db_, 5000);
    Status s = c->Exec("PRAGMA foreign_keys = ON");
    if (!s.ok()) return Status::Internal(path + ": " + s.message());
    return c;
  }

  sqlite3* db() const { return db_; }
  StmtCache* ledger_stmts() { return &ledger_stmts_; }

  Status Exec(const char* sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err != nullptr ? err : sqlite3_errstr(rc);
      sqlite3_free(err);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) return Status::Unavailable("数据库忙：" + msg);
      return Status::Internal("数据库错误：" + msg);
    }
    return Status::Ok();
  }

  // A cached statement for `sql`; nullptr (and the error in *status) when it does not compile.
  sqlite3_stmt* Prepare(const std::string& sql, Status* status) {
    auto it = stmts_.find(sql);
    if (it != stmts_.end()) return it->second;
    sqlite3_stmt* s = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr);
    if (rc != SQLITE_OK) {
      *status = SqlError(db_, rc, "prepare");
      return nullptr;
    }
    stmts_.emplace(sql, s);
    return s;
  }

 private:
  Connection() = default;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> stmts_;
  StmtCache ledger_stmts_;  // the ledger's, which may nest uses of one SQL text
};

#define PREPARE(var, sql)                                           \
  Status prep_status_##var;                                         \
  sqlite3_stmt* raw_##var = c_->Prepare((sql), &prep_status_##var); \
  if (raw_##var == nullptr) return prep_status_##var;               \
  Stmt var(raw_##var)

constexpr char kDraftColumns[] =
    "id, unit_id, editor_id, title, stage, current_version, returned, return_comment, "
    "IFNULL(returned_by, 0), returned_at, open_critical, open_major, open_minor, open_info, "
    "created_at, updated_at";
constexpr char kFindingColumns[] =
    "id, draft_id, unit_id, version_id, issue_id, current, rule, category, severity, status, "
    "message, suggestion, text, context, start_pos, end_pos, line, col";
constexpr char kIssueColumns[] =
    "id, draft_id, rule, text, context, severity, category, status, reason, "
    "IFNULL(decided_by, 0), decided_at, allow_list, first_version, fixed_in_version";
constexpr char kUserColumns[] =
    "id, username, display_name, unit_id, role, password_hash, disabled, created_at";
constexpr char kAuditColumns[] = "seq, at, user, action, object, detail, address, prev_hash, hash";

Draft ReadDraft(const Stmt& s) {
  Draft d;
  d.id = s.Int(0);
  d.unit_id = s.Int(1);
  d.editor_id = s.Int(2);
  d.title = s.Text(3);
  d.stage = ParseStage(s.Text(4)).value_or(Stage::kDraft);
  d.current_version = static_cast<int>(s.Int(5));
  d.returned = s.Int(6) != 0;
  d.return_comment = s.Text(7);
  d.returned_by = s.Int(8);
  d.returned_at = s.Text(9);
  d.open = {s.Int(10), s.Int(11), s.Int(12), s.Int(13)};
  d.created_at = s.Text(14);
  d.updated_at = s.Text(15);
  return d;
}

FindingRow ReadFinding(const Stmt& s) {
  FindingRow f;
  f.id = s.Int(0);
  f.draft_id = s.Int(1);
  f.unit_id = s.Int(2);
  f.version_id = s.Int(3);
  f.issue_id = s.Int(4);
  f.current = s.Int(5) != 0;
  f.rule = s.Text(6);
  f.category = static_cast<int>(s.Int(7));
  f.severity = static_cast<int>(s.Int(8));
  f.status = ParseIssueStatus(s.Text(9)).value_or(IssueStatus::kOpen);
  f.message = s.Text(10);
  f.suggestion = s.Text(11);
  f.text = s.Text(12);
  f.context = s.Text(13);
  f.start = s.Int(14);
  f.end = s.Int(15);
  f.line = s.Int(16);
  f.column = s.Int(17);
  return f;
}

Issue ReadIssue(const Stmt& s) {
  Issue i;
  i.id = s.Int(0);
  i.draft_id = s.Int(1);
  i.rule = s.Text(2);
  i.text = s.Text(3);
  i.context = s.Text(4);
  i.severity = static_cast<int>(s.Int(5));
  i.category = static_cast<int>(s.Int(6));
  i.status = ParseIssueStatus(s.Text(7)).value_or(IssueStatus::kOpen);
  i.reason = s.Text(8);
  i.decided_by = s.Int(9);
  i.decided_at = s.Text(10);
  i.allow_list = s.Int(11) != 0;
  i.first_version = static_cast<int>(s.Int(12));
  i.fixed_in_version = static_cast<int>(s.Int(13));
  return i;
}

User ReadUser(const Stmt& s) {
  User u;
  u.id = s.Int(0);
  u.username = s.Text(1);
  u.display_name = s.Text(2);
  u.unit_id = s.Int(3);
  u.role = ParseRole(s.Text(4)).value_or(Role::kEditor);
  u.password_hash = s.Text(5);
  u.disabled = s.Int(6) != 0;
  u.created_at = s.Text(7);
  return u;
}

AuditEntry ReadAudit(const Stmt& s) {
  AuditEntry e;
  e.seq = s.Int(0);
  e.at = s.Text(1);
  e.user = s.Text(2);
  e.action = s.Text(3);
  e.object = s.Text(4);
  e.detail = s.Text(5);
  e.address = s.Text(6);
  e.prev_hash = s.Text(7);
  e.hash = s.Text(8);
  return e;
}

std::string Placeholders(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += i == 0 ? "?" : ",?";
  return s;
}

// Totals of paged lists are memoised per query until the next committed write: a dashboard
// asks for the same counts over and over, and counting 200,000 rows on every page view would
// cost more than the page itself.
class CountCache {
 public:
  std::optional<int64_t> Get(const std::string& key, uint64_t generation) {
    std::lock_guard<std::mutex> lock(mu_);
    if (generation != generation_) {
      counts_.clear();
      generation_ = generation;
      return std::nullopt;
    }
    auto it = counts_.find(key);
    if (it == counts_.end()) return std::nullopt;
    return it->second;
  }
  void Put(const std::string& key, uint64_t generation, int64_t count) {
    std::lock_guard<std::mutex> lock(mu_);
    if (generation != generation_) return;
    if (counts_.size() > 10000) counts_.clear();
    counts_[key] = count;
  }

 private:
  std::mutex mu_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, int64_t> counts_;
};

class SqliteTx : public ReviewTx {
 public:
  SqliteTx(Connection* c, bool writable, CountCache* counts, LedgerMemo* ledger_memo,
           uint64_t generation)
      : c_(c),
        writable_(writable),
        counts_(counts),
        ledger_memo_(ledger_memo),
        generation_(generation) {}

  Result<int64_t> InsertUnit(const Unit& u) override {
    PREPARE(s, "INSERT INTO units (name, oversees_all) VALUES (?, ?)");
    s.Bind(u.name).Bind(u.oversees_all);
    return Insert(s, "单位“" + u.name + "”");
  }
  Result<Unit> GetUnit(int64_t id) override {
    PREPARE(s, "SELECT id, name, oversees_all FROM units WHERE id = ?");
    s.Bind(id);
    return OneUnit(s, "单位 " + std::to_string(id));
  }
  Result<Unit> FindUnitByName(const std::string& name) override {
    PREPARE(s, "SELECT id, name, oversees_all FROM units WHERE name = ?");
    s.Bind(name);
    return OneUnit(s, "单位“" + name + "”");
  }
  Result<std::vector<Unit>> ListUnits() override {
    PREPARE(s, "SELECT id, name, oversees_all FROM units ORDER BY oversees_all DESC, id");
    std::vector<Unit> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back({s.Int(0), s.Text(1), s.Int(2) != 0});
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "units");
    return out;
  }

  Result<int64_t> InsertUser(const User& u) override {
    PREPARE(s,
            "INSERT INTO users (username, display_name, unit_id, role, password_hash, disabled, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.Bind(u.username)
        .Bind(u.display_name)
        .Bind(u.unit_id)
        .Bind(ToString(u.role))
        .Bind(u.password_hash)
        .Bind(u.disabled)
        .Bind(u.created_at);
    return Insert(s, "用户“" + u.username + "”");
  }
  Result<User> GetUser(int64_t id) override {
    PREPARE(s, std::string("SELECT ") + kUserColumns + " FROM users WHERE id = ?");
    s.Bind(id);
    return OneUser(s, "用户 " + std::to_string(id));
  }
  Result<User> FindUserByName(const std::string& username) override {
    PREPARE(s, std::string("SELECT ") + kUserColumns + " FROM users WHERE username = ?");
    s.Bind(username);
    return OneUser(s, "用户“" + username + "”");
  }
  Result<std::vector<User>> ListUsers() override {
    PREPARE(s, std::string("SELECT ") + kUserColumns + " FROM users ORDER BY unit_id, id");
    std::vector<User> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadUser(s));
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "users");
    return out;
  }
  Status UpdateUser(const User& u) override {
    PREPARE(s,
            "UPDATE users SET display_name = ?, unit_id = ?, role = ?, password_hash = ?, "
            "disabled = ? WHERE id = ?");
    s.Bind(u.display_name)
        .Bind(u.unit_id)
        .Bind(ToString(u.role))
        .Bind(u.password_hash)
        .Bind(u.disabled)
        .Bind(u.id);
    return Done(s, "update user");
  }

  Result<int64_t> InsertToken(const ApiToken& t) override {
    PREPARE(s,
            "INSERT INTO api_tokens (unit_id, name, token_hash, created_at, revoked) "
            "VALUES (?, ?, ?, ?, ?)");
    s.Bind(t.unit_id).Bind(t.name).Bind(t.token_hash).Bind(t.created_at).Bind(t.revoked);
    return Insert(s, "令牌");
  }
  Result<ApiToken> FindTokenByHash(const std::string& hash) override {
    PREPARE(s,
            "SELECT id, unit_id, name, token_hash, created_at, revoked FROM api_tokens "
            "WHERE token_hash = ?");
    s.Bind(hash);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return Status::NotFound("令牌不存在");
    if (rc != SQLITE_ROW) return SqlError(c_->db(), rc, "token");
    return ApiToken{s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Int(5) != 0};
  }
  Result<std::vector<ApiToken>> ListTokens() override {
    PREPARE(s,
            "SELECT id, unit_id, name, token_hash, created_at, revoked FROM api_tokens "
            "ORDER BY id");
    std::vector<ApiToken> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      out.push_back({s.Int(0), s.Int(1), s.Text(2), s.Text(3), s.Text(4), s.Int(5) != 0});
    }
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "tokens");
    return out;
  }
  Status RevokeToken(int64_t id) override {
    PREPARE(s, "UPDATE api_tokens SET revoked = 1 WHERE id = ?");
    s.Bind(id);
    return Done(s, "revoke token");
  }

  Result<int64_t> InsertDraft(const Draft& d) override {
    PREPARE(s,
            "INSERT INTO drafts (unit_id, editor_id, title, stage, current_version, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    s.Bind(d.unit_id)
        .Bind(d.editor_id)
        .Bind(d.title)
        .Bind(ToString(d.stage))
        .Bind(d.current_version)
        .Bind(d.created_at)
        .Bind(d.updated_at);
    return Insert(s, "稿件");
  }
  Result<Draft> GetDraft(int64_t id) override {
    PREPARE(s, std::string("SELECT ") + kDraftColumns + " FROM drafts WHERE id = ?");
    s.Bind(id);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return Status::NotFound("稿件 " + std::to_string(id) + " 不存在");
    if (rc != SQLITE_ROW) return SqlError(c_->db(), rc, "draft");
    return ReadDraft(s);
  }
  Status UpdateDraft(const Draft& d) override {
    PREPARE(s,
            "UPDATE drafts SET title = ?, stage = ?, current_version = ?, returned = ?, "
            "return_comment = ?, returned_by = ?, returned_at = ?, open_critical = ?, "
            "open_major = ?, open_minor = ?, open_info = ?, updated_at = ? WHERE id = ?");
    s.Bind(d.title)
        .Bind(ToString(d.stage))
        .Bind(d.current_version)
        .Bind(d.returned)
        .Bind(d.return_comment)
        .BindId(d.returned_by)
        .Bind(d.returned_at)
        .Bind(d.open.critical)
        .Bind(d.open.major)
        .Bind(d.open.minor)
        .Bind(d.open.info)
        .Bind(d.updated_at)
        .Bind(d.id);
    return Done(s, "update draft");
  }
  Result<Page<Draft>> ListDrafts(const DraftFilter& f) override {
    std::string where = " WHERE 1";
    std::vector<std::variant<int64_t, std::string>> args;
    if (!f.unit_ids.empty()) {
      where += " AND unit_id IN (" + Placeholders(f.unit_ids.size()) + ")";
      for (int64_t u : f.unit_ids) args.emplace_back(u);
    }
    std::vector<Stage> stages = f.stages;
    if (f.stage) stages = {*f.stage};
    if (!stages.empty()) {
      where += " AND stage IN (" + Placeholders(stages.size()) + ")";
      for (Stage st : stages) args.emplace_back(std::string(ToString(st)));
    }
    if (f.editor_id != 0) {
      where += " AND editor_id = ?";
      args.emplace_back(f.editor_id);
    }
    if (f.returned) where += *f.returned ? " AND returned = 1" : " AND returned = 0";
    if (f.severity) {
      static constexpr const char* kOpenColumn[] = {"open_info", "open_minor", "open_major",
                                                    "open_critical"};
      if (*f.severity < 0 || *f.severity > 3) return Status::InvalidInput("无效的严重程度");
      where += std::string(" AND ") + kOpenColumn[*f.severity] + " > 0";
    }
    if (f.category) {
      where +=
          " AND EXISTS (SELECT 1 FROM findings f WHERE f.draft_id = drafts.id AND f.current = 1"
          " AND f.status = 'open' AND f.category = ?)";
      args.emplace_back(static_cast<int64_t>(*f.category));
    }
    if (!f.title_contains.empty()) {
      where += " AND instr(title, ?) > 0";
      args.emplace_back(f.title_contains);
    }
    Page<Draft> page;
    Result<int64_t> total = CountRows("SELECT count(*) FROM drafts" + where, args);
    if (!total.ok()) return total.status();
    page.total = *total;
    PREPARE(s, std::string("SELECT ") + kDraftColumns + " FROM drafts" + where +
                   " ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?");
    BindAll(s, args);
    s.Bind(f.limit).Bind(f.offset);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) page.items.push_back(ReadDraft(s));
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "drafts");
    return page;
  }
  Status RecountOpen(int64_t draft_id) override {
    PREPARE(s,
            "UPDATE drafts SET "
            "open_critical = (SELECT count(*) FROM findings WHERE draft_id = ?1 AND current = 1 "
            "AND status = 'open' AND severity = 3), "
            "open_major = (SELECT count(*) FROM findings WHERE draft_id = ?1 AND current = 1 "
            "AND status = 'open' AND severity = 2), "
            "open_minor = (SELECT count(*) FROM findings WHERE draft_id = ?1 AND current = 1 "
            "AND status = 'open' AND severity = 1), "
            "open_info = (SELECT count(*) FROM findings WHERE draft_id = ?1 AND current = 1 "
            "AND status = 'open' AND severity = 0) WHERE id = ?1");
    s.Bind(draft_id);
    return Done(s, "recount");
  }

  Result<int64_t> InsertVersion(const Version& v) override {
    PREPARE(s,
            "INSERT INTO versions (draft_id, number, author_id, format, filename, source_url, "
            "text, finding_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.Bind(v.draft_id)
        .Bind(v.number)
        .Bind(v.author_id)
        .Bind(v.format)
        .Bind(v.filename)
        .Bind(v.source_url)
        .Bind(v.text)
        .Bind(v.finding_count)
        .Bind(v.created_at);
    return Insert(s, "版本");
  }
  Result<Version> GetVersion(int64_t draft_id, int number) override {
    PREPARE(s,
            "SELECT id, draft_id, number, author_id, format, filename, source_url, text, "
            "finding_count, created_at FROM versions WHERE draft_id = ? AND number = ?");
    s.Bind(draft_id).Bind(number);
    int rc = s.Step();
    if (rc == SQLITE_DONE) {
      return Status::NotFound("稿件 " + std::to_string(draft_id) + " 没有第 " +
                              std::to_string(number) + " 版");
    }
    if (rc != SQLITE_ROW) return SqlError(c_->db(), rc, "version");
    return Version{s.Int(0),  s.Int(1),  static_cast<int>(s.Int(2)),
                   s.Int(3),  s.Text(4), s.Text(5),
                   s.Text(6), s.Text(7), s.Int(8),
                   s.Text(9)};
  }
  Result<std::vector<Version>> ListVersions(int64_t draft_id) override {
    PREPARE(s,
            "SELECT id, draft_id, number, author_id, format, filename, source_url, "
            "finding_count, created_at FROM versions WHERE draft_id = ? ORDER BY number");
    s.Bind(draft_id);
    std::vector<Version> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      out.push_back(Version{s.Int(0), s.Int(1), static_cast<int>(s.Int(2)), s.Int(3), s.Text(4),
                            s.Text(5), s.Text(6), "", s.Int(7), s.Text(8)});
    }
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "versions");
    return out;
  }

  Result<int64_t> InsertIssue(const Issue& i) override {
    PREPARE(s,
            "INSERT INTO issues (draft_id, rule, text, context, severity, category, status, "
            "reason, decided_by, decided_at, allow_list, first_version, fixed_in_version) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.Bind(i.draft_id)
        .Bind(i.rule)
        .Bind(i.text)
        .Bind(i.context)
        .Bind(i.severity)
        .Bind(i.category)
        .Bind(ToString(i.status))
        .Bind(i.reason)
        .BindId(i.decided_by)
        .Bind(i.decided_at)
        .Bind(i.allow_list)
        .Bind(i.first_version)
        .Bind(i.fixed_in_version);
    return Insert(s, "问题");
  }
  Result<Issue> GetIssue(int64_t id) override {
    PREPARE(s, std::string("SELECT ") + kIssueColumns + " FROM issues WHERE id = ?");
    s.Bind(id);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return Status::NotFound("问题 " + std::to_string(id) + " 不存在");
    if (rc != SQLITE_ROW) return SqlError(c_->db(), rc, "issue");
    return ReadIssue(s);
  }
  Result<std::vector<Issue>> ListIssues(int64_t draft_id) override {
    PREPARE(s,
            std::string("SELECT ") + kIssueColumns + " FROM issues WHERE draft_id = ? ORDER BY id");
    s.Bind(draft_id);
    std::vector<Issue> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(ReadIssue(s));
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "issues");
    return out;
  }
  Status UpdateIssue(const Issue& i) override {
    {
      PREPARE(s,
              "UPDATE issues SET context = ?, status = ?, reason = ?, decided_by = ?, "
              "decided_at = ?, allow_list = ?, fixed_in_version = ? WHERE id = ?");
      s.Bind(i.context)
          .Bind(ToString(i.status))
          .Bind(i.reason)
          .BindId(i.decided_by)
          .Bind(i.decided_at)
          .Bind(i.allow_list)
          .Bind(i.fixed_in_version)
          .Bind(i.id);
      Status st = Done(s, "update issue");
      if (!st.ok()) return st;
    }
    PREPARE(f, "UPDATE findings SET status = ? WHERE issue_id = ?");
    f.Bind(ToString(i.status)).Bind(i.id);
    return Done(f, "update findings");
  }
  Result<int64_t> InsertDecision(const Decision& d) override {
    PREPARE(s,
            "INSERT INTO decisions (issue_id, status, reason, user_id, at) VALUES (?, ?, ?, ?, ?)");
    s.Bind(d.issue_id).Bind(ToString(d.status)).Bind(d.reason).Bind(d.user_id).Bind(d.at);
    return Insert(s, "决定");
  }
  Result<std::vector<Decision>> ListDecisions(int64_t draft_id) override {
    PREPARE(s,
            "SELECT d.id, d.issue_id, d.status, d.reason, d.user_id, d.at FROM decisions d "
            "JOIN issues i ON i.id = d.issue_id WHERE i.draft_id = ? ORDER BY d.id");
    s.Bind(draft_id);
    std::vector<Decision> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      out.push_back({s.Int(0), s.Int(1), ParseIssueStatus(s.Text(2)).value_or(IssueStatus::kOpen),
                     s.Text(3), s.Int(4), s.Text(5)});
    }
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "decisions");
    return out;
  }

  Result<int64_t> InsertFinding(const FindingRow& f) override {
    PREPARE(s,
            "INSERT INTO findings (draft_id, unit_id, version_id, issue_id, current, rule, "
            "category, severity, status, message, suggestion, text, context, start_pos, end_pos, "
            "line, col) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.Bind(f.draft_id)
        .Bind(f.unit_id)
        .Bind(f.version_id)
        .Bind(f.issue_id)
        .Bind(f.current)
        .Bind(f.rule)
        .Bind(f.category)
        .Bind(f.severity)
        .Bind(ToString(f.status))
        .Bind(f.message)
        .Bind(f.suggestion)
        .Bind(f.text)
        .Bind(f.context)
        .Bind(f.start)
        .Bind(f.end)
        .Bind(f.line)
        .Bind(f.column);
    return Insert(s, "发现");
  }
  Result<FindingRow> GetFinding(int64_t id) override {
    PREPARE(s, std::string("SELECT ") + kFindingColumns + " FROM findings WHERE id = ?");
    s.Bind(id);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return Status::NotFound("问题 " + std::to_string(id) + " 不存在");
    if (rc != SQLITE_ROW) return SqlError(c_->db(), rc, "finding");
    return ReadFinding(s);
  }
  Status MarkFindingsNotCurrent(int64_t draft_id) override {
    PREPARE(s, "UPDATE findings SET current = 0 WHERE draft_id = ? AND current = 1");
    s.Bind(draft_id);
    return Done(s, "findings");
  }
  using Args = std::vector<std::variant<int64_t, std::string>>;
  // The list's filters after a WHERE clause. `stage_clause` tests the draft's stage: the
  // findings table reaches it through drafts, finding_counts holds it.
  static void AppendFindingFilter(const FindingFilter& f, const char* stage_clause,
                                  std::string& where, Args& args) {
    if (!f.unit_ids.empty()) {
      where += " AND unit_id IN (" + Placeholders(f.unit_ids.size()) + ")";
      for (int64_t u : f.unit_ids) args.emplace_back(u);
    }
    if (f.stage) {
      where += stage_clause;
      args.emplace_back(std::string(ToString(*f.stage)));
    }
    if (f.severity) {
      where += " AND severity = ?";
      args.emplace_back(static_cast<int64_t>(*f.severity));
    }
    if (f.category) {
      where += " AND category = ?";
      args.emplace_back(static_cast<int64_t>(*f.category));
    }
    if (f.status) {
      where += " AND status = ?";
      args.emplace_back(std::string(ToString(*f.status)));
    }
  }
  // The total of a list of current findings, from the counts the triggers of migration 7 keep.
  Result<int64_t> CountCurrentFindings(const FindingFilter& f) {
    std::string where = " WHERE 1";
    Args args;
    AppendFindingFilter(f, " AND stage = ?", where, args);
    return CountRows("SELECT coalesce(sum(n), 0) FROM finding_counts" + where, args);
  }
  Result<Page<FindingRow>> ListFindings(const FindingFilter& f) override {
    std::string from = " FROM findings";
    std::string where;
    Args args;
    if (f.version_id != 0) {
      where = " WHERE version_id = ?";
      args.emplace_back(f.version_id);
    } else {
      where = " WHERE current = 1";
    }
    AppendFindingFilter(f, " AND draft_id IN (SELECT id FROM drafts WHERE stage = ?)", where, args);
    Page<FindingRow> page;
    Result<int64_t> total = f.version_id != 0 ? CountRows("SELECT count(*)" + from + where, args)
                                              : CountCurrentFindings(f);
    if (!total.ok()) return total.status();
    page.total = *total;
    std::string order =
        f.version_id != 0 ? " ORDER BY start_pos, id" : " ORDER BY draft_id DESC, start_pos, id";
    PREPARE(s,
            std::string("SELECT ") + kFindingColumns + from + where + order + " LIMIT ? OFFSET ?");
    BindAll(s, args);
    s.Bind(f.limit).Bind(f.offset);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) page.items.push_back(ReadFinding(s));
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "findings");
    return page;
  }
  Result<std::vector<Count>> CountFindings(int64_t version_id) override {
    PREPARE(s,
            "SELECT 'severity', severity, count(*) FROM findings WHERE version_id = ?1 "
            "GROUP BY severity UNION ALL "
            "SELECT 'category', category, count(*) FROM findings WHERE version_id = ?1 "
            "GROUP BY category UNION ALL "
            "SELECT 'status', CASE status WHEN 'open' THEN 0 WHEN 'accepted' THEN 1 "
            "WHEN 'deferred' THEN 2 ELSE 3 END, count(*) FROM findings WHERE version_id = ?1 "
            "GROUP BY status");
    s.Bind(version_id);
    std::vector<Count> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back({s.Text(0), s.Int(1), s.Int(2)});
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "counts");
    return out;
  }

  Status InsertSession(const SessionRow& r) override {
    PREPARE(s,
            "INSERT INTO sessions (id_hash, csrf_token, user_id, created, last_seen) "
            "VALUES (?, ?, ?, ?, ?)");
    s.Bind(r.id_hash).Bind(r.csrf_token).Bind(r.user_id).Bind(r.created).Bind(r.last_seen);
    return Done(s, "insert session");
  }
  Result<SessionRow> FindSession(const std::string& id_hash) override {
    PREPARE(s,
            "SELECT id_hash, csrf_token, user_id, created, last_seen FROM sessions "
            "WHERE id_hash = ?");
    s.Bind(id_hash);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return Status::NotFound("会话不存在");
    if (rc != SQLITE_ROW) return SqlError(c_->db(), rc, "session");
    return SessionRow{s.Text(0), s.Text(1), s.Int(2), s.Int(3), s.Int(4)};
  }
  Status TouchSession(const std::string& id_hash, int64_t last_seen) override {
    PREPARE(s, "UPDATE sessions SET last_seen = max(last_seen, ?) WHERE id_hash = ?");
    s.Bind(last_seen).Bind(id_hash);
    return Done(s, "touch session");
  }
  Status DeleteSession(const std::string& id_hash) override {
    PREPARE(s, "DELETE FROM sessions WHERE id_hash = ?");
    s.Bind(id_hash);
    return Done(s, "delete session");
  }
  Status DeleteUserSessions(int64_t user_id) override {
    PREPARE(s, "DELETE FROM sessions WHERE user_id = ?");
    s.Bind(user_id);
    return Done(s, "delete sessions");
  }
  Status DeleteExpiredSessions(int64_t idle_before, int64_t created_before) override {
    PREPARE(s, "DELETE FROM sessions WHERE last_seen < ? OR created < ?");
    s.Bind(idle_before).Bind(created_before);
    return Done(s, "expire sessions");
  }

  Result<Stats> Statistics(const StatsFilter& f) override {
    std::string units;
    if (!f.unit_ids.empty()) units = " AND d.unit_id IN (" + Placeholders(f.unit_ids.size()) + ")";
    Stats out;
    // Publication is the last change a draft takes (a published draft is closed to versions,
    // signatures and decisions), so its updated_at is when it was published.
    PREPARE(d,
            "SELECT d.unit_id, sum(d.created_at >= ?1 AND d.created_at < ?2), "
            "sum(d.stage = 'published' AND d.updated_at >= ?1 AND d.updated_at < ?2) "
            "FROM drafts d WHERE ((d.created_at >= ?1 AND d.created_at < ?2) OR "
            "(d.stage = 'published' AND d.updated_at >= ?1 AND d.updated_at < ?2))" +
                units + " GROUP BY d.unit_id ORDER BY d.unit_id");
    d.Bind(f.from).Bind(f.to);
    for (int64_t u : f.unit_ids) d.Bind(u);
    int rc;
    while ((rc = d.Step()) == SQLITE_ROW) out.drafts.push_back({d.Int(0), d.Int(1), d.Int(2)});
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "statistics");
    // A problem belongs to the period in which the version that first had it was made.
    PREPARE(i,
            "SELECT d.unit_id, i.category, i.severity, i.rule, i.status, count(*) "
            "FROM issues i JOIN drafts d ON d.id = i.draft_id "
            "JOIN versions v ON v.draft_id = i.draft_id AND v.number = i.first_version "
            "WHERE v.created_at >= ?1 AND v.created_at < ?2" +
                units + " GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5");
    i.Bind(f.from).Bind(f.to);
    for (int64_t u : f.unit_ids) i.Bind(u);
    while ((rc = i.Step()) == SQLITE_ROW) {
      out.issues.push_back({i.Int(0), static_cast<int>(i.Int(1)), static_cast<int>(i.Int(2)),
                            i.Text(3), ParseIssueStatus(i.Text(4)).value_or(IssueStatus::kOpen),
                            i.Int(5)});
    }
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "statistics");
    return out;
  }

  Result<int64_t> InsertSignature(const Signature& g) override {
    PREPARE(s,
            "INSERT INTO signatures (draft_id, user_id, stage, version, at, voided) "
            "VALUES (?, ?, ?, ?, ?, ?)");
    s.Bind(g.draft_id)
        .Bind(g.user_id)
        .Bind(ToString(g.stage))
        .Bind(g.version)
        .Bind(g.at)
        .Bind(g.voided);
    return Insert(s, "签署");
  }
  Result<std::vector<Signature>> ListSignatures(int64_t draft_id) override {
    PREPARE(s,
            "SELECT id, draft_id, user_id, stage, version, at, voided FROM signatures "
            "WHERE draft_id = ? ORDER BY id");
    s.Bind(draft_id);
    std::vector<Signature> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      out.push_back({s.Int(0), s.Int(1), s.Int(2), ParseStage(s.Text(3)).value_or(Stage::kDraft),
                     static_cast<int>(s.Int(4)), s.Text(5), s.Int(6) != 0});
    }
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "signatures");
    return out;
  }
  Status VoidSignatures(int64_t draft_id) override {
    PREPARE(s, "UPDATE signatures SET voided = 1 WHERE draft_id = ? AND voided = 0");
    s.Bind(draft_id);
    return Done(s, "void signatures");
  }

  Result<int64_t> InsertComment(const Comment& cm) override {
    PREPARE(s,
            "INSERT INTO comments (draft_id, user_id, finding_id, issue_id, text, at) "
            "VALUES (?, ?, ?, ?, ?, ?)");
    s.Bind(cm.draft_id)
        .Bind(cm.user_id)
        .BindId(cm.finding_id)
        .BindId(cm.issue_id)
        .Bind(cm.text)
        .Bind(cm.at);
    return Insert(s, "评论");
  }
  Result<std::vector<Comment>> ListComments(int64_t draft_id) override {
    PREPARE(s,
            "SELECT id, draft_id, user_id, IFNULL(finding_id, 0), IFNULL(issue_id, 0), text, at "
            "FROM comments WHERE draft_id = ? ORDER BY id");
    s.Bind(draft_id);
    std::vector<Comment> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      out.push_back({s.Int(0), s.Int(1), s.Int(2), s.Int(3), s.Int(4), s.Text(5), s.Text(6)});
    }
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "comments");
    return out;
  }

  Status AddAllowed(int64_t unit_id, const std::string& rule, const std::string& text) override {
    PREPARE(s, "INSERT OR IGNORE INTO allow_list (unit_id, rule, text) VALUES (?, ?, ?)");
    s.Bind(unit_id).Bind(rule).Bind(text);
    return Done(s, "allow list");
  }
  Result<std::vector<Allowed>> ListAllowed(int64_t unit_id) override {
    PREPARE(s, "SELECT rule, text FROM allow_list WHERE unit_id = ?");
    s.Bind(unit_id);
    std::vector<Allowed> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back({s.Text(0), s.Text(1)});
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "allow list");
    return out;
  }

  Result<AuditEntry> LastAudit() override {
    PREPARE(s,
            std::string("SELECT ") + kAuditColumns + " FROM audit_log ORDER BY seq DESC LIMIT 1");
    int rc = s.Step();
    if (rc == SQLITE_DONE) return AuditEntry{};
    if (rc != SQLITE_ROW) return SqlError(c_->db(), rc, "audit");
    return ReadAudit(s);
  }
  Status AppendAudit(const AuditEntry& e) override {
    PREPARE(s,
            "INSERT INTO audit_log (seq, at, user, action, object, detail, address, prev_hash, "
            "hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s.Bind(e.seq)
        .Bind(e.at)
        .Bind(e.user)
        .Bind(e.action)
        .Bind(e.object)
        .Bind(e.detail)
        .Bind(e.address)
        .Bind(e.prev_hash)
        .Bind(e.hash);
    return Done(s, "audit");
  }
  Result<Page<AuditEntry>> ListAudit(const AuditFilter& f) override {
    std::string where = " WHERE 1";
    std::vector<std::variant<int64_t, std::string>> args;
    if (!f.user.empty()) {
      where += " AND user = ?";
      args.emplace_back(f.user);
    }
    if (!f.action.empty()) {
      where += " AND action = ?";
      args.emplace_back(f.action);
    }
    Page<AuditEntry> page;
    Result<int64_t> total = CountRows("SELECT count(*) FROM audit_log" + where, args);
    if (!total.ok()) return total.status();
    page.total = *total;
    PREPARE(s, std::string("SELECT ") + kAuditColumns + " FROM audit_log" + where +
                   " ORDER BY seq DESC LIMIT ? OFFSET ?");
    BindAll(s, args);
    s.Bind(f.limit).Bind(f.offset);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) page.items.push_back(ReadAudit(s));
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "audit");
    return page;
  }
  Status ForEachAudit(const std::function<bool(const AuditEntry&)>& fn) override {
    PREPARE(s, std::string("SELECT ") + kAuditColumns + " FROM audit_log ORDER BY seq");
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      if (!fn(ReadAudit(s))) return Status::Ok();
    }
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, "audit");
    return Status::Ok();
  }

  LedgerTx& Ledger() override {
    if (!ledger_) {
      ledger_ = MakeSqliteLedgerTx(c_->ledger_stmts(), writable_, ledger_memo_, generation_);
    }
    return *ledger_;
  }

 private:
  using Arg = std::variant<int64_t, std::string>;

  static void BindAll(Stmt& s, const std::vector<Arg>& args) {
    for (const Arg& a : args) {
      if (std::holds_alternative<int64_t>(a)) {
        s.Bind(std::get<int64_t>(a));
      } else {
        s.Bind(std::get<std::string>(a));
      }
    }
  }

  Result<int64_t> CountRows(const std::string& sql, const std::vector<Arg>& args) {
    std::string key = sql;
    for (const Arg& a : args) {
      key += '\x1f';
      key += std::holds_alternative<int64_t>(a) ? std::to_string(std::get<int64_t>(a))
                                                : std::get<std::string>(a);
    }
    // A writer's own uncommitted rows must be counted: only read snapshots use the cache.
    if (!writable_) {
      if (std::optional<int64_t> n = counts_->Get(key, generation_)) return *n;
    }
    PREPARE(s, sql);
    BindAll(s, args);
    int rc = s.Step();
    if (rc != SQLITE_ROW) return SqlError(c_->db(), rc, "count");
    int64_t n = s.Int(0);
    if (!writable_) counts_->Put(key, generation_, n);
    return n;
  }

  Result<int64_t> Insert(Stmt& s, const std::string& what) {
    if (!writable_) return Status::Internal("只读事务中不能写入");
    int rc = s.Step();
    if (rc == SQLITE_CONSTRAINT) return Status::Conflict(what + " 已存在或引用了不存在的对象");
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, what);
    return static_cast<int64_t>(sqlite3_last_insert_rowid(c_->db()));
  }
  Status Done(Stmt& s, const std::string& what) {
    if (!writable_) return Status::Internal("只读事务中不能写入");
    int rc = s.Step();
    if (rc != SQLITE_DONE) return SqlError(c_->db(), rc, what);
    return Status::Ok();
  }
  Result<Unit> OneUnit(Stmt& s, const std::string& what) {
    int rc = s.Step();
    if (rc == SQLITE_DONE) return Status::NotFound(what + " 不存在");
    if (rc != SQLITE_ROW) return SqlError(c_->db(), rc, "unit");
    return Unit{s.Int(0), s.Text(1), s.Int(2) != 0};
  }
  Result<User> OneUser(Stmt& s, const std::string& what) {
    int rc = s.Step();
    if (rc == SQLITE_DONE) return Status::NotFound(what + " 不存在");
    if (rc != SQLITE_ROW) return SqlError(c_->db(), rc, "user");
    return ReadUser(s);
  }

  Connection* c_;
  bool writable_;
  CountCache* counts_;
  LedgerMemo* ledger_memo_;
  uint64_t generation_;
  std::unique_ptr<LedgerTx> ledger_;  // made on first use
};

constexpr int kReaders = 4;

class SqliteReviewStore : public ReviewStore {
 public:
  static Result<std::unique_ptr<ReviewStore>> Open(const std::string& path) {
    auto store = std::unique_ptr<SqliteReviewStore>(new SqliteReviewStore());
    Result<std::unique_ptr<Connection>> w = Connection::Open(path, false);
    if (!w.ok()) return w.status();
    store->writer_ = std::move(*w);
    Connection& c = *store->writer_;
    Status s = c.Exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
    if (!s.ok()) return Status::Make(s.code(), path + ": " + s.message());
    Result<int> v = store->Migrate();
    if (!v.ok()) return Status::Make(v.status().code(), path + ": " + v.status().message());
    store->version_ = *v;
    // The writer only. A statement that can fail half-way inside a transaction (an insert
    // into a table with unique keys and triggers, as every ledger entry is) keeps the pages it
    // changes in a statement journal, which SQLite moves to a temporary file past 64 kB and
    // then writes with a pwrite per page for every later statement of the transaction: half
    // of the ledger's CPU after a 10,000-page scan was those writes. In memory it is a copy.
    // After the migrations, whose index builds on millions of rows sort in temporary files.
    s = c.Exec("PRAGMA temp_store = MEMORY");
    if (!s.ok()) return Status::Make(s.code(), path + ": " + s.message());
    for (int i = 0; i < kReaders; ++i) {
      Result<std::unique_ptr<Connection>> r = Connection::Open(path, true);
      if (!r.ok()) return r.status();
      store->readers_.push_back(std::move(*r));
      store->free_readers_.push_back(store->readers_.back().get());
    }
    return std::unique_ptr<ReviewStore>(std::move(store));
  }

  Status Read(const std::function<Status(ReviewTx&)>& fn) override {
    Connection* c = nullptr;
    {
      std::unique_lock<std::mutex> lock(readers_mu_);
      readers_cv_.wait(lock, [&] { return !free_readers_.empty(); });
      c = free_readers_.back();
      free_readers_.pop_back();
    }
    uint64_t generation = generation_.load();
    Status s = c->Exec("BEGIN");
    if (s.ok()) {
      SqliteTx tx(c, false, &counts_, &ledger_memo_, generation);
      s = fn(tx);
      Status end = c->Exec("COMMIT");
      if (s.ok()) s = end;
    }
    {
      std::lock_guard<std::mutex> lock(readers_mu_);
      free_readers_.push_back(c);
    }
    readers_cv_.notify_one();
    return s;
  }

  Status Write(const std::function<Status(ReviewTx&)>& fn) override {
    std::lock_guard<std::mutex> lock(writer_mu_);
    Status s = writer_->Exec("BEGIN IMMEDIATE");
    if (!s.ok()) return s;
    SqliteTx tx(writer_.get(), true, &counts_, &ledger_memo_, 0);
    s = fn(tx);
    if (!s.ok()) {
      writer_->Exec("ROLLBACK").ok();  // the failure that caused it is what the caller needs
      return s;
    }
    s = writer_->Exec("COMMIT");
    if (!s.ok()) {
      writer_->Exec("ROLLBACK").ok();
      return s;
    }
    ++generation_;
    return Status::Ok();
  }

  int schema_version() const override { return version_; }

 private:
  SqliteReviewStore() = default;

  // The one migration list of the database file (store/schema.h), shared with the site store.
  Result<int> Migrate() { return MigrateSchema(writer_->db()); }

  std::mutex writer_mu_;
  std::unique_ptr<Connection> writer_;
  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<Connection>> readers_;
  std::vector<Connection*> free_readers_;
  std::atomic<uint64_t> generation_{1};
  CountCache counts_;
  LedgerMemo ledger_memo_;
  int version_ = 0;
};

}  // namespace

Result<std::unique_ptr<ReviewStore>> OpenSqliteReviewStore(const std::string& path) {
  return SqliteReviewStore::Open(path);
}

}  // namespace cuomin::store
