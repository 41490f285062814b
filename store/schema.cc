// The numbered migrations of a cuomin database: one list for every table in the file (reviews
// and site scans), since one database serves both. Migration n brings a database from
// user_version n-1 to n; a released migration is never edited, only followed by a new one.
#include "store/schema.h"

#include <sqlite3.h>

#include <iterator>
#include <string>

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

// 3: site scans (cuomin crawl --db, later the server's scheduled scans). Links are rows; a
// finding is keyed by its page and a stable identity (see store/finding_identity.h), and
// text_key finds it again when its sentence was edited. No column is named after an SQL
// keyword (offset), so that PostgreSQL can take the same schema.
constexpr char kMigration3[] = R"sql(
CREATE TABLE site_scans (
  id INTEGER PRIMARY KEY,
  seeds TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE TABLE site_pages (
  url TEXT PRIMARY KEY,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  scan_id INTEGER NOT NULL
);
CREATE TABLE site_links (
  page_url TEXT NOT NULL,
  seq INTEGER NOT NULL,
  target TEXT NOT NULL,
  byte_offset INTEGER NOT NULL,
  line INTEGER NOT NULL,
  col INTEGER NOT NULL,
  PRIMARY KEY (page_url, seq)
);
CREATE INDEX site_links_by_target ON site_links (target);
CREATE TABLE site_findings (
  source TEXT NOT NULL,
  identity TEXT NOT NULL,
  text_key TEXT NOT NULL,
  rule TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL,
  message TEXT NOT NULL,
  text TEXT NOT NULL,
  suggestion TEXT NOT NULL,
  byte_offset INTEGER NOT NULL,
  length INTEGER NOT NULL,
  line INTEGER NOT NULL,
  col INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  end_col INTEGER NOT NULL,
  context TEXT NOT NULL,
  rule_file TEXT NOT NULL,
  first_scan INTEGER NOT NULL,
  last_scan INTEGER NOT NULL,
  fixed_scan INTEGER,
  PRIMARY KEY (source, identity)
);
CREATE INDEX site_findings_open ON site_findings (source, fixed_scan, text_key);
)sql";

// 4: a site scan's state, so that a scan the process did not finish (killed, interrupted, a
// failed write) is told apart from a finished one, and the next start can mark it.
constexpr char kMigration4[] = R"sql(
ALTER TABLE site_scans ADD COLUMN state TEXT NOT NULL DEFAULT 'running';
UPDATE site_scans SET state = CASE WHEN finished_at IS NULL THEN 'interrupted' ELSE 'finished' END;
)sql";

// 5: the dashboard's sessions, so that they survive a restart of the server. Only the SHA-256
// of a session id is kept: whoever reads the database cannot sign in with what it holds.
constexpr char kMigration5[] = R"sql(
CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  csrf_token TEXT NOT NULL,
  user_id INTEGER NOT NULL REFERENCES users(id),
  created INTEGER NOT NULL,
  last_seen INTEGER NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_last_seen ON sessions (last_seen);
)sql";

