#include "site/site_scan.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <iterator>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "crawler/url.h"
#include "scanner/document.h"
#include "scanner/reader.h"
#include "site/link_checks.h"
#include "site/scan_output.h"
#include "site/sniff.h"

namespace cuomin::site {
namespace {

namespace sc = cuomin::scanner;
namespace cr = cuomin::crawler;

// Rules whose critical findings on an outbound page mean it now shows illegal content.
constexpr std::string_view kBadContentRules[] = {"sensitive-gambling", "sensitive-pornography",
                                                 "sensitive-illegal-domains"};
// Critical hits needed before an outbound page counts as turned bad: one word can be a news
// report; a gambling or porn site repeats them.
constexpr size_t kBadContentMinHits = 2;
// Threads reading attachments and pictures: as many as OCR engines run at once
// (scanner/read/ocr.cc), more would only wait for one.
const unsigned kFileCheckThreads = std::max(1u, std::thread::hardware_concurrency() / 2);
// Bodies of fetched files waiting to be read; past it the crawl waits for the readers.
constexpr size_t kMaxQueuedFileBytes = size_t{256} << 20;

bool IsHtmlMedia(std::string_view media) {
  return media == "text/html" || media == "application/xhtml+xml";
}

std::string PathOf(const std::string& url) {
  std::optional<cr::Url> u = cr::ParseUrl(url);
  return u ? u->path : "";
}

// An outbound page that was read (SiteScan checks its content for the turned-bad test).
bool IsOutboundPage(const cr::UrlResult& r) {
  return r.role == cr::UrlRole::kOutbound && r.outcome == cr::Outcome::kOk;
}

// The crawl's frontier as the store saves it, in batches, so that a paused or interrupted
// scan continues where it stopped (SiteStore::ResumeScan, LoadFrontier). URLs are queued
// under the crawler's lock, so they are only noted here; batches are written from OnResult,
// outside it. A batch lost to a kill is no loss of data: the store counts a recorded page as
// settled and queues its links again.
class FrontierLog {
 public:
  FrontierLog(store::SiteStore* db, ScanOutput& out) : db_(db), out_(out) {}

  void Queued(const std::string& url, int depth) {
    if (!db_) return;
    std::lock_guard lock(mu_);
    store::FrontierEntry e;
    e.url = url;
    e.depth = depth;
    pending_.push_back(std::move(e));
  }

  // `evidence`: for an outbound page that turned bad, the words found (kept in the entry's
  // detail, which an outbound page's answer has no other use for), so that a scan continued
  // after a pause still judges the links to it that it finds then.
  // `gone`: a page that is gone (404, 410), recorded so with its answer.
  void Settled(const cr::UrlResult& r, const std::string& evidence, bool gone) {
    if (!db_) return;
    const bool fetched = r.outcome != cr::Outcome::kExcluded && r.outcome != cr::Outcome::kTrap &&
                         r.outcome != cr::Outcome::kLimit && r.outcome != cr::Outcome::kRobots &&
                         (r.outcome != cr::Outcome::kOutOfScope || r.status != 0);
    // What was not fetched is judged again when met again (and counts toward no limit).
    if (!fetched) return;
    store::FrontierEntry e;
    e.url = r.url;
    e.depth = r.depth;
    e.done = true;
    e.has_result = true;
    e.role = static_cast<int>(r.role);
    e.outcome = static_cast<int>(r.outcome);
    e.status = r.status;
    e.error = static_cast<int>(r.error);
    e.detail = IsOutboundPage(r) ? evidence : r.detail;
    bool flush;
    {
      std::lock_guard lock(mu_);
      pending_.push_back(std::move(e));
      if (gone) pending_gone_.push_back(r.url);
      // A problem's answer is written at once: links found after a pause still need it.
      flush = pending_.size() >= kBatch || !evidence.empty() ||
              (r.outcome != cr::Outcome::kOk && r.outcome != cr::Outcome::kNotModified);
    }
    if (flush) Flush();
  }

  void Flush() {
    if (!db_) return;
    std::vector<store::FrontierEntry> batch;
    std::vector<std::string> gone;
    {
      std::lock_guard lock(mu_);
      batch.swap(pending_);
      gone.swap(pending_gone_);
    }
    out_.SaveFrontier(std::move(batch), std::move(gone));
  }

