#include "crawler/crawler.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <optional>
#include <thread>

#include "crawler/address_policy.h"
#include "crawler/crawl_scope.h"
#include "crawler/frontier.h"
#include "crawler/host_scheduler.h"
#include "crawler/robots.h"
#include "crawler/sitemap.h"

namespace cuomin::crawler {
namespace {

// Sitemaps read per crawl at most (an index may name thousands of children).
constexpr int kMaxSitemaps = 50;
constexpr int kMaxRobotsRedirects = 5;
constexpr double kDefaultBackoffSeconds = 1;

bool IsHtml(std::string_view media) {
  return media == "text/html" || media == "application/xhtml+xml";
}

// Retry-After: delta-seconds or an HTTP-date; nullopt when absent or unreadable.
std::optional<double> ParseRetryAfter(std::string_view v, int64_t now) {
  if (v.empty()) return std::nullopt;
  std::string s(v);
  char* end = nullptr;
  double secs = std::strtod(s.c_str(), &end);
  if (end != s.c_str() && *end == '\0') return secs < 0 ? 0 : secs;
  std::tm tm{};
  if (strptime(s.c_str(), "%a, %d %b %Y %H:%M:%S", &tm) == nullptr) return std::nullopt;
  double delta = std::difftime(timegm(&tm), static_cast<std::time_t>(now));
  return delta < 0 ? 0 : delta;
}

int YearOf(int64_t now) {
  std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

// A response that never reached a server.
FetchResponse FailedFetch(FetchError error, std::string detail) {
  FetchResponse r;
  r.error = error;
  r.error_detail = std::move(detail);
  return r;
}

}  // namespace

std::string_view ToString(Outcome o) {
  switch (o) {
    case Outcome::kOk:
      return "ok";
    case Outcome::kNotModified:
      return "not-modified";
    case Outcome::kHttpError:
      return "http-error";
    case Outcome::kFetchError:
      return "fetch-error";
    case Outcome::kRedirectLoop:
      return "redirect-loop";
    case Outcome::kTooManyRedirects:
      return "too-many-redirects";
    case Outcome::kRobots:
      return "robots";
    case Outcome::kOutOfScope:
      return "out-of-scope";
    case Outcome::kExcluded:
      return "excluded";
    case Outcome::kTrap:
      return "trap";
    case Outcome::kLimit:
      return "limit";
  }
  return "?";
}

class Crawler::Impl {
 public:
  Impl(CrawlOptions o, Fetcher* f, CrawlObserver* obs, CrawlProgress* p)
      : opt_(std::move(o)),
        fetcher_(f),
        observer_(obs),
        progress_(p),
        clock_(opt_.clock != nullptr ? opt_.clock : &DefaultClock()),
        scope_(opt_),
        frontier_(opt_, scope_, YearOf(clock_->Now())),
        scheduler_(opt_, [this] {
          progress_->queued = scheduler_.queued();
          cv_.notify_one();
        }) {}

  Status Validate() const {
    if (opt_.seeds.empty()) return Status::Error("没有给出要抓取的网址");
    for (const std::string& s : opt_.seeds) {
      if (!ParseUrl(s)) return Status::Error(s + ": 不是有效的 http/https 网址");
    }
    if (Status s = scope_.Validate(); !s.ok()) return s;
    if (opt_.concurrency < 1 || opt_.per_host_concurrency < 1)
      return Status::Error("并发数必须至少为 1");
    if (!(opt_.per_host_rate > 0)) return Status::Error("每个站点的请求速率必须大于 0");
    if (!(opt_.timeout_seconds > 0)) return Status::Error("超时时间必须大于 0");
    return Status::Ok();
  }

  bool InScope(const Url& u) const { return scope_.InScope(u); }

  void Continue(std::vector<std::string> settled, std::vector<std::pair<std::string, int>> queued) {
    std::lock_guard lock(mu_);
    settled_ = std::move(settled);
    queued_ = std::move(queued);
  }