// 6: configured sites, the units that own pages by URL prefix, and the 整改 ledger: one entry
// per site finding (keyed as site_findings is), assigned to a unit with a deadline, and its
// history. Times are seconds since the epoch (INTEGER, bigint in PostgreSQL) so that overdue
// is one comparison; lists of URLs and paths are one per line.
constexpr char kMigration6[] = R"sql(
CREATE TABLE sites (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  start_urls TEXT NOT NULL,
  scope TEXT NOT NULL,
  excluded_paths TEXT NOT NULL DEFAULT '',
  concurrency INTEGER NOT NULL,
  per_host_concurrency INTEGER NOT NULL,
  per_host_rate REAL NOT NULL,
  max_pages INTEGER NOT NULL,
  schedule TEXT NOT NULL DEFAULT '',
  enabled INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE TABLE unit_prefixes (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  prefix TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  UNIQUE (site_id, prefix)
);
ALTER TABLE site_scans ADD COLUMN site_id INTEGER REFERENCES sites(id);
CREATE INDEX site_scans_by_site ON site_scans (site_id, id);
CREATE INDEX site_findings_by_last_scan ON site_findings (last_scan);
CREATE INDEX site_findings_by_fixed_scan ON site_findings (fixed_scan);
CREATE INDEX site_findings_by_first_scan ON site_findings (first_scan);
CREATE TABLE ledger_entries (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  source TEXT NOT NULL,
  identity TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  rule TEXT NOT NULL,
  category INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  message TEXT NOT NULL,
  text TEXT NOT NULL,
  context TEXT NOT NULL,
  status TEXT NOT NULL,
  claim TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  flagged INTEGER NOT NULL DEFAULT 0,
  first_scan INTEGER NOT NULL,
  last_seen_scan INTEGER NOT NULL,
  assigned_at INTEGER NOT NULL,
  deadline INTEGER NOT NULL,
  claimed_at INTEGER NOT NULL DEFAULT 0,
  claimed_by INTEGER REFERENCES users(id),
  updated_at INTEGER NOT NULL,
  UNIQUE (source, identity)
);
CREATE INDEX ledger_by_unit
  ON ledger_entries (unit_id, status, deadline, flagged, claim, assigned_at, site_id);
CREATE INDEX ledger_by_site ON ledger_entries (site_id, status, deadline);
CREATE TABLE ledger_events (
  id INTEGER PRIMARY KEY,
  entry_id INTEGER NOT NULL REFERENCES ledger_entries(id),
  at INTEGER NOT NULL,
  user_id INTEGER REFERENCES users(id),
  scan_id INTEGER,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ledger_events_by_entry ON ledger_events (entry_id, id);
CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

// 7: counts of the current findings by unit, draft stage, severity, category and status, kept
// by triggers, so that a findings list tells its total without counting 200,000 rows (count(*)
// took 17-80 ms at 10,000 drafts; the store's count cache only helps until the next write, and
// every triage decision and session touch is one). And indexes
// by creation time for the statistics of a period.
constexpr char kMigration7[] = R"sql(
CREATE TABLE finding_counts (
  unit_id INTEGER NOT NULL,
  stage TEXT NOT NULL,
  severity INTEGER NOT NULL,
  category INTEGER NOT NULL,
  status TEXT NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (unit_id, stage, severity, category, status)
) WITHOUT ROWID;
CREATE INDEX drafts_by_created ON drafts (created_at);
CREATE INDEX versions_by_created ON versions (created_at);
INSERT INTO finding_counts
  SELECT f.unit_id, d.stage, f.severity, f.category, f.status, count(*)
  FROM findings f JOIN drafts d ON d.id = f.draft_id WHERE f.current = 1
  GROUP BY 1, 2, 3, 4, 5;
CREATE TRIGGER finding_counts_insert AFTER INSERT ON findings WHEN new.current = 1 BEGIN
  INSERT INTO finding_counts VALUES (new.unit_id,
    (SELECT stage FROM drafts WHERE id = new.draft_id), new.severity, new.category, new.status, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER finding_counts_update_old
AFTER UPDATE OF current, unit_id, draft_id, severity, category, status ON findings
WHEN old.current = 1 BEGIN
  UPDATE finding_counts SET n = n - 1
  WHERE unit_id = old.unit_id AND stage = (SELECT stage FROM drafts WHERE id = old.draft_id)
    AND severity = old.severity AND category = old.category AND status = old.status;
END;
CREATE TRIGGER finding_counts_update_new
AFTER UPDATE OF current, unit_id, draft_id, severity, category, status ON findings
WHEN new.current = 1 BEGIN
  INSERT INTO finding_counts VALUES (new.unit_id,
    (SELECT stage FROM drafts WHERE id = new.draft_id), new.severity, new.category, new.status, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER finding_counts_delete AFTER DELETE ON findings WHEN old.current = 1 BEGIN
  UPDATE finding_counts SET n = n - 1
  WHERE unit_id = old.unit_id AND stage = (SELECT stage FROM drafts WHERE id = old.draft_id)
    AND severity = old.severity AND category = old.category AND status = old.status;
END;
CREATE TRIGGER finding_counts_stage AFTER UPDATE OF stage ON drafts
WHEN old.stage <> new.stage BEGIN
  UPDATE finding_counts SET n = n - (
    SELECT count(*) FROM findings f
    WHERE f.draft_id = new.id AND f.current = 1 AND f.unit_id = finding_counts.unit_id
      AND f.severity = finding_counts.severity AND f.category = finding_counts.category
      AND f.status = finding_counts.status)
  WHERE stage = old.stage;
  INSERT INTO finding_counts
    SELECT unit_id, new.stage, severity, category, status, count(*) FROM findings
    WHERE draft_id = new.id AND current = 1 GROUP BY unit_id, severity, category, status
  ON CONFLICT DO UPDATE SET n = n + excluded.n;
END;
)sql";

// 8: a site scan's crawl frontier, saved in batches as it crawls, so that a paused or
// interrupted scan continues where it stopped instead of fetching its pages again: every URL
// it queued, and for those settled, the crawler's answer (role, outcome, HTTP status, error
// as the crawler's numbers; the link checks need them for links found after the pause).
constexpr char kMigration8[] = R"sql(
CREATE TABLE site_scan_frontier (
  scan_id INTEGER NOT NULL,
  url TEXT NOT NULL,
  depth INTEGER NOT NULL,
  done INTEGER NOT NULL DEFAULT 0,
  has_result INTEGER NOT NULL DEFAULT 0,
  role INTEGER NOT NULL DEFAULT 0,
  outcome INTEGER NOT NULL DEFAULT 0,
  status INTEGER NOT NULL DEFAULT 0,
  error INTEGER NOT NULL DEFAULT 0,
  detail TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (scan_id, url)
) WITHOUT ROWID;
CREATE INDEX site_pages_by_scan ON site_pages (scan_id);
)sql";

// 9: each scanned page's body as fetched (deflated) with its charset, so that the per-page view
// shows the text the findings were found in, read again by the same reader. One row per URL:
// a page not fetched again (unchanged) keeps the body its findings refer to. And an index by
// assignment time that holds every column the statistics of a period count on.
constexpr char kMigration9[] = R"sql(
CREATE TABLE site_page_bodies (
  url TEXT PRIMARY KEY,
  charset TEXT NOT NULL,
  size INTEGER NOT NULL,
  body BLOB NOT NULL,
  scan_id INTEGER NOT NULL
);
CREATE INDEX ledger_by_assigned
  ON ledger_entries (assigned_at, unit_id, site_id, category, severity, rule, status, claim,
                     deadline, flagged);
)sql";

// 10: when a paused or interrupted scan was last continued, so that the ledger tells a fix
// claimed during the pause (verified by the part after it) from one claimed while the scan
// ran (verified by the next scan).
constexpr char kMigration10[] = R"sql(
ALTER TABLE site_scans ADD COLUMN resumed_at INTEGER NOT NULL DEFAULT 0;
)sql";