 private:
  static constexpr size_t kBatch = 256;
  store::SiteStore* db_;
  ScanOutput& out_;
  std::mutex mu_;
  std::vector<store::FrontierEntry> pending_;
  std::vector<std::string> pending_gone_;
};

// The crawler's observer: reads and checks each page, runs the link checks, and keeps the
// store's page records.
class PageChecks : public cr::CrawlObserver {
 public:
  PageChecks(const sc::RuleSet* rules, LinkChecks& links, store::SiteStore* db, ScanOutput& out,
             FrontierLog& frontier, std::chrono::duration<double> time_limit,
             std::function<std::chrono::steady_clock::time_point()> now, Attachments& files,
             std::function<bool(const cr::Url&)> in_scope,
             std::function<void(const std::string&)> before_file_read)
      : rules_(rules),
        links_(links),
        db_(db),
        out_(out),
        frontier_(frontier),
        time_limit_(time_limit),
        now_(std::move(now)),
        files_(files),
        in_scope_(std::move(in_scope)),
        before_file_read_(std::move(before_file_read)) {}

  bool WantsBody(const std::string& url, const std::string& media) override {
    FileKind kind = KindOf(PathOf(url), media);
    return kind != FileKind::kNone && files_.Enabled(kind);
  }

  size_t BodyLimit(const std::string& url, const std::string& media) override {
    FileKind kind = KindOf(PathOf(url), media);
    return kind != FileKind::kNone && files_.Enabled(kind) ? files_.options().max_file_bytes : 0;
  }

  // Attachments and pictures count against the scan's total as they download; pages do not.
  bool ReserveBody(const std::string& url, const std::string& media, size_t bytes) override {
    if (IsHtmlMedia(media)) return true;
    FileKind kind = KindOf(PathOf(url), media);
    if (kind == FileKind::kNone || !files_.Enabled(kind)) return true;
    return files_.Reserve(bytes);
  }

  std::vector<std::string> OnPage(const cr::Page& page) override {
    // Set before reading, so that the budget covers parsing as well as checking.
    const sc::CheckOptions budget = Budget();
    if (page.role == cr::UrlRole::kOutbound) {
      ScanOutbound(page, budget);
      return {};
    }
    FileKind kind = KindOf(PathOf(page.final_url), page.media_type);
    if (kind != FileKind::kNone && !IsHtmlMedia(page.media_type)) {
      // Off this worker: OCR of a burst of pictures must not hold up the pages.
      file_pool_.Submit(page.body.size(), [this, page, kind] { CheckFile(page, kind); });
      return {};
    }
    sc::ReadOptions read;
    read.format = "html";
    read.declared_encoding = page.charset;
    {
      if (std::optional<std::string_view> kind = SniffBinary(page.body)) {
        ++unreadable_;
        sc::Finding f;
        f.source = page.url;
        f.rule = kRuleUnreadable;
        f.category = sc::Category::kFormat;
        f.severity = sc::Severity::kMinor;
        f.message =
            "该网址以 " + page.media_type + " 提供，内容却是" + std::string(*kind) +
            "，不是网页，未检查；请检查服务器的 Content-Type 设置，或该网址的内容是否被替换";
        f.rule_file = "cuomin crawl";
        store::PageRecord record;
        record.etag = page.etag;
        record.last_modified = page.last_modified;
        out_.EmitPage(page.url, Kept(std::move(record)), {std::move(f)});
        return {};
      }
    }
    Result<sc::Document> doc = sc::ReadDocument(page.url, page.body, read);
    if (!doc.ok()) {
      ++unreadable_;
      return {};
    }
    std::vector<sc::Finding> found = rules_->Check(*doc, budget);
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
    if (db_ && !page.body.empty()) {
      // For the per-page view, which reads it again as this scan read it; a body the store
      // holds already (most of a rescan) is not copied, deflated or written again. A failed
      // read of the hash costs only the write.
      record.content_hash = PageBodyHash(page.charset, page.body);
      Result<bool> same = db_->SameBody(page.url, record.content_hash);
      if (!same.ok() || !*same) record.body = page.body;
      record.charset = page.charset;
    }
    std::optional<cr::Url> base = cr::ParseUrl(page.final_url);
    if (base) {
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
        files_.NoteLink(*target, page.url);
        links_.AddRef(*target, place);
        targets.push_back(*target);
        if (db_) record.links.push_back({*target, place.offset, place.line, place.column});
      }
    }
    // Pictures in scope, for OCR: fetched like pages (not link-checked: a missing picture
    // is not a link a visitor follows). Recorded even when not read now, so that a later scan
    // of the page unchanged still finds them.
    if (base) {
      std::set<std::string> seen;
      for (const sc::Link& image : doc->images) {
        std::optional<cr::Url> u = cr::ResolveUrl(*base, image.href);
        if (!u || !in_scope_(*u)) continue;
        std::string target = u->spec();
        if (!seen.insert(target).second) continue;
        if (db_) record.images.push_back(target);
        if (!files_.Enabled(FileKind::kImage)) continue;
        files_.NoteLink(target, page.url);
        targets.push_back(target);
      }
    }
    out_.EmitPage(page.url, Kept(std::move(record)), std::move(found));
    return targets;
  }

