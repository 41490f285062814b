// The server's scans (review/scan_runner.h): site::SiteScan with a fake fetcher, the ledger
// brought up to each scan, one scan of a site at a time, stop, schedules on a fake clock, and a
// scan a dead process left running.
#include "review/scan_runner.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "review/review_service.h"
#include "site_scan_fixtures.h"
#include "store/site_store.h"

namespace cuomin::review {
namespace {

namespace cr = cuomin::crawler;
using store::LedgerStatus;
using store::Role;

using site_scan_fixtures::Html;
using site_scan_fixtures::TypoRules;

// Pages by path; others answer 404. `gate` (when set) holds every answer until opened.
class FakeSite : public cr::Fetcher {
 public:
  void Set(const std::string& path, std::string html) {
    std::lock_guard lock(mu_);
    pages_[path] = std::move(html);
  }
  void Remove(const std::string& path) {
    std::lock_guard lock(mu_);
    pages_.erase(path);
  }
  void Close() {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  void Open() {
    {
      std::lock_guard lock(mu_);
      closed_ = false;
      held_.clear();
    }
    cv_.notify_all();
  }
  // Answers for `path` wait until Open(), whatever Close() says.
  void Hold(const std::string& path) {
    std::lock_guard lock(mu_);
    held_ = path;
  }
  cr::FetchResponse Fetch(const cr::FetchRequest& req) override {
    errno = 0;
    const int nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
    std::unique_lock lock(mu_);
    if (errno == 0) nice_seen_.insert(nice);
    ++requests_;
    ++hits_[req.url.path];
    cv_.notify_all();
    if (req.url.path == held_) {
      cv_.wait(lock, [&] { return held_.empty(); });
    }
    cv_.wait(lock, [&] { return !closed_; });
    cr::FetchResponse r;
    auto it = pages_.find(req.url.path);
    if (it == pages_.end()) {
      r.status = 404;
      return r;
    }
    r.status = 200;
    r.headers.emplace_back("content-type", "text/html; charset=utf-8");
    r.body = it->second;
    return r;
  }
  bool WaitForRequest() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(20), [&] { return requests_ > 0; });
  }
  bool WaitFor(const std::string& path) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(60), [&] { return hits_.count(path) > 0; });
  }
  // Requests for `path` so far.
  int Hits(const std::string& path) {
    std::lock_guard lock(mu_);
    auto it = hits_.find(path);
    return it == hits_.end() ? 0 : it->second;
  }
  void ForgetHits() {
    std::lock_guard lock(mu_);
    hits_.clear();
  }
  // The nice values of the threads that fetched.
  std::set<int> NiceSeen() {
    std::lock_guard lock(mu_);
    return nice_seen_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::string> pages_;
  std::map<std::string, int> hits_;
  std::string held_;
  int requests_ = 0;
  bool closed_ = false;
  std::set<int> nice_seen_;
};

