#include "cmd/crawl_command.h"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include "cmd/crawl_options.h"
#include "cmd/link_checks.h"
#include "cmd/options.h"
#include "cmd/rule_dirs.h"
#include "crawler/crawler.h"
#include "crawler/domain_list.h"
#include "scanner/printers.h"
#include "scanner/reader.h"
#include "scanner/rule_set.h"
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
  --retry-delay S       确认死链前重试的等待秒数（默认 2）
  --max-retry-after S   服务器要求等待（Retry-After）超过此秒数时不再重试（默认 120）
  --no-outbound         不检查指向站外的链接
  --no-sitemap          不读取 sitemap.xml
  --insecure            不校验 HTTPS 证书
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
无法访问）。
问题随页面抓取完成陆续输出（页面之间的顺序不固定）。终端上运行时，标准错误显示进度；
结束时在标准错误输出汇总（页面数、跳过数、各类错误、各类问题、用时）。

示例：
  cuomin crawl https://www.example.gov.cn/
  cuomin crawl --db site.db --format csv https://www.example.gov.cn/ > 结果.csv
)";

namespace {

namespace sc = cuomin::scanner;
namespace cr = cuomin::crawler;

constexpr char kDocxMedia[] =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
// Rules whose critical findings on an outbound page mean it now shows illegal content.
constexpr std::string_view kBadContentRules[] = {"sensitive-gambling", "sensitive-pornography",
                                                 "sensitive-illegal-domains"};
// Critical hits needed before an outbound page counts as turned bad: one word can be a news
// report; a gambling or porn site repeats them.
constexpr size_t kBadContentMinHits = 2;

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string PathOf(const std::string& url) {
  std::optional<cr::Url> u = cr::ParseUrl(url);
  return u ? u->path : "";
}

// Where findings go as pages finish: the database (which tells new from still present) and
// the printer, one page's findings at a time, from any worker thread. Only counts are kept,
// so a long crawl holds no findings in memory; the order between pages follows the crawl
// (within a page, FindingLess order).
class FindingOutput {
 public:
  FindingOutput(sc::FindingSink* printer, store::SiteStore* db, sc::Severity fail_on,
                bool fail_never)
      : printer_(printer), db_(db), fail_on_(fail_on), fail_never_(fail_never) {}

  // Findings of any pages (link checks): each page's in a transaction of its own.
  void Emit(std::vector<sc::Finding> findings) {
    std::sort(findings.begin(), findings.end(), sc::FindingLess);
    for (size_t i = 0; i < findings.size();) {
      size_t j = i;
      while (j < findings.size() && findings[j].source == findings[i].source) ++j;
      std::vector<sc::Finding> page(std::make_move_iterator(findings.begin() + i),
                                    std::make_move_iterator(findings.begin() + j));
      // The source is copied first: the argument order would let the move empty `page`.
      std::string source = page.front().source;
      EmitPage(source, nullptr, std::move(page));
      i = j;
    }
  }

  // One page: its record (when the database keeps one) and its findings are committed
  // together, then printed.
  void EmitPage(const std::string& source, const store::PageRecord* record,
                std::vector<sc::Finding> findings) {
    std::sort(findings.begin(), findings.end(), sc::FindingLess);
    std::lock_guard lock(mu_);
    if (db_ && (record != nullptr || !findings.empty())) {
      Result<std::vector<store::RecordedFinding>> st = db_->CommitPage(source, record, findings);
      if (st.ok()) {
        for (size_t i = 0; i < findings.size(); ++i) findings[i].scan_status = (*st)[i].status;
        ++committed_;
      } else {
        NoteDbErrorLocked(st.status());
      }
    }
    if (findings.empty()) return;
    for (sc::Finding& f : findings) {
      ++by_[f.category][static_cast<size_t>(f.severity)];
      ++total_;
      if (!fail_never_ && f.severity >= fail_on_) fail_ = true;
    }
    printer_->OnDocument(findings.front().source, findings);
  }

