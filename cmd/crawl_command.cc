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

// A failure that no other flag would cure (a database that cannot be written, a missing
// dictionary folder): the usage hint would send the user to the wrong place.
int Failure(const std::string& message) {
  std::cerr << "cuomin crawl: " << utf8::ToSafeLine(message) << "\n";
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
  if (sum.files_read > 0 || sum.files_unchanged > 0) {
    o << "附件和图片：读取 " << sum.files_read << " 个";
    if (with_db) o << "，与上次相同未再读取 " << sum.files_unchanged << " 个";
    o << "\n";
  }
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
    std::cout << CrawlHelp();
    return kExitOk;
  }

  Result<std::vector<std::string>> dirs = ResolveRuleDirs(opt.no_default_rules, opt.rule_dirs);
  if (!dirs.ok()) return UsageError(dirs.status().message());
  Result<std::string> dict = DefaultDictionaryDir();
  if (!dict.ok()) return Failure(dict.status().message());
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
    if (!s.ok()) return Failure(s.status().message());
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
  if (Status st = scan.Start(); !st.ok()) {
    // Seeds and limits the crawler refuses are the user's to correct; a store that cannot
    // begin the scan is not.
    return st.code() == StatusCode::kInvalidInput ? UsageError(st.message())
                                                  : Failure(st.message());
  }

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
