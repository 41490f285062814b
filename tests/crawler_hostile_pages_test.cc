// `cuomin crawl` against hostile pages and hostile configurations, end to end over loopback:
// pages nested 10^4 to 10^6 levels deep (div, b, table/td, svg/g) in scope and as outbound
// link targets, links into the office network with and without --allow-private-addresses,
// and a --db that cannot be written. Each case is one crawl of the binary: its findings, its
// exit code and its summary are what a user sees.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "crawler/address_policy.h"
#include "run_command.h"
#include "test_paths.h"

namespace {

using json = nlohmann::json;

constexpr char kTypo[] = "请按装最新版本的软件。";

std::string Page(const std::string& body) {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>页</title></head><body>" +
         body + "</body></html>";
}

// A web server on one address that serves fixed bodies by path (404 otherwise) and counts
// requests. Bodies are set before the server starts.
class StaticServer {
 public:
  explicit StaticServer(std::map<std::string, std::shared_ptr<const std::string>> bodies,
                        const std::string& address = "127.0.0.1")
      : bodies_(std::move(bodies)) {
    server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      ++hits_;
      auto it = bodies_.find(req.path);
      if (it == bodies_.end()) {
        res.status = 404;
        return;
      }
      res.set_content(*it->second, "text/html; charset=utf-8");
    });
    port_ = server_.bind_to_any_port(address);
    if (port_ <= 0) return;
    std::string host = address.find(':') != std::string::npos ? "[" + address + "]" : address;
    url_ = "http://" + host + ":" + std::to_string(port_);
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~StaticServer() {
    server_.stop();
    if (thread_.joinable()) thread_.join();
  }
  bool ok() const { return port_ > 0; }
  const std::string& url() const { return url_; }
  int hits() const { return hits_; }

 private:
  std::map<std::string, std::shared_ptr<const std::string>> bodies_;
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::string url_;
  std::atomic<int> hits_{0};
};

struct CrawlRun {
  std::vector<json> findings;
  std::string summary;  // standard error
  int exit_code = -1;
};

// Runs `cuomin crawl --format json ARGS` under a deadline of its own (a hang fails the test
// instead of stalling the suite); `options` may limit the size of the files it writes.
CrawlRun Crawl(const std::vector<std::string>& args,
               cuomin::test_paths::CommandOptions options = {}) {
  std::vector<std::string> argv = {"crawl", "--format",      "json", "--timeout",
                                   "30",    "--retry-delay", "0.05", "--per-host-rate",
                                   "1000"};
  argv.insert(argv.end(), args.begin(), args.end());
  options.time_limit_seconds = 300;
  cuomin::test_paths::CommandResult r = cuomin::test_paths::RunCuomin(argv, options);
  CrawlRun run;
  run.exit_code = r.exit_code;
  for (const std::string& line : cuomin::test_paths::NonEmptyLines(r.out))
    run.findings.push_back(json::parse(line));
  run.summary = r.exit_code < 0 ? r.Describe() : r.err;
  return run;
}