  cr::Validators ValidatorsFor(const std::string& url) override {
    if (!db_) return {};
    Result<store::SiteStore::Validators> r = db_->GetValidators(url);
    if (!r.ok()) {
      out_.NoteStoreError(r.status());
      return {};
    }
    return {std::move(r->etag), std::move(r->last_modified)};
  }

  std::vector<std::string> OnUnchanged(const std::string& url, int depth) override {
    if (!db_) return {};
    Result<std::optional<store::PageRecord>> r = db_->GetPage(url);
    Result<std::vector<store::StoredFinding>> open = db_->OpenFindings(url);
    if (!r.ok() || !open.ok()) {
      out_.NoteStoreError(!r.ok() ? r.status() : open.status());
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
        // An attachment reached from here names this page, as after a fetch.
        files_.NoteLink(l.target, url);
        targets.push_back(l.target);
      }
      if (files_.Enabled(FileKind::kImage)) {
        for (const std::string& image : (*r)->images) {
          files_.NoteLink(image, url);
          targets.push_back(image);
        }
      }
    }
    // Fetch-dependent findings are checked afresh through the links re-added above.
    carried.erase(std::remove_if(carried.begin(), carried.end(),
                                 [](const sc::Finding& f) { return IsFetchDependentRule(f.rule); }),
                  carried.end());
    out_.EmitPage(url, std::move(*r), std::move(carried));
    return targets;
  }

  void OnResult(const cr::UrlResult& r) override {
    // A page that is gone: what it said is no longer on the site.
    const bool gone = db_ && r.role == cr::UrlRole::kPage && r.outcome == cr::Outcome::kHttpError &&
                      (r.status == 404 || r.status == 410);
    // Read before OnResult, which uses it up.
    std::string evidence = IsOutboundPage(r) ? links_.BadContent(r.url) : std::string();
    links_.OnResult(r);
    frontier_.Settled(r, evidence, gone);
  }

  void OnQueued(const std::string& url, int depth) override { frontier_.Queued(url, depth); }

  size_t unreadable() const { return unreadable_; }
  size_t files_read() const { return files_read_; }
  size_t files_unchanged() const { return files_unchanged_; }
  // Waits for the attachments and pictures still queued or being read. A stopped scan reads
  // them too: the saved frontier counts them as settled, so a resumed scan would not.
  void DrainFiles() { file_pool_.Drain(); }

 private:
  sc::CheckOptions Budget() const {
    sc::CheckOptions budget;
    if (time_limit_.count() <= 0) return budget;
    budget.now = now_;
    budget.deadline = (now_ ? now_() : std::chrono::steady_clock::now()) +
                      std::chrono::duration_cast<std::chrono::steady_clock::duration>(time_limit_);
    return budget;
  }

