// HTTP tests of site scans and the 整改 ledger: a server on loopback scans a loopback test site
// with planted problems that change between two scans (one fixed, one new, one page gone),
// the roles on every route, keyset paging, one scan of a site at a time, and no scan of an
// address that is not a configured site.
#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "common/csv.h"
#include "review/ledger_service.h"
#include "review/review_service.h"
#include "review/scan_runner.h"
#include "scanner/rule_set.h"
#include "server/http_server.h"
#include "test_paths.h"

namespace cuomin::server {
namespace {

using json = nlohmann::json;
using store::Role;

std::string Html(const std::string& body) {
  return "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>页面</title></head><body>" +
         body + "</body></html>";
}

// A web site on loopback whose pages the test changes between scans. A path in `held` waits
// until Release() before it answers.
class TestSite {
 public:
  TestSite() {
    http_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      std::unique_lock lock(mu_);
      requested_.insert(req.path);
      cv_.notify_all();
      if (held_.count(req.path)) cv_.wait(lock, [&] { return !held_.count(req.path); });
      if (auto r = redirects_.find(req.path); r != redirects_.end()) {
        res.set_redirect(r->second);
        return;
      }
      auto it = pages_.find(req.path);
      if (it == pages_.end()) {
        res.status = 404;
        return;
      }
      res.set_content(it->second, "text/html; charset=utf-8");
    });
    port = http_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { http_.listen_after_bind(); });
    url = "http://127.0.0.1:" + std::to_string(port);
  }
  ~TestSite() {
    Release();
    http_.stop();
    thread_.join();
  }
  void Set(const std::string& path, const std::string& body) {
    std::lock_guard lock(mu_);
    pages_[path] = Html(body);
  }
  void Remove(const std::string& path) {
    std::lock_guard lock(mu_);
    pages_.erase(path);
  }
  void Redirect(const std::string& path, const std::string& to) {
    std::lock_guard lock(mu_);
    redirects_[path] = to;
  }
  void Hold(const std::string& path) {
    std::lock_guard lock(mu_);
    held_.insert(path);
  }
  void Release() {
    {
      std::lock_guard lock(mu_);
      held_.clear();
    }
    cv_.notify_all();
  }
  void Release(const std::string& path) {
    {
      std::lock_guard lock(mu_);
      held_.erase(path);
    }
    cv_.notify_all();
  }
  bool WaitFor(const std::string& path) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(60), [&] { return requested_.count(path); });
  }
  bool Requested(const std::string& path) {
    std::lock_guard lock(mu_);
    return requested_.count(path) > 0;
  }

  int port = 0;
  std::string url;

 private:
  httplib::Server http_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::string> pages_;
  std::map<std::string, std::string> redirects_;
  std::set<std::string> held_;
  std::set<std::string> requested_;
};

