// The review tables behind an interface: SQLite implements it (OpenSqliteReviewStore), and a
// PostgreSQL implementation can later do the same without the review service changing.
//
//   Result<std::unique_ptr<ReviewStore>> s = OpenSqliteReviewStore("data/cuomin.db");
//   Status st = (*s)->Write([&](ReviewTx& tx) -> Status {
//     Result<Draft> d = tx.GetDraft(id);          // re-read inside the transaction
//     ...  tx.UpdateDraft(...); tx.AppendAudit(...);
//     return Status::Ok();                        // commits; any failure rolls back
//   });
//
// Write() runs one transaction at a time (SQLite: BEGIN IMMEDIATE on the one writer
// connection), so what a function reads is what it changes: a decision taken inside Write()
// sees the current version, and no other writer slips in between. Read() runs on one of several
// read-only connections (WAL lets readers run beside the writer) and sees one snapshot.
// Functions may be called from any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/ledger_store.h"
#include "store/review_types.h"

namespace cuomin::store {

// Reads and writes inside one transaction. A write call in a Read() transaction fails.
// Every call returns a Status; "not found" is kNotFound naming what was looked up.
class ReviewTx {
 public:
  virtual ~ReviewTx() = default;

  virtual Result<int64_t> InsertUnit(const Unit& unit) = 0;
  virtual Result<Unit> GetUnit(int64_t id) = 0;
  virtual Result<Unit> FindUnitByName(const std::string& name) = 0;
  virtual Result<std::vector<Unit>> ListUnits() = 0;

  virtual Result<int64_t> InsertUser(const User& user) = 0;
  virtual Result<User> GetUser(int64_t id) = 0;
  virtual Result<User> FindUserByName(const std::string& username) = 0;
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Writes display_name, unit, role, password_hash and disabled of user.id.
  virtual Status UpdateUser(const User& user) = 0;

  virtual Result<int64_t> InsertToken(const ApiToken& token) = 0;
  virtual Result<ApiToken> FindTokenByHash(const std::string& token_hash) = 0;
  virtual Result<std::vector<ApiToken>> ListTokens() = 0;
  virtual Status RevokeToken(int64_t id) = 0;

  virtual Result<int64_t> InsertDraft(const Draft& draft) = 0;
  virtual Result<Draft> GetDraft(int64_t id) = 0;
  // Writes every field but id, unit, editor and created_at.
  virtual Status UpdateDraft(const Draft& draft) = 0;
  // Newest change first.
  virtual Result<Page<Draft>> ListDrafts(const DraftFilter& filter) = 0;
  // Recounts the draft's open findings of its current version into Draft::open.
  virtual Status RecountOpen(int64_t draft_id) = 0;

  virtual Result<int64_t> InsertVersion(const Version& version) = 0;
  virtual Result<Version> GetVersion(int64_t draft_id, int number) = 0;
  // Without text, oldest first.
  virtual Result<std::vector<Version>> ListVersions(int64_t draft_id) = 0;

  virtual Result<int64_t> InsertIssue(const Issue& issue) = 0;
  virtual Result<Issue> GetIssue(int64_t id) = 0;
  virtual Result<std::vector<Issue>> ListIssues(int64_t draft_id) = 0;
  // Writes context, status, reason, decided_by/at, allow_list, fixed_in_version; copies the
  // status onto the issue's findings.
  virtual Status UpdateIssue(const Issue& issue) = 0;
  virtual Result<int64_t> InsertDecision(const Decision& decision) = 0;
  virtual Result<std::vector<Decision>> ListDecisions(int64_t draft_id) = 0;

  virtual Result<int64_t> InsertFinding(const FindingRow& finding) = 0;
  virtual Result<FindingRow> GetFinding(int64_t id) = 0;
  // Marks every finding of the draft as of an old version.
  virtual Status MarkFindingsNotCurrent(int64_t draft_id) = 0;
  // By position for one version; by draft and position across drafts.
  virtual Result<Page<FindingRow>> ListFindings(const FindingFilter& filter) = 0;
  // Counts of a version's findings by severity, category and status: {kind, value, count}.
  struct Count {
    std::string kind;  // "severity", "category", "status"
    int64_t value = 0;
    int64_t count = 0;
  };
  virtual Result<std::vector<Count>> CountFindings(int64_t version_id) = 0;

  // Counts for the statistics page, grouped by unit (drafts) and by unit, category, severity,
  // rule and status (issues).
  virtual Result<Stats> Statistics(const StatsFilter& filter) = 0;

  virtual Result<int64_t> InsertSignature(const Signature& signature) = 0;
  virtual Result<std::vector<Signature>> ListSignatures(int64_t draft_id) = 0;
  virtual Status VoidSignatures(int64_t draft_id) = 0;

  virtual Result<int64_t> InsertComment(const Comment& comment) = 0;
  virtual Result<std::vector<Comment>> ListComments(int64_t draft_id) = 0;

  // The unit's allow list: findings of (rule, text) are not raised for its drafts.
  virtual Status AddAllowed(int64_t unit_id, const std::string& rule, const std::string& text) = 0;
  struct Allowed {
    std::string rule;
    std::string text;
  };
  virtual Result<std::vector<Allowed>> ListAllowed(int64_t unit_id) = 0;

  virtual Status InsertSession(const SessionRow& session) = 0;
  // kNotFound when there is no such session.
  virtual Result<SessionRow> FindSession(const std::string& id_hash) = 0;
  virtual Status TouchSession(const std::string& id_hash, int64_t last_seen) = 0;
  virtual Status DeleteSession(const std::string& id_hash) = 0;
  virtual Status DeleteUserSessions(int64_t user_id) = 0;
  // Deletes sessions last seen before `idle_before` or created before `created_before`.
  virtual Status DeleteExpiredSessions(int64_t idle_before, int64_t created_before) = 0;

  // The last entry of the audit log (seq 0 and empty hash when there is none).
  virtual Result<AuditEntry> LastAudit() = 0;
  // Appends an entry whose seq, prev_hash and hash the caller computed.
  virtual Status AppendAudit(const AuditEntry& entry) = 0;
  // Newest first.
  virtual Result<Page<AuditEntry>> ListAudit(const AuditFilter& filter) = 0;
  // Every entry in seq order; stops early when fn returns false.
  virtual Status ForEachAudit(const std::function<bool(const AuditEntry&)>& fn) = 0;

  // Sites, unit prefixes and the 整改 ledger, in this same transaction (store/ledger_store.h).
  virtual LedgerTx& Ledger() = 0;
};

class ReviewStore {
 public:
  virtual ~ReviewStore() = default;
  // One read-only snapshot.
  virtual Status Read(const std::function<Status(ReviewTx&)>& fn) = 0;
  // One read-write transaction: committed when fn returns OK, rolled back otherwise. A busy
  // database gives kUnavailable.
  virtual Status Write(const std::function<Status(ReviewTx&)>& fn) = 0;
  // The schema version the database is at (the number of migrations applied).
  virtual int schema_version() const = 0;
};

// Opens or creates the SQLite database at `path` (WAL, foreign keys on) and brings its schema
// up to date with the numbered migrations. The error names the file.
Result<std::unique_ptr<ReviewStore>> OpenSqliteReviewStore(const std::string& path);

// The number of migrations this build knows.
int LatestReviewSchemaVersion();

}  // namespace cuomin::store