// 11: pages, their links and bodies, findings and ledger entries are keyed by site as well as by
// URL: two configured sites whose scopes share a page (a portal and a department's site both
// reaching /zwgk/...) each keep their own record of it, instead of overwriting each other's
// findings and telling the other's fixed. Site 0 is a whole-database scan's (cuomin crawl).
// SQLite changes a key only by rebuilding the table; existing rows take the site of the scan
// that recorded them (their URLs were unique, so no two rows meet). Run with foreign keys off
// (MigrateSchema), as ledger_events refers to the rebuilt ledger_entries.
constexpr char kMigration11[] = R"sql(
CREATE TABLE site_pages_v11 (
  site_id INTEGER NOT NULL,
  url TEXT NOT NULL,
  etag TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  scan_id INTEGER NOT NULL,
  PRIMARY KEY (site_id, url)
);
INSERT INTO site_pages_v11
  SELECT IFNULL((SELECT site_id FROM site_scans s WHERE s.id = p.scan_id), 0), url, etag,
         last_modified, scan_id
  FROM site_pages p;
CREATE TABLE site_links_v11 (
  site_id INTEGER NOT NULL,
  page_url TEXT NOT NULL,
  seq INTEGER NOT NULL,
  target TEXT NOT NULL,
  byte_offset INTEGER NOT NULL,
  line INTEGER NOT NULL,
  col INTEGER NOT NULL,
  PRIMARY KEY (site_id, page_url, seq)
);
INSERT INTO site_links_v11
  SELECT IFNULL((SELECT s.site_id FROM site_pages p JOIN site_scans s ON s.id = p.scan_id
                 WHERE p.url = l.page_url), 0),
         page_url, seq, target, byte_offset, line, col
  FROM site_links l;
CREATE TABLE site_page_bodies_v11 (
  site_id INTEGER NOT NULL,
  url TEXT NOT NULL,
  charset TEXT NOT NULL,
  size INTEGER NOT NULL,
  body BLOB NOT NULL,
  scan_id INTEGER NOT NULL,
  PRIMARY KEY (site_id, url)
);
INSERT INTO site_page_bodies_v11
  SELECT IFNULL((SELECT site_id FROM site_scans s WHERE s.id = b.scan_id), 0), url, charset,
         size, body, scan_id
  FROM site_page_bodies b;