// `a` followed by `b`.
std::vector<std::string> With(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

std::vector<json> Where(const CrawlRun& r, const std::string& rule, const std::string& source) {
  std::vector<json> out;
  for (const json& f : r.findings)
    if (f["rule"] == rule && f["source"] == source) out.push_back(f);
  return out;
}

// OPEN repeated `depth` times with a typo at the bottom: the typo must never be reported,
// since a page this deep is not parsed.
std::shared_ptr<const std::string> Nested(const std::string& open, size_t depth) {
  auto s = std::make_shared<std::string>("<html><body>");
  s->reserve(s->size() + open.size() * depth + 64);
  for (size_t i = 0; i < depth; ++i) *s += open;
  *s += kTypo;
  return s;
}

// Twelve deep pages in scope and the same twelve as outbound targets on 127.0.0.2, plus one
// ordinary page with a typo; one crawl, generated and run once for the suite.
class DeepPages : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::pair<const char*, const char*> shapes[] = {
        {"div", "<div>"}, {"b", "<b>"}, {"table", "<table><tr><td>"}, {"svg", "<svg><g>"}};
    std::map<std::string, std::shared_ptr<const std::string>> deep;
    for (size_t depth : {size_t{10000}, size_t{100000}, size_t{1000000}}) {
      for (const auto& [name, open] : shapes) {
        deep["/deep/" + std::string(name) + "-" + std::to_string(depth) + ".html"] =
            Nested(open, depth);
      }
    }
    outside_ = new StaticServer(deep, "127.0.0.2");
    std::string links = "<p>首页</p><a href=\"/ok.html\">通知</a>";
    for (const auto& [path, body] : deep) {
      links += "<a href=\"" + path + "\">深</a>";
      links += "<a href=\"" + outside_->url() + path + "\">外</a>";
      paths_.push_back(path);
    }
    std::map<std::string, std::shared_ptr<const std::string>> site = deep;
    site["/"] = std::make_shared<const std::string>(Page(links));
    site["/ok.html"] = std::make_shared<const std::string>(Page(std::string("<p>") + kTypo));
    site_ = new StaticServer(site);
    // The largest page is 15 MB (10^6 times <table><tr><td>): read it whole.
    run_ = new CrawlRun(Crawl({"--max-page-size", "20", site_->url() + "/"}));
  }
  static void TearDownTestSuite() {
    delete run_;
    delete site_;
    delete outside_;
  }
  static StaticServer* site_;
  static StaticServer* outside_;
  static CrawlRun* run_;
  static std::vector<std::string> paths_;
};
StaticServer* DeepPages::site_ = nullptr;
StaticServer* DeepPages::outside_ = nullptr;
CrawlRun* DeepPages::run_ = nullptr;
std::vector<std::string> DeepPages::paths_;

TEST_F(DeepPages, EachDeepPageInScopeIsOneFindingNamingItAndTheReason) {
  ASSERT_EQ(paths_.size(), 12u);
  for (const std::string& path : paths_) {
    std::string url = site_->url() + path;
    std::vector<json> problem = Where(*run_, "read-incomplete", url);
    ASSERT_EQ(problem.size(), 1u) << url << "\n" << run_->summary;
    EXPECT_EQ(problem[0]["severity"], "major");
    EXPECT_NE(problem[0]["message"].get<std::string>().find("页面标签嵌套超过 1000 层"),
              std::string::npos)
        << problem[0].dump();
    size_t on_page = 0;
    for (const json& f : run_->findings) on_page += f["source"] == url;
    EXPECT_EQ(on_page, 1u) << url << ": nothing else, not the typo at its bottom";
  }
}

TEST_F(DeepPages, TheOtherPagesAreCheckedAndDeepOutboundTargetsAreLinksThatWork) {
  std::vector<json> typo = Where(*run_, "typo-words", site_->url() + "/ok.html");
  ASSERT_EQ(typo.size(), 1u) << run_->summary;
  EXPECT_EQ(typo[0]["text"], "按装");
  EXPECT_EQ(outside_->hits(), 12) << "each outbound target fetched once";
  for (const json& f : run_->findings) {
    std::string source = f["source"];
    EXPECT_EQ(source.find(outside_->url()), std::string::npos) << f.dump();
    // A deep target is alive: no dead link, no timeout; only its host may be remarked on.
    if (f["rule"].get<std::string>().rfind("link-", 0) == 0) {
      EXPECT_EQ(f["rule"].get<std::string>().find("dead"), std::string::npos) << f.dump();
    }
  }
}

TEST_F(DeepPages, TheCrawlEndsWithItsExitCodeAndSummary) {
  EXPECT_EQ(run_->exit_code, 1) << "major findings, nothing crashed\n" << run_->summary;
  EXPECT_NE(run_->summary.find("站内页面 14，站外链接检查 12"), std::string::npos) << run_->summary;
  EXPECT_EQ(run_->summary.find("无法读取"), std::string::npos) << run_->summary;
}

