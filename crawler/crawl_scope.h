// Which URLs a crawl fetches as its own pages (internal to crawler/): the scope the seeds
// give (host, registrable domain or directory), --include/--exclude, and the trap policy that
// keeps a crawl with default options finite on any site.
#pragma once

#include <re2/re2.h>

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/status.h"
#include "crawler/crawler.h"
#include "crawler/url.h"

namespace cuomin::crawler {

// Host scope key: www.x and x are one site; another port is another site (a different
// server, often an old system or a test instance).
std::string StripWww(std::string_view host, int port = 0);

// Immutable after construction: read from every worker without a lock.
class CrawlScope {
 public:
  explicit CrawlScope(const CrawlOptions& opt);
  // The --include/--exclude regexes compile. Chinese message.
  Status Validate() const;
  // The seeds that parse, in order.
  const std::vector<Url>& seeds() const { return seeds_; }
  bool InScope(const Url& u) const;
  // --include/--exclude leave out this normalised in-scope URL.
  bool Excluded(const std::string& spec) const;

 private:
  const Scope scope_;
  std::vector<Url> seeds_;
  std::unordered_set<std::string> seed_hosts_;
  std::vector<std::string> seed_domains_;
  std::vector<std::string> seed_prefixes_;
  std::unique_ptr<RE2> include_;
  std::unique_ptr<RE2> exclude_;
};

// URLs that look like a crawler trap: too long, a path segment repeated, a calendar that runs
// beyond next year, endless query variants of one path. Counts query variants, so it is not
// thread-safe: the frontier calls it under the crawler's lock.
class TrapPolicy {
 public:
  // `year`: the current year; calendars more than two years past it are traps.
  TrapPolicy(const CrawlOptions& opt, int year);
  // A trap kind in Chinese, or "" for a URL that looks like content.
  std::string TrapKind(const Url& u);

 private:
  const size_t max_url_length_;
  const int max_repeated_segment_;
  const size_t max_query_variants_;
  const int year_;
  const RE2 calendar_re_;
  const RE2 year_param_re_;
  std::unordered_map<size_t, size_t> query_variants_;
};

}  // namespace cuomin::crawler
