-- A database made by the first review schema (migration 1 of store/review_schema.cc),
-- with rows in every table the later migrations touch. tests/review_store_test.cc opens it.
PRAGMA foreign_keys = ON;
BEGIN;
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
INSERT INTO units VALUES (1, '教育局', 0);
INSERT INTO users VALUES (1, 'wang', '王五', 1, 'editor', '@HASH@', 0, '2026-11-30T08:00:00Z');
INSERT INTO users VALUES (2, 'li', '李四', 1, 'reviewer1', '@HASH@', 0, '2026-11-30T08:00:00Z');
INSERT INTO drafts (id, unit_id, editor_id, title, stage, current_version, open_major, created_at, updated_at) VALUES (1, 1, 1, '关于开展检查的通知', 'review1', 1, 1, '2026-11-30T08:01:00Z', '2026-11-30T08:01:00Z');
INSERT INTO versions VALUES (1, 1, 1, 1, 'text', '', '', '请认真贯切落实。', 1, '2026-11-30T08:01:00Z');
INSERT INTO issues (id, draft_id, rule, text, context, severity, category, status, first_version) VALUES (1, 1, 'review-typo', '贯切', '请认真贯切落实。', 2, 0, 'open', 1);
INSERT INTO findings VALUES (1, 1, 1, 1, 1, 1, 'review-typo', 0, 2, 'open', '疑似错别字：“贯切”应为“贯彻”', '贯彻', '贯切', '请认真贯切落实。', 3, 5, 1, 4);
INSERT INTO audit_log VALUES (1, '2026-11-30T08:00:00Z', 'cli', 'unit-create', 'unit:1', '教育局', 'local', '', '472968f0fc302d601ac7ec454b0f6292654dd4c9af6bab066fedad53d619b9bd');
INSERT INTO audit_log VALUES (2, '2026-11-30T08:01:00Z', 'wang', 'draft-create', 'draft:1', '关于开展检查的通知（第 1 版，1 个问题）', '10.0.0.8', '472968f0fc302d601ac7ec454b0f6292654dd4c9af6bab066fedad53d619b9bd', 'e50133c8ee9a0fdbe910542b18dd5459f40344bfec3d993a38a02b9abcf43b56');
PRAGMA user_version = 1;
COMMIT;
