// site::SiteScan on its own: a fake fetcher (as the server's tests will use) and a loopback
// site over real HTTP; findings through the sink, history in a store, cancel, progress, and
// checking outside the host's politeness slot.
#include "site/site_scan.h"

#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "scanner/rule_set.h"
#include "site_scan_fixtures.h"

namespace cuomin::site {
namespace {

namespace cr = cuomin::crawler;
namespace sc = cuomin::scanner;

using site_scan_fixtures::Html;
using site_scan_fixtures::TypoRules;

// Pages by path; a path not listed answers 404. Thread-safe; counts requests per path.
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
  // Answers given as they are for a path (a redirect, a refusal).
  void SetResponse(const std::string& path, cr::FetchResponse r) {
    std::lock_guard lock(mu_);
    responses_[path] = std::move(r);
  }
  // Called before each answer (outside the lock): a test may block or sleep here.
  std::function<void(const std::string& path)> before_answer;

  cr::FetchResponse Fetch(const cr::FetchRequest& req) override {
    {
      std::lock_guard lock(mu_);
      ++hits_[req.url.path];
    }
    cv_.notify_all();
    if (before_answer) before_answer(req.url.path);
    cr::FetchResponse r;
    std::lock_guard lock(mu_);
    if (auto special = responses_.find(req.url.path); special != responses_.end())
      return special->second;
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
  int Hits(const std::string& path) {
    std::lock_guard lock(mu_);
    return hits_[path];
  }
  // Waits until `path` was requested; false after `seconds`.
  bool WaitForHit(const std::string& path, double seconds) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::duration<double>(seconds),
                        [&] { return hits_[path] > 0; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::string> pages_;
  std::map<std::string, cr::FetchResponse> responses_;
  std::map<std::string, int> hits_;
};

// What the sink received, as "source|rule|text|status" lines.
class ListSink : public FindingSink {
 public:
  void OnPage(const PageFindings& page) override {
    std::lock_guard lock(mu_);
    EXPECT_FALSE(page.findings.empty());
    for (size_t i = 0; i < page.findings.size(); ++i) {
      const sc::Finding& f = page.findings[i];
      EXPECT_EQ(f.source, page.source);
      std::string status = i < page.status.size() ? std::string(sc::ToString(page.status[i])) : "";
      lines_.insert(f.source.substr(f.source.find('/', 8)) + "|" + f.rule + "|" + f.text + "|" +
                    status);
    }
    if (on_page) on_page(page);
  }
  std::set<std::string> lines() {
    std::lock_guard lock(mu_);
    return lines_;
  }
  std::function<void(const PageFindings&)> on_page;

 private:
  std::mutex mu_;
  std::set<std::string> lines_;
};

SiteScanOptions Options(cr::Fetcher* fetcher) {
  SiteScanOptions opt;
  opt.crawl.seeds = {"http://www.example.gov.cn/"};
  opt.crawl.per_host_rate = 1000;
  opt.crawl.dead_retry_delay_seconds = 0;
  opt.crawl.read_sitemaps = false;
  opt.crawl.obey_robots = false;
  opt.rules = &TypoRules();
  opt.fetcher = fetcher;
  return opt;
}

std::string TempDb() {
  char dir[] = "/tmp/cuomin-site-scan-XXXXXX";
  EXPECT_NE(::mkdtemp(dir), nullptr);
  return std::string(dir) + "/site.db";
}

TEST(SiteScan, ChecksEveryPageAndItsLinksThroughTheSink) {
  FakeSite site;
  site.Set("/", Html("<p>首页</p><a href=\"/a.html\">通知</a><a href=\"/gone.html\">旧文</a>"));
  site.Set("/a.html", Html("<p>请按装最新版本的软件。</p>"));
  ListSink sink;
  SiteScan scan(Options(&site), &sink);
  ASSERT_TRUE(scan.Start().ok());
  ScanSummary sum = scan.Run();
  EXPECT_EQ(sum.state, store::ScanState::kFinished);
  EXPECT_EQ(sum.crawl.pages, 2u);
  EXPECT_EQ(sum.findings, 2u);
  EXPECT_EQ(sum.by_category[sc::Category::kTypo][static_cast<size_t>(sc::Severity::kMajor)] +
                sum.by_category[sc::Category::kTypo][static_cast<size_t>(sc::Severity::kMinor)] +
                sum.by_category[sc::Category::kTypo][static_cast<size_t>(sc::Severity::kCritical)],
            1u);
  // No store: no status beside the findings.
  EXPECT_EQ(sink.lines(),
            (std::set<std::string>{"/a.html|typo-words|按装|",
                                   "/|link-dead|http://www.example.gov.cn/gone.html|"}));
  ScanProgress p = scan.Progress();
  EXPECT_EQ(p.findings, 2u);
  EXPECT_EQ(p.queued, 0u);
  EXPECT_EQ(p.pages_done, 3u);
  EXPECT_EQ(p.errors, 1u);
}

// A link that was not followed on purpose is not "死链（已重试确认）": each refusal says what
// it is, and is asked once.
TEST(SiteScan, RefusedLinksSayWhyAndAreNotCalledDead) {
  FakeSite site;
  site.Set("/", Html("<a href=\"/intranet\">内网</a><a href=\"/to-gopher\">跳转</a>"));
  cr::FetchResponse blocked;
  blocked.error = cr::FetchError::kBlocked;
  blocked.error_detail = "oa.example.gov.cn 解析到 10.1.2.3（内网地址），未访问";
  site.SetResponse("/intranet", blocked);
  cr::FetchResponse gopher;
  gopher.status = 302;
  gopher.headers.emplace_back("location", "gopher://127.0.0.1:70/_x");
  site.SetResponse("/to-gopher", gopher);
  std::vector<sc::Finding> found;
  ListSink sink;
  sink.on_page = [&](const PageFindings& p) {
    found.insert(found.end(), p.findings.begin(), p.findings.end());
  };
  SiteScan scan(Options(&site), &sink);
  ASSERT_TRUE(scan.Start().ok());
  scan.Run();
  ASSERT_EQ(found.size(), 2u);
  std::sort(found.begin(), found.end(), sc::FindingLess);
  EXPECT_EQ(found[0].rule, "link-private-address");
  EXPECT_EQ(found[0].message,
            "链接目标（或其重定向）指向本机、内网或链路本地地址，出于安全未访问（oa.example.gov.cn "
            "解析到 10.1.2.3（内网地址），未访问）；公开网页不应链接内网地址，请核查。内网站点可用 "
            "--allow-private-addresses 允许访问");
  EXPECT_EQ(found[1].rule, "link-bad-redirect");
  EXPECT_NE(found[1].message.find("重定向到非 http/https 协议"), std::string::npos);
  EXPECT_NE(found[1].message.find("gopher://127.0.0.1:70/_x"), std::string::npos);
  for (const sc::Finding& f : found) {
    EXPECT_EQ(f.message.find("死链"), std::string::npos) << f.message;
    EXPECT_EQ(f.message.find("已重试"), std::string::npos) << f.message;
  }
  EXPECT_EQ(site.Hits("/intranet"), 1);
  EXPECT_EQ(site.Hits("/to-gopher"), 1);
}

// A PNG (or any binary) served as text/html is not read as a page: one finding, counted as
// unreadable, and the other pages go on.
TEST(SiteScan, BinaryServedAsHtmlIsUnreadableNotAPage) {
  FakeSite site;
  site.Set("/", Html("<a href=\"/logo.html\">图</a><a href=\"/data.html\">数</a><a "
                     "href=\"/a.html\">文</a>"));
  site.Set("/logo.html", std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16) + "按装<a href=/x>");
  site.Set("/data.html", std::string("abc\x01\x02\x03"
                                     "def按装",
                                     15));
  site.Set("/a.html", Html("<p>按装</p>"));
  std::vector<sc::Finding> found;
  ListSink sink;
  sink.on_page = [&](const PageFindings& p) {
    found.insert(found.end(), p.findings.begin(), p.findings.end());
  };
  SiteScan scan(Options(&site), &sink);
  ASSERT_TRUE(scan.Start().ok());
  ScanSummary sum = scan.Run();
  EXPECT_EQ(sum.unreadable, 2u);
  EXPECT_EQ(site.Hits("/x"), 0);  // the PNG's "link" is not followed
  EXPECT_EQ(sink.lines(),
            (std::set<std::string>{"/a.html|typo-words|按装|", "/logo.html|page-unreadable||",
                                   "/data.html|page-unreadable||"}));
  std::sort(found.begin(), found.end(), sc::FindingLess);
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[1].message,
            "该网址以 text/html 提供，内容却是二进制数据，不是网页，未检查；请检查服务器的 "
            "Content-Type 设置，或该网址的内容是否被替换");
  EXPECT_NE(found[2].message.find("内容却是PNG 图片"), std::string::npos) << found[2].message;
}

TEST(SiteScan, RefusesOptionsThatCannotScan) {
  FakeSite site;
  ListSink sink;
  SiteScanOptions no_rules = Options(&site);
  no_rules.rules = nullptr;
  EXPECT_EQ(SiteScan(std::move(no_rules), &sink).Start().code(), StatusCode::kInvalidInput);
  SiteScanOptions bad_seed = Options(&site);
  bad_seed.crawl.seeds = {"ftp://example.gov.cn/"};
  Status st = SiteScan(std::move(bad_seed), &sink).Start();
  EXPECT_EQ(st.code(), StatusCode::kInvalidInput);
  EXPECT_NE(st.message().find("ftp://example.gov.cn/"), std::string::npos) << st.message();
}

TEST(SiteScan, TellsNewStillAndFixedAcrossScans) {
  std::string db_path = TempDb();
  FakeSite site;
  site.Set("/", Html("<p>首页</p><a href=\"/a.html\">一</a><a href=\"/b.html\">二</a>"));
  site.Set("/a.html", Html("<p>请按装最新版本的软件。</p>"));
  site.Set("/b.html", Html("<p>请按装最新版本的软件。</p>"));
  {
    Result<std::unique_ptr<store::SiteStore>> db = store::OpenSqliteSiteStore(db_path);
    ASSERT_TRUE(db.ok()) << db.status().message();
    SiteScanOptions opt = Options(&site);
    opt.store = db->get();
    ListSink sink;
    SiteScan scan(std::move(opt), &sink);
    ASSERT_TRUE(scan.Start().ok());
    EXPECT_EQ(scan.Run().state, store::ScanState::kFinished);
    EXPECT_EQ(sink.lines(), (std::set<std::string>{"/a.html|typo-words|按装|new",
                                                   "/b.html|typo-words|按装|new"}));
  }
  site.Set("/b.html", Html("<p>请安装最新版本的软件。</p>"));
  site.Set("/c.html", Html("<p>按装</p>"));
  site.Set("/",
           Html("<a href=\"/a.html\">一</a><a href=\"/b.html\">二</a><a href=\"/c.html\">三</a>"));
  Result<std::unique_ptr<store::SiteStore>> db = store::OpenSqliteSiteStore(db_path);
  ASSERT_TRUE(db.ok());
  SiteScanOptions opt = Options(&site);
  opt.store = db->get();
  ListSink sink;
  SiteScan scan(std::move(opt), &sink);
  ASSERT_TRUE(scan.Start().ok());
  ScanSummary sum = scan.Run();
  EXPECT_EQ(sum.state, store::ScanState::kFinished);
  EXPECT_EQ(sum.fixed, 1u);
  EXPECT_EQ(sum.findings, 2u);
  EXPECT_EQ(sink.lines(),
            (std::set<std::string>{"/a.html|typo-words|按装|still", "/b.html|typo-words|按装|fixed",
                                   "/c.html|typo-words|按装|new"}));
  Result<std::vector<store::ScanRecord>> scans = (*db)->Scans(10);
  ASSERT_TRUE(scans.ok());
  ASSERT_EQ(scans->size(), 2u);
  EXPECT_EQ((*scans)[0].state, store::ScanState::kFinished);
  EXPECT_EQ((*scans)[1].state, store::ScanState::kFinished);
  EXPECT_GT((*scans)[0].finished_at, 0);
}

// What a scan asks its store to write, by page: "body" when it hands the page's body over,
// "kept" when only its hash (the store holds the same body from an earlier scan).
class BodyLog : public store::SiteStore {
 public:
  explicit BodyLog(store::SiteStore* real) : real_(real) {}
  Status BeginScan(const std::string& seeds) override { return real_->BeginScan(seeds); }
  Status EndScan(store::ScanState state) override { return real_->EndScan(state); }
  Status MarkInterrupted() override { return real_->MarkInterrupted(); }
  int64_t scan_id() const override { return real_->scan_id(); }
  Result<std::vector<store::ScanRecord>> Scans(size_t limit) override {
    return real_->Scans(limit);
  }
  Result<std::optional<store::PageRecord>> GetPage(const std::string& url) override {
    return real_->GetPage(url);
  }
  Result<bool> SameBody(const std::string& url, const std::string& hash) override {
    return real_->SameBody(url, hash);
  }
  Result<std::vector<store::StoredFinding>> OpenFindings(const std::string& source) override {
    return real_->OpenFindings(source);
  }
  Result<std::vector<store::RecordedFinding>> CommitPage(
      const std::string& source, const store::PageRecord* page,
      const std::vector<sc::Finding>& findings) override {
    Note(source, page);
    return real_->CommitPage(source, page, findings);
  }
  Result<std::vector<std::vector<store::RecordedFinding>>> CommitPages(
      const std::vector<PageCommit>& pages) override {
    for (const PageCommit& p : pages) Note(p.source, p.page);
    return real_->CommitPages(pages);
  }
  Status MarkGone(const std::string& url) override { return real_->MarkGone(url); }
  Result<size_t> FinishScan(const std::function<void(std::vector<sc::Finding>&)>& fixed) override {
    return real_->FinishScan(fixed);
  }
  std::set<std::string> TakeWrites() {
    std::lock_guard lock(mu_);
    std::set<std::string> out;
    out.swap(writes_);
    return out;
  }