  // Stops taking tasks; fetches in flight end within their deadlines and are reported.
  void Cancel() {
    std::lock_guard lock(mu_);
    cancelled_ = true;
    cv_.notify_all();
  }

  CrawlStats Run() {
    start_ = SteadyClock::now();
    std::vector<UrlResult> skipped;
    {
      std::lock_guard lock(mu_);
      for (const Url& u : scope_.seeds()) scheduler_.HostFor(u).seed = true;
      for (const std::string& spec : settled_) frontier_.MarkSettled(spec);
      progress_->done += settled_.size();
      settled_.clear();
      for (const auto& [spec, depth] : queued_) Add(spec, depth, skipped);
      queued_.clear();
      for (const Url& u : scope_.seeds()) Add(u.spec(), 0, skipped);
    }
    Report(skipped);
    int n = std::max(1, opt_.concurrency);
    std::vector<std::thread> workers;
    for (int i = 0; i < n; ++i) workers.emplace_back([this] { Work(); });
    for (std::thread& t : workers) t.join();
    stats_.seconds = std::chrono::duration<double>(SteadyClock::now() - start_).count();
    stats_.cancelled = cancelled_;
    return stats_;
  }

 private:
  // Considers a URL found at `depth`. Requires mu_. Skipped URLs go to `skipped`.
  void Add(const std::string& spec, int depth, std::vector<UrlResult>& skipped) {
    std::optional<Frontier::Admitted> a = frontier_.Add(spec, depth, skipped, stats_);
    if (!a) return;
    observer_->OnQueued(a->spec, depth);
    const std::optional<Url> u = a->url;
    Host& h = scheduler_.HostFor(*u);
    if (a->role == UrlRole::kOutbound) {
      Task t;
      t.url = a->spec;
      t.depth = depth;
      t.role = UrlRole::kOutbound;
      scheduler_.Push(h, std::move(t));
      return;
    }
    if (opt_.obey_robots && h.robots_state == Host::RobotsState::kUnknown) {
      h.robots_state = Host::RobotsState::kFetching;
      Task r;
      r.kind = Task::Kind::kRobots;
      r.url = u->origin() + "/robots.txt";
      scheduler_.Push(h, std::move(r), /*front=*/true);
    } else if (!opt_.obey_robots && h.seed && h.robots_state == Host::RobotsState::kUnknown) {
      h.robots_state = Host::RobotsState::kReady;
      QueueSitemaps(h, u->origin(), {});
    }
    Task t;
    t.url = a->spec;
    t.depth = depth;
    scheduler_.Push(h, std::move(t));
  }

  void QueueSitemaps(Host& h, const std::string& origin, const std::vector<std::string>& named) {
    if (!opt_.read_sitemaps || !h.seed) return;
    std::vector<std::string> urls = named;
    if (urls.empty()) urls.push_back(origin + "/sitemap.xml");
    for (const std::string& s : urls) {
      if (sitemaps_ >= kMaxSitemaps) return;
      ++sitemaps_;
      Task t;
      t.kind = Task::Kind::kSitemap;
      t.url = s;
      scheduler_.Push(h, std::move(t));
    }
  }

  // Takes the next task from a host that may be asked now. Requires mu_.
  bool Pick(Task& task, Host*& host, std::optional<SteadyClock::time_point>& wake,
            std::vector<UrlResult>& skipped) {
    size_t before = skipped.size();
    bool picked = scheduler_.Pick(SteadyClock::now(), task, host, wake, skipped);
    size_t robots = skipped.size() - before;
    stats_.robots_skipped += robots;
    frontier_.ReturnPages(robots);  // robots-skipped URLs do not use up --max-pages
    return picked;
  }

