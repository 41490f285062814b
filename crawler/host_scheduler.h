// Politeness (internal to crawler/): one queue per origin, at most --per-host-concurrency
// requests in flight to it and one start per interval (--per-host-rate, or robots.txt's
// Crawl-delay), robots.txt fetched before any page of the host, and retries held until their
// time. Hosts take turns. Not thread-safe: the crawler calls it under its lock.
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "crawler/crawler.h"
#include "crawler/robots.h"
#include "crawler/url.h"

namespace cuomin::crawler {

using SteadyClock = std::chrono::steady_clock;

struct Task {
  enum class Kind { kFetch, kRobots, kSitemap };
  Kind kind = Kind::kFetch;
  std::string url;
  int depth = 0;
  UrlRole role = UrlRole::kPage;
  int attempt = 0;          // 429/503 retries so far
  bool confirming = false;  // the retry that confirms a dead link
};

struct Host {
  std::deque<Task> queue;
  int inflight = 0;
  SteadyClock::time_point next{};
  SteadyClock::duration interval{};
  enum class RobotsState { kUnknown, kFetching, kReady };
  RobotsState robots_state = RobotsState::kUnknown;
  Robots robots = Robots::AllowAll();
  // Why robots.txt could not be read (then everything is disallowed, RFC 9309 §2.3.1.4):
  // reported with the skipped pages so that a broken site does not look like an empty one.
  FetchError robots_error = FetchError::kNone;
  int robots_status = 0;
  std::string robots_detail;
  bool active = false;
  bool seed = false;
};

class HostScheduler {
 public:
  // `on_push` runs after every task queued (the crawler wakes a worker).
  HostScheduler(const CrawlOptions& opt, std::function<void()> on_push);

  // The host of `u`'s origin, made on first use.
  Host& HostFor(const Url& u);
  // Queues `t` on `h`, at the front for robots.txt and retries that are due.
  void Push(Host& h, Task t, bool front = false);
  // Holds `t` until `when`, then queues it at the front of `h`.
  void Delay(Host& h, Task t, SteadyClock::time_point when);

  // Takes the next task from a host that may be asked at `now`. Pages that robots.txt
  // disallows are settled on the way, without a request, and appended to `robots_skipped`.
  // `wake` gets the earliest time a task may become ready.
  bool Pick(SteadyClock::time_point now, Task& task, Host*& host,
            std::optional<SteadyClock::time_point>& wake, std::vector<UrlResult>& robots_skipped);

  // A request to `h` starts at `now`: it takes a slot and the host's next start waits an
  // interval.
  void Start(Host& h, SteadyClock::time_point now);
  // The request's response is in: its slot is free.
  void Release(Host& h) { --h.inflight; }

  // Tasks queued or held, not yet picked.
  size_t queued() const { return queued_; }
  // Nothing queued and nothing held for later.
  bool empty() const { return queued_ == 0 && delayed_.empty(); }

 private:
  bool Eligible(const Host& h, SteadyClock::time_point now) const;

  const CrawlOptions& opt_;
  std::function<void()> on_push_;
  std::unordered_map<std::string, std::unique_ptr<Host>> hosts_;
  std::list<Host*> active_;
  std::multimap<SteadyClock::time_point, std::pair<Host*, Task>> delayed_;
  size_t queued_ = 0;
};

}  // namespace cuomin::crawler