  // Findings fixed since the last scan: printed, not counted as found.
  void EmitFixed(std::vector<sc::Finding>& findings) {
    std::lock_guard lock(mu_);
    fixed_ += findings.size();
    printer_->OnDocument(findings.front().source, findings);
  }

  void NoteDbError(const Status& st) {
    std::lock_guard lock(mu_);
    NoteDbErrorLocked(st);
  }

  bool fail() const { return fail_; }
  size_t total() const { return total_; }
  size_t fixed() const { return fixed_; }
  // Pages and link batches written to the database.
  size_t committed() const { return committed_; }
  const std::string& db_error() const { return db_error_; }
  // Findings by category, then severity (index = Severity value).
  const std::map<sc::Category, std::array<size_t, 4>>& by() const { return by_; }

 private:
  void NoteDbErrorLocked(const Status& st) {
    if (db_error_.empty()) db_error_ = st.message();
  }

  sc::FindingSink* printer_;
  store::SiteStore* db_;
  const sc::Severity fail_on_;
  const bool fail_never_;
  std::mutex mu_;
  std::map<sc::Category, std::array<size_t, 4>> by_;
  size_t total_ = 0;
  size_t fixed_ = 0;
  size_t committed_ = 0;
  bool fail_ = false;
  std::string db_error_;
};

class CrawlRun : public cr::CrawlObserver {
 public:
  CrawlRun(const sc::RuleSet& rules, LinkChecks& links, store::SiteStore* db, FindingOutput& out)
      : rules_(rules), links_(links), db_(db), out_(out) {}

  bool WantsBody(const std::string& url, const std::string& media) override {
    return media == kDocxMedia || EndsWith(PathOf(url), ".docx");
  }

  std::vector<std::string> OnPage(const cr::Page& page) override {
    if (page.role == cr::UrlRole::kOutbound) {
      ScanOutbound(page);
      return {};
    }
    sc::ReadOptions read;
    bool docx = page.media_type == kDocxMedia || EndsWith(PathOf(page.final_url), ".docx");
    read.format = docx ? "docx" : "html";
    read.declared_encoding = page.charset;
    Result<sc::Document> doc = sc::ReadDocument(page.url, page.body, read);
    if (!doc.ok()) {
      std::lock_guard lock(mu_);
      ++unreadable_;
      return {};
    }
    std::vector<sc::Finding> found = rules_.Check(*doc);
    if (page.truncated) {
      sc::Finding f;
      f.source = page.url;
      f.rule = kRuleTruncated;
      f.category = sc::Category::kFormat;
      f.severity = sc::Severity::kInfo;
      f.message = "页面超过大小上限，只检查了前 " + std::to_string(page.body.size() >> 20) + " MB";
      f.rule_file = "cuomin crawl";
      found.push_back(std::move(f));
    }
    std::vector<std::string> targets;
    store::PageRecord record;
    record.etag = page.etag;
    record.last_modified = page.last_modified;
    std::optional<cr::Url> base = cr::ParseUrl(page.final_url);
    if (base && !docx) {
      sc::LineIndex index(doc->original);
      for (const sc::Link& link : doc->links) {
        LinkPlace place;
        place.page = page.url;
        place.offset = link.original_offset;
        size_t close = doc->original.find('>', link.original_offset);
        place.length = close == std::string::npos ? 0 : close + 1 - link.original_offset;
        sc::LineIndex::Position pos = index.At(link.original_offset);
        place.line = pos.line;
        place.column = pos.column;
        place.href = link.href;
        std::optional<std::string> target = links_.OnLink(*base, link, place, found);
        if (!target) continue;
        links_.AddRef(*target, place);
        targets.push_back(*target);
        if (db_) record.links.push_back({*target, place.offset, place.line, place.column});
      }
    }
    out_.EmitPage(page.url, db_ ? &record : nullptr, std::move(found));
    std::lock_guard lock(mu_);
    ++scanned_;
    return targets;
  }

  cr::Validators ValidatorsFor(const std::string& url) override {
    if (!db_) return {};
    Result<std::optional<store::PageRecord>> r = db_->GetPage(url);
    if (!r.ok()) {
      out_.NoteDbError(r.status());
      return {};
    }
    if (!*r) return {};
    return {(*r)->etag, (*r)->last_modified};
  }