  // An outbound page cut short by its budget is judged on what was checked: it only counts as
  // turned bad on findings, never on missing ones.
  void ScanOutbound(const cr::Page& page, const sc::CheckOptions& budget) {
    sc::ReadOptions read;
    read.format = "html";
    read.declared_encoding = page.charset;
    Result<sc::Document> doc = sc::ReadDocument(page.url, page.body, read);
    if (!doc.ok()) return;
    size_t hits = 0;
    std::set<std::string> words;
    for (const sc::Finding& f : rules_->Check(*doc, budget)) {
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

  // An attachment or a picture: read by its bytes (the format sniffed, as `cuomin check`
  // does), checked, and its findings named by its URL, with the page that links to it.
  void CheckFile(const cr::Page& page, FileKind kind) {
    std::string from = files_.LinkedFrom(page.url);
    std::string where = from.empty() ? "" : "（附件，链接自 " + from + "）";
    // `hash`: the file's, when the problem is in its bytes (the same bytes next time give the
    // same problem); "" when it is this scan's limit, and then neither the validators nor the
    // hash are kept, so that the next scan reads the file in full.
    auto problem = [&](std::string message, std::string hash) {
      ++unreadable_;
      sc::Finding f;
      f.source = page.url;
      f.rule = kRuleUnreadable;
      f.category = sc::Category::kFormat;
      f.severity = sc::Severity::kMinor;
      f.message = std::move(message) + where;
      f.rule_file = "cuomin crawl";
      store::PageRecord record;
      if (!hash.empty()) {
        record.etag = page.etag;
        record.last_modified = page.last_modified;
        record.content_hash = std::move(hash);
      }
      out_.EmitPage(page.url, Kept(std::move(record)), {std::move(f)});
    };
    if (page.over_limit_length > 0) {
      problem("文件大小 " + MegabytesText(page.over_limit_length) + " MB，超过 " +
                  MegabytesText(files_.options().max_file_bytes) + " MB 的大小上限，未下载、未检查",
              "");
      return;
    }
    if (page.truncated) {
      problem(
          "文件超过 " + MegabytesText(files_.options().max_file_bytes) + " MB 的大小上限，未检查",
          "");
      return;
    }
    if (page.refused) {
      problem("本次抓取的附件和图片已达总量上限（" +
                  MegabytesText(files_.options().max_site_bytes) + " MB），该文件未下载、未检查",
              "");
      return;
    }
    std::string hash = db_ ? ContentHash(page.body) : "";
    if (CarryUnchanged(page, hash)) return;
    ++files_read_;
    if (before_file_read_) before_file_read_(page.url);
    // The name gives the reader the extension; the URL stays the source of the findings.
    sc::ReadOptions read;
    read.format = kind == FileKind::kImage ? "image" : "";
    Result<sc::Document> doc = sc::ReadDocument(page.url, page.body, read);
    if (!doc.ok()) {
      problem(doc.status().message(), hash);
      return;
    }
    // The page's time budget covers the check, not the reading: OCR has its own per page.
    std::vector<sc::Finding> found = rules_->Check(*doc, Budget());
    if (!from.empty()) {
      for (sc::Finding& f : found) f.message += where;
    }
    store::PageRecord record;
    record.etag = page.etag;
    record.last_modified = page.last_modified;
    record.content_hash = std::move(hash);
    out_.EmitPage(page.url, Kept(std::move(record)), std::move(found));
  }

  // A file with the bytes the last scan read (its server sent no validators, or ignored
  // them): its open findings are carried as an unchanged page's are, and it is not read or
  // recognised again. False when there is no such record, and the file is read.
  bool CarryUnchanged(const cr::Page& page, const std::string& hash) {
    if (!db_ || hash.empty()) return false;
    Result<std::optional<store::PageRecord>> r = db_->GetPage(page.url);
    if (!r.ok()) {
      out_.NoteStoreError(r.status());
      return false;
    }
    if (!*r || (*r)->content_hash != hash) return false;
    Result<std::vector<store::StoredFinding>> open = db_->OpenFindings(page.url);
    if (!open.ok()) {
      out_.NoteStoreError(open.status());
      return false;
    }
    std::vector<sc::Finding> carried;
    for (store::StoredFinding& f : *open) carried.push_back(std::move(f.finding));
    store::PageRecord record = std::move(**r);
    record.etag = page.etag;
    record.last_modified = page.last_modified;
    out_.EmitPage(page.url, std::move(record), std::move(carried));
    ++files_unchanged_;
    return true;
  }

  // What the store keeps of a page: nothing without a store.
  std::optional<store::PageRecord> Kept(store::PageRecord&& record) const {
    if (!db_) return std::nullopt;
    return std::optional<store::PageRecord>(std::move(record));
  }

  const sc::RuleSet* rules_;  // Start() refuses a scan without one
  LinkChecks& links_;
  store::SiteStore* db_;
  ScanOutput& out_;
  FrontierLog& frontier_;
  const std::chrono::duration<double> time_limit_;
  const std::function<std::chrono::steady_clock::time_point()> now_;
  Attachments& files_;
  std::function<bool(const cr::Url&)> in_scope_;
  const std::function<void(const std::string&)> before_file_read_;
  std::atomic<size_t> unreadable_{0};
  std::atomic<size_t> files_read_{0};
  std::atomic<size_t> files_unchanged_{0};
  // Last: destroyed first, while the members its jobs use still live.
  FileCheckPool file_pool_{kFileCheckThreads, kMaxQueuedFileBytes};
};

}  // namespace

class SiteScan::Impl {
 public:
  Impl(SiteScanOptions o, FindingSink* sink)
      : opt_(std::move(o)),
        own_fetcher_(opt_.fetcher == nullptr ? cr::MakeHttpFetcher() : nullptr),
        out_(sink, opt_.store, opt_.store_batching),
        links_([this](const cr::Url& u) { return crawler_.InScope(u); }, std::move(opt_.blocklist),
               [this](std::vector<sc::Finding> f) { out_.Emit(std::move(f)); }),
        frontier_(opt_.store, out_),
        files_(opt_.attachments),
        checks_(
            opt_.rules, links_, opt_.store, out_, frontier_, opt_.page_time_limit, opt_.now, files_,
            [this](const cr::Url& u) { return crawler_.InScope(u); }, opt_.before_file_read),
        crawler_(opt_.crawl, opt_.fetcher != nullptr ? opt_.fetcher : own_fetcher_.get(),
                 &checks_) {}