// An IPv4 address of this machine in the office-network class (10/8, 172.16/12, 192.168/16),
// for a server a loopback site's link can reach; "" when the machine has none. (IPv6 literals
// are left out: the HTTP library cannot connect to one with hex letters, see the report.)
std::string LocalPrivateAddress() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return "";
  std::string found;
  for (ifaddrs* a = list; a != nullptr && found.empty(); a = a->ifa_next) {
    if (a->ifa_addr == nullptr) continue;
    if (a->ifa_addr->sa_family != AF_INET) continue;
    char text[64] = {};
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(a->ifa_addr)->sin_addr, text, sizeof text);
    if (cuomin::crawler::ClassifyAddress(text) == cuomin::crawler::kAddressPrivate) found = text;
  }
  freeifaddrs(list);
  return found;
}

// A site on loopback is crawled either way; its link into the office network is refused by
// default (a finding that says so, no request) and checked with --allow-private-addresses.
// Where the machine has no private IPv4 address, 10.255.255.1 stands in: then "checked" is
// an attempt, answered or failed by the network, but not a refusal.
TEST(PrivateAddresses, RefusedByDefaultAndCheckedWithTheFlag) {
  std::string address = LocalPrivateAddress();
  std::unique_ptr<StaticServer> intranet;
  std::string target = "http://10.255.255.1/oa/";
  if (!address.empty()) {
    intranet = std::make_unique<StaticServer>(
        std::map<std::string, std::shared_ptr<const std::string>>{
            {"/oa/", std::make_shared<const std::string>(Page("<p>内网</p>"))}},
        address);
    if (intranet->ok()) target = intranet->url() + "/oa/";
  }
  StaticServer site({{"/", std::make_shared<const std::string>(
                               Page("<a href=\"" + target + "\">办公系统</a><p>" + kTypo))}});
  const std::vector<std::string> flags = {"--fail-on", "none", "--max-page-size", "1",
                                          "--timeout", "2",    site.url() + "/"};

  CrawlRun refused = Crawl(flags);
  EXPECT_EQ(refused.exit_code, 0) << refused.summary;
  EXPECT_EQ(Where(refused, "typo-words", site.url() + "/").size(), 1u) << "the site is scanned";
  std::vector<json> private_link = Where(refused, "link-private-address", site.url() + "/");
  ASSERT_EQ(private_link.size(), 1u) << refused.summary;
  EXPECT_NE(private_link[0]["message"].get<std::string>().find("--allow-private-addresses"),
            std::string::npos);
  if (intranet && intranet->ok()) {
    EXPECT_EQ(intranet->hits(), 0) << "refused before connecting";
  }

  CrawlRun allowed = Crawl(With({"--allow-private-addresses"}, flags));
  EXPECT_EQ(allowed.exit_code, 0) << allowed.summary;
  EXPECT_EQ(Where(allowed, "typo-words", site.url() + "/").size(), 1u);
  EXPECT_TRUE(Where(allowed, "link-private-address", site.url() + "/").empty()) << allowed.summary;
  if (intranet && intranet->ok()) {
    EXPECT_EQ(intranet->hits(), 1) << "checked once " << target;
    for (const json& f : allowed.findings)
      EXPECT_NE(f["rule"], "link-dead") << "a live intranet link is not dead: " << f.dump();
  } else {
    std::fprintf(stderr, "no private IPv4 address here: %s stands in\n", target.c_str());
  }
}

