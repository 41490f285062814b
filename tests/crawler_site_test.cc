// End to end: `cuomin crawl` over a test site served from this process on 127.0.0.1 (and an
// "other site" on 127.0.0.2), covering what a government site scan meets: GBK pages, a page
// declaring GB2312 that is UTF-8, hidden links of each kind, blocklisted and turned-bad
// outbound links, dead links, a PDF, a redirect loop, a slow page, a huge page, robots.txt,
// a calendar trap, 429 with Retry-After, and re-crawls with --db. Nothing leaves this machine.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unicode/ucnv.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <unistd.h>

#include "run_command.h"
#include "store/site_store.h"
#include "test_paths.h"

namespace {

using json = nlohmann::json;
constexpr int kNewsPages = 210;
constexpr char kTypo[] = "面对复杂形势，部分干部一愁莫展，工作缺乏主动性。";

std::string ToGbk(const std::string& utf8) {
  UErrorCode err = U_ZERO_ERROR;
  std::string out(utf8.size() * 2 + 16, '\0');
  int32_t n = ucnv_convert("GB18030", "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                           utf8.data(), static_cast<int32_t>(utf8.size()), &err);
  out.resize(n);
  return out;
}

std::string Page(const std::string& title, const std::string& body,
                 const std::string& charset = "utf-8", const std::string& head = "") {
  return "<!DOCTYPE html><html><head><meta charset=\"" + charset + "\"><title>" + title +
         "</title>" + head + "</head><body>" + body + "</body></html>";
}

int SystemYear() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

class Site {
 public:
  Site() {
    other_.Get("/", [](const httplib::Request&, httplib::Response& r) {
      // A friendly link's domain, expired and bought by a gambling site.
      r.set_content(Page("澳门新葡京娱乐场",
                         "<p>真人百家乐、六合彩特码在线投注，注册即送彩金。</p>"
                         "<p>澳门赌场官方网站，赌球、赌马、时时彩。</p>"),
                    "text/html; charset=utf-8");
    });
    other_.Get(R"(/(h\d+|friend)\.html)", [](const httplib::Request&, httplib::Response& r) {
      r.set_content(Page("友好单位", "<p>欢迎访问本单位网站。</p>"), "text/html; charset=utf-8");
    });
    int other_port = other_.bind_to_any_port("127.0.0.2");
    other_url_ = "http://127.0.0.2:" + std::to_string(other_port);
    threads_.emplace_back([this] { other_.listen_after_bind(); });

    auto count = [this](const httplib::Request& req) {
      std::lock_guard lock(mu_);
      ++hits_[req.path];
      if (req.has_header("If-None-Match")) ++conditional_;
    };
    const std::string o = other_url_;
    main_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response&) {
      if (req.path == "/missing.html" || req.path == "/files/gone.pdf") {
        std::lock_guard lock(mu_);
        ++hits_[req.path];
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    main_.Get("/robots.txt", [=](const httplib::Request& q, httplib::Response& r) {
      count(q);
      r.set_content("User-agent: *\nDisallow: /private/\n", "text/plain");
    });
    main_.Get("/", [=, this](const httplib::Request& q, httplib::Response& r) {
      count(q);
      std::string b = "<h1>某市人民政府</h1><ul>";
      b +=
          "<li><a href=\"/news/\">新闻</a></li><li><a href=\"/gbk.html\">GBK</a></li>"
          "<li><a href=\"/gb2312-utf8.html\">公告</a></li><li><a "
          "href=\"/hidden.html\">专题</a></li>"
          "<li><a href=\"/missing.html\">失效</a></li><li><a "
          "href=\"http://127.0.0.1:1/\">旧站</a></li>"
          "<li><a href=\"/files/report.pdf\">年报 PDF</a></li><li><a "
          "href=\"/files/gone.pdf\">附件</a></li>"
          "<li><a href=\"/loop/a\">循环</a></li><li><a href=\"/slow.html\">慢</a></li>"
          "<li><a href=\"/huge.html\">大</a></li><li><a href=\"/private/secret.html\">内部</a></li>"
          "<li><a href=\"/calendar?year=" +
          std::to_string(calendar_start_year_) +
          "&month=1\">日历</a></li><li><a "
          "href=\"/busy.html\">忙</a></li>"
          "<li><a href=\"/changing.html\">变化</a></li>"
          "<li><a href=\"javascript:alert('x')\">脚本</a></li><li><a "
          "href=\"javascript:void(0)\">菜单</a></li>"
          "</ul><div class=\"friends\">友情链接：<a href=\"" +
          o + "/\">某协会</a> <a href=\"" + o +
          "/friend.html\">某学会</a> <a href=\"http://127.0.0.3/\">赌场</a></div>";
      r.set_content(Page("首页", b), "text/html; charset=utf-8");
    });
    main_.Get("/news/", [=](const httplib::Request& q, httplib::Response& r) {
      count(q);
      std::string b = "<ul>";
      for (int n = 1; n <= kNewsPages; ++n)
        b +=
            "<li><a href=\"" + std::to_string(n) + ".html\">通知" + std::to_string(n) + "</a></li>";
      r.set_content(Page("通知公告", b + "</ul>"), "text/html; charset=utf-8");
    });
    main_.Get(R"(/news/(\d+)\.html)", [=](const httplib::Request& q, httplib::Response& r) {
      count(q);
      int n = std::stoi(q.matches[1]);
      std::string b = "<p>第" + std::to_string(n) + "号通知：各单位要认真贯彻落实会议精神。</p>";
      if (n == 7) b += std::string("<p>") + kTypo + "</p>";
      if (n < kNewsPages) b += "<a href=\"/news/" + std::to_string(n + 1) + ".html\">下一篇</a>";
      b += "<a href=\"/\">首页</a><a href=\"../news/" + std::to_string(n) + ".html#top\">顶部</a>";
      r.set_content(Page("通知", b), "text/html; charset=utf-8");
    });
    main_.Get("/gbk.html", [=](const httplib::Request& q, httplib::Response& r) {
      count(q);
      r.set_content(ToGbk(Page("GBK 页面", std::string("<p>") + kTypo + "</p>", "gbk")),
                    "text/html; charset=GBK");
    });
    main_.Get("/gb2312-utf8.html", [=](const httplib::Request& q, httplib::Response& r) {
      count(q);
      r.set_content(Page("错标编码", std::string("<p>通知：") + kTypo + "</p>", "gb2312"),
                    "text/html; charset=gb2312");
    });
    main_.Get("/hidden.html", [=](const httplib::Request& q, httplib::Response& r) {
      count(q);
      std::string style =
          "<style>.a1{display:none}#a2{visibility:hidden}.a3{font-size:0}"
          ".a4{width:0;height:0;overflow:hidden}.a5{position:absolute;left:-9999px}"
          ".a6{text-indent:-9999px}.a7{background:#fff}.a7 a{color:#ffffff}"
          ".nav{color:#333}</style>";
      std::string b = "<div class=\"nav\"><a href=\"/news/2.html\">要闻</a></div>";
      for (int i = 1; i <= 7; ++i) {
        std::string attr = i == 2 ? "id=\"a2\"" : "class=\"a" + std::to_string(i) + "\"";
        b += "<div " + attr + "><a href=\"" + o + "/h" + std::to_string(i) + ".html\">澳门赌场" +
             std::to_string(i) + "</a></div>";
      }
      b += "<p style=\"display:none\"><a href=\"" + o + "/h8.html\">百家乐</a></p>";
      b += "<script>document.write('<a href=\"" + o + "/h9.html\">六合彩</a>');</script>";
      r.set_content(Page("专题", b, "utf-8", style), "text/html; charset=utf-8");
    });
    main_.Get("/files/report.pdf", [=](const httplib::Request& q, httplib::Response& r) {
      count(q);
      r.set_content("%PDF-1.4\n%fake\n", "application/pdf");
    });
    main_.Get("/loop/a", [=](const httplib::Request& q, httplib::Response& r) {
      count(q);
      r.set_redirect("/loop/b");
    });
    main_.Get("/loop/b", [=](const httplib::Request& q, httplib::Response& r) {
      count(q);
      r.set_redirect("/loop/a");
    });
    // Answers only when the site shuts down: longer than any timeout, however slow the machine.
    main_.Get("/slow.html", [=, this](const httplib::Request& q, httplib::Response& r) {
      count(q);
      std::unique_lock lock(mu_);
      closing_cv_.wait(lock, [this] { return closing_; });
      r.set_content(Page("慢", "<p>迟到的页面</p>"), "text/html");
    });
    main_.Get("/huge.html", [=](const httplib::Request& q, httplib::Response& r) {
      count(q);
      std::string b;
      while (b.size() < (size_t{3} << 20))
        b += "<p>各单位要认真贯彻落实会议精神，切实做好各项工作。</p>";
      r.set_content(Page("大页面", b), "text/html; charset=utf-8");
    });
    main_.Get("/private/secret.html", [=](const httplib::Request& q, httplib::Response& r) {
      count(q);
      r.set_content(Page("内部", std::string("<p>") + kTypo + "</p>"), "text/html");
    });
    main_.Get("/calendar", [=, this](const httplib::Request& q, httplib::Response& r) {
      count(q);
      int y = std::stoi(q.get_param_value("year"));
      {
        std::lock_guard lock(mu_);
        max_calendar_year_ = std::max(max_calendar_year_, y);
      }
      int m = std::stoi(q.get_param_value("month"));
      int ny = m == 12 ? y + 1 : y, nm = m == 12 ? 1 : m + 1;
      int py = m == 1 ? y - 1 : y, pm = m == 1 ? 12 : m - 1;
      std::string b = "<a href=\"/calendar?year=" + std::to_string(ny) +
                      "&month=" + std::to_string(nm) +
                      "\">下月</a><a href=\"/calendar?year=" + std::to_string(py) +
                      "&month=" + std::to_string(pm) + "\">上月</a>";
      r.set_content(Page("日历", b), "text/html");
    });
    main_.Get("/busy.html", [=, this](const httplib::Request& q, httplib::Response& r) {
      count(q);
      std::lock_guard lock(mu_);
      if (!busy_served_) {
        busy_served_ = true;
        busy_first_ = std::chrono::steady_clock::now();
        r.status = 429;
        r.set_header("Retry-After", "1");
        return;
      }
      busy_gap_ =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - busy_first_).count();
      r.set_content(Page("忙", std::string("<p>稍后：") + kTypo + "</p>"), "text/html");
    });
    main_.Get("/changing.html", [=, this](const httplib::Request& q, httplib::Response& r) {
      count(q);
      std::string etag = "\"v" + std::to_string(version_) + "\"";
      r.set_header("ETag", etag);
      if (q.get_header_value("If-None-Match") == etag) {
        r.status = 304;
        return;
      }
      std::string b = version_ == 1 ? std::string("<p>") + kTypo + "</p>" : "<p>已更正。</p>";
      r.set_content(Page("变化", b), "text/html");
    });
    port_ = main_.bind_to_any_port("127.0.0.1");
    url_ = "http://127.0.0.1:" + std::to_string(port_);
    threads_.emplace_back([this] { main_.listen_after_bind(); });
    while (!main_.is_running() || !other_.is_running()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  ~Site() {
    {
      std::lock_guard lock(mu_);
      closing_ = true;
    }
    closing_cv_.notify_all();
    main_.stop();
    other_.stop();
    for (auto& t : threads_) t.join();
  }
  int Hits(const std::string& path) {
    std::lock_guard lock(mu_);
    return hits_[path];
  }
  int Conditional() {
    std::lock_guard lock(mu_);
    return conditional_;
  }
  void Reset() {
    std::lock_guard lock(mu_);
    hits_.clear();
    conditional_ = 0;
  }
  httplib::Server main_, other_;
  std::vector<std::thread> threads_;
  // `cuomin crawl` reads the system clock, so the calendar starts in the system's year: the
  // trap horizon is the same in any year.
  const int calendar_start_year_ = SystemYear();
  std::string url_, other_url_;
  int port_ = 0;
  std::mutex mu_;
  std::map<std::string, int> hits_;
  int conditional_ = 0;
  bool busy_served_ = false;
  std::chrono::steady_clock::time_point busy_first_;
  double busy_gap_ = 0;
  int max_calendar_year_ = 0;
  bool closing_ = false;
  std::condition_variable closing_cv_;
  std::atomic<int> version_{1};
};

// A file of this process only: other work trees run these tests on the same machine at once,
// and a shared /tmp name would let one run's crawl write into another's database.
std::string OwnTemp(const std::string& name) {
  return ::testing::TempDir() + "/cuomin-" + std::to_string(::getpid()) + "-" + name;
}

// A database of an earlier run goes with its WAL files: a stale -wal beside a new file would
// be read as part of it.
void RemoveDb(const std::string& db) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
}

struct CrawlRun {
  std::vector<json> findings;
  int exit_code = -1;
  std::string summary;  // how it ended and its standard error, for failure messages
};

// `timeout` (seconds per read): /slow.html never answers, so it times out whatever the value;
// the default leaves a loaded machine (ASan, ctest -j, other builds) time for every other page:
// 5 s was once within reach of a stall at load 20. The wait for /slow.html overlaps the other
// pages (four at a time), so a longer value costs the suite little.
CrawlRun Crawl(const std::vector<std::string>& args, const std::string& timeout = "12") {
  std::vector<std::string> argv = {"crawl", "--format",      "json", "--timeout",
                                   timeout, "--retry-delay", "0.05", "--per-host-rate",
                                   "200",   "--concurrency", "4",    "--max-page-size",
                                   "1",     "--fail-on",     "none"};
  argv.insert(argv.end(), args.begin(), args.end());
  cuomin::test_paths::CommandResult r = cuomin::test_paths::RunCuomin(argv);
  CrawlRun run;
  run.exit_code = r.exit_code;
  run.summary = r.Describe();
  for (const std::string& line : cuomin::test_paths::NonEmptyLines(r.out))
    run.findings.push_back(json::parse(line));
  return run;
}

std::vector<json> Where(const CrawlRun& r, const std::string& rule,
                        const std::string& source_part = "") {
  std::vector<json> out;
  for (const json& f : r.findings) {
    if (f["rule"] == rule && f["source"].get<std::string>().find(source_part) != std::string::npos)
      out.push_back(f);
  }
  return out;
}

class CrawlSite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    site_ = new Site();
    std::string bl = OwnTemp("blocklist.txt");
    std::ofstream(bl) << "# test\n127.0.0.3\n";
    run_ = new CrawlRun(Crawl({"--blocklist", bl, site_->url_ + "/"}));
  }
  static void TearDownTestSuite() {
    delete run_;
    delete site_;
  }
  static Site* site_;
  static CrawlRun* run_;
};
Site* CrawlSite::site_ = nullptr;
CrawlRun* CrawlSite::run_ = nullptr;

TEST_F(CrawlSite, CrawlsEveryPageOnceAndEnds) {
  EXPECT_EQ(run_->exit_code, 0);
  for (int n : {1, 100, kNewsPages}) {
    EXPECT_EQ(site_->Hits("/news/" + std::to_string(n) + ".html"), 1) << "page " << n;
  }
  // The typo on news page 7 is reported with the page URL as source.
  auto typos = Where(*run_, "typo-words", "/news/7.html");
  ASSERT_FALSE(typos.empty());
  EXPECT_EQ(typos[0]["text"], "一愁莫展");
}

TEST_F(CrawlSite, DecodesGbkAndMisdeclaredPages) {
  for (const char* page : {"/gbk.html", "/gb2312-utf8.html"}) {
    auto f = Where(*run_, "typo-words", page);
    ASSERT_EQ(f.size(), 1u) << page;
    EXPECT_EQ(f[0]["text"], "一愁莫展") << page;
  }
}

TEST_F(CrawlSite, FindsHiddenLinksOfEachKind) {
  auto hidden = Where(*run_, "link-hidden", "/hidden.html");
  std::string all;
  for (const json& f : hidden) {
    all += f["message"].get<std::string>() + "\n";
    EXPECT_EQ(f["severity"], "critical") << "target is outside the site";
  }
  for (const char* kind :
       {"display:none", "visibility:hidden", "font-size:0", "尺寸为零", "屏幕外（left",
        "text-indent", "颜色", "行内样式 display:none", "document.write"}) {
    EXPECT_NE(all.find(kind), std::string::npos) << kind << "\n" << all;
  }
  EXPECT_EQ(hidden.size(), 9u) << all;
}

TEST_F(CrawlSite, BlocklistedAndTurnedBadLinks) {
  auto bl = Where(*run_, "link-blocklisted");
  ASSERT_EQ(bl.size(), 1u);
  EXPECT_EQ(bl[0]["severity"], "critical");
  auto bad = Where(*run_, "link-turned-bad");
  ASSERT_EQ(bad.size(), 1u) << "the gambling page, not the friendly one";
  EXPECT_EQ(bad[0]["text"], site_->other_url_ + "/");
  EXPECT_EQ(bad[0]["severity"], "critical");
  EXPECT_FALSE(Where(*run_, "link-external").empty()) << "127.0.0.2 is not a government site";
}

TEST_F(CrawlSite, DeadLinksConfirmedAndOthersNot) {
  std::map<std::string, std::string> dead;
  for (const json& f : Where(*run_, "link-dead")) dead[f["text"]] = f["message"];
  std::string u = site_->url_;
  EXPECT_NE(dead[u + "/missing.html"].find("404"), std::string::npos);
  EXPECT_NE(dead[u + "/files/gone.pdf"].find("404"), std::string::npos);
  EXPECT_NE(dead["http://127.0.0.1:1/"].find("无法连接"), std::string::npos);
  EXPECT_NE(dead[u + "/loop/a"].find("重定向循环"), std::string::npos);
  EXPECT_NE(dead[u + "/slow.html"].find("超时"), std::string::npos);
  EXPECT_EQ(dead.count(u + "/files/report.pdf"), 0u) << "a PDF that answers is fine";
  EXPECT_EQ(dead.count(u + "/busy.html"), 0u) << "429 is retried, not dead";
  EXPECT_EQ(site_->Hits("/missing.html"), 2) << "one retry confirms a dead link";
  EXPECT_GE(site_->Hits("/loop/a"), 1);
}

TEST_F(CrawlSite, RobotsTrapsRetryAfterAndHugePages) {
  EXPECT_EQ(site_->Hits("/private/secret.html"), 0) << "robots.txt disallows /private/";
  EXPECT_TRUE(Where(*run_, "typo-words", "/private/").empty());
  EXPECT_LT(site_->Hits("/calendar"), 200) << "the calendar trap is cut";
  EXPECT_EQ(site_->max_calendar_year_, site_->calendar_start_year_ + 2)
      << "two years ahead are crawled, the third is a trap";
  EXPECT_EQ(site_->Hits("/busy.html"), 2);
  EXPECT_GE(site_->busy_gap_, 0.9) << "Retry-After: 1 honoured";
  EXPECT_EQ(Where(*run_, "typo-words", "/busy.html").size(), 1u);
  EXPECT_EQ(Where(*run_, "page-truncated", "/huge.html").size(), 1u);
  EXPECT_EQ(Where(*run_, "link-script").size(), 1u) << "javascript:void(0) is not reported";
}

// Nothing here depends on timing: the page is fast and the timeout generous, so a loaded
// machine cannot turn the page into a timeout (which would leave nothing to compare).
TEST(CrawlDb, ReCrawlIsConditionalAndTracksStatus) {
  Site site;
  std::string db = OwnTemp("crawl_db_test.db");
  RemoveDb(db);
  std::vector<std::string> args = {"--db",        db,   "--no-outbound",
                                   "--max-pages", "20", site.url_ + "/changing.html"};
  CrawlRun first = Crawl(args, "30");
  auto f1 = Where(first, "typo-words", "/changing.html");
  ASSERT_EQ(f1.size(), 1u);
  EXPECT_EQ(f1[0]["status"], "new");
  EXPECT_EQ(f1[0]["message"].get<std::string>().find("【"), std::string::npos)
      << "a field, not a message prefix";
  EXPECT_EQ(site.Hits("/changing.html"), 1);

  CrawlRun second = Crawl(args, "30");
  EXPECT_EQ(site.Conditional(), 1) << "If-None-Match sent";
  EXPECT_EQ(site.Hits("/changing.html"), 2);
  auto f2 = Where(second, "typo-words", "/changing.html");
  ASSERT_EQ(f2.size(), 1u) << "carried over from the unchanged page";
  EXPECT_EQ(f2[0]["status"], "still");
  EXPECT_EQ(f2[0]["text"], "一愁莫展");

  site.version_ = 2;
  CrawlRun third = Crawl(args, "30");
  auto f3 = Where(third, "typo-words", "/changing.html");
  ASSERT_EQ(f3.size(), 1u) << "reported once more, as fixed";
  EXPECT_EQ(f3[0]["status"], "fixed");
  EXPECT_EQ(f3[0]["text"], "一愁莫展");

  CrawlRun fourth = Crawl(args, "30");
  EXPECT_TRUE(Where(fourth, "typo-words").empty()) << "a fixed finding is reported once";

  // Without --db there is no history and no status.
  CrawlRun plain = Crawl({"--no-outbound", "--max-pages", "20", site.url_ + "/gbk.html"}, "30");
  ASSERT_FALSE(plain.findings.empty());
  for (const json& f : plain.findings) EXPECT_FALSE(f.contains("status")) << f.dump();
}

// Two crawls into one database would take each other's pages for unvisited: the second is
// refused before it fetches anything, and it says why (exit 2 alone could be any error).
// Both crawls have the generous read timeout of the tests above: the one after the lock is
// gone must reach its page however long a loaded machine stalls this process, its site (the
// 5 s default failed it at load 20; stopping this process for 12 s reproduces that).
TEST(CrawlDb, ADatabaseInUseByAnotherCrawlIsRefusedAtTheStart) {
  Site site;
  std::string db = OwnTemp("crawl_db_busy.db");
  RemoveDb(db);
  auto other = cuomin::store::OpenSqliteSiteStore(db);
  ASSERT_TRUE(other.ok()) << other.status().message();
  ASSERT_TRUE((*other)->BeginScan("http://elsewhere/").ok());
  const std::vector<std::string> args = {"--db",        db,  "--no-outbound",
                                         "--max-pages", "5", site.url_ + "/gbk.html"};
  CrawlRun run = Crawl(args, "30");
  EXPECT_EQ(run.exit_code, 2) << run.summary;
  EXPECT_NE(run.summary.find(db + "：另一次扫描（cuomin crawl）正在使用此数据库"),
            std::string::npos)
      << run.summary;
  EXPECT_TRUE(run.findings.empty());
  EXPECT_EQ(site.Hits("/robots.txt") + site.Hits("/gbk.html"), 0) << "refused before any request";
  other->reset();
  CrawlRun after = Crawl(args, "30");
  EXPECT_EQ(after.exit_code, 0) << after.summary;
  EXPECT_EQ(Where(after, "typo-words", "/gbk.html").size(), 1u) << after.summary;
}

// A smaller crawl into the same database reaches fewer pages: what it did not visit is not
// "fixed".
TEST(CrawlDb, PagesNotVisitedKeepTheirFindingsOpen) {
  Site site;
  std::string db = OwnTemp("crawl_db_partial.db");
  RemoveDb(db);
  CrawlRun full = Crawl(
      {"--db", db, "--no-outbound", site.url_ + "/gbk.html", site.url_ + "/changing.html"}, "30");
  ASSERT_EQ(Where(full, "typo-words", "/gbk.html").size(), 1u);
  ASSERT_EQ(Where(full, "typo-words", "/changing.html").size(), 1u);
  CrawlRun partial = Crawl({"--db", db, "--no-outbound", site.url_ + "/changing.html"}, "30");
  EXPECT_TRUE(Where(partial, "typo-words", "/gbk.html").empty()) << "not visited, not fixed";
  CrawlRun again = Crawl({"--db", db, "--no-outbound", site.url_ + "/gbk.html"}, "30");
  auto gbk = Where(again, "typo-words", "/gbk.html");
  ASSERT_EQ(gbk.size(), 1u);
  EXPECT_EQ(gbk[0]["status"], "still");
}

// A site whose HTTPS is broken (here: no TLS at all on the port) is a finding about the site,
// with the start URL as its source, not a crash or a silent empty run.
TEST(CrawlTls, BrokenHttpsOfTheSiteItselfIsAFinding) {
  Site site;
  std::string https = "https://127.0.0.1:" + std::to_string(site.port_) + "/";
  CrawlRun run = Crawl({"--no-outbound", https}, "30");
  EXPECT_EQ(run.exit_code, 2) << "no page reached is an error, even with --fail-on none";
  auto tls = Where(run, "link-tls");
  ASSERT_EQ(tls.size(), 1u);
  EXPECT_EQ(tls[0]["source"], https);
  EXPECT_EQ(tls[0]["severity"], "major");
  EXPECT_NE(tls[0]["message"].get<std::string>().find("HTTPS"), std::string::npos);
}

// Runs `cuomin crawl` and returns its standard error (the summary) and exit code. Every page
// of these sites answers: the read timeout only has to outlast a loaded machine's stalls.
std::pair<std::string, int> CrawlSummary(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"crawl", "--format",      "json", "--timeout",
                                   "30",    "--retry-delay", "0.05", "--per-host-rate",
                                   "1000",  "--fail-on",     "none"};
  argv.insert(argv.end(), args.begin(), args.end());
  cuomin::test_paths::CommandResult r = cuomin::test_paths::RunCuomin(argv);
  return {r.Describe(), r.exit_code};
}