  void Work() {
    for (;;) {
      Task task;
      Host* host = nullptr;
      std::vector<UrlResult> skipped;
      {
        std::unique_lock lock(mu_);
        for (;;) {
          // What is still queued is dropped: its URLs were never fetched, so nothing is
          // reported on them (a resumed or next scan reaches them again).
          if (cancelled_) {
            cv_.notify_all();
            return;
          }
          std::optional<SteadyClock::time_point> wake;
          if (Pick(task, host, wake, skipped)) break;
          if (!skipped.empty()) break;
          if (scheduler_.empty() && inflight_ == 0) {
            cv_.notify_all();
            return;
          }
          if (wake) {
            cv_.wait_until(lock, *wake);
          } else {
            cv_.wait(lock);
          }
        }
        if (host != nullptr) {
          scheduler_.Start(*host, SteadyClock::now());
          ++inflight_;
        }
        progress_->queued = scheduler_.queued();
      }
      Report(skipped);
      if (host == nullptr) continue;
      bool host_released = false;
      Process(task, *host, host_released);
      {
        std::lock_guard lock(mu_);
        if (!host_released) scheduler_.Release(*host);
        --inflight_;
      }
      cv_.notify_all();
    }
  }

  void Report(std::vector<UrlResult>& results) {
    for (UrlResult& r : results) {
      ++progress_->done;
      observer_->OnResult(r);
    }
    results.clear();
  }

  // Pages in scope are on hosts the user chose; link checks and redirects off the site go
  // where pages point, so they may reach only public addresses and the kinds of address
  // the seeds resolve to (resolved once, at the first such request).
  unsigned AllowedAddresses(UrlRole role) const {
    if (role == UrlRole::kPage || opt_.allow_private_addresses) return kAnyAddress;
    std::call_once(outbound_addresses_once_, [this] {
      outbound_addresses_ = kAddressPublic;
      for (const Url& u : scope_.seeds()) outbound_addresses_ |= ClassesOfHost(u.host);
    });
    return outbound_addresses_;
  }

  FetchRequest BaseRequest(const Url& u, size_t max_body, UrlRole role = UrlRole::kPage) const {
    FetchRequest req;
    req.url = u;
    req.user_agent = opt_.user_agent;
    req.max_body_bytes = max_body;
    req.connect_timeout_seconds = opt_.connect_timeout_seconds;
    req.read_timeout_seconds = opt_.timeout_seconds;
    req.total_timeout_seconds = opt_.connect_timeout_seconds + 3 * opt_.timeout_seconds;
    req.verify_certificates = opt_.verify_certificates;
    req.allowed_addresses = AllowedAddresses(role);
    return req;
  }

  FetchResponse Count(FetchResponse r) {
    std::lock_guard lock(mu_);
    ++stats_.requests;
    return r;
  }

  // GET following redirects (for robots.txt and sitemaps).
  FetchResponse FetchSimple(std::string spec, int max_hops) {
    for (int hop = 0;; ++hop) {
      std::optional<Url> u = ParseUrl(spec);
      if (!u) return FailedFetch(FetchError::kOther, "bad url");
      FetchResponse r = Count(fetcher_->Fetch(BaseRequest(*u, size_t{10} << 20)));
      std::string_view loc = r.Header("location");
      if (r.status >= 300 && r.status < 400 && !loc.empty() && hop < max_hops) {
        std::optional<Url> next = ResolveUrl(*u, loc);
        if (!next) return r;
        spec = next->spec();
        continue;
      }
      return r;
    }
  }

  void ProcessRobots(const Task& task, Host& h) {
    FetchResponse r = FetchSimple(task.url, kMaxRobotsRedirects);
    Robots robots = Robots::AllowAll();
    if (r.error != FetchError::kNone || r.status >= 500 || r.status == 429) {
      robots = Robots::DisallowAll();
    } else if (r.status >= 200 && r.status < 300) {
      robots = Robots::Parse(r.body, opt_.robots_token);
    }
    std::lock_guard lock(mu_);
    h.robots = robots;
    h.robots_state = Host::RobotsState::kReady;
    if (r.error != FetchError::kNone || r.status >= 500 || r.status == 429) {
      h.robots_error = r.error;
      h.robots_status = r.status;
      h.robots_detail = r.error_detail;
    }
    if (std::optional<double> d = h.robots.crawl_delay()) {
      auto delay = std::chrono::duration_cast<SteadyClock::duration>(
          std::chrono::duration<double>(std::min(*d, 60.0)));
      if (delay > h.interval) h.interval = delay;
    }
    std::string origin = task.url.substr(0, task.url.size() - std::string("/robots.txt").size());
    QueueSitemaps(h, origin, h.robots.sitemaps());
    cv_.notify_all();
  }