 private:
  void Note(const std::string& source, const store::PageRecord* page) {
    if (page == nullptr) return;
    std::lock_guard lock(mu_);
    writes_.insert(source.substr(source.find('/', 8)) + "|" +
                   (page->body.empty() ? "kept" : "body"));
  }
  store::SiteStore* real_;
  std::mutex mu_;
  std::set<std::string> writes_;
};

// A rescan hands the store only the bodies that changed: an unchanged page's findings are
// told still as before, and its body is not deflated or written again.
TEST(SiteScan, ARescanWritesOnlyTheBodiesThatChanged) {
  std::string db_path = TempDb();
  FakeSite site;
  site.Set("/", Html("<a href=\"/a.html\">一</a><a href=\"/b.html\">二</a>"));
  site.Set("/a.html", Html("<p>请按装最新版本的软件。</p>"));
  site.Set("/b.html", Html("<p>请按装最新版本的软件。</p>"));
  Result<std::unique_ptr<store::SiteStore>> db = store::OpenSqliteSiteStore(db_path);
  ASSERT_TRUE(db.ok()) << db.status().message();
  BodyLog log(db->get());
  auto scan_once = [&] {
    SiteScanOptions opt = Options(&site);
    opt.store = &log;
    ListSink sink;
    SiteScan scan(std::move(opt), &sink);
    EXPECT_TRUE(scan.Start().ok());
    EXPECT_EQ(scan.Run().state, store::ScanState::kFinished);
    return sink.lines();
  };
  scan_once();
  EXPECT_EQ(log.TakeWrites(), (std::set<std::string>{"/|body", "/a.html|body", "/b.html|body"}));
  site.Set("/b.html", Html("<p>请安装最新版本的软件。</p>"));
  EXPECT_EQ(scan_once(), (std::set<std::string>{"/a.html|typo-words|按装|still",
                                                "/b.html|typo-words|按装|fixed"}));
  EXPECT_EQ(log.TakeWrites(), (std::set<std::string>{"/|kept", "/a.html|kept", "/b.html|body"}));
  site.Set("/b.html", Html("<p>请按装最新版本的软件。</p>"));
  EXPECT_EQ(scan_once(), (std::set<std::string>{"/a.html|typo-words|按装|still",
                                                "/b.html|typo-words|按装|new"}));
  EXPECT_EQ(log.TakeWrites(), (std::set<std::string>{"/|kept", "/a.html|kept", "/b.html|body"}))
      << "a body back as it was two scans ago is not the one stored";
}

// A cancelled scan keeps the pages it finished, tells no fixed finding, and is recorded as
// cancelled; the next scan compares against what it kept.
TEST(SiteScan, CancelKeepsFinishedPagesAndTellsNoFixes) {
  std::string db_path = TempDb();
  FakeSite site;
  std::string links;
  for (int i = 0; i < 40; ++i) links += "<a href=\"/p" + std::to_string(i) + ".html\">x</a>";
  site.Set("/", Html(links));
  for (int i = 0; i < 40; ++i) site.Set("/p" + std::to_string(i) + ".html", Html("<p>按装</p>"));
  Result<std::unique_ptr<store::SiteStore>> db = store::OpenSqliteSiteStore(db_path);
  ASSERT_TRUE(db.ok());
  {
    // A first, complete scan: every page has one open finding.
    SiteScanOptions opt = Options(&site);
    opt.store = db->get();
    ListSink sink;
    SiteScan scan(std::move(opt), &sink);
    ASSERT_TRUE(scan.Start().ok());
    EXPECT_EQ(scan.Run().findings, 40u);
  }
  for (int i = 0; i < 40; ++i) site.Set("/p" + std::to_string(i) + ".html", Html("<p>安装</p>"));
  SiteScanOptions opt = Options(&site);
  opt.store = db->get();
  opt.crawl.concurrency = 1;
  ListSink sink;
  SiteScan scan(std::move(opt), &sink);
  site.before_answer = [&](const std::string& path) {
    if (path == "/p3.html") scan.Cancel(store::ScanState::kInterrupted);
  };
  ASSERT_TRUE(scan.Start().ok());
  ScanSummary sum = scan.Run();
  EXPECT_TRUE(sum.crawl.cancelled);
  EXPECT_EQ(sum.state, store::ScanState::kInterrupted);
  EXPECT_EQ(sum.fixed, 0u);
  EXPECT_TRUE(sink.lines().empty());  // the pages fetched were fixed, but that is not told
  EXPECT_LT(sum.crawl.pages, 10u);
  EXPECT_EQ(site.Hits("/p39.html"), 1);  // the first scan's request only
  Result<std::vector<store::ScanRecord>> scans = (*db)->Scans(10);
  ASSERT_TRUE(scans.ok());
  ASSERT_EQ(scans->size(), 2u);
  EXPECT_EQ((*scans)[0].state, store::ScanState::kInterrupted);
  EXPECT_EQ((*scans)[0].finished_at, 0);
}

// A process that died mid-scan leaves its scan running; the next start marks it interrupted.
TEST(SiteScan, AScanLeftRunningIsMarkedInterruptedAtTheNextStart) {
  std::string db_path = TempDb();
  {
    Result<std::unique_ptr<store::SiteStore>> db = store::OpenSqliteSiteStore(db_path);
    ASSERT_TRUE(db.ok());
    ASSERT_TRUE((*db)->BeginScan("http://www.example.gov.cn/").ok());
  }
  Result<std::unique_ptr<store::SiteStore>> db = store::OpenSqliteSiteStore(db_path);
  ASSERT_TRUE(db.ok());
  Result<std::vector<store::ScanRecord>> before = (*db)->Scans(10);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ((*before)[0].state, store::ScanState::kRunning);
  ASSERT_TRUE((*db)->BeginScan("http://www.example.gov.cn/").ok());
  Result<std::vector<store::ScanRecord>> after = (*db)->Scans(10);
  ASSERT_TRUE(after.ok());
  ASSERT_EQ(after->size(), 2u);
  EXPECT_EQ((*after)[0].state, store::ScanState::kRunning);
  EXPECT_EQ((*after)[1].state, store::ScanState::kInterrupted);
}

// One request per host at a time, and the check of the first page held up: the second page
// is still fetched meanwhile, because checking happens after the host's slot was released.
TEST(SiteScan, PagesAreCheckedOutsideTheHostsPolitenessSlot) {
  FakeSite site;
  site.Set("/", Html("<a href=\"/a.html\">一</a><a href=\"/b.html\">二</a>"));
  site.Set("/a.html", Html("<p>按装</p>"));
  site.Set("/b.html", Html("<p>按装</p>"));
  SiteScanOptions opt = Options(&site);
  opt.crawl.per_host_concurrency = 1;
  opt.crawl.concurrency = 2;
  ListSink sink;
  bool other_fetched_meanwhile = false;
  bool first = true;
  sink.on_page = [&](const PageFindings& page) {
    if (!first) return;
    first = false;
    std::string other =
        page.source.find("/a.html") != std::string_view::npos ? "/b.html" : "/a.html";
    other_fetched_meanwhile = site.WaitForHit(other, 20);
  };
  SiteScan scan(std::move(opt), &sink);
  ASSERT_TRUE(scan.Start().ok());
  EXPECT_EQ(scan.Run().findings, 2u);
  EXPECT_TRUE(other_fetched_meanwhile);
}

// A page too slow to check is cut by its own time budget: it keeps what was found before the
// cut plus one check-incomplete finding, and the scan goes on with the other pages. Each worker
// thread's clock advances one second per reading, so where the page is cut does not depend on
// the machine's speed.
TEST(SiteScan, APageOverItsTimeBudgetIsCutAndTheScanGoesOn) {
  FakeSite site;
  site.Set("/", Html("<a href=\"/long.html\">长文</a><a href=\"/a.html\">通知</a>"));
  std::string paragraphs = "<p>请按装最新版本的软件。</p>";
  for (int i = 0; i < 300; ++i) paragraphs += "\n<p>各部门要认真贯彻落实会议精神。</p>";
  paragraphs += "\n<p>请按装最新版本的软件。</p>";
  site.Set("/long.html", Html(paragraphs));
  site.Set("/a.html", Html("<p>请按装最新版本的软件。</p>"));
  auto scan_with = [&](double limit_seconds) {
    std::vector<std::string> got;  // "path|rule|line"
    ListSink sink;
    std::mutex mu;
    sink.on_page = [&](const PageFindings& p) {
      std::lock_guard lock(mu);
      for (const sc::Finding& f : p.findings) {
        // Where the cut falls depends on the rules' count of readings, not on the machine:
        // the check-incomplete finding's line is left out.
        bool incomplete = f.rule == sc::kCheckIncompleteRule;
        got.push_back(f.source.substr(f.source.find('/', 8)) + "|" + f.rule +
                      (incomplete ? "" : "|" + std::to_string(f.line)));
        if (incomplete) {
          EXPECT_NE(f.message.find("段）未检查"), std::string::npos) << f.message;
          EXPECT_GT(f.line, 90u);
          EXPECT_LT(f.line, 120u);
        }
      }
    };
    SiteScanOptions opt = Options(&site);
    opt.page_time_limit = std::chrono::duration<double>(limit_seconds);
    opt.now = [] {
      thread_local int64_t ticks = 0;
      return std::chrono::steady_clock::time_point{} + std::chrono::seconds(++ticks);
    };
    SiteScan scan(std::move(opt), &sink);
    EXPECT_TRUE(scan.Start().ok());
    ScanSummary sum = scan.Run();
    EXPECT_EQ(sum.state, store::ScanState::kFinished);
    EXPECT_EQ(sum.crawl.pages, 3u);
    std::sort(got.begin(), got.end());
    return got;
  };
  // 100 readings of the clock: the two short pages are checked in full, the long one (over
  // 300 blocks, one paragraph a line, one reading each) is cut near its 100th line.
  std::vector<std::string> cut = scan_with(100);
  EXPECT_EQ(cut, (std::vector<std::string>{"/a.html|typo-words|1", "/long.html|check-incomplete",
                                           "/long.html|typo-words|1"}));
  // Without a limit the same clock cuts nothing: the typo at the bottom is found too.
  std::vector<std::string> whole = scan_with(0);
  EXPECT_EQ(whole, (std::vector<std::string>{"/a.html|typo-words|1", "/long.html|typo-words|1",
                                             "/long.html|typo-words|302"}));
}

// The real store, except that committing one page fails (a full disk, a lost lock).
class FailingStore : public store::SiteStore {
 public:
  FailingStore(store::SiteStore* real, std::string failing_source)
      : real_(real), failing_(std::move(failing_source)) {}
  Status BeginScan(const std::string& seeds) override { return real_->BeginScan(seeds); }
  Status EndScan(store::ScanState state) override { return real_->EndScan(state); }
  Status MarkInterrupted() override { return real_->MarkInterrupted(); }
  Result<std::vector<store::ScanRecord>> Scans(size_t limit) override {
    return real_->Scans(limit);
  }
  Result<std::optional<store::PageRecord>> GetPage(const std::string& url) override {
    return real_->GetPage(url);
  }
  Result<std::vector<store::StoredFinding>> OpenFindings(const std::string& source) override {
    return real_->OpenFindings(source);
  }
  Result<std::vector<store::RecordedFinding>> CommitPage(
      const std::string& source, const store::PageRecord* page,
      const std::vector<sc::Finding>& findings) override {
    if (source.ends_with(failing_)) return Status::Unavailable("site.db: 磁盘已满");
    return real_->CommitPage(source, page, findings);
  }
  Result<std::vector<std::vector<store::RecordedFinding>>> CommitPages(
      const std::vector<PageCommit>& pages) override {
    for (const PageCommit& p : pages) {
      if (p.source.ends_with(failing_)) return Status::Unavailable("site.db: 磁盘已满");
    }
    return real_->CommitPages(pages);
  }
  Status MarkGone(const std::string& url) override { return real_->MarkGone(url); }
  Result<size_t> FinishScan(const std::function<void(std::vector<sc::Finding>&)>& fixed) override {
    ++finish_calls;
    return real_->FinishScan(fixed);
  }
  int finish_calls = 0;

