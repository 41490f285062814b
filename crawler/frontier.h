// The URLs a crawl has met and what each becomes (internal to crawler/): a page to fetch, an
// outbound link to check once, or a skip with its reason, within --max-pages, --max-outbound
// and --max-depth. Not thread-safe: the crawler calls it under its lock.
#pragma once

#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "crawler/crawl_scope.h"
#include "crawler/crawler.h"
#include "crawler/url.h"

namespace cuomin::crawler {

class Frontier {
 public:
  // `year` is the current year, for the trap policy. `opt` and `scope` outlive the frontier.
  Frontier(const CrawlOptions& opt, const CrawlScope& scope, int year);

  struct Admitted {
    Url url;
    std::string spec;  // normalised
    UrlRole role = UrlRole::kPage;
  };

  // Considers `spec`, found at `depth`. A URL met before is dropped silently; one that may not
  // be fetched is appended to `skipped` and counted in `stats`; otherwise it is returned.
  std::optional<Admitted> Add(const std::string& spec, int depth, std::vector<UrlResult>& skipped,
                              CrawlStats& stats);

  // Records a URL reached by a redirect; false when it had been met already.
  bool MarkSeen(const std::string& spec);

  // A URL an earlier part of the crawl settled (Crawler::Continue): met, not to be fetched,
  // and counted toward max_pages or max_outbound as it was then.
  void MarkSettled(const std::string& spec);

  // Pages admitted but then not fetched (robots.txt) give back their share of --max-pages.
  void ReturnPages(size_t n) { page_count_ -= n; }

 private:
  const CrawlOptions& opt_;
  const CrawlScope& scope_;
  TrapPolicy traps_;
  // Hashes of normalised URLs: 8 bytes per URL keeps memory bounded by the URL set.
  std::unordered_set<size_t> seen_;
  size_t page_count_ = 0;
  size_t outbound_count_ = 0;  // outbound URLs queued for a check
};

}  // namespace cuomin::crawler