  std::vector<std::string> OnUnchanged(const std::string& url, int depth) override {
    if (!db_) return {};
    Result<std::optional<store::PageRecord>> r = db_->GetPage(url);
    Result<std::vector<store::StoredFinding>> open = db_->OpenFindings(url);
    if (!r.ok() || !open.ok()) {
      out_.NoteDbError(!r.ok() ? r.status() : open.status());
      return {};
    }
    std::vector<sc::Finding> carried;
    for (store::StoredFinding& f : *open) carried.push_back(std::move(f.finding));
    std::vector<std::string> targets;
    if (*r) {
      for (const store::StoredLink& l : (*r)->links) {
        LinkPlace place;
        place.page = url;
        place.offset = l.offset;
        place.line = l.line;
        place.column = l.column;
        place.href = l.target;
        links_.AddRef(l.target, place);
        targets.push_back(l.target);
      }
    }
    // Fetch-dependent findings are checked afresh through the links re-added above.
    carried.erase(std::remove_if(carried.begin(), carried.end(),
                                 [](const sc::Finding& f) { return IsFetchDependentRule(f.rule); }),
                  carried.end());
    out_.EmitPage(url, *r ? &**r : nullptr, std::move(carried));
    std::lock_guard lock(mu_);
    ++unchanged_;
    return targets;
  }

  void OnResult(const cr::UrlResult& r) override {
    // A page that is gone: what it said is no longer on the site.
    if (db_ && r.role == cr::UrlRole::kPage && r.outcome == cr::Outcome::kHttpError &&
        (r.status == 404 || r.status == 410)) {
      if (Status st = db_->MarkGone(r.url); !st.ok()) out_.NoteDbError(st);
    }
    links_.OnResult(r);
  }

  size_t scanned() const { return scanned_; }
  size_t unreadable() const { return unreadable_; }

 private:
  void ScanOutbound(const cr::Page& page) {
    sc::ReadOptions read;
    read.format = "html";
    read.declared_encoding = page.charset;
    Result<sc::Document> doc = sc::ReadDocument(page.url, page.body, read);
    if (!doc.ok()) return;
    size_t hits = 0;
    std::set<std::string> words;
    for (const sc::Finding& f : rules_.Check(*doc)) {
      if (f.severity != sc::Severity::kCritical) continue;
      if (std::find(std::begin(kBadContentRules), std::end(kBadContentRules), f.rule) ==
          std::end(kBadContentRules))
        continue;
      ++hits;
      if (words.size() < 4) words.insert(f.text);
    }
    if (hits < kBadContentMinHits) return;
    std::string evidence;
    for (const std::string& w : words) evidence += (evidence.empty() ? "" : "、") + w;
    links_.SetBadContent(page.url, evidence);
  }

  const sc::RuleSet& rules_;
  LinkChecks& links_;
  store::SiteStore* db_;
  FindingOutput& out_;
  std::mutex mu_;
  size_t scanned_ = 0;
  size_t unreadable_ = 0;
  size_t unchanged_ = 0;
};

int UsageError(const std::string& message) {
  std::cerr << "cuomin crawl: " << message << "\n运行 cuomin crawl --help 查看用法\n";
  return kExitError;
}

bool EnvSet(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0';
}

// The shipped blocklists: the Chinese illegal-domain list of the sensitive rules (shipped once,
// read here too) and the gambling/porn host lists of dictionaries/links/.
Result<cr::DomainList> LoadBlocklists(const std::string& dict_dir) {
  cr::DomainList list;
  struct Source {
    const char* file;
    const char* label;
  };
  constexpr Source kSources[] = {{"sensitive/illegal-domains.txt", "涉赌涉黄"},
                                 {"links/gambling-domains.txt", "赌博"},
                                 {"links/pornography-domains.txt", "色情"}};
  for (const Source& s : kSources) {
    Status st = list.LoadFile(dict_dir + "/" + s.file, s.label);
    if (!st.ok()) return st;
  }
  return list;
}

void PrintSummary(const cr::CrawlStats& st, const FindingOutput& out, bool with_db,
                  size_t unreadable) {
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
  o << "发现问题 " << out.total() << " 处";
  for (const auto& [cat, sev] : out.by()) {
    o << "；" << sc::ChineseName(cat) << "：严重 " << sev[3] << " 重要 " << sev[2] << " 一般 "
      << sev[1] << " 提示 " << sev[0];
  }
  if (with_db) o << "；上次发现、本次已修复 " << out.fixed() << " 处";
  o << "\n";
  std::cerr << o.str();
}

}  // namespace

