// The only file that includes httplib.h (the crawler's HTTP client stays swappable).
// CPPHTTPLIB_OPENSSL_SUPPORT comes from cpp-httplib's pkg-config flags (it must match how
// Debian built the library).
#include <httplib.h>
#include <netdb.h>
#include <sys/socket.h>

#include <charconv>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "crawler/address_policy.h"
#include "crawler/fetcher.h"

namespace cuomin::crawler {
namespace {

constexpr const char* kCaBundles[] = {"/etc/ssl/certs/ca-certificates.crt",
                                      "/etc/pki/tls/certs/ca-bundle.crt"};

void SetTimeout(httplib::ClientImpl& c, double seconds, bool connect) {
  auto sec = static_cast<time_t>(seconds);
  auto usec = static_cast<time_t>((seconds - static_cast<double>(sec)) * 1e6);
  if (connect) {
    c.set_connection_timeout(sec, usec);
  } else {
    c.set_read_timeout(sec, usec);
    c.set_write_timeout(sec, usec);
  }
}

// A Content-Length header's value: digits only (from_chars takes no sign or space), else none
// (a length the server got wrong is caught piece by piece as the body arrives).
std::optional<size_t> ContentLength(std::string_view value) {
  size_t n = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
  return n;
}

// Ends requests that outlive their deadline. httplib's timeouts are per read, and its
// content callbacks run only once the headers are in, so nothing inside a request can stop a
// server that drips its headers; Client::stop() from another thread shuts the socket down
// and the blocked read returns. One thread serves every request of the process.
class Watchdog {
 public:
  static Watchdog& Get() {
    static Watchdog* instance = new Watchdog();  // never destroyed: its thread runs to exit
    return *instance;
  }

  // Stops `client` at `deadline` unless Disarm(id) comes first; returns the id.
  uint64_t Arm(httplib::ClientImpl* client, std::chrono::steady_clock::time_point deadline) {
    std::lock_guard lock(mu_);
    uint64_t id = next_id_++;
    armed_.emplace(id, Entry{client, deadline});
    if (!thread_started_) {
      thread_started_ = true;
      std::thread([this] { Loop(); }).detach();
    }
    cv_.notify_one();
    return id;
  }

  // Returns true when the deadline had already fired. After it returns, the watchdog no
  // longer touches the client.
  bool Disarm(uint64_t id) {
    std::lock_guard lock(mu_);
    auto it = armed_.find(id);
    bool fired = it->second.fired;
    armed_.erase(it);
    return fired;
  }

 private:
  struct Entry {
    httplib::ClientImpl* client;
    std::chrono::steady_clock::time_point deadline;
    bool fired = false;
  };

