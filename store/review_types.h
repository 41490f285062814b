// Rows of the review tables, as the review service reads and writes them through ReviewStore.
// Plain structs: the store fills them, the service decides what they mean.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cuomin::store {

enum class Role { kEditor, kReviewer1, kReviewer2, kReviewer3, kAdmin };
// "editor", "reviewer1", ...; ParseRole accepts the same names.
std::string_view ToString(Role r);
std::optional<Role> ParseRole(std::string_view s);
std::string_view ChineseName(Role r);  // 编辑, 初审人, 复审人, 终审人, 管理员

// Where a draft stands: the stage it waits in.
enum class Stage { kDraft, kReview1, kReview2, kReview3, kApproved, kPublished };
std::string_view ToString(Stage s);  // "draft", "review1", ...
std::optional<Stage> ParseStage(std::string_view s);
std::string_view ChineseName(Stage s);  // 草稿, 初审, 复审, 终审, 可发布, 已发布

// What became of a problem found in a draft.
enum class IssueStatus { kOpen, kAccepted, kDeferred, kFixed };
std::string_view ToString(IssueStatus s);  // "open", "accepted", "deferred", "fixed"
std::optional<IssueStatus> ParseIssueStatus(std::string_view s);

struct Unit {
  int64_t id = 0;
  std::string name;
  bool oversees_all = false;  // the city office: its reviewers see every unit's drafts
};

struct User {
  int64_t id = 0;
  std::string username;
  std::string display_name;
  int64_t unit_id = 0;
  Role role = Role::kEditor;
  std::string password_hash;  // Argon2id, libsodium's string form
  bool disabled = false;
  std::string created_at;
};

struct ApiToken {
  int64_t id = 0;
  int64_t unit_id = 0;
  std::string name;
  std::string token_hash;  // hex SHA-256 of the token; the token itself is never stored
  std::string created_at;
  bool revoked = false;
};

// Open findings of the current version by severity, kept on the draft for the lists.
struct OpenCounts {
  int64_t critical = 0, major = 0, minor = 0, info = 0;
};

struct Draft {
  int64_t id = 0;
  int64_t unit_id = 0;
  int64_t editor_id = 0;  // who created it
  std::string title;
  Stage stage = Stage::kDraft;
  int current_version = 0;
  // Set when a reviewer sent it back, cleared when it is submitted again.
  bool returned = false;
  std::string return_comment;
  int64_t returned_by = 0;
  std::string returned_at;
  OpenCounts open;
  std::string created_at;
  std::string updated_at;
};

struct Version {
  int64_t id = 0;
  int64_t draft_id = 0;
  int number = 0;
  int64_t author_id = 0;
  std::string format;    // "text", "html", "docx"
  std::string filename;  // as uploaded; "" for pasted text
  std::string source_url;
  std::string text;  // the visible text shown to reviewers; finding positions refer to it
  int64_t finding_count = 0;
  std::string created_at;
};

struct Signature {
  int64_t id = 0;
  int64_t draft_id = 0;
  int64_t user_id = 0;
  Stage stage = Stage::kReview1;
  int version = 0;
  std::string at;
  bool voided = false;
};

// One problem of a draft across its versions: decisions attach here.
struct Issue {
  int64_t id = 0;
  int64_t draft_id = 0;
  std::string rule;
  std::string text;     // the matched text
  std::string context;  // of its latest occurrence (a tiebreaker when matching)
  int severity = 0;     // scanner::Severity as int
  int category = 0;     // scanner::Category as int
  IssueStatus status = IssueStatus::kOpen;
  std::string reason;
  int64_t decided_by = 0;
  std::string decided_at;
  bool allow_list = false;
  int first_version = 0;
  int fixed_in_version = 0;  // 0 while not fixed
};

struct Decision {
  int64_t id = 0;
  int64_t issue_id = 0;
  IssueStatus status = IssueStatus::kOpen;
  std::string reason;
  int64_t user_id = 0;
  std::string at;
};

// One finding of one version.
struct FindingRow {
  int64_t id = 0;
  int64_t draft_id = 0;
  int64_t unit_id = 0;
  int64_t version_id = 0;
  int64_t issue_id = 0;
  bool current = true;  // of the draft's current version
  std::string rule;
  int category = 0;
  int severity = 0;
  IssueStatus status = IssueStatus::kOpen;  // copied from the issue, for filtering
  std::string message;
  std::string suggestion;
  std::string text;
  std::string context;
  int64_t start = 0;  // UTF-16 code units into Version::text
  int64_t end = 0;
  int64_t line = 0;
  int64_t column = 0;
};

struct Comment {
  int64_t id = 0;
  int64_t draft_id = 0;
  int64_t user_id = 0;
  int64_t finding_id = 0;  // 0: on the draft
  int64_t issue_id = 0;
  std::string text;
  std::string at;
};

struct AuditEntry {
  int64_t seq = 0;
  std::string at;
  std::string user;  // username, "token:NAME" or "" (anonymous, e.g. a failed login)
  std::string action;
  std::string object;
  std::string detail;
  std::string address;
  std::string prev_hash;  // hex; "" for the first entry
  std::string hash;       // hex SHA-256 over prev_hash and the fields above
};

// A signed-in session of the dashboard. The id itself is only in the browser's cookie.
struct SessionRow {
  std::string id_hash;     // hex SHA-256 of the session id
  std::string csrf_token;  // sent back in X-CSRF-Token
  int64_t user_id = 0;
  int64_t created = 0;    // seconds since the epoch
  int64_t last_seen = 0;  // as last written; may lag the true last use by a minute
};

// Filters of the paged lists; 0 / nullopt / "" mean "any".
struct DraftFilter {
  std::vector<int64_t> unit_ids;  // empty: any unit
  std::optional<Stage> stage;
  std::vector<Stage> stages;  // any of these (waiting lists); empty: any
  int64_t editor_id = 0;
  std::optional<int> severity;  // with an open finding of this severity
  std::optional<int> category;  // with an open finding of this category
  std::string title_contains;
  std::optional<bool> returned;
  int64_t offset = 0;
  int64_t limit = 50;
};

struct FindingFilter {
  int64_t version_id = 0;  // one version; 0: current versions of drafts
  std::vector<int64_t> unit_ids;
  std::optional<Stage> stage;
  std::optional<int> severity;
  std::optional<int> category;
  std::optional<IssueStatus> status;
  int64_t offset = 0;
  int64_t limit = 100;
};

struct AuditFilter {
  std::string user;
  std::string action;
  int64_t offset = 0;
  int64_t limit = 100;
};

// What the statistics count: drafts created / published and problems first seen in a period.
struct StatsFilter {
  std::vector<int64_t> unit_ids;  // empty: every unit
  std::string from;               // UTC ISO 8601, inclusive
  std::string to;                 // UTC ISO 8601, exclusive
};

// Drafts of one unit in the period.
struct DraftCounts {
  int64_t unit_id = 0;
  int64_t created = 0;    // drafts created (submitted by an editor or a CMS)
  int64_t published = 0;  // drafts now 已发布 whose last change (the publication) fell in it
};

// Problems (issues: one per problem across a draft's versions) first found in the period, by
// every dimension the statistics break down on, with how they stand now.
struct IssueCounts {
  int64_t unit_id = 0;
  int category = 0;
  int severity = 0;
  std::string rule;
  IssueStatus status = IssueStatus::kOpen;
  int64_t count = 0;
};

struct Stats {
  std::vector<DraftCounts> drafts;
  std::vector<IssueCounts> issues;
};

template <typename T>
struct Page {
  std::vector<T> items;
  int64_t total = 0;
};

}  // namespace cuomin::store
