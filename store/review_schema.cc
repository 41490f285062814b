// The review tables' numbered migrations. Migration n brings a database from user_version n-1
// to n; a released migration is never edited, only followed by a new one.
#include "store/review_schema.h"

#include <iterator>

namespace cuomin::store {

namespace {

// 1: the first schema.
constexpr char kMigration1[] = R"sql(
CREATE TABLE units (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  oversees_all INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE TABLE drafts (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  editor_id INTEGER NOT NULL REFERENCES users(id),
  title TEXT NOT NULL,
  stage TEXT NOT NULL,
  current_version INTEGER NOT NULL DEFAULT 0,
  returned INTEGER NOT NULL DEFAULT 0,
  return_comment TEXT NOT NULL DEFAULT '',
  returned_by INTEGER REFERENCES users(id),
  returned_at TEXT NOT NULL DEFAULT '',
  open_critical INTEGER NOT NULL DEFAULT 0,
  open_major INTEGER NOT NULL DEFAULT 0,
  open_minor INTEGER NOT NULL DEFAULT 0,
  open_info INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE versions (
  id INTEGER PRIMARY KEY,
  draft_id INTEGER NOT NULL REFERENCES drafts(id),
  number INTEGER NOT NULL,
  author_id INTEGER NOT NULL REFERENCES users(id),
  format TEXT NOT NULL,
  filename TEXT NOT NULL DEFAULT '',
  source_url TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  finding_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  UNIQUE (draft_id, number)
);
CREATE TABLE issues (
  id INTEGER PRIMARY KEY,
  draft_id INTEGER NOT NULL REFERENCES drafts(id),
  rule TEXT NOT NULL,
  text TEXT NOT NULL,
  context TEXT NOT NULL,
  severity INTEGER NOT NULL,
  category INTEGER NOT NULL,
  status TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  decided_by INTEGER REFERENCES users(id),
  decided_at TEXT NOT NULL DEFAULT '',
  allow_list INTEGER NOT NULL DEFAULT 0,
  first_version INTEGER NOT NULL,
  fixed_in_version INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX issues_by_draft ON issues (draft_id);
CREATE TABLE decisions (
  id INTEGER PRIMARY KEY,
  issue_id INTEGER NOT NULL REFERENCES issues(id),
  status TEXT NOT NULL,
  reason TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  at TEXT NOT NULL
);
CREATE INDEX decisions_by_issue ON decisions (issue_id);
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  draft_id INTEGER NOT NULL REFERENCES drafts(id),
  unit_id INTEGER NOT NULL REFERENCES units(id),
  version_id INTEGER NOT NULL REFERENCES versions(id),
  issue_id INTEGER NOT NULL REFERENCES issues(id),
  current INTEGER NOT NULL,
  rule TEXT NOT NULL,
  category INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  status TEXT NOT NULL,
  message TEXT NOT NULL,
  suggestion TEXT NOT NULL,
  text TEXT NOT NULL,
  context TEXT NOT NULL,
  start_pos INTEGER NOT NULL,
  end_pos INTEGER NOT NULL,
  line INTEGER NOT NULL,
  col INTEGER NOT NULL
);
CREATE INDEX findings_by_version ON findings (version_id, start_pos);
CREATE INDEX findings_by_issue ON findings (issue_id);
CREATE TABLE signatures (
  id INTEGER PRIMARY KEY,
  draft_id INTEGER NOT NULL REFERENCES drafts(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  stage TEXT NOT NULL,
  version INTEGER NOT NULL,
  at TEXT NOT NULL,
  voided INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX signatures_by_draft ON signatures (draft_id);
CREATE TABLE comments (
  id INTEGER PRIMARY KEY,
  draft_id INTEGER NOT NULL REFERENCES drafts(id),
  user_id INTEGER NOT NULL REFERENCES users(id),
  finding_id INTEGER REFERENCES findings(id),
  issue_id INTEGER REFERENCES issues(id),
  text TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX comments_by_draft ON comments (draft_id);
CREATE TABLE allow_list (
  unit_id INTEGER NOT NULL REFERENCES units(id),
  rule TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (unit_id, rule, text)
);
CREATE TABLE audit_log (
  seq INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  user TEXT NOT NULL,
  action TEXT NOT NULL,
  object TEXT NOT NULL,
  detail TEXT NOT NULL,
  address TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql";

// 2: per-unit API tokens (stored hashed), and indexes on what the lists filter and sort on.
constexpr char kMigration2[] = R"sql(
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX drafts_by_update ON drafts (updated_at DESC, id DESC);
CREATE INDEX drafts_by_unit ON drafts (unit_id, updated_at DESC, id DESC);
CREATE INDEX drafts_by_stage ON drafts (stage, updated_at DESC, id DESC);
CREATE INDEX findings_current ON findings (current, draft_id DESC, start_pos);
CREATE INDEX findings_open_by_draft ON findings (draft_id, current, status, category, severity);
CREATE INDEX audit_by_user ON audit_log (user, seq);
)sql";

constexpr const char* kMigrations[] = {kMigration1, kMigration2};

}  // namespace

int LatestReviewSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

const char* ReviewMigration(int n) {
  if (n < 1 || n > LatestReviewSchemaVersion()) return nullptr;
  return kMigrations[n - 1];
}

}  // namespace cuomin::store