CREATE TABLE site_findings_v11 (
  site_id INTEGER NOT NULL,
  source TEXT NOT NULL,
  identity TEXT NOT NULL,
  text_key TEXT NOT NULL,
  rule TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL,
  message TEXT NOT NULL,
  text TEXT NOT NULL,
  suggestion TEXT NOT NULL,
  byte_offset INTEGER NOT NULL,
  length INTEGER NOT NULL,
  line INTEGER NOT NULL,
  col INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  end_col INTEGER NOT NULL,
  context TEXT NOT NULL,
  rule_file TEXT NOT NULL,
  first_scan INTEGER NOT NULL,
  last_scan INTEGER NOT NULL,
  fixed_scan INTEGER,
  PRIMARY KEY (site_id, source, identity)
);
INSERT INTO site_findings_v11 (rowid, site_id, source, identity, text_key, rule, category,
    severity, message, text, suggestion, byte_offset, length, line, col, end_line, end_col,
    context, rule_file, first_scan, last_scan, fixed_scan)
  SELECT rowid, IFNULL((SELECT site_id FROM site_scans s WHERE s.id = f.last_scan), 0), source,
         identity, text_key, rule, category, severity, message, text, suggestion, byte_offset,
         length, line, col, end_line, end_col, context, rule_file, first_scan, last_scan,
         fixed_scan
  FROM site_findings f;
CREATE TABLE ledger_entries_v11 (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES sites(id),
  source TEXT NOT NULL,
  identity TEXT NOT NULL,
  unit_id INTEGER NOT NULL REFERENCES units(id),
  rule TEXT NOT NULL,
  category INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  message TEXT NOT NULL,
  text TEXT NOT NULL,
  context TEXT NOT NULL,
  status TEXT NOT NULL,
  claim TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  flagged INTEGER NOT NULL DEFAULT 0,
  first_scan INTEGER NOT NULL,
  last_seen_scan INTEGER NOT NULL,
  assigned_at INTEGER NOT NULL,
  deadline INTEGER NOT NULL,
  claimed_at INTEGER NOT NULL DEFAULT 0,
  claimed_by INTEGER REFERENCES users(id),
  updated_at INTEGER NOT NULL,
  UNIQUE (site_id, source, identity)
);
INSERT INTO ledger_entries_v11 SELECT * FROM ledger_entries;
DROP TABLE site_pages;
DROP TABLE site_links;
DROP TABLE site_page_bodies;
DROP TABLE site_findings;
DROP TABLE ledger_entries;
ALTER TABLE site_pages_v11 RENAME TO site_pages;
ALTER TABLE site_links_v11 RENAME TO site_links;
ALTER TABLE site_page_bodies_v11 RENAME TO site_page_bodies;
ALTER TABLE site_findings_v11 RENAME TO site_findings;
ALTER TABLE ledger_entries_v11 RENAME TO ledger_entries;
CREATE INDEX site_pages_by_scan ON site_pages (scan_id);
CREATE INDEX site_links_by_target ON site_links (site_id, target);
CREATE INDEX site_findings_open ON site_findings (site_id, source, fixed_scan, text_key);
CREATE INDEX site_findings_by_last_scan ON site_findings (last_scan);
CREATE INDEX site_findings_by_fixed_scan ON site_findings (fixed_scan);
CREATE INDEX site_findings_by_first_scan ON site_findings (first_scan);
CREATE INDEX ledger_by_unit
  ON ledger_entries (unit_id, status, deadline, flagged, claim, assigned_at, site_id);
CREATE INDEX ledger_by_site ON ledger_entries (site_id, status, deadline);
CREATE INDEX ledger_by_assigned
  ON ledger_entries (assigned_at, unit_id, site_id, category, severity, rule, status, claim,
                     deadline, flagged);
)sql";

// 12: what each scan found (new, still, fixed), counted once when it ends, so that a site's
// scan history does not count its findings again on every request (three counts per scan
// over a site's findings took seconds for 50 scans among 2,000,000 findings). A scan ended
// before is counted here as the history counted it; counted = 0 (running, or left running by a
// process that died) is counted when asked. And indexes by site for what is still counted live.
constexpr char kMigration12[] = R"sql(
ALTER TABLE site_scans ADD COLUMN counted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE site_scans ADD COLUMN new_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE site_scans ADD COLUMN still_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE site_scans ADD COLUMN fixed_count INTEGER NOT NULL DEFAULT 0;
CREATE INDEX site_findings_by_site_last_scan ON site_findings (site_id, last_scan, first_scan);
UPDATE site_scans SET counted = 1,
  new_count = (SELECT count(*) FROM site_findings f WHERE f.first_scan = site_scans.id),
  fixed_count = (SELECT count(*) FROM site_findings f WHERE f.fixed_scan = site_scans.id),
  still_count = (SELECT count(*) FROM site_findings f
                 WHERE f.site_id = IFNULL(site_scans.site_id, 0) AND f.last_scan >= site_scans.id
                   AND f.first_scan < site_scans.id
                   AND (f.fixed_scan IS NULL OR f.fixed_scan > site_scans.id))
