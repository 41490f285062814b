// What one site scan is: the crawler, the checks of every page with a rule set, the link checks
// (dead, hidden, blocklisted, turned bad), the store that tells new, still open and fixed
// findings apart, and a sink that receives the findings. `cuomin crawl`, the server and crawl
// workers run scans the same way:
//
//   SiteScanOptions opt;
//   opt.crawl.seeds = {"https://www.example.gov.cn/"};
//   opt.rules = rules.get();                  // scanner::RuleSet, loaded once
//   opt.blocklist = *LoadShippedBlocklists(dictionary_dir);
//   opt.store = site_store.get();             // optional: history, conditional re-fetch
//   SiteScan scan(std::move(opt), &sink);
//   if (Status s = scan.Start(); !s.ok()) ... // options checked, the store's scan begun
//   ScanSummary sum = scan.Run();             // blocks until done or Cancel()
//
// Progress() and Cancel() may be called from any thread while Run() blocks. A page is checked
// by the worker that fetched it, after its host's politeness slot was released: politeness
// limits fetching, not checking.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "crawler/crawler.h"
#include "crawler/domain_list.h"
#include "crawler/fetcher.h"
#include "scanner/finding.h"
#include "scanner/rule_set.h"
#include "site/attachments.h"
#include "site/finding_sink.h"
#include "store/site_store.h"