// The server with sites and the ledger, users of every role in three units.
class SiteServer {
 public:
  // `test_clock`: as `cuomin serve --test-clock`, POST /api/test/clock moves the clock.
  // `limits`: the exports' limits (its ledger and scans are the server's own).
  explicit SiteServer(bool test_clock = false, SiteServices limits = {}) {
    dir_ = std::filesystem::temp_directory_path() /
           ("cuomin-sites-" + std::to_string(::getpid()) + "-" + std::to_string(++count_));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::string db = (dir_ / "t.db").string();
    store_ = std::move(*store::OpenSqliteReviewStore(db));
    scanner::RuleSetOptions ro;
    // The review rules, and a gambling rule for the outbound pages' turned-bad check.
    ro.rule_dirs = {cuomin::test_paths::Testdata() + "/review/rules",
                    cuomin::test_paths::Testdata() + "/review/site-rules"};
    rules_ = std::move(*scanner::RuleSet::Load(ro));
    review::ServiceOptions so;
    so.password_cost = {1, size_t{1} << 20};
    svc_ = std::make_unique<review::ReviewService>(store_.get(), rules_.get(), &clock_, so);
    review::Actor cli = review::CommandLineActor();
    office = svc_->CreateUnit(cli, "市政府办公室", true)->id;
    edu = svc_->CreateUnit(cli, "教育局", false)->id;
    town = svc_->CreateUnit(cli, "某某镇", false)->id;
    struct U {
      const char* name;
      int64_t unit;
      Role role;
    };
    for (U u : {U{"editor", edu, Role::kEditor}, U{"townie", town, Role::kEditor},
                U{"r1", office, Role::kReviewer1}, U{"r2", office, Role::kReviewer2},
                U{"r3", office, Role::kReviewer3}, U{"admin", office, Role::kAdmin}}) {
      EXPECT_TRUE(svc_->CreateUser(cli, u.name, u.name, u.unit, u.role, Password(u.name)).ok());
    }
    ledger_ = std::make_unique<review::LedgerService>(store_.get(), &clock_);
    review::ScanRunnerOptions sro;
    sro.db_path = db;
    sro.rules = rules_.get();
    sro.crawl.read_sitemaps = false;
    sro.crawl.obey_robots = false;
    sro.crawl.dead_retry_delay_seconds = 0;
    scans_ = std::make_unique<review::ScanRunner>(ledger_.get(), &clock_, std::move(sro));
    ServerOptions options;
    options.host = "127.0.0.1";
    options.port = 0;
    options.threads = 16;
    options.read_timeout_seconds = 1;
    options.keep_alive_seconds = 1;
    options.sites = limits;
    options.sites.ledger = ledger_.get();
    options.sites.scans = scans_.get();
    if (test_clock) options.test_clock = &clock_;
    http_ = std::make_unique<HttpServer>(svc_.get(), options);
    Status s = http_->Bind();
    EXPECT_TRUE(s.ok()) << s.message();
    thread_ = std::thread([this] { http_->Run(); });
    port = http_->port();
    origin = "http://127.0.0.1:" + std::to_string(port);
  }
  ~SiteServer() {
    http_->Stop();
    thread_.join();
    http_.reset();
    scans_.reset();
    ledger_.reset();
    svc_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  static std::string Password(const std::string& name) { return name + "-password"; }

  std::string db_path() const { return (dir_ / "t.db").string(); }

  int port = 0;
  std::string origin;
  int64_t office = 0, edu = 0, town = 0;

 private:
  static inline int count_ = 0;
  std::filesystem::path dir_;
  review::ShiftedClock clock_;
  std::unique_ptr<store::ReviewStore> store_;
  std::unique_ptr<scanner::RuleSet> rules_;
  std::unique_ptr<review::ReviewService> svc_;
  std::unique_ptr<review::LedgerService> ledger_;
  std::unique_ptr<review::ScanRunner> scans_;
  std::unique_ptr<HttpServer> http_;
  std::thread thread_;
};

struct Browser {
  Browser(SiteServer& s, const std::string& user) : server(&s), cli("127.0.0.1", s.port) {
    cli.set_read_timeout(60, 0);
    httplib::Result r =
        cli.Post("/api/login", httplib::Headers{{"Origin", s.origin}},
                 json{{"username", user}, {"password", SiteServer::Password(user)}}.dump(),
                 "application/json");
    EXPECT_TRUE(r && r->status == 200) << user << ": " << (r ? r->body : "no response");
    if (!r || r->status != 200) return;
    std::string set_cookie = r->get_header_value("Set-Cookie");
    cookie = set_cookie.substr(0, set_cookie.find(';'));
    csrf = json::parse(r->body)["csrf_token"];
  }
  httplib::Result Get(const std::string& path) {
    return cli.Get(path.c_str(), httplib::Headers{{"Cookie", cookie}});
  }
  httplib::Result Post(const std::string& path, const json& body, bool with_csrf = true) {
    httplib::Headers h{{"Origin", server->origin}, {"Cookie", cookie}};
    if (with_csrf) h.emplace("X-CSRF-Token", csrf);
    return cli.Post(path.c_str(), h, body.dump(), "application/json");
  }
  json GetJson(const std::string& path) {
    httplib::Result r = Get(path);
    EXPECT_TRUE(r && r->status == 200) << path << ": " << (r ? r->body : "no response");
    return r && r->status == 200 ? json::parse(r->body) : json::object();
  }
  SiteServer* server;
  httplib::Client cli;
  std::string cookie;
  std::string csrf;
};

int Status(const httplib::Result& r) { return r ? r->status : -1; }

json SiteBody(const TestSite& site) {
  return {{"name", "某某市人民政府门户网站"},
          {"unit", 1},
          {"start_urls", {site.url + "/"}},
          {"per_host_rate", 50},
          {"schedule", "weekly 1 02:30"}};
}

// Waits for the site's scan to end (the runner's own state, not a time budget) and returns
// its progress.
json WaitForScan(Browser& admin, int64_t site) {
  for (int i = 0; i < 6000; ++i) {
    json p = admin.GetJson("/api/sites/" + std::to_string(site) + "/progress");
    if (p.value("running", true) == false) return p;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "the scan did not end";
  return json::object();
}

// Adds the site that `body` describes (SiteBody, changed as a test needs); its id and its
// path under /api/sites/.
void AddSite(Browser& admin, const json& body, int64_t* id, std::string* base) {
  httplib::Result made = admin.Post("/api/sites", body);
  ASSERT_EQ(Status(made), 201) << (made ? made->body : "no response");
  *id = json::parse(made->body)["id"];
  *base = "/api/sites/" + std::to_string(*id);
}

// The bureau's pages (/zwgk/bm/jyj/) go to `unit`.
void AssignBureau(Browser& admin, const std::string& base, int64_t unit) {
  ASSERT_EQ(Status(admin.Post(base + "/prefixes", {{"prefix", "/zwgk/bm/jyj/"}, {"unit", unit}})),
            201);
}

// Starts a scan of the site and returns its progress once it has ended.
json ScanToEnd(Browser& admin, int64_t site) {
  httplib::Result started =
      admin.Post("/api/sites/" + std::to_string(site) + "/scan", json::object());
  if (Status(started) != 202) {
    ADD_FAILURE() << "the scan did not start: " << Status(started);
    return json::object();
  }
  return WaitForScan(admin, site);
}

// Waits until the running scan's progress satisfies `done` (the runner's own counters, polled;
// not a time budget) and returns that progress. The crawler counts a page done only after
// its links are queued, so a request for a linked page does not mean its page is counted yet.
template <typename Pred>
json WaitForProgress(Browser& admin, int64_t site, Pred done) {
  json p;
  for (int i = 0; i < 6000; ++i) {
    p = admin.GetJson("/api/sites/" + std::to_string(site) + "/progress");
    if (done(p)) return p;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ADD_FAILURE() << "the progress never showed it: " << p.dump();
  return p;
}

// Every ledger entry the browser sees, by keyset pages of `per_page`.
std::vector<json> AllEntries(Browser& b, const std::string& filter, int per_page) {
  std::vector<json> out;
  std::string after;
  for (int guard = 0; guard < 100; ++guard) {
    json page = b.GetJson("/api/ledger?per_page=" + std::to_string(per_page) + filter +
                          (after.empty() ? "" : "&after=" + after));
    for (const json& e : page["items"]) out.push_back(e);
    if (page["next"].is_null()) break;
    after = page["next"].get<std::string>();
  }
  return out;
}

const json* BySource(const std::vector<json>& entries, const std::string& suffix) {
  for (const json& e : entries) {
    std::string s = e["source"];
    if (s.size() >= suffix.size() &&
        s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0)
      return &e;
  }
  return nullptr;
}

// The link of `page` to a target ending in `suffix` that has `problem` ("": none).
const json* LinkTo(const json& page, const std::string& suffix, const std::string& problem) {
  for (const json& l : page["links"]) {
    std::string t = l["target"];
    if (t.size() < suffix.size() || t.compare(t.size() - suffix.size(), suffix.size(), suffix))
      continue;
    bool has = false;
    for (const json& p : l["problems"]) has = has || p["rule"] == problem;
    if (problem.empty() ? l["problems"].empty() : has) return &l;
  }
  return nullptr;
}

TEST(ServerSitesTest, SitesAndPrefixesAreForAdminsWithCsrf) {
  SiteServer s;
  TestSite site;
  Browser admin(s, "admin"), r1(s, "r1"), editor(s, "editor");
  json body = SiteBody(site);
  body["unit"] = s.office;
  EXPECT_EQ(Status(editor.Post("/api/sites", body)), 403);
  EXPECT_EQ(Status(r1.Post("/api/sites", body)), 403);
  EXPECT_EQ(Status(admin.Post("/api/sites", body, false)), 403);  // no CSRF token
  httplib::Result made = admin.Post("/api/sites", body);
  ASSERT_EQ(Status(made), 201) << made->body;
  int64_t id = json::parse(made->body)["id"];
  std::string base = "/api/sites/" + std::to_string(id);
  EXPECT_EQ(Status(editor.Get("/api/sites")), 403);
  EXPECT_EQ(Status(editor.Get(base)), 403);
  EXPECT_EQ(Status(editor.Get(base + "/scans")), 403);
  EXPECT_EQ(Status(r1.Get(base + "/scans")), 200);  // the city office oversees every unit
  // The live progress, as the scans: the site's existence and the caller's right to it.
  EXPECT_EQ(Status(editor.Get(base + "/progress")), 403);
  EXPECT_EQ(Status(r1.Get(base + "/progress")), 200);
  EXPECT_EQ(Status(admin.Get("/api/sites/" + std::to_string(id + 1) + "/progress")), 404);
  EXPECT_EQ(admin.GetJson("/api/sites")["items"].size(), 1u);
  // Changes, checked field by field, with a Chinese message.
  httplib::Result bad = admin.Post(base, {{"scope", "world"}});
  EXPECT_EQ(Status(bad), 400);
  EXPECT_NE(bad->body.find("扫描范围"), std::string::npos) << bad->body;
  EXPECT_EQ(Status(admin.Post(base, {{"max_pages", 500}})), 200);
  EXPECT_EQ(admin.GetJson(base)["max_pages"], 500);
  EXPECT_EQ(Status(editor.Post(base, {{"max_pages", 5}})), 403);
  // Pages to units.
  EXPECT_EQ(Status(editor.Post(base + "/prefixes", {{"prefix", "/zwgk/"}, {"unit", s.edu}})), 403);
  httplib::Result p =
      admin.Post(base + "/prefixes", {{"prefix", "/zwgk/bm/jyj/"}, {"unit", s.edu}});
  ASSERT_EQ(Status(p), 201) << p->body;
  int64_t pid = json::parse(p->body)["id"];
  EXPECT_EQ(admin.GetJson(base + "/prefixes")["items"][0]["prefix"], "/zwgk/bm/jyj/");
  EXPECT_EQ(Status(r1.Post(base + "/prefixes/" + std::to_string(pid) + "/delete", json::object())),
            403);
  EXPECT_EQ(
      Status(admin.Post(base + "/prefixes/" + std::to_string(pid) + "/delete", json::object())),
      204);
  EXPECT_TRUE(admin.GetJson(base + "/prefixes")["items"].empty());
  // Deadlines: admins set them, critical stays 24 hours.
  EXPECT_EQ(Status(editor.Post("/api/settings/deadlines", {{"major", 48}})), 403);
  EXPECT_EQ(Status(admin.Post("/api/settings/deadlines", {{"major", 48}})), 200);
  EXPECT_EQ(editor.GetJson("/api/settings/deadlines")["hours"]["major"], 48);
  EXPECT_NE(Status(admin.Post("/api/settings/deadlines", {{"critical", 72}})), 200);
  EXPECT_EQ(editor.GetJson("/api/settings/deadlines")["hours"]["critical"], 24);
  // Starting and stopping scans is for admins.
  EXPECT_EQ(Status(r1.Post(base + "/scan", json::object())), 403);
  EXPECT_EQ(Status(editor.Post(base + "/stop", json::object())), 403);
  // Without signing in: nothing.
  httplib::Client anon("127.0.0.1", s.port);
  EXPECT_EQ(Status(anon.Get("/api/ledger")), 401);
  EXPECT_EQ(Status(anon.Get("/api/sites")), 401);
}

TEST(ServerSitesTest, ScansReachOnlyConfiguredSites) {
  SiteServer s;
  TestSite site, elsewhere;
  Browser admin(s, "admin");
  // A start URL that is not a web address is refused when the site is configured.
  json body = SiteBody(site);
  body["start_urls"] = {"file:///etc/passwd"};
  EXPECT_EQ(Status(admin.Post("/api/sites", body)), 400);
  body["start_urls"] = {"http://127.0.0.1:" + std::to_string(elsewhere.port) + "/"};
  body["url"] = "http://127.0.0.1/";
  EXPECT_EQ(Status(admin.Post("/api/sites", body)), 400);  // no field the API does not know
  // The scan form carries no address: only the configured site's are used.
  body = SiteBody(site);
  httplib::Result made = admin.Post("/api/sites", body);
  ASSERT_EQ(Status(made), 201);
  std::string base = "/api/sites/" + std::to_string(json::parse(made->body)["id"].get<int64_t>());
  EXPECT_EQ(Status(admin.Post(base + "/scan", {{"url", elsewhere.url + "/"}})), 400);
  EXPECT_EQ(Status(admin.Post("/api/sites/999/scan", json::object())), 404);
  // A page that redirects off the site, to another server on loopback (an address the seeds
  // share, so only the redirect rule keeps it out): that server is never asked.
  site.Set("/", "<a href=\"/go.html\">去</a><p>本站首页。</p>");
  site.Redirect("/go.html", elsewhere.url + "/secret.html");
  elsewhere.Set("/secret.html", "<p>本件为内部资料。</p><a href=\"/more.html\">更多</a>");
  elsewhere.Set("/more.html", "<p>本件为内部资料。</p>");
  ASSERT_EQ(Status(admin.Post(base + "/scan", json::object())), 202);
  json done = WaitForScan(admin, json::parse(made->body)["id"]);
  EXPECT_EQ(done["state"], "finished") << done.dump();
  EXPECT_TRUE(site.Requested("/go.html"));
  EXPECT_FALSE(elsewhere.Requested("/secret.html"));
  EXPECT_FALSE(elsewhere.Requested("/more.html"));
  std::vector<json> entries = AllEntries(admin, "", 100);
  for (const json& e : entries) {
    EXPECT_EQ(e["source"].get<std::string>().rfind(site.url, 0), 0u) << e.dump();
  }
  // The home page's link is reported for a person to check, naming where it leads.
  const json* go = BySource(entries, "/");
  ASSERT_TRUE(go) << json(entries).dump();
  EXPECT_EQ((*go)["rule"], "link-unverified");
  EXPECT_EQ((*go)["severity"], "info");
  EXPECT_NE((*go)["message"].get<std::string>().find(elsewhere.url + "/secret.html"),
            std::string::npos)
      << (*go)["message"];
}

TEST(ServerSitesTest, OneScanOfASiteAtATimeAndStop) {
  SiteServer s;
  TestSite site;
  Browser admin(s, "admin");
  site.Set("/", "<a href=\"/slow.html\">慢</a>");
  site.Set("/slow.html", "<p>认真贯切落实。</p>");
  site.Hold("/slow.html");
  int64_t id = 0;
  std::string base;
  ASSERT_NO_FATAL_FAILURE(AddSite(admin, SiteBody(site), &id, &base));
  ASSERT_EQ(Status(admin.Post(base + "/scan", json::object())), 202);
  ASSERT_TRUE(site.WaitFor("/slow.html"));
  // The home page is counted once its checks end, which may be after /slow.html is asked for
  // (another worker fetches it meanwhile): wait for the count, not for a time.
  json p = WaitForProgress(admin, id, [](const json& p) { return p.value("pages_done", 0) >= 1; });
  EXPECT_EQ(p["running"], true);
  EXPECT_EQ(p["state"], "running");
  EXPECT_GE(p["pages_done"].get<int>(), 1);
  httplib::Result again = admin.Post(base + "/scan", json::object());
  EXPECT_EQ(Status(again), 409);
  EXPECT_NE(again->body.find("正在扫描"), std::string::npos) << again->body;
  EXPECT_EQ(Status(admin.Post(base + "/stop", json::object())), 204);
  site.Release();
  json done = WaitForScan(admin, id);
  EXPECT_EQ(done["state"], "cancelled") << done.dump();
  EXPECT_EQ(Status(admin.Post(base + "/stop", json::object())), 409);  // nothing runs
  json scans = admin.GetJson(base + "/scans");
  ASSERT_EQ(scans["items"].size(), 1u);
  EXPECT_EQ(scans["items"][0]["state"], "cancelled");
}

TEST(ServerSitesTest, TwoSitesScanAtOnce) {
  SiteServer s;
  TestSite one, two;
  Browser admin(s, "admin"), editor(s, "editor");
  std::vector<int64_t> ids;
  for (TestSite* site : {&one, &two}) {
    site->Set("/", "<a href=\"/slow.html\">慢</a>");
    site->Set("/slow.html", "<p>认真贯切落实。</p>");
    site->Hold("/slow.html");
    json body = SiteBody(*site);
    body["name"] = site == &one ? "一号网站" : "二号网站";
    body["unit"] = s.edu;
    httplib::Result made = admin.Post("/api/sites", body);
    ASSERT_EQ(Status(made), 201);
    ids.push_back(json::parse(made->body)["id"]);
  }
  std::string a = "/api/sites/" + std::to_string(ids[0]);
  std::string b = "/api/sites/" + std::to_string(ids[1]);
  ASSERT_EQ(Status(admin.Post(a + "/scan", json::object())), 202);
  ASSERT_TRUE(one.WaitFor("/slow.html"));
  // The first is held mid-scan; the second starts and reaches its own page meanwhile.
  httplib::Result second = admin.Post(b + "/scan", json::object());
  ASSERT_EQ(Status(second), 202) << second->body;
  ASSERT_TRUE(two.WaitFor("/slow.html"));
  EXPECT_EQ(admin.GetJson(a + "/progress")["running"], true);
  EXPECT_EQ(admin.GetJson(b + "/progress")["running"], true);
  // The same site again is refused, with the site named.
  httplib::Result again = admin.Post(b + "/scan", json::object());
  EXPECT_EQ(Status(again), 409);
  EXPECT_NE(again->body.find("二号网站"), std::string::npos) << again->body;
  one.Release();
  two.Release();
  EXPECT_EQ(WaitForScan(admin, ids[0])["state"], "finished");
  EXPECT_EQ(WaitForScan(admin, ids[1])["state"], "finished");
  // Each scan is its site's, and each found its own page's typo once.
  json sa = admin.GetJson(a + "/scans"), sb = admin.GetJson(b + "/scans");
  ASSERT_EQ(sa["items"].size(), 1u);
  ASSERT_EQ(sb["items"].size(), 1u);
  EXPECT_NE(sa["items"][0]["id"], sb["items"][0]["id"]);
  EXPECT_EQ(sa["items"][0]["new"], 1);
  EXPECT_EQ(sb["items"][0]["new"], 1);
  std::vector<json> entries = AllEntries(editor, "", 100);
  ASSERT_EQ(entries.size(), 2u);
  std::set<std::string> seen;
  for (const json& e : entries) {
    seen.insert(e["site"]["name"].get<std::string>() + " " + e["source"].get<std::string>());
  }
  EXPECT_EQ(seen, (std::set<std::string>{"一号网站 " + one.url + "/slow.html",
                                         "二号网站 " + two.url + "/slow.html"}));
}

TEST(ServerSitesTest, APausedScanResumesAsTheSameScanCountingEachFindingOnce) {
  SiteServer s;
  TestSite site;
  Browser admin(s, "admin"), editor(s, "editor");
  site.Set("/", "<a href=\"/a.html\">一</a><a href=\"/slow.html\">慢</a>");
  site.Set("/a.html", "<p>各学校要认真贯切落实。</p>");
  site.Set("/slow.html", "<p>做好工作布署。</p>");
  site.Hold("/slow.html");
  json body = SiteBody(site);
  body["unit"] = s.edu;
  int64_t id = 0;
  std::string base;
  ASSERT_NO_FATAL_FAILURE(AddSite(admin, body, &id, &base));
  EXPECT_EQ(Status(admin.Post(base + "/pause", json::object())), 409);  // nothing runs
  ASSERT_EQ(Status(admin.Post(base + "/scan", json::object())), 202);
  ASSERT_TRUE(site.WaitFor("/slow.html"));
  EXPECT_EQ(Status(editor.Post(base + "/pause", json::object())), 403);
  EXPECT_EQ(Status(admin.Post(base + "/pause", json::object())), 204);
  site.Release();  // the page in flight is finished and kept
  json paused = WaitForScan(admin, id);
  EXPECT_EQ(paused["state"], "paused") << paused.dump();
  json scans = admin.GetJson(base + "/scans");
  ASSERT_EQ(scans["items"].size(), 1u);
  EXPECT_EQ(scans["items"][0]["state"], "paused");
  const int64_t scan = scans["items"][0]["id"];
  size_t before = AllEntries(editor, "", 100).size();
  EXPECT_GE(before, 1u);  // what the paused part recorded is in the ledger already

  json done = ScanToEnd(admin, id);
  EXPECT_EQ(done["state"], "finished") << done.dump();
  EXPECT_EQ(done["scan"], scan);
  scans = admin.GetJson(base + "/scans");
  ASSERT_EQ(scans["items"].size(), 1u) << scans.dump();  // one scan, continued
  EXPECT_EQ(scans["items"][0]["id"], scan);
  EXPECT_EQ(scans["items"][0]["state"], "finished");
  EXPECT_EQ(scans["items"][0]["new"], 2);  // not 2 + what the first part saw
  std::vector<json> entries = AllEntries(editor, "", 100);
  ASSERT_EQ(entries.size(), 2u);
  for (const json& e : entries) {
    json hist = editor.GetJson("/api/ledger/" + std::to_string(e["id"].get<int64_t>()));
    ASSERT_EQ(hist["history"].size(), 1u) << hist.dump();  // assigned once
    EXPECT_EQ(hist["history"][0]["scan"], scan);
  }
  // Its next scan is a new one.
  EXPECT_EQ(ScanToEnd(admin, id)["state"], "finished");
  scans = admin.GetJson(base + "/scans");
  ASSERT_EQ(scans["items"].size(), 2u);
  EXPECT_EQ(scans["items"][0]["new"], 0);
  EXPECT_EQ(scans["items"][0]["still"], 2);
}

// An outbound page read before a pause showed gambling content: after the pause the scan does
// not fetch it again, and a page found only then that links to it is still told so.
// Live progress while the scan waits on a page: pages done, the queue behind it, the dead
// link and the typo already found. The scan's writes are batched (up to 200 ms late); the
// counts must move all the same, not only once the scan ends.
TEST(ServerSitesTest, LiveProgressMovesWhileAScanRuns) {
  SiteServer s;
  TestSite site;
  Browser admin(s, "admin");
  // One request at a time: the dead link is asked for (twice, to confirm it) and the typo page
  // read before /slow.html, and /later-1.html and /later-2.html wait behind it.
  site.Set("/",
           "<a href=\"/gone.html\">旧</a><a href=\"/typo.html\">通知</a>"
           "<a href=\"/slow.html\">慢</a><a href=\"/later-1.html\">一</a>"
           "<a href=\"/later-2.html\">二</a>");
  site.Set("/typo.html", "<p>各单位要认真贯切落实。</p>");
  site.Set("/slow.html", "<p>慢页面。</p>");
  site.Set("/later-1.html", "<p>之一。</p>");
  site.Set("/later-2.html", "<p>之二。</p>");
  site.Hold("/slow.html");
  json body = SiteBody(site);
  body["concurrency"] = 1;
  body["per_host_concurrency"] = 1;
  int64_t id = 0;
  std::string base;
  ASSERT_NO_FATAL_FAILURE(AddSite(admin, body, &id, &base));
  ASSERT_EQ(Status(admin.Post(base + "/scan", json::object())), 202);
  ASSERT_TRUE(site.WaitFor("/slow.html"));
  json p = WaitForProgress(admin, id, [](const json& p) {
    return p.value("pages_done", 0) >= 3 && p.value("errors", 0) >= 1 &&
           p.value("findings", 0) >= 1;
  });
  EXPECT_EQ(p["running"], true) << p.dump();
  EXPECT_EQ(p["pages_done"], 3) << p.dump();  // /, /gone.html, /typo.html
  EXPECT_EQ(p["queued"], 2) << p.dump();      // /later-1.html, /later-2.html
  EXPECT_EQ(p["errors"], 1) << p.dump();
  EXPECT_EQ(p["phase"], "crawling") << p.dump();
  // The typo, and the home page's dead link (a finding once /gone.html failed twice).
  EXPECT_EQ(p["findings"], 2) << p.dump();
  EXPECT_FALSE(site.Requested("/later-1.html"));
  site.Release();
  json done = WaitForScan(admin, id);
  EXPECT_EQ(done["state"], "finished") << done.dump();
  EXPECT_EQ(done["pages_done"], 6) << done.dump();
  EXPECT_EQ(done["queued"], 0) << done.dump();
}

// After its last page a scan still writes what it checked and brings the 整改 ledger up to
// it, for seconds on a big site: the progress says which phase it is in and what is left,
// not a bare "running" with nothing moving. Here the database's writer is held up by another
// connection's write lock once the crawl is under way.
TEST(ServerSitesTest, TheProgressSaysWhenTheScanIsWritingItsResults) {
  SiteServer s;
  TestSite site;
  Browser admin(s, "admin");
  site.Set("/", "<a href=\"/typo.html\">通知</a><a href=\"/slow.html\">慢</a>");
  site.Set("/typo.html", "<p>各单位要认真贯切落实。</p>");
  site.Set("/slow.html", "<p>慢页面。</p>");
  site.Hold("/slow.html");
  json body = SiteBody(site);
  body["concurrency"] = 1;
  body["per_host_concurrency"] = 1;
  int64_t id = 0;
  std::string base;
  ASSERT_NO_FATAL_FAILURE(AddSite(admin, body, &id, &base));
  ASSERT_EQ(Status(admin.Post(base + "/scan", json::object())), 202);
  ASSERT_TRUE(site.WaitFor("/slow.html"));
  json p = WaitForProgress(admin, id, [](const json& p) { return p.value("pages_done", 0) >= 2; });
  EXPECT_EQ(p["phase"], "crawling") << p.dump();
  EXPECT_EQ(p["phase_name"], "正在抓取检查页面") << p.dump();

  sqlite3* lock = nullptr;
  ASSERT_EQ(sqlite3_open(s.db_path().c_str(), &lock), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(lock, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  site.Release();
  p = WaitForProgress(admin, id, [](const json& p) { return p.value("phase", "") == "writing"; });
  EXPECT_EQ(p["running"], true) << p.dump();
  EXPECT_EQ(p["state"], "running") << p.dump();
  EXPECT_EQ(p["phase_name"], "正在写入结果") << p.dump();
  EXPECT_EQ(p["pages_done"], 3) << p.dump();
  EXPECT_EQ(p["queued"], 0) << p.dump();
  // /slow.html at least: the others may have been written before the lock was taken.
  EXPECT_GE(p.value("unwritten", 0), 1) << p.dump();
  EXPECT_LE(p.value("unwritten", 0), 3) << p.dump();
  ASSERT_EQ(sqlite3_exec(lock, "ROLLBACK", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(lock);

  json done = WaitForScan(admin, id);
  EXPECT_EQ(done["state"], "finished") << done.dump();
  EXPECT_FALSE(done.contains("phase")) << "an ended scan has no phase: " << done.dump();
  EXPECT_EQ(done["ledger"]["assigned"], 1) << done.dump();
}

// A site's scans list shows a running scan's counts as they grow; they are kept between
// requests (counting reads every finding the scan recorded) and counted again as the clock
// moves, and once the scan ends the list shows what it found in all.
TEST(ServerSitesTest, TheScansListCountsARunningScanAsItGoes) {
  SiteServer s(true);
  TestSite site;
  Browser admin(s, "admin"), r1(s, "r1");
  site.Set("/",
           "<a href=\"/typo.html\">通知</a><a href=\"/slow.html\">慢</a>"
           "<a href=\"/later.html\">后</a><a href=\"/last.html\">末</a>");
  site.Set("/typo.html", "<p>各单位要认真贯切落实。</p>");
  site.Set("/slow.html", "<p>慢页面。</p>");
  site.Set("/later.html", "<p>做好工作布署。</p>");
  site.Set("/last.html", "<p>末页。</p>");
  site.Hold("/slow.html");
  site.Hold("/last.html");
  json body = SiteBody(site);
  body["concurrency"] = 1;
  body["per_host_concurrency"] = 1;
  httplib::Result made = admin.Post("/api/sites", body);
  ASSERT_EQ(Status(made), 201);
  int64_t id = json::parse(made->body)["id"];
  std::string base = "/api/sites/" + std::to_string(id);
  ASSERT_EQ(Status(admin.Post(base + "/scan", json::object())), 202);
  ASSERT_TRUE(site.WaitFor("/slow.html"));
  WaitForProgress(admin, id, [](const json& p) { return p.value("findings", 0) >= 1; });
  json scans = r1.GetJson(base + "/scans");
  ASSERT_EQ(scans["items"].size(), 1u) << scans.dump();
  EXPECT_EQ(scans["items"][0]["state"], "running");
  EXPECT_EQ(scans["items"][0]["new"], 1) << scans.dump();  // 贯切
  EXPECT_EQ(scans["items"][0]["still"], 0);
  EXPECT_TRUE(scans["items"][0]["finished_at"].get<int64_t>() == 0);

  site.Release("/slow.html");
  ASSERT_TRUE(site.WaitFor("/last.html"));
  WaitForProgress(admin, id, [](const json& p) { return p.value("findings", 0) >= 2; });
  ASSERT_EQ(Status(admin.Post("/api/test/clock", {{"advance_seconds", 3}})), 200);
  scans = r1.GetJson(base + "/scans");
  EXPECT_EQ(scans["items"][0]["state"], "running");
  EXPECT_EQ(scans["items"][0]["new"], 2) << scans.dump();  // and 布署

  site.Release();
  json done = WaitForScan(admin, id);
  ASSERT_EQ(done["state"], "finished") << done.dump();
  scans = r1.GetJson(base + "/scans");
  EXPECT_EQ(scans["items"][0]["state"], "finished");
  EXPECT_EQ(scans["items"][0]["new"], 2) << scans.dump();
  EXPECT_GT(scans["items"][0]["finished_at"].get<int64_t>(), 0);
}

TEST(ServerSitesTest, APausedScanKeepsWhatItFoundOfOutboundPagesThatTurnedBad) {
  SiteServer s;
  TestSite site, casino;
  Browser admin(s, "admin"), editor(s, "editor");
  casino.Set("/", "<p>真人百家乐、六合彩特码在线投注。</p><p>时时彩，注册即送。</p>");
  const std::string bad = casino.url + "/";
  site.Set("/", "<a href=\"" + bad + "\">友情链接</a><a href=\"/slow.html\">慢</a>");
  site.Set("/slow.html", "<a href=\"/later.html\">后面</a>");
  site.Set("/later.html", "<p>本页也链接它。</p><a href=\"" + bad + "\">友情链接</a>");
  site.Hold("/slow.html");
  json body = SiteBody(site);
  body["unit"] = s.edu;
  int64_t id = 0;
  std::string base;
  ASSERT_NO_FATAL_FAILURE(AddSite(admin, body, &id, &base));
  ASSERT_EQ(Status(admin.Post(base + "/scan", json::object())), 202);
  ASSERT_TRUE(site.WaitFor("/slow.html"));
  ASSERT_TRUE(casino.WaitFor("/"));
  // The home page's two findings: its link leaves the government's sites (at once), and the
  // page it leads to turned bad (once that page is read).
  WaitForProgress(admin, id, [](const json& p) { return p.value("findings", 0) >= 2; });
  ASSERT_EQ(Status(admin.Post(base + "/pause", json::object())), 204);
  site.Release();
  ASSERT_EQ(WaitForScan(admin, id)["state"], "paused");
  EXPECT_FALSE(site.Requested("/later.html"));  // left for after the pause

  ASSERT_EQ(ScanToEnd(admin, id)["state"], "finished");
  EXPECT_TRUE(site.Requested("/later.html"));
  std::vector<json> turned = AllEntries(editor, "&rule=link-turned-bad", 100);
  std::set<std::string> pages;
  for (const json& e : turned) {
    pages.insert(e["source"].get<std::string>());
    EXPECT_EQ(e["severity"], "critical") << e.dump();
    EXPECT_NE(e["message"].get<std::string>().find("百家乐"), std::string::npos) << e.dump();
  }
  EXPECT_EQ(pages, (std::set<std::string>{site.url + "/", site.url + "/later.html"}));
  // The page's view says so of its link too.
  json later = editor.GetJson(
      base + "/page?url=" + httplib::detail::encode_query_param(site.url + "/later.html"));
  EXPECT_NE(LinkTo(later, bad, "link-turned-bad"), nullptr) << later.dump();
}

TEST(ServerSitesTest, TwoScansTellNewStillAndFixedAndTheLedgerFollows) {
  SiteServer s;
  TestSite site;
  Browser admin(s, "admin"), editor(s, "editor"), townie(s, "townie"), r1(s, "r1");
  site.Set("/",
           "<a href=\"/zwgk/bm/jyj/a.html\">一</a><a href=\"/zwgk/bm/jyj/b.html\">二</a>"
           "<a href=\"/zwgk/bm/jyj/gone.html\">三</a><a href=\"/zwgk/bm/jyj/c.html\">四</a>"
           "<p>市政府首页。</p>");
  site.Set("/zwgk/bm/jyj/a.html", "<p>各学校要认真贯切落实。</p>");
  site.Set("/zwgk/bm/jyj/b.html", "<p>本件为内部资料。</p>");
  site.Set("/zwgk/bm/jyj/gone.html", "<p>做好工作布署。</p>");
  site.Set("/zwgk/bm/jyj/c.html", "<p>招生工作已经完成。</p>");
  int64_t id = 0;
  std::string base;
  ASSERT_NO_FATAL_FAILURE(AddSite(admin, SiteBody(site), &id, &base));
  ASSERT_NO_FATAL_FAILURE(AssignBureau(admin, base, s.edu));

  json first = ScanToEnd(admin, id);
  ASSERT_EQ(first["state"], "finished") << first.dump();
  EXPECT_EQ(first["ledger"]["assigned"], 3);

  // The unit sees its three entries; another unit sees none of them.
  std::vector<json> mine = AllEntries(editor, "", 1);  // one per keyset page
  ASSERT_EQ(mine.size(), 3u);
  std::set<int64_t> ids;
  for (const json& e : mine) ids.insert(e["id"].get<int64_t>());
  EXPECT_EQ(ids.size(), 3u);
  EXPECT_TRUE(AllEntries(townie, "", 100).empty());
  EXPECT_EQ(Status(townie.Get("/api/ledger?unit=" + std::to_string(s.edu))), 403);
  const json* a = BySource(mine, "/a.html");
  const json* b = BySource(mine, "/b.html");
  const json* gone = BySource(mine, "/gone.html");
  ASSERT_TRUE(a && b && gone);
  EXPECT_EQ((*a)["unit"]["name"], "教育局");
  EXPECT_EQ((*a)["site"]["id"], id);
  EXPECT_EQ((*a)["site"]["name"], "某某市人民政府门户网站");
  EXPECT_EQ((*a)["category"], "typo");
  EXPECT_EQ((*a)["suggestion"], "");  // the finding's fields, as the one serialiser writes them
  EXPECT_EQ((*a)["text"], "贯切");
  EXPECT_EQ((*a)["status"], "open");
  EXPECT_EQ((*b)["severity"], "critical");
  EXPECT_EQ((*b)["deadline"].get<int64_t>() - (*b)["assigned_at"].get<int64_t>(), 24 * 3600);
  // Filters: severity, category, rule, status.
  EXPECT_EQ(AllEntries(editor, "&severity=critical", 100).size(), 1u);
  EXPECT_EQ(AllEntries(editor, "&category=typo", 100).size(), 2u);
  EXPECT_EQ(AllEntries(editor, "&rule=review-secret", 100).size(), 1u);
  EXPECT_EQ(Status(editor.Get("/api/ledger?severity=huge")), 400);
  EXPECT_EQ(Status(editor.Get("/api/ledger?after=x")), 400);

  // The unit says a.html and b.html are fixed; only a.html is.
  std::string ea = "/api/ledger/" + std::to_string((*a)["id"].get<int64_t>());
  std::string eb = "/api/ledger/" + std::to_string((*b)["id"].get<int64_t>());
  // Another unit's entry does not exist for it.
  EXPECT_EQ(Status(townie.Post(ea + "/fixed", json::object())), 404);
  EXPECT_EQ(Status(editor.Post(ea + "/fixed", json::object(), false)), 403);  // no CSRF
  httplib::Result claimed = editor.Post(ea + "/fixed", json::object());
  ASSERT_EQ(Status(claimed), 200) << claimed->body;
  EXPECT_EQ(json::parse(claimed->body)["status"], "fixed_claimed");
  ASSERT_EQ(Status(editor.Post(eb + "/fixed", json::object())), 200);
  EXPECT_EQ(Status(editor.Post(eb + "/confirm", json::object())), 403);  // not a reviewer
  json hist = editor.GetJson(eb);
  EXPECT_EQ(hist["history"].back()["to"], "fixed_claimed");

  site.Set("/zwgk/bm/jyj/a.html", "<p>各学校要认真贯彻落实。</p>");
  site.Remove("/zwgk/bm/jyj/gone.html");
  site.Set("/zwgk/bm/jyj/c.html", "<p>招生工作布署已经完成。</p>");
  json second = ScanToEnd(admin, id);
  ASSERT_EQ(second["state"], "finished") << second.dump();

  json scans = r1.GetJson(base + "/scans");
  ASSERT_EQ(scans["items"].size(), 2u);
  const json& last = scans["items"][0];  // newest first
  // New: c.html, and the home page's link to gone.html, dead now. Still: b.html. Fixed:
  // a.html and gone.html.
  EXPECT_EQ(last["new"], 2);
  EXPECT_EQ(last["still"], 1);
  EXPECT_EQ(last["fixed"], 2);
  EXPECT_EQ(scans["items"][1]["new"], 3);
  // The scan history as CSV, newest first, as the list shows it; for those who see the list.
  httplib::Result scans_csv = r1.Get(base + "/scans.csv");
  ASSERT_EQ(Status(scans_csv), 200) << (scans_csv ? scans_csv->body : "");
  EXPECT_EQ(scans_csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  const std::string newest = "\"" + std::to_string(last["id"].get<int64_t>()) + "\",";
  EXPECT_EQ(scans_csv->body.rfind(
                "\xEF\xBB\xBF扫描编号,开始时间,结束时间,状态,新发现,仍存在,已消除\r\n" + newest, 0),
            0u)
      << scans_csv->body;
  EXPECT_NE(scans_csv->body.find("\"已完成\",\"2\",\"1\",\"2\"\r\n"), std::string::npos)
      << scans_csv->body;
  EXPECT_NE(scans_csv->body.find("\"已完成\",\"3\",\"0\",\"0\"\r\n"), std::string::npos)
      << scans_csv->body;
  EXPECT_EQ(std::count(scans_csv->body.begin(), scans_csv->body.end(), '\n'), 3);
  EXPECT_EQ(Status(editor.Get(base + "/scans")), 403);
  EXPECT_EQ(Status(editor.Get(base + "/scans.csv")), 403);

  std::vector<json> after = AllEntries(editor, "", 2);
  ASSERT_EQ(after.size(), 4u);
  EXPECT_EQ((*BySource(after, "/a.html"))["status"], "fixed");
  EXPECT_EQ((*BySource(after, "/gone.html"))["status"], "fixed");
  const json* b2 = BySource(after, "/b.html");
  EXPECT_EQ((*b2)["status"], "reopened");
  EXPECT_EQ((*b2)["flagged"], true);
  EXPECT_EQ((*BySource(after, "/c.html"))["status"], "open");
  EXPECT_EQ(AllEntries(editor, "&status=fixed", 100).size(), 2u);

  // The list as CSV for Excel/WPS: BOM, a header, a line per entry the filter selects.
  httplib::Result csv = editor.Get("/api/ledger.csv");
  ASSERT_EQ(Status(csv), 200) << (csv ? csv->body : "");
  EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(csv->body.rfind("\xEF\xBB\xBF编号,网站,页面,责任单位", 0), 0u) << csv->body;
  EXPECT_NE(csv->body.find(",\"某某市人民政府门户网站\",\"" + site.url + "/zwgk/bm/jyj/"),
            std::string::npos)
      << csv->body;
  EXPECT_EQ(std::count(csv->body.begin(), csv->body.end(), '\n'), 5);
  EXPECT_NE(csv->body.find("\"教育局\",\"重要\",\"错别字\",\"review-typo\",\"贯切\""),
            std::string::npos)
      << csv->body;
  httplib::Result fixed_csv = editor.Get("/api/ledger.csv?status=fixed");
  ASSERT_EQ(Status(fixed_csv), 200);
  EXPECT_EQ(std::count(fixed_csv->body.begin(), fixed_csv->body.end(), '\n'), 3);
  EXPECT_EQ(Status(townie.Get("/api/ledger.csv?unit=" + std::to_string(s.edu))), 403);

  // The statistics of this year count what the scans found: for the city office every unit
  // (the dead link on the home page is the office's own), for the unit its own.
  json stats = r1.GetJson("/api/stats");
  ASSERT_TRUE(stats["sites"].is_object()) << stats.dump();
  EXPECT_EQ(stats["sites"]["total"]["found"], 5);
  EXPECT_EQ(stats["sites"]["total"]["fixed"], 2);
  EXPECT_EQ(stats["sites"]["typos_corrected"], 2);  // 贯切 and 布署 are gone from their pages
  EXPECT_EQ(stats["sites"]["sensitive_removed"], 0);
  json edu_stats = editor.GetJson("/api/stats");
  EXPECT_EQ(edu_stats["sites"]["total"]["found"], 4);
  ASSERT_EQ(edu_stats["sites"]["units"].size(), 1u);
  EXPECT_EQ(edu_stats["sites"]["units"][0]["name"], "教育局");
  EXPECT_EQ(edu_stats["sites"]["by_category"][0]["key"], "typo");  // most found first
  EXPECT_EQ(edu_stats["sites"]["by_category"][0]["found"], 3);
  EXPECT_EQ(edu_stats["sites"]["by_category"][0]["fixed"], 2);
  ASSERT_EQ(edu_stats["sites"]["months"].size(), 1u);
  EXPECT_EQ(edu_stats["sites"]["months"][0]["found"], 4);
  EXPECT_EQ(Status(townie.Get("/api/stats?unit=" + std::to_string(s.edu))), 403);
  httplib::Result stats_csv = r1.Get("/api/stats.csv");
  ASSERT_EQ(Status(stats_csv), 200);
  EXPECT_EQ(stats_csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(stats_csv->body.rfind("\xEF\xBB\xBF统计期间,", 0), 0u) << stats_csv->body;
  EXPECT_NE(stats_csv->body.find("\r\n网站改正错别字,2\r\n"), std::string::npos) << stats_csv->body;
  EXPECT_NE(stats_csv->body.find("\r\n单位,\"教育局\",网站,4,2,"), std::string::npos)
      << stats_csv->body;
  EXPECT_EQ(Status(r1.Get("/api/stats.csv?from=2026-02-30")), 400);

  // Per unit: the city office sees every unit, the unit only itself.
  json units = r1.GetJson("/api/ledger/units");
  bool seen_edu = false;
  for (const json& u : units["items"]) {
    if (u["unit"]["name"] != "教育局") continue;
    seen_edu = true;
    EXPECT_EQ(u["waiting"], 2);
    EXPECT_EQ(u["flagged"], 1);
    EXPECT_EQ(u["fixed"], 2);
  }
  EXPECT_TRUE(seen_edu);
  EXPECT_EQ(editor.GetJson("/api/ledger/units")["items"].size(), 1u);

  // Not an error needs a reason; a reviewer confirms it or reopens.
  std::string ec =
      "/api/ledger/" + std::to_string((*BySource(after, "/c.html"))["id"].get<int64_t>());
  EXPECT_EQ(Status(editor.Post(ec + "/not-error", json::object())), 400);
  ASSERT_EQ(Status(editor.Post(ec + "/not-error", {{"reason", "引文原文如此"}})), 200);
  EXPECT_EQ(Status(r1.Post(ec + "/reopen", json::object())), 400);  // a reason is needed
  httplib::Result confirmed = r1.Post(ec + "/confirm", json::object());
  ASSERT_EQ(Status(confirmed), 200) << confirmed->body;
  EXPECT_EQ(json::parse(confirmed->body)["status"], "confirmed");
  httplib::Result reopened = r1.Post(ec + "/reopen", {{"reason", "请再核对"}});
  ASSERT_EQ(Status(reopened), 200) << reopened->body;
  EXPECT_EQ(json::parse(reopened->body)["status"], "reopened");
}

// The UTF-8 bytes of `text` between UTF-16 indices [start, end) (what the API's offsets count).
std::string Utf16Slice(const std::string& text, int64_t start, int64_t end) {
  size_t from = std::string::npos, to = std::string::npos;
  int64_t unit = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) continue;
    if (unit == start && from == std::string::npos) from = i;
    if (unit == end && to == std::string::npos) to = i;
    if (i < text.size()) unit += static_cast<unsigned char>(text[i]) >= 0xF0 ? 2 : 1;
  }
  if (from == std::string::npos || to == std::string::npos || to < from) return "<bad range>";
  return text.substr(from, to - from);
}

// The test clock (cuomin serve --test-clock) is how a browser test sees an entry fall overdue:
// only an admin moves it, only forward, and only on a server started with it.
// The lines of a CSV body after its header, split at CRLF (no cell here holds a line break).
std::vector<std::string> CsvLines(const std::string& body) {
  std::vector<std::string> out;
  size_t pos = body.find("\r\n");
  while (pos != std::string::npos && pos + 2 < body.size()) {
    size_t end = body.find("\r\n", pos + 2);
    if (end == std::string::npos) end = body.size();
    out.push_back(body.substr(pos + 2, end - pos - 2));
    pos = end;
  }
  return out;
}

// What the CSV line of a ledger entry starts with, from the entry as the JSON list shows it:
// every column up to 逾期 (the two times after it are local times).
std::string CsvLineStart(const json& e) {
  std::string line;
  for (std::string cell :
       {std::to_string(e["id"].get<int64_t>()), e["site"]["name"].get<std::string>(),
        e["source"].get<std::string>(), e["unit"]["name"].get<std::string>(),
        e["severity_name"].get<std::string>(), e["category_name"].get<std::string>(),
        e["rule"].get<std::string>(), e["text"].get<std::string>(), e["message"].get<std::string>(),
        e["status_name"].get<std::string>(), e["reason"].get<std::string>(),
        std::string(e["flagged"].get<bool>() ? "是" : ""),
        std::string(e["overdue"].get<bool>() ? "是" : "")}) {
    line += CsvCell(cell) + ",";
  }
  return line;
}

// The CSV of the ledger holds every entry the list holds, in its order, line for line, however
// many pages of the list that takes (the export is read once and sent as it is read), and
// only what the caller may see.
TEST(ServerSitesTest, ALedgerExportLongerThanAPageHasEveryEntryInListOrderForWhoMaySeeIt) {
  SiteServer s;
  TestSite site;
  Browser admin(s, "admin"), editor(s, "editor"), townie(s, "townie"), r1(s, "r1");
  // 教育局's page: 1,200 findings, a third of them critical (24 hours, so they come first);
  // more than two pages of 500 and than one slice of the export's reader.
  std::string edu_page;
  for (int i = 0; i < 1200; ++i) {
    edu_page += i % 3 == 0 ? "<p>第" + std::to_string(i) + "号文件为内部资料。</p>"
                           : "<p>第" + std::to_string(i) + "条要认真贯切落实。</p>";
  }
  std::string town_page;
  for (int i = 0; i < 30; ++i) town_page += "<p>第" + std::to_string(i) + "项工作布署。</p>";
  site.Set("/", "<a href=\"/zwgk/bm/jyj/p.html\">一</a><a href=\"/zhen/q.html\">二</a>");
  site.Set("/zwgk/bm/jyj/p.html", edu_page);
  site.Set("/zhen/q.html", town_page);
  httplib::Result made = admin.Post("/api/sites", SiteBody(site));
  ASSERT_EQ(Status(made), 201);
  int64_t id = json::parse(made->body)["id"];
  std::string base = "/api/sites/" + std::to_string(id);
  ASSERT_EQ(Status(admin.Post(base + "/prefixes", {{"prefix", "/zwgk/bm/jyj/"}, {"unit", s.edu}})),
            201);
  ASSERT_EQ(Status(admin.Post(base + "/prefixes", {{"prefix", "/zhen/"}, {"unit", s.town}})), 201);
  ASSERT_EQ(Status(admin.Post(base + "/scan", json::object())), 202);
  json scan = WaitForScan(admin, id);
  ASSERT_EQ(scan["state"], "finished") << scan.dump();
  ASSERT_EQ(scan["ledger"]["assigned"], 1230);

  const std::string header =
      "\xEF\xBB\xBF编号,网站,页面,责任单位,严重程度,类别,规则,原文,说明,状态,理由,复扫仍在,"
      "逾期,分派时间,整改期限\r\n";
  // Line for line what the JSON list gives by keyset pages.
  auto same_as_list = [&](Browser& b, const std::string& filter, size_t expected) {
    SCOPED_TRACE(b.cookie + " " + filter);
    std::vector<json> list = AllEntries(b, filter, 500);
    ASSERT_EQ(list.size(), expected);
    httplib::Result csv = b.Get("/api/ledger.csv?x=1" + filter);
    ASSERT_EQ(Status(csv), 200) << (csv ? csv->body.substr(0, 300) : "");
    EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_EQ(csv->get_header_value("Content-Disposition"), "attachment; filename=\"ledger.csv\"");
    // Sent as it is read: no length announced, chunks instead.
    EXPECT_EQ(csv->get_header_value("Transfer-Encoding"), "chunked");
    EXPECT_EQ(csv->body.rfind(header, 0), 0u) << csv->body.substr(0, 300);
    std::vector<std::string> lines = CsvLines(csv->body);
    ASSERT_EQ(lines.size(), expected);
    for (size_t i = 0; i < expected; ++i) {
      ASSERT_EQ(lines[i].rfind(CsvLineStart(list[i]), 0), 0u)
          << "line " << i << ": " << lines[i] << "\nexpected " << CsvLineStart(list[i]);
    }
  };
  same_as_list(editor, "", 1200);
  same_as_list(editor, "&severity=critical", 400);
  same_as_list(editor, "&status=open&category=typo", 800);
  same_as_list(townie, "", 30);
  same_as_list(r1, "", 1230);  // the city office sees every unit
  same_as_list(r1, "&unit=" + std::to_string(s.town), 30);
  // Another unit's list is refused before anything is sent.
  httplib::Result refused = townie.Get("/api/ledger.csv?unit=" + std::to_string(s.edu));
  EXPECT_EQ(Status(refused), 403);
  EXPECT_EQ(json::parse(refused->body)["error"]["code"], "permission_denied") << refused->body;
  // The editor's whole list holds none of the town's entries.
  httplib::Result mine = editor.Get("/api/ledger.csv");
  ASSERT_EQ(Status(mine), 200);
  EXPECT_EQ(mine->body.find("某某镇"), std::string::npos);
  EXPECT_EQ(mine->body.find("布署"), std::string::npos);
}

// A list longer than an export may be is refused with its count before anything is sent,
// and the same list narrowed below the limit is sent.
TEST(ServerSitesTest, ALedgerExportPastItsLimitIsRefusedWithTheCount) {
  SiteServices limits;
  limits.export_max_rows = 2;
  SiteServer s(false, limits);
  TestSite site;
  Browser admin(s, "admin"), editor(s, "editor");
  site.Set("/", "<a href=\"/zwgk/bm/jyj/a.html\">一</a>");
  site.Set("/zwgk/bm/jyj/a.html",
           "<p>各学校要认真贯切落实。</p><p>第二条要贯切执行。</p><p>本文件为内部资料。</p>");
  int64_t id = 0;
  std::string base;
  ASSERT_NO_FATAL_FAILURE(AddSite(admin, SiteBody(site), &id, &base));
  ASSERT_NO_FATAL_FAILURE(AssignBureau(admin, base, s.edu));
  ASSERT_EQ(ScanToEnd(admin, id)["state"], "finished");
  ASSERT_EQ(AllEntries(editor, "", 100).size(), 3u);
  httplib::Result refused = editor.Get("/api/ledger.csv");
  ASSERT_EQ(Status(refused), 400);
  EXPECT_EQ(json::parse(refused->body)["error"]["message"],
            "共 3 条，超过 2 条，请缩小筛选范围（单位、状态或时间段）后再导出");
  httplib::Result narrowed = editor.Get("/api/ledger.csv?severity=critical");
  ASSERT_EQ(Status(narrowed), 200) << (narrowed ? narrowed->body : "");
  ASSERT_EQ(CsvLines(narrowed->body).size(), 1u);
  EXPECT_NE(CsvLines(narrowed->body)[0].find("\"内部资料\""), std::string::npos) << narrowed->body;
}

// Exports under way are capped: one more is answered 503 at once with a Chinese message and
// Retry-After, and the place comes back once a response is gone, sent or not.
TEST(ServerSitesTest, ExportsPastTheLimitAreAnswered503UntilOneEnds) {
  auto dir =
      std::filesystem::temp_directory_path() / ("cuomin-exports-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto st = store::OpenSqliteReviewStore((dir / "t.db").string());
    ASSERT_TRUE(st.ok()) << st.status().message();
    review::ShiftedClock clock;
    review::ServiceOptions so;
    so.password_cost = {1, size_t{1} << 20};
    review::ReviewService svc(st->get(), nullptr, &clock, so);
    review::LedgerService ledger(st->get(), &clock);
    review::Actor cli = review::CommandLineActor();
    int64_t office = svc.CreateUnit(cli, "市政府办公室", true)->id;
    ASSERT_TRUE(svc.CreateUser(cli, "admin", "admin", office, Role::kAdmin, "admin-password").ok());
    review::LoginOutcome in = svc.Login("admin", "admin-password", "10.0.0.1");
    ASSERT_TRUE(in.actor.has_value());
    SiteServices sites;
    sites.ledger = &ledger;
    sites.concurrent_exports = 2;
    Api api(&svc, ApiOptions{}, sites);
    ApiRequest r;
    r.method = "GET";
    r.path = "/api/ledger.csv";
    r.actor = in.actor;
    auto first = std::make_unique<ApiResponse>(api.LedgerCsv(r));
    ApiResponse second = api.LedgerCsv(r);
    ASSERT_EQ(first->status, 200);
    ASSERT_EQ(second.status, 200);
    ASSERT_TRUE(first->next_piece && second.next_piece);
    ApiResponse busy = api.LedgerCsv(r);
    EXPECT_EQ(busy.status, 503);
    EXPECT_FALSE(busy.next_piece);
    EXPECT_EQ(json::parse(busy.body)["error"]["message"],
              "同时进行的导出已达上限（2 个），请稍后再试");
    EXPECT_NE(std::find(busy.headers.begin(), busy.headers.end(),
                        std::pair<std::string, std::string>{"Retry-After", "5"}),
              busy.headers.end());
    // The first is sent to its end (the header only: the ledger is empty) and let go.
    Result<std::string> piece = first->next_piece();
    ASSERT_TRUE(piece.ok());
    EXPECT_EQ(piece->rfind("\xEF\xBB\xBF编号,", 0), 0u);
    EXPECT_EQ(*first->next_piece(), "");
    EXPECT_EQ(api.LedgerCsv(r).status, 503) << "sent, but its response is still held";
    first.reset();
    ApiResponse third = api.LedgerCsv(r);
    EXPECT_EQ(third.status, 200);
    // A refused export takes no place: the next one is refused the same way, not worse.
    EXPECT_EQ(api.LedgerCsv(r).status, 503);
  }
  std::filesystem::remove_all(dir);
}

TEST(ServerSitesTest, TheTestClockTurnsAnEntryOverdueOnlyWhereTheServerAllowsIt) {
  {
    SiteServer plain;
    Browser admin(plain, "admin");
    httplib::Result r = admin.Post("/api/test/clock", {{"advance_seconds", 3600}});
    EXPECT_EQ(Status(r), 404) << (r ? r->body : "");
  }
  SiteServer s(true);
  TestSite site;
  Browser admin(s, "admin"), editor(s, "editor");
  site.Set("/", "<a href=\"/zwgk/bm/jyj/a.html\">一</a><p>市政府首页。</p>");
  site.Set("/zwgk/bm/jyj/a.html", "<p>各学校要认真贯切落实。</p>");
  int64_t id = 0;
  std::string base;
  ASSERT_NO_FATAL_FAILURE(AddSite(admin, SiteBody(site), &id, &base));
  ASSERT_NO_FATAL_FAILURE(AssignBureau(admin, base, s.edu));
  ASSERT_EQ(ScanToEnd(admin, id)["state"], "finished");
  std::vector<json> mine = AllEntries(editor, "", 100);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0]["text"], "贯切");
  EXPECT_EQ(mine[0]["overdue"], false);
  const int64_t deadline = mine[0]["deadline"];

  // Who may move it, and how far.
  EXPECT_EQ(Status(editor.Post("/api/test/clock", {{"advance_seconds", 3600}})), 403);
  EXPECT_EQ(Status(admin.Post("/api/test/clock", {{"advance_seconds", 3600}}, false)), 403);
  httplib::Client anon("127.0.0.1", s.port);
  EXPECT_EQ(Status(anon.Post("/api/test/clock", "{\"advance_seconds\": 3600}", "application/json")),
            401);
  httplib::Result back = admin.Post("/api/test/clock", {{"advance_seconds", -3600}});
  EXPECT_EQ(Status(back), 400);
  EXPECT_NE(back->body.find("只能向前"), std::string::npos) << back->body;
  EXPECT_EQ(Status(admin.Post("/api/test/clock", {{"advance_seconds", "soon"}})), 400);
  EXPECT_EQ(AllEntries(editor, "", 100)[0]["overdue"], false);  // refused moves moved nothing

  // An hour past the deadline, the server tells the entry overdue, in the list, the entry
  // and the unit's counts.
  httplib::Result now = admin.Post("/api/test/clock", {{"advance_seconds", 1}});
  ASSERT_EQ(Status(now), 200) << now->body;
  const int64_t step = deadline + 3600 - json::parse(now->body)["now"].get<int64_t>();
  httplib::Result moved = admin.Post("/api/test/clock", {{"advance_seconds", step}});
  ASSERT_EQ(Status(moved), 200) << moved->body;
  json m = json::parse(moved->body);
  EXPECT_GE(m["now"].get<int64_t>(), deadline + 3600);
  EXPECT_EQ(m["offset_seconds"], 1 + step);
  // Days later, the sessions have expired as they would have.
  EXPECT_EQ(Status(editor.Get("/api/ledger")), 401);
  Browser later(s, "editor");
  std::vector<json> after = AllEntries(later, "", 100);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0]["overdue"], true);
  EXPECT_EQ(AllEntries(later, "&status=overdue", 100).size(), 1u);
  json units = later.GetJson("/api/ledger/units");
  ASSERT_EQ(units["items"].size(), 1u);
  EXPECT_EQ(units["items"][0]["unit"]["name"], "教育局");
  EXPECT_EQ(units["items"][0]["overdue"], 1);
}

TEST(ServerSitesTest, APageShowsItsTextWithFindingsPlacedAndItsLinksWithStatus) {
  SiteServer s;
  TestSite site;
  Browser admin(s, "admin"), editor(s, "editor"), townie(s, "townie"), r1(s, "r1");
  site.Set("/", "<a href=\"/zwgk/bm/jyj/x.html\">通知</a><p>市政府首页。</p>");
  // Scanned text that must reach the reader as text: a tag written as entities and quotes. A
  // real script is not visible text at all.
  site.Set("/zwgk/bm/jyj/x.html",
           "<script>var hidden = \"脚本内容\";</script>"
           "<p>各学校要认真贯切落实。&lt;script&gt;alert(\"x\")&lt;/script&gt;他说'好'。</p>"
           "<a href=\"/dead.html\">失效链接</a><a href=\"/zwgk/bm/jyj/y.html\">正常链接</a>"
           "<a href=\"/zwgk/bm/jyj/y.html\" style=\"display:none\">隐藏</a>");
  site.Set("/zwgk/bm/jyj/y.html", "<p>招生工作已经完成。</p>");
  int64_t id = 0;
  std::string base;
  ASSERT_NO_FATAL_FAILURE(AddSite(admin, SiteBody(site), &id, &base));
  ASSERT_NO_FATAL_FAILURE(AssignBureau(admin, base, s.edu));
  ASSERT_EQ(ScanToEnd(admin, id)["state"], "finished");

  const std::string x = site.url + "/zwgk/bm/jyj/x.html";
  const std::string path = base + "/page?url=" + httplib::detail::encode_query_param(x);
  json page = editor.GetJson(path);
  ASSERT_TRUE(page.contains("text")) << page.dump();
  EXPECT_EQ(page["url"], x);
  EXPECT_EQ(page["unit"]["name"], "教育局");
  EXPECT_EQ(page["site"]["name"], "某某市人民政府门户网站");
  EXPECT_EQ(page["has_text"], true);
  const std::string text = page["text"];
  EXPECT_NE(text.find("各学校要认真贯切落实。<script>alert(\"x\")</script>他说'好'。"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("脚本内容"), std::string::npos) << text;
  const json* typo = nullptr;
  for (const json& f : page["findings"]) {
    if (f["rule"] == "review-typo") typo = &f;
  }
  ASSERT_NE(typo, nullptr) << page.dump();
  EXPECT_EQ(Utf16Slice(text, (*typo)["start"], (*typo)["end"]), "贯切");
  ASSERT_TRUE((*typo)["entry"].is_object()) << typo->dump();
  EXPECT_EQ((*typo)["entry"]["status"], "open");
  EXPECT_EQ((*typo)["entry"]["unit"]["name"], "教育局");
  // The links with their status: dead, hidden, and one with nothing wrong.
  EXPECT_NE(LinkTo(page, "/dead.html", "link-dead"), nullptr) << page["links"].dump();
  EXPECT_NE(LinkTo(page, "/zwgk/bm/jyj/y.html", "link-hidden"), nullptr) << page["links"].dump();
  EXPECT_NE(LinkTo(page, "/zwgk/bm/jyj/y.html", ""), nullptr) << page["links"].dump();
  // The links as CSV, a line per problem, for the same readers as the page.
  const std::string links = base + "/links.csv?url=" + httplib::detail::encode_query_param(x);
  httplib::Result links_csv = editor.Get(links);
  ASSERT_EQ(Status(links_csv), 200) << (links_csv ? links_csv->body : "");
  EXPECT_EQ(links_csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(links_csv->body.rfind("\xEF\xBB\xBF页面,链接,行,列,状态,严重程度,规则,说明\r\n", 0), 0u)
      << links_csv->body;
  EXPECT_NE(links_csv->body.find("\"" + site.url + "/dead.html\","), std::string::npos);
  EXPECT_NE(links_csv->body.find("\"死链\","), std::string::npos) << links_csv->body;
  EXPECT_NE(links_csv->body.find("\"暗链\","), std::string::npos) << links_csv->body;
  EXPECT_NE(links_csv->body.find("\"" + site.url + "/zwgk/bm/jyj/y.html\","), std::string::npos)
      << links_csv->body;
  EXPECT_NE(links_csv->body.find("\"正常\"\r\n"), std::string::npos) << links_csv->body;
  long link_rows = 1;  // the header
  for (const json& l : page["links"]) link_rows += std::max<long>(1, l["problems"].size());
  EXPECT_EQ(std::count(links_csv->body.begin(), links_csv->body.end(), '\n'), link_rows)
      << links_csv->body;
  EXPECT_EQ(Status(townie.Get(links)), 404);
  EXPECT_EQ(Status(editor.Get(base + "/links.csv")), 400);

  // The city office's reviewers see it; another unit, as for a page no scan recorded, finds
  // nothing; the home page belongs to the site's own unit, not to the 教育局.
  EXPECT_EQ(r1.GetJson(path)["text"], text);
  EXPECT_EQ(Status(townie.Get(path)), 404);
  EXPECT_EQ(
      Status(editor.Get(base + "/page?url=" + httplib::detail::encode_query_param(site.url + "/"))),
      404);
  EXPECT_EQ(Status(admin.Get(base + "/page?url=" +
                             httplib::detail::encode_query_param(site.url + "/nowhere.html"))),
            404);
  EXPECT_EQ(Status(admin.Get("/api/sites/999/page?url=" + httplib::detail::encode_query_param(x))),
            404);
  EXPECT_EQ(Status(admin.Get(base + "/page")), 400);
  httplib::Client anonymous("127.0.0.1", s.port);
  EXPECT_EQ(Status(anonymous.Get(path.c_str())), 401);

  // The next scan reads the page as it is now: the fix shows, and so does the text.
  site.Set("/zwgk/bm/jyj/x.html", "<p>各学校要认真贯彻落实。</p>");
  ASSERT_EQ(ScanToEnd(admin, id)["state"], "finished");
  page = editor.GetJson(path);
  EXPECT_NE(page["text"].get<std::string>().find("各学校要认真贯彻落实。"), std::string::npos);
  EXPECT_TRUE(page["findings"].empty()) << page.dump();
  EXPECT_TRUE(page["links"].empty()) << page.dump();
}

// ---------------------------------------------------------------- docs/api.md's examples

// The examples of docs/api.md, each marked by an HTML comment (invisible when rendered) before
// its block: `<!-- request NAME -->` before the JSON a request sends, `<!-- answer NAME STATUS
// -->` before the body the server answers (```json, or ```csv of which the first line counts;
// none for 204). The test makes each call as documented and compares the answer's shape: the
// same keys at every level, the same kinds of values; an array's first documented element
// stands for each element answered. Values are the test's own (ids, times, counts).
class DocExamples {
 public:
  struct Example {
    std::string request;  // JSON, "" when none
    int status = 0;
    std::string kind;  // "json", "csv", "" (no body)
    std::string answer;
    bool used = false;
  };

  DocExamples() {
    std::ifstream in(cuomin::test_paths::Testdata() + "/../../docs/api.md", std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string docs = ss.str();
    const std::regex mark(
        R"(<!-- (request|answer) ([a-z0-9-]+)(?: (\d{3}))? -->\n(?:```(json|csv)\n([\s\S]*?)```)?)");
    for (auto it = std::sregex_iterator(docs.begin(), docs.end(), mark);
         it != std::sregex_iterator(); ++it) {
      Example& e = examples_[(*it)[2]];
      if ((*it)[1] == "request") {
        e.request = (*it)[5];
      } else {
        e.status = (*it)[3].length() ? std::stoi((*it)[3]) : 0;
        e.kind = (*it)[4];
        e.answer = (*it)[5];
      }
    }
  }

  // The documented request body of `name`, with the example site's address made `site_url`.
  std::string Request(const std::string& name, const std::string& site_url) {
    std::string body = Find(name).request;
    return std::regex_replace(body, std::regex("https://www\\.example\\.gov\\.cn"), site_url);
  }

  // Checks the server's answer to the call documented as `name`.
  void Check(const std::string& name, const httplib::Result& r) {
    Example& e = Find(name);
    e.used = true;
    ASSERT_TRUE(r) << name << ": no answer";
    EXPECT_EQ(r->status, e.status) << name << ": " << r->body;
    if (e.kind == "csv") {  // the first line, its digits (dates, counts) being the test's
      const std::regex digits("[0-9]");
      std::string got = r->body.substr(0, r->body.find("\r\n"));
      std::string want = "\xEF\xBB\xBF" + e.answer.substr(0, e.answer.find('\n'));
      EXPECT_EQ(std::regex_replace(got, digits, "0"), std::regex_replace(want, digits, "0"))
          << name;
      return;
    }
    if (e.kind.empty()) {
      EXPECT_EQ(r->body, "") << name;
      return;
    }
    json doc = json::parse(e.answer, nullptr, false);
    ASSERT_FALSE(doc.is_discarded()) << name << ": the example is not JSON:\n" << e.answer;
    json got = json::parse(r->body, nullptr, false);
    ASSERT_FALSE(got.is_discarded()) << name << ": " << r->body;
    std::vector<std::string> diffs;
    SameShape(doc, got, "", diffs);
    for (const std::string& d : diffs)
      ADD_FAILURE() << name << ": " << d << "\nanswer: " << got.dump();
  }

  std::vector<std::string> Unused() const {
    std::vector<std::string> out;
    for (const auto& [name, e] : examples_) {
      if (!e.used) out.push_back(name);
    }
    return out;
  }
  size_t size() const { return examples_.size(); }

 private:
  Example& Find(const std::string& name) {
    auto it = examples_.find(name);
    if (it == examples_.end()) {
      ADD_FAILURE() << "docs/api.md has no example " << name;
      return missing_;
    }
    return it->second;
  }

  static std::string Kind(const json& j) {
    if (j.is_number()) return "number";
    return j.type_name();
  }

  static void SameShape(const json& doc, const json& got, const std::string& at,
                        std::vector<std::string>& diffs) {
    const std::string where = at.empty() ? "the answer" : at;
    if (Kind(doc) != Kind(got)) {
      diffs.push_back(where + " is " + Kind(got) + ", documented " + Kind(doc));
      return;
    }
    if (doc.is_object()) {
      for (const auto& [key, value] : doc.items()) {
        if (!got.contains(key)) diffs.push_back(at + "." + key + " is documented, not answered");
      }
      for (const auto& [key, value] : got.items()) {
        if (!doc.contains(key)) {
          diffs.push_back(at + "." + key + " is answered, not documented");
        } else {
          SameShape(doc[key], value, at + "." + key, diffs);
        }
      }
    } else if (doc.is_array() && !doc.empty()) {
      if (got.empty()) diffs.push_back(where + ": the example has items, the answer none");
      for (size_t i = 0; i < got.size(); ++i) {
        SameShape(doc[0], got[i], at + "[" + std::to_string(i) + "]", diffs);
      }
    }
  }

  std::map<std::string, Example> examples_;
  Example missing_;
};

// Every example of the site scan routes, called in the order a web office uses them.
TEST(ServerSitesTest, TheDocumentedExamplesAreWhatTheServerAnswers) {
  DocExamples docs;
  ASSERT_GT(docs.size(), 20u);
  SiteServer s;
  TestSite site;
  Browser admin(s, "admin"), editor(s, "editor"), r1(s, "r1");
  ASSERT_EQ(s.edu, 2);  // the examples' 教育局
  site.Set("/",
           "<a href=\"/zwgk/bm/jyj/a.html\">通知</a><a href=\"/zwgk/bm/jyj/b.html\">公告</a>"
           "<a href=\"/dead.html\">旧链接</a><a href=\"/slow.html\">慢</a>");
  site.Set("/zwgk/bm/jyj/a.html", "<p>各学校要认真贯切落实。</p>");
  site.Set("/zwgk/bm/jyj/b.html", "<p>本件为内部资料。做好工作布署。</p>");
  site.Set("/slow.html", "<p>市政府办公室。</p>");
  site.Hold("/slow.html");
  // A draft, so that the statistics have drafts' figures as well.
  ASSERT_EQ(Status(editor.Post("/api/drafts", {{"title", "通知"}, {"text", "认真贯切落实。"}})),
            201);

  httplib::Result made =
      admin.Post("/api/sites", json::parse(docs.Request("create-site", site.url)));
  docs.Check("create-site", made);
  ASSERT_EQ(Status(made), 201);
  const int64_t id = json::parse(made->body)["id"];
  const std::string base = "/api/sites/" + std::to_string(id);
  docs.Check("list-sites", admin.Get("/api/sites"));
  docs.Check("get-site", admin.Get(base));
  docs.Check("update-site", admin.Post(base, json::parse(docs.Request("update-site", site.url))));
  docs.Check("add-prefix",
             admin.Post(base + "/prefixes", json::parse(docs.Request("add-prefix", site.url))));
  docs.Check("list-prefixes", admin.Get(base + "/prefixes"));
  docs.Check("progress-none", admin.Get(base + "/progress"));

  docs.Check("start-scan", admin.Post(base + "/scan", json::object()));
  ASSERT_TRUE(site.WaitFor("/slow.html"));
  WaitForProgress(admin, id, [](const json& p) { return p.value("pages_done", 0) >= 1; });
  docs.Check("progress-running", admin.Get(base + "/progress"));
  docs.Check("scan-conflict", admin.Post(base + "/scan", json::object()));
  docs.Check("pause-scan", admin.Post(base + "/pause", json::object()));
  site.Release();
  ASSERT_EQ(WaitForScan(admin, id)["state"], "paused");
  docs.Check("progress-ended", admin.Get(base + "/progress"));
  docs.Check("resume-scan", admin.Post(base + "/scan", json::object()));
  ASSERT_EQ(WaitForScan(admin, id)["state"], "finished");

  // A second scan, stopped while a page is held.
  site.Hold("/slow.html");
  ASSERT_EQ(Status(admin.Post(base + "/scan", json::object())), 202);
  ASSERT_TRUE(site.WaitFor("/slow.html"));
  docs.Check("stop-scan", admin.Post(base + "/stop", json::object()));
  site.Release();
  ASSERT_EQ(WaitForScan(admin, id)["state"], "cancelled");
  docs.Check("scans", admin.Get(base + "/scans?limit=50"));
  docs.Check("page",
             editor.Get(base + "/page?url=" +
                        httplib::detail::encode_query_param(site.url + "/zwgk/bm/jyj/a.html")));

  docs.Check("ledger", editor.Get("/api/ledger?site=" + std::to_string(id) + "&per_page=100"));
  std::vector<json> entries = AllEntries(editor, "", 100);
  const json* a = BySource(entries, "/a.html");
  ASSERT_TRUE(a);
  const std::string ea = "/api/ledger/" + std::to_string((*a)["id"].get<int64_t>());
  docs.Check("fixed", editor.Post(ea + "/fixed", json::object()));
  docs.Check("ledger-entry", editor.Get(ea));
  docs.Check("confirm", r1.Post(ea + "/confirm", json::object()));
  std::string eb;
  for (const json& e : entries) {
    if (e["rule"] == "review-secret") eb = "/api/ledger/" + std::to_string(e["id"].get<int64_t>());
  }
  ASSERT_FALSE(eb.empty());
  docs.Check("not-error",
             editor.Post(eb + "/not-error", json::parse(docs.Request("not-error", site.url))));
  docs.Check("reopen", r1.Post(eb + "/reopen", json::parse(docs.Request("reopen", site.url))));
  docs.Check("ledger-units", r1.Get("/api/ledger/units?site=" + std::to_string(id)));
  docs.Check("ledger-csv", r1.Get("/api/ledger.csv?site=" + std::to_string(id)));
  docs.Check("stats", r1.Get("/api/stats"));
  docs.Check("stats-csv", r1.Get("/api/stats.csv"));
  docs.Check("deadlines", editor.Get("/api/settings/deadlines"));
  docs.Check("set-deadlines", admin.Post("/api/settings/deadlines",
                                         json::parse(docs.Request("set-deadlines", site.url))));
  EXPECT_TRUE(docs.Unused().empty()) << "examples no call checks: " << json(docs.Unused()).dump();
}

}  // namespace
}  // namespace cuomin::server
