// The review service: drafts through the three reviews (三审), with no HTTP in sight.
//
//   ReviewService svc(store, rules, clock);
//   LoginOutcome in = svc.Login("wangwu", "…", "10.0.0.8");
//   Result<DraftView> d = svc.CreateDraft(*in.actor, {.title = "…", .bytes = "…"});
//   svc.Submit(editor, d->draft.id);
//   svc.Sign(reviewer1, id, version, "");            // 初审 → 复审
//   svc.Sign(reviewer3, id, version, "password");    // 终审 asks for the password again
//
// Every rule of the workflow lives here: who may see and do what (units and roles, deny by
// default), the stages, separation of duties, signatures voided by a new version, no 终审 with
// an open critical finding, finding decisions matched across versions, comments, and the
// hash-chained audit log. Each change is one store transaction that re-reads what it changes
// and appends its audit entry. Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "review/audit_chain.h"
#include "review/clock.h"
#include "review/crypto.h"
#include "review/login_limiter.h"
#include "scanner/rule_set.h"
#include "store/review_store.h"

namespace cuomin::review {

// Who acts, and from where (the address goes to the audit log).
struct Actor {
  int64_t user_id = 0;   // 0 for an API token
  int64_t token_id = 0;  // set for an API token
  std::string name;      // username, or "token:NAME"
  std::string display_name;
  store::Role role = store::Role::kEditor;
  int64_t unit_id = 0;
  bool oversees_all = false;  // sees every unit (reviewers and admins of the city office)
  std::string address;
};

// The local administrator of the command line (cuomin user add ...).
Actor CommandLineActor();

struct ServiceOptions {
  size_t max_upload_bytes = size_t{10} << 20;  // .txt/.html/.docx uploads
  size_t max_text_bytes = size_t{10} << 20;    // pasted text
  size_t max_comment_chars = 4000;
  size_t min_password_chars = 8;
  PasswordCost password_cost;
  LoginLimits login_limits;
  // The statistics' days are local days, ahead of UTC (as LedgerOptions::utc_offset_seconds):
  // a draft created at 23:30 UTC counts on the next day, the users' day.
  int64_t utc_offset_seconds = kBeijingUtcOffsetSeconds;
};

// New content of a draft: pasted text (filename empty) or the bytes of a file.
struct Submission {
  std::string title;     // new drafts only
  std::string filename;  // "通知.docx"; "" for pasted text
  std::string bytes;
  std::string source_url;  // when fetched from a staging host
  bool submit = false;     // send to 初审 at once
};

struct UserRef {
  int64_t id = 0;
  std::string display_name;
};

// What the current user may do with a draft now.
struct Permissions {
  bool sign = false, send_back = false, new_version = false, submit = false, publish = false,
       decide = false, comment = false;
};

struct SignatureView {
  store::Signature signature;
  std::string user;  // display name
};

struct DraftSummary {
  store::Draft draft;
  store::Unit unit;
  UserRef editor;
  std::string returned_by;  // display name, when returned
};

struct DraftView {
  DraftSummary summary;
  std::vector<store::Version> versions;  // without text
  std::vector<std::string> version_authors;
  std::vector<SignatureView> signatures;
  Permissions can;
};

struct FindingView {
  store::FindingRow finding;
  std::optional<store::Issue> decision;  // set when a decision was taken (status not open)
  std::string decided_by;
  // Across drafts only:
  std::string draft_title;
  std::string unit_name;
};

struct FindingPage {
  std::vector<FindingView> items;
  int64_t total = 0;
  std::vector<store::ReviewTx::Count> counts;  // one version only
};

struct IssueView {
  store::Issue issue;
  std::vector<store::Decision> decisions;
  std::vector<std::string> decided_by;  // display names, parallel to decisions
};

struct CommentView {
  store::Comment comment;
  std::string user;
};

struct LoginOutcome {
  Status status;               // kPermissionDenied for a wrong name or password
  std::optional<Actor> actor;  // set on success
  int64_t retry_after = 0;     // > 0: throttled, try again after this many seconds
};

struct DraftQuery {
  int64_t unit_id = 0;
  std::optional<store::Stage> stage;
  std::optional<int> severity;
  std::optional<int> category;
  bool waiting = false;  // only what waits for the actor
  std::string title_contains;
  int64_t page = 1;
  int64_t per_page = 50;
};

struct FindingQuery {
  int64_t unit_id = 0;
  std::optional<store::Stage> stage;
  std::optional<int> severity;
  std::optional<int> category;
  std::optional<store::IssueStatus> status;
  int64_t page = 1;
  int64_t per_page = 100;
};

// A period of the statistics, whole days in UTC.
struct StatsQuery {
  std::string from;     // "2026-01-01", inclusive; "" for 1 January of this year
  std::string to;       // "2026-12-31", inclusive; "" for today
  int64_t unit_id = 0;  // 0: every unit the actor sees
};

// One line of a breakdown: problems first found in the period, and how they stand now.
struct StatsLine {
  std::string key;   // "typo", "critical", a rule id, a unit id
  std::string name;  // 错别字, 严重, the rule id, the unit's name
  int64_t found = 0, open = 0, fixed = 0, accepted = 0, deferred = 0;
};

struct UnitStats {
  store::Unit unit;
  int64_t drafts_created = 0, drafts_published = 0;
  StatsLine findings;
};

// The figures an annual report quotes, and the breakdowns behind them.
struct StatsReport {
  std::string from, to;  // as asked, "YYYY-MM-DD"
  int64_t drafts_created = 0, drafts_published = 0;
  StatsLine total;
  int64_t typos_corrected = 0;    // 错别字 found in the period and fixed by a later version
  int64_t sensitive_removed = 0;  // 敏感词 and 链接 problems so fixed
  std::vector<UnitStats> units;   // every unit in scope, those with nothing too; by name
  std::vector<StatsLine> by_category, by_rule;  // most found first
  std::vector<StatsLine> by_severity;           // most severe first
};

class ReviewService {
 public:
  // `rules` may be null only for services that never check content (the command line's user
  // administration). None of the pointers is owned.
  ReviewService(store::ReviewStore* store, const scanner::RuleSet* rules, const Clock* clock,
                ServiceOptions options = {});