 private:
  store::SiteStore* real_;
  std::string failing_;
};

// A write that fails mid-scan: the scan goes on for the findings' sake, keeps what was
// written, ends interrupted (never finished, so nothing is called fixed) and says why.
TEST(SiteScan, AFailedWriteEndsTheScanInterruptedAndKeepsWhatWasWritten) {
  std::string db_path = TempDb();
  FakeSite site;
  site.Set("/", Html("<a href=\"/a.html\">一</a><a href=\"/b.html\">二</a>"));
  site.Set("/a.html", Html("<p>请按装最新版本的软件。</p>"));
  site.Set("/b.html", Html("<p>请按装最新版本的软件。</p>"));
  Result<std::unique_ptr<store::SiteStore>> db = store::OpenSqliteSiteStore(db_path);
  ASSERT_TRUE(db.ok()) << db.status().message();
  FailingStore failing(db->get(), "/b.html");
  SiteScanOptions opt = Options(&site);
  opt.store = &failing;
  ListSink sink;
  SiteScan scan(std::move(opt), &sink);
  ASSERT_TRUE(scan.Start().ok());
  ScanSummary sum = scan.Run();
  EXPECT_EQ(sum.state, store::ScanState::kInterrupted);
  EXPECT_EQ(sum.store_error, "site.db: 磁盘已满");
  EXPECT_EQ(sum.committed, 2u) << "the home page and /a.html";
  EXPECT_EQ(sum.fixed, 0u);
  EXPECT_EQ(failing.finish_calls, 0) << "an interrupted scan tells no fixed findings";
  // Every finding still reaches the sink; the one not written has no status.
  EXPECT_EQ(sink.lines(),
            (std::set<std::string>{"/a.html|typo-words|按装|new", "/b.html|typo-words|按装|"}));
  Result<std::vector<store::ScanRecord>> scans = (*db)->Scans(1);
  ASSERT_TRUE(scans.ok());
  ASSERT_EQ(scans->size(), 1u);
  EXPECT_EQ((*scans)[0].state, store::ScanState::kInterrupted);
  Result<std::vector<store::StoredFinding>> kept =
      (*db)->OpenFindings("http://www.example.gov.cn/a.html");
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->size(), 1u);
}

