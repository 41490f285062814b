// The rows of configured sites, unit URL prefixes and the 整改 ledger, as the store keeps them.
// Plain data: what they mean and who may change them is review/ledger_service.h.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "scanner/finding.h"

namespace cuomin::store {

// A site that the server scans. Lists are kept in order as the admin gave them.
struct Site {
  int64_t id = 0;
  std::string name;
  int64_t unit_id = 0;  // the office that runs the site: owns pages no prefix claims
  std::vector<std::string> start_urls;
  std::string scope = "host";  // host | domain | prefix (crawler::Scope)
  std::vector<std::string> excluded_paths;
  int concurrency = 0;
  int per_host_concurrency = 0;
  double per_host_rate = 0;  // requests per second per host
  int64_t max_pages = 0;
  std::string schedule;  // "" (by hand only), "daily 02:30", "weekly 1 02:30", "cron M H D M W"
  bool enabled = true;
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

// Pages whose URL starts with `prefix` belong to `unit_id`. A prefix starting with '/' is a
// path on any host of the site; otherwise it is an absolute URL (one host).
struct UnitPrefix {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string prefix;  // normalised as the crawler normalises URLs
  int64_t unit_id = 0;
};

// Where a ledger entry stands.
enum class LedgerStatus {
  kOpen,          // assigned, waiting for the unit
  kFixedClaimed,  // the unit says it fixed it; the next scan and a reviewer verify
  kNotAnError,    // the unit says it is no error (reason given); a reviewer decides
  kConfirmed,     // a reviewer accepted the unit's claim (see LedgerEntry::claim)
  kReopened,      // a reviewer or a scan sent it back to the unit
  kFixed,         // a scan no longer finds it on the page
};
std::string_view ToString(LedgerStatus s);  // "open", "fixed_claimed", ...
std::optional<LedgerStatus> ParseLedgerStatus(std::string_view s);
std::string_view ChineseName(LedgerStatus s);  // 待整改, 已整改待核, ...

struct LedgerEntry {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string source;    // the page's URL
  std::string identity;  // the site finding's identity on that page (site_findings)
  int64_t unit_id = 0;
  std::string rule;
  int category = 0;  // scanner::Category
  int severity = 0;  // scanner::Severity
  std::string message, text, context;
  LedgerStatus status = LedgerStatus::kOpen;
  std::string claim;     // the unit's last claim: "fixed", "not_error" or ""
  std::string reason;    // of a not-an-error claim or a reopening
  bool flagged = false;  // reopened by a scan: said fixed, still on the page
  int64_t first_scan = 0;
  int64_t last_seen_scan = 0;  // the last scan that found it (or verified it gone)
  int64_t assigned_at = 0;
  int64_t deadline = 0;
  int64_t claimed_at = 0;
  int64_t claimed_by = 0;
  int64_t updated_at = 0;
};

// One change of an entry: by a user (user_id) or by a scan (scan_id).
struct LedgerEvent {
  int64_t id = 0;
  int64_t entry_id = 0;
  int64_t at = 0;
  int64_t user_id = 0;
  int64_t scan_id = 0;
  std::string from_status;  // "" for the assignment
  std::string to_status;
  std::string reason;
};

struct LedgerFilter {
  int64_t site_id = 0;  // 0: any
  int64_t unit_id = 0;  // 0: any
  std::optional<LedgerStatus> status;
  // Set: only entries open or reopened whose deadline is before this time.
  std::optional<int64_t> overdue_at;
  // Assigned in [assigned_from, assigned_to); 0: unbounded.
  int64_t assigned_from = 0, assigned_to = 0;
  std::optional<int> category, severity;  // scanner::Category, scanner::Severity
  std::string rule;                       // "": any
  // Keyset paging in list order (deadline, id): entries after this one. Unset: from the
  // first, skipping `offset` (kept for small lists; the dashboard pages by key).
  std::optional<std::pair<int64_t, int64_t>> after;  // (deadline, id)
  int64_t offset = 0;
  int64_t limit = 100;
};

// One row of the ledger's CSV (LedgerTx::ExportRows): the columns an export writes and no
// more. The texts point into the store's row and last only until the callback returns, so
// that a row costs no allocation.
struct LedgerExportRow {
  int64_t id = 0;
  int64_t site_id = 0;
  int64_t unit_id = 0;
  std::string_view source, rule, message, text, reason;
  int category = 0;  // scanner::Category
  int severity = 0;  // scanner::Severity
  LedgerStatus status = LedgerStatus::kOpen;
  bool flagged = false;
  int64_t assigned_at = 0;
  int64_t deadline = 0;
};

// How a unit's entries stand (LedgerTx::CountByUnit).
struct LedgerCounts {
  int64_t unit_id = 0;
  int64_t total = 0;
  int64_t waiting = 0;    // open or reopened
  int64_t overdue = 0;    // waiting and past the deadline
  int64_t flagged = 0;    // waiting, reopened by a scan
  int64_t claimed = 0;    // fixed_claimed or not_error: for a reviewer
  int64_t fixed = 0;      // gone from the page, or a confirmed fix
  int64_t not_error = 0;  // confirmed not an error
};

// Entries of one unit, category, severity and rule (LedgerTx::StatsRows); counts.unit_id is
// the unit.
struct LedgerStatsRow {
  int category = 0;  // scanner::Category
  int severity = 0;  // scanner::Severity
  std::string rule;
  LedgerCounts counts;
};

// Entries assigned in one month (local time) and how many of them are fixed now.
struct LedgerMonth {
  std::string month;  // "2026-12"
  int64_t found = 0;
  int64_t fixed = 0;
};

// The ledger's counts (store/schema.cc, migration 14) are by Beijing day: a period whose ends
// are midnights of this offset is summed from them; any other is counted entry by entry.
inline constexpr int64_t kLedgerCountsUtcOffset = 8 * 3600;

// A site scan as the ledger sees it.
struct SiteScanRow {
  int64_t id = 0;
  int64_t site_id = 0;  // 0 when the scan belongs to no configured site (cuomin crawl)
  int64_t started_at = 0;
  std::string state;
  int64_t resumed_at = 0;  // when last continued after a pause or interruption; 0: never
};

// What one scan found, as the site tables tell it afterwards.
struct ScanCounts {
  int64_t finished_at = 0;  // 0: not finished
  int64_t fresh = 0;        // first seen by it
  int64_t still = 0;        // seen before and again by it
  int64_t fixed = 0;        // open before, gone now (finished scans only)
};

// A finding of a site scan (site_findings), read back for the ledger.
struct ScannedFinding {
  int64_t row = 0;  // the key to page on
  std::string source, identity, rule;
  int category = 0;
  int severity = 0;
  std::string message, text, context;
};

// A link of a scanned page as the site tables keep it.
struct PageLinkRow {
  std::string target;  // normalised URL
  int64_t offset = 0;  // of its <a> tag in the decoded page: link findings sit there
  int64_t line = 0;
  int64_t column = 0;
};

// What the site tables hold of one scanned page (or attachment), for the per-page view.
struct ScannedPage {
  std::string url;
  int64_t site_id = 0;    // of the last scan that visited it or found something on it
  int64_t scan_id = 0;    // that scan
  bool has_body = false;  // attachments and unreadable bodies are not kept
  std::string body;       // as fetched
  std::string charset;    // as its transport named it
  std::vector<PageLinkRow> links;
  // Its open findings (not fixed) with their identities, in offset order.
  std::vector<std::pair<std::string, scanner::Finding>> findings;
};

}  // namespace cuomin::store