WHERE state <> 'running';
)sql";

// 13: what a re-crawl needs of attachments and pictures: the content hash of a file that was
// read (an unchanged file is not read or recognised again, also when its server sends no
// validators), the pictures a page shows, one URL a line (queued again when the page is
// unchanged, as the targets of its links are), and where in a file a finding is (page, sheet,
// cell, the OCR box as "x,y,width,height", whether OCR read it), so that a finding carried
// from an earlier scan or told fixed still names its page or cell.
constexpr char kMigration13[] = R"sql(
ALTER TABLE site_pages ADD COLUMN content_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE site_pages ADD COLUMN images TEXT NOT NULL DEFAULT '';
ALTER TABLE site_findings ADD COLUMN page INTEGER NOT NULL DEFAULT 0;
ALTER TABLE site_findings ADD COLUMN sheet TEXT NOT NULL DEFAULT '';
ALTER TABLE site_findings ADD COLUMN cell TEXT NOT NULL DEFAULT '';
ALTER TABLE site_findings ADD COLUMN box TEXT NOT NULL DEFAULT '';
ALTER TABLE site_findings ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0;
)sql";

// 14: the ledger at millions of entries. Counts of entries by site, unit, day assigned,
// category, severity, rule and status (with what the figures tell apart: a confirmed entry's
// claim, a waiting one's flag and the day of its deadline), kept by triggers as migration 7
// keeps the drafts' findings: the per-unit counts, the statistics and a list's total sum a few
// thousand rows instead of grouping every entry (1.2-2 s at 100,000 entries, session 9). Days
// are Beijing days (UTC+8, store::kLedgerCountsUtcOffset), as the dashboard's periods are; a
// waiting entry is overdue from its deadline on, so the count of those due before today comes
// from the rows and today's from the index by (status, deadline). ledger_unit_counts is the
// same without the site, for the whole ledger. And the index the whole ledger's list pages on.
// Plain SQL that PostgreSQL can take (its upsert names the key: ON CONFLICT (...)).
constexpr char kMigration14[] = R"sql(
CREATE TABLE ledger_counts (
  site_id INTEGER NOT NULL,
  unit_id INTEGER NOT NULL,
  assigned_day INTEGER NOT NULL,
  category INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  rule TEXT NOT NULL,
  status TEXT NOT NULL,
  claim TEXT NOT NULL,
  flagged INTEGER NOT NULL,
  due_day INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (site_id, unit_id, assigned_day, category, severity, rule, status, claim, flagged, due_day)
) WITHOUT ROWID;
CREATE TABLE ledger_unit_counts (
  unit_id INTEGER NOT NULL,
  assigned_day INTEGER NOT NULL,
  category INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  rule TEXT NOT NULL,
  status TEXT NOT NULL,
  claim TEXT NOT NULL,
  flagged INTEGER NOT NULL,
  due_day INTEGER NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (unit_id, assigned_day, category, severity, rule, status, claim, flagged, due_day)
) WITHOUT ROWID;
CREATE INDEX ledger_by_deadline ON ledger_entries (deadline, id);
CREATE INDEX ledger_by_due
  ON ledger_entries (status, deadline, unit_id, site_id, category, severity, rule, assigned_at);
INSERT INTO ledger_counts
  SELECT e.site_id,
         e.unit_id,
         (e.assigned_at + 28800) / 86400,
         e.category,
         e.severity,
         e.rule,
         e.status,
         CASE WHEN e.status = 'confirmed' THEN e.claim ELSE '' END,
         CASE WHEN e.status IN ('open', 'reopened') THEN e.flagged ELSE 0 END,
         CASE WHEN e.status IN ('open', 'reopened') THEN (e.deadline + 28800) / 86400 ELSE 0 END,
         count(*)
  FROM ledger_entries e GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10;
INSERT INTO ledger_unit_counts
  SELECT e.unit_id,
         (e.assigned_at + 28800) / 86400,
         e.category,
         e.severity,
         e.rule,
         e.status,
         CASE WHEN e.status = 'confirmed' THEN e.claim ELSE '' END,
         CASE WHEN e.status IN ('open', 'reopened') THEN e.flagged ELSE 0 END,
         CASE WHEN e.status IN ('open', 'reopened') THEN (e.deadline + 28800) / 86400 ELSE 0 END,
         count(*)
  FROM ledger_entries e GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9;