// The real store until its process "dies": the first `writes` writes go through, every
// later one fails as if nothing had reached the file (a process killed between two commits).
class DyingStore : public store::SiteStore {
 public:
  DyingStore(store::SiteStore* real, int writes) : real_(real), left_(writes) {}
  Status BeginScan(const std::string& seeds) override { return real_->BeginScan(seeds); }
  Status EndScan(store::ScanState state) override {
    return Write() ? real_->EndScan(state) : Dead();
  }
  Status MarkInterrupted() override { return real_->MarkInterrupted(); }
  Status SaveFrontier(const std::vector<store::FrontierEntry>& batch) override {
    return Write() ? real_->SaveFrontier(batch) : Dead();
  }
  int64_t scan_id() const override { return real_->scan_id(); }
  Result<std::vector<store::ScanRecord>> Scans(size_t limit) override {
    return real_->Scans(limit);
  }
  Result<std::optional<store::PageRecord>> GetPage(const std::string& url) override {
    return real_->GetPage(url);
  }
  Result<std::vector<store::StoredFinding>> OpenFindings(const std::string& source) override {
    return real_->OpenFindings(source);
  }
  Result<std::vector<store::RecordedFinding>> CommitPage(
      const std::string& source, const store::PageRecord* page,
      const std::vector<sc::Finding>& findings) override {
    if (!Write()) return Dead();
    auto r = real_->CommitPage(source, page, findings);
    if (r.ok() && page != nullptr) Recorded(source);
    return r;
  }
  Result<std::vector<std::vector<store::RecordedFinding>>> CommitPages(
      const std::vector<PageCommit>& pages) override {
    if (!Write()) return Dead();
    auto r = real_->CommitPages(pages);
    if (r.ok()) {
      for (const PageCommit& p : pages) {
        if (p.page != nullptr) Recorded(p.source);
      }
    }
    return r;
  }
  Status MarkGone(const std::string& url) override {
    return Write() ? real_->MarkGone(url) : Dead();
  }
  Result<std::vector<std::vector<store::RecordedFinding>>> CommitBatch(
      const Batch& batch) override {
    if (!Write()) return Dead();
    auto r = real_->CommitBatch(batch);
    if (r.ok()) {
      for (const PageCommit& p : batch.pages) {
        if (p.page != nullptr) Recorded(p.source);
      }
    }
    return r;
  }
  Result<size_t> FinishScan(const std::function<void(std::vector<sc::Finding>&)>& fixed) override {
    if (!Write()) return Dead();
    return real_->FinishScan(fixed);
  }
  // The paths of the pages whose records were written.
  std::set<std::string> recorded() {
    std::lock_guard lock(mu_);
    return recorded_;
  }
  bool died() {
    std::lock_guard lock(mu_);
    return left_ < 0;
  }