namespace cuomin::site {

// Seconds a page may take to be read and checked. Real pages take well under a second; the
// limit is for pages built to be slow, so that one of them cannot hold a worker for an hour.
inline constexpr double kDefaultPageTimeLimitSeconds = 30;

// How a scan's writes reach its store. A thread of their own gathers them and writes several
// pages in one transaction: one commit for them all instead of one a page, which cost a scan
// of small pages most of its time, and the workers go on checking pages meanwhile. A batch is
// written once it holds `max_pages` pages (or link-finding batches) or `max_bytes` of memory
// (bodies raw and deflated, links, findings with their texts), or `max_delay` after its
// first page, whichever comes first, and when the scan ends.
// A process killed meanwhile loses the open batch and no more: the crawl's frontier is saved
// after the pages it settles, so a continued scan fetches those pages again and counts each
// finding once. 512 pages rather than 64: each page's rows go into some seven b-trees by URL,
// so a small batch rewrites as many index pages as it has rows (~7 WAL frames a page), and
// the queue (four batches) was too short to carry the workers over the writer's pauses on a
// busy machine; in practice max_delay closes most batches first.
struct StoreBatching {
  size_t max_pages = 512;
  size_t max_bytes = size_t{8} << 20;
  std::chrono::milliseconds max_delay{200};
};

struct SiteScanOptions {
  crawler::CrawlOptions crawl;  // seeds, scope, politeness, limits
  // The rules every page is checked with. Not owned; required; outlives the scan.
  const scanner::RuleSet* rules = nullptr;
  // Hosts whose links are critical findings (LoadShippedBlocklists plus the site's own).
  crawler::DomainList blocklist;
  // History between scans: new/still/fixed, conditional requests for unchanged pages. Not
  // owned; nullptr for a scan that remembers nothing.
  store::SiteStore* store = nullptr;
  // How pages are fetched. Not owned; nullptr for HTTP (crawler::MakeHttpFetcher). Tests and
  // the server's tests pass a fake.
  crawler::Fetcher* fetcher = nullptr;
  // Attachments (PDF, spreadsheets, Word, OFD) and pictures linked from in-scope pages: read
  // and checked like pages, within their size limits.
  AttachmentOptions attachments;
  // The text the store records as the scan's seeds; "" for the seeds joined by spaces.
  std::string store_label;
  // A paused or interrupted scan of the store to continue (store::SiteStore::ResumeScan); 0:
  // a new scan. The crawl goes on from the frontier the store saved: what the scan settled
  // before is not fetched again, what it had queued is, and what it found counts once.
  int64_t resume_scan = 0;
  // When continuing: settled URLs to fetch and check again all the same (pages a unit said
  // it fixed while the scan was paused: the part before the pause saw them unfixed).
  std::vector<std::string> recheck;
  // Time for reading and checking one page, from the end of its fetch; 0 for none. A page cut
  // short keeps the findings found so far plus one check-incomplete finding; the scan goes on.
  std::chrono::duration<double> page_time_limit{kDefaultPageTimeLimitSeconds};
  // The clock the page time limit is read against; empty means steady_clock::now. Tests pass a
  // fake one, so that where a page is cut does not depend on the machine's speed.
  std::function<std::chrono::steady_clock::time_point()> now;
  // Called with its URL on the thread that reads an attachment or picture, just before it is
  // read. Tests hold the readers back with it, as a slow OCR engine would, to show that the
  // pages are checked meanwhile; empty otherwise.
  std::function<void(const std::string& url)> before_file_read;
  // Batches of the store's writes (only with a store).
  StoreBatching store_batching;
};

// Where a scan is. After its last page a scan still writes the pages checked but not yet in
// the store, then tells the findings fixed since the last scan: on a big site that takes
// seconds, and a user shown only "running" with no page moving thinks it hung.
enum class ScanPhase {
  kCrawling,   // fetching and checking pages
  kWriting,    // the crawl has ended; pages checked but not yet in the store are written
  kFinishing,  // every page is written; the findings fixed since the last scan are told
};

// A snapshot of a running scan, for a progress line or the dashboard.
struct ScanProgress {
  size_t pages_done = 0;  // distinct URLs settled (fetched, skipped or failed)
  size_t queued = 0;      // URLs waiting for a fetch
  size_t errors = 0;      // URLs that failed (HTTP errors, timeouts, loops)
  size_t findings = 0;    // findings so far (not counting fixed ones)
  ScanPhase phase = ScanPhase::kCrawling;
  size_t unwritten = 0;  // pages checked and not yet written to the store
};

struct ScanSummary {
  crawler::CrawlStats crawl;
  size_t findings = 0;    // found by this scan
  size_t fixed = 0;       // open after the last scan, gone now (only when state is kFinished)
  size_t unreadable = 0;  // pages and files fetched but not readable (corrupt, wrong type)
  size_t files_read = 0;  // attachments and pictures read (pictures by OCR) and checked
  // Attachments and pictures whose bytes the last scan read: their findings carried, not read
  // again (a file answered 304 Not Modified counts with the unchanged pages instead).
  size_t files_unchanged = 0;
  // Findings by category, then severity (index = Severity value).
  std::map<scanner::Category, std::array<size_t, 4>> by_category;
  store::ScanState state = store::ScanState::kFinished;
  // The first store failure ("" when none): then the scan is kInterrupted and fixed findings
  // are not told (a page whose findings are missing would look fixed).
  std::string store_error;
  size_t committed = 0;  // pages and link batches written to the store
};

class SiteScan {
 public:
  // `sink` (not owned) receives the findings; it must outlive the scan.
  SiteScan(SiteScanOptions options, FindingSink* sink);
  ~SiteScan();
  SiteScan(const SiteScan&) = delete;
  SiteScan& operator=(const SiteScan&) = delete;

  // Checks the options (Chinese message, kInvalidInput) and begins the store's scan (a store
  // in use by another scan: kUnavailable; not writable: kPermissionDenied). Call once, first.
  Status Start();
  // Scans until the frontier is empty or Cancel(). Call once, after Start() succeeded.
  ScanSummary Run();
  // From any thread: no new request starts, the pages in flight are finished and kept, and
  // the scan ends as `why` (kCancelled, kInterrupted or kPaused) without telling fixed
  // findings.
  void Cancel(store::ScanState why = store::ScanState::kCancelled);
  ScanProgress Progress() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

// The shipped blocklists under the dictionary directory: the illegal-domain list of the
// sensitive rules and the gambling and pornography host lists of links/.
Result<crawler::DomainList> LoadShippedBlocklists(const std::string& dictionary_dir);

}  // namespace cuomin::site