  void Loop() {
    std::unique_lock lock(mu_);
    for (;;) {
      auto now = std::chrono::steady_clock::now();
      auto next = now + std::chrono::hours(1);
      for (auto& [id, e] : armed_) {
        if (e.fired) continue;
        if (e.deadline <= now) {
          e.fired = true;
          e.client->stop();  // thread-safe in httplib: shuts the socket of the request down
        } else {
          next = std::min(next, e.deadline);
        }
      }
      cv_.wait_until(lock, next);
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::unordered_map<uint64_t, Entry> armed_;
  uint64_t next_id_ = 0;
  bool thread_started_ = false;
};

class HttpFetcher : public Fetcher {
 public:
  FetchResponse Fetch(const FetchRequest& req) override {
    FetchResponse out;
    const Url& url = req.url;
    httplib::ClientImpl& client = ClientFor(url, req);
    if (req.allowed_addresses != kAnyAddress) {
      // Resolve here, check, and pin the connection to the checked address: httplib would
      // otherwise resolve again, and a second answer may differ (DNS rebinding).
      std::vector<std::string> ips = ResolveHost(url.host);
      if (ips.empty()) {
        out.error = FetchError::kDns;
        out.error_detail = url.host + " 无法解析";
        return out;
      }
      const std::string* chosen = nullptr;
      for (const std::string& ip : ips) {
        if (ClassifyAddress(ip) & req.allowed_addresses) {
          chosen = &ip;
          break;
        }
      }
      if (chosen == nullptr) {
        DropClient(url);
        out.error = FetchError::kBlocked;
        out.error_detail = url.host + " 解析到 " + ips.front() + "（" +
                           std::string(ChineseName(ClassifyAddress(ips.front()))) + "），未访问";
        return out;
      }
      std::string name = url.host;
      if (name.size() > 2 && name.front() == '[') name = name.substr(1, name.size() - 2);
      client.set_hostname_addr_map({{name, *chosen}});
    }
    SetTimeout(client, req.connect_timeout_seconds, true);
    SetTimeout(client, req.read_timeout_seconds, false);

    httplib::Headers headers;
    headers.emplace("User-Agent", req.user_agent);
    headers.emplace("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
    headers.emplace("Accept-Language", "zh-CN,zh;q=0.9");
    for (const auto& [k, v] : req.headers) headers.emplace(k, v);
    // httplib 0.11 writes an IPv6 host without its brackets ("Host: ::1:8080").
    if (url.host.front() == '[' && headers.count("Host") == 0) {
      headers.emplace("Host", url.host + (url.port ? ":" + std::to_string(url.port) : ""));
    }

    auto start = std::chrono::steady_clock::now();
    auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                std::chrono::duration<double>(req.total_timeout_seconds));
    bool got_headers = false;
    bool stopped_early = false;
    bool timed_out = false;
    size_t cap = req.max_body_bytes;
    std::string content_type;
    size_t granted = 0;  // body bytes reserve_body allowed so far
    uint64_t watch = Watchdog::Get().Arm(&client, deadline);
    httplib::Result res = client.Get(
        url.target(), headers,
        [&](const httplib::Response& r) {
          got_headers = true;
          out.status = r.status;
          for (const auto& [k, v] : r.headers) {
            std::string name = k;
            for (char& ch : name)
              ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            out.headers.emplace_back(std::move(name), v);
          }
          content_type = r.get_header_value("Content-Type");
          bool want = !req.want_body || req.want_body(r.status, content_type);
          if (!want) stopped_early = true;
          std::optional<size_t> length = ContentLength(r.get_header_value("Content-Length"));
          if (want && req.body_limit) {
            if (size_t own = req.body_limit(content_type); own > 0) {
              cap = own;
              // A file is of no use cut short: one that says it is over its limit is not
              // downloaded at all.
              if (length && *length > cap) {
                out.truncated = true;
                out.over_limit_length = *length;
                stopped_early = true;
                return false;
              }
            }
          }
          if (want && req.reserve_body) {
            // A declared length is asked for whole, before a byte of the body is read.
            if (length) {
              size_t ask = std::min(*length, cap);
              if (ask > 0 && !req.reserve_body(content_type, ask)) {
                out.refused = true;
                stopped_early = true;
                return false;
              }
              granted = ask;
            }
          }
          return want;
        },
        [&](const char* data, size_t len) {
          if (std::chrono::steady_clock::now() > deadline) {
            timed_out = true;
            return false;
          }
          size_t room = cap - std::min(cap, out.body.size());
          size_t keep = std::min(room, len);
          if (req.reserve_body && out.body.size() + keep > granted) {
            size_t more = out.body.size() + keep - granted;
            if (!req.reserve_body(content_type, more)) {
              out.refused = true;
              out.body.clear();
              out.body.shrink_to_fit();
              stopped_early = true;
              return false;
            }
            granted += more;
          }
          out.body.append(data, keep);
          if (len > room) {
            out.truncated = true;
            stopped_early = true;
            return false;
          }
          return true;
        });
    bool fired = Watchdog::Get().Disarm(watch);
    if (res) {
      if (fired) DropClient(url);  // finished as the deadline struck: the socket is shut
      return out;
    }
    timed_out = timed_out || fired;
    if (got_headers && stopped_early && !timed_out) {
      // We cancelled on purpose; the connection is in an unknown state, drop it.
      DropClient(url);
      return out;
    }
    DropClient(url);
    out.status = 0;
    out.headers.clear();
    out.body.clear();
    out.error_detail = httplib::to_string(res.error());
    if (timed_out) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "整个响应超过 %g 秒未完成", req.total_timeout_seconds);
      out.error_detail = buf;
      out.error = FetchError::kTimeout;
      return out;
    }
    switch (res.error()) {
      case httplib::Error::Connection:
        out.error = Resolves(url.host) ? FetchError::kConnect : FetchError::kDns;
        break;
      case httplib::Error::ConnectionTimeout:
        out.error = FetchError::kTimeout;
        break;
      case httplib::Error::Read: {
        // httplib reports a read timeout as a read error; the clock tells them apart.
        double took =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        out.error =
            took >= req.read_timeout_seconds * 0.9 ? FetchError::kTimeout : FetchError::kRead;
        break;
      }
      case httplib::Error::Canceled:
        out.error = timed_out ? FetchError::kTimeout : FetchError::kOther;
        break;
      case httplib::Error::SSLConnection:
      case httplib::Error::SSLLoadingCerts:
      case httplib::Error::SSLServerVerification:
        out.error = FetchError::kTls;
        break;
      default:
        out.error = FetchError::kOther;
    }
    return out;
  }

