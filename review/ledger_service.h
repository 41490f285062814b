// Sites and the 整改 ledger, with no HTTP in sight: admins configure the sites the server scans
// and which unit owns which pages (by URL prefix); each finding of a scan becomes a ledger
// entry of the unit owning the longest matching prefix, with a deadline by severity; the
// unit's users mark an entry fixed or not an error (with a reason); a reviewer confirms or
// reopens; the next scan verifies a claimed fix (still on the page: reopened and flagged; gone:
// fixed). Overdue is computed with the injected clock.
//
//   LedgerService ledger(review_store, clock);
//   ledger.CreateSite(admin, site);  ledger.AddPrefix(admin, site_id, "/zwgk/bm/jyj/", edu_id);
//   ... a site scan writes its findings to the same database (site::SiteScan) ...
//   ledger.ApplyScan(site_id, scan_id);          // during the scan and once it has ended
//   ledger.ClaimFixed(unit_user, entry_id);  ledger.Confirm(reviewer, entry_id);
//
// Every change is one store transaction that re-reads the entry, writes its history and, for
// people's actions, the audit log. ApplyScan may be repeated (after a crash, or while a scan
// runs): an entry is counted once per scan. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "review/clock.h"
#include "review/draft_text.h"
#include "review/review_service.h"
#include "scanner/finding.h"
#include "store/ledger_types.h"
#include "store/review_store.h"

namespace cuomin::review {

struct LedgerOptions {
  // Local time of the schedules and of the periods' days, ahead of UTC.
  int64_t utc_offset_seconds = kBeijingUtcOffsetSeconds;
  // Findings read per transaction while applying a scan.
  int64_t apply_batch = 500;
};

// Deadlines in hours by severity (index = scanner::Severity). Critical is always 24 hours (a
// serious error fails the site's inspection); the others are settings.
inline constexpr int64_t kCriticalDeadlineHours = 24;
inline constexpr std::array<int64_t, 4> kDefaultDeadlineHours = {30 * 24, 15 * 24, 5 * 24,
                                                                 kCriticalDeadlineHours};

struct LedgerView {
  store::LedgerEntry entry;
  std::string unit_name;
  std::string site_name;
  bool overdue = false;  // open or reopened, and past its deadline now
};

struct LedgerQuery {
  int64_t site_id = 0;
  int64_t unit_id = 0;  // 0: every unit the actor sees (a unit's own users: their unit)
  std::optional<store::LedgerStatus> status;
  bool overdue_only = false;
  // Assigned in [from, to), seconds since the epoch; 0: unbounded.
  int64_t from = 0, to = 0;
  std::optional<int> category, severity;  // scanner::Category, scanner::Severity
  std::string rule;                       // "": any
  // The next page starts after this entry (deadline, id) of the last one: keyset paging.
  // Unset: `page` (offset paging, for small lists).
  std::optional<std::pair<int64_t, int64_t>> after;
  int64_t page = 1;
  int64_t per_page = 100;
};

// One scan of a site with what it found.
struct ScanHistoryLine {
  store::SiteScanRow scan;
  store::ScanCounts counts;
};

// How one unit's entries stand.
struct UnitLedger {
  store::Unit unit;
  store::LedgerCounts counts;
};

// How far an ApplyScan has come, read by other threads (the dashboard's progress line).
struct ApplyProgress {
  std::atomic<int64_t> total{0};  // the scan's findings it takes: new, still and fixed
  std::atomic<int64_t> done{0};   // those taken so far
};

// What applying one scan did to the ledger.
struct ApplySummary {
  int64_t assigned = 0;  // new entries
  int64_t still = 0;     // open entries found again
  int64_t reopened = 0;  // said fixed (or fixed) and found again: reopened and flagged
  int64_t fixed = 0;     // no longer found on their page
};

// A link of a scanned page and what the scan found wrong with it.
struct PageLinkView {
  std::string target;  // the URL it points to (for a link no record kept: its href)
  int64_t line = 0, column = 0;
  std::vector<scanner::Finding> problems;  // link findings at its tag; none: nothing wrong
};

// A finding of a scanned page, placed in the page's text, with its ledger entry when it has one.
struct PageFindingView {
  PlacedFinding placed;
  std::optional<LedgerView> entry;
};

// One page as its last scan left it: what a reader sees (the visible text, one block a line,
// laid out as a draft's is), the open findings placed in it, and its links with their status.
struct ScannedPageView {
  store::Site site;
  std::string url;
  store::Unit unit;  // owning the page now (by URL prefix)
  int64_t scan_id = 0;
  bool has_text = false;  // false for attachments, whose bodies are not kept
  std::string text;
  std::string read_error;                 // when the kept body could not be read again
  std::vector<PageFindingView> findings;  // in text order
  std::vector<PageLinkView> links;        // in page order; unrecorded ones with problems last
};

// One line of the site statistics: entries assigned in the period and how they stand now.
struct SiteStatsLine {
  std::string key;             // "typo", "critical", a rule id, a unit id
  std::string name;            // 错别字, 严重, the rule id, the unit's name
  store::LedgerCounts counts;  // total: found in the period
};

// The 整改 figures of a period (review/ledger_stats.cc).
struct SiteStats {
  SiteStatsLine total;
  int64_t typos_corrected = 0;    // 错别字 on pages, gone from them or their fix confirmed
  int64_t sensitive_removed = 0;  // 敏感词 and link problems (dead, hidden, blocklisted...) so
  std::vector<SiteStatsLine> by_unit;  // every unit in scope, those with nothing too; by id
  std::vector<SiteStatsLine> by_category, by_rule;  // most found first
  std::vector<SiteStatsLine> by_severity;           // most severe first
};

class LedgerService;

// One line of an export (LedgerExport::Next): the entry's exported columns, the names of its
// unit and site, and whether it is overdue now. Valid only inside the callback.
struct LedgerExportLine {
  const store::LedgerExportRow& row;
  std::string_view unit_name;
  std::string_view site_name;
  bool overdue = false;
};

// A list read a slice at a time, for an export as long as the ledger (LedgerService::Export):
// the entries the query selected when the export began, in list order, each as it stands when
// its slice is read, so that no slice holds a read transaction while the client downloads. An
// entry moved meanwhile to a unit the actor does not see is left out.
class LedgerExport {
 public:
  // The entries the query selected, counted before any was read.
  int64_t total() const { return total_; }
  // Whether the export goes ahead: false when total() was past Export's max_rows, and then
  // not one id was read.
  bool accepted() const { return accepted_; }
  bool done() const { return next_ >= ids_.size(); }
  // The next entries, at most `n` (fewer when some are no longer the actor's to see), each
  // given to `line` in list order, in one read transaction.
  Status Next(size_t n, const std::function<void(const LedgerExportLine&)>& line);