 private:
  bool Write() {
    std::lock_guard lock(mu_);
    return --left_ >= 0;
  }
  static Status Dead() { return Status::Unavailable("site.db: 进程已终止"); }
  void Recorded(const std::string& url) {
    std::lock_guard lock(mu_);
    recorded_.insert(url.substr(url.find('/', 8)));
  }
  store::SiteStore* real_;
  std::mutex mu_;
  int left_;
  std::set<std::string> recorded_;
};

// A scan whose process dies after any number of writes, pages gathered two to a batch:
// continued by the next process, it fetches again exactly the pages whose records were not
// written (settled in the frontier or not), finds every finding once with the identity it
// had before, and tells new, still and fixed as a whole scan would.
TEST(SiteScan, AScanKilledAfterAnyWriteContinuesWithoutLossOrDoubleCounting) {
  const std::vector<std::string> kPages = {"/",       "/a.html", "/b.html",
                                           "/c.html", "/d.html", "/e.html"};
  int killed = 0;
  for (int writes = 0; writes < 40; ++writes) {
    SCOPED_TRACE("writes before the kill: " + std::to_string(writes));
    std::string db_path = TempDb();
    FakeSite site;
    site.Set("/", Html("<a href=\"/a.html\">一</a><a href=\"/b.html\">二</a>"
                       "<a href=\"/gone.html\">旧</a><a href=\"/c.html\">三</a>"
                       "<a href=\"/d.html\">四</a>"));
    for (const char* p : {"/a.html", "/b.html", "/c.html", "/d.html"})
      site.Set(p, Html("<p>请按装最新版本的软件。</p>"));
    std::map<std::string, std::string> identity;  // of each page's finding after scan 1
    {
      Result<std::unique_ptr<store::SiteStore>> db = store::OpenSqliteSiteStore(db_path);
      ASSERT_TRUE(db.ok()) << db.status().message();
      SiteScanOptions opt = Options(&site);
      opt.store = db->get();
      ListSink sink;
      SiteScan scan(std::move(opt), &sink);
      ASSERT_TRUE(scan.Start().ok());
      ASSERT_EQ(scan.Run().state, store::ScanState::kFinished);
      for (const std::string& p : kPages) {
        auto open = (*db)->OpenFindings("http://www.example.gov.cn" + p);
        ASSERT_TRUE(open.ok());
        if (!open->empty()) identity[p] = open->front().identity;
      }
      ASSERT_EQ(identity.size(), 5u) << "/ (its dead link) and a-d";
    }
    // Between the scans b.html is fixed and e.html added.
    site.Set("/b.html", Html("<p>请安装最新版本的软件。</p>"));
    site.Set("/e.html", Html("<p>家长可按装家校通应用。</p>"));
    site.Set("/", Html("<a href=\"/a.html\">一</a><a href=\"/b.html\">二</a>"
                       "<a href=\"/gone.html\">旧</a><a href=\"/c.html\">三</a>"
                       "<a href=\"/d.html\">四</a><a href=\"/e.html\">五</a>"));
    int64_t scan_id = 0;
    std::set<std::string> recorded;
    bool died = false;
    {
      Result<std::unique_ptr<store::SiteStore>> db = store::OpenSqliteSiteStore(db_path);
      ASSERT_TRUE(db.ok());
      DyingStore dying(db->get(), writes);
      SiteScanOptions opt = Options(&site);
      opt.store = &dying;
      opt.crawl.concurrency = 1;
      opt.store_batching.max_pages = 2;
      opt.store_batching.max_delay = std::chrono::hours(1);
      ListSink sink;
      SiteScan scan(std::move(opt), &sink);
      ASSERT_TRUE(scan.Start().ok());
      scan_id = dying.scan_id();
      ScanSummary sum = scan.Run();
      died = dying.died();
      recorded = dying.recorded();
      if (!died) {
        // Every write went through: the scan is whole, and the kills are all tried.
        EXPECT_EQ(sum.state, store::ScanState::kFinished);
        EXPECT_EQ(sum.fixed, 1u);
        break;
      }
      EXPECT_EQ(sum.state, store::ScanState::kInterrupted);
    }
    ++killed;
    std::map<std::string, int> hits_before;
    for (const std::string& p : kPages) hits_before[p] = site.Hits(p);
    // The next process continues the scan.
    Result<std::unique_ptr<store::SiteStore>> db = store::OpenSqliteSiteStore(db_path);
    ASSERT_TRUE(db.ok());
    SiteScanOptions opt = Options(&site);
    opt.store = db->get();
    opt.resume_scan = scan_id;
    ListSink sink;
    SiteScan scan(std::move(opt), &sink);
    ASSERT_TRUE(scan.Start().ok());
    ScanSummary sum = scan.Run();
    EXPECT_EQ(sum.state, store::ScanState::kFinished);
    EXPECT_EQ(sum.fixed, 1u) << "b.html's finding, once";
    for (const std::string& p : kPages) {
      EXPECT_EQ(site.Hits(p) - hits_before[p], recorded.count(p) ? 0 : 1) << p;
    }
    for (const std::string& p : kPages) {
      auto open = (*db)->OpenFindings("http://www.example.gov.cn" + p);
      ASSERT_TRUE(open.ok());
      if (p == "/b.html") {
        EXPECT_TRUE(open->empty()) << "fixed";
        continue;
      }
      ASSERT_EQ(open->size(), 1u) << p;
      if (p != "/e.html") {
        EXPECT_EQ(open->front().identity, identity[p]) << p;
      }
    }
    // What the part after the kill found is told against the first scan, as before it.
    for (const std::string& line : sink.lines()) {
      if (line.starts_with("/e.html")) {
        EXPECT_EQ(line, "/e.html|typo-words|按装|new");
      } else if (line.starts_with("/b.html")) {
        EXPECT_EQ(line, "/b.html|typo-words|按装|fixed");
      } else {
        EXPECT_TRUE(line.ends_with("|still")) << line;
      }
    }
    Result<std::vector<store::ScanRecord>> scans = (*db)->Scans(10);
    ASSERT_TRUE(scans.ok());
    ASSERT_EQ(scans->size(), 2u);
    EXPECT_EQ((*scans)[0].state, store::ScanState::kFinished);
  }
  // How the pages fall into batches depends on the timing; at the least a kill before the
  // first batch and one after the last.
  EXPECT_GE(killed, 2);
}

