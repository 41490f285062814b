// What a crawl remembers between runs (--db FILE, SQLite): each page's validators and links,
// for conditional re-crawls, and each finding, to tell new from still present from fixed.
//
//   Result<std::unique_ptr<CrawlStore>> s = CrawlStore::Open("site.db");
//   (*s)->BeginScan("https://www.example.gov.cn/");
//   ... GetPage / PreviousFindings while crawling, PutPage for each fetched page ...
//   Result<ScanDiff> d = (*s)->FinishScan(all_findings);   // commits
//
// Thread-safe: every call takes one lock (crawler workers call from many threads).
#pragma once

#include <cstddef>
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

enum class FindingStatus { kNew, kStillPresent };

struct ScanDiff {
  std::vector<FindingStatus> status;    // parallel to FinishScan's findings
  std::vector<scanner::Finding> fixed;  // open last time, not found this time
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
  Status PutPage(const std::string& url, const PageRecord& page);
  // Records this scan's findings, marks the ones not seen again fixed, commits.
  // `unchanged_sources` are pages answered 304: their findings were carried over.
  Result<ScanDiff> FinishScan(const std::vector<scanner::Finding>& findings);

 private:
  CrawlStore() = default;
  Status Exec(const char* sql);
  std::mutex mu_;
  sqlite3* db_ = nullptr;
  std::string path_;
  long long scan_id_ = 0;
};

// "new" / "still-present" and the Chinese 新发现 / 仍存在.
const char* ChineseName(FindingStatus s);

}  // namespace cuomin::store
