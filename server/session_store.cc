#include "server/session_store.h"

#include <algorithm>
#include <vector>

#include "review/crypto.h"

namespace cuomin::server {

Session SessionStore::Create(int64_t user_id, int64_t now) {
  Session s;
  s.id = review::RandomHex(16);
  s.csrf_token = review::RandomHex(16);
  s.user_id = user_id;
  s.created = now;
  s.last_seen = now;
  std::lock_guard<std::mutex> lock(mu_);
  if (sessions_.size() >= limits_.max_sessions) EvictLocked(now);
  sessions_[s.id] = s;
  return s;
}

std::optional<Session> SessionStore::Touch(const std::string& id, int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(id);
  if (it == sessions_.end()) return std::nullopt;
  Session& s = it->second;
  if (now - s.last_seen > limits_.idle_seconds || now - s.created > limits_.absolute_seconds) {
    sessions_.erase(it);
    return std::nullopt;
  }
  s.last_seen = now;
  return s;
}

void SessionStore::Destroy(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  sessions_.erase(id);
}

void SessionStore::DestroyUser(int64_t user_id) {
  std::lock_guard<std::mutex> lock(mu_);
  std::erase_if(sessions_, [&](const auto& kv) { return kv.second.user_id == user_id; });
}

void SessionStore::EvictLocked(int64_t now) {
  std::erase_if(sessions_, [&](const auto& kv) {
    return now - kv.second.last_seen > limits_.idle_seconds ||
           now - kv.second.created > limits_.absolute_seconds;
  });
  // Still full: drop the least recently used half rather than refuse logins.
  if (sessions_.size() >= limits_.max_sessions) {
    std::vector<std::pair<int64_t, std::string>> by_age;
    for (const auto& [id, s] : sessions_) by_age.emplace_back(s.last_seen, id);
    std::sort(by_age.begin(), by_age.end());
    for (size_t i = 0; i < by_age.size() / 2; ++i) sessions_.erase(by_age[i].second);
  }
}

}  // namespace cuomin::server