// The findings each of a scan's write batches brought to the store.
class BatchNotingStore : public DyingStore {
 public:
  explicit BatchNotingStore(store::SiteStore* real) : DyingStore(real, 1 << 30) {}
  Result<std::vector<std::vector<store::RecordedFinding>>> CommitBatch(
      const Batch& batch) override {
    size_t findings = 0;
    for (const PageCommit& p : batch.pages) findings += p.findings.size();
    {
      std::lock_guard lock(mu_);
      batches_.push_back(findings);
    }
    return DyingStore::CommitBatch(batch);
  }
  std::vector<size_t> batches() {
    std::lock_guard lock(mu_);
    return batches_;
  }

 private:
  std::mutex mu_;
  std::vector<size_t> batches_;
};

// The write queue's memory limit counts what a queued page holds, not only its body: short
// pages full of findings (each ~400 bytes before its texts, for 9 bytes of body) make the
// writer write before they fill the memory, and hold the workers back while it is behind.
TEST(SiteScan, TheWriteQueueCountsTheFindingsItHoldsNotOnlyTheBodies) {
  constexpr int kPages = 20;
  constexpr size_t kPerPage = 200;
  std::string typos;
  for (size_t i = 0; i < kPerPage; ++i) typos += "按装。";
  FakeSite site;
  std::string index;
  for (int i = 0; i < kPages; ++i) {
    const std::string path = "/p" + std::to_string(i) + ".html";
    index += "<a href=\"" + path + "\">" + std::to_string(i) + "</a>";
    site.Set(path, Html("<p>" + typos + "</p>"));
  }
  site.Set("/", Html(index));
  const std::string db_path = TempDb();
  Result<std::unique_ptr<store::SiteStore>> db = store::OpenSqliteSiteStore(db_path);
  ASSERT_TRUE(db.ok()) << db.status().message();
  BatchNotingStore noting(db->get());
  SiteScanOptions opt = Options(&site);
  opt.store = &noting;
  // Bodies of 1.9 kB a page, 38 kB in all: by bodies alone the whole scan is one batch.
  opt.store_batching.max_bytes = 64 << 10;
  opt.store_batching.max_pages = 1 << 20;
  opt.store_batching.max_delay = std::chrono::hours(1);
  ListSink sink;
  SiteScan scan(std::move(opt), &sink);
  ASSERT_TRUE(scan.Start().ok());
  ScanSummary sum = scan.Run();
  EXPECT_EQ(sum.state, store::ScanState::kFinished);
  EXPECT_EQ(sum.findings, kPages * kPerPage);
  EXPECT_EQ(sum.committed, kPages + 1u);

  // The queue is taken by the writer with less than four times max_bytes in it before its
  // last page: never more findings than fit there, and all of them written.
  const size_t most = 4 * (size_t{64} << 10) / sizeof(sc::Finding) + kPerPage;
  size_t written = 0;
  for (size_t b : noting.batches()) {
    EXPECT_LE(b, most);
    written += b;
  }
  EXPECT_EQ(written, kPages * kPerPage);
  EXPECT_GE(noting.batches().size(), 4u);
  auto open = (*db)->OpenFindings("http://www.example.gov.cn/p7.html");
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->size(), kPerPage);
}

