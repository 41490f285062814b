#include "cmd/crawl_command.h"

#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "cmd/crawl_options.h"
#include "cmd/options.h"
#include "cmd/rule_dirs.h"
#include "common/utf8.h"
#include "crawler/crawler.h"
#include "scanner/printers.h"
#include "scanner/reader.h"
#include "scanner/rule_set.h"
#include "site/site_scan.h"
#include "store/site_store.h"

#ifndef CUOMIN_VERSION
#define CUOMIN_VERSION "0"
#endif

namespace cuomin::cmd {

const char kCrawlHelp[] = R"(用法：cuomin crawl [选项] 网址...

礼貌地抓取整个网站，对每个页面做与 cuomin check 相同的检查，并检查链接：死链、
隐藏链接（暗链）、黑名单域名（赌博、色情、诈骗）、已变质的外部链接（目标页面现含违法内容）、
指向非政府网站的外部链接、javascript:/data: 链接。发现的问题以页面网址为来源输出。

抓取选项：
  --max-pages N         最多抓取的站内页面数（默认 100000）
  --max-outbound N      最多检查的站外链接数（默认 10000；每个站外网址一次请求）
  --max-depth D         从起始网址起的最大链接层数（默认 64）
  --scope host|domain|prefix
                        抓取范围：同一主机（默认）、同一注册域名及其子域名、起始目录之下
  --include REGEX       只抓取匹配的站内网址（RE2 语法）
  --exclude REGEX       不抓取匹配的站内网址
  --concurrency C       同时进行的请求总数（默认 8）
  --per-host-concurrency C
                        每个站点同时进行的请求数（默认 2）
  --per-host-rate R     每个站点每秒最多请求数（默认 5；robots.txt 的 Crawl-delay 可能更慢）
  --timeout S           连接和读取超时秒数（默认 20）
  --user-agent UA       User-Agent（默认表明 cuomin 身份）
  --max-page-size MB    页面大小上限，超过部分不检查（默认 10）
  --time-limit S        每个页面解析和检查的时限（秒，默认 30；0 表示不限）；超时的页面保留
                        已发现的问题，另报一处 check-incomplete，抓取照常继续
  --retry-delay S       确认死链前重试的等待秒数（默认 2）
  --max-retry-after S   服务器要求等待（Retry-After）超过此秒数时不再重试（默认 120）
  --no-outbound         不检查指向站外的链接
  --no-sitemap          不读取 sitemap.xml
  --no-attachments      不下载、不检查附件（PDF、Excel、Word、OFD）
  --no-images           不下载、不识别网页中的图片（OCR）
  --max-file-size MB    附件和图片的大小上限，超过的不检查（默认 50）
  --insecure            不校验 HTTPS 证书
  --allow-private-addresses
                        允许链接检查和重定向访问本机、内网和链路本地地址（内网站点用；
                        默认只访问公网地址及起始网址所在的地址类型）
  --blocklist FILE      追加域名黑名单文件（每行一个域名，含其子域名；可重复）
  --db FILE             SQLite 数据库：再次抓取时只取有变化的页面，并标出问题是新发现、
                        仍存在还是已修复（文本的【新发现】等标记、JSON 的 status、
                        CSV 的“状态”列、SARIF 的 baselineState）

检查与输出选项（同 cuomin check）：
  -f, --format FORMAT   text（默认）、json、sarif、csv
  --rules DIR、--no-default-rules、--allow FILE、--disable RULE|CATEGORY、--fail-on SEVERITY
  -h, --help            显示本帮助

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

namespace {

namespace sc = cuomin::scanner;
namespace cr = cuomin::crawler;

// The command line's sink: the printer, and whether a finding reaches --fail-on.
class PrinterSink : public site::FindingSink {
 public:
  PrinterSink(sc::Printer* printer, sc::Severity fail_on, bool fail_never)
      : printer_(printer), fail_on_(fail_on), fail_never_(fail_never) {}

  void OnPage(const site::PageFindings& page) override {
    for (size_t i = 0; i < page.findings.size(); ++i) {
      bool fixed = i < page.status.size() && page.status[i] == sc::ScanStatus::kFixed;
      if (!fixed && !fail_never_ && page.findings[i].severity >= fail_on_) fail_ = true;
    }
    printer_->OnDocumentWithStatus(page.source, page.findings, page.status);
  }

  bool fail() const { return fail_; }

