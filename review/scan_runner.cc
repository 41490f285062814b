#include "review/scan_runner.h"

#include <re2/re2.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "review/schedule.h"
#include "store/site_store.h"

namespace cuomin::review {

// A scan in flight: the SiteScan exists once the store has begun it.
struct ScanRunner::Running {
  std::mutex mu;
  std::unique_ptr<site::SiteScan> scan;
  ScanStatusView view;
  bool stop = false;  // asked to stop before the scan existed
  store::ScanState stop_as = store::ScanState::kCancelled;
  ApplyProgress applied;  // the ledger's, once the crawl has ended (view.updating_ledger)
};

namespace {

// Findings go to the store (new / still / fixed) and the ledger reads them back from there,
// so the sink has nothing to keep.
class NoSink : public site::FindingSink {
 public:
  void OnPage(const site::PageFindings&) override {}
};

}  // namespace

crawler::CrawlOptions CrawlOptionsFor(const store::Site& site, crawler::CrawlOptions base) {
  base.seeds = site.start_urls;
  base.scope = site.scope == "domain"   ? crawler::Scope::kDomain
               : site.scope == "prefix" ? crawler::Scope::kPrefix
                                        : crawler::Scope::kHost;
  std::string alternatives;
  for (const std::string& p : site.excluded_paths) {
    alternatives += (alternatives.empty() ? "" : "|") + RE2::QuoteMeta(p);
  }
  if (!alternatives.empty()) base.exclude_regex = "^https?://[^/]+(?:" + alternatives + ")";
  base.concurrency = site.concurrency;
  base.per_host_concurrency = site.per_host_concurrency;
  base.per_host_rate = site.per_host_rate;
  base.max_pages = static_cast<size_t>(site.max_pages);
  // Only the configured site's addresses: a page redirecting elsewhere is not followed.
  base.follow_offsite_redirects = false;
  return base;
}

ScanRunner::ScanRunner(LedgerService* ledger, const Clock* clock, ScanRunnerOptions options)
    : ledger_(ledger), clock_(clock), options_(std::move(options)) {
  if (options_.crawl.clock == nullptr) options_.crawl.clock = clock_;
}

ScanRunner::~ScanRunner() {
  {
    std::lock_guard lock(timer_mu_);
    timer_stop_ = true;
  }
  timer_cv_.notify_all();
  if (timer_.joinable()) timer_.join();
  {
    std::lock_guard lock(mu_);
    for (auto& [site, run] : running_) {
      std::lock_guard run_lock(run->mu);
      run->stop = true;
      run->stop_as = store::ScanState::kInterrupted;
      if (run->scan) run->scan->Cancel(store::ScanState::kInterrupted);
    }
  }
  Wait();
}

Status ScanRunner::Recover() {
  Result<std::unique_ptr<store::SiteStore>> db =
      store::OpenSqliteSiteStore(options_.db_path, clock_);
  if (!db.ok()) return db.status();
  if (Status st = (*db)->MarkInterrupted(); !st.ok()) return st;
  Result<std::vector<store::Site>> sites = ledger_->AllSites();
  if (!sites.ok()) return sites.status();
  for (const store::Site& s : *sites) {
    Result<std::vector<store::SiteScanRow>> scans = ledger_->Scans(s.id, 1);
    if (!scans.ok()) return scans.status();
    if (scans->empty()) continue;
    if (Result<ApplySummary> a = ledger_->ApplyScan(s.id, scans->front().id); !a.ok())
      return a.status();
  }
  return Status::Ok();
}

Status ScanRunner::Launch(const store::Site& site) {
  std::lock_guard lock(mu_);
  if (running_.count(site.id)) return Status::Conflict("网站“" + site.name + "”正在扫描");
  if (static_cast<int>(running_.size()) >= std::max(options_.max_scans, 1)) {
    return Status::Unavailable("已有 " + std::to_string(running_.size()) +
                               " 个网站正在扫描（同时最多这么多），请稍后再试");
  }
  // The site's last scan thread has ended its work (it left running_ as its last step).
  if (auto t = threads_.find(site.id); t != threads_.end() && t->second.joinable())
    t->second.join();
  auto run = std::make_shared<Running>();
  run->view.site_id = site.id;
  run->view.running = true;
  running_[site.id] = run;
  last_[site.id] = run->view;
  threads_[site.id] = std::thread([this, run, site] { Run(run, site); });
  return Status::Ok();
}

void ScanRunner::Run(std::shared_ptr<Running> run, store::Site site) {
  if (options_.scan_nice > 0) {
    // Linux keeps a nice value per thread: this one's, and what it starts, not the server's.
    const id_t self = static_cast<id_t>(::gettid());
    errno = 0;
    int nice = ::getpriority(PRIO_PROCESS, self);
    if (errno == 0) ::setpriority(PRIO_PROCESS, self, std::min(nice + options_.scan_nice, 19));
  }
  auto finish = [&](const std::string& error) {
    std::lock_guard lock(mu_);
    std::lock_guard run_lock(run->mu);
    run->view.running = false;
    if (!error.empty() && run->view.error.empty()) run->view.error = error;
    if (run->scan) run->view.progress = run->scan->Progress();
    run->scan.reset();  // before the store it writes to closes
    last_[site.id] = run->view;
    running_.erase(site.id);
  };
  Result<std::unique_ptr<store::SiteStore>> db =
      store::OpenSqliteSiteStore(options_.db_path, clock_, site.id);
  if (!db.ok()) return finish(db.status().message());
  site::SiteScanOptions o;
  o.crawl = CrawlOptionsFor(site, options_.crawl);
  o.rules = options_.rules;
  o.blocklist = options_.blocklist;
  o.store = db->get();
  o.fetcher = options_.fetcher;
  o.store_label = site.name;
  o.store_batching = options_.store_batching;
  // The site's last scan, paused or interrupted (or left running by a process that died: the
  // store's site lock tells), is continued from where it stopped rather than begun again.
  Result<std::vector<store::SiteScanRow>> last = ledger_->Scans(site.id, 1);
  if (!last.ok()) return finish(last.status().message());
  if (!last->empty()) {
    const std::string& state = last->front().state;
    if (state == store::ToString(store::ScanState::kPaused) ||
        state == store::ToString(store::ScanState::kInterrupted) ||
        state == store::ToString(store::ScanState::kRunning)) {
      o.resume_scan = last->front().id;
      Result<std::vector<std::string>> recheck = ledger_->PagesToRecheck(site.id, o.resume_scan);
      if (!recheck.ok()) return finish(recheck.status().message());
      o.recheck = std::move(*recheck);
    }
  }
  NoSink sink;
  auto scan = std::make_unique<site::SiteScan>(std::move(o), &sink);
  if (Status st = scan->Start(); !st.ok()) return finish(st.message());
  const int64_t scan_id = (*db)->scan_id();  // not the newest: another site's may be newer
  // The scan belongs to its site from the start, so that an interrupted one is found again.
  if (Result<ApplySummary> a = ledger_->ApplyScan(site.id, scan_id); !a.ok())
    return finish(a.status().message());
  {
    std::lock_guard run_lock(run->mu);
    run->view.scan_id = scan_id;
    run->scan = std::move(scan);
    if (run->stop) run->scan->Cancel(run->stop_as);
  }
  site::ScanSummary sum = run->scan->Run();
  {
    std::lock_guard run_lock(run->mu);
    run->view.updating_ledger = true;
  }
  Result<ApplySummary> applied = ledger_->ApplyScan(site.id, scan_id, &run->applied);
  {
    std::lock_guard run_lock(run->mu);
    run->view.updating_ledger = false;
    run->view.ledger_done = run->applied.done;
    run->view.ledger_total = run->applied.total;
    run->view.state = sum.state;
    run->view.summary = sum;
    run->view.error = sum.store_error;
    if (applied.ok()) {
      run->view.ledger = *applied;
    } else if (run->view.error.empty()) {
      run->view.error = applied.status().message();
    }
  }
  finish("");
}

Result<ScanStatusView> ScanRunner::Start(const Actor& actor, int64_t site_id) {
  Result<store::Site> site = ledger_->GetSite(actor, site_id);
  if (!site.ok()) return site.status();
  if (Status st = Launch(*site); !st.ok()) return st;
  return *Current(site_id);
}

Status ScanRunner::Stop(const Actor& actor, int64_t site_id) {
  return Halt(actor, site_id, store::ScanState::kCancelled);
}

Status ScanRunner::Pause(const Actor& actor, int64_t site_id) {
  return Halt(actor, site_id, store::ScanState::kPaused);
}

Status ScanRunner::Halt(const Actor& actor, int64_t site_id, store::ScanState as) {
  if (actor.role != store::Role::kAdmin)
    return Status::PermissionDenied("只有管理员可以停止或暂停扫描");
  std::lock_guard lock(mu_);
  auto it = running_.find(site_id);
  if (it == running_.end()) return Status::Conflict("该网站没有正在进行的扫描");
  std::lock_guard run_lock(it->second->mu);
  it->second->stop = true;
  it->second->stop_as = as;
  if (it->second->scan) it->second->scan->Cancel(as);
  return Status::Ok();
}

std::optional<ScanStatusView> ScanRunner::Current(int64_t site_id) {
  std::lock_guard lock(mu_);
  if (auto it = running_.find(site_id); it != running_.end()) {
    std::lock_guard run_lock(it->second->mu);
    ScanStatusView v = it->second->view;
    if (it->second->scan) v.progress = it->second->scan->Progress();
    if (v.updating_ledger) {
      v.ledger_total = it->second->applied.total;
      v.ledger_done = std::min<int64_t>(it->second->applied.done, v.ledger_total);
    }
    return v;
  }
  auto it = last_.find(site_id);
  if (it == last_.end()) return std::nullopt;
  return it->second;
}

int64_t ScanRunner::Tick() {
  {
    std::lock_guard lock(mu_);
    if (static_cast<int>(running_.size()) >= std::max(options_.max_scans, 1)) return 0;
  }
  Result<std::vector<store::Site>> sites = ledger_->AllSites();
  if (!sites.ok()) return 0;
  const int64_t now = clock_->Now();
  for (const store::Site& s : *sites) {
    if (!s.enabled) continue;
    {
      std::lock_guard lock(mu_);
      if (running_.count(s.id)) continue;
    }
    Result<Schedule> sch = Schedule::Parse(s.schedule);
    if (!sch.ok() || sch->empty()) continue;
    Result<std::vector<store::SiteScanRow>> scans = ledger_->Scans(s.id, 1);
    if (!scans.ok()) continue;
    // Due when a run time passed since the last scan began (or since the site was made).
    int64_t since = scans->empty() ? s.created_at : scans->front().started_at;
    int64_t next = sch->NextRun(since, ledger_->options().utc_offset_seconds);
    if (next == 0 || next > now) continue;
    if (Launch(s).ok()) return s.id;
    return 0;
  }
  return 0;
}

void ScanRunner::Wait() {
  for (;;) {
    std::map<int64_t, std::thread> threads;
    {
      std::lock_guard lock(mu_);
      threads.swap(threads_);
    }
    if (threads.empty()) return;
    for (auto& [site, t] : threads) {
      if (t.joinable()) t.join();
    }
  }
}

void ScanRunner::RunSchedules(int64_t every_seconds) {
  if (timer_.joinable()) return;
  timer_ = std::thread([this, every_seconds] {
    std::unique_lock lock(timer_mu_);
    while (!timer_stop_) {
      lock.unlock();
      Tick();
      lock.lock();
      timer_cv_.wait_for(lock, std::chrono::seconds(every_seconds), [&] { return timer_stop_; });
    }
  });
}

}  // namespace cuomin::review
