// The listening socket's queue: clients that connect at once are all taken in by the kernel,
// even before a worker accepts them (Debian's cpp-httplib listens with a backlog of 5; with it
// the kernel drops the other SYNs and each client retries after a second or more).
#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <vector>

#include "server/http_server.h"

namespace cuomin::server {
namespace {

TEST(HttpServerListen, SixtyFourClientsConnectingAtOnceAreAllQueued) {
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  HttpServer http(nullptr, options);
  ASSERT_TRUE(http.Bind().ok());
  // Run() is never called: nobody accepts, so only the kernel's queue can hold the clients.
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(http.port()));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  constexpr int kClients = 64;
  std::vector<int> fds;
  for (int i = 0; i < kClients; ++i) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd, 0);
    int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ASSERT_TRUE(rc == 0 || errno == EINPROGRESS);
    fds.push_back(fd);
  }
  // A queued client's handshake is complete at once; a dropped one stays in SYN_SENT and is
  // not writable within these seconds.
  int connected = 0;
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  std::vector<bool> done(kClients, false);
  while (connected < kClients && std::chrono::steady_clock::now() < until) {
    for (int i = 0; i < kClients; ++i) {
      if (done[i]) continue;
      pollfd p{fds[i], POLLOUT, 0};
      if (::poll(&p, 1, 0) == 1 && (p.revents & POLLOUT) != 0) {
        int error = 0;
        socklen_t len = sizeof error;
        ::getsockopt(fds[i], SOL_SOCKET, SO_ERROR, &error, &len);
        if (error == 0) {
          done[i] = true;
          ++connected;
        }
      }
    }
    if (connected < kClients) ::poll(nullptr, 0, 20);
  }
  for (int fd : fds) ::close(fd);
  EXPECT_EQ(connected, kClients);
}

}  // namespace
}  // namespace cuomin::server
