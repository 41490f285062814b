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
  // alive, so this must exceed the keep-alive connections expected at once (browsers open
  // about 6 per user); idle ones are closed after keep_alive_seconds.
  int threads = 128;
  // Requests doing their work at once; the rest wait in arrival order (server/admission_gate.h).
  // 0: twice the number of cores.
  int active_requests = 0;
  int keep_alive_seconds = 5;
  int keep_alive_max_requests = 1000;
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
