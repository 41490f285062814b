#include "review/login_limiter.h"

#include <algorithm>

namespace cuomin::review {

int64_t LoginLimiter::Wait(Times& t, int limit, int64_t now) {
  while (!t.empty() && t.front() <= now - limits_.window_seconds) t.pop_front();
  if (static_cast<int>(t.size()) < limit) return 0;
  // The attempt that would be allowed next is when the oldest counted failure expires.
  return std::max<int64_t>(1, t[t.size() - limit] + limits_.window_seconds - now);
}

int64_t LoginLimiter::RetryAfter(const std::string& account, const std::string& address,
                                 int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  int64_t a = 0, b = 0;
  if (auto it = accounts_.find(account); it != accounts_.end()) {
    a = Wait(it->second, limits_.per_account, now);
  }
  if (auto it = addresses_.find(address); it != addresses_.end()) {
    b = Wait(it->second, limits_.per_address, now);
  }
  return std::max(a, b);
}

void LoginLimiter::RecordFailure(const std::string& account, const std::string& address,
                                 int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  // Bounded memory under a flood of made-up names: forget everything idle past the window.
  if (accounts_.size() + addresses_.size() > 100000) {
    for (auto* m : {&accounts_, &addresses_}) {
      std::erase_if(*m, [&](auto& kv) {
        return kv.second.empty() || kv.second.back() <= now - limits_.window_seconds;
      });
    }
  }
  for (Times* t : {&accounts_[account], &addresses_[address]}) {
    t->push_back(now);
    if (t->size() > 64) t->pop_front();
  }
}

void LoginLimiter::RecordSuccess(const std::string& account) {
  std::lock_guard<std::mutex> lock(mu_);
  accounts_.erase(account);
}

}  // namespace cuomin::review
