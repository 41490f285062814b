// `cuomin crawl`: crawls a site politely, checks every page with the rules of `cuomin check`
// and every link (dead, hidden, blocklisted, turned bad), and prints the findings in one of
// the printer formats, each with the page's URL as its source.
#pragma once

#include <string_view>
#include <vector>

namespace cuomin::cmd {

// Runs `cuomin crawl` with the arguments after "crawl"; returns the process exit code.
int RunCrawl(const std::vector<std::string_view>& args);

extern const char kCrawlHelp[];

}  // namespace cuomin::cmd
