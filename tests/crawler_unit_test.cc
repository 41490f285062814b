// URL normalisation, robots.txt (RFC 9309), sitemaps, blocklists and CSS hidden-link
// detection: table-driven, each row named.
#include <gtest/gtest.h>

#include "crawler/crawler.h"
#include "crawler/domain_list.h"
#include "crawler/robots.h"
#include "crawler/sitemap.h"
#include "crawler/url.h"
#include "scanner/hidden_links.h"
#include "scanner/reader.h"

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
  std::string dir = CUOMIN_DICTIONARY_DIR;
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

}  // namespace
}  // namespace cuomin::crawler
