// What a crawl remembers between runs (--db FILE, SQLite): each page's validators and links,
// for conditional re-crawls, and each finding, to tell new from still present from fixed.
//
//   Result<std::unique_ptr<CrawlStore>> s = CrawlStore::Open("site.db");
//   (*s)->BeginScan("https://www.example.gov.cn/");
//   ... while crawling: GetPage / PreviousFindings, PutPage for each page fetched,
//       Record(finding) as each page's findings come in (it says new or still present) ...
//   (*s)->FinishScan(print_fixed);   // hands over the fixed ones, commits
//
// Findings go to the database as they are found, not held for the end of the crawl: memory
// stays bounded by the URL set however many findings a site has.
//
// Thread-safe: every call takes one lock (crawler workers call from many threads).
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "scanner/finding.h"

struct sqlite3;

namespace cuomin::store {

// A link of a page as recorded: enough to report on it again without the page's body.
struct StoredLink {
  std::string target;  // normalised URL
  size_t offset = 0;   // of the <a> tag in the decoded page
  size_t line = 0;
  size_t column = 0;
};

struct PageRecord {
  std::string etag;
  std::string last_modified;
  std::vector<StoredLink> links;
};

class CrawlStore {
 public:
  ~CrawlStore();
  // Opens or creates the database; the error names the file.
  static Result<std::unique_ptr<CrawlStore>> Open(const std::string& path);

  Status BeginScan(const std::string& seeds);
  std::optional<PageRecord> GetPage(const std::string& url);
  // Findings of `source` that were open after the last scan (carried over for unchanged pages).
  std::vector<scanner::Finding> PreviousFindings(const std::string& source);
  // Records a page fetched (or answered 304) in this scan. Only visited pages can have fixed
  // findings: a page a smaller crawl did not reach keeps its findings open.
  Status PutPage(const std::string& url, const PageRecord& page);
  // A page that is gone (404, 410): visited, and its findings fixed.
  Status MarkGone(const std::string& url);
  // Records one finding of this scan: kNew, or kStill when it was open after the last scan.
  // Findings of one page must come in FindingLess order (the n-th occurrence of the same text
  // is matched with last scan's n-th).
  Result<scanner::ScanStatus> Record(const scanner::Finding& finding);
  // Marks the open findings of visited pages that this scan did not record again as fixed,
  // hands them to `fixed` one page at a time (in offset order), commits. Returns how many.
  Result<size_t> FinishScan(
      const std::function<void(std::vector<scanner::Finding>&)>& fixed = nullptr);

 private:
  CrawlStore() = default;
  Status Exec(const char* sql);
  std::mutex mu_;
  sqlite3* db_ = nullptr;
  std::string path_;
  long long scan_id_ = 0;
};

}  // namespace cuomin::store
