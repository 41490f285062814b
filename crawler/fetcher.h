// One HTTP(S) request, behind an interface so that the crawler can be driven by a fake in
// unit tests and so that only http_fetcher.cc includes httplib.h. Redirects are not followed
// here: the crawler follows them itself to bound them, detect loops and check scope per hop.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crawler/url.h"

namespace cuomin::crawler {

struct FetchRequest {
  Url url;
  // Extra request headers, e.g. {"If-None-Match", "\"abc\""}.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string user_agent;
  // Asked with the status and Content-Type once the headers are in: false when only the
  // status is wanted (an attachment checked for availability) and the body is not
  // downloaded. Null: always download.
  std::function<bool(int status, std::string_view content_type)> want_body;
  // Bodies longer than this are cut off and the response marked truncated.
  size_t max_body_bytes = size_t{10} << 20;
  // Asked with the Content-Type once the headers are in: this body's limit, in place of
  // max_body_bytes when not 0. A URL such as download.php?id=3 is known to be an attachment,
  // which may be larger than a page, only by its type. Null: max_body_bytes. A body with a
  // limit of its own is a file, useless when cut: one whose Content-Length is over that limit
  // is not downloaded (truncated, body empty, over_limit_length set); one without a length,
  // or longer than it said, is cut at the limit.
  std::function<size_t(std::string_view content_type)> body_limit;
  // Asked, when set, before body bytes are kept: once the headers are in, with the
  // Content-Length they declare (at most the body's limit), then for each piece past what it
  // granted (a body of unknown length, or longer than declared). False stops the download
  // there and marks the response `refused`, its body dropped. A crawl's total for attachments
  // is kept this way: a file that would cross it is not downloaded. Null: no such count.
  std::function<bool(std::string_view content_type, size_t bytes)> reserve_body;
  double connect_timeout_seconds = 10;
  // Per read: a server that goes silent.
  double read_timeout_seconds = 20;
  // One deadline for the whole exchange, from connecting to the last body byte, headers
  // included: a server that drips its status line, headers or body a byte every few seconds
  // cannot hold a worker forever. Reported as FetchError::kTimeout.
  double total_timeout_seconds = 60;
  bool verify_certificates = true;
  // AddressClass bits the host may resolve to (address_policy.h); the fetcher resolves the
  // host itself, connects only to an address it allowed, and otherwise answers kBlocked.
  unsigned allowed_addresses = 0x1F;  // kAnyAddress
};

// Why a request got no HTTP response.
enum class FetchError {
  kNone,
  kDns,      // the host name does not resolve
  kConnect,  // refused, unreachable
  kTimeout,  // connect or read timed out
  kTls,      // TLS handshake or certificate verification failed
  kRead,     // the connection broke mid-response
  kOther,
  kBlocked,            // the host resolves only to addresses the request may not reach
  kUnsupportedScheme,  // a redirect to file://, ftp://, gopher://...: only http(s) is fetched
};

std::string_view ToString(FetchError e);  // "dns", "connect", "timeout", ...
// False for errors that a retry cannot change (kBlocked, kUnsupportedScheme).
bool IsTransient(FetchError e);
std::string_view ChineseName(FetchError e);  // 域名无法解析, 无法连接, 超时, ...

struct FetchResponse {
  FetchError error = FetchError::kNone;
  std::string error_detail;  // the library's words, for messages
  int status = 0;            // HTTP status; 0 when error != kNone
  // Response headers, names lower case, in arrival order.
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  bool truncated = false;  // body cut at max_body_bytes
  bool refused = false;    // reserve_body said no: the body was not (wholly) downloaded
  // The Content-Length of a file not downloaded because it is over its limit; 0 otherwise.
  size_t over_limit_length = 0;

  // First value of a header (name lower case); "" when absent.
  std::string_view Header(std::string_view name) const;
};

// Thread-safe: the crawler calls Fetch from several workers at once.
class Fetcher {
 public:
  virtual ~Fetcher() = default;
  virtual FetchResponse Fetch(const FetchRequest& request) = 0;
};

// The real fetcher: cpp-httplib's client with OpenSSL, keep-alive connections per worker
// thread and origin, the system CA store.
std::unique_ptr<Fetcher> MakeHttpFetcher();

// "text/html; charset=GBK" -> "GBK"; "" when none.
std::string CharsetOf(std::string_view content_type);
// "text/html; charset=GBK" -> "text/html" (lower case).
std::string MediaTypeOf(std::string_view content_type);

}  // namespace cuomin::crawler