  void ProcessSitemap(const Task& task) {
    FetchResponse r = FetchSimple(task.url, kMaxRobotsRedirects);
    if (r.error != FetchError::kNone || r.status < 200 || r.status >= 300) return;
    Sitemap map = ParseSitemap(r.body);
    std::vector<UrlResult> skipped;
    {
      std::lock_guard lock(mu_);
      for (const std::string& p : map.pages) Add(p, 1, skipped);
      for (const std::string& c : map.children) {
        std::optional<Url> u = ParseUrl(c);
        if (!u || !InScope(*u) || sitemaps_ >= kMaxSitemaps) continue;
        ++sitemaps_;
        Task t;
        t.kind = Task::Kind::kSitemap;
        t.url = u->spec();
        scheduler_.Push(scheduler_.HostFor(*u), std::move(t));
      }
    }
    Report(skipped);
  }

  void Retry(Task task, Host& h, SteadyClock::time_point when, bool front) {
    std::lock_guard lock(mu_);
    ++stats_.retries;
    scheduler_.Delay(h, std::move(task), when);
    (void)front;
    cv_.notify_all();
  }

  void ProcessFetch(Task task, Host& h, bool& host_released) {
    UrlResult result;
    result.url = task.url;
    result.role = task.role;
    result.depth = task.depth;
    result.attempts = task.attempt + (task.confirming ? 1 : 0) + 1;

    std::optional<Url> url = ParseUrl(task.url);
    if (!url) return;
    Validators validators;
    if (task.role == UrlRole::kPage) validators = observer_->ValidatorsFor(task.url);

    // Follow redirects ourselves: bounded, loop-checked, scope re-checked at the end.
    std::vector<std::string> chain{task.url};
    Url current = *url;
    FetchResponse resp;
    UrlRole role = task.role;
    for (int hop = 0;; ++hop) {
      std::string hop_url = current.spec();
      size_t limit = role == UrlRole::kPage ? opt_.max_body_bytes : opt_.max_outbound_body_bytes;
      if (role == UrlRole::kPage) {
        if (size_t own = observer_->BodyLimit(hop_url, ""); own > 0) limit = own;
      }
      FetchRequest req = BaseRequest(current, limit, role);
      if (role == UrlRole::kPage) {
        req.body_limit = [this, hop_url](std::string_view ct) {
          return observer_->BodyLimit(hop_url, MediaTypeOf(ct));
        };
        req.reserve_body = [this, hop_url](std::string_view ct, size_t bytes) {
          return observer_->ReserveBody(hop_url, MediaTypeOf(ct), bytes);
        };
      }
      if (hop == 0) {
        if (!validators.etag.empty()) req.headers.emplace_back("If-None-Match", validators.etag);
        if (!validators.last_modified.empty())
          req.headers.emplace_back("If-Modified-Since", validators.last_modified);
      }
      req.want_body = [this, role, hop_url](int status, std::string_view ct) {
        if (status < 200 || status >= 300) return false;
        std::string media = MediaTypeOf(ct);
        if (media.empty() || IsHtml(media)) return true;
        return role == UrlRole::kPage && observer_->WantsBody(hop_url, media);
      };
      resp = Count(fetcher_->Fetch(req));
      std::string_view loc = resp.Header("location");
      if (resp.error != FetchError::kNone || resp.status < 300 || resp.status >= 400 ||
          resp.status == 304 || loc.empty()) {
        break;
      }
      std::optional<Url> next = ResolveUrl(current, loc);
      if (!next) {
        std::string scheme = HrefScheme(loc);
        if (!scheme.empty() && scheme != "http" && scheme != "https") {
          resp = FailedFetch(FetchError::kUnsupportedScheme, "重定向到 " + scheme + ": 协议（" +
                                                                 std::string(loc.substr(0, 200)) +
                                                                 "），只访问 http 和 https");
        }
        break;
      }
      std::string spec = next->spec();
      if (std::find(chain.begin(), chain.end(), spec) != chain.end()) {
        result.outcome = Outcome::kRedirectLoop;
        result.status = resp.status;
        result.detail = spec;
        Finish(result, "redirect-loop");
        return;
      }
      if (hop + 1 > opt_.max_redirects) {
        result.outcome = Outcome::kTooManyRedirects;
        result.status = resp.status;
        result.detail = spec;
        Finish(result, "too-many-redirects");
        return;
      }
      if (role == UrlRole::kPage && !InScope(*next) && !opt_.follow_offsite_redirects) {
        result.outcome = Outcome::kOutOfScope;
        result.status = resp.status;
        result.final_url = current.spec();
        result.detail = spec;
        {
          std::lock_guard lock(mu_);
          ++stats_.scope_skipped;
        }
        Finish(result, "");
        return;
      }
      chain.push_back(spec);
      current = *next;
      // A page redirected off the site is an outbound target from here on.
      if (role == UrlRole::kPage && !InScope(current)) role = UrlRole::kOutbound;
    }
    result.final_url = current.spec();
    result.status = resp.status;
    result.error = resp.error;
    result.detail = resp.error_detail;
    result.content_type = std::string(resp.Header("content-type"));

    if (resp.error != FetchError::kNone) {
      if (!task.confirming && IsTransient(resp.error)) {
        task.confirming = true;
        Retry(std::move(task), h, SteadyClock::now() + Seconds(opt_.dead_retry_delay_seconds),
              false);
        return;
      }
      result.outcome = Outcome::kFetchError;
      Finish(result, std::string(ToString(resp.error)));
      return;
    }
    int status = resp.status;
    if (status == 429 || status == 503) {
      std::optional<double> ra = ParseRetryAfter(resp.Header("retry-after"), clock_->Now());
      double wait = ra ? *ra : kDefaultBackoffSeconds * (1 << std::min(task.attempt, 6));
      if (task.attempt < opt_.max_retries && wait <= opt_.max_retry_after_seconds) {
        ++task.attempt;
        SteadyClock::time_point when = SteadyClock::now() + Seconds(wait);
        {
          std::lock_guard lock(mu_);
          if (h.next < when) h.next = when;  // the whole host backs off, not just this URL
        }
        Retry(std::move(task), h, when, true);
        return;
      }
    }
    ReleaseHost(h, host_released);
    if (status == 304) {
      result.outcome = Outcome::kNotModified;
      std::vector<std::string> links = observer_->OnUnchanged(task.url, task.depth);
      AddLinks(links, task.depth + 1);
      {
        std::lock_guard lock(mu_);
        ++stats_.not_modified;
      }
      Finish(result, "");
      return;
    }
    if (status >= 400 || (status >= 300 && status < 400)) {
      bool unverified = status == 401 || status == 403 || status == 429;
      if (!unverified && !task.confirming && status >= 400) {
        task.confirming = true;
        Retry(std::move(task), h, SteadyClock::now() + Seconds(opt_.dead_retry_delay_seconds),
              false);
        return;
      }
      result.outcome = Outcome::kHttpError;
      Finish(result, "http-" + std::to_string(status));
      return;
    }
    result.outcome = Outcome::kOk;
    bool duplicate = false;
    if (result.final_url != task.url && role == UrlRole::kPage) {
      std::lock_guard lock(mu_);
      duplicate = !frontier_.MarkSeen(result.final_url);
    }
    std::string media = MediaTypeOf(result.content_type);
    bool has_body = !resp.body.empty() || IsHtml(media);
    if (media.empty() && !resp.body.empty()) {
      size_t i = resp.body.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
      if (i != std::string::npos && resp.body[i] == '<') media = "text/html";
    }
    // A body refused for the total or over its limit is handed on empty, so that the observer
    // names the file it did not read.
    bool wanted = IsHtml(media) ||
                  (role == UrlRole::kPage &&
                   ((!media.empty() && has_body) || resp.refused || resp.over_limit_length > 0) &&
                   observer_->WantsBody(result.final_url, media));
    if (!duplicate && wanted) {
      Page page;
      page.url = task.url;
      page.final_url = result.final_url;
      page.role = role;
      page.depth = task.depth;
      page.status = status;
      page.media_type = media;
      page.charset = CharsetOf(result.content_type);
      page.etag = std::string(resp.Header("etag"));
      page.last_modified = std::string(resp.Header("last-modified"));
      page.truncated = resp.truncated;
      page.refused = resp.refused;
      page.over_limit_length = resp.over_limit_length;
      page.body = std::move(resp.body);
      std::vector<std::string> links = observer_->OnPage(page);
      if (role == UrlRole::kPage) AddLinks(links, task.depth + 1);
    }
    result.role = role;
    Finish(result, "");
  }