// The review store with its writes held: after `let` more, each waits until Open().
class GatedStore : public store::ReviewStore {
 public:
  explicit GatedStore(store::ReviewStore* inner) : inner_(inner) {}
  Status Read(const std::function<Status(store::ReviewTx&)>& fn) override {
    return inner_->Read(fn);
  }
  Status Write(const std::function<Status(store::ReviewTx&)>& fn) override {
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return open_ || let_ > 0; });
      if (!open_) --let_;
    }
    return inner_->Write(fn);
  }
  int schema_version() const override { return inner_->schema_version(); }
  void HoldAfter(int let) {
    std::lock_guard lock(mu_);
    open_ = false;
    let_ = let;
  }
  void Let(int more) {
    {
      std::lock_guard lock(mu_);
      let_ += more;
    }
    cv_.notify_all();
  }
  void Open() {
    {
      std::lock_guard lock(mu_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  store::ReviewStore* inner_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool open_ = true;
  int let_ = 0;
};

// Polls `view` of the site every 10 ms for up to 20 s until `done` says so; the last one seen.
ScanStatusView WaitForView(ScanRunner& runner, int64_t site,
                           const std::function<bool(const ScanStatusView&)>& done) {
  ScanStatusView v;
  for (int i = 0; i < 2000; ++i) {
    if (auto now = runner.Current(site)) {
      v = *now;
      if (done(v)) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return v;
}

// A site crawled one request at a time, in link order: the home page links to a dead page,
// the bureau's two pages, a news page (that links to the dead page too) and a second dead
// page. Four typos; three dead links.
void PlantResumeSite(FakeSite& web) {
  web.Set("/", Html("<a href=\"/gone.html\">旧</a><a href=\"/zwgk/bm/jyj/a.html\">一</a>"
                    "<a href=\"/zwgk/bm/jyj/b.html\">二</a><a href=\"/news.html\">三</a>"
                    "<a href=\"/gone-later.html\">旧二</a>"));
  web.Set("/zwgk/bm/jyj/a.html", Html("<p>请各学校按装最新版本的软件。</p>"));
  web.Set("/zwgk/bm/jyj/b.html", Html("<p>家长可按装家校通应用。</p>"));
  web.Set("/news.html", Html("<p>本网站已按装防护软件。</p><a href=\"/gone.html\">旧</a>"));
  web.Remove("/gone.html");
  web.Remove("/gone-later.html");
}

// What every runner of these tests is given: the typo rules, the fake site, no sitemaps or
// robots.txt, and a dead link confirmed at once.
ScanRunnerOptions RunnerOptions(const std::string& db, cr::Fetcher* web) {
  ScanRunnerOptions ro;
  ro.db_path = db;
  ro.rules = &TypoRules();
  ro.fetcher = web;
  ro.crawl.read_sitemaps = false;
  ro.crawl.obey_robots = false;
  ro.crawl.dead_retry_delay_seconds = 0;
  return ro;
}

// The ledger's entries of the site as "source rule text", each with how often it was
// assigned (its history's open events).
std::multiset<std::string> EntriesOf(LedgerService& ledger, const Actor& admin) {
  std::multiset<std::string> out;
  auto r = ledger.List(admin, {});
  EXPECT_TRUE(r.ok());
  if (!r.ok()) return out;
  for (const LedgerView& v : r->items) {
    out.insert(v.entry.source.substr(25) + " " + v.entry.rule + " " + v.entry.text);
  }
  return out;
}

class ScanRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cuomin-runner-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "t.db").string();
    auto st = store::OpenSqliteReviewStore(db_);
    ASSERT_TRUE(st.ok()) << st.status().message();
    store_ = std::move(*st);
    ServiceOptions opt;
    opt.password_cost = {1, size_t{1} << 20};
    svc_ = std::make_unique<ReviewService>(store_.get(), nullptr, &clock_, opt);
    ledger_ = std::make_unique<LedgerService>(store_.get(), &clock_);
    Actor cli = CommandLineActor();
    office_ = svc_->CreateUnit(cli, "市政府办公室", true)->id;
    edu_ = svc_->CreateUnit(cli, "教育局", false)->id;
    for (auto [name, unit, role] :
         {std::tuple{"admin", office_, Role::kAdmin}, std::tuple{"jiaoyu", edu_, Role::kEditor}}) {
      ASSERT_TRUE(
          svc_->CreateUser(cli, name, name, unit, role, std::string(name) + "-password").ok());
    }
    admin_ = As("admin");
    store::Site s;
    s.name = "某某市人民政府门户网站";
    s.unit_id = office_;
    s.start_urls = {"http://www.example.gov.cn/"};
    s.per_host_rate = 50;
    s.excluded_paths = {"/search/"};
    s.schedule = "daily 02:30";
    auto site = ledger_->CreateSite(admin_, s);
    ASSERT_TRUE(site.ok()) << site.status().message();
    site_ = site->id;
    ASSERT_TRUE(ledger_->AddPrefix(admin_, site_, "/zwgk/bm/jyj/", edu_).ok());

    runner_ = std::make_unique<ScanRunner>(ledger_.get(), &clock_, RunnerOptions(db_, &web_));

    web_.Set("/", Html("<a href=\"/zwgk/bm/jyj/a.html\">一</a><a href=\"/zwgk/bm/jyj/b.html\">二"
                       "</a><a href=\"/news.html\">三</a><a href=\"/search/x.html\">搜</a>"));
    web_.Set("/zwgk/bm/jyj/a.html", Html("<p>请各学校按装最新版本的软件。</p>"));
    web_.Set("/zwgk/bm/jyj/b.html", Html("<p>家长可按装家校通应用。</p>"));
    web_.Set("/news.html", Html("<p>本网站已按装防护软件。</p>"));
    web_.Set("/search/x.html", Html("<p>按装</p>"));
  }
  void TearDown() override {
    runner_.reset();
    ledger_.reset();
    svc_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  Actor As(const std::string& name) {
    LoginOutcome in = svc_->Login(name, name + "-password", "10.0.0.1");
    EXPECT_TRUE(in.actor.has_value()) << in.status.message();
    return in.actor.value_or(Actor{});
  }

  // Another process, the server that is killed, scans the resume site one page at a time with
  // `batching` until b.html is in flight and `findings` findings are written (or 10 s pass),
  // and is killed then with SIGKILL.
  void KillAServerMidScan(site::StoreBatching batching, size_t findings) {
    ASSERT_NO_FATAL_FAILURE(FetchOneAtATime());
    int pipe_fds[2];
    ASSERT_EQ(::pipe(pipe_fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(pipe_fds[0]);
      FakeClock clock;
      FakeSite web;
      PlantResumeSite(web);
      web.Hold("/zwgk/bm/jyj/b.html");
      auto st = store::OpenSqliteReviewStore(db_);
      if (!st.ok()) ::_exit(2);
      LedgerService ledger(st->get(), &clock);
      ScanRunnerOptions ro = RunnerOptions(db_, &web);
      ro.store_batching = batching;
      ScanRunner runner(&ledger, &clock, std::move(ro));
      if (!runner.Start(admin_, site_).ok() || !web.WaitFor("/zwgk/bm/jyj/b.html")) ::_exit(3);
      for (int i = 0; i < 200 && runner.Current(site_)->progress.findings < findings; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      char one = '1';
      if (::write(pipe_fds[1], &one, 1) != 1) ::_exit(4);
      for (;;) ::pause();
    }
    ::close(pipe_fds[1]);
    char byte = 0;
    ASSERT_EQ(::read(pipe_fds[0], &byte, 1), 1) << "the other process did not reach b.html";
    ::close(pipe_fds[0]);
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
  }

  // The site is fetched one page at a time, in link order.
  void FetchOneAtATime() {
    store::Site one_at_a_time = *ledger_->GetSite(admin_, site_);
    one_at_a_time.concurrency = 1;
    one_at_a_time.per_host_concurrency = 1;
    ASSERT_TRUE(ledger_->UpdateSite(admin_, one_at_a_time).ok());
  }

  // Scans the resume site one page at a time and pauses it while `path` is in flight; `path`
  // is then answered and the scan ends paused.
  void PauseWhileFetching(const std::string& path) {
    PlantResumeSite(web_);
    ASSERT_NO_FATAL_FAILURE(FetchOneAtATime());
    web_.Hold(path);
    ASSERT_TRUE(runner_->Start(admin_, site_).ok());
    ASSERT_TRUE(web_.WaitFor(path));
    ASSERT_TRUE(runner_->Pause(admin_, site_).ok());
    web_.Open();
    runner_->Wait();
    ASSERT_EQ(runner_->Current(site_)->state, store::ScanState::kPaused);
  }

  // The site's scans are one, finished: a resumed scan went on as the same scan.
  void ExpectOneFinishedScan() {
    auto scans = ledger_->Scans(site_, 5);
    ASSERT_TRUE(scans.ok()) << scans.status().message();
    ASSERT_EQ(scans->size(), 1u);
    EXPECT_EQ(scans->front().state, "finished");
  }

  ScanStatusView ScanNow() {
    auto started = runner_->Start(admin_, site_);
    EXPECT_TRUE(started.ok()) << started.status().message();
    runner_->Wait();
    auto v = runner_->Current(site_);
    EXPECT_TRUE(v.has_value());
    EXPECT_TRUE(v && !v->running);
    EXPECT_EQ(v ? v->error : "", "");
    return v.value_or(ScanStatusView{});
  }

  std::map<std::string, LedgerView> Ledger() {
    std::map<std::string, LedgerView> out;
    auto r = ledger_->List(admin_, {});
    EXPECT_TRUE(r.ok());
    for (const LedgerView& v : r->items) out[v.entry.source.substr(25)] = v;
    return out;
  }

  std::filesystem::path dir_;
  std::string db_;
  FakeClock clock_;
  FakeSite web_;
  std::unique_ptr<store::ReviewStore> store_;
  std::unique_ptr<ReviewService> svc_;
  std::unique_ptr<LedgerService> ledger_;
  std::unique_ptr<ScanRunner> runner_;
  Actor admin_;
  int64_t office_ = 0, edu_ = 0, site_ = 0;
};

TEST_F(ScanRunnerTest, ScansTheSiteAndKeepsTheLedgerAcrossRescans) {
  ScanStatusView first = ScanNow();
  EXPECT_EQ(first.state, store::ScanState::kFinished);
  EXPECT_EQ(first.summary.crawl.pages, 4u) << "/search/ is excluded";
  EXPECT_EQ(first.ledger.assigned, 3);
  auto l = Ledger();
  ASSERT_EQ(l.size(), 3u);
  EXPECT_EQ(l["/zwgk/bm/jyj/a.html"].entry.unit_id, edu_);
  EXPECT_EQ(l["/zwgk/bm/jyj/a.html"].entry.text, "按装");
  EXPECT_EQ(l["/news.html"].entry.unit_id, office_);

  // The bureau says both of its pages are fixed, but fixes only one; the site's own page is
  // removed from the site.
  clock_.Advance(3600);
  ASSERT_TRUE(ledger_->ClaimFixed(As("jiaoyu"), l["/zwgk/bm/jyj/a.html"].entry.id).ok());
  ASSERT_TRUE(ledger_->ClaimFixed(As("jiaoyu"), l["/zwgk/bm/jyj/b.html"].entry.id).ok());
  web_.Set("/zwgk/bm/jyj/a.html", Html("<p>请各学校安装最新版本的软件。</p>"));
  web_.Remove("/news.html");
  web_.Set("/zwgk/bm/jyj/c.html", Html("<p>请于周五前按装。</p>"));
  web_.Set("/", Html("<a href=\"/zwgk/bm/jyj/a.html\">一</a><a href=\"/zwgk/bm/jyj/b.html\">二"
                     "</a><a href=\"/news.html\">三</a><a href=\"/zwgk/bm/jyj/c.html\">四</a>"));
  clock_.Advance(3600);
  ScanStatusView second = ScanNow();
  EXPECT_EQ(second.state, store::ScanState::kFinished);
  EXPECT_EQ(second.ledger.assigned, 2) << "c.html's typo and the home page's dead link";
  EXPECT_EQ(second.ledger.reopened, 1);
  EXPECT_EQ(second.ledger.fixed, 2);
  l = Ledger();
  EXPECT_EQ(l["/zwgk/bm/jyj/a.html"].entry.status, LedgerStatus::kFixed);
  EXPECT_EQ(l["/zwgk/bm/jyj/b.html"].entry.status, LedgerStatus::kReopened);
  EXPECT_TRUE(l["/zwgk/bm/jyj/b.html"].entry.flagged);
  EXPECT_EQ(l["/news.html"].entry.status, LedgerStatus::kFixed) << "the page is gone";
  EXPECT_EQ(l["/zwgk/bm/jyj/c.html"].entry.status, LedgerStatus::kOpen);
  EXPECT_EQ(l["/zwgk/bm/jyj/c.html"].entry.unit_id, edu_);
  EXPECT_EQ(l["/"].entry.rule, "link-dead");
  EXPECT_EQ(l["/"].entry.text, "http://www.example.gov.cn/news.html");
  EXPECT_EQ(l["/"].entry.unit_id, office_);
}

// A scan's threads, down to the crawler's workers that fetch, run at a lower priority than
// the server's (its HTTP threads answer the dashboard first), without changing the server's.
TEST_F(ScanRunnerTest, AScanRunsAtALowerPriorityThanTheServer) {
  errno = 0;
  const int server_nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
  ASSERT_EQ(errno, 0);
  ASSERT_LE(server_nice, 14) << "the test needs room to lower the priority";
  EXPECT_EQ(ScanNow().state, store::ScanState::kFinished);
  EXPECT_EQ(web_.NiceSeen(), (std::set<int>{server_nice + 5}));
  EXPECT_EQ(::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid())), server_nice);
}

TEST_F(ScanRunnerTest, NeverTwoScansOfASiteAndStopKeepsWhatWasScanned) {
  web_.Close();
  auto started = runner_->Start(admin_, site_);
  ASSERT_TRUE(started.ok()) << started.status().message();
  ASSERT_TRUE(web_.WaitForRequest());
  EXPECT_EQ(runner_->Start(admin_, site_).status().code(), StatusCode::kConflict);
  EXPECT_EQ(runner_->Start(As("jiaoyu"), site_).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(runner_->Stop(As("jiaoyu"), site_).code(), StatusCode::kPermissionDenied);
  auto now = runner_->Current(site_);
  ASSERT_TRUE(now.has_value());
  EXPECT_TRUE(now->running);
  ASSERT_TRUE(runner_->Stop(admin_, site_).ok());
  web_.Open();
  runner_->Wait();
  auto v = runner_->Current(site_);
  ASSERT_TRUE(v.has_value());
  EXPECT_FALSE(v->running);
  EXPECT_EQ(v->state, store::ScanState::kCancelled);
  EXPECT_EQ(v->ledger.fixed, 0) << "a stopped scan tells nothing fixed";
  auto scans = ledger_->Scans(site_, 5);
  ASSERT_TRUE(scans.ok());
  ASSERT_EQ(scans->size(), 1u);
  EXPECT_EQ(scans->front().state, "cancelled");
  EXPECT_EQ(runner_->Stop(admin_, site_).code(), StatusCode::kConflict) << "nothing runs";
}

// After its last page a scan writes what is still queued and the ledger takes its findings:
// each is a phase of its own in the progress, with what is left, not a bare "running".
TEST_F(ScanRunnerTest, TheProgressTellsWritingAndTheLedgerAfterTheLastPage) {
  GatedStore gated(store_.get());
  LedgerOptions lo;
  lo.apply_batch = 1;  // one finding a transaction: the count moves by ones
  LedgerService ledger(&gated, &clock_, lo);
  ScanRunner runner(&ledger, &clock_, RunnerOptions(db_, &web_));
  web_.Close();
  ASSERT_TRUE(runner.Start(admin_, site_).ok());
  ASSERT_TRUE(web_.WaitForRequest());  // the scan is begun in the store and is crawling
  ScanStatusView v = *runner.Current(site_);
  EXPECT_TRUE(v.running);
  EXPECT_EQ(v.progress.phase, site::ScanPhase::kCrawling);
  EXPECT_FALSE(v.updating_ledger);

  // Another connection holds the database's write lock: the pages checked wait for it.
  sqlite3* lock = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &lock), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(lock, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  web_.Open();
  v = WaitForView(runner, site_, [](const ScanStatusView& s) {
    return s.progress.phase == site::ScanPhase::kWriting;
  });
  EXPECT_TRUE(v.running);
  EXPECT_EQ(v.progress.phase, site::ScanPhase::kWriting);
  EXPECT_EQ(v.progress.pages_done, 5u) << "four pages and the excluded one: the crawl ended";
  EXPECT_EQ(v.progress.unwritten, 4u) << "every page fetched waits for the store";

  // The ledger's first transaction (what the scan holds) goes through, then one finding.
  gated.HoldAfter(2);
  ASSERT_EQ(sqlite3_exec(lock, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(lock);
  v = WaitForView(runner, site_,
                  [](const ScanStatusView& s) { return s.updating_ledger && s.ledger_done == 1; });
  EXPECT_TRUE(v.running);
  EXPECT_TRUE(v.updating_ledger);
  EXPECT_EQ(v.progress.unwritten, 0u);
  EXPECT_EQ(v.ledger_total, 3) << "the three typos";
  EXPECT_EQ(v.ledger_done, 1);
  gated.Open();
  runner.Wait();
  v = *runner.Current(site_);
  EXPECT_FALSE(v.running);
  EXPECT_FALSE(v.updating_ledger);
  EXPECT_EQ(v.state, store::ScanState::kFinished);
  EXPECT_EQ(v.ledger.assigned, 3);
  EXPECT_EQ(v.ledger_done, 3);
  EXPECT_EQ(v.ledger_total, 3);
}

TEST_F(ScanRunnerTest, ScheduledScansStartWhenDue) {
  // The site was made at 08:00 Beijing time; its scan is due at 02:30 the next day.
  EXPECT_EQ(runner_->Tick(), 0);
  clock_.Advance(18 * 3600 + 29 * 60);
  EXPECT_EQ(runner_->Tick(), 0);
  clock_.Advance(60);
  EXPECT_EQ(runner_->Tick(), site_);
  runner_->Wait();
  EXPECT_EQ(runner_->Current(site_)->state, store::ScanState::kFinished);
  EXPECT_EQ(runner_->Tick(), 0) << "the next one is tomorrow";
  clock_.Advance(24 * 3600);
  EXPECT_EQ(runner_->Tick(), site_);
  runner_->Wait();
  EXPECT_EQ(ledger_->Scans(site_, 10)->size(), 2u);
}

TEST_F(ScanRunnerTest, TheScheduleTimerStartsADueScan) {
  clock_.Advance(24 * 3600);
  runner_->RunSchedules(1);
  bool started = false;
  for (int i = 0; i < 200 && !started; ++i) {
    started = runner_->Current(site_).has_value();
    if (!started) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(started);
  runner_->Wait();
  EXPECT_EQ(runner_->Current(site_)->state, store::ScanState::kFinished);
  runner_.reset();  // stops the timer
}

TEST_F(ScanRunnerTest, AScanADeadProcessLeftRunningIsMarkedAndItsFindingsKept) {
  {
    // A server that died mid-scan: the scan belongs to the site, one page was recorded.
    auto db = store::OpenSqliteSiteStore(db_, &clock_, site_);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->BeginScan("某某市人民政府门户网站").ok());
    int64_t id = (*db)->Scans(1)->front().id;
    ASSERT_TRUE(ledger_->ApplyScan(site_, id).ok());
    scanner::Finding f;
    f.source = "http://www.example.gov.cn/zwgk/bm/jyj/a.html";
    f.rule = "typo-words";
    f.category = scanner::Category::kTypo;
    f.text = "按装";
    f.context = "请各学校按装最新版本的软件。";
    store::PageRecord rec;
    ASSERT_TRUE((*db)->CommitPage(f.source, &rec, {f}).ok());
  }
  ASSERT_TRUE(runner_->Recover().ok());
  auto scans = ledger_->Scans(site_, 1);
  ASSERT_TRUE(scans.ok() && !scans->empty());
  EXPECT_EQ(scans->front().state, "interrupted");
  auto l = Ledger();
  ASSERT_EQ(l.size(), 1u);
  EXPECT_EQ(l["/zwgk/bm/jyj/a.html"].entry.unit_id, edu_);
  // The next start continues that scan: the page it recorded is not fetched again and keeps
  // its one entry; the rest of the site is found.
  ScanStatusView v = ScanNow();
  EXPECT_EQ(v.scan_id, scans->front().id);
  EXPECT_EQ(v.ledger.assigned, 2);
  EXPECT_EQ(web_.Hits("/zwgk/bm/jyj/a.html"), 0);
  EXPECT_EQ(web_.Hits("/zwgk/bm/jyj/b.html"), 1);
  EXPECT_EQ(Ledger().size(), 3u);
  EXPECT_EQ(ledger_->Scans(site_, 5)->size(), 1u);
}

// What `cuomin serve` does in another process: its own store, ledger and runner on the same
// database, scanning the site until killed. Writes one byte to `ready` once its scan has
// begun (the lock is held); never returns.
[[noreturn]] void ScanInAnotherProcess(const std::string& db, const Actor& admin, int64_t site,
                                       int ready) {
  FakeClock clock;
  FakeSite web;
  web.Set("/", "<p>首页</p>");
  web.Close();  // every fetch waits: the scan holds its site until the process dies
  auto st = store::OpenSqliteReviewStore(db);
  if (!st.ok()) ::_exit(2);
  LedgerService ledger(st->get(), &clock);
  ScanRunner runner(&ledger, &clock, RunnerOptions(db, &web));
  if (!runner.Start(admin, site).ok() || !web.WaitForRequest()) ::_exit(3);
  char one = '1';
  if (::write(ready, &one, 1) != 1) ::_exit(4);
  for (;;) ::pause();
}

TEST_F(ScanRunnerTest, TheSiteLockHoldsAcrossProcessesAndDiesWithItsProcess) {
  store::Site other;
  other.name = "某某区教育网";
  other.unit_id = edu_;
  other.start_urls = {"http://jy.example.gov.cn/"};
  auto second = ledger_->CreateSite(admin_, other);
  ASSERT_TRUE(second.ok()) << second.status().message();
  web_.Set("/", Html("<p>首页</p>"));

  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipe_fds[0]);
    ScanInAnotherProcess(db_, admin_, site_, pipe_fds[1]);
  }
  ::close(pipe_fds[1]);
  char byte = 0;
  ASSERT_EQ(::read(pipe_fds[0], &byte, 1), 1) << "the other process did not begin its scan";
  ::close(pipe_fds[0]);
  auto kill_child = [&] {
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
  };

  // This process may not scan the site the other one is scanning: the scan ends at once,
  // saying why, and nothing is recorded for it.
  auto refused = runner_->Start(admin_, site_);
  ASSERT_TRUE(refused.ok()) << refused.status().message();
  runner_->Wait();
  auto v = runner_->Current(site_);
  ASSERT_TRUE(v.has_value());
  EXPECT_FALSE(v->running);
  EXPECT_EQ(v->error, "网站（编号 " + std::to_string(site_) +
                          "）正在由另一次扫描使用（本进程或另一个 cuomin serve 进程），"
                          "请等它结束后再试");
  auto scans = ledger_->Scans(site_, 5);
  ASSERT_TRUE(scans.ok());
  ASSERT_EQ(scans->size(), 1u) << "only the other process's scan";
  EXPECT_EQ(scans->front().state, "running");
  // A whole-database crawl (cuomin crawl --db) may not start beside it either.
  {
    auto crawl = store::OpenSqliteSiteStore(db_, &clock_);
    ASSERT_TRUE(crawl.ok()) << crawl.status().message();
    Status st = (*crawl)->BeginScan("http://www.example.gov.cn/");
    EXPECT_EQ(st.code(), StatusCode::kUnavailable) << st.message();
  }
  // Another site scans beside it.
  web_.Set("/", Html("<p>首页</p>"));
  ASSERT_TRUE(runner_->Start(admin_, second->id).ok());
  runner_->Wait();
  EXPECT_EQ(runner_->Current(second->id)->state, store::ScanState::kFinished);
  EXPECT_EQ(runner_->Current(second->id)->error, "");

  // Killed, the other process leaves no lock behind: the site scans again, and the scan it
  // left running is interrupted, not running for ever.
  kill_child();
  ScanStatusView after = ScanNow();
  EXPECT_EQ(after.error, "");
  EXPECT_NE(after.state, store::ScanState::kRunning);
  scans = ledger_->Scans(site_, 5);
  ASSERT_TRUE(scans.ok());
  for (const store::SiteScanRow& s : *scans) EXPECT_NE(s.state, "running") << s.id;
}

const std::multiset<std::string> kResumeSiteEntries = {
    "/ link-dead http://www.example.gov.cn/gone.html",
    "/ link-dead http://www.example.gov.cn/gone-later.html",
    "/news.html link-dead http://www.example.gov.cn/gone.html",
    "/news.html typo-words 按装",
    "/zwgk/bm/jyj/a.html typo-words 按装",
    "/zwgk/bm/jyj/b.html typo-words 按装"};

TEST_F(ScanRunnerTest, APausedScanContinuesFromItsFrontierWithoutFetchingAgain) {
  // Paused while b.html is in flight: the home page, the first dead link and a.html are
  // done; b.html finishes and is kept; news.html and the second dead link wait in the queue.
  ASSERT_NO_FATAL_FAILURE(PauseWhileFetching("/zwgk/bm/jyj/b.html"));
  EXPECT_EQ(web_.Hits("/news.html"), 0);
  EXPECT_EQ(web_.Hits("/gone-later.html"), 0);
  EXPECT_EQ(web_.Hits("/gone.html"), 2) << "dead, and confirmed";
  const int64_t scan = ledger_->Scans(site_, 1)->front().id;

  web_.ForgetHits();
  ScanStatusView v = ScanNow();
  EXPECT_EQ(v.state, store::ScanState::kFinished);
  EXPECT_EQ(v.scan_id, scan) << "the same scan, continued";
  // Only what the first part had not settled is fetched.
  EXPECT_EQ(web_.Hits("/"), 0);
  EXPECT_EQ(web_.Hits("/zwgk/bm/jyj/a.html"), 0);
  EXPECT_EQ(web_.Hits("/zwgk/bm/jyj/b.html"), 0);
  EXPECT_EQ(web_.Hits("/gone.html"), 0) << "its answer was kept for news.html's link";
  EXPECT_EQ(web_.Hits("/news.html"), 1);
  EXPECT_EQ(web_.Hits("/gone-later.html"), 2);
  // Every finding once: the home page's link to the page answered after the pause, and
  // news.html's link to the one answered before it, are there too.
  EXPECT_EQ(EntriesOf(*ledger_, admin_), kResumeSiteEntries);
  auto scans = ledger_->Scans(site_, 5);
  ASSERT_EQ(scans->size(), 1u);
  EXPECT_EQ(scans->front().state, "finished");
  auto l = ledger_->List(admin_, {});
  ASSERT_TRUE(l.ok());
  for (const LedgerView& e : l->items) EXPECT_EQ(e.entry.first_scan, scan);

  // The next scan is a new one and finds the same, still open, nothing fixed.
  ScanStatusView next = ScanNow();
  EXPECT_NE(next.scan_id, scan);
  EXPECT_EQ(next.ledger.still, 6);
  EXPECT_EQ(next.ledger.fixed, 0);
  EXPECT_EQ(next.summary.fixed, 0u);
}

TEST_F(ScanRunnerTest, AServerKilledMidScanContinuesTheScanAfterItsRestart) {
  KillAServerMidScan(site::StoreBatching(), 2);

  // The restarted server: the scan is interrupted, what it recorded is in the ledger.
  ASSERT_TRUE(runner_->Recover().ok());
  auto scans = ledger_->Scans(site_, 5);
  ASSERT_EQ(scans->size(), 1u);
  EXPECT_EQ(scans->front().state, "interrupted");
  const int64_t scan = scans->front().id;
  std::multiset<std::string> recorded = EntriesOf(*ledger_, admin_);
  EXPECT_EQ(recorded, (std::multiset<std::string>{"/ link-dead http://www.example.gov.cn/gone.html",
                                                  "/zwgk/bm/jyj/a.html typo-words 按装"}));

  // Its next start continues it: the pages recorded are not fetched again, nothing is lost
  // and nothing counted twice.
  PlantResumeSite(web_);
  ScanStatusView v = ScanNow();
  EXPECT_EQ(v.state, store::ScanState::kFinished);
  EXPECT_EQ(v.scan_id, scan);
  EXPECT_EQ(web_.Hits("/"), 0);
  EXPECT_EQ(web_.Hits("/zwgk/bm/jyj/a.html"), 0);
  EXPECT_EQ(web_.Hits("/zwgk/bm/jyj/b.html"), 1) << "in flight when killed: never recorded";
  EXPECT_EQ(web_.Hits("/news.html"), 1);
  EXPECT_EQ(EntriesOf(*ledger_, admin_), kResumeSiteEntries);
  ExpectOneFinishedScan();
}

// The same kill with the pages still in the writer's open batch: they were never written,
// so the restarted server fetches them again and finds each finding once.
TEST_F(ScanRunnerTest, AServerKilledWithPagesUnwrittenFetchesThemAgainAfterItsRestart) {
  site::StoreBatching never;  // one batch for the whole scan, written at its end
  never.max_pages = 1000;
  never.max_delay = std::chrono::hours(1);
  KillAServerMidScan(never, 0);

  ASSERT_TRUE(runner_->Recover().ok());
  auto scans = ledger_->Scans(site_, 5);
  ASSERT_EQ(scans->size(), 1u);
  EXPECT_EQ(scans->front().state, "interrupted");
  const int64_t scan = scans->front().id;
  EXPECT_TRUE(EntriesOf(*ledger_, admin_).empty()) << "nothing of the open batch was written";

  PlantResumeSite(web_);
  ScanStatusView v = ScanNow();
  EXPECT_EQ(v.state, store::ScanState::kFinished);
  EXPECT_EQ(v.scan_id, scan);
  EXPECT_EQ(web_.Hits("/"), 1);
  EXPECT_EQ(web_.Hits("/zwgk/bm/jyj/a.html"), 1);
  EXPECT_EQ(web_.Hits("/zwgk/bm/jyj/b.html"), 1);
  EXPECT_EQ(EntriesOf(*ledger_, admin_), kResumeSiteEntries);
  ExpectOneFinishedScan();
}

TEST_F(ScanRunnerTest, AFixClaimedDuringAPauseIsVerifiedByThePartAfterIt) {
  // Paused while news.html is in flight: both of the bureau's pages were checked before.
  ASSERT_NO_FATAL_FAILURE(PauseWhileFetching("/news.html"));
  auto l = Ledger();
  ASSERT_TRUE(l.count("/zwgk/bm/jyj/a.html") && l.count("/zwgk/bm/jyj/b.html"));

  // During the pause the bureau says both are fixed, but fixes only a.html.
  clock_.Advance(600);
  ASSERT_TRUE(ledger_->ClaimFixed(As("jiaoyu"), l["/zwgk/bm/jyj/a.html"].entry.id).ok());
  ASSERT_TRUE(ledger_->ClaimFixed(As("jiaoyu"), l["/zwgk/bm/jyj/b.html"].entry.id).ok());
  web_.Set("/zwgk/bm/jyj/a.html", Html("<p>请各学校安装最新版本的软件。</p>"));
  clock_.Advance(600);
  web_.ForgetHits();
  ScanStatusView v = ScanNow();
  EXPECT_EQ(v.state, store::ScanState::kFinished);
  // The claimed pages are fetched again; the rest of what the first part settled is not.
  EXPECT_EQ(web_.Hits("/zwgk/bm/jyj/a.html"), 1);
  EXPECT_EQ(web_.Hits("/zwgk/bm/jyj/b.html"), 1);
  EXPECT_EQ(web_.Hits("/"), 0);
  EXPECT_EQ(v.ledger.fixed, 1);
  EXPECT_EQ(v.ledger.reopened, 1);
  l = Ledger();
  EXPECT_EQ(l["/zwgk/bm/jyj/a.html"].entry.status, LedgerStatus::kFixed);
  EXPECT_EQ(l["/zwgk/bm/jyj/b.html"].entry.status, LedgerStatus::kReopened);
  EXPECT_TRUE(l["/zwgk/bm/jyj/b.html"].entry.flagged);
  EXPECT_EQ(ledger_->Scans(site_, 5)->size(), 1u);

  // A fix claimed while a scan runs is for the next scan to verify, as before.
  ScanStatusView next = ScanNow();
  EXPECT_EQ(next.ledger.reopened, 0);
  EXPECT_EQ(Ledger()["/zwgk/bm/jyj/a.html"].entry.status, LedgerStatus::kFixed);
}

TEST(CrawlOptionsFor, TakesTheSiteSettings) {
  store::Site s;
  s.start_urls = {"https://www.example.gov.cn/"};
  s.scope = "domain";
  s.excluded_paths = {"/search", "/a+b/"};
  s.concurrency = 3;
  s.per_host_concurrency = 1;
  s.per_host_rate = 0.5;
  s.max_pages = 77;
  cr::CrawlOptions o = CrawlOptionsFor(s, {});
  EXPECT_EQ(o.seeds, s.start_urls);
  EXPECT_EQ(o.scope, cr::Scope::kDomain);
  EXPECT_EQ(o.exclude_regex, "^https?://[^/]+(?:\\/search|\\/a\\+b\\/)");
  EXPECT_EQ(o.concurrency, 3);
  EXPECT_EQ(o.per_host_concurrency, 1);
  EXPECT_EQ(o.per_host_rate, 0.5);
  EXPECT_EQ(o.max_pages, 77u);
}

}  // namespace
}  // namespace cuomin::review