CREATE TRIGGER ledger_counts_insert AFTER INSERT ON ledger_entries BEGIN
  INSERT INTO ledger_counts VALUES (new.site_id,
    new.unit_id,
    (new.assigned_at + 28800) / 86400,
    new.category,
    new.severity,
    new.rule,
    new.status,
    CASE WHEN new.status = 'confirmed' THEN new.claim ELSE '' END,
    CASE WHEN new.status IN ('open', 'reopened') THEN new.flagged ELSE 0 END,
    CASE WHEN new.status IN ('open', 'reopened') THEN (new.deadline + 28800) / 86400 ELSE 0 END, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO ledger_unit_counts VALUES (new.unit_id,
    (new.assigned_at + 28800) / 86400,
    new.category,
    new.severity,
    new.rule,
    new.status,
    CASE WHEN new.status = 'confirmed' THEN new.claim ELSE '' END,
    CASE WHEN new.status IN ('open', 'reopened') THEN new.flagged ELSE 0 END,
    CASE WHEN new.status IN ('open', 'reopened') THEN (new.deadline + 28800) / 86400 ELSE 0 END, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ledger_counts_update
AFTER UPDATE OF site_id, unit_id, assigned_at, category, severity, rule, status, claim, flagged,
  deadline ON ledger_entries
WHEN old.site_id <> new.site_id
  OR old.unit_id <> new.unit_id
  OR (old.assigned_at + 28800) / 86400 <> (new.assigned_at + 28800) / 86400
  OR old.category <> new.category
  OR old.severity <> new.severity
  OR old.rule <> new.rule
  OR old.status <> new.status
  OR CASE WHEN old.status = 'confirmed' THEN old.claim ELSE '' END <> CASE WHEN new.status = 'confirmed' THEN new.claim ELSE '' END
  OR CASE WHEN old.status IN ('open', 'reopened') THEN old.flagged ELSE 0 END <> CASE WHEN new.status IN ('open', 'reopened') THEN new.flagged ELSE 0 END
  OR CASE WHEN old.status IN ('open', 'reopened') THEN (old.deadline + 28800) / 86400 ELSE 0 END <> CASE WHEN new.status IN ('open', 'reopened') THEN (new.deadline + 28800) / 86400 ELSE 0 END BEGIN
  UPDATE ledger_counts SET n = n - 1
  WHERE site_id = old.site_id
    AND unit_id = old.unit_id
    AND assigned_day = (old.assigned_at + 28800) / 86400
    AND category = old.category
    AND severity = old.severity
    AND rule = old.rule
    AND status = old.status
    AND claim = CASE WHEN old.status = 'confirmed' THEN old.claim ELSE '' END
    AND flagged = CASE WHEN old.status IN ('open', 'reopened') THEN old.flagged ELSE 0 END
    AND due_day = CASE WHEN old.status IN ('open', 'reopened') THEN (old.deadline + 28800) / 86400 ELSE 0 END;
  DELETE FROM ledger_counts WHERE n = 0
    AND site_id = old.site_id
    AND unit_id = old.unit_id
    AND assigned_day = (old.assigned_at + 28800) / 86400
    AND category = old.category
    AND severity = old.severity
    AND rule = old.rule
    AND status = old.status
    AND claim = CASE WHEN old.status = 'confirmed' THEN old.claim ELSE '' END
    AND flagged = CASE WHEN old.status IN ('open', 'reopened') THEN old.flagged ELSE 0 END
    AND due_day = CASE WHEN old.status IN ('open', 'reopened') THEN (old.deadline + 28800) / 86400 ELSE 0 END;
  UPDATE ledger_unit_counts SET n = n - 1
  WHERE unit_id = old.unit_id
    AND assigned_day = (old.assigned_at + 28800) / 86400
    AND category = old.category
    AND severity = old.severity
    AND rule = old.rule
    AND status = old.status
    AND claim = CASE WHEN old.status = 'confirmed' THEN old.claim ELSE '' END
    AND flagged = CASE WHEN old.status IN ('open', 'reopened') THEN old.flagged ELSE 0 END
    AND due_day = CASE WHEN old.status IN ('open', 'reopened') THEN (old.deadline + 28800) / 86400 ELSE 0 END;
  DELETE FROM ledger_unit_counts WHERE n = 0
    AND unit_id = old.unit_id
    AND assigned_day = (old.assigned_at + 28800) / 86400
    AND category = old.category
    AND severity = old.severity
    AND rule = old.rule
    AND status = old.status
    AND claim = CASE WHEN old.status = 'confirmed' THEN old.claim ELSE '' END
    AND flagged = CASE WHEN old.status IN ('open', 'reopened') THEN old.flagged ELSE 0 END
    AND due_day = CASE WHEN old.status IN ('open', 'reopened') THEN (old.deadline + 28800) / 86400 ELSE 0 END;
  INSERT INTO ledger_counts VALUES (new.site_id,
    new.unit_id,
    (new.assigned_at + 28800) / 86400,
    new.category,
    new.severity,
    new.rule,
    new.status,
    CASE WHEN new.status = 'confirmed' THEN new.claim ELSE '' END,
    CASE WHEN new.status IN ('open', 'reopened') THEN new.flagged ELSE 0 END,
    CASE WHEN new.status IN ('open', 'reopened') THEN (new.deadline + 28800) / 86400 ELSE 0 END, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
  INSERT INTO ledger_unit_counts VALUES (new.unit_id,
    (new.assigned_at + 28800) / 86400,
    new.category,
    new.severity,
    new.rule,
    new.status,
    CASE WHEN new.status = 'confirmed' THEN new.claim ELSE '' END,
    CASE WHEN new.status IN ('open', 'reopened') THEN new.flagged ELSE 0 END,
    CASE WHEN new.status IN ('open', 'reopened') THEN (new.deadline + 28800) / 86400 ELSE 0 END, 1)
  ON CONFLICT DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER ledger_counts_delete AFTER DELETE ON ledger_entries BEGIN
  UPDATE ledger_counts SET n = n - 1
  WHERE site_id = old.site_id
    AND unit_id = old.unit_id
    AND assigned_day = (old.assigned_at + 28800) / 86400
    AND category = old.category
    AND severity = old.severity
    AND rule = old.rule
    AND status = old.status
    AND claim = CASE WHEN old.status = 'confirmed' THEN old.claim ELSE '' END
    AND flagged = CASE WHEN old.status IN ('open', 'reopened') THEN old.flagged ELSE 0 END
    AND due_day = CASE WHEN old.status IN ('open', 'reopened') THEN (old.deadline + 28800) / 86400 ELSE 0 END;
  DELETE FROM ledger_counts WHERE n = 0
    AND site_id = old.site_id
    AND unit_id = old.unit_id
    AND assigned_day = (old.assigned_at + 28800) / 86400
    AND category = old.category
    AND severity = old.severity
    AND rule = old.rule
    AND status = old.status
    AND claim = CASE WHEN old.status = 'confirmed' THEN old.claim ELSE '' END
    AND flagged = CASE WHEN old.status IN ('open', 'reopened') THEN old.flagged ELSE 0 END
    AND due_day = CASE WHEN old.status IN ('open', 'reopened') THEN (old.deadline + 28800) / 86400 ELSE 0 END;
  UPDATE ledger_unit_counts SET n = n - 1
  WHERE unit_id = old.unit_id
    AND assigned_day = (old.assigned_at + 28800) / 86400
    AND category = old.category
    AND severity = old.severity
    AND rule = old.rule
    AND status = old.status
    AND claim = CASE WHEN old.status = 'confirmed' THEN old.claim ELSE '' END
    AND flagged = CASE WHEN old.status IN ('open', 'reopened') THEN old.flagged ELSE 0 END
    AND due_day = CASE WHEN old.status IN ('open', 'reopened') THEN (old.deadline + 28800) / 86400 ELSE 0 END;
  DELETE FROM ledger_unit_counts WHERE n = 0
    AND unit_id = old.unit_id
    AND assigned_day = (old.assigned_at + 28800) / 86400
    AND category = old.category
    AND severity = old.severity
    AND rule = old.rule
    AND status = old.status
    AND claim = CASE WHEN old.status = 'confirmed' THEN old.claim ELSE '' END
    AND flagged = CASE WHEN old.status IN ('open', 'reopened') THEN old.flagged ELSE 0 END
    AND due_day = CASE WHEN old.status IN ('open', 'reopened') THEN (old.deadline + 28800) / 86400 ELSE 0 END;
END;
)sql";

// 15: the whole ledger's overdue list walks the waiting entries in deadline order and stops
// after a page. Without it SQLite took ledger_by_due for the status IN-list, read every waiting
// entry (1.76 million at 2 million findings) and sorted them: 1.2 s for a page of 100.
constexpr char kMigration15[] = R"sql(
CREATE INDEX ledger_waiting_by_deadline ON ledger_entries (deadline, id)
  WHERE status IN ('open', 'reopened');
)sql";

constexpr const char* kMigrations[] = {kMigration1,  kMigration2,  kMigration3,  kMigration4,
                                       kMigration5,  kMigration6,  kMigration7,  kMigration8,
                                       kMigration9,  kMigration10, kMigration11, kMigration12,
                                       kMigration13, kMigration14, kMigration15};

Status Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) == SQLITE_OK) return Status::Ok();
  std::string msg = err != nullptr ? err : sqlite3_errmsg(db);
  sqlite3_free(err);
  int code = sqlite3_extended_errcode(db);
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED || (code & 0xff) == SQLITE_BUSY)
    return Status::Unavailable("数据库被其他进程占用：" + msg);
  if ((code & 0xff) == SQLITE_READONLY || (code & 0xff) == SQLITE_CANTOPEN ||
      (code & 0xff) == SQLITE_PERM)
    return Status::PermissionDenied("数据库不可写：" + msg);
  return Status::Internal("数据库错误：" + msg);
}