  // --- sessions and tokens ---
  LoginOutcome Login(const std::string& username, const std::string& password,
                     const std::string& address);
  // The actor of a signed-in user, re-read (a disabled user is refused).
  Result<Actor> ActorForUser(int64_t user_id, const std::string& address);
  // The actor of an API token "cm_…" (kPermissionDenied when unknown or revoked).
  Result<Actor> ActorForToken(const std::string& token, const std::string& address);
  Status RecordLogout(const Actor& actor);

  // --- the dashboard's sessions, kept in the store (server/session_store.h caches them) ---
  Status SaveSession(const store::SessionRow& session);
  // nullopt when there is none.
  Result<std::optional<store::SessionRow>> LoadSession(const std::string& id_hash);
  Status TouchSession(const std::string& id_hash, int64_t last_seen);
  Status EndSession(const std::string& id_hash);
  Status EndUserSessions(int64_t user_id);
  Status EndExpiredSessions(int64_t idle_before, int64_t created_before);

  // --- drafts ---
  Result<DraftView> CreateDraft(const Actor& actor, const Submission& content);
  Result<DraftView> AddVersion(const Actor& actor, int64_t draft_id, const Submission& content);
  Result<DraftView> GetDraft(const Actor& actor, int64_t draft_id);
  Result<store::Page<DraftSummary>> ListDrafts(const Actor& actor, const DraftQuery& query);
  // Drafts sent back to the actor (editors), newest first.
  Result<std::vector<DraftSummary>> ReturnedDrafts(const Actor& actor);
  Result<store::Version> GetVersion(const Actor& actor, int64_t draft_id, int number);
  Result<FindingPage> VersionFindings(const Actor& actor, int64_t draft_id, int number,
                                      const FindingQuery& query);
  // Every finding of a version that matches the filters (page and per_page ignored), by
  // position, for highlighting the whole text; at most kMaxMarks, `total` says how many there are.
  static constexpr int64_t kMaxMarks = 100000;
  Result<FindingPage> VersionMarks(const Actor& actor, int64_t draft_id, int number,
                                   const FindingQuery& query);
  Result<FindingPage> ListFindings(const Actor& actor, const FindingQuery& query);
  Result<std::vector<IssueView>> ListIssues(const Actor& actor, int64_t draft_id);