 private:
  // Keep-alive connections: one client per worker thread and origin (httplib clients are not
  // safe for concurrent requests). Bounded so a crawl touching many hosts does not hoard sockets.
  using ClientMap = std::map<std::string, std::unique_ptr<httplib::ClientImpl>>;
  static constexpr size_t kMaxClientsPerThread = 64;

  ClientMap& Clients() {
    thread_local std::unordered_map<const HttpFetcher*, ClientMap> per_fetcher;
    return per_fetcher[this];
  }

  // Made from host and port, not from "scheme://host:port": httplib 0.11's Client parses that
  // with a pattern that takes only digits and colons between brackets, so an IPv6 literal
  // with a hex letter ([2001:db8::1], [::ffff:a9fe:a9fe]) became a host named
  // "http://[2001:db8::1]:80" that never resolves, and every link to one looked dead.
  httplib::ClientImpl& ClientFor(const Url& url, const FetchRequest& req) {
    ClientMap& clients = Clients();
    std::string origin = url.scheme + "://" + url.host + ":" + std::to_string(url.effective_port());
    auto it = clients.find(origin);
    if (it != clients.end()) return *it->second;
    if (clients.size() >= kMaxClientsPerThread) clients.clear();
    std::string host = url.host;
    if (host.size() > 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
    std::unique_ptr<httplib::ClientImpl> client;
    if (url.scheme == "https") {
      client = std::make_unique<httplib::SSLClient>(host, url.effective_port());
    } else {
      client = std::make_unique<httplib::ClientImpl>(host, url.effective_port());
    }
    client->set_keep_alive(true);
    client->set_follow_location(false);
    client->set_tcp_nodelay(true);
    if (url.scheme == "https") {
      client->enable_server_certificate_verification(req.verify_certificates);
      for (const char* path : kCaBundles) {
        std::error_code ec;
        if (std::filesystem::exists(path, ec)) {
          client->set_ca_cert_path(path);
          break;
        }
      }
    }
    return *clients.emplace(origin, std::move(client)).first->second;
  }

  void DropClient(const Url& url) {
    std::string origin = url.scheme + "://" + url.host + ":" + std::to_string(url.effective_port());
    Clients().erase(origin);
  }

  // Tells a name that does not resolve from a host that refuses: httplib says "Connection"
  // for both. Cached: a dead domain is usually linked from many pages.
  bool Resolves(const std::string& host) {
    {
      std::lock_guard lock(mu_);
      if (auto it = resolved_.find(host); it != resolved_.end()) return it->second;
    }
    std::string name = host;
    if (name.size() > 2 && name.front() == '[') name = name.substr(1, name.size() - 2);
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    bool ok = getaddrinfo(name.c_str(), nullptr, &hints, &res) == 0;
    if (res) freeaddrinfo(res);
    std::lock_guard lock(mu_);
    resolved_[host] = ok;
    return ok;
  }

  std::mutex mu_;
  std::unordered_map<std::string, bool> resolved_;
};

}  // namespace

std::unique_ptr<Fetcher> MakeHttpFetcher() { return std::make_unique<HttpFetcher>(); }

}  // namespace cuomin::crawler
