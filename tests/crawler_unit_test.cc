// URL normalisation, robots.txt (RFC 9309), sitemaps, blocklists and CSS hidden-link
// detection: table-driven, each row named. Then the crawler itself against a fake site: traps,
// robots.txt errors and Retry-After.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <functional>
#include <map>
#include <mutex>

#include "crawler/crawler.h"
#include "crawler/domain_list.h"
#include "crawler/robots.h"
#include "crawler/sitemap.h"
#include "crawler/url.h"
#include "scanner/hidden_links.h"
#include "scanner/reader.h"
#include "test_paths.h"

namespace cuomin::crawler {
namespace {

TEST(Url, NormalisesSpellingsOfOnePage) {
  struct Row {
    const char* in;
    const char* want;
  } rows[] = {
      {"HTTP://WWW.Example.GOV.cn:80/a/b.html#top", "http://www.example.gov.cn/a/b.html"},
      {"https://x.gov.cn:443", "https://x.gov.cn/"},
      {"http://x.gov.cn:8080/", "http://x.gov.cn:8080/"},
      {"http://x.gov.cn/a/./b/../c.html", "http://x.gov.cn/a/c.html"},
      {"http://x.gov.cn/%7euser/%e6%94%bf", "http://x.gov.cn/~user/%E6%94%BF"},
      {"http://x.gov.cn/政务公开/", "http://x.gov.cn/%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80/"},
      {"http://x.gov.cn/list.jsp?id=3&JSESSIONID=abc", "http://x.gov.cn/list.jsp?id=3"},
      {"http://x.gov.cn/a.jsp;jsessionid=123ABC?x=1", "http://x.gov.cn/a.jsp?x=1"},
      {"  http://x.gov.cn/a b.html ", "http://x.gov.cn/a%20b.html"},
  };
  for (const Row& r : rows) {
    std::optional<Url> u = ParseUrl(r.in);
    ASSERT_TRUE(u) << r.in;
    EXPECT_EQ(u->spec(), r.want) << r.in;
  }
  EXPECT_FALSE(ParseUrl("mailto:a@b.gov.cn"));
  EXPECT_FALSE(ParseUrl("http://"));
  EXPECT_FALSE(ParseUrl("http://x.gov.cn:99999/"));
}

TEST(Url, ResolvesLikeABrowser) {
  Url base = *ParseUrl("http://www.x.gov.cn/news/2024/index.html?p=2");
  struct Row {
    const char* href;
    const char* want;  // "" = not followed
  } rows[] = {
      {"a.html", "http://www.x.gov.cn/news/2024/a.html"},
      {"../b.html", "http://www.x.gov.cn/news/b.html"},
      {"/c.html", "http://www.x.gov.cn/c.html"},
      {"//other.gov.cn/d", "http://other.gov.cn/d"},
      {"?p=3", "http://www.x.gov.cn/news/2024/index.html?p=3"},
      {"#top", "http://www.x.gov.cn/news/2024/index.html?p=2"},
      {"..\\e.html", "http://www.x.gov.cn/news/e.html"},
      {"https://Y.gov.cn", "https://y.gov.cn/"},
      {"javascript:void(0)", ""},
      {"mailto:zhengwu@x.gov.cn", ""},
      {"data:text/html,hi", ""},
  };
  for (const Row& r : rows) {
    std::optional<Url> u = ResolveUrl(base, r.href);
    if (*r.want == '\0') {
      EXPECT_FALSE(u) << r.href;
    } else {
      ASSERT_TRUE(u) << r.href;
      EXPECT_EQ(u->spec(), r.want) << r.href;
    }
  }
  EXPECT_EQ(HrefScheme("JavaScript:alert(1)"), "javascript");
}

TEST(Robots, FollowsRfc9309) {
  Robots r = Robots::Parse(
      "User-agent: *\nDisallow: /private/\nAllow: /private/public.html\nCrawl-delay: 2\n"
      "Disallow: /*.pdf$\nSitemap: http://x.gov.cn/sm.xml\n\n"
      "User-agent: badbot\nDisallow: /\n",
      "cuomin");
  EXPECT_TRUE(r.Allowed("/index.html")) << "no rule matches";
  EXPECT_FALSE(r.Allowed("/private/a.html")) << "disallowed prefix";
  EXPECT_TRUE(r.Allowed("/private/public.html")) << "longer allow wins";
  EXPECT_FALSE(r.Allowed("/files/a.pdf")) << "wildcard with end anchor";
  EXPECT_TRUE(r.Allowed("/files/a.pdf?x=1")) << "$ anchors the end";
  EXPECT_TRUE(r.Allowed("/robots.txt")) << "robots.txt itself always allowed";
  ASSERT_TRUE(r.crawl_delay());
  EXPECT_DOUBLE_EQ(*r.crawl_delay(), 2);
  ASSERT_EQ(r.sitemaps().size(), 1u);

  Robots own =
      Robots::Parse("User-agent: *\nDisallow:\n\nUser-agent: Cuomin\nDisallow: /a\n", "cuomin");
  EXPECT_FALSE(own.Allowed("/a/b")) << "our own group, matched case-insensitively, wins over *";
  EXPECT_TRUE(own.Allowed("/b"));
  EXPECT_FALSE(Robots::DisallowAll().Allowed("/")) << "5xx: disallow all";
  EXPECT_TRUE(Robots::AllowAll().Allowed("/x")) << "4xx: allow all";
}

TEST(Sitemap, ReadsUrlsetAndIndex) {
  Sitemap s = ParseSitemap(
      R"(<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc> http://x.gov.cn/a.html </loc></url><url><loc>http://x.gov.cn/b.html</loc></url></urlset>)");
  ASSERT_EQ(s.pages.size(), 2u);
  EXPECT_EQ(s.pages[0], "http://x.gov.cn/a.html");
  Sitemap idx = ParseSitemap(
      "<sitemapindex><sitemap><loc>http://x.gov.cn/s1.xml</loc></sitemap></sitemapindex>");
  EXPECT_EQ(idx.children.size(), 1u);
  EXPECT_TRUE(ParseSitemap("not xml at all <<<").pages.empty());
}

TEST(DomainList, ShippedBlocklistsMatchDomainAndSubdomains) {
  DomainList list;
  std::string dir = cuomin::test_paths::Dictionaries();
  ASSERT_TRUE(list.LoadFile(dir + "/links/gambling-domains.txt", "赌博").ok());
  ASSERT_TRUE(list.LoadFile(dir + "/sensitive/illegal-domains.txt", "涉赌涉黄").ok());
  ASSERT_NE(list.Match("10bet.com"), nullptr);
  ASSERT_NE(list.Match("www.10bet.com"), nullptr) << "subdomain of a listed domain";
  EXPECT_EQ(*list.Match("sports.10bet.com"), "赌博");
  EXPECT_NE(list.Match("www.00852555.cn"), nullptr) << "the Chinese illegal-domain list";
  EXPECT_EQ(list.Match("www.gov.cn"), nullptr);
  EXPECT_EQ(list.Match("www.beijing.gov.cn"), nullptr);
  EXPECT_EQ(list.Match("not10bet.com"), nullptr) << "suffix without a dot boundary";
  EXPECT_FALSE(list.LoadFile("/nonexistent/list.txt", "x").ok());
}

TEST(RegistrableDomain, KnowsGovCn) {
  EXPECT_EQ(RegistrableDomain("www.beijing.gov.cn"), "beijing.gov.cn");
  EXPECT_EQ(RegistrableDomain("a.b.example.com"), "example.com");
  EXPECT_EQ(RegistrableDomain("127.0.0.1"), "127.0.0.1");
}

TEST(HiddenCss, DeclarationsThatHide) {
  struct Row {
    const char* css;
    bool hidden;
  } rows[] = {
      {"display:none", true},
      {"DISPLAY : NONE !important", true},
      {"visibility:hidden", true},
      {"font-size:0", true},
      {"font-size:0px;color:red", true},
      {"width:0;height:0;overflow:hidden", true},
      {"width:1px;height:1px;overflow:hidden", true},
      {"position:absolute;left:-9999px", true},
      {"position:absolute;top:-3000px", true},
      {"text-indent:-9999px", true},
      {"display:block", false},
      {"width:0", false},
      {"position:absolute;left:-10px", false},
      {"position:relative;left:-9999px", false},
      {"text-indent:2em", false},
      {"font-size:14px", false},
  };
  for (const Row& r : rows) {
    EXPECT_EQ(!scanner::internal::HiddenReasonForCss(r.css).empty(), r.hidden) << r.css;
  }
}

TEST(HiddenCss, StyleSheetRulesMarkLinks) {
  const char* html = R"(<html><head><style>
    .friend { display: none }
    #gg a { position:absolute; left:-9999px }
    div.box p { font-size: 0 }
    .dark { background:#ffffff } .dark span { color: #fff }
    @media screen { .tiny { width:0; height:0; overflow:hidden } }
    .note { color: #333 }
    </style></head><body>
    <p class="note"><a href="/visible.html">政务公开</a></p>
    <div class="friend"><a href="http://a.example/">澳门赌场</a></div>
    <div id="gg"><a href="http://b.example/">百家乐</a></div>
    <div class="box"><p><a href="http://c.example/">六合彩</a></p></div>
    <div class="dark"><span><a href="http://d.example/">真人娱乐</a></span></div>
    <div class="tiny"><a href="http://e.example/">博彩</a></div>
    <script>document.write('<a href="http://f.example/">\u5f69\u7968</a>');</script>
    </body></html>)";
  scanner::ReadOptions o;
  o.format = "html";
  Result<scanner::Document> doc = scanner::ReadDocument("t.html", html, o);
  ASSERT_TRUE(doc.ok());
  std::map<std::string, std::string> reason;
  for (const scanner::Link& l : doc->links) reason[l.href] = l.hidden ? l.hidden_reason : "";
  EXPECT_EQ(reason["/visible.html"], "") << "a visible link must not be flagged";
  EXPECT_NE(reason["http://a.example/"].find("display:none"), std::string::npos);
  EXPECT_NE(reason["http://b.example/"].find("屏幕外"), std::string::npos);
  EXPECT_NE(reason["http://c.example/"].find("font-size:0"), std::string::npos);
  EXPECT_NE(reason["http://d.example/"].find("颜色"), std::string::npos);
  EXPECT_NE(reason["http://e.example/"].find("尺寸为零"), std::string::npos);
  EXPECT_NE(reason["http://f.example/"].find("document.write"), std::string::npos);
}

// The crawler driven by a fake site: each page's body is its links, one a line.
class FakeSite : public Fetcher {
 public:
  using Handler = std::function<FetchResponse(const std::string& target)>;
  explicit FakeSite(Handler h) : handler_(std::move(h)) {}
  FetchResponse Fetch(const FetchRequest& req) override {
    std::string target = req.url.target();
    {
      std::lock_guard lock(mu_);
      ++hits_[req.url.path];
      times_[target].push_back(std::chrono::steady_clock::now());
    }
    return handler_(target);
  }
  int Hits(const std::string& path) {
    std::lock_guard lock(mu_);
    return hits_[path];
  }
  int TotalHits() {
    std::lock_guard lock(mu_);
    int n = 0;
    for (const auto& [p, c] : hits_) n += c;
    return n;
  }
  std::vector<std::chrono::steady_clock::time_point> Times(const std::string& target) {
    std::lock_guard lock(mu_);
    return times_[target];
  }

 private:
  Handler handler_;
  std::mutex mu_;
  std::map<std::string, int> hits_;
  std::map<std::string, std::vector<std::chrono::steady_clock::time_point>> times_;
};

FetchResponse Html(const std::vector<std::string>& links) {
  FetchResponse r;
  r.status = 200;
  r.headers = {{"content-type", "text/html; charset=utf-8"}};
  for (const std::string& l : links) r.body += l + "\n";
  return r;
}

FetchResponse Status(int status, std::vector<std::pair<std::string, std::string>> headers = {}) {
  FetchResponse r;
  r.status = status;
  r.headers = std::move(headers);
  return r;
}

class LinkLines : public CrawlObserver {
 public:
  std::vector<std::string> OnPage(const Page& page) override {
    std::vector<std::string> out;
    std::optional<Url> base = ParseUrl(page.final_url);
    size_t i = 0;
    while (base && i < page.body.size()) {
      size_t e = page.body.find('\n', i);
      if (std::optional<Url> u = ResolveUrl(*base, page.body.substr(i, e - i))) {
        out.push_back(u->spec());
      }
      i = e + 1;
    }
    return out;
  }
  void OnResult(const UrlResult& r) override {
    std::lock_guard lock(mu_);
    results_[r.url] = r;
  }
  std::optional<UrlResult> Result(const std::string& url) {
    std::lock_guard lock(mu_);
    auto it = results_.find(url);
    if (it == results_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::mutex mu_;
  std::map<std::string, UrlResult> results_;
};

int NumberAfter(const std::string& target, const std::string& key) {
  size_t i = target.find(key);
  return i == std::string::npos ? 0 : std::atoi(target.c_str() + i + key.size());
}

constexpr int64_t k2026Dec4 = 1796428800;  // 2026-12-04T00:00:00Z
constexpr int64_t k2031Dec4 = 1954108800;  // 2031-12-04T00:00:00Z

// Every kind of endless site at once; with the default limits the crawl must end by itself
// (only the request rate is raised: politeness, not trap cutting, is what it sets). The
// calendar starts in January of the clock's year; the same holds in any year.
void CrawlEndlessSiteAt(int year, int64_t now) {
  SCOPED_TRACE(year);
  const std::string cal = "/cal?year=" + std::to_string(year) + "&month=1";
  FakeSite site([&cal](const std::string& t) {
    if (t == "/") {
      return Html(
          {"/news/1.html", "/news/2.html", cal, "/s.jsp?sid=1", "/a/", "/list?page=1", "/deep/1"});
    }
    if (t.rfind("/news/", 0) == 0) return Html({"/"});
    if (t.rfind("/cal", 0) == 0) {  // next month, for ever
      int y = NumberAfter(t, "year="), m = NumberAfter(t, "month=");
      return Html({"/cal?year=" + std::to_string(m == 12 ? y + 1 : y) +
                   "&month=" + std::to_string(m % 12 + 1)});
    }
    if (t.rfind("/s.jsp", 0) == 0) {  // a new session id on every link
      return Html({"/s.jsp?sid=" + std::to_string(NumberAfter(t, "sid=") + 1)});
    }
    if (t.rfind("/a/", 0) == 0) return Html({t + "a/"});  // /a/a/a/...
    if (t.rfind("/list", 0) == 0) {  // 50 more variants of one path on every page
      std::vector<std::string> next;
      int n = NumberAfter(t, "page=");
      for (int i = 1; i <= 50; ++i) next.push_back("/list?page=" + std::to_string(n * 50 + i));
      return Html(next);
    }
    if (t.rfind("/deep/", 0) == 0) {
      return Html({"/deep/" + std::to_string(NumberAfter(t, "/deep/") + 1)});
    }
    return Status(404);
  });
  LinkLines observer;
  FakeClock clock(now);
  CrawlOptions opt;
  opt.seeds = {"http://www.example.gov.cn/"};
  opt.per_host_rate = 1e6;
  opt.dead_retry_delay_seconds = 0.01;
  opt.clock = &clock;
  Crawler crawler(opt, &site, &observer);
  ASSERT_TRUE(crawler.Validate().ok());
  CrawlStats stats = crawler.Run();
  EXPECT_EQ(site.Hits("/news/1.html"), 1);
  EXPECT_EQ(site.Hits("/news/2.html"), 1);
  EXPECT_EQ(site.Hits("/s.jsp"), 1) << "session ids dropped: one page";
  // Two years ahead are crawled (plans, schedules), the third is a trap.
  EXPECT_EQ(site.Times("/cal?year=" + std::to_string(year + 2) + "&month=12").size(), 1u);
  EXPECT_EQ(site.Times("/cal?year=" + std::to_string(year + 3) + "&month=1").size(), 0u);
  EXPECT_EQ(site.Hits("/cal"), 12 * 3) << "no walk years into the future";
  EXPECT_GE(site.Hits("/list"), 1000) << "a path with many queries is crawled for a while";
  EXPECT_LE(site.Hits("/list"), 2001) << "query variants per path are capped";
  EXPECT_EQ(site.Hits("/a/a/a/"), 1);
  EXPECT_EQ(site.Hits("/a/a/a/a/"), 0) << "a segment repeated 4 times is a trap";
  EXPECT_LE(site.TotalHits(), 2200);
  EXPECT_GT(stats.trap_skipped, 0u);
  EXPECT_GT(stats.limit_skipped, 0u) << "the endless /deep/ chain stops at the depth limit";
  EXPECT_EQ(site.Hits("/deep/" + std::to_string(kDefaultMaxDepth)), 1);
  EXPECT_EQ(site.Hits("/deep/" + std::to_string(kDefaultMaxDepth + 1)), 0);
}

TEST(Crawler, EndlessSitesEndWithDefaultOptions) {
  CrawlEndlessSiteAt(2026, k2026Dec4);
  CrawlEndlessSiteAt(2031, k2031Dec4);
}

TEST(Crawler, RobotsTxtServerErrorDisallowsAllAndSaysWhy) {
  FakeSite site([](const std::string& t) {
    if (t == "/robots.txt") return Status(503);
    return Html({"/a.html"});
  });
  LinkLines observer;
  CrawlOptions opt;
  opt.seeds = {"http://x.gov.cn/"};
  opt.per_host_rate = 1e6;
  Crawler crawler(opt, &site, &observer);
  CrawlStats stats = crawler.Run();
  EXPECT_EQ(site.Hits("/"), 0) << "RFC 9309: 5xx means disallow all";
  EXPECT_EQ(stats.robots_skipped, 1u);
  std::optional<UrlResult> r = observer.Result("http://x.gov.cn/");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->outcome, Outcome::kRobots);
  EXPECT_EQ(r->status, 503) << "the reason travels with the skipped page";
}

TEST(Crawler, RobotsTxtMissingAllowsAll) {
  FakeSite site([](const std::string& t) {
    if (t == "/robots.txt") return Status(404);
    if (t == "/") return Html({"/a.html"});
    return Html({});
  });
  LinkLines observer;
  CrawlOptions opt;
  opt.seeds = {"http://x.gov.cn/"};
  opt.per_host_rate = 1e6;
  Crawler crawler(opt, &site, &observer);
  CrawlStats stats = crawler.Run();
  EXPECT_EQ(site.Hits("/a.html"), 1) << "RFC 9309: 4xx means allow all";
  EXPECT_EQ(stats.robots_skipped, 0u);
}

TEST(Crawler, RetryAfterAsHttpDateAndTooLongRetryAfter) {
  std::atomic<int> busy{0};
  FakeClock clock(k2031Dec4);
  FakeSite site([&busy, &clock](const std::string& t) {
    if (t == "/") return Html({"/busy.html", "/closed.html"});
    if (t == "/busy.html" && busy++ == 0) {
      // An HTTP-date two seconds after the crawler's clock.
      std::time_t when = static_cast<std::time_t>(clock.Now() + 2);
      char buf[64];
      std::tm tm{};
      gmtime_r(&when, &tm);
      std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
      return Status(503, {{"retry-after", buf}});
    }
    if (t == "/closed.html") return Status(503, {{"retry-after", "86400"}});
    if (t == "/robots.txt") return Status(404);
    return Html({});
  });
  LinkLines observer;
  CrawlOptions opt;
  opt.seeds = {"http://x.gov.cn/"};
  opt.per_host_rate = 1e6;
  opt.dead_retry_delay_seconds = 0.01;
  opt.clock = &clock;
  Crawler crawler(opt, &site, &observer);
  crawler.Run();
  std::vector<std::chrono::steady_clock::time_point> t = site.Times("/busy.html");
  ASSERT_EQ(t.size(), 2u) << "retried once after the date";
  EXPECT_GE(std::chrono::duration<double>(t[1] - t[0]).count(), 1.9);
  std::optional<UrlResult> busy_result = observer.Result("http://x.gov.cn/busy.html");
  ASSERT_TRUE(busy_result);
  EXPECT_EQ(busy_result->outcome, Outcome::kOk);
  // A day's Retry-After is the final answer, not a reason to hold the crawl for a day.
  std::optional<UrlResult> closed = observer.Result("http://x.gov.cn/closed.html");
  ASSERT_TRUE(closed);
  EXPECT_EQ(closed->outcome, Outcome::kHttpError);
  EXPECT_EQ(closed->status, 503);
  EXPECT_LE(site.Hits("/closed.html"), 2) << "at most the one confirming retry";
}

}  // namespace
}  // namespace cuomin::crawler