int RunCrawl(const std::vector<std::string_view>& args) {
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
  Result<cr::DomainList> blocklist = LoadBlocklists(*dict);
  if (!blocklist.ok()) {
    std::cerr << "cuomin: " << blocklist.status().message() << "\n";
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
    std::cerr << "cuomin: " << rules.status().message() << "\n";
    return kExitError;
  }

  std::unique_ptr<store::SiteStore> db;
  if (!opt.db.empty()) {
    Result<std::unique_ptr<store::SiteStore>> s = store::OpenSqliteSiteStore(opt.db);
    if (!s.ok()) return UsageError(s.status().message());
    db = std::move(*s);
    std::string seeds;
    for (const std::string& s2 : opt.crawl.seeds) seeds += s2 + " ";
    if (Status st = db->BeginScan(seeds); !st.ok()) return UsageError(st.message());
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
  std::unique_ptr<sc::FindingSink> printer = sc::MakePrinter(opt.format, std::cout, printer_opt);
  FindingOutput out(printer.get(), db.get(), opt.fail_on, opt.fail_never);

  std::unique_ptr<cr::Fetcher> fetcher = cr::MakeHttpFetcher();
  cr::Crawler* crawler_ptr = nullptr;
  LinkChecks links([&](const cr::Url& u) { return crawler_ptr->InScope(u); }, std::move(*blocklist),
                   [&out](std::vector<sc::Finding> f) { out.Emit(std::move(f)); });
  CrawlRun run(**rules, links, db.get(), out);
  cr::Crawler crawler(opt.crawl, fetcher.get(), &run);
  crawler_ptr = &crawler;
  if (Status st = crawler.Validate(); !st.ok()) return UsageError(st.message());

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
        const cr::CrawlProgress& p = crawler.progress();
        std::cerr << "\r已完成 " << p.done << "，队列中 " << p.queued << "，错误 " << p.errors
                  << "，" << std::fixed << std::setprecision(1)
                  << (secs > 0 ? static_cast<double>(p.done) / secs : 0.0) << " 个/秒\033[K"
                  << std::flush;
      }
      std::cerr << "\r\033[K";
    });
  }
  cr::CrawlStats stats = crawler.Run();
  if (tty) {
    {
      std::lock_guard lock(progress_mu);
      finished = true;
    }
    progress_cv.notify_all();
    progress.join();
  }

  bool db_failed = false;
  if (db) {
    // Fixed findings are only told when every page of the scan was written: a page whose
    // findings are missing would look fixed.
    if (out.db_error().empty()) {
      Result<size_t> fixed =
          db->FinishScan([&out](std::vector<sc::Finding>& f) { out.EmitFixed(f); });
      if (!fixed.ok()) out.NoteDbError(fixed.status());
    }
    if (!out.db_error().empty()) {
      db_failed = true;
      std::cerr << "cuomin: 数据库写入失败：" << out.db_error() << "\ncuomin: 已写入数据库的 "
                << out.committed() << " 个页面（及链接检查结果）保留；本次扫描未结束，"
                << "不判断哪些问题已修复\n";
    }
  }
  printer->Finish();
  std::cout.flush();
  // On stderr, so it never mixes with the findings; a scheduled scan's log keeps it too.
  PrintSummary(stats, out, db != nullptr, run.unreadable());
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
  return out.fail() ? kExitFindings : kExitOk;
}

}  // namespace cuomin::cmd