// Over real HTTP on loopback, with the scan's own fetcher.
TEST(SiteScan, ScansALoopbackSiteOverHttp) {
  httplib::Server server;
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(Html("<a href=\"/a.html\">一</a><a href=\"/missing.html\">二</a>"),
                    "text/html; charset=utf-8");
  });
  server.Get("/a.html", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(Html("<p>请按装最新版本的软件。</p>"), "text/html; charset=utf-8");
  });
  int port = server.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  std::thread t([&] { server.listen_after_bind(); });
  while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  SiteScanOptions opt = Options(nullptr);
  opt.crawl.seeds = {"http://127.0.0.1:" + std::to_string(port) + "/"};
  ListSink sink;
  SiteScan scan(std::move(opt), &sink);
  ASSERT_TRUE(scan.Start().ok());
  ScanSummary sum = scan.Run();
  server.stop();
  t.join();
  EXPECT_EQ(sum.state, store::ScanState::kFinished);
  EXPECT_EQ(sum.crawl.pages, 2u);
  std::string base = "http://127.0.0.1:" + std::to_string(port);
  EXPECT_EQ(sink.lines(), (std::set<std::string>{"/a.html|typo-words|按装|",
                                                 "/|link-dead|" + base + "/missing.html|"}));
}

}  // namespace
}  // namespace cuomin::site
