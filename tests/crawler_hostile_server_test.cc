// The real fetcher against a hostile loopback server: one that drips its headers, one that
// drips its body, one that accepts and says nothing. Each request ends within its own
// deadlines with a timeout error, instead of holding the worker forever.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "crawler/address_policy.h"
#include "crawler/crawler.h"
#include "crawler/fetcher.h"

namespace cuomin::crawler {
namespace {

enum class Behaviour { kDripHeaders, kDripBody, kSilent };

// A one-connection-at-a-time TCP server on 127.0.0.1 that misbehaves as told.
class HostileServer {
 public:
  explicit HostileServer(Behaviour b) : behaviour_(b) {
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(listen_fd_, 8), 0);
    socklen_t len = sizeof addr;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~HostileServer() {
    stop_ = true;
    thread_.join();
    ::close(listen_fd_);
  }
  int port() const { return port_; }

 private:
  void Serve() {
    std::vector<int> clients;
    std::string drip;
    if (behaviour_ == Behaviour::kDripHeaders) {
      drip = "HTTP/1.1 200 OK\r\nX-Padding: " + std::string(1000, 'a');
    } else if (behaviour_ == Behaviour::kDripBody) {
      drip = std::string(100000, 'b');
    }
    size_t sent = 0;
    while (!stop_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 100) > 0) {
        int fd = ::accept(listen_fd_, nullptr, nullptr);
        if (fd >= 0) {
          clients.push_back(fd);
          sent = 0;
          if (behaviour_ == Behaviour::kDripBody) {
            std::string head = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " +
                               std::to_string(drip.size()) + "\r\n\r\n";
            (void)!::send(fd, head.data(), head.size(), MSG_NOSIGNAL);
          }
        }
      }
      // One byte every 100 ms: each read gets something well within its timeout.
      if (!drip.empty() && !clients.empty() && sent < drip.size()) {
        (void)!::send(clients.back(), drip.data() + sent, 1, MSG_NOSIGNAL);
        ++sent;
      }
    }
    for (int fd : clients) ::close(fd);
  }