// A small site of its own: a page with many outbound links, and (with_docx) a .docx that is no
// .docx.
class LimitSite {
 public:
  LimitSite(int outbound_links, bool with_docx) {
    outside_.Get(R"(/t/\d+)", [this](const httplib::Request&, httplib::Response& r) {
      ++outside_hits_;
      r.set_content(Page("外站", "<p>外站页面</p>"), "text/html; charset=utf-8");
    });
    int outside_port = outside_.bind_to_any_port("127.0.0.2");
    std::string outside = "http://127.0.0.2:" + std::to_string(outside_port);
    std::string links;
    for (int i = 0; i < outbound_links; ++i)
      links += "<a href=\"" + outside + "/t/" + std::to_string(i) + "\">外链</a>";
    if (with_docx) links += "<a href=\"/bad.docx\">附件</a>";
    main_.Get("/", [links](const httplib::Request&, httplib::Response& r) {
      r.set_content(Page("首页", links), "text/html; charset=utf-8");
    });
    main_.Get("/bad.docx", [](const httplib::Request&, httplib::Response& r) {
      r.set_content("PK\x03\x04 this is no zip archive",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    });
    port_ = main_.bind_to_any_port("127.0.0.1");
    url_ = "http://127.0.0.1:" + std::to_string(port_);
    threads_.emplace_back([this] { outside_.listen_after_bind(); });
    threads_.emplace_back([this] { main_.listen_after_bind(); });
    while (!main_.is_running() || !outside_.is_running())
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~LimitSite() {
    main_.stop();
    outside_.stop();
    for (auto& t : threads_) t.join();
  }
  httplib::Server main_, outside_;
  std::vector<std::thread> threads_;
  std::string url_;
  int port_ = 0;
  std::atomic<int> outside_hits_{0};
};

TEST(CrawlLimits, OutboundChecksHaveTheirOwnLimit) {
  LimitSite site(300, /*with_docx=*/false);
  auto [summary, code] =
      CrawlSummary({"--max-pages", "1", "--max-outbound", "25", site.url_ + "/"});
  EXPECT_EQ(code, 0) << summary;
  EXPECT_EQ(site.outside_hits_.load(), 25) << "300 outbound links, 25 requests\n" << summary;
  EXPECT_NE(summary.find("超出上限 275"), std::string::npos) << summary;
}

TEST(CrawlLimits, AFileThatCannotBeReadIsCountedInTheSummary) {
  LimitSite site(0, /*with_docx=*/true);
  auto [summary, code] = CrawlSummary({site.url_ + "/"});
  EXPECT_EQ(code, 0) << summary;
  EXPECT_NE(summary.find("无法读取的页面或文件 1 个"), std::string::npos) << summary;
}

TEST(CrawlLimits, RobotsTxtThatDisallowsEverythingIsNoCleanExit) {
  httplib::Server closed;
  closed.Get("/robots.txt", [](const httplib::Request&, httplib::Response& r) {
    r.set_content("User-agent: *\nDisallow: /\n", "text/plain");
  });
  closed.Get("/", [](const httplib::Request&, httplib::Response& r) {
    r.set_content(Page("首页", std::string("<p>") + kTypo + "</p>"), "text/html; charset=utf-8");
  });
  int port = closed.bind_to_any_port("127.0.0.1");
  std::thread t([&] { closed.listen_after_bind(); });
  while (!closed.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  auto [summary, code] = CrawlSummary({"http://127.0.0.1:" + std::to_string(port) + "/"});
  closed.stop();
  t.join();
  EXPECT_EQ(code, 2) << summary;
  EXPECT_NE(summary.find("没有抓取到任何页面"), std::string::npos) << summary;
  EXPECT_NE(summary.find("robots.txt"), std::string::npos) << summary;
}

TEST(CrawlCli, BadArgumentsAreUsageErrors) {
  cuomin::test_paths::CommandResult r =
      cuomin::test_paths::RunCuomin({"crawl", "--scope", "planet", "http://127.0.0.1/"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_NE((r.err + r.out).find("--scope"), std::string::npos) << r.Describe();
  r = cuomin::test_paths::RunCuomin({"crawl", "ftp://x/"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_NE((r.err + r.out).find("ftp://x/"), std::string::npos) << r.Describe();
}

}  // namespace