// A --db the crawl cannot write is refused before any request, with exit 2 and the file named.
TEST(CrawlDb, ADatabaseThatCannotBeWrittenIsRefusedAtTheStart) {
  StaticServer site({{"/", std::make_shared<const std::string>(Page(kTypo))}});
  char dir[] = "/tmp/cuomin-hostile-db-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  // A path through a regular file: its directory cannot exist.
  std::string file = std::string(dir) + "/plain";
  std::ofstream(file) << "not a directory\n";
  std::string db = file + "/site.db";
  CrawlRun run = Crawl({"--db", db, site.url() + "/"});
  EXPECT_EQ(run.exit_code, 2) << run.summary;
  EXPECT_NE(run.summary.find(db), std::string::npos) << run.summary;
  // No flag would cure it: the usage hint would send the user to the wrong place.
  EXPECT_EQ(run.summary.find("--help"), std::string::npos) << run.summary;
  EXPECT_TRUE(run.findings.empty());
  EXPECT_EQ(site.hits(), 0) << "refused before any request";

  // An existing database made immutable (chattr +i: what a read-only file is to root, who
  // ignores permission bits). Only where the file system supports it. The message says in
  // Chinese what is wrong, not SQLite's "attempt to write a readonly database".
  std::string kept = std::string(dir) + "/kept.db";
  CrawlRun first = Crawl({"--db", kept, site.url() + "/"});
  ASSERT_EQ(first.exit_code, 1) << first.summary;
  int hits_before = site.hits();
  if (cuomin::test_paths::RunCommand({"chattr", "+i", kept}).exit_code == 0) {
    CrawlRun locked = Crawl({"--db", kept, site.url() + "/"});
    EXPECT_EQ(cuomin::test_paths::RunCommand({"chattr", "-i", kept}).exit_code, 0);
    EXPECT_EQ(locked.exit_code, 2) << locked.summary;
    EXPECT_NE(locked.summary.find("数据库文件只读：" + kept + "（文件被设为不可修改"),
              std::string::npos)
        << locked.summary;
    EXPECT_EQ(locked.summary.find("readonly"), std::string::npos) << locked.summary;
    EXPECT_EQ(locked.summary.find("--help"), std::string::npos) << locked.summary;
    EXPECT_TRUE(locked.findings.empty());
    EXPECT_EQ(site.hits(), hits_before) << "refused before any request";
  } else {
    std::fprintf(stderr, "chattr +i is not supported here: the immutable case is not run\n");
  }

  // A database its user may not write (mode 0444; as root the crawl runs as nobody).
  ASSERT_EQ(::chmod(kept.c_str(), 0444), 0);
  ASSERT_EQ(::chmod(dir, 0755), 0);
  cuomin::test_paths::CommandOptions as;
  if (::geteuid() == 0) {
    const passwd* nobody = ::getpwnam("nobody");
    ASSERT_NE(nobody, nullptr);
    as.run_as = {nobody->pw_uid, nobody->pw_gid};
  }
  CrawlRun denied = Crawl({"--db", kept, site.url() + "/"}, as);
  if (denied.exit_code == -1 && denied.summary.find("not started") != std::string::npos) {
    std::fprintf(stderr, "nobody may not run the binary here: the 0444 case is not run\n");
  } else {
    EXPECT_EQ(denied.exit_code, 2) << denied.summary;
    EXPECT_NE(denied.summary.find("数据库文件只读：" + kept + "（当前用户没有写权限）"),
              std::string::npos)
        << denied.summary;
    EXPECT_TRUE(denied.findings.empty());
    EXPECT_EQ(site.hits(), hits_before) << "refused before any request";
  }
  std::filesystem::remove_all(dir);
}