// The crawl store before numbered migrations (user_version 0) kept tables named scans, pages
// and findings; the review tables need the name findings. Its tables move aside, to be read
// by the site store (SqliteSiteStore imports and drops them).
bool HasUnversionedCrawlTables(sqlite3* db) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db,
                         "SELECT 1 FROM pragma_table_info('findings') WHERE name = 'fingerprint'",
                         -1, &st, nullptr) != SQLITE_OK)
    return false;
  bool found = sqlite3_step(st) == SQLITE_ROW;
  sqlite3_finalize(st);
  return found;
}

// What PRAGMA foreign_keys = ON would have refused, after a migration ran without it.
Status CheckForeignKeys(sqlite3* db) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA foreign_key_check", -1, &st, nullptr) != SQLITE_OK)
    return Status::Internal(std::string("数据库错误：") + sqlite3_errmsg(db));
  Status out = Status::Ok();
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const unsigned char* table = sqlite3_column_text(st, 0);
    out = Status::Internal(std::string("表 ") +
                           (table ? reinterpret_cast<const char*>(table) : "") + " 的第 " +
                           std::to_string(sqlite3_column_int64(st, 1)) + " 行引用了不存在的记录");
  } else if (rc != SQLITE_DONE) {
    out = Status::Internal(std::string("数据库错误：") + sqlite3_errmsg(db));
  }
  sqlite3_finalize(st);
  return out;
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