  Behaviour behaviour_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

struct Case {
  const char* name;
  Behaviour behaviour;
};

class HostileFetch : public ::testing::TestWithParam<Case> {};

TEST_P(HostileFetch, EndsWithinTheWholeResponseDeadline) {
  HostileServer server(GetParam().behaviour);
  std::unique_ptr<Fetcher> fetcher = MakeHttpFetcher();
  FetchRequest req;
  req.url = *ParseUrl("http://127.0.0.1:" + std::to_string(server.port()) + "/page.html");
  req.connect_timeout_seconds = 1;
  req.read_timeout_seconds = 1;
  req.total_timeout_seconds = 1.5;
  auto start = std::chrono::steady_clock::now();
  FetchResponse r = fetcher->Fetch(req);
  double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(r.error, FetchError::kTimeout) << GetParam().name << ": " << r.error_detail;
  EXPECT_EQ(r.status, 0) << GetParam().name;
  EXPECT_LT(took, 5.0) << GetParam().name;
  EXPECT_GE(took, 0.9) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(Servers, HostileFetch,
                         ::testing::Values(Case{"drips headers", Behaviour::kDripHeaders},
                                           Case{"drips body", Behaviour::kDripBody},
                                           Case{"says nothing", Behaviour::kSilent}),
                         [](const auto& info) {
                           switch (info.param.behaviour) {
                             case Behaviour::kDripHeaders:
                               return std::string("DripsHeaders");
                             case Behaviour::kDripBody:
                               return std::string("DripsBody");
                             default:
                               return std::string("SaysNothing");
                           }
                         });

TEST(AddressPolicy, ClassesOfAddresses) {
  struct Row {
    const char* ip;
    AddressClass want;
  } rows[] = {
      {"127.0.0.1", kAddressLoopback},
      {"127.8.9.10", kAddressLoopback},
      {"::1", kAddressLoopback},
      {"[::1]", kAddressLoopback},
      {"10.1.2.3", kAddressPrivate},
      {"172.16.0.1", kAddressPrivate},
      {"172.31.255.255", kAddressPrivate},
      {"172.32.0.1", kAddressPublic},
      {"192.168.1.1", kAddressPrivate},
      {"100.64.0.1", kAddressPrivate},
      {"fd00::1", kAddressPrivate},
      {"169.254.169.254", kAddressLinkLocal},
      {"fe80::1", kAddressLinkLocal},
      {"::ffff:169.254.169.254", kAddressLinkLocal},
      {"::ffff:127.0.0.1", kAddressLoopback},
      {"0.0.0.0", kAddressReserved},
      {"::", kAddressReserved},
      {"224.0.0.1", kAddressReserved},
      {"255.255.255.255", kAddressReserved},
      {"202.108.22.5", kAddressPublic},
      {"2400:da00::6666", kAddressPublic},
      {"not-an-ip", kAddressReserved},
  };
  for (const Row& r : rows) EXPECT_EQ(ClassifyAddress(r.ip), r.want) << r.ip;
}

// A plain loopback web server that counts its requests.
class CountingServer {
 public:
  CountingServer() {
    server_.Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      {
        std::lock_guard lock(mu_);
        ++hits_[req.path];
        hosts_[req.path] = req.get_header_value("Host") + " x" +
                           std::to_string(req.get_header_value_count("Host"));
      }
      if (req.path == "/to-metadata") {
        res.status = 302;
        res.set_header("Location", "http://169.254.169.254/latest/meta-data/");
      } else if (req.path == "/to-file") {
        res.status = 302;
        res.set_header("Location", "file:///etc/passwd");
      } else if (req.path == "/to-mapped-metadata") {
        res.status = 302;
        res.set_header("Location", "http://[0:0:0:0:0:FFFF:A9FE:A9FE]/latest/meta-data/");
      } else if (req.path == "/to-gopher") {
        res.status = 301;
        res.set_header("Location", "gopher://127.0.0.1:70/1");
      } else if (req.path == "/") {
        res.set_content(
            "<a href=\"/to-metadata\">a</a>\n<a href=\"/to-file\">b</a>\n"
            "<a href=\"/to-gopher\">c</a>\n<a href=\"http://169.254.169.254/\">d</a>\n"
            "<a href=\"http://10.0.0.1/\">e</a>\n"
            "<a href=\"http://[::ffff:a9fe:a9fe]/\">f</a>\n"
            "<a href=\"http://[fd12:3456::1]/\">g</a>\n"
            "<a href=\"/to-mapped-metadata\">h</a>\n"
            "<a href=\"http://[::ffff:7f00:1]:" +
                std::to_string(port_) + "/mapped-loopback\">i</a>\n",
            "text/html; charset=utf-8");
      } else {
        res.set_content("<p>ok</p>", "text/html; charset=utf-8");
      }
    });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~CountingServer() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  int Hits(const std::string& path) {
    std::lock_guard lock(mu_);
    return hits_[path];
  }
  // The Host header of the last request for path, and how many Host headers it had.
  std::string Host(const std::string& path) {
    std::lock_guard lock(mu_);
    return hosts_[path];
  }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  std::mutex mu_;
  std::map<std::string, int> hits_;
  std::map<std::string, std::string> hosts_;
};

TEST(AddressPolicy, FetcherChecksResolvedAddressesNotOnlyLiterals) {
  CountingServer server;
  std::unique_ptr<Fetcher> fetcher = MakeHttpFetcher();
  FetchRequest req;
  req.connect_timeout_seconds = 1;
  req.read_timeout_seconds = 2;
  // "localhost" is a name, not a literal: it is its resolution that is refused.
  req.url = *ParseUrl("http://localhost:" + std::to_string(server.port()) + "/a.html");
  req.allowed_addresses = kAddressPublic;
  FetchResponse r = fetcher->Fetch(req);
  EXPECT_EQ(r.error, FetchError::kBlocked) << r.error_detail;
  EXPECT_NE(r.error_detail.find("本机回环地址"), std::string::npos) << r.error_detail;
  req.url = *ParseUrl("http://169.254.169.254/latest/meta-data/");
  r = fetcher->Fetch(req);
  EXPECT_EQ(r.error, FetchError::kBlocked) << r.error_detail;
  EXPECT_NE(r.error_detail.find("169.254.169.254（链路本地地址）"), std::string::npos)
      << r.error_detail;
  EXPECT_EQ(server.Hits("/a.html"), 0);

  req.url = *ParseUrl("http://localhost:" + std::to_string(server.port()) + "/a.html");
  req.allowed_addresses = kAddressPublic | kAddressLoopback;
  r = fetcher->Fetch(req);
  EXPECT_EQ(r.error, FetchError::kNone) << r.error_detail;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(server.Hits("/a.html"), 1);
}

class Results : public CrawlObserver {
 public:
  std::vector<std::string> OnPage(const Page& page) override {
    std::vector<std::string> out;
    std::optional<Url> base = ParseUrl(page.final_url);
    for (size_t i = page.body.find("href=\""); base && i != std::string::npos;
         i = page.body.find("href=\"", i + 1)) {
      size_t b = i + 6, e = page.body.find('"', b);
      if (auto u = ResolveUrl(*base, page.body.substr(b, e - b))) out.push_back(u->spec());
    }
    return out;
  }
  void OnResult(const UrlResult& r) override {
    std::lock_guard lock(mu_);
    results_[r.url] = r;
  }
  UrlResult Get(const std::string& url) {
    std::lock_guard lock(mu_);
    return results_[url];
  }

