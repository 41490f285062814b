// What site scans remember between runs (cuomin crawl --db; later the server's scheduled
// scans): each page's validators and links, for conditional re-crawls, and each finding with
// a stable identity, to tell new from still present from fixed. The interface knows nothing of
// SQL, so that PostgreSQL can implement it as SQLite does (OpenSqliteSiteStore).
//
//   Result<std::unique_ptr<SiteStore>> s = OpenSqliteSiteStore("site.db");
//   (*s)->BeginScan("https://www.example.gov.cn/");
//   ... while crawling, from any thread: GetPage / OpenFindings, and CommitPage for each page
//       fetched (its validators, links and findings, in one transaction), or CommitPages for
//       several (a site scan writes its pages in batches: site::StoreBatching) ...
//   (*s)->FinishScan(print_fixed);   // marks and hands over the fixed ones
//
// What is committed stays, so a crash or an interrupt keeps the pages committed before it,
// and a second process can read the database meanwhile (WAL).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "scanner/finding.h"
#include "scanner/scan_status.h"

namespace cuomin::store {

// A link of a page as recorded: enough to report on it again without the page's body.
struct StoredLink {
  std::string target;  // normalised URL
  size_t offset = 0;   // of the <a> tag in the decoded page
  size_t line = 0;
  size_t column = 0;
};

struct PageRecord {
  std::string etag;
  std::string last_modified;
  std::vector<StoredLink> links;
  // The page's body as fetched and the charset its transport named, kept for the per-page
  // view; an empty body keeps the one stored before (a page not fetched again). Not read back
  // by GetPage.
  std::string body;
  std::string charset;
  // DeflatePageBody(body), when the caller made it already: a scan's workers deflate each
  // page as they finish it, so that the one thread writing to the store only writes.
  std::string deflated_body;
  // An attachment's or picture's content hash (site::ContentHash) when it was read: a
  // re-crawl reads the file again only when its bytes differ, also when its server sends no
  // validators. For a page, the hash of the body stored for it (site::PageBodyHash): a rescan
  // that fetches the same body does not store it again (SiteStore::SameBody). "" for files
  // not read (over a size limit) and pages stored before hashes were kept.
  std::string content_hash;
  // The pictures the page shows (<img>, in scope), which a scan reads by OCR: queued again
  // when the page is unchanged, as its links are. Not link-checked.
  std::vector<std::string> images;
};

// A page body as the site tables keep it (deflated), for PageRecord::deflated_body.
std::string DeflatePageBody(std::string_view body);

// Where a scan stands. A scan left kRunning by a process that ended without a word (killed,
// power lost) is marked kInterrupted by the next BeginScan on the database.
enum class ScanState {
  kRunning,
  kFinished,     // the crawl ended and fixed findings were told
  kInterrupted,  // SIGINT/SIGTERM, a failed write, or the process died: pages kept, no fixes
  kCancelled,    // stopped on purpose (the server's stop button): pages kept, no fixes
  kPaused,       // paused (the server's pause button): pages kept, ResumeScan continues it
};

// "running", "finished", "interrupted", "cancelled", "paused"
std::string_view ToString(ScanState s);
std::optional<ScanState> ParseScanState(std::string_view s);

// One scan as recorded.
struct ScanRecord {
  long long id = 0;
  std::string seeds;
  int64_t started_at = 0;   // seconds since the epoch
  int64_t finished_at = 0;  // 0 while running or when it never finished
  ScanState state = ScanState::kRunning;
};

// What the store says of one finding of this scan.
struct RecordedFinding {
  std::string identity;  // stable across scans while the finding stays on its page
  scanner::ScanStatus status = scanner::ScanStatus::kNew;  // kNew or kStill
};

// A finding as stored, with its identity.
struct StoredFinding {
  std::string identity;
  scanner::Finding finding;
};

// A URL of a scan's crawl frontier, saved as the scan crawls so that a paused or interrupted
// scan continues without fetching again what it settled. The answer's fields are the
// crawler's (crawler::UrlResult) kept as numbers: the store knows nothing of crawling.
struct FrontierEntry {
  std::string url;
  int depth = 0;
  bool done = false;        // settled: its answer is in (a page recorded is always done)
  bool has_result = false;  // done, and the fields below hold the crawler's answer
  int role = 0;
  int outcome = 0;
  int status = 0;
  int error = 0;
  std::string detail;
};

// What a scan left of its crawl: its URLs, queued and settled (the pages it recorded among
// them, and the targets of their links that it had not settled, queued), and the links of
// the pages it recorded, for the link checks of targets answered later.
struct SavedFrontier {
  std::vector<FrontierEntry> urls;
  struct Link {
    std::string page;
    StoredLink link;
  };
  std::vector<Link> links;
};

class SiteStore {
 public:
  virtual ~SiteStore() = default;
  // Starts a scan; the calls below belong to it. Scans of this database still marked running
  // (their process is gone: one scan at a time holds the database, or for a site's store,
  // the site) become kInterrupted. kUnavailable while another scan holds the database,
  // kConflict while another scan of the same site runs.
  virtual Status BeginScan(const std::string& seeds) = 0;
  // Continues scan `scan_id`, left kPaused or kInterrupted (or kRunning by a process that
  // is gone), instead of beginning one: what it recorded counts as this scan's (a finding
  // recorded before the pause and again after is one finding of the scan), LoadFrontier
  // gives where it stopped, and FinishScan tells fixed ones as for a whole scan. Locks as
  // BeginScan; kConflict when that scan cannot continue (finished, cancelled) or is not this
  // store's site's.
  virtual Status ResumeScan(int64_t scan_id) {
    return Status::Conflict("扫描 " + std::to_string(scan_id) + " 无法继续");
  }
  // Saves a batch of the scan's frontier in one transaction. A URL saved as done stays done
  // whatever batch comes after, so batches may be saved in any order.
  virtual Status SaveFrontier(const std::vector<FrontierEntry>& batch) { return Status::Ok(); }
  // Continuing a scan: what its part before the pause recorded of these pages no longer
  // counts (the pages are fetched again): until a page is recorded again it is unvisited and
  // its findings are not this scan's, so a finding not found again is told fixed, and a page
  // that cannot be fetched keeps its findings open.
  virtual Status RecheckPages(const std::vector<std::string>& urls) { return Status::Ok(); }
  // The frontier of the scan ResumeScan continues; empty for a new scan.
  virtual Result<SavedFrontier> LoadFrontier() { return SavedFrontier{}; }
  // The scan BeginScan started (site_scans' id); 0 before.
  virtual int64_t scan_id() const { return 0; }
  // Ends the scan without telling fixed findings (kInterrupted or kCancelled): the pages
  // committed so far stay, and the next scan compares against them.
  virtual Status EndScan(ScanState state) = 0;
  // Marks scans left running as kInterrupted, as the next BeginScan would, when no scan holds
  // the database (a server starting up); kUnavailable while one does, and nothing changes.
  virtual Status MarkInterrupted() = 0;
  // The scans of this database, newest first, at most `limit`.
  virtual Result<std::vector<ScanRecord>> Scans(size_t limit) = 0;
  // The page as a previous scan left it; nullopt when never visited.
  virtual Result<std::optional<PageRecord>> GetPage(const std::string& url) = 0;
  // What a conditional request for `url` sends: the ETag and Last-Modified a previous scan
  // recorded ("" each when none). Asked before every fetch, so stores answer it without
  // reading the page's links; the SQLite store answers without a read at all while no earlier
  // page of the site has either (a first scan, a site whose server sends none).
  struct Validators {
    std::string etag;
    std::string last_modified;
  };
  virtual Result<Validators> GetValidators(const std::string& url) {
    Result<std::optional<PageRecord>> r = GetPage(url);
    if (!r.ok()) return r.status();
    if (!*r) return Validators{};
    return Validators{(*r)->etag, (*r)->last_modified};
  }
  // Whether an earlier scan of the site stored a body for `url` whose content_hash is `hash`.
  // Then a page fetched with the same body is recorded with that hash and an empty body, and
  // the stored one stays: most pages of a rescan have not changed, and deflating and writing
  // their bodies again was a fifth of what the store cost a page. Asked for every page, so the
  // SQLite store answers without a read while no earlier page of the site has a hash.
  virtual Result<bool> SameBody(const std::string& url, const std::string& hash) { return false; }
  // Findings of `source` open after the previous scans (carried over for unchanged pages), in
  // offset order.
  virtual Result<std::vector<StoredFinding>> OpenFindings(const std::string& source) = 0;
  // In one transaction: records `page` as visited by this scan when given (only visited pages
  // can have fixed findings: a page a smaller crawl did not reach keeps its findings open), and
  // the findings of `source` (several batches per page are fine: link checks come later). One
  // result per finding, in order.
  virtual Result<std::vector<RecordedFinding>> CommitPage(
      const std::string& source, const PageRecord* page,
      const std::vector<scanner::Finding>& findings) = 0;
  // One page of CommitPages: what CommitPage takes.
  struct PageCommit {
    std::string source;
    const PageRecord* page = nullptr;
    std::vector<scanner::Finding> findings;
  };
  // CommitPage for several pages in one transaction (all or none): a writer with many small
  // pages at hand (a seeded or imported database) pays one commit for them instead of one
  // each. One result list per page, in order.
  virtual Result<std::vector<std::vector<RecordedFinding>>> CommitPages(
      const std::vector<PageCommit>& pages) = 0;
  // One batch of a scan's writes: CommitPages for `pages`, MarkGone for `gone`, then
  // SaveFrontier for `frontier`, in one transaction (all or none), so that no process killed
  // meanwhile leaves a URL settled whose page or answer is not written. One result list per
  // page, in order. The default is not atomic; the SQLite store's is.
  struct Batch {
    std::vector<PageCommit> pages;
    std::vector<std::string> gone;
    std::vector<FrontierEntry> frontier;
  };
  virtual Result<std::vector<std::vector<RecordedFinding>>> CommitBatch(const Batch& batch) {
    Result<std::vector<std::vector<RecordedFinding>>> r =
        batch.pages.empty() ? std::vector<std::vector<RecordedFinding>>()
                            : CommitPages(batch.pages);
    if (!r.ok()) return r;
    for (const std::string& url : batch.gone) {
      if (Status st = MarkGone(url); !st.ok()) return st;
    }
    if (Status st = SaveFrontier(batch.frontier); !st.ok()) return st;
    return r;
  }
  // A page that is gone (404, 410): visited, and its findings fixed.
  virtual Status MarkGone(const std::string& url) = 0;
  // Marks the open findings of visited pages that this scan did not record again as fixed and
  // hands them to `fixed` one page at a time (in offset order); the scan is kFinished.
  // Returns how many.
  virtual Result<size_t> FinishScan(
      const std::function<void(std::vector<scanner::Finding>&)>& fixed) = 0;
};

// Opens or creates the SQLite database at `path` (WAL), shared with the review store: one list
// of migrations (store/schema.h). A database of the crawl store before numbered migrations is
// imported. The error names the file; a file that cannot be written is kPermissionDenied, one
// locked by another process kUnavailable. `clock` (scan times): nullptr for the system's.
// `site_id` (the server's configured sites): its scans belong to that site, and scans of
// other sites may run beside them on the same database; 0 (cuomin crawl): a scan holds the
// whole database.
Result<std::unique_ptr<SiteStore>> OpenSqliteSiteStore(const std::string& path,
                                                       const Clock* clock = nullptr,
                                                       int64_t site_id = 0);

}  // namespace cuomin::store