  void AddLinks(const std::vector<std::string>& links, int depth) {
    std::vector<UrlResult> skipped;
    {
      std::lock_guard lock(mu_);
      for (const std::string& l : links) Add(l, depth, skipped);
    }
    Report(skipped);
  }

  static SteadyClock::duration Seconds(double s) {
    return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(s));
  }

  void Finish(UrlResult& result, const std::string& error_key) {
    {
      std::lock_guard lock(mu_);
      if (!error_key.empty()) {
        ++stats_.errors[error_key];
        ++progress_->errors;
      } else if (result.outcome == Outcome::kOk) {
        if (result.role == UrlRole::kPage) {
          ++stats_.pages;
        } else {
          ++stats_.outbound;
        }
      }
      if (result.role == UrlRole::kOutbound && !error_key.empty()) ++stats_.outbound;
    }
    ++progress_->done;
    observer_->OnResult(result);
  }

  void Process(Task& task, Host& h, bool& host_released) {
    switch (task.kind) {
      case Task::Kind::kRobots:
        ProcessRobots(task, h);
        break;
      case Task::Kind::kSitemap:
        ProcessSitemap(task);
        break;
      case Task::Kind::kFetch:
        ProcessFetch(std::move(task), h, host_released);
        break;
    }
  }

  // Politeness limits fetching, not checking: once the response is in, the host may be asked
  // again while this worker hands the page to the observer.
  void ReleaseHost(Host& h, bool& host_released) {
    {
      std::lock_guard lock(mu_);
      scheduler_.Release(h);
    }
    host_released = true;
    cv_.notify_all();
  }

