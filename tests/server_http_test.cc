// HTTP tests of cuomin serve against a server on loopback: sessions and cookies, CSRF and
// Origin, denials per role, and hostile clients (a chunked body past the limit, forged
// forwarding headers, huge headers, slow clients, idle keep-alives, redirects off the staging
// host).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "common/json_out.h"
#include "review/crypto.h"
#include "review/review_service.h"
#include "scanner/finding_json.h"
#include "scanner/rule_set.h"
#include "server/http_server.h"
#include "server/session_store.h"
#include "test_paths.h"

namespace cuomin::server {
namespace {

using json = nlohmann::json;
using store::Role;

// A server with its own database, users of every role in three units, on a free port.
class TestServer {
 public:
  explicit TestServer(ServerOptions options = {}) {
    dir_ = std::filesystem::temp_directory_path() /
           ("cuomin-http-" + std::to_string(::getpid()) + "-" + std::to_string(++count_));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    store_ = std::move(*store::OpenSqliteReviewStore((dir_ / "t.db").string()));
    scanner::RuleSetOptions ro;
    ro.rule_dirs = {cuomin::test_paths::Testdata() + "/review/rules"};
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
    options.host = "127.0.0.1";
    options.port = 0;
    if (options.threads == 128) options.threads = 16;
    if (options.read_timeout_seconds == 10) options.read_timeout_seconds = 1;
    if (options.keep_alive_seconds == 5) options.keep_alive_seconds = 1;
    http_ = std::make_unique<HttpServer>(svc_.get(), options);
    Status s = http_->Bind();
    EXPECT_TRUE(s.ok()) << s.message();
    thread_ = std::thread([this] { http_->Run(); });
    port = http_->port();
    origin = "http://127.0.0.1:" + std::to_string(port);
  }
  ~TestServer() {
    http_->Stop();
    thread_.join();
    http_.reset();
    svc_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  static std::string Password(const std::string& name) { return name + "-password"; }
  review::ReviewService& service() { return *svc_; }

  int port = 0;
  std::string origin;
  int64_t office = 0, edu = 0, town = 0;

 private:
  static inline int count_ = 0;
  std::filesystem::path dir_;
  review::SystemClock clock_;
  std::unique_ptr<store::ReviewStore> store_;
  std::unique_ptr<scanner::RuleSet> rules_;
  std::unique_ptr<review::ReviewService> svc_;
  std::unique_ptr<HttpServer> http_;
  std::thread thread_;
};

// A signed-in browser: the session cookie, the CSRF token, our Origin.
struct Browser {
  Browser(TestServer& s, const std::string& user) : server(&s), cli("127.0.0.1", s.port) {
    httplib::Result r =
        cli.Post("/api/login", Headers(false),
                 json{{"username", user}, {"password", TestServer::Password(user)}}.dump(),
                 "application/json");
    EXPECT_TRUE(r && r->status == 200) << user << ": " << (r ? r->body : "no response");
    if (!r || r->status != 200) return;
    std::string set_cookie = r->get_header_value("Set-Cookie");
    cookie = set_cookie.substr(0, set_cookie.find(';'));
    csrf = json::parse(r->body)["csrf_token"];
  }
  httplib::Headers Headers(bool with_session = true) const {
    httplib::Headers h{{"Origin", server->origin}};
    if (with_session) {
      h.emplace("Cookie", cookie);
      h.emplace("X-CSRF-Token", csrf);
    }
    return h;
  }
  httplib::Result Get(const std::string& path) {
    return cli.Get(path.c_str(), httplib::Headers{{"Cookie", cookie}});
  }
  httplib::Result Post(const std::string& path, const json& body) {
    return cli.Post(path.c_str(), Headers(), body.dump(), "application/json");
  }
  TestServer* server;
  httplib::Client cli;
  std::string cookie;
  std::string csrf;
};

int Status(const httplib::Result& r) { return r ? r->status : -1; }

// Connects a raw socket to the server (for clients no library would be).
int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &addr.sin_addr);
  EXPECT_EQ(connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

// Sends what it can (the server may close early) and returns what came back until close.
std::string Exchange(int fd, const std::string& out) {
  size_t sent = 0;
  while (sent < out.size()) {
    ssize_t n = send(fd, out.data() + sent, out.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  std::string in;
  char buf[4096];
  ssize_t n;
  while ((n = recv(fd, buf, sizeof buf, 0)) > 0) in.append(buf, static_cast<size_t>(n));
  close(fd);
  return in;
}

int64_t CreateDraft(Browser& editor, const std::string& text) {
  httplib::Result r = editor.Post(
      "/api/drafts", {{"title", "关于做好年终工作的通知"}, {"text", text}, {"submit", true}});
  EXPECT_EQ(Status(r), 201) << (r ? r->body : "");
  return r && r->status == 201 ? json::parse(r->body)["id"].get<int64_t>() : 0;
}

TEST(ServerHttpTest, LoginSetsAHardenedCookieAndRotatesTheSession) {
  TestServer s;
  Browser first(s, "editor");
  std::string set_cookie;
  {
    httplib::Client c("127.0.0.1", s.port);
    httplib::Result r =
        c.Post("/api/login", httplib::Headers{{"Cookie", first.cookie}, {"Origin", s.origin}},
               R"({"username":"editor","password":"editor-password"})", "application/json");
    ASSERT_EQ(Status(r), 200);
    set_cookie = r->get_header_value("Set-Cookie");
  }
  EXPECT_EQ(set_cookie.rfind("cuomin_session=", 0), 0u) << set_cookie;
  EXPECT_NE(set_cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(set_cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(set_cookie.find("; Path=/"), std::string::npos);
  EXPECT_EQ(set_cookie.find("Secure"), std::string::npos);  // plain HTTP here
  std::string id = set_cookie.substr(15, set_cookie.find(';') - 15);
  EXPECT_EQ(id.size(), 32u);  // 128 bits
  EXPECT_NE("cuomin_session=" + id, first.cookie);
  // The session the browser held before the new login is gone.
  EXPECT_EQ(Status(first.Get("/api/me")), 401);
  // Logout ends the session.
  Browser b(s, "r1");
  ASSERT_EQ(Status(b.Get("/api/me")), 200);
  ASSERT_EQ(Status(b.Post("/api/logout", json::object())), 204);
  EXPECT_EQ(Status(b.Get("/api/me")), 401);
}

TEST(ServerHttpTest, SecureCookieNameAndFlagBehindATlsProxy) {
  ServerOptions o;
  o.behind_tls_proxy = true;
  TestServer s(o);
  httplib::Client c("127.0.0.1", s.port);
  httplib::Result r = c.Post("/api/login", R"({"username":"editor","password":"editor-password"})",
                             "application/json");
  ASSERT_EQ(Status(r), 200);
  std::string set_cookie = r->get_header_value("Set-Cookie");
  EXPECT_EQ(set_cookie.rfind("__Host-cuomin_session=", 0), 0u) << set_cookie;
  EXPECT_NE(set_cookie.find("; Secure"), std::string::npos);
}

TEST(ServerHttpTest, SessionsAreKeptInTheStoreForARestart) {
  TestServer s;
  Browser b(s, "r1");
  std::string id = b.cookie.substr(b.cookie.find('=') + 1);
  int64_t now = review::SystemClock().Now();
  // A session store over the same database, as a restarted server has, knows the session.
  SessionStore restarted({}, &s.service());
  std::optional<Session> found = restarted.Touch(id, now);
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->csrf_token, b.csrf);
  ASSERT_EQ(Status(b.Post("/api/logout", json::object())), 204);
  SessionStore after_logout({}, &s.service());
  EXPECT_FALSE(after_logout.Touch(id, now).has_value());
}

// A throwaway self-signed certificate for 127.0.0.1, made by Debian's openssl for this test.
TEST(ServerHttpTest, DirectTlsSetsTheSecureHostCookie) {
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("cuomin-tls-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string cert = (dir / "cert.pem").string(), key = (dir / "key.pem").string();
  std::string cmd =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
      "-addext subjectAltName=IP:127.0.0.1 -keyout '" +
      key + "' -out '" + cert + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  {
    ServerOptions o;
    o.tls_cert = cert;
    o.tls_key = key;
    TestServer s(o);
    std::string origin = "https://127.0.0.1:" + std::to_string(s.port);
    httplib::SSLClient c("127.0.0.1", s.port);
    c.set_ca_cert_path(cert.c_str());
    c.enable_server_certificate_verification(true);
    httplib::Result r =
        c.Post("/api/login", httplib::Headers{{"Origin", origin}},
               R"({"username":"editor","password":"editor-password"})", "application/json");
    ASSERT_EQ(Status(r), 200) << (r ? r->body : httplib::to_string(r.error()));
    std::string set_cookie = r->get_header_value("Set-Cookie");
    EXPECT_EQ(set_cookie.rfind("__Host-cuomin_session=", 0), 0u) << set_cookie;
    EXPECT_NE(set_cookie.find("; Secure"), std::string::npos);
    EXPECT_NE(set_cookie.find("; HttpOnly"), std::string::npos);
    EXPECT_NE(set_cookie.find("; SameSite=Strict"), std::string::npos);
    EXPECT_NE(set_cookie.find("; Path=/"), std::string::npos);
    std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
    std::string csrf = json::parse(r->body)["csrf_token"];
    httplib::Result me = c.Get("/api/me", httplib::Headers{{"Cookie", cookie}});
    EXPECT_EQ(Status(me), 200);
    // A state change over TLS needs the https origin, not the http one.
    httplib::Result wrong =
        c.Post("/api/logout",
               httplib::Headers{{"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Origin", s.origin}},
               "{}", "application/json");
    EXPECT_EQ(Status(wrong), 403);
    httplib::Result out =
        c.Post("/api/logout",
               httplib::Headers{{"Cookie", cookie}, {"X-CSRF-Token", csrf}, {"Origin", origin}},
               "{}", "application/json");
    EXPECT_EQ(Status(out), 204);
    // Plain HTTP on the TLS port gets no page.
    httplib::Client plain("127.0.0.1", s.port);
    plain.set_read_timeout(2, 0);
    EXPECT_NE(Status(plain.Get("/api/me")), 401);
    EXPECT_NE(Status(plain.Get("/")), 200);
  }
  std::filesystem::remove_all(dir);
}

TEST(ServerHttpTest, WrongPasswordsAreRefusedThenThrottled) {
  TestServer s;
  httplib::Client c("127.0.0.1", s.port);
  for (int i = 0; i < 5; ++i) {
    httplib::Result r =
        c.Post("/api/login", R"({"username":"r2","password":"guess"})", "application/json");
    ASSERT_EQ(Status(r), 401);
    EXPECT_EQ(json::parse(r->body)["error"]["code"], "unauthenticated");
  }
  httplib::Result r =
      c.Post("/api/login", R"({"username":"r2","password":"r2-password"})", "application/json");
  ASSERT_EQ(Status(r), 429);
  EXPECT_GT(std::stoi(r->get_header_value("Retry-After")), 0);
  EXPECT_EQ(json::parse(r->body)["error"]["code"], "rate_limited");
}

TEST(ServerHttpTest, StateChangesNeedTheCsrfTokenAndOurOrigin) {
  TestServer s;
  Browser editor(s, "editor");
  std::string body = json{{"title", "通知"}, {"text", "认真贯切落实。"}}.dump();
  httplib::Client& c = editor.cli;
  auto post = [&](httplib::Headers h) {
    return Status(c.Post("/api/drafts", h, body, "application/json"));
  };
  EXPECT_EQ(post({{"Cookie", editor.cookie}, {"Origin", s.origin}}), 403);  // no token
  EXPECT_EQ(post({{"Cookie", editor.cookie}, {"Origin", s.origin}, {"X-CSRF-Token", "0"}}), 403);
  EXPECT_EQ(post({{"Cookie", editor.cookie}, {"X-CSRF-Token", editor.csrf}}), 403);  // no Origin
  EXPECT_EQ(post({{"Cookie", editor.cookie},
                  {"Origin", "http://evil.example"},
                  {"X-CSRF-Token", editor.csrf}}),
            403);
  EXPECT_EQ(post(editor.Headers()), 201);
  // A cross-site login attempt is refused by its Origin as well.
  EXPECT_EQ(
      Status(c.Post("/api/login", httplib::Headers{{"Origin", "http://evil.example"}},
                    R"({"username":"editor","password":"editor-password"})", "application/json")),
      403);
}

TEST(ServerHttpTest, SubmitATextDraftAndReadItsFindings) {
  TestServer s;
  Browser editor(s, "editor");
  int64_t id = CreateDraft(editor, "各单位要认真贯切落实。\n");
  httplib::Result r = editor.Get("/api/drafts/" + std::to_string(id) + "/versions/1/findings");
  ASSERT_EQ(Status(r), 200);
  json j = json::parse(r->body);
  ASSERT_EQ(j["total"], 1);
  EXPECT_EQ(j["items"][0]["text"], "贯切");
  EXPECT_EQ(j["items"][0]["suggestion"], "贯彻");
  EXPECT_EQ(j["items"][0]["severity"], "major");
  EXPECT_EQ(j["items"][0]["start"], 6);
  EXPECT_EQ(j["items"][0]["end"], 8);
  EXPECT_EQ(j["items"][0]["category_name"], "错别字");
  EXPECT_EQ(j["counts"]["category"]["typo"], 1);
  // What a finding says is written by the shared finding writer (scanner/finding_json.h): each
  // of its fields is in the API's finding, so a field added there reaches the API too.
  JsonOut shared;
  shared.BeginObject();
  scanner::WriteFindingContent(shared, scanner::Finding{});
  shared.EndObject();
  std::set<std::string> api_keys;
  for (const auto& [key, value] : j["items"][0].items()) api_keys.insert(key);
  const json shared_fields = json::parse(shared.str());
  for (const auto& [key, value] : shared_fields.items())
    EXPECT_TRUE(api_keys.count(key)) << "the API's finding lacks the shared field " << key;
  EXPECT_EQ(api_keys,
            (std::set<std::string>{"id", "issue", "rule", "category", "category_name", "severity",
                                   "severity_name", "message", "text", "suggestion", "context",
                                   "start", "end", "line", "column", "status", "decision"}));
  r = editor.Get("/api/drafts/" + std::to_string(id) + "/versions/1");
  ASSERT_EQ(Status(r), 200);
  EXPECT_EQ(json::parse(r->body)["text"], "各单位要认真贯切落实。\n");
  r = editor.Get("/api/drafts?stage=review1");
  ASSERT_EQ(Status(r), 200);
  EXPECT_EQ(json::parse(r->body)["total"], 1);
  EXPECT_EQ(Status(editor.Get("/api/drafts?stage=nonsense")), 400);
  EXPECT_EQ(Status(editor.Get("/api/drafts?page=x")), 400);
}

TEST(ServerHttpTest, UploadADocxAsRawBytes) {
  TestServer s;
  Browser editor(s, "editor");
  std::ifstream in(cuomin::test_paths::Testdata() + "/review/notice.docx", std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  httplib::Result r = editor.cli.Post(
      "/api/drafts?title=%E9%80%9A%E7%9F%A5&filename=%E9%80%9A%E7%9F%A5.docx&submit=1",
      editor.Headers(), bytes.str(), "application/octet-stream");
  ASSERT_EQ(Status(r), 201) << r->body;
  json d = json::parse(r->body);
  EXPECT_EQ(d["title"], "通知");
  EXPECT_EQ(d["versions"][0]["format"], "docx");
  EXPECT_EQ(d["versions"][0]["filename"], "通知.docx");
  EXPECT_EQ(d["versions"][0]["findings"], 2);
  EXPECT_EQ(d["stage"], "review1");
  // Multipart forms are refused with a message saying how to upload.
  r = editor.cli.Post("/api/drafts?title=x&filename=a.txt", editor.Headers(),
                      "--b\r\n\r\nx\r\n--b--\r\n", "multipart/form-data; boundary=b");
  EXPECT_EQ(Status(r), 415);
}

// Each role is refused what it must not do: read another unit's draft, sign a stage it does not
// hold, sign twice, administer.
TEST(ServerHttpTest, EveryRoleIsDeniedWhatItMustNotDo) {
  TestServer s;
  Browser editor(s, "editor"), townie(s, "townie"), r1(s, "r1"), r2(s, "r2"), r3(s, "r3"),
      admin(s, "admin");
  int64_t id = CreateDraft(editor, "各单位要认真贯切落实。\n");
  std::string d = "/api/drafts/" + std::to_string(id);
  // Unauthenticated: nothing.
  httplib::Client anon("127.0.0.1", s.port);
  EXPECT_EQ(Status(anon.Get("/api/drafts")), 401);
  EXPECT_EQ(Status(anon.Get(d.c_str())), 401);
  // Another unit's editor: the draft does not exist for them.
  for (const std::string& path :
       {d, d + "/versions/1", d + "/versions/1/findings", d + "/comments", d + "/issues"}) {
    EXPECT_EQ(Status(townie.Get(path)), 404) << path;
  }
  EXPECT_EQ(Status(townie.Post(d + "/comments", {{"text", "看看"}})), 404);
  EXPECT_EQ(Status(townie.Post(d + "/versions", {{"text", "改写"}})), 404);
  EXPECT_EQ(Status(townie.Get("/api/drafts?unit=" + std::to_string(s.edu))), 403);
  // Signing a stage one does not hold.
  for (Browser* b : {&editor, &townie, &r2, &r3, &admin}) {
    EXPECT_EQ(Status(b->Post(d + "/sign", {{"version", 1}, {"password", "x"}})), 403);
  }
  ASSERT_EQ(Status(r1.Post(d + "/sign", {{"version", 1}})), 200);
  // Signing twice.
  EXPECT_EQ(Status(r1.Post(d + "/sign", {{"version", 1}})), 403);
  // An editor does not send back, a reviewer does not submit or publish.
  EXPECT_EQ(Status(editor.Post(d + "/send-back", {{"version", 1}, {"comment", "x"}})), 403);
  EXPECT_EQ(Status(r2.Post(d + "/publish", json::object())), 403);
  // Administration is for admins.
  for (Browser* b : {&editor, &r1, &r3}) {
    EXPECT_EQ(Status(b->Get("/api/audit")), 403);
    EXPECT_EQ(Status(b->Get("/api/audit.csv")), 403);
    EXPECT_EQ(Status(b->Get("/api/users")), 403);
    EXPECT_EQ(Status(b->Post("/api/units", {{"name", "新单位"}})), 403);
    EXPECT_EQ(Status(b->Post("/api/tokens", {{"name", "x"}, {"unit", s.edu}})), 403);
  }
  EXPECT_EQ(Status(admin.Get("/api/audit")), 200);
  httplib::Result v = admin.Get("/api/audit/verify");
  ASSERT_EQ(Status(v), 200);
  EXPECT_EQ(json::parse(v->body)["ok"], true);
  // 终审 without the password.
  ASSERT_EQ(Status(r2.Post(d + "/sign", {{"version", 1}})), 200);
  EXPECT_EQ(Status(r3.Post(d + "/sign", {{"version", 1}})), 403);
  EXPECT_EQ(Status(r3.Post(d + "/sign", {{"version", 1}, {"password", "r3-password"}})), 200);
}

TEST(ServerHttpTest, StatisticsByUnitSeenOnlyWhereAllowed) {
  TestServer s;
  Browser editor(s, "editor"), townie(s, "townie"), r1(s, "r1");
  CreateDraft(editor, "各单位要认真贯切落实，周密布署。\n");
  httplib::Result all = r1.Get("/api/stats");
  ASSERT_EQ(Status(all), 200) << (all ? all->body : "");
  json j = json::parse(all->body);
  EXPECT_EQ(j["drafts_created"], 1);
  EXPECT_EQ(j["total"]["found"], 2);
  EXPECT_EQ(j["total"]["open"], 2);
  EXPECT_EQ(j["units"].size(), 3u);
  EXPECT_EQ(j["by_category"][0]["key"], "typo");
  EXPECT_EQ(j["by_category"][0]["name"], "错别字");
  EXPECT_EQ(j["by_rule"][0]["found"], 2);
  // The township's editor sees the township only, with nothing in it, and not 教育局.
  httplib::Result own = townie.Get("/api/stats");
  ASSERT_EQ(Status(own), 200);
  json o = json::parse(own->body);
  ASSERT_EQ(o["units"].size(), 1u);
  EXPECT_EQ(o["units"][0]["unit"]["name"], "某某镇");
  EXPECT_EQ(o["total"]["found"], 0);
  EXPECT_EQ(Status(townie.Get("/api/stats?unit=" + std::to_string(s.edu))), 403);
  EXPECT_EQ(Status(r1.Get("/api/stats?from=2026-13-01")), 400);
  EXPECT_EQ(Status(r1.Get("/api/stats?unit=abc")), 400);
  httplib::Client anon("127.0.0.1", s.port);
  EXPECT_EQ(Status(anon.Get("/api/stats")), 401);
}

// Lines of a CSV export after its header (cells here hold no line breaks).
int CsvRows(const std::string& csv) {
  int lines = 0;
  for (size_t i = csv.find("\r\n"); i != std::string::npos; i = csv.find("\r\n", i + 2)) ++lines;
  return lines - 1;
}

// The 问题清单 and the drafts list as CSV: the list's filters, and only the rows its JSON list
// shows the user: a unit's editor gets the unit's, the city office's reviewer every unit's.
TEST(ServerHttpTest, TheFindingsAndDraftsListsExportAsCsvPerRole) {
  TestServer s;
  Browser editor(s, "editor"), townie(s, "townie"), r1(s, "r1");
  CreateDraft(editor, "各单位要认真贯切落实，周密布署。\n");
  httplib::Result t = townie.Post(
      "/api/drafts", {{"title", "=1+1 某某镇通知"}, {"text", "招生工作布署已经完成。\n"}});
  ASSERT_EQ(Status(t), 201) << (t ? t->body : "");

  // The JSON list names the draft's unit as every list does: {"id", "name"}.
  json list = json::parse(r1.Get("/api/findings")->body);
  ASSERT_EQ(list["total"], 3);
  std::set<std::string> units;
  for (const json& f : list["items"]) {
    units.insert(f["draft"]["unit"]["name"].get<std::string>());
    EXPECT_EQ(f["draft"]["unit"]["id"], f["draft"]["unit"]["name"] == "教育局" ? s.edu : s.town);
  }
  EXPECT_EQ(units, (std::set<std::string>{"教育局", "某某镇"}));

  httplib::Result all = r1.Get("/api/findings.csv");
  ASSERT_EQ(Status(all), 200) << (all ? all->body : "");
  EXPECT_EQ(all->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(all->get_header_value("Content-Disposition"), "attachment; filename=\"findings.csv\"");
  EXPECT_EQ(all->body.rfind("\xEF\xBB\xBF编号,严重程度,类别,规则,原文,建议,说明,", 0), 0u)
      << all->body;
  EXPECT_EQ(CsvRows(all->body), 3) << all->body;
  EXPECT_NE(all->body.find("\"重要\",\"错别字\",\"review-typo\",\"贯切\",\"贯彻\""),
            std::string::npos)
      << all->body;
  EXPECT_NE(all->body.find(",\"关于做好年终工作的通知\",\"教育局\",\"待处理\","), std::string::npos)
      << all->body;
  // A title that starts like a formula is text in the spreadsheet.
  EXPECT_NE(all->body.find(",\"'=1+1 某某镇通知\",\"某某镇\","), std::string::npos) << all->body;

  httplib::Result own = editor.Get("/api/findings.csv");
  ASSERT_EQ(Status(own), 200);
  EXPECT_EQ(CsvRows(own->body), 2) << own->body;
  EXPECT_EQ(own->body.find("某某镇"), std::string::npos) << own->body;
  EXPECT_EQ(Status(townie.Get("/api/findings.csv?unit=" + std::to_string(s.edu))), 403);
  // The list's filters.
  httplib::Result town_only = r1.Get("/api/findings.csv?unit=" + std::to_string(s.town));
  ASSERT_EQ(Status(town_only), 200);
  EXPECT_EQ(CsvRows(town_only->body), 1) << town_only->body;
  EXPECT_EQ(CsvRows(r1.Get("/api/findings.csv?stage=review1")->body), 2);
  EXPECT_EQ(CsvRows(r1.Get("/api/findings.csv?category=sensitive")->body), 0);
  EXPECT_EQ(Status(r1.Get("/api/findings.csv?severity=huge")), 400);

  httplib::Result drafts = r1.Get("/api/drafts.csv");
  ASSERT_EQ(Status(drafts), 200) << (drafts ? drafts->body : "");
  EXPECT_EQ(drafts->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(drafts->body.rfind("\xEF\xBB\xBF编号,标题,单位,编辑,阶段,版本,", 0), 0u)
      << drafts->body;
  EXPECT_EQ(CsvRows(drafts->body), 2) << drafts->body;
  EXPECT_NE(drafts->body.find(
                ",\"关于做好年终工作的通知\",\"教育局\",\"editor\",\"初审\",\"1\",\"0\",\"2\","),
            std::string::npos)
      << drafts->body;
  EXPECT_NE(drafts->body.find(",\"'=1+1 某某镇通知\",\"某某镇\",\"townie\",\"草稿\","),
            std::string::npos)
      << drafts->body;
  httplib::Result edu_drafts = editor.Get("/api/drafts.csv");
  ASSERT_EQ(Status(edu_drafts), 200);
  EXPECT_EQ(CsvRows(edu_drafts->body), 1) << edu_drafts->body;
  EXPECT_EQ(edu_drafts->body.find("某某镇"), std::string::npos);
  EXPECT_EQ(CsvRows(r1.Get("/api/drafts.csv?stage=draft")->body), 1);
  EXPECT_EQ(Status(townie.Get("/api/drafts.csv?unit=" + std::to_string(s.edu))), 403);
  httplib::Client anon("127.0.0.1", s.port);
  EXPECT_EQ(Status(anon.Get("/api/findings.csv")), 401);
  EXPECT_EQ(Status(anon.Get("/api/drafts.csv")), 401);
}

// One draft's 问题清单 as CSV: the version's findings with their decisions, the list's filters,
// and the same checks as the JSON list (another unit's draft is as absent as there).
TEST(ServerHttpTest, ADraftsOwnFindingsExportAsCsvWhereItsListIsSeen) {
  TestServer s;
  Browser editor(s, "editor"), townie(s, "townie"), r1(s, "r1");
  int64_t id = CreateDraft(editor, "各单位要认真贯切落实，周密布署。\n");
  std::string base = "/api/drafts/" + std::to_string(id) + "/versions/1/findings";
  json list = json::parse(editor.Get(base)->body);
  ASSERT_EQ(list["total"], 2) << list.dump();
  // The reviewer sets one aside, with a reason that starts like a formula.
  int64_t first = list["items"][0]["id"];
  httplib::Result d = r1.Post("/api/findings/" + std::to_string(first) + "/decision",
                              {{"status", "accepted"}, {"reason", "=HYPERLINK(\"x\")"}});
  ASSERT_EQ(Status(d), 200) << (d ? d->body : "");

  for (Browser* who : {&editor, &r1}) {
    httplib::Result csv = who->Get(base + ".csv");
    ASSERT_EQ(Status(csv), 200) << (csv ? csv->body : "");
    EXPECT_EQ(csv->get_header_value("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_EQ(csv->get_header_value("Content-Disposition"),
              "attachment; filename=\"draft-" + std::to_string(id) + "-v1-findings.csv\"");
    EXPECT_EQ(csv->body.rfind("\xEF\xBB\xBF编号,严重程度,类别,规则,原文,建议,说明,上下文,行,列,"
                              "稿件编号,稿件,单位,状态,处理理由\r\n",
                              0),
              0u)
        << csv->body;
    EXPECT_EQ(CsvRows(csv->body), 2) << csv->body;
    EXPECT_NE(csv->body.find("\"重要\",\"错别字\",\"review-typo\",\"贯切\",\"贯彻\""),
              std::string::npos)
        << csv->body;
    EXPECT_NE(csv->body.find(",\"" + std::to_string(id) +
                             "\",\"关于做好年终工作的通知\",\"教育局\",\"待处理\",\"\"\r\n"),
              std::string::npos)
        << csv->body;
    // The decision, its reason kept from being a formula.
    EXPECT_NE(csv->body.find(",\"教育局\",\"不是错误\",\"'=HYPERLINK(\"\"x\"\")\"\r\n"),
              std::string::npos)
        << csv->body;
  }
  // The JSON list's filters.
  EXPECT_EQ(CsvRows(editor.Get(base + ".csv?status=accepted")->body), 1);
  EXPECT_EQ(CsvRows(editor.Get(base + ".csv?severity=critical")->body), 0);
  EXPECT_EQ(Status(editor.Get(base + ".csv?severity=huge")), 400);
  // Another unit's editor: 404, as for the JSON list; no such version: 404; no sign-in: 401.
  EXPECT_EQ(Status(townie.Get(base)), 404);
  httplib::Result other = townie.Get(base + ".csv");
  EXPECT_EQ(Status(other), 404);
  EXPECT_EQ(other->body.find("贯切"), std::string::npos) << other->body;
  EXPECT_EQ(Status(editor.Get("/api/drafts/" + std::to_string(id) + "/versions/9/findings.csv")),
            404);
  httplib::Client anon("127.0.0.1", s.port);
  EXPECT_EQ(Status(anon.Get(base + ".csv")), 401);
  // A title that starts like a formula is text in the spreadsheet.
  httplib::Result t = townie.Post(
      "/api/drafts", {{"title", "=1+1 某某镇通知"}, {"text", "招生工作布署已经完成。\n"}});
  ASSERT_EQ(Status(t), 201);
  httplib::Result town =
      townie.Get("/api/drafts/" + json::parse(t->body)["id"].dump() + "/versions/1/findings.csv");
  ASSERT_EQ(Status(town), 200);
  EXPECT_NE(town->body.find(",\"'=1+1 某某镇通知\",\"某某镇\",\"待处理\","), std::string::npos)
      << town->body;
}

// Users and API tokens as CSV: admins only, never a password hash nor a token.
TEST(ServerHttpTest, UsersAndTokensExportAsCsvForAdminsOnly) {
  TestServer s;
  Browser admin(s, "admin"), r1(s, "r1"), editor(s, "editor");
  ASSERT_EQ(Status(admin.Post("/api/users", {{"username", "zhangsan"},
                                             {"display_name", "@张三"},
                                             {"unit", s.town},
                                             {"role", "editor"},
                                             {"password", "Zhangsan-2026-pw"}})),
            201);
  json users = json::parse(admin.Get("/api/users")->body);
  int64_t townie = 0;
  for (const json& u : users["items"]) {
    if (u["username"] == "townie") townie = u["id"];
  }
  ASSERT_EQ(Status(admin.Post("/api/users/" + std::to_string(townie) + "/disable", json::object())),
            200);
  httplib::Result made = admin.Post("/api/tokens", {{"name", "-CMS 接口"}, {"unit", s.edu}});
  ASSERT_EQ(Status(made), 201);
  const std::string token = json::parse(made->body)["token"];
  int64_t token_id = json::parse(made->body)["id"];
  ASSERT_EQ(Status(admin.Post("/api/tokens", {{"name", "门户网站"}, {"unit", s.town}})), 201);
  ASSERT_EQ(
      Status(admin.Post("/api/tokens/" + std::to_string(token_id) + "/revoke", json::object())),
      204);

  httplib::Result u = admin.Get("/api/users.csv");
  ASSERT_EQ(Status(u), 200) << (u ? u->body : "");
  EXPECT_EQ(u->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_EQ(u->get_header_value("Content-Disposition"), "attachment; filename=\"users.csv\"");
  EXPECT_EQ(u->body.rfind("\xEF\xBB\xBF编号,用户名,姓名,单位,角色,状态,创建时间(UTC)\r\n", 0), 0u)
      << u->body;
  EXPECT_EQ(CsvRows(u->body), 7) << u->body;
  EXPECT_NE(u->body.find(",\"editor\",\"editor\",\"教育局\",\"编辑\",\"正常\","), std::string::npos)
      << u->body;
  EXPECT_NE(u->body.find(",\"r3\",\"r3\",\"市政府办公室\",\"终审人\",\"正常\","), std::string::npos)
      << u->body;
  EXPECT_NE(u->body.find(",\"townie\",\"townie\",\"某某镇\",\"编辑\",\"已停用\","),
            std::string::npos)
      << u->body;
  EXPECT_NE(u->body.find(",\"zhangsan\",\"'@张三\",\"某某镇\","), std::string::npos) << u->body;
  EXPECT_EQ(u->body.find("$argon2"), std::string::npos) << u->body;

  httplib::Result t = admin.Get("/api/tokens.csv");
  ASSERT_EQ(Status(t), 200) << (t ? t->body : "");
  EXPECT_EQ(t->get_header_value("Content-Disposition"), "attachment; filename=\"tokens.csv\"");
  EXPECT_EQ(t->body.rfind("\xEF\xBB\xBF编号,用途,单位,创建时间(UTC),状态\r\n", 0), 0u) << t->body;
  EXPECT_EQ(CsvRows(t->body), 2) << t->body;
  EXPECT_NE(t->body.find("\"" + std::to_string(token_id) + "\",\"'-CMS 接口\",\"教育局\","),
            std::string::npos)
      << t->body;
  EXPECT_NE(t->body.find(",\"已吊销\"\r\n"), std::string::npos) << t->body;
  EXPECT_NE(t->body.find(",\"门户网站\",\"某某镇\","), std::string::npos) << t->body;
  EXPECT_NE(t->body.find(",\"有效\"\r\n"), std::string::npos) << t->body;
  EXPECT_EQ(t->body.find(token), std::string::npos) << "the token itself is in the export";
  EXPECT_EQ(t->body.find(review::Sha256Hex(token)), std::string::npos) << "its hash is";

  // Nobody else: reviewers and editors (of any unit) 403, tokens 403, no sign-in 401.
  for (const char* path : {"/api/users.csv", "/api/tokens.csv"}) {
    EXPECT_EQ(Status(r1.Get(path)), 403) << path;
    EXPECT_EQ(Status(editor.Get(path)), 403) << path;
    httplib::Client anon("127.0.0.1", s.port);
    EXPECT_EQ(Status(anon.Get(path)), 401) << path;
  }
  httplib::Result live = admin.Post("/api/tokens", {{"name", "CMS"}, {"unit", s.edu}});
  ASSERT_EQ(Status(live), 201);
  httplib::Client cms("127.0.0.1", s.port);
  httplib::Headers auth{
      {"Authorization", "Bearer " + json::parse(live->body)["token"].get<std::string>()}};
  EXPECT_EQ(Status(cms.Get("/api/users.csv", auth)), 403);
  EXPECT_EQ(Status(cms.Get("/api/tokens.csv", auth)), 403);
}

TEST(ServerHttpTest, TheTextViewGetsEveryFindingNotOnlyAPage) {
  TestServer s;
  Browser editor(s, "editor");
  std::string text;
  for (int i = 0; i < 250; ++i) text += "第" + std::to_string(i) + "条：要认真贯切落实。\n";
  int64_t id = CreateDraft(editor, text);
  std::string v = "/api/drafts/" + std::to_string(id) + "/versions/1";
  httplib::Result page = editor.Get(v + "/findings?per_page=100");
  ASSERT_EQ(Status(page), 200);
  EXPECT_EQ(json::parse(page->body)["items"].size(), 100u);
  httplib::Result marks = editor.Get(v + "/marks");
  ASSERT_EQ(Status(marks), 200);
  json m = json::parse(marks->body);
  ASSERT_EQ(m["items"].size(), 250u);
  EXPECT_EQ(m["total"], 250);
  // The last one sits in the last line, by position.
  EXPECT_EQ(m["items"][249]["end"].get<int64_t>() - m["items"][249]["start"].get<int64_t>(), 2);
  EXPECT_GT(m["items"][249]["start"].get<int64_t>(), m["items"][248]["start"].get<int64_t>());
  EXPECT_EQ(m["items"][0]["severity"], "major");
  EXPECT_EQ(Status(editor.Get(v + "/marks?severity=critical")), 200);
  EXPECT_EQ(json::parse(editor.Get(v + "/marks?severity=critical")->body)["items"].size(), 0u);
  Browser townie(s, "townie");
  EXPECT_EQ(Status(townie.Get(v + "/marks")), 404);
}

TEST(ServerHttpTest, ApiTokensSubmitButNeverSignOrAdminister) {
  TestServer s;
  Browser admin(s, "admin");
  httplib::Result t = admin.Post("/api/tokens", {{"name", "CMS"}, {"unit", s.edu}});
  ASSERT_EQ(Status(t), 201);
  std::string token = json::parse(t->body)["token"];
  httplib::Client cms("127.0.0.1", s.port);
  httplib::Headers auth{{"Authorization", "Bearer " + token}};
  httplib::Result r =
      cms.Post("/api/drafts", auth,
               json{{"title", "CMS 稿件"}, {"text", "认真贯切落实。"}, {"submit", true}}.dump(),
               "application/json");
  ASSERT_EQ(Status(r), 201) << r->body;
  std::string d = "/api/drafts/" + json::parse(r->body)["id"].dump();
  EXPECT_EQ(Status(cms.Get(d.c_str(), auth)), 200);
  EXPECT_EQ(Status(cms.Post((d + "/sign").c_str(), auth, R"({"version":1})", "application/json")),
            403);
  EXPECT_EQ(Status(cms.Get("/api/audit", auth)), 403);
  EXPECT_EQ(Status(cms.Get("/api/me", httplib::Headers{{"Authorization", "Bearer cm_forged"}})),
            401);
}

TEST(ServerHttpTest, AChunkedBodyPastTheLimitIsCutOff) {
  TestServer s;
  int fd = Connect(s.port);
  std::string request =
      "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  std::string chunk(64 << 10, 'a');
  char size[32];
  std::snprintf(size, sizeof size, "%zx\r\n", chunk.size());
  for (int i = 0; i < 64; ++i) request += size + chunk + "\r\n";  // 4 MB against a 4 KB limit
  request += "0\r\n\r\n";
  std::string reply = Exchange(fd, request);
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply.substr(0, 200);
  // The server is fine afterwards.
  httplib::Client c("127.0.0.1", s.port);
  EXPECT_EQ(Status(c.Get("/api/me")), 401);
  // A declared length past the limit is refused before it is read.
  fd = Connect(s.port);
  reply = Exchange(fd,
                   "POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 99999999\r\n"
                   "Content-Type: application/json\r\n\r\n{");
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply.substr(0, 200);
}

TEST(ServerHttpTest, BodiesOnGetAndCompressedBodiesAreRefused) {
  TestServer s;
  int fd = Connect(s.port);
  std::string reply = Exchange(fd,
                               "GET /api/me HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                               "Connection: close\r\n\r\n5\r\nhello\r\n0\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply.substr(0, 200);
  fd = Connect(s.port);
  reply = Exchange(fd,
                   "POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Encoding: gzip\r\n"
                   "Content-Length: 4\r\nConnection: close\r\n\r\nabcd");
  EXPECT_EQ(reply.rfind("HTTP/1.1 415", 0), 0u) << reply.substr(0, 200);
}

TEST(ServerHttpTest, ForgedForwardingHeadersDoNotReachTheAuditLog) {
  TestServer s;
  httplib::Client c("127.0.0.1", s.port);
  c.Post("/api/login",
         httplib::Headers{{"X-Forwarded-For", "203.0.113.9"},
                          {"X-Real-IP", "203.0.113.9"},
                          {"REMOTE_ADDR", "203.0.113.9"}},
         R"({"username":"r1","password":"wrong"})", "application/json");
  store::AuditFilter f;
  f.action = "login-failed";
  auto log = s.service().ListAudit(review::CommandLineActor(), f);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->items.size(), 1u);
  EXPECT_EQ(log->items[0].address, "127.0.0.1");
}

TEST(ServerHttpTest, ATrustedProxysForwardedForIsBelieved) {
  ServerOptions o;
  o.trusted_proxies = {"127.0.0.1"};
  TestServer s(o);
  httplib::Client c("127.0.0.1", s.port);
  // The client wrote the first address; the proxy appended the one it saw.
  c.Post("/api/login", httplib::Headers{{"X-Forwarded-For", "203.0.113.9, 198.51.100.7"}},
         R"({"username":"r1","password":"wrong"})", "application/json");
  store::AuditFilter f;
  f.action = "login-failed";
  auto log = s.service().ListAudit(review::CommandLineActor(), f);
  ASSERT_EQ(log->items.size(), 1u);
  EXPECT_EQ(log->items[0].address, "198.51.100.7");
}

TEST(ServerHttpTest, HugeHeadersAreRefusedAndTheServerCarriesOn) {
  TestServer s;
  int fd = Connect(s.port);
  std::string reply = Exchange(
      fd, "GET /api/me HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(256 << 10, 'b') + "\r\n\r\n");
  EXPECT_EQ(reply.find("HTTP/1.1 200"), std::string::npos);
  EXPECT_EQ(reply.find("HTTP/1.1 401"), std::string::npos) << "a huge header must not be read";
  httplib::Client c("127.0.0.1", s.port);
  EXPECT_EQ(Status(c.Get("/api/me")), 401);
}

TEST(ServerHttpTest, SlowClientsAreCutOffWithoutStallingOthers) {
  TestServer s;  // read timeout 1 s
  int slow = Connect(s.port);
  ASSERT_GT(send(slow, "GET /api/me HT", 14, MSG_NOSIGNAL), 0);
  auto start = std::chrono::steady_clock::now();
  httplib::Client c("127.0.0.1", s.port);
  EXPECT_EQ(Status(c.Get("/api/me")), 401);  // served while the slow one dawdles
  char buf[256];
  ssize_t n = recv(slow, buf, sizeof buf, 0);  // the server gives up on it
  double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LE(n, 0);
  EXPECT_LT(waited, 4.0);
  close(slow);
}

TEST(ServerHttpTest, IdleKeepAlivesDoNotStarveTheWorkers) {
  ServerOptions o;
  o.threads = 4;
  TestServer s(o);  // keep-alive timeout 1 s
  std::vector<std::unique_ptr<httplib::Client>> idle;
  for (int i = 0; i < 8; ++i) {
    idle.push_back(std::make_unique<httplib::Client>("127.0.0.1", s.port));
    idle.back()->set_keep_alive(true);
    EXPECT_EQ(Status(idle.back()->Get("/api/me")), 401);
  }
  auto start = std::chrono::steady_clock::now();
  httplib::Client c("127.0.0.1", s.port);
  EXPECT_EQ(Status(c.Get("/api/me")), 401);
  double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(waited, 3.0);
}

// A connection that has sent nothing yet (a preconnect, a load tool waiting between requests)
// holds no worker: cpp-httplib 0.11.4 would poll it for its first request until the keep-alive
// timeout, and enough of them kept every thread from the users who asked something. Each is
// served once its request comes.
TEST(ServerHttpTest, ConnectionsThatSendNothingHoldNoWorker) {
  ServerOptions o;
  o.threads = 4;
  o.keep_alive_seconds = 4;  // 5 and 10 would be the test server's 1 s
  o.read_timeout_seconds = 4;
  TestServer s(o);
  std::vector<int> silent;
  for (int i = 0; i < 8; ++i) silent.push_back(Connect(s.port));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto start = std::chrono::steady_clock::now();
  httplib::Client c("127.0.0.1", s.port);
  EXPECT_EQ(Status(c.Get("/api/me")), 401);
  double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(waited, 2.5) << "8 silent connections on 4 threads held them 4 s each before";
  const std::string request = "GET /api/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  ASSERT_GT(send(silent[0], request.data(), request.size(), MSG_NOSIGNAL), 0);
  std::string answer;
  char buf[512];
  ssize_t n;
  while ((n = recv(silent[0], buf, sizeof buf, 0)) > 0) answer.append(buf, static_cast<size_t>(n));
  EXPECT_EQ(answer.rfind("HTTP/1.1 401", 0), 0u) << answer;
  for (int fd : silent) close(fd);
}

// cpp-httplib 0.11.4 polls an idle kept connection ~90 times a second; by default the server
// keeps none (ServerOptions::keep_alive_max_requests), and a client that asked for keep-alive
// is told so and still gets every answer on the connections it opens next.
TEST(ServerHttpTest, EveryResponseClosesItsConnectionByDefault) {
  TestServer s;
  httplib::Client c("127.0.0.1", s.port);
  c.set_keep_alive(true);
  for (const char* path : {"/", "/api/me", "/api/me"}) {
    httplib::Result r = c.Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->get_header_value("Connection"), "close") << path;
  }
  EXPECT_EQ(Status(c.Get("/api/me")), 401);
}

// An operator may still keep connections (ServerOptions::keep_alive_max_requests above 1).
TEST(ServerHttpTest, KeepAliveWhenConfigured) {
  ServerOptions o;
  o.keep_alive_max_requests = 100;
  TestServer s(o);
  httplib::Client c("127.0.0.1", s.port);
  c.set_keep_alive(true);
  httplib::Result r = c.Get("/api/me");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_NE(r->get_header_value("Connection"), "close");
}

TEST(ServerHttpTest, SecurityHeadersOnEveryResponse) {
  TestServer s;
  httplib::Client c("127.0.0.1", s.port);
  for (const char* path : {"/", "/api/me", "/drafts/12"}) {
    httplib::Result r = c.Get(path);
    ASSERT_TRUE(r) << path;
    std::string csp = r->get_header_value("Content-Security-Policy");
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << path;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << path;
    EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff") << path;
  }
  httplib::Result home = c.Get("/");
  ASSERT_EQ(Status(home), 200);
  EXPECT_EQ(home->get_header_value("Content-Type").rfind("text/html", 0), 0u);
  EXPECT_EQ(Status(c.Get("/api/nothing")), 404);
}

TEST(ServerHttpTest, UrlSubmissionReachesOnlyTheStagingHostAlsoAfterRedirects) {
  // A staging site, and an "internal" one that must never be asked.
  httplib::Server staging, internal;
  std::atomic<int> internal_hits{0};
  staging.Get("/news/a.html", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("<html><body><p>各单位要认真贯切落实。</p></body></html>",
                    "text/html; charset=utf-8");
  });
  int internal_port = internal.bind_to_any_port("127.0.0.1");
  staging.Get("/go", [&](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("http://localhost:" + std::to_string(internal_port) + "/secret");
  });
  internal.Get("/secret", [&](const httplib::Request&, httplib::Response& res) {
    ++internal_hits;
    res.set_content("secret", "text/plain");
  });
  int staging_port = staging.bind_to_any_port("127.0.0.1");
  std::thread t1([&] { staging.listen_after_bind(); });
  std::thread t2([&] { internal.listen_after_bind(); });
  ServerOptions o;
  o.staging.hosts = {"127.0.0.1:" + std::to_string(staging_port)};
  {
    TestServer s(o);
    Browser editor(s, "editor");
    std::string base = "http://127.0.0.1:" + std::to_string(staging_port);
    httplib::Result r =
        editor.Post("/api/drafts", {{"title", "预发布页面"}, {"url", base + "/news/a.html"}});
    ASSERT_EQ(Status(r), 201) << r->body;
    json d = json::parse(r->body);
    EXPECT_EQ(d["versions"][0]["format"], "html");
    EXPECT_EQ(d["versions"][0]["findings"], 1);
    EXPECT_EQ(d["versions"][0]["source_url"], base + "/news/a.html");
    r = editor.Post("/api/drafts", {{"title", "跳转"}, {"url", base + "/go"}});
    EXPECT_EQ(Status(r), 400) << r->body;
    r = editor.Post("/api/drafts",
                    {{"title", "直连"},
                     {"url", "http://localhost:" + std::to_string(internal_port) + "/secret"}});
    EXPECT_EQ(Status(r), 400);
    r = editor.Post("/api/drafts", {{"title", "文件"}, {"url", "file:///etc/passwd"}});
    EXPECT_EQ(Status(r), 400);
  }
  EXPECT_EQ(internal_hits.load(), 0);
  staging.stop();
  internal.stop();
  t1.join();
  t2.join();
}

TEST(ServerHttpTest, EveryRouteHasABodyLimit) {
  TestServer s;
  Browser editor(s, "editor");
  int64_t id = CreateDraft(editor, "各单位要认真贯切落实。\n");
  std::string big(20 << 10, 'x');
  httplib::Result r =
      editor.cli.Post(("/api/drafts/" + std::to_string(id) + "/comments").c_str(), editor.Headers(),
                      json{{"text", big}}.dump(), "application/json");
  EXPECT_EQ(Status(r), 413);
  // 13 MB against 12 MB: refused on its declared length, before the body is sent.
  int fd = Connect(s.port);
  std::string reply =
      Exchange(fd,
               "POST /api/drafts?title=x&filename=a.txt HTTP/1.1\r\nHost: x\r\n"
               "Cookie: " +
                   editor.cookie + "\r\nOrigin: " + s.origin + "\r\nX-CSRF-Token: " + editor.csrf +
                   "\r\nContent-Type: application/octet-stream\r\n"
                   "Content-Length: " +
                   std::to_string(13 << 20) + "\r\n\r\nyyyy");
  EXPECT_EQ(reply.rfind("HTTP/1.1 413", 0), 0u) << reply.substr(0, 200);
}

}  // namespace
}  // namespace cuomin::server