  // --- the workflow ---
  Result<DraftView> Submit(const Actor& actor, int64_t draft_id);
  // Signs the draft's current stage for `version`, which must still be the current one.
  // `password` is needed (and checked) for 终审 only.
  Result<DraftView> Sign(const Actor& actor, int64_t draft_id, int version,
                         const std::string& password);
  Result<DraftView> SendBack(const Actor& actor, int64_t draft_id, int version,
                             const std::string& comment);
  Result<DraftView> Publish(const Actor& actor, int64_t draft_id);
  // status: accepted / deferred (reason required) or open (reopen).
  Result<FindingView> Decide(const Actor& actor, int64_t finding_id, store::IssueStatus status,
                             const std::string& reason, bool allow_list);

  Result<CommentView> AddComment(const Actor& actor, int64_t draft_id, int64_t finding_id,
                                 const std::string& text);
  Result<std::vector<CommentView>> ListComments(const Actor& actor, int64_t draft_id);

  // --- statistics (review/statistics.cc) ---
  // Everybody may ask for the units they see: the city office's reviewers and admins for every
  // unit, the others for their own.
  Result<StatsReport> Statistics(const Actor& actor, const StatsQuery& query);

  // --- administration (admins; the command line acts as one) ---
  Result<std::vector<store::Unit>> ListUnits(const Actor& actor);
  Result<store::Unit> CreateUnit(const Actor& actor, const std::string& name, bool oversees_all);
  Result<store::User> CreateUser(const Actor& actor, const std::string& username,
                                 const std::string& display_name, int64_t unit_id, store::Role role,
                                 const std::string& password);
  Result<std::vector<store::User>> ListUsers(const Actor& actor);
  Result<store::User> SetPassword(const Actor& actor, const std::string& username,
                                  const std::string& password);
  Result<store::User> DisableUser(const Actor& actor, const std::string& username);
  // A new role (a promotion, a move between stages). Earlier signatures still count against
  // signing a second stage of the same draft.
  Result<store::User> SetRole(const Actor& actor, const std::string& username, store::Role role);
  // Returns the token itself, shown once; only its hash is stored.
  Result<std::pair<int64_t, std::string>> CreateToken(const Actor& actor, const std::string& name,
                                                      int64_t unit_id);
  Result<std::vector<store::ApiToken>> ListTokens(const Actor& actor);
  Status RevokeToken(const Actor& actor, int64_t token_id);

  // --- the audit log (admins) ---
  Result<store::Page<store::AuditEntry>> ListAudit(const Actor& actor,
                                                   const store::AuditFilter& filter);
  // UTF-8 with BOM, oldest first; cells starting with = + - @ are prefixed with '.
  Result<std::string> AuditCsv(const Actor& actor);
  Result<ChainCheck> VerifyAudit(const Actor& actor);

  const Clock& clock() const { return *clock_; }

 private:
  struct Checked;
  Result<Checked> Check(int64_t unit_id, const Submission& content);
  Status StoreVersion(store::ReviewTx& tx, store::Draft& draft, const Actor& actor,
                      const Submission& content, const Checked& checked);
  Status Audit(store::ReviewTx& tx, const Actor& actor, const std::string& action,
               const std::string& object, const std::string& detail);
  Result<DraftView> View(store::ReviewTx& tx, const Actor& actor, const store::Draft& draft);
  Result<DraftSummary> Summary(store::ReviewTx& tx, const store::Draft& draft);
  Result<store::Draft> VisibleDraft(store::ReviewTx& tx, const Actor& actor, int64_t draft_id);
  Permissions PermissionsFor(const Actor& actor, const store::Draft& draft,
                             const std::vector<store::Signature>& sigs,
                             const std::vector<store::Version>& versions) const;
  Result<DraftView> ReadView(const Actor& actor, int64_t draft_id);
  std::string Now() const;

  store::ReviewStore* store_;
  const scanner::RuleSet* rules_;
  const Clock* clock_;
  ServiceOptions options_;
  LoginLimiter limiter_;
  // Verifying a password for an unknown user costs as much as for a known one.
  std::string dummy_hash_;
};

// Whether the actor may see drafts of `unit_id`.
bool CanSeeUnit(const Actor& actor, int64_t unit_id);

}  // namespace cuomin::review