  Status Start() {
    if (opt_.rules == nullptr) return Status::InvalidInput("没有给出检查规则");
    if (Status st = crawler_.Validate(); !st.ok()) return st;
    if (opt_.store) {
      std::string label = opt_.store_label;
      if (label.empty()) {
        for (const std::string& s : opt_.crawl.seeds) label += s + " ";
      }
      Status st = opt_.resume_scan != 0 ? opt_.store->ResumeScan(opt_.resume_scan)
                                        : opt_.store->BeginScan(label);
      if (!st.ok()) return st;
      if (opt_.resume_scan != 0) {
        if (Status c = Continue(); !c.ok()) return c;
      }
    }
    started_ = true;
    return Status::Ok();
  }

  ScanSummary Run() {
    cr::CrawlStats stats = crawler_.Run();
    phase_ = ScanPhase::kWriting;
    // The files still being read belong to this scan's findings.
    checks_.DrainFiles();
    frontier_.Flush();
    out_.Flush();
    phase_ = ScanPhase::kFinishing;
    ScanSummary& sum = out_.summary();
    sum.crawl = stats;
    sum.unreadable = checks_.unreadable();
    sum.files_read = checks_.files_read();
    sum.files_unchanged = checks_.files_unchanged();
    sum.state = stats.cancelled ? cancel_reason_.load() : store::ScanState::kFinished;
    if (!sum.store_error.empty()) sum.state = store::ScanState::kInterrupted;
    if (opt_.store && started_) {
      // Fixed findings are only told when every page of the scan was written and the crawl
      // ran to its end: a page whose findings are missing would look fixed.
      if (sum.state == store::ScanState::kFinished) {
        Result<size_t> fixed =
            opt_.store->FinishScan([this](std::vector<sc::Finding>& f) { out_.EmitFixed(f); });
        if (!fixed.ok()) {
          out_.NoteStoreError(fixed.status());
          sum.state = store::ScanState::kInterrupted;
        }
      }
      if (sum.state != store::ScanState::kFinished) {
        if (Status st = opt_.store->EndScan(sum.state); !st.ok()) out_.NoteStoreError(st);
      }
    }
    return sum;
  }

