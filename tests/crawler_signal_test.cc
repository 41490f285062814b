// `cuomin crawl --db` stopped by SIGINT or SIGTERM while crawling a slow loopback site: it stops
// within its timeouts, keeps the pages it finished, records the scan as interrupted and says so.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "store/site_store.h"
#include "test_paths.h"

namespace cuomin {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

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

class CrawlSignal : public ::testing::TestWithParam<int> {};

TEST_P(CrawlSignal, StopsCleanlyKeepsFinishedPagesAndRecordsTheScanInterrupted) {
  const int sig = GetParam();
  SlowSite site;
  char dir[] = "/tmp/cuomin-signal-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  std::string db = std::string(dir) + "/site.db";
  std::string out = std::string(dir) + "/out.jsonl";
  std::string err = std::string(dir) + "/err.txt";

  std::string url = site.url();
  const std::string binary = cuomin::test_paths::Binary();
  const std::string typo_rules = cuomin::test_paths::Dictionaries() + "/typo";
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec: this process has threads.
    int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0) _exit(99);
    execl(binary.c_str(), binary.c_str(), "crawl", "--db", db.c_str(), "--format", "json",
          "--concurrency", "2", "--per-host-rate", "1000", "--no-sitemap", "--fail-on", "none",
          "--rules", typo_rules.c_str(), "--no-default-rules", url.c_str(),
          static_cast<char*>(nullptr));
    _exit(98);
  }
  auto start = std::chrono::steady_clock::now();
  while (site.served() < 4 && std::chrono::steady_clock::now() - start < std::chrono::seconds(60))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_GE(site.served(), 4);
  ::kill(pid, sig);
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "killed by signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 128 + sig);
  EXPECT_LT(site.served(), 50);

  std::string stderr_text = ReadFile(err);
  EXPECT_NE(stderr_text.find("抓取被信号中断"), std::string::npos) << stderr_text;
  EXPECT_NE(stderr_text.find("本次扫描记为中断，不判断哪些问题已修复"), std::string::npos)
      << stderr_text;
  EXPECT_NE(stderr_text.find("抓取完成"), std::string::npos) << stderr_text;  // the summary

  // Each page finished before the signal is printed and committed.
  std::string findings = ReadFile(out);
  size_t printed = 0;
  for (size_t i = findings.find("\"text\":\"按装\""); i != std::string::npos;
       i = findings.find("\"text\":\"按装\"", i + 1))
    ++printed;
  EXPECT_GE(printed, 3u) << findings;
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
  std::string cleanup = std::string("rm -rf ") + dir;
  EXPECT_EQ(std::system(cleanup.c_str()), 0);
}

INSTANTIATE_TEST_SUITE_P(SigintAndSigterm, CrawlSignal, ::testing::Values(SIGINT, SIGTERM));

}  // namespace
}  // namespace cuomin
