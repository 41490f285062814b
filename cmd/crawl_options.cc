#include "cmd/crawl_options.h"

#include <cmath>
#include <functional>
#include <utility>

#include "cmd/options.h"
#include "cmd/shared_flags.h"

namespace cuomin::cmd {
namespace {

using O = CrawlCommandOptions;

constexpr char kCrawlUsage[] = R"(用法：cuomin crawl [选项] 网址...

礼貌地抓取整个网站，对每个页面做与 cuomin check 相同的检查，并检查链接：死链、
隐藏链接（暗链）、黑名单域名（赌博、色情、诈骗）、已变质的外部链接（目标页面现含违法内容）、
指向非政府网站的外部链接、javascript:/data: 链接。发现的问题以页面网址为来源输出。

)";

constexpr char kCrawlEpilogue[] = R"(
退出码：0 未发现达到 --fail-on 级别的问题；1 发现了；2 用法错误、规则文件错误、数据库无法写入
或正被另一次扫描使用、写入数据库失败，或没有抓取到任何页面（如 robots.txt 禁止全部、起始网址
无法访问）；130、143 被 Ctrl+C（SIGINT）或 SIGTERM 中断：已完成的页面保留（--db 时已写入
数据库，本次扫描记为中断），不判断哪些问题已修复。
问题随页面抓取完成陆续输出（页面之间的顺序不固定）。终端上运行时，标准错误显示进度；
结束时在标准错误输出汇总（页面数、跳过数、各类错误、各类问题、用时）。

示例：
  cuomin crawl https://www.example.gov.cn/
  cuomin crawl --db site.db --format csv https://www.example.gov.cn/ > 结果.csv
)";

// A flag whose value is a number in [min, max], stored by `store`. A whole-number flag given
// 1.5 names the mistake rather than truncating it.
Flag<O> NumberFlag(std::string_view name, std::string_view value, std::string_view help, double min,
                   double max, std::string_view expected, bool whole,
                   std::function<void(O&, double)> store) {
  return {"", name, value, help,
          [min, max, expected, whole, store](O& o, std::string_view n, const std::string& v) {
            Result<double> d = ParseFlagNumber(n, v, min, max, expected);
            if (!d.ok()) return d.status();
            if (whole && *d != std::floor(*d)) {
              return Status::Error(std::string(n) + " 的取值无效：" + v + "（" +
                                   std::string(expected) + "）");
            }
            store(o, *d);
            return Status::Ok();
          }};
}

Flag<O> Number(std::string_view name, std::string_view value, std::string_view help, double min,
               double max, std::string_view expected, std::function<void(O&, double)> store) {
  return NumberFlag(name, value, help, min, max, expected, false, std::move(store));
}

Flag<O> Count(std::string_view name, std::string_view value, std::string_view help, double min,
              double max, std::string_view expected, std::function<void(O&, double)> store) {
  return NumberFlag(name, value, help, min, max, expected, true, std::move(store));
}

// A flag that stores its value as it is.
Flag<O> Text(std::string_view name, std::string_view value, std::string_view help,
             std::function<void(O&, const std::string&)> store) {
  return {"", name, value, help, [store](O& o, std::string_view, const std::string& v) {
            store(o, v);
            return Status::Ok();
          }};
}

// A flag without a value.
Flag<O> Switch(std::string_view name, std::string_view help, std::function<void(O&)> store) {
  return {"", name, "", help, [store](O& o, std::string_view, const std::string&) {
            store(o);
            return Status::Ok();
          }};
}

size_t Megabytes(double mb) { return static_cast<size_t>(mb * 1024 * 1024); }