 private:
  friend class LedgerService;
  LedgerService* service_ = nullptr;
  Actor actor_;
  int64_t total_ = 0;
  bool accepted_ = false;
  std::vector<int64_t> ids_;
  size_t next_ = 0;
};

class LedgerService {
 public:
  // Not owned; they outlive the service.
  LedgerService(store::ReviewStore* store, const Clock* clock, LedgerOptions options = {});

  // --- sites (admins) ---
  // Checks every field (Chinese message naming it, kInvalidInput); zero limits take the
  // crawler's defaults.
  Result<store::Site> CreateSite(const Actor& actor, store::Site site);
  Result<store::Site> UpdateSite(const Actor& actor, store::Site site);
  Result<store::Site> GetSite(const Actor& actor, int64_t site_id);
  Result<std::vector<store::Site>> ListSites(const Actor& actor);

  // --- pages to units (admins) ---
  // `prefix`: a path ("/zwgk/bm/jyj/", on every host of the site) or an absolute URL
  // ("https://jyj.example.gov.cn/"). Normalised as the crawler normalises URLs. Adding or
  // removing one moves the entries still waiting (open, reopened) to their unit now.
  Result<store::UnitPrefix> AddPrefix(const Actor& actor, int64_t site_id,
                                      const std::string& prefix, int64_t unit_id);
  Status RemovePrefix(const Actor& actor, int64_t site_id, int64_t prefix_id);
  Result<std::vector<store::UnitPrefix>> ListPrefixes(const Actor& actor, int64_t site_id);
  // The unit owning `url`: the longest matching path wins, a prefix naming the host beats a
  // bare path of the same length; no match: the site's own unit.
  static int64_t UnitFor(const store::Site& site, const std::vector<store::UnitPrefix>& prefixes,
                         const std::string& url);

  // --- deadlines (admins set; critical is fixed) ---
  Status SetDeadlineHours(const Actor& actor, scanner::Severity severity, int64_t hours);
  Result<std::array<int64_t, 4>> DeadlineHours();

  // --- scans ---
  // For the scan runner, which acts for no user: every site, and a site's scans newest first.
  Result<std::vector<store::Site>> AllSites();
  Result<std::vector<store::SiteScanRow>> Scans(int64_t site_id, int64_t limit);
  // The pages a continued scan must fetch again: those of the site's entries said fixed
  // after scan `scan_id` began that its part before the pause saw (it saw them unfixed).
  Result<std::vector<std::string>> PagesToRecheck(int64_t site_id, int64_t scan_id);
  const LedgerOptions& options() const { return options_; }
  // A site's scans newest first with their counts, for admins and those who oversee every
  // unit (the city office).
  Result<std::vector<ScanHistoryLine>> ScanHistory(const Actor& actor, int64_t site_id,
                                                   int64_t limit);
  // Whether the actor may see the site's scans (as ScanHistory), without counting any: the
  // live progress asks it on every poll, and a running scan's counts grow with its findings.
  Status CheckScansVisible(const Actor& actor, int64_t site_id);
  // Brings the ledger up to the findings scan `scan_id` of site `site_id` recorded so far
  // (store::SiteStore), and, once the scan has finished, the ones it told fixed.
  Result<ApplySummary> ApplyScan(int64_t site_id, int64_t scan_id,
                                 ApplyProgress* progress = nullptr);

