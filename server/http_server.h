// cuomin serve's HTTP server: the dashboard's assets and the JSON API (server/api.h) on
// cpp-httplib. Everything HTTP lives behind this header.
//
//   HttpServer server(&service, options);
//   Status s = server.Bind();      // port() is known from here (0 picks a free one)
//   server.Run();                  // until Stop() from another thread or a signal handler
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "review/review_service.h"
#include "server/api.h"
#include "server/session_store.h"
#include "server/staging_fetch.h"

namespace cuomin::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0: any free port
  // TLS served directly (both or neither).
  std::string tls_cert;
  std::string tls_key;
  // TLS is terminated by a proxy in front (nginx): cookies get Secure and the __Host- name.
  bool behind_tls_proxy = false;
  // Peers whose X-Forwarded-For is believed (the proxy's own address, e.g. 127.0.0.1). For
  // anyone else the address is the socket's.
  std::vector<std::string> trusted_proxies;
  StagingOptions staging;
  SessionLimits sessions;
  // Site scans and the ledger; without them their routes answer 503.
  SiteServices sites;
  // `cuomin serve --test-clock` only: the service's clock, which an admin may then move
  // forward with POST /api/test/clock. Null (the default): that route does not exist.
  review::ShiftedClock* test_clock = nullptr;
  // Worker threads. cpp-httplib holds a thread per open connection for as long as it stays
  // alive, so this must exceed the connections open at once (browsers open about 6 per user).
  int threads = 128;
  // Requests doing their work at once; the rest wait in arrival order (server/admission_gate.h).
  // 0: twice the number of cores.
  int active_requests = 0;
  int keep_alive_seconds = 5;
  // Requests a connection serves before the server closes it. cpp-httplib 0.11.4 waits for a
  // kept connection's next request by polling (poll() for 10 ms, sleep 1 ms, again), so every
  // idle open connection wakes its thread ~90 times a second: 8 dashboard users asking every
  // 0.5 s cost the server 0.50 s of CPU in 10 s with no scan, 3.1 ms a request, against 0.05 ms
  // a request on connections that are never idle (bench/sites_table.md, session 18), and
  // during a scan those wake-ups take the cores from its workers. The dashboard polls every
  // second, so its connections are idle most of the time: 1 answers every request with
  // "Connection: close" and no thread waits on an idle one. A new connection costs far less
  // (loopback or LAN; behind nginx, nginx's own keep-alive to the browser is unaffected).
  // keep_alive_seconds applies only when this is above 1. A timeout of 0 with keep-alive
  // instead is not used: clients that reuse a connection without checking it (wrk) then
  // fail a request on each one the server has closed.
  int keep_alive_max_requests = 1;
  // A client that sends nothing for this long is cut off (slow clients hold a thread).
  int read_timeout_seconds = 10;
  int write_timeout_seconds = 10;
};

class HttpServer {
 public:
  HttpServer(review::ReviewService* service, ServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the listening socket; the error names the address.
  Status Bind();
  // Serves until Stop(). Returns false when the server could not run.
  bool Run();
  void Stop();
  int port() const;
  // "http://127.0.0.1:8080"
  std::string url() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cuomin::server