// The review store's name for it (store/review_store.h): the same list.
int LatestReviewSchemaVersion() { return LatestSchemaVersion(); }

const char* Migration(int n) {
  if (n < 1 || n > LatestSchemaVersion()) return nullptr;
  return kMigrations[n - 1];
}

Result<int> MigrateSchema(sqlite3* db) {
  int version = 0;
  {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) != SQLITE_OK)
      return Status::Internal(std::string("数据库错误：") + sqlite3_errmsg(db));
    if (sqlite3_step(st) == SQLITE_ROW) version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
  }
  const int latest = LatestSchemaVersion();
  if (version > latest) {
    return Status::InvalidInput("数据库的版本（" + std::to_string(version) + "）比本程序（" +
                                std::to_string(latest) + "）新：请使用新版 cuomin");
  }
  // A migration that rebuilds a table (SQLite's way to change a key) drops a table other
  // tables refer to: foreign keys are off meanwhile, as SQLite's documentation of ALTER TABLE
  // asks, and checked before each commit instead. The pragma is a no-op inside a transaction.
  bool foreign_keys = false;
  {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA foreign_keys", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      foreign_keys = sqlite3_column_int(st, 0) != 0;
    sqlite3_finalize(st);
  }
  if (foreign_keys && version < latest) Exec(db, "PRAGMA foreign_keys = OFF");
  struct Restore {
    sqlite3* db;
    bool on;
    ~Restore() {
      if (on) sqlite3_exec(db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
    }
  } restore{db, foreign_keys && version < latest};
  for (int n = version + 1; n <= latest; ++n) {
    Status s = Exec(db, "BEGIN IMMEDIATE");
    if (s.ok() && n == 1 && HasUnversionedCrawlTables(db)) {
      s = Exec(db,
               "DROP INDEX IF EXISTS findings_source;"
               "ALTER TABLE findings RENAME TO unversioned_crawl_findings;"
               "ALTER TABLE pages RENAME TO unversioned_crawl_pages;"
               "ALTER TABLE scans RENAME TO unversioned_crawl_scans;");
    }
    if (s.ok()) s = Exec(db, Migration(n));
    if (s.ok() && foreign_keys) s = CheckForeignKeys(db);
    if (s.ok()) s = Exec(db, "PRAGMA user_version = " + std::to_string(n));
    if (s.ok()) s = Exec(db, "COMMIT");
    if (!s.ok()) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      return Status::Make(s.code(),
                          "升级到第 " + std::to_string(n) + " 版数据库失败：" + s.message());
    }
    version = n;
  }
  return version;
}

}  // namespace cuomin::store
