// `cuomin crawl --db` stopped by SIGINT or SIGTERM while crawling a slow loopback site: it stops
// within its timeouts, keeps the pages it finished, records the scan as interrupted and says so.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <string>
#include <thread>

#include "run_command.h"
#include "store/site_store.h"
#include "test_paths.h"

namespace cuomin {
namespace {

// Fifty pages linked from the home page, each answering after 200 ms.
class SlowSite {
 public:
  SlowSite() {
    server_.Get("/", [](const httplib::Request&, httplib::Response& res) {
      std::string body = "<html><body>";
      for (int i = 0; i < 50; ++i)
        body += "<a href=\"/p" + std::to_string(i) + ".html\">第" + std::to_string(i) + "页</a>";
      res.set_content(body + "</body></html>", "text/html; charset=utf-8");
    });
    server_.Get(R"(/p\d+\.html)", [this](const httplib::Request&, httplib::Response& res) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      ++served_;
      res.set_content("<html><body><p>请按装最新版本的软件。</p></body></html>",
                      "text/html; charset=utf-8");
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~SlowSite() {
    server_.stop();
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/"; }
  int served() const { return served_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::atomic<int> served_{0};
};

// The findings of the slow site's pages in JSON Lines output: one a page.
size_t CountTypos(const std::string& json_lines) {
  size_t n = 0;
  for (size_t i = json_lines.find("\"text\":\"按装\""); i != std::string::npos;
       i = json_lines.find("\"text\":\"按装\"", i + 1))
    ++n;
  return n;
}

class CrawlSignal : public ::testing::TestWithParam<int> {};

TEST_P(CrawlSignal, StopsCleanlyKeepsFinishedPagesAndRecordsTheScanInterrupted) {
  const int sig = GetParam();
  SlowSite site;
  char dir[] = "/tmp/cuomin-signal-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  std::string db = std::string(dir) + "/site.db";

  const std::string typo_rules = cuomin::test_paths::Dictionaries() + "/typo";
  test_paths::CommandOptions options;
  // The signal goes once three pages were printed (each printed page is committed), not after a
  // time: on a loaded machine pages can be served long before the crawl has checked them.
  bool pages_printed = false;
  options.while_running = [&](const test_paths::RunningCommand& running) {
    auto start = std::chrono::steady_clock::now();
    while (CountTypos(running.out_so_far()) < 3 &&
           std::chrono::steady_clock::now() - start < std::chrono::seconds(60))
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    pages_printed = CountTypos(running.out_so_far()) >= 3;
    // Sent either way: a crawl that never got going must not hold the test until its limit.
    ::kill(running.pid, sig);
  };
  test_paths::CommandResult run =
      test_paths::RunCuomin({"crawl", "--db", db, "--format", "json", "--concurrency", "2",
                             "--per-host-rate", "1000", "--no-sitemap", "--fail-on", "none",
                             "--rules", typo_rules, "--no-default-rules", site.url()},
                            options);
  ASSERT_TRUE(pages_printed) << "the crawl did not print 3 pages within 60 s: " << run.Describe();
  ASSERT_EQ(run.signal, 0) << "killed by signal " << run.signal;
  EXPECT_EQ(run.exit_code, 128 + sig);
  EXPECT_LT(site.served(), 50);

  const std::string& stderr_text = run.err;
  EXPECT_NE(stderr_text.find("抓取被信号中断"), std::string::npos) << stderr_text;
  EXPECT_NE(stderr_text.find("本次扫描记为中断，不判断哪些问题已修复"), std::string::npos)
      << stderr_text;
  EXPECT_NE(stderr_text.find("抓取完成"), std::string::npos) << stderr_text;  // the summary

  // Each page finished before the signal is printed and committed.
  const size_t printed = CountTypos(run.out);
  EXPECT_GE(printed, 3u) << run.out;
  Result<std::unique_ptr<store::SiteStore>> s = store::OpenSqliteSiteStore(db);
  ASSERT_TRUE(s.ok()) << s.status().message();
  Result<std::vector<store::ScanRecord>> scans = (*s)->Scans(5);
  ASSERT_TRUE(scans.ok());
  ASSERT_EQ(scans->size(), 1u);
  EXPECT_EQ((*scans)[0].state, store::ScanState::kInterrupted);
  size_t kept = 0;
  for (int i = 0; i < 50; ++i) {
    Result<std::vector<store::StoredFinding>> open =
        (*s)->OpenFindings(site.url() + "p" + std::to_string(i) + ".html");
    ASSERT_TRUE(open.ok());
    kept += open->size();
  }
  EXPECT_EQ(kept, printed);
  s->reset();
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(SigintAndSigterm, CrawlSignal, ::testing::Values(SIGINT, SIGTERM));

}  // namespace
}  // namespace cuomin
