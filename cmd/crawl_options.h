// Command-line options of `cuomin crawl`: the crawl's own (scope, politeness, limits) plus
// the options it shares with `cuomin check` (rules, allow lists, output format, --fail-on).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "cmd/flag_table.h"
#include "common/status.h"
#include "crawler/crawler.h"
#include "scanner/finding.h"
#include "site/site_scan.h"

namespace cuomin::cmd {

struct CrawlCommandOptions {
  crawler::CrawlOptions crawl;           // seeds and everything the crawler reads
  site::AttachmentOptions attachments;   // --no-attachments, --no-images, --max-file-size,
                                         // --max-files-total
  std::string db;                        // --db: SQLite file for re-crawls, "" for none
  std::string format = "text";           // a printer format
  std::vector<std::string> rule_dirs;    // --rules
  bool no_default_rules = false;         // --no-default-rules
  std::vector<std::string> allow_files;  // --allow
  std::vector<std::string> disabled;     // --disable
  std::vector<std::string> blocklists;   // --blocklist: more domain lists (one a line)
  scanner::Severity fail_on = scanner::Severity::kMajor;  // --fail-on
  bool fail_never = false;                                // --fail-on none
  // --time-limit: seconds for reading and checking one page, 0 for none.
  double page_time_limit_seconds = site::kDefaultPageTimeLimitSeconds;
  bool help = false;
};

// Every flag of `cuomin crawl`, as its parser and its help read them.
const FlagTable<CrawlCommandOptions>& CrawlFlagTable();

// The text of `cuomin crawl --help`.
std::string CrawlHelp();

// Parses the arguments after "crawl". Errors are one Chinese line naming the option.
Result<CrawlCommandOptions> ParseCrawlOptions(const std::vector<std::string_view>& args);

}  // namespace cuomin::cmd
