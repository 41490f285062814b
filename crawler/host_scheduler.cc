#include "crawler/host_scheduler.h"

namespace cuomin::crawler {

HostScheduler::HostScheduler(const CrawlOptions& opt, std::function<void()> on_push)
    : opt_(opt), on_push_(std::move(on_push)) {}

Host& HostScheduler::HostFor(const Url& u) {
  std::string origin = u.origin();
  auto it = hosts_.find(origin);
  if (it != hosts_.end()) return *it->second;
  auto h = std::make_unique<Host>();
  h->interval = std::chrono::duration_cast<SteadyClock::duration>(
      std::chrono::duration<double>(1.0 / opt_.per_host_rate));
  return *hosts_.emplace(origin, std::move(h)).first->second;
}

void HostScheduler::Push(Host& h, Task t, bool front) {
  if (front) {
    h.queue.push_front(std::move(t));
  } else {
    h.queue.push_back(std::move(t));
  }
  ++queued_;
  if (!h.active) {
    h.active = true;
    active_.push_back(&h);
  }
  on_push_();
}

void HostScheduler::Delay(Host& h, Task t, SteadyClock::time_point when) {
  ++queued_;
  delayed_.emplace(when, std::make_pair(&h, std::move(t)));
}

bool HostScheduler::Eligible(const Host& h, SteadyClock::time_point now) const {
  if (h.queue.empty() || h.inflight >= opt_.per_host_concurrency || now < h.next) return false;
  if (h.robots_state == Host::RobotsState::kFetching && h.queue.front().kind != Task::Kind::kRobots)
    return false;
  return true;
}

bool HostScheduler::Pick(SteadyClock::time_point now, Task& task, Host*& host,
                         std::optional<SteadyClock::time_point>& wake,
                         std::vector<UrlResult>& robots_skipped) {
  while (!delayed_.empty() && delayed_.begin()->first <= now) {
    auto node = delayed_.extract(delayed_.begin());
    --queued_;  // Push counts it again
    Push(*node.mapped().first, std::move(node.mapped().second), true);
  }
  if (!delayed_.empty()) wake = delayed_.begin()->first;
  size_t n = active_.size();
  for (size_t i = 0; i < n; ++i) {
    Host* h = active_.front();
    active_.pop_front();
    // Robots-disallowed pages are settled here without taking a request slot.
    while (!h->queue.empty() && h->robots_state == Host::RobotsState::kReady &&
           h->queue.front().kind == Task::Kind::kFetch && h->queue.front().role == UrlRole::kPage) {
      const Task& f = h->queue.front();
      std::optional<Url> u = ParseUrl(f.url);
      if (u && h->robots.Allowed(u->target())) break;
      UrlResult r;
      r.url = f.url;
      r.outcome = Outcome::kRobots;
      r.depth = f.depth;
      r.error = h->robots_error;
      r.status = h->robots_status;
      r.detail = h->robots_detail;
      robots_skipped.push_back(std::move(r));
      h->queue.pop_front();
      --queued_;
    }
    if (h->queue.empty()) {
      h->active = false;
      continue;
    }
    active_.push_back(h);
    if (Eligible(*h, now)) {
      task = std::move(h->queue.front());
      h->queue.pop_front();
      --queued_;
      host = h;
      return true;
    }
    if (h->inflight < opt_.per_host_concurrency && h->next > now && (!wake || h->next < *wake)) {
      wake = h->next;
    }
  }
  return false;
}

void HostScheduler::Start(Host& h, SteadyClock::time_point now) {
  ++h.inflight;
  h.next = now + h.interval;
}

}  // namespace cuomin::crawler
