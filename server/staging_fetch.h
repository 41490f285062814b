// Fetches a draft from a configured staging host (URL submission). The server must not become
// a way to probe other addresses (SSRF): the URL and every redirect must name one of the
// configured hosts, redirects are followed by hand (at most 5), and nothing else is contacted.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace cuomin::server {

struct StagingOptions {
  // Host names (or host:port) drafts may be fetched from; empty: URL submission is off.
  std::vector<std::string> hosts;
  size_t max_bytes = size_t{10} << 20;
  int max_redirects = 5;
  int timeout_seconds = 10;
};

struct Fetched {
  std::string url;       // after redirects
  std::string filename;  // derived from the path and Content-Type: "a.html", "b.docx"
  std::string bytes;
};

// kInvalidInput for a URL outside the staging hosts (also after a redirect), kUnavailable when
// the host cannot be reached or answers with an error.
Result<Fetched> FetchFromStaging(const std::string& url, const StagingOptions& options);

// Whether `url` (absolute http/https) names a configured staging host.
bool IsStagingUrl(const std::string& url, const StagingOptions& options);

}  // namespace cuomin::server
