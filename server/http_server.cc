// The only file that includes httplib.h for serving. Debian 12's cpp-httplib 0.11.4 lacks
// later fixes, so this file does itself what that version does not:
// - every route has a body limit, counted on the bytes as they arrive, so a chunked body
//   cannot grow past it (CVE-2025-46728); bodies on GET and compressed bodies are refused
//   before anything is read (the gzip size-limit bypass);
// - the client's address is the socket's peer (Request::remote_addr), never a header, except
//   X-Forwarded-For from a configured trusted proxy (CVE-2025-66570);
// - TCP_NODELAY (otherwise delayed ACKs cost ~40 ms a request) and a thread pool sized for
//   open connections, with short read timeouts, and by default a connection closed after its
//   response (ServerOptions::keep_alive_max_requests: this version's keep-alive wait polls);
// - TCP_DEFER_ACCEPT: that wait polls a new connection for its first request just the same, so
//   a connection is accepted only once its request has arrived. A client that connects ahead
//   of its request (a browser's preconnect, a load tool between its requests) then holds no
//   thread and wakes none ~90 times a second: 8 such dashboard users cost a scan ~0.04 s of
//   CPU a second (bench/sites_table.md, sessions 18 and 20).
#include "server/http_server.h"

#include <httplib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <mutex>
#include <thread>

#include "common/strings.h"
#include "server/admission_gate.h"
#include "server/api.h"
#include "server/assets.h"

