// The flag tables of `cuomin check` and `cuomin crawl` (cmd/flag_table.h): the binary's --help
// is the table, every table entry is a flag the parser takes, and every flag the help names is
// in the table.
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cmd/crawl_options.h"
#include "cmd/options.h"
#include "run_command.h"

namespace cuomin::cmd {
namespace {

// Every "--name" in `text` (letters, digits and '-' after two dashes).
std::set<std::string> LongFlagsNamedIn(std::string_view text) {
  std::set<std::string> out;
  for (size_t i = text.find("--"); i != std::string_view::npos; i = text.find("--", i + 2)) {
    if (i > 0 && text[i - 1] == '-') continue;
    size_t end = i + 2;
    while (end < text.size() &&
           (std::isalnum(static_cast<unsigned char>(text[end])) || text[end] == '-'))
      ++end;
    if (end > i + 2) out.insert(std::string(text.substr(i, end - i)));
    i = end - 2;
  }
  return out;
}

template <typename Options>
std::set<std::string> LongNames(const FlagTable<Options>& table) {
  std::set<std::string> out;
  for (const auto& section : table)
    for (const auto& f : section.flags) out.insert(std::string(f.long_name));
  return out;
}

// The binary prints the table's help; each flag has its own lines in it, and every flag that
// the help mentions anywhere (usage, exit codes, other flags' text) is one the parser takes.
template <typename Options>
void ExpectHelpIsTable(const std::string& command, const FlagTable<Options>& table,
                       const std::string& rendered) {
  test_paths::CommandResult run = test_paths::RunCuomin({command, "--help"});
  EXPECT_EQ(run.exit_code, 0) << run.Describe();
  const std::string& help = run.out;
  EXPECT_EQ(help, rendered);
  size_t flags = 0;
  for (const auto& section : table) {
    EXPECT_NE(help.find(std::string(section.title) + "\n"), std::string::npos) << section.title;
    for (const auto& f : section.flags) {
      ++flags;
      EXPECT_FALSE(f.help.empty()) << f.long_name;
      EXPECT_NE(help.find(FlagHelpLines(f.short_name, f.long_name, f.value, f.help)),
                std::string::npos)
          << f.long_name;
    }
  }
  EXPECT_GT(flags, 10u);
  std::set<std::string> known = LongNames(table);
  for (const std::string& named : LongFlagsNamedIn(help))
    EXPECT_TRUE(known.count(named)) << command << " --help names " << named << ", no such flag";
}

// Each entry reaches the parser: a flag that takes a value and has none says so, a switch
// given a value says it takes none; neither is an unknown option.
template <typename Options, typename Parse>
void ExpectEveryFlagParsed(const FlagTable<Options>& table, Parse parse) {
  std::set<std::string> seen;
  for (const auto& section : table) {
    for (const auto& f : section.flags) {
      EXPECT_TRUE(seen.insert(std::string(f.long_name)).second) << "twice: " << f.long_name;
      if (!f.short_name.empty()) {
        EXPECT_TRUE(seen.insert(std::string(f.short_name)).second) << "twice: " << f.short_name;
      }
      std::vector<std::string_view> names = {f.long_name};
      if (!f.short_name.empty()) names.push_back(f.short_name);
      for (std::string_view name : names) {
        if (f.value.empty()) {
          std::string with_value = std::string(name) + "=1";
          if (name.size() == 2) continue;  // "-h=1" is not a grammar anyone uses
          auto r = parse({with_value, "x"});
          ASSERT_FALSE(r.ok()) << with_value;
          EXPECT_EQ(r.status().message(), "选项 " + std::string(name) + " 不带取值");
        } else {
          auto r = parse({"x", name});
          ASSERT_FALSE(r.ok()) << name;
          EXPECT_EQ(r.status().message(), "选项 " + std::string(name) + " 缺少取值");
        }
      }
    }
  }
}

TEST(FlagTable, CheckHelpIsItsTable) { ExpectHelpIsTable("check", CheckFlagTable(), CheckHelp()); }

TEST(FlagTable, CrawlHelpIsItsTable) { ExpectHelpIsTable("crawl", CrawlFlagTable(), CrawlHelp()); }

TEST(FlagTable, EveryCheckFlagIsParsed) {
  ExpectEveryFlagParsed(CheckFlagTable(),
                        [](std::vector<std::string_view> a) { return ParseCheckOptions(a); });
}

TEST(FlagTable, EveryCrawlFlagIsParsed) {
  ExpectEveryFlagParsed(CrawlFlagTable(),
                        [](std::vector<std::string_view> a) { return ParseCrawlOptions(a); });
}

TEST(FlagTable, CheckAndCrawlShareTheirRuleAndOutputFlags) {
  std::set<std::string> check = LongNames(CheckFlagTable());
  std::set<std::string> crawl = LongNames(CrawlFlagTable());
  for (const char* shared : {"--format", "--fail-on", "--rules", "--no-default-rules", "--allow",
                             "--disable", "--help", "--time-limit"}) {
    EXPECT_TRUE(check.count(shared)) << shared;
    EXPECT_TRUE(crawl.count(shared)) << shared;
  }
  Result<CheckOptions> c = ParseCheckOptions(
      {"--format=csv", "--fail-on", "minor", "--disable", "typo,sensitive", "-j3", "a.txt"});
  ASSERT_TRUE(c.ok()) << c.status().message();
  Result<CrawlCommandOptions> w = ParseCrawlOptions(
      {"--format=csv", "--fail-on", "minor", "--disable", "typo,sensitive", "http://x.gov.cn/"});
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_EQ(c->format, "csv");
  EXPECT_EQ(w->format, "csv");
  EXPECT_EQ(c->fail_on, scanner::Severity::kMinor);
  EXPECT_EQ(w->fail_on, scanner::Severity::kMinor);
  EXPECT_EQ(c->disabled, (std::vector<std::string>{"typo", "sensitive"}));
  EXPECT_EQ(w->disabled, c->disabled);
  EXPECT_EQ(c->jobs, 3);
  EXPECT_EQ(c->paths, std::vector<std::string>{"a.txt"});
  EXPECT_EQ(w->crawl.seeds, std::vector<std::string>{"http://x.gov.cn/"});
}

// The crawl flags that the old help text left out are documented and reach the options.
TEST(FlagTable, CrawlLimitsReachTheOptions) {
  std::string help = test_paths::RunCuomin({"crawl", "--help"}).out;
  for (const char* flag :
       {"--max-retry-after", "--time-limit", "--no-attachments", "--no-images", "--max-file-size",
        "--max-files-total", "--max-outbound", "--allow-private-addresses"})
    EXPECT_TRUE(help.find(std::string("\n  ") + flag + " ") != std::string::npos ||
                help.find(std::string("\n  ") + flag + "\n") != std::string::npos)
        << flag;
  Result<CrawlCommandOptions> o = ParseCrawlOptions(
      {"--max-retry-after", "7", "--time-limit=2.5", "--no-attachments", "--no-images",
       "--max-file-size", "3", "--max-files-total", "100", "--", "http://x.gov.cn/"});
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_EQ(o->crawl.max_retry_after_seconds, 7);
  EXPECT_EQ(o->page_time_limit_seconds, 2.5);
  EXPECT_FALSE(o->attachments.attachments);
  EXPECT_FALSE(o->attachments.images);
  EXPECT_EQ(o->attachments.max_file_bytes, size_t{3} << 20);
  EXPECT_EQ(o->attachments.max_site_bytes, size_t{100} << 20);
  // Without the flag, 2 GB in all.
  Result<CrawlCommandOptions> d = ParseCrawlOptions({"http://x.gov.cn/"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->attachments.max_site_bytes, size_t{2} << 30);
  EXPECT_EQ(d->attachments.max_file_bytes, size_t{50} << 20);
}

TEST(FlagTable, BadValuesNameTheFlagAndTheRange) {
  Result<CrawlCommandOptions> o = ParseCrawlOptions({"--max-pages", "0", "http://x.gov.cn/"});
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().message(), "--max-pages 的取值无效：0（应为 1 到 1000000000 之间的整数）");
  // A count is a whole number: 1.5 pages is named, not read as 1.
  for (const char* flag : {"--max-pages", "--max-outbound", "--max-depth", "--concurrency",
                           "--per-host-concurrency"}) {
    o = ParseCrawlOptions({flag, "1.5", "http://x.gov.cn/"});
    ASSERT_FALSE(o.ok()) << flag;
    EXPECT_EQ(o.status().message().rfind(std::string(flag) + " 的取值无效：1.5（应为 ", 0), 0u)
        << o.status().message();
  }
  o = ParseCrawlOptions({"--max-pages", "2e3", "--per-host-rate", "0.5", "http://x.gov.cn/"});
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_EQ(o->crawl.max_pages, 2000u);
  EXPECT_EQ(o->crawl.per_host_rate, 0.5);
  Result<CheckOptions> c = ParseCheckOptions({"--jobs=0", "a.txt"});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), "--jobs 的取值无效：0（应为 1 到 256 之间的整数）");
  c = ParseCheckOptions({"--frobnicate", "a.txt"});
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().message(), "未知选项：--frobnicate");
}

}  // namespace
}  // namespace cuomin::cmd