  // --- the ledger ---
  Result<store::Page<LedgerView>> List(const Actor& actor, const LedgerQuery& query);
  // The whole list `query` selects, as List checks it (page, per_page and after do not apply),
  // counted first and then read by one walk of the ledger's indexes (review/ledger_export.cc);
  // a list of more than max_rows is counted only (LedgerExport::accepted() false).
  Result<LedgerExport> Export(const Actor& actor, const LedgerQuery& query, int64_t max_rows);
  Result<LedgerView> Get(const Actor& actor, int64_t entry_id);
  // Per unit the actor sees (every unit for the city office), those with no entry too, by
  // unit id; query's site, unit, status and period apply (page and overdue_only do not).
  Result<std::vector<UnitLedger>> CountByUnit(const Actor& actor, const LedgerQuery& query);
  Result<std::vector<store::LedgerEvent>> History(const Actor& actor, int64_t entry_id);
  // Statistics of the entries assigned in query's period (site and unit apply; a unit's own
  // users see their unit only), and the same entries month by month.
  Result<SiteStats> Statistics(const Actor& actor, const LedgerQuery& query);
  Result<std::vector<store::LedgerMonth>> Months(const Actor& actor, const LedgerQuery& query);
  // The page `url` of site `site_id` (review/ledger_page.cc): for admins, those who oversee
  // every unit, and the users of the unit owning the page; for anyone else, and for a page no
  // scan of the site recorded, kNotFound.
  Result<ScannedPageView> Page(const Actor& actor, int64_t site_id, const std::string& url);
  // The unit's users (and admins): from open or reopened.
  Result<LedgerView> ClaimFixed(const Actor& actor, int64_t entry_id);
  Result<LedgerView> ClaimNotError(const Actor& actor, int64_t entry_id, const std::string& reason);
  // Reviewers who see the unit (and admins), never on their own claim: from fixed_claimed or
  // not_error.
  Result<LedgerView> Confirm(const Actor& actor, int64_t entry_id);
  // From any state but open and reopened; a reason is required. A new deadline runs.
  Result<LedgerView> Reopen(const Actor& actor, int64_t entry_id, const std::string& reason);

 private:
  friend class LedgerExport;
  using Change = std::function<Status(store::LedgerEntry&)>;
  Result<LedgerView> Act(const Actor& actor, int64_t entry_id, const std::string& action,
                         const std::string& reason, const Change& change);
  // The names of units and sites, read once per list rather than once per entry.
  struct Names {
    std::map<int64_t, std::string> units, sites;
  };
  Result<LedgerView> ViewOf(store::ReviewTx& tx, const store::LedgerEntry& e, Names& names);
  Result<store::Site> CheckSite(store::ReviewTx& tx, store::Site site);
  Status Reassign(store::ReviewTx& tx, const Actor& actor, int64_t site_id);
  // The store's filter for the entries of `query` the actor sees: kPermissionDenied for a
  // unit the actor does not see.
  Result<store::LedgerFilter> ListFilter(const Actor& actor, const LedgerQuery& query);
  // The export lines of `ids` the actor sees, in one read transaction.
  Status ExportLines(const Actor& actor, std::span<const int64_t> ids,
                     const std::function<void(const LedgerExportLine&)>& line);
  // The store's filter for what `actor` may count of `query`: kPermissionDenied for a unit
  // the actor does not see.
  Result<store::LedgerFilter> CountFilter(const Actor& actor, const LedgerQuery& query);
  Status AuditLedger(store::ReviewTx& tx, const Actor& actor, const std::string& action,
                     const std::string& object, const std::string& detail);

  store::ReviewStore* store_;
  const Clock* clock_;
  LedgerOptions options_;
  // The counts of scans not counted when they ended (running, or left so by a process that
  // died): counting them reads every finding the scan recorded, and the scans list is asked
  // often. A running scan's are counted again once they are kLiveCountSeconds old; another's
  // stand until its state or resumption changes.
  static constexpr int64_t kLiveCountSeconds = 2;
  struct LiveCounts {
    std::string state;
    int64_t resumed_at = 0;
    int64_t at = 0;  // clock_->Now() when counted
    store::ScanCounts counts;
  };
  Result<store::ScanCounts> CountScan(store::ReviewTx& tx, const store::SiteScanRow& scan);
  std::mutex live_mu_;
  std::map<int64_t, LiveCounts> live_counts_;  // by scan id
};

}  // namespace cuomin::review