  // A resumed scan goes on from its saved frontier: what it settled is not fetched again
  // (unless listed in recheck), the link checks know the answers it had and the links of
  // the pages it recorded, and the rest is queued.
  Status Continue() {
    if (Status st = opt_.store->RecheckPages(opt_.recheck); !st.ok()) return st;
    Result<store::SavedFrontier> saved = opt_.store->LoadFrontier();
    if (!saved.ok()) return saved.status();
    std::set<std::string> recheck(opt_.recheck.begin(), opt_.recheck.end());
    std::set<std::string> settled_set;
    std::vector<std::string> settled;
    std::vector<std::pair<std::string, int>> queued;
    for (const store::FrontierEntry& e : saved->urls) {
      if (!e.done || recheck.count(e.url)) {
        queued.emplace_back(e.url, e.depth);
        continue;
      }
      settled.push_back(e.url);
      settled_set.insert(e.url);
      cr::UrlResult r;
      r.url = e.url;
      r.depth = e.depth;
      if (e.has_result) {
        r.role = static_cast<cr::UrlRole>(e.role);
        r.outcome = static_cast<cr::Outcome>(e.outcome);
        r.status = e.status;
        r.error = static_cast<cr::FetchError>(e.error);
        r.detail = e.detail;
      }
      // Its content turned bad before the pause: links to it found now are told so.
      if (e.has_result && IsOutboundPage(r) && !r.detail.empty()) {
        links_.SetBadContent(r.url, r.detail);
        r.detail.clear();
      }
      links_.OnResult(r);  // no links to it yet: only its answer is kept
    }
    for (const std::string& url : opt_.recheck) {
      if (!settled_set.count(url)) queued.emplace_back(url, 0);
    }
    // Links to targets settled before the pause too: their findings may have been in a batch
    // a kill lost. Told again, a finding keeps its identity and counts once.
    for (const store::SavedFrontier::Link& l : saved->links) {
      LinkPlace place;
      place.page = l.page;
      place.offset = l.link.offset;
      place.line = l.link.line;
      place.column = l.link.column;
      place.href = l.link.target;
      links_.AddRef(l.link.target, place);
    }
    crawler_.Continue(std::move(settled), std::move(queued));
    return Status::Ok();
  }

  void Cancel(store::ScanState why) {
    cancel_reason_ = why;
    crawler_.Cancel();
  }

  ScanProgress Progress() const {
    const cr::CrawlProgress& p = crawler_.progress();
    ScanProgress out;
    out.pages_done = p.done;
    out.queued = p.queued;
    out.errors = p.errors;
    out.findings = out_.findings_so_far();
    out.phase = phase_;
    out.unwritten = out_.unwritten_pages();
    return out;
  }

 private:
  SiteScanOptions opt_;
  std::unique_ptr<cr::Fetcher> own_fetcher_;
  ScanOutput out_;
  LinkChecks links_;
  FrontierLog frontier_;
  Attachments files_;
  PageChecks checks_;
  cr::Crawler crawler_;
  bool started_ = false;
  std::atomic<ScanPhase> phase_{ScanPhase::kCrawling};
  std::atomic<store::ScanState> cancel_reason_{store::ScanState::kCancelled};
};

SiteScan::SiteScan(SiteScanOptions options, FindingSink* sink)
    : impl_(std::make_unique<Impl>(std::move(options), sink)) {}
SiteScan::~SiteScan() = default;
Status SiteScan::Start() { return impl_->Start(); }
ScanSummary SiteScan::Run() { return impl_->Run(); }
void SiteScan::Cancel(store::ScanState why) { impl_->Cancel(why); }
ScanProgress SiteScan::Progress() const { return impl_->Progress(); }

Result<crawler::DomainList> LoadShippedBlocklists(const std::string& dictionary_dir) {
  crawler::DomainList list;
  struct Source {
    const char* file;
    const char* label;
  };
  constexpr Source kSources[] = {{"sensitive/illegal-domains.txt", "涉赌涉黄"},
                                 {"links/gambling-domains.txt", "赌博"},
                                 {"links/pornography-domains.txt", "色情"}};
  for (const Source& s : kSources) {
    Status st = list.LoadFile(dictionary_dir + "/" + s.file, s.label);
    if (!st.ok()) return st;
  }
  return list;
}

}  // namespace cuomin::site