namespace cuomin::server {

namespace {

constexpr char kCsp[] =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

std::string CookieValue(const httplib::Request& req, const std::string& name) {
  auto range = req.headers.equal_range("Cookie");
  for (auto it = range.first; it != range.second; ++it) {
    const std::string& h = it->second;
    size_t pos = 0;
    while (pos < h.size()) {
      size_t end = h.find(';', pos);
      if (end == std::string::npos) end = h.size();
      std::string pair(Trim(h.substr(pos, end - pos), " \t"));
      size_t eq = pair.find('=');
      if (eq != std::string::npos && pair.substr(0, eq) == name) return pair.substr(eq + 1);
      pos = end + 1;
    }
  }
  return "";
}

void Write(httplib::Response& res, const ApiResponse& r) {
  res.status = r.status;
  for (const auto& [k, v] : r.headers) res.set_header(k, v);
  if (!r.body.empty()) res.set_content(r.body, r.content_type);
}

// A response given piece by piece (ApiResponse::next_piece), sent chunked as the pieces come:
// the first bytes leave at once and only one piece is held. Each piece is made inside the
// admission gate, behind the pages waiting there (AdmissionGate::Kind::kBulk), and written to
// the socket outside it, so a slow client holds no slot and no database connection, and many
// downloads at once do not hold up the dashboard's pages.
void WriteStream(httplib::Response& res, const ApiResponse& r, AdmissionGate& gate) {
  res.status = r.status;
  for (const auto& [k, v] : r.headers) res.set_header(k, v);
  res.set_chunked_content_provider(r.content_type,
                                   [&gate, next = r.next_piece](size_t, httplib::DataSink& sink) {
                                     Result<std::string> piece = std::string();
                                     {
                                       AdmissionGate::Pass pass(gate, AdmissionGate::Kind::kBulk);
                                       piece = next();
                                     }
                                     if (!piece.ok())
                                       return false;  // httplib closes the connection mid-body
                                     if (piece->empty()) {
                                       sink.done();
                                       return true;
                                     }
                                     return sink.write(piece->data(), piece->size());
                                   });
}

}  // namespace

struct HttpServer::Impl {
  Impl(review::ReviewService* svc, ServerOptions opts)
      : service(svc),
        options(std::move(opts)),
        api(svc,
            ApiOptions{!options.tls_cert.empty() || options.behind_tls_proxy, options.staging,
                       options.sessions, options.test_clock},
            options.sites),
        gate(options.active_requests > 0
                 ? options.active_requests
                 : 2 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))) {
    if (!options.tls_cert.empty()) {
      http =
          std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    } else {
      http = std::make_unique<httplib::Server>();
    }
    routes = Api::Routes();
    if (options.test_clock != nullptr) {
      routes.insert(routes.end(), Api::TestRoutes().begin(), Api::TestRoutes().end());
    }
    for (const Route& r : routes) max_body = std::max(max_body, r.max_body);
  }

  // The client's address for the audit log and the login limits.
  std::string ClientAddress(const httplib::Request& req) const {
    const std::string& peer = req.remote_addr;
    if (std::find(options.trusted_proxies.begin(), options.trusted_proxies.end(), peer) ==
        options.trusted_proxies.end()) {
      return peer;
    }
    // The proxy appends the address it saw: the last entry of the last header is the one it
    // vouches for; anything before it came from the client.
    std::string last;
    auto range = req.headers.equal_range("X-Forwarded-For");
    for (auto it = range.first; it != range.second; ++it) last = it->second;
    size_t comma = last.rfind(',');
    std::string addr(Trim(comma == std::string::npos ? last : last.substr(comma + 1), " \t"));
    return addr.empty() ? peer : addr;
  }

  std::string ExpectedOrigin(const httplib::Request& req) const {
    return std::string(api.secure() ? "https://" : "http://") + req.get_header_value("Host");
  }

  void Dispatch(const Route& route, const httplib::Request& req, httplib::Response& res,
                std::string body) {
    AdmissionGate::Pass pass(gate);
    ApiRequest ar;
    ar.method = req.method;
    ar.path = req.path;
    for (size_t i = 1; i < req.matches.size(); ++i) ar.params.push_back(req.matches[i].str());
    for (const auto& [k, v] : req.params) ar.query.emplace(k, v);
    ar.body = std::move(body);
    ar.content_type = req.get_header_value("Content-Type");
    ar.address = ClientAddress(req);
    ar.session_cookie = CookieValue(req, api.cookie_name());
    res.set_header("Cache-Control", "no-store");

    std::string auth = req.get_header_value("Authorization");
    if (auth.rfind("Bearer ", 0) == 0) {
      Result<review::Actor> a =
          service->ActorForToken(std::string(Trim(auth.substr(7), " \t")), ar.address);
      if (!a.ok()) return Write(res, Api::Error(401, "unauthenticated", a.status().message()));
      ar.actor = *a;
    } else if (!ar.session_cookie.empty()) {
      ar.session = api.sessions().Touch(ar.session_cookie, service->clock().Now());
      if (ar.session) {
        Result<review::Actor> a = service->ActorForUser(ar.session->user_id, ar.address);
        if (a.ok()) {
          ar.actor = *a;
        } else {
          api.sessions().Destroy(ar.session->id);
          ar.session.reset();
        }
      }
    }
    if (route.access != Access::kPublic && !ar.actor) {
      return Write(res, Api::Error(401, "unauthenticated", "未登录或登录已过期，请重新登录"));
    }
    if (route.access == Access::kUser && !ar.session) {
      return Write(res, Api::Error(403, "permission_denied", "API 令牌不能进行此操作"));
    }
    if (req.method != "GET") {
      // Browsers send Origin on every POST; a session's state change must carry ours and the
      // session's CSRF token. Token clients carry no cookies, so neither applies to them.
      // Login itself (public) needs no token: a browser may hold an old session it has no
      // token for; its Origin, when sent, must still be ours.
      std::string origin = req.get_header_value("Origin");
      bool by_session = ar.session.has_value() && route.access != Access::kPublic;
      if ((by_session && origin.empty()) || (!origin.empty() && origin != ExpectedOrigin(req))) {
        return Write(res, Api::Error(403, "permission_denied", "请求来源（Origin）不符"));
      }
      if (by_session && !review::ConstantTimeEqual(req.get_header_value("X-CSRF-Token"),
                                                   ar.session->csrf_token)) {
        return Write(res,
                     Api::Error(403, "permission_denied", "缺少或错误的 CSRF 令牌，请刷新页面"));
      }
    }
    ApiResponse out = (api.*route.handler)(ar);
    if (out.next_piece) return WriteStream(res, out, gate);
    Write(res, out);
  }

  void ServeAsset(const httplib::Request& req, httplib::Response& res) {
    AdmissionGate::Pass pass(gate);
    const std::string& path = req.path;
    if (path.rfind("/api/", 0) == 0 || path == "/api") {
      return Write(res, Api::Error(404, "not_found", "没有这个接口：" + path));
    }
    const Asset* a = FindAsset(path == "/" ? "/index.html" : path);
    if (a == nullptr && path.substr(path.rfind('/') + 1).find('.') == std::string::npos) {
      a = FindAsset("/index.html");  // a page of the dashboard's own routing
    }
    if (a == nullptr) {
      res.status = 404;
      res.set_content("未找到：" + path, "text/plain; charset=utf-8");
      return;
    }
    res.set_header("Cache-Control", "no-cache");
    std::string etag = "\"" + std::string(a->etag) + "\"";
    res.set_header("ETag", etag);
    if (req.get_header_value("If-None-Match") == etag) {
      res.status = 304;
      return;
    }
    res.set_content(a->bytes.data(), a->bytes.size(), std::string(a->content_type));
  }

  void Setup() {
    int threads = std::max(4, options.threads);
    http->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http->set_tcp_nodelay(true);
    http->set_socket_options([this](socket_t sock) {
      httplib::default_socket_options(sock);
      // Past this the kernel hands the silent connection over anyway, and the read timeout
      // cuts it off as before.
      int defer_seconds = std::max(1, options.read_timeout_seconds);
      ::setsockopt(sock, IPPROTO_TCP, TCP_DEFER_ACCEPT, &defer_seconds, sizeof defer_seconds);
      listen_socket = sock;
    });
    http->set_keep_alive_timeout(options.keep_alive_seconds);
    http->set_keep_alive_max_count(options.keep_alive_max_requests);
    http->set_read_timeout(options.read_timeout_seconds, 0);
    http->set_write_timeout(options.write_timeout_seconds, 0);
    http->set_payload_max_length(max_body);
    http->set_default_headers({{"Content-Security-Policy", kCsp},
                               {"X-Content-Type-Options", "nosniff"},
                               {"Referrer-Policy", "no-referrer"},
                               {"X-Frame-Options", "DENY"}});
    http->set_pre_routing_handler([](const httplib::Request& req, httplib::Response& res) {
      std::string encoding = req.get_header_value("Content-Encoding");
      if (!encoding.empty() && encoding != "identity") {
        Write(res, Api::Error(415, "invalid_input", "不接受压缩的请求体"));
        res.set_header("Connection", "close");
        return httplib::Server::HandlerResponse::Handled;
      }
      bool has_body =
          req.has_header("Transfer-Encoding") ||
          (req.has_header("Content-Length") && req.get_header_value("Content-Length") != "0");
      if (has_body && req.method != "POST") {
        Write(res, Api::Error(400, "invalid_input", "此请求不应带有请求体"));
        res.set_header("Connection", "close");
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    for (const Route& route : routes) {
      const Route* r = &route;
      if (std::string_view(route.method) == "GET") {
        http->Get(route.pattern, [this, r](const httplib::Request& req, httplib::Response& res) {
          Dispatch(*r, req, res, "");
        });
        continue;
      }
      http->Post(route.pattern, [this, r](const httplib::Request& req, httplib::Response& res,
                                          const httplib::ContentReader& reader) {
        auto too_large = [&] {
          Write(res,
                Api::Error(413, "payload_too_large",
                           "请求体超过此接口的上限（" + std::to_string(r->max_body) + " 字节）"));
          res.set_header("Connection", "close");
        };
        if (req.is_multipart_form_data()) {
          Write(res, Api::Error(415, "invalid_input",
                                "请以原始字节上传文件（Content-Type: application/octet-stream）"));
          res.set_header("Connection", "close");
          return;
        }
        std::string length = req.get_header_value("Content-Length");
        if (!length.empty() && std::strtoull(length.c_str(), nullptr, 10) > r->max_body) {
          return too_large();
        }
        std::string body;
        bool over = false;
        reader([&](const char* data, size_t n) {
          if (body.size() + n > r->max_body) {
            over = true;
            return false;
          }
          body.append(data, n);
          return true;
        });
        if (over) return too_large();
        Dispatch(*r, req, res, std::move(body));
      });
    }
    http->Get(".*", [this](const httplib::Request& req, httplib::Response& res) {
      ServeAsset(req, res);
    });
    http->set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          const char* code = res.status == 404   ? "not_found"
                             : res.status == 413 ? "payload_too_large"
                             : res.status >= 500 ? "internal"
                                                 : "invalid_input";
          Write(res, Api::Error(res.status, code,
                                "请求无法处理（HTTP " + std::to_string(res.status) + "）"));
          return httplib::Server::HandlerResponse::Handled;
        }));
    http->set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
          Write(res, Api::Error(500, "internal", "服务器内部错误"));
        });
  }

  review::ReviewService* service;
  ServerOptions options;
  Api api;
  AdmissionGate gate;
  std::unique_ptr<httplib::Server> http;
  std::vector<Route> routes;  // served: Api::Routes(), and the test routes when asked for
  size_t max_body = 0;
  int port = 0;
  int listen_socket = -1;  // the last socket httplib prepared for listening
};