 private:
  sc::Printer* printer_;
  const sc::Severity fail_on_;
  const bool fail_never_;
  bool fail_ = false;
};

// SIGINT and SIGTERM end the crawl cleanly: they are blocked in every thread (the mask is
// inherited, so it is set before any thread starts) and taken by one thread with sigtimedwait,
// which cancels the scan; the pages finished so far stay committed. A second signal ends the
// process at once.
class SignalWatch {
 public:
  SignalWatch() {
    sigemptyset(&set_);
    sigaddset(&set_, SIGINT);
    sigaddset(&set_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set_, &old_);
  }
  ~SignalWatch() {
    Stop();
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  void Start(site::SiteScan* scan) {
    thread_ = std::thread([this, scan] {
      timespec tick{0, 200 * 1000 * 1000};
      while (!stop_) {
        int sig = sigtimedwait(&set_, nullptr, &tick);
        if (sig <= 0) continue;
        if (signal_ != 0) _exit(128 + sig);
        signal_ = sig;
        std::cerr << "\ncuomin: 收到" << (sig == SIGINT ? "中断（Ctrl+C）" : "终止（SIGTERM）")
                  << "信号，等待进行中的请求结束后停止；再次发送则立即退出\n";
        scan->Cancel(store::ScanState::kInterrupted);
      }
    });
  }
  void Stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  // The signal that stopped the crawl, 0 for none.
  int signal() const { return signal_; }

 private:
  sigset_t set_;
  sigset_t old_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::atomic<int> signal_{0};
};

int UsageError(const std::string& message) {
  // Messages quote arguments and file names: control characters in them are escaped.
  std::cerr << "cuomin crawl: " << utf8::ToSafeLine(message)
            << "\n运行 cuomin crawl --help 查看用法\n";
  return kExitError;
}

bool EnvSet(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0';
}

void PrintSummary(const site::ScanSummary& sum, bool with_db) {
  const cr::CrawlStats& st = sum.crawl;
  size_t unreadable = sum.unreadable;
  std::ostringstream o;
  o << "\n抓取完成，用时 " << std::fixed << std::setprecision(1) << st.seconds << " 秒：站内页面 "
    << st.pages;
  if (with_db) o << "（未变化 " << st.not_modified << "）";
  o << "，站外链接检查 " << st.outbound << "，请求 " << st.requests << " 次（重试 " << st.retries
    << "）\n";
  if (unreadable > 0) {
    o << "无法读取的页面或文件 " << unreadable
      << " 个（内容损坏、类型与声明不符或无法解码），未检查\n";
  }
  o << "跳过：robots.txt 禁止 " << st.robots_skipped << "，范围外 " << st.scope_skipped << "，排除 "
    << st.excluded << "，疑似陷阱 " << st.trap_skipped << "，超出上限 " << st.limit_skipped << "\n";
  if (!st.errors.empty()) {
    o << "错误：";
    bool first = true;
    for (const auto& [k, n] : st.errors) {
      o << (first ? "" : "，") << k << " " << n;
      first = false;
    }
    o << "\n";
  }
  o << "发现问题 " << sum.findings << " 处";
  for (const auto& [cat, sev] : sum.by_category) {
    o << "；" << sc::ChineseName(cat) << "：严重 " << sev[3] << " 重要 " << sev[2] << " 一般 "
      << sev[1] << " 提示 " << sev[0];
  }
  if (with_db) o << "；上次发现、本次已修复 " << sum.fixed << " 处";
  o << "\n";
  std::cerr << o.str();
}

}  // namespace

int RunCrawl(const std::vector<std::string_view>& args) {
  SignalWatch signals;
  Result<CrawlCommandOptions> parsed = ParseCrawlOptions(args);
  if (!parsed.ok()) return UsageError(parsed.status().message());
  CrawlCommandOptions& opt = *parsed;
  if (opt.help) {
    std::cout << kCrawlHelp;
    return kExitOk;
  }

  Result<std::vector<std::string>> dirs = ResolveRuleDirs(opt.no_default_rules, opt.rule_dirs);
  if (!dirs.ok()) return UsageError(dirs.status().message());
  Result<std::string> dict = DefaultDictionaryDir();
  if (!dict.ok()) return UsageError(dict.status().message());
  Result<cr::DomainList> blocklist = site::LoadShippedBlocklists(*dict);
  if (!blocklist.ok()) {
    std::cerr << "cuomin: " << utf8::ToSafeLine(blocklist.status().message()) << "\n";
    return kExitError;
  }
  for (const std::string& f : opt.blocklists) {
    if (Status st = blocklist->LoadFile(f, "黑名单"); !st.ok()) return UsageError(st.message());
  }

  sc::RuleSetOptions rs_opt;
  rs_opt.rule_dirs = *dirs;
  rs_opt.allow_files = opt.allow_files;
  rs_opt.disabled = opt.disabled;
  Result<std::unique_ptr<sc::RuleSet>> rules = sc::RuleSet::Load(rs_opt);
  if (!rules.ok()) {
    std::cerr << "cuomin: " << utf8::ToSafeLine(rules.status().message()) << "\n";
    return kExitError;
  }

  std::unique_ptr<store::SiteStore> db;
  if (!opt.db.empty()) {
    Result<std::unique_ptr<store::SiteStore>> s = store::OpenSqliteSiteStore(opt.db);
    if (!s.ok()) return UsageError(s.status().message());
    db = std::move(*s);
  }

  sc::PrinterOptions printer_opt;
  printer_opt.color = opt.format == "text" && ::isatty(STDOUT_FILENO) && !EnvSet("NO_COLOR");
  printer_opt.tool_version = CUOMIN_VERSION;
  printer_opt.scan_status_column = db != nullptr;
  if (opt.format == "sarif") {
    for (const sc::RuleSummary& e : (*rules)->Rules()) {
      printer_opt.rules.push_back({e.id, e.description, e.category, e.severity});
    }
  }
  std::unique_ptr<sc::Printer> printer = sc::MakePrinter(opt.format, std::cout, printer_opt);
  PrinterSink sink(printer.get(), opt.fail_on, opt.fail_never);

  site::SiteScanOptions scan_opt;
  scan_opt.crawl = opt.crawl;
  scan_opt.attachments = opt.attachments;
  scan_opt.rules = rules->get();
  scan_opt.blocklist = std::move(*blocklist);
  scan_opt.store = db.get();
  scan_opt.page_time_limit = std::chrono::duration<double>(opt.page_time_limit_seconds);
  site::SiteScan scan(std::move(scan_opt), &sink);
  if (Status st = scan.Start(); !st.ok()) return UsageError(st.message());

  signals.Start(&scan);
  // The progress line is for a person watching; never in a pipe or a log.
  bool tty = ::isatty(STDERR_FILENO);
  std::mutex progress_mu;
  std::condition_variable progress_cv;
  bool finished = false;
  std::thread progress;
  if (tty) {
    progress = std::thread([&] {
      auto start = std::chrono::steady_clock::now();
      std::unique_lock lock(progress_mu);
      while (
          !progress_cv.wait_for(lock, std::chrono::milliseconds(500), [&] { return finished; })) {
        double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        site::ScanProgress p = scan.Progress();
        std::cerr << "\r已完成 " << p.pages_done << "，队列中 " << p.queued << "，错误 " << p.errors
                  << "，" << std::fixed << std::setprecision(1)
                  << (secs > 0 ? static_cast<double>(p.pages_done) / secs : 0.0) << " 个/秒\033[K"
                  << std::flush;
      }
      std::cerr << "\r\033[K";
    });
  }
  site::ScanSummary sum = scan.Run();
  signals.Stop();
  if (tty) {
    {
      std::lock_guard lock(progress_mu);
      finished = true;
    }
    progress_cv.notify_all();
    progress.join();
  }

  bool db_failed = !sum.store_error.empty();
  if (db_failed) {
    std::cerr << "cuomin: 数据库写入失败：" << utf8::ToSafeLine(sum.store_error)
              << "\ncuomin: 已写入数据库的 " << sum.committed
              << " 个页面（及链接检查结果）保留；本次扫描未结束，"
              << "不判断哪些问题已修复\n";
  }
  printer->Finish();
  std::cout.flush();
  // On stderr, so it never mixes with the findings; a scheduled scan's log keeps it too.
  PrintSummary(sum, db != nullptr);
  if (signals.signal() != 0) {
    std::cerr << "cuomin: 抓取被信号中断，未抓取完整个网站：已检查的页面的问题已在上面输出";
    if (db) {
      std::cerr << "，已写入数据库的 " << sum.committed
                << " 个页面（及链接检查结果）保留；本次扫描记为中断，不判断哪些问题已修复";
    }
    std::cerr << "\n";
    return 128 + signals.signal();
  }
  const cr::CrawlStats& stats = sum.crawl;
  if (db_failed) return kExitError;
  // Nothing was checked: not a clean result, whatever the findings say.
  if (stats.pages == 0 && stats.not_modified == 0) {
    std::cerr << "cuomin: 没有抓取到任何页面";
    if (stats.robots_skipped > 0)
      std::cerr << "（robots.txt 禁止抓取 " << stats.robots_skipped << " 个）";
    for (const auto& [k, n] : stats.errors) std::cerr << "（" << k << " " << n << "）";
    std::cerr << "\n";
    return kExitError;
  }
  return sink.fail() ? kExitFindings : kExitOk;
}

}  // namespace cuomin::cmd