  const CrawlOptions opt_;
  Fetcher* fetcher_;
  CrawlObserver* observer_;
  CrawlProgress* progress_;
  const Clock* clock_;
  const CrawlScope scope_;
  mutable std::once_flag outbound_addresses_once_;
  mutable unsigned outbound_addresses_ = kAddressPublic;  // AddressClass bits, see AllowedAddresses
  SteadyClock::time_point start_;

  std::mutex mu_;
  std::condition_variable cv_;
  // Guarded by mu_.
  Frontier frontier_;
  HostScheduler scheduler_;
  size_t inflight_ = 0;
  int sitemaps_ = 0;
  bool cancelled_ = false;
  CrawlStats stats_;
  // What Continue() gave, until Run() starts.
  std::vector<std::string> settled_;
  std::vector<std::pair<std::string, int>> queued_;
};

Crawler::Crawler(CrawlOptions options, Fetcher* fetcher, CrawlObserver* observer)
    : impl_(std::make_unique<Impl>(std::move(options), fetcher, observer, &progress_)) {}
Crawler::~Crawler() = default;
Status Crawler::Validate() const { return impl_->Validate(); }
void Crawler::Continue(std::vector<std::string> settled,
                       std::vector<std::pair<std::string, int>> queued) {
  impl_->Continue(std::move(settled), std::move(queued));
}
CrawlStats Crawler::Run() { return impl_->Run(); }
void Crawler::Cancel() { impl_->Cancel(); }
bool Crawler::InScope(const Url& url) const { return impl_->InScope(url); }

}  // namespace cuomin::crawler