 private:
  std::mutex mu_;
  std::map<std::string, UrlResult> results_;
};

// A site on loopback may be crawled (the seed lives there), but its links and redirects may
// not reach link-local or private addresses, nor leave http(s).
// The same servers as a crawl's own site: the crawl ends (no hang, no lost summary) with a
// timeout error for the page, after the one retry that confirms a fetch error.
class HostileCrawl : public ::testing::TestWithParam<Case> {};

TEST_P(HostileCrawl, EndsWithATimeoutErrorForThatUrl) {
  HostileServer server(GetParam().behaviour);
  std::unique_ptr<Fetcher> fetcher = MakeHttpFetcher();
  Results results;
  CrawlOptions opt;
  const std::string seed = "http://127.0.0.1:" + std::to_string(server.port()) + "/";
  opt.seeds = {seed};
  opt.obey_robots = false;  // robots.txt would meet the same server first
  opt.read_sitemaps = false;
  opt.connect_timeout_seconds = 1;
  opt.timeout_seconds = 0.4;  // the whole response: three times that plus the connect
  opt.dead_retry_delay_seconds = 0.01;
  Crawler crawler(opt, fetcher.get(), &results);
  ASSERT_TRUE(crawler.Validate().ok());
  crawler.Run();
  UrlResult r = results.Get(seed);
  EXPECT_EQ(r.outcome, Outcome::kFetchError) << GetParam().name << ": " << r.detail;
  EXPECT_EQ(r.error, FetchError::kTimeout) << GetParam().name << ": " << r.detail;
  EXPECT_EQ(r.status, 0) << GetParam().name;
}

INSTANTIATE_TEST_SUITE_P(Servers, HostileCrawl,
                         ::testing::Values(Case{"drips headers", Behaviour::kDripHeaders},
                                           Case{"drips body", Behaviour::kDripBody},
                                           Case{"says nothing", Behaviour::kSilent}),
                         [](const auto& info) {
                           switch (info.param.behaviour) {
                             case Behaviour::kDripHeaders:
                               return std::string("DripsHeaders");
                             case Behaviour::kDripBody:
                               return std::string("DripsBody");
                             default:
                               return std::string("SaysNothing");
                           }
                         });

TEST(AddressPolicy, CrawlOfALoopbackSiteKeepsLinksOffOtherPrivateAddresses) {
  CountingServer server;
  std::string site = "http://127.0.0.1:" + std::to_string(server.port());
  std::unique_ptr<Fetcher> fetcher = MakeHttpFetcher();
  Results results;
  CrawlOptions opt;
  opt.seeds = {site + "/"};
  opt.per_host_rate = 1000;
  opt.connect_timeout_seconds = 1;
  opt.timeout_seconds = 2;
  opt.dead_retry_delay_seconds = 0.01;
  Crawler crawler(opt, fetcher.get(), &results);
  ASSERT_TRUE(crawler.Validate().ok());
  crawler.Run();
  EXPECT_EQ(server.Hits("/"), 1) << "the loopback site itself is crawled";
  UrlResult metadata = results.Get(site + "/to-metadata");
  EXPECT_EQ(metadata.outcome, Outcome::kFetchError);
  EXPECT_EQ(metadata.error, FetchError::kBlocked) << metadata.detail;
  EXPECT_EQ(metadata.attempts, 1) << "a refusal is not retried";
  UrlResult direct = results.Get("http://169.254.169.254/");
  EXPECT_EQ(direct.error, FetchError::kBlocked) << direct.detail;
  UrlResult intranet = results.Get("http://10.0.0.1/");
  EXPECT_EQ(intranet.error, FetchError::kBlocked) << intranet.detail;
  // IPv6 literals with hex letters: refused by what they are, and one that is allowed (this
  // loopback server, written as an IPv4-mapped address) is reached, not called dead.
  UrlResult mapped = results.Get("http://[::ffff:169.254.169.254]/");
  EXPECT_EQ(mapped.error, FetchError::kBlocked) << mapped.detail;
  EXPECT_NE(mapped.detail.find("链路本地地址"), std::string::npos) << mapped.detail;
  UrlResult ula = results.Get("http://[fd12:3456::1]/");
  EXPECT_EQ(ula.error, FetchError::kBlocked) << ula.detail;
  EXPECT_NE(ula.detail.find("内网地址"), std::string::npos) << ula.detail;
  UrlResult redirected = results.Get(site + "/to-mapped-metadata");
  EXPECT_EQ(redirected.error, FetchError::kBlocked) << redirected.detail;
  UrlResult loopback = results.Get("http://[::ffff:127.0.0.1]:" + std::to_string(server.port()) +
                                   "/mapped-loopback");
  EXPECT_EQ(loopback.outcome, Outcome::kOk) << loopback.detail;
  EXPECT_EQ(server.Hits("/mapped-loopback"), 1);
  EXPECT_EQ(server.Host("/mapped-loopback"),
            "[::ffff:127.0.0.1]:" + std::to_string(server.port()) + " x1");
  for (const char* path : {"/to-file", "/to-gopher"}) {
    UrlResult r = results.Get(site + path);
    EXPECT_EQ(r.outcome, Outcome::kFetchError) << path;
    EXPECT_EQ(r.error, FetchError::kUnsupportedScheme) << path;
    EXPECT_NE(r.detail.find("只访问 http 和 https"), std::string::npos) << r.detail;
    EXPECT_NE(ChineseName(r.error).find("非 http/https"), std::string::npos);
  }
}

TEST(UrlParsing, IPv6LiteralsAreValidatedAndSpelledOneWay) {
  std::optional<Url> u = ParseUrl("http://[2001:DB8:0:0::1]:8080/a");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "[2001:db8::1]");
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->spec(), "http://[2001:db8::1]:8080/a");
  u = ParseUrl("https://[2400:DA00:0000::6666]/");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->spec(), "https://[2400:da00::6666]/");
  EXPECT_EQ(ClassifyAddress(u->host), kAddressPublic);
  u = ParseUrl("http://[0:0:0:0:0:ffff:a9fe:a9fe]/latest/");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "[::ffff:169.254.169.254]");
  EXPECT_EQ(ClassifyAddress(u->host), kAddressLinkLocal);
  for (const char* bad : {"http://[zz::1]/", "http://[fe80::1%25eth0]/", "http://[::1/",
                          "http://[v1.x]/", "http://[1:2:3:4:5:6:7:8:9]/"}) {
    EXPECT_FALSE(ParseUrl(bad)) << bad;
  }
}

// httplib 0.11 cannot parse "http://[2001:db8::1]:80" itself (its pattern takes only digits
// between brackets); the fetcher must reach such a literal all the same.
TEST(AddressPolicy, AnIPv6LiteralWithHexLettersIsFetched) {
  CountingServer server;
  std::unique_ptr<Fetcher> fetcher = MakeHttpFetcher();
  FetchRequest req;
  req.connect_timeout_seconds = 1;
  req.read_timeout_seconds = 2;
  req.url = *ParseUrl("http://[::ffff:7f00:1]:" + std::to_string(server.port()) + "/b.html");
  req.allowed_addresses = kAnyAddress;
  FetchResponse r = fetcher->Fetch(req);
  EXPECT_EQ(r.error, FetchError::kNone) << r.error_detail;
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(server.Host("/b.html"), "[::ffff:127.0.0.1]:" + std::to_string(server.port()) + " x1");
  req.allowed_addresses = kAddressPublic;
  r = fetcher->Fetch(req);
  EXPECT_EQ(r.error, FetchError::kBlocked) << r.error_detail;
  EXPECT_EQ(server.Hits("/b.html"), 1);
}

}  // namespace
}  // namespace cuomin::crawler