HttpServer::HttpServer(review::ReviewService* service, ServerOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {
  impl_->Setup();
}

HttpServer::~HttpServer() = default;

Status HttpServer::Bind() {
  const ServerOptions& o = impl_->options;
  if (!impl_->http->is_valid()) {
    return Status::InvalidInput("无法读取 TLS 证书或私钥：" + o.tls_cert + "，" + o.tls_key);
  }
  if (o.port == 0) {
    impl_->port = impl_->http->bind_to_any_port(o.host);
    if (impl_->port <= 0) return Status::Unavailable("无法监听 " + o.host);
  } else {
    if (!impl_->http->bind_to_port(o.host, o.port)) {
      return Status::Unavailable("无法监听 " + o.host + ":" + std::to_string(o.port) +
                                 "（端口被占用或没有权限）");
    }
    impl_->port = o.port;
  }
  // Debian's cpp-httplib 0.11 is a compiled library that listens with a backlog of 5: when
  // more clients connect at once (a browser opens six, a CMS many), the kernel drops their
  // SYNs and each waits a second or more to retry. listen() again only resizes the queue.
  if (impl_->listen_socket >= 0) ::listen(impl_->listen_socket, SOMAXCONN);
  return Status::Ok();
}

bool HttpServer::Run() { return impl_->http->listen_after_bind(); }

void HttpServer::Stop() { impl_->http->stop(); }

int HttpServer::port() const { return impl_->port; }

std::string HttpServer::url() const {
  bool tls = !impl_->options.tls_cert.empty();
  return std::string(tls ? "https://" : "http://") + impl_->options.host + ":" +
         std::to_string(impl_->port);
}

}  // namespace cuomin::server
