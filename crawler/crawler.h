// A polite whole-site crawler. It fetches pages in scope, follows the links its observer
// hands back, and checks links that leave the site with a single request; it knows nothing of
// rules — the observer (cmd/crawl_command.cc) reads and scans what it is given.
//
//   CrawlOptions opt;
//   opt.seeds = {"https://www.example.gov.cn/"};
//   std::unique_ptr<Fetcher> f = MakeHttpFetcher();
//   Crawler c(opt, f.get(), &observer);
//   if (Status s = c.Validate(); !s.ok()) ...
//   CrawlStats stats = c.Run();        // returns when the frontier is empty
//
// Politeness (after lychee's ratelimit/): per-host concurrency and interval from named
// defaults, robots.txt per RFC 9309 with Crawl-delay, backoff on 429/503 honouring
// Retry-After. Traps (calendars, session ids, repeated segments, endless query variants) are
// cut so that a crawl with default options ends on any site.
#pragma once

#include <atomic>
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/clock.h"
#include "common/status.h"
#include "crawler/fetcher.h"

namespace cuomin::crawler {

inline constexpr char kDefaultUserAgent[] =
    "cuomin/0.1 (+https://github.com/cuomin/cuomin; government site proofreading crawler)";
inline constexpr size_t kDefaultMaxPages = 100000;
// Outbound link checks are one request each to sites the crawl does not own: a page of 100,000
// links must not turn into 100,000 requests.
inline constexpr size_t kDefaultMaxOutbound = 10000;
inline constexpr int kDefaultMaxDepth = 64;
inline constexpr int kDefaultConcurrency = 8;
inline constexpr int kDefaultPerHostConcurrency = 2;
inline constexpr double kDefaultPerHostRate = 5;  // requests per second per host

enum class Scope {
  kHost,    // the seeds' hosts (www.x and x count as one)
  kDomain,  // the seeds' registrable domains and their subdomains
  kPrefix,  // URLs starting with a seed's directory
};

struct CrawlOptions {
  std::vector<std::string> seeds;             // absolute http(s) URLs
  size_t max_pages = kDefaultMaxPages;        // in-scope URLs fetched at most
  size_t max_outbound = kDefaultMaxOutbound;  // distinct outbound URLs checked at most
  int max_depth = kDefaultMaxDepth;           // link hops from a seed
  Scope scope = Scope::kHost;
  std::string include_regex;  // RE2; when set, in-scope URLs must match it to be crawled
  std::string exclude_regex;  // RE2; in-scope URLs matching it are not crawled
  int concurrency = kDefaultConcurrency;  // requests in flight over all hosts
  int per_host_concurrency = kDefaultPerHostConcurrency;
  double per_host_rate =
      kDefaultPerHostRate;  // requests/s per host; robots Crawl-delay may lower it
  double timeout_seconds =
      20;  // per read; the whole response, headers included, gets 3x plus connect
  double connect_timeout_seconds = 10;
  std::string user_agent = kDefaultUserAgent;
  std::string robots_token = "cuomin";               // matched against robots.txt User-agent lines
  size_t max_body_bytes = size_t{10} << 20;          // in-scope pages are cut here
  size_t max_outbound_body_bytes = size_t{2} << 20;  // outbound pages fetched for a content scan
  int max_redirects = 10;
  int max_retries = 3;                   // on 429/503
  double max_retry_after_seconds = 120;  // a longer Retry-After counts as the final answer
  double dead_retry_delay_seconds = 2;   // before the one retry that confirms a dead link
  bool check_outbound = true;            // fetch out-of-scope link targets once
  // Whether a page of the site that redirects off it is followed there (and checked as an
  // outbound target). Off (the server's scans): the target is not requested; the page ends
  // kOutOfScope with its 3xx status and the target in `detail`, so a configured site cannot
  // steer the server's requests to another address.
  bool follow_offsite_redirects = true;
  bool read_sitemaps = true;
  bool obey_robots = true;
  bool verify_certificates = true;
  // Whether requests (pages, link checks, redirects) may reach loopback, private and
  // link-local addresses (169.254.169.254). Off: only public addresses, plus the kinds of
  // address the seeds themselves resolve to (a site on the intranet may be crawled, a
  // public site's links may not reach into the intranet). On: anything, for intranet sites
  // whose pages link across the intranet.
  bool allow_private_addresses = false;
  size_t max_query_variants = 2000;  // distinct queries per path before it counts as a trap
  int max_repeated_segment = 3;      // a path segment repeated more often is a trap
  size_t max_url_length = 2048;
  // The date: a calendar trap is a year beyond this one + 2; Retry-After may be an HTTP-date.
  // nullptr: the system clock. Not owned; outlives the crawl.
  const Clock* clock = nullptr;
};

enum class UrlRole {
  kPage,      // in scope: fetched and, if a page, its links followed
  kOutbound,  // out of scope (or reached by a redirect out of scope): fetched once
};

enum class Outcome {
  kOk,                // 2xx
  kNotModified,       // 304 to a conditional request
  kHttpError,         // 4xx/5xx after retries (401/403/429 are unverified, not dead)
  kFetchError,        // no HTTP response, confirmed by one retry
  kRedirectLoop,      // a redirect came back to a URL of its own chain
  kTooManyRedirects,  // more than max_redirects hops
  kRobots,            // disallowed by robots.txt: not fetched
  kOutOfScope,        // out of scope and check_outbound off (or redirected off the site and
                      // follow_offsite_redirects off): not fetched
  kExcluded,          // --include/--exclude: not fetched
  kTrap,              // looks like a crawler trap: not fetched
  kLimit,             // beyond max_pages, max_outbound or max_depth: not fetched
};

std::string_view ToString(Outcome o);

// The final word on one distinct URL.
struct UrlResult {
  std::string url;        // normalised
  std::string final_url;  // after redirects ("" when not fetched)
  UrlRole role = UrlRole::kPage;
  Outcome outcome = Outcome::kOk;
  int status = 0;  // last HTTP status, 0 when none (kRobots: robots.txt's when unreadable)
  FetchError error = FetchError::kNone;  // kRobots: why robots.txt could not be fetched
  std::string detail;                    // error text, the trap kind, the loop's URL...
  int depth = 0;
  int attempts = 0;
  std::string content_type;
};

// A fetched body handed to the observer: in-scope pages (HTML and other types the observer
// asked for) and outbound HTML pages.
struct Page {
  std::string url;        // normalised, as queued
  std::string final_url;  // after redirects
  UrlRole role = UrlRole::kPage;
  int depth = 0;
  int status = 0;
  std::string media_type;  // "text/html"
  std::string charset;     // from Content-Type, "" when none
  std::string body;
  bool truncated = false;  // cut at the body limit
  bool refused = false;    // not downloaded: ReserveBody said no; the body is empty
  // Not downloaded because its Content-Length (this) is over BodyLimit; `truncated` is set
  // and the body is empty. 0 otherwise.
  size_t over_limit_length = 0;
  std::string etag;  // validators for the next crawl
  std::string last_modified;
};

struct Validators {
  std::string etag;
  std::string last_modified;
};

// Called from worker threads concurrently; implementations synchronise themselves.
class CrawlObserver {
 public:
  virtual ~CrawlObserver() = default;
  // Whether a body of this media type (lower case, e.g. "application/pdf") at this URL is
  // wanted for a page in scope. HTML always is; others are checked for availability only.
  virtual bool WantsBody(const std::string& url, const std::string& media_type) { return false; }
  // The body limit for an in-scope URL (attachments may be larger than pages); 0 for
  // CrawlOptions::max_body_bytes. Asked before the request with no media type, and again
  // with the response's, which may make an extensionless URL an attachment.
  virtual size_t BodyLimit(const std::string& url, const std::string& media_type) { return 0; }
  // Asked before `bytes` more of a wanted in-scope body are downloaded: with the declared
  // Content-Length before the body, else piece by piece. False stops the download, and the
  // page comes to OnPage marked `refused` (a total for attachments, reached). Default: true.
  virtual bool ReserveBody(const std::string& url, const std::string& media_type, size_t bytes) {
    return true;
  }
  // A fetched body. For kPage returns the absolute URLs of its links (normalised with
  // ResolveUrl) for the crawler to consider; ignored for kOutbound.
  virtual std::vector<std::string> OnPage(const Page& page) = 0;
  // Validators remembered from the last crawl for a conditional request; empty if none.
  virtual Validators ValidatorsFor(const std::string& url) { return {}; }
  // The page answered 304: returns its links as recorded by the last crawl.
  virtual std::vector<std::string> OnUnchanged(const std::string& url, int depth) { return {}; }
  // Every distinct URL the crawler considered, once, after any OnPage for it.
  virtual void OnResult(const UrlResult& result) = 0;
  // A URL admitted to be fetched (a page or an outbound target), once, at `depth`; its
  // OnResult comes later. Called under the crawler's lock: keep it short (no I/O).
  virtual void OnQueued(const std::string& url, int depth) {}
};

struct CrawlStats {
  size_t pages = 0;         // in-scope URLs fetched with a 2xx (pages and attachments)
  size_t not_modified = 0;  // 304s
  size_t outbound = 0;      // outbound URLs checked
  size_t robots_skipped = 0;
  size_t scope_skipped = 0;  // out of scope, not checked
  size_t excluded = 0;
  size_t trap_skipped = 0;
  size_t limit_skipped = 0;
  size_t requests = 0;  // HTTP requests made, retries and redirects included
  size_t retries = 0;
  std::map<std::string, size_t> errors;  // "http-404", "timeout", "dns", "redirect-loop"...
  double seconds = 0;
  bool cancelled = false;  // Cancel() ended the crawl before the frontier was empty
};

// Live counters for a progress line; read from any thread.
struct CrawlProgress {
  std::atomic<size_t> done{0};
  std::atomic<size_t> queued{0};
  std::atomic<size_t> errors{0};
};

class Crawler {
 public:
  Crawler(CrawlOptions options, Fetcher* fetcher, CrawlObserver* observer);
  ~Crawler();
  // Checks the options: seeds parse, regexes compile, numbers are in range. Chinese message.
  Status Validate() const;
  // Continues a crawl that stopped (a paused or interrupted scan): the URLs of `settled`
  // had their answer and are not fetched again (an in-scope one still counts toward
  // max_pages), and those of `queued` (URL, depth) are queued before the seeds. Call before
  // Run().
  void Continue(std::vector<std::string> settled, std::vector<std::pair<std::string, int>> queued);
  // Crawls until nothing is left or Cancel(). Call once.
  CrawlStats Run();
  // From any thread: no new request starts; Run returns once the requests in flight have
  // ended (each within its deadline) and their pages were handed to the observer.
  void Cancel();
  const CrawlProgress& progress() const { return progress_; }
  // Whether `url` is inside the crawl's scope (the observer uses it to tell outbound links).
  bool InScope(const Url& url) const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
  CrawlProgress progress_;
};

// The registrable domain of a host, by a short list of public suffixes common in Chinese
// government links (gov.cn, com.cn, ...); "www.beijing.gov.cn" -> "beijing.gov.cn".
std::string RegistrableDomain(std::string_view host);

}  // namespace cuomin::crawler
