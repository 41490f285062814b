// Runs site scans for the server, in the background, through site::SiteScan (the same code
// as `cuomin crawl`), and brings the 整改 ledger up to each scan (LedgerService::ApplyScan).
//
//   ScanRunner runner(&ledger, &clock, {.db_path = "data/cuomin.db", .rules = rules.get(), ...});
//   runner.Recover();                    // at start: scans a dead process left running
//   runner.Start(admin, site_id);        // or Tick() from a timer: scheduled scans that are due
//   runner.Progress(site_id);            // pages done, queue, errors, findings so far
//   runner.Stop(admin, site_id);
//
// Only configured sites are scanned, with their own settings. Never two scans of one site at
// once (in this process or another: the site store locks the site), while different sites
// scan side by side, up to ScanRunnerOptions::max_scans. Thread-safe; the destructor
// interrupts the running scans (kept as interrupted: their pages stay, and the ledger has what
// they recorded).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "crawler/crawler.h"
#include "crawler/domain_list.h"
#include "crawler/fetcher.h"
#include "review/ledger_service.h"
#include "scanner/rule_set.h"
#include "site/site_scan.h"

namespace cuomin::review {

struct ScanRunnerOptions {
  std::string db_path;  // the database the review store uses
  // The rules every page is checked with. Not owned; required.
  const scanner::RuleSet* rules = nullptr;
  crawler::DomainList blocklist;  // site::LoadShippedBlocklists
  // What the site's settings do not say (timeouts, robots, user agent...); seeds, scope,
  // exclusions, concurrency, rate and page limit come from the site.
  crawler::CrawlOptions crawl;
  // How pages are fetched; nullptr for HTTP. Not owned. Tests pass a fake.
  crawler::Fetcher* fetcher = nullptr;
  // Scans running at once (each site at most one). A scan is mostly waiting on the network
  // and each site's politeness limits, but it checks pages on the server's cores.
  int max_scans = 4;
  // How each scan's writes are batched (site::StoreBatching); tests make the batches big to
  // kill a server with some of its pages still unwritten.
  site::StoreBatching store_batching;
  // Added to the nice value of a scan's threads (and so of the crawler's workers they start,
  // which inherit it): a dashboard request asked during a scan gets a core before the next
  // page check, while a scan alone still has every idle core. 0: as the server's.
  int scan_nice = 5;
};

// A scan of a site as the dashboard shows it.
struct ScanStatusView {
  int64_t site_id = 0;
  int64_t scan_id = 0;  // 0 before the store began it
  bool running = false;
  site::ScanProgress progress;
  // After the crawl (running still): the 整改 ledger takes the scan's findings.
  bool updating_ledger = false;
  int64_t ledger_done = 0;   // findings the ledger has taken
  int64_t ledger_total = 0;  // of these
  // Once ended:
  store::ScanState state = store::ScanState::kRunning;
  site::ScanSummary summary;
  ApplySummary ledger;
  std::string error;  // Chinese; "" when none
};

class ScanRunner {
 public:
  ScanRunner(LedgerService* ledger, const Clock* clock, ScanRunnerOptions options);
  ~ScanRunner();
  ScanRunner(const ScanRunner&) = delete;
  ScanRunner& operator=(const ScanRunner&) = delete;

  // At start: scans a dead process left running become interrupted, and the ledger gets what
  // each site's last scan recorded. The site's next Start continues an interrupted scan from
  // its saved frontier, as it does a paused one.
  Status Recover();
  // Admins. kConflict when this site is being scanned; kUnavailable while max_scans run.
  Result<ScanStatusView> Start(const Actor& actor, int64_t site_id);
  // Admins: no new request starts, the pages in flight are kept, the scan ends cancelled.
  Status Stop(const Actor& actor, int64_t site_id);
  // Admins: as Stop, but the scan ends paused, and the site's next Start (or scheduled scan)
  // continues it as the same scan: nothing it recorded is counted again.
  Status Pause(const Actor& actor, int64_t site_id);
  // The running or last scan of the site this process ran; nullopt when none.
  std::optional<ScanStatusView> Current(int64_t site_id);
  // Starts the first scheduled scan that is due (by site id) of a site not being scanned,
  // when fewer than max_scans run. Returns the site started, or 0.
  int64_t Tick();
  // Blocks until no scan runs (tests, shutdown).
  void Wait();
  // Calls Tick() every `every_seconds` on a thread of its own until destruction.
  void RunSchedules(int64_t every_seconds);

 private:
  struct Running;
  cuomin::Status Launch(const store::Site& site);
  void Run(std::shared_ptr<Running> run, store::Site site);
  Status Halt(const Actor& actor, int64_t site_id, store::ScanState as);

  LedgerService* ledger_;
  const Clock* clock_;
  ScanRunnerOptions options_;
  std::mutex mu_;
  std::map<int64_t, std::shared_ptr<Running>> running_;  // by site
  // Each site's last scan thread, joined before its next scan starts or by Wait().
  std::map<int64_t, std::thread> threads_;
  std::map<int64_t, ScanStatusView> last_;  // by site
  // The schedule timer.
  std::mutex timer_mu_;
  std::condition_variable timer_cv_;
  bool timer_stop_ = false;
  std::thread timer_;
};

// The crawl options of a configured site over `base`.
crawler::CrawlOptions CrawlOptionsFor(const store::Site& site, crawler::CrawlOptions base);

}  // namespace cuomin::review