std::vector<Flag<O>> CrawlFlags() {
  return {
      Count("--max-pages", "N", "最多抓取的站内页面数（默认 100000）", 1, 1e9,
            "应为 1 到 1000000000 之间的整数",
            [](O& o, double d) { o.crawl.max_pages = static_cast<size_t>(d); }),
      Count("--max-outbound", "N", "最多检查的站外链接数（默认 10000；每个站外网址一次请求）", 0,
            1e9, "应为 0 到 1000000000 之间的整数",
            [](O& o, double d) { o.crawl.max_outbound = static_cast<size_t>(d); }),
      Count("--max-depth", "D", "从起始网址起的最大链接层数（默认 64）", 0, 1e6,
            "应为 0 到 1000000 之间的整数",
            [](O& o, double d) { o.crawl.max_depth = static_cast<int>(d); }),
      {"", "--scope", "host|domain|prefix",
       "抓取范围：同一主机（默认）、同一注册域名及其子域名、起始目录之下",
       [](O& o, std::string_view name, const std::string& v) {
         if (v == "host") {
           o.crawl.scope = crawler::Scope::kHost;
         } else if (v == "domain") {
           o.crawl.scope = crawler::Scope::kDomain;
         } else if (v == "prefix") {
           o.crawl.scope = crawler::Scope::kPrefix;
         } else {
           return Status::Error(std::string(name) + " 的取值无效：" + v +
                                "（可选 host、domain、prefix）");
         }
         return Status::Ok();
       }},
      Text("--include", "REGEX", "只抓取匹配的站内网址（RE2 语法）",
           [](O& o, const std::string& v) { o.crawl.include_regex = v; }),
      Text("--exclude", "REGEX", "不抓取匹配的站内网址",
           [](O& o, const std::string& v) { o.crawl.exclude_regex = v; }),
      Count("--concurrency", "C", "同时进行的请求总数（默认 8）", 1, 256,
            "应为 1 到 256 之间的整数",
            [](O& o, double d) { o.crawl.concurrency = static_cast<int>(d); }),
      Count("--per-host-concurrency", "C", "每个站点同时进行的请求数（默认 2）", 1, 256,
            "应为 1 到 256 之间的整数",
            [](O& o, double d) { o.crawl.per_host_concurrency = static_cast<int>(d); }),
      Number("--per-host-rate", "R",
             "每个站点每秒最多请求数（默认 5；robots.txt 的 Crawl-delay 可能更慢）", 0.001, 1e6,
             "应为 0.001 到 1000000 之间的数", [](O& o, double d) { o.crawl.per_host_rate = d; }),
      Number("--timeout", "S", "连接和读取超时秒数（默认 20）", 0.05, 3600,
             "应为 0.05 到 3600 之间的秒数", [](O& o, double d) { o.crawl.timeout_seconds = d; }),
      Text("--user-agent", "UA", "User-Agent（默认表明 cuomin 身份）",
           [](O& o, const std::string& v) { o.crawl.user_agent = v; }),
      Number("--max-page-size", "MB", "页面大小上限，超过部分不检查（默认 10）", 0.001, 4096,
             "应为 0.001 到 4096 之间的兆字节数",
             [](O& o, double d) { o.crawl.max_body_bytes = Megabytes(d); }),
      Number("--time-limit", "S",
             "每个页面解析和检查的时限（秒，默认 30；0 表示不限）；超时的页面保留\n"
             "已发现的问题，另报一处 check-incomplete，抓取照常继续",
             0, kMaxTimeLimitSeconds, kTimeLimitRange,
             [](O& o, double d) { o.page_time_limit_seconds = d; }),
      Number("--retry-delay", "S", "确认死链前重试的等待秒数（默认 2）", 0, 3600,
             "应为 0 到 3600 之间的秒数",
             [](O& o, double d) { o.crawl.dead_retry_delay_seconds = d; }),
      Number("--max-retry-after", "S",
             "服务器要求等待（Retry-After）超过此秒数时不再重试（默认 120）", 0, 86400,
             "应为 0 到 86400 之间的秒数",
             [](O& o, double d) { o.crawl.max_retry_after_seconds = d; }),
      Switch("--no-outbound", "不检查指向站外的链接", [](O& o) { o.crawl.check_outbound = false; }),
      Switch("--no-sitemap", "不读取 sitemap.xml", [](O& o) { o.crawl.read_sitemaps = false; }),
      Switch("--no-attachments",
             "不下载、不检查附件（PDF、Excel、Word、OFD）的内容；指向附件的链接\n"
             "仍检查是否为死链（只读取响应头，不下载文件）",
             [](O& o) { o.attachments.attachments = false; }),
      Switch("--no-images", "不下载、不识别网页中的图片（OCR）",
             [](O& o) { o.attachments.images = false; }),
      Number("--max-file-size", "MB", "附件和图片的大小上限，超过的不检查（默认 50）", 0.001, 4096,
             "应为 0.001 到 4096 之间的兆字节数",
             [](O& o, double d) { o.attachments.max_file_bytes = Megabytes(d); }),
      Number("--max-files-total", "MB",
             "一次抓取中附件和图片合计的大小上限，达到后其余的不检查、逐个列出\n"
             "（默认 2048）；网页照常检查",
             0.001, 1048576, "应为 0.001 到 1048576 之间的兆字节数",
             [](O& o, double d) { o.attachments.max_site_bytes = Megabytes(d); }),
      Switch("--insecure", "不校验 HTTPS 证书", [](O& o) { o.crawl.verify_certificates = false; }),
      Switch("--allow-private-addresses",
             "允许链接检查和重定向访问本机、内网和链路本地地址（内网站点用；\n"
             "默认只访问公网地址及起始网址所在的地址类型）",
             [](O& o) { o.crawl.allow_private_addresses = true; }),
      Text("--blocklist", "FILE", "追加域名黑名单文件（每行一个域名，含其子域名；可重复）",
           [](O& o, const std::string& v) { o.blocklists.push_back(v); }),
      Text("--db", "FILE",
           "SQLite 数据库：再次抓取时只取有变化的页面，并标出问题是新发现、\n"
           "仍存在还是已修复（文本的【新发现】等标记、JSON 的 status、\n"
           "CSV 的“状态”列、SARIF 的 baselineState）",
           [](O& o, const std::string& v) { o.db = v; }),
  };
}

}  // namespace

const FlagTable<CrawlCommandOptions>& CrawlFlagTable() {
  static const FlagTable<O> table = {
      {"抓取选项：", CrawlFlags()},
      {"检查与输出选项（同 cuomin check）：",
       Concat(Concat(OutputFlags<O>(), RuleFlags<O>()), {HelpFlag<O>()})},
  };
  return table;
}

std::string CrawlHelp() { return kCrawlUsage + RenderFlagTable(CrawlFlagTable()) + kCrawlEpilogue; }

Result<CrawlCommandOptions> ParseCrawlOptions(const std::vector<std::string_view>& args) {
  O o;
  if (Status s = ParseFlags(args, CrawlFlagTable(), o, o.crawl.seeds); !s.ok()) return s;
  if (!o.help && o.crawl.seeds.empty()) return Status::Error("缺少要抓取的网址");
  return o;
}

}  // namespace cuomin::cmd