// A write that fails in the middle of a crawl, for real: the crawl runs with a file size limit
// (RLIMIT_FSIZE, SIGXFSZ ignored, so a write past it fails with EFBIG as on a full disk) just
// above the database's size, and the write-ahead log fills up after a few pages. The crawl
// says so with exit 2 and how many pages were kept; every finding is still printed; a crawl
// without the limit then finds the kept pages' findings known ("still") and the others new.
TEST(CrawlDb, AWriteThatFailsMidCrawlEndsWithExit2AndLosesNothingRecorded) {
  constexpr int kPages = 120;
  std::map<std::string, std::shared_ptr<const std::string>> pages;
  std::string links;
  for (int i = 0; i < kPages; ++i) {
    std::string path = "/p" + std::to_string(i) + ".html";
    links += "<a href=\"" + path + "\">" + std::to_string(i) + "</a>";
    pages[path] = std::make_shared<const std::string>(
        Page("<p>第" + std::to_string(i) + "页：" + kTypo + "</p>"));
  }
  pages["/"] = std::make_shared<const std::string>(Page(links));
  StaticServer site(pages);
  char dir[] = "/tmp/cuomin-hostile-full-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  const std::string db = std::string(dir) + "/site.db";
  const std::vector<std::string> flags = {"--no-outbound", "--concurrency", "2", "--db", db};
  // The database with its schema, made by a one-page crawl; no write-ahead log left over.
  CrawlRun made = Crawl(With(With({"--max-pages", "1"}, flags), {site.url() + "/p0.html"}));
  ASSERT_EQ(made.exit_code, 1) << made.summary;
  ASSERT_FALSE(std::filesystem::exists(db + "-wal"));
  const auto size = std::filesystem::file_size(db);

  cuomin::test_paths::CommandOptions limit;
  limit.file_size_limit = static_cast<off_t>(size + 96 * 1024);
  CrawlRun full = Crawl(With(flags, {site.url() + "/"}), limit);
  EXPECT_EQ(full.exit_code, 2) << full.summary;
  EXPECT_NE(full.summary.find("数据库写入失败"), std::string::npos) << full.summary;
  EXPECT_NE(full.summary.find(db), std::string::npos) << "the file is named\n" << full.summary;
  size_t kept = 0;
  size_t at = full.summary.find("已写入数据库的 ");
  ASSERT_NE(at, std::string::npos) << full.summary;
  kept = std::stoul(full.summary.substr(at + std::string("已写入数据库的 ").size()));
  EXPECT_GT(kept, 0u) << full.summary;
  EXPECT_LT(kept, static_cast<size_t>(kPages)) << "the limit was reached mid-crawl";
  // Pages whose finding has a status were written (and /p0.html by the first crawl).
  std::set<std::string> recorded = {site.url() + "/p0.html"};
  size_t typos = 0;
  for (const json& f : full.findings) {
    if (f["rule"] != "typo-words") continue;
    ++typos;
    if (f.contains("status")) {
      EXPECT_EQ(f["status"], f["source"] == site.url() + "/p0.html" ? "still" : "new") << f.dump();
      recorded.insert(f["source"].get<std::string>());
    }
  }
  EXPECT_EQ(typos, static_cast<size_t>(kPages)) << "every finding printed\n" << full.summary;
  EXPECT_GT(recorded.size(), 1u);

  CrawlRun after = Crawl(With(flags, {site.url() + "/"}));
  EXPECT_EQ(after.exit_code, 1) << after.summary;
  size_t still = 0, fresh = 0;
  for (const json& f : after.findings) {
    if (f["rule"] != "typo-words") continue;
    std::string source = f["source"];
    if (recorded.count(source)) {
      EXPECT_EQ(f["status"], "still") << "kept by the failed crawl: " << f.dump();
      ++still;
    } else {
      EXPECT_EQ(f["status"], "new") << f.dump();
      ++fresh;
    }
  }
  EXPECT_EQ(still, recorded.size());
  EXPECT_EQ(still + fresh, static_cast<size_t>(kPages));
  std::filesystem::remove_all(dir);
}

// An ESC in an argument (here a blocklist's file name) reaches the terminal escaped.
TEST(CrawlCli, ControlCharactersInMessagesAreEscaped) {
  cuomin::test_paths::CommandResult r = cuomin::test_paths::RunCuomin(
      {"crawl", "--blocklist", "/nonexistent/red\x1b[31m.txt", "http://127.0.0.1:9/"});
  std::string out = r.err + r.out;
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_NE(out.find("red\\x1b[31m.txt"), std::string::npos) << out;
  EXPECT_EQ(out.find('\x1b'), std::string::npos) << "no raw ESC";
}

}  // namespace
