#include "server/session_store.h"

#include <algorithm>
#include <vector>

#include "review/crypto.h"
#include "review/review_service.h"

namespace cuomin::server {

namespace {

// Only ids of our own shape are looked up in the store: a junk cookie costs no query.
bool LooksLikeId(const std::string& id) {
  return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

}  // namespace

Session SessionStore::Create(int64_t user_id, int64_t now) {
  Session s;
  s.id = review::RandomHex(16);
  s.csrf_token = review::RandomHex(16);
  s.user_id = user_id;
  s.created = now;
  s.last_seen = now;
  if (backing_ != nullptr) {
    // A failed write leaves a session that works until the next restart: not worth refusing
    // the login for.
    backing_->EndExpiredSessions(now - limits_.idle_seconds, now - limits_.absolute_seconds).ok();
    backing_->SaveSession({review::Sha256Hex(s.id), s.csrf_token, user_id, now, now}).ok();
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (sessions_.size() >= limits_.max_sessions) EvictLocked(now);
  sessions_[s.id] = Entry{s, now};
  return s;
}

bool SessionStore::Expired(const Session& s, int64_t now) const {
  return now - s.last_seen > limits_.idle_seconds || now - s.created > limits_.absolute_seconds;
}

std::optional<SessionStore::Entry> SessionStore::Find(const std::string& id, int64_t now) {
  std::optional<Entry> cached;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sessions_.find(id);
    if (it != sessions_.end()) cached = it->second;
  }
  if (backing_ == nullptr) return cached;
  if (!LooksLikeId(id)) return std::nullopt;
  if (cached) {
    // Another process may have ended it (`cuomin user passwd` deletes the user's stored
    // sessions): the stored row decides, at the cost of one indexed read per request.
    auto row = backing_->LoadSession(review::Sha256Hex(id));
    if (!row.ok()) return std::nullopt;  // fail closed, but keep it for the next request
    if (!row->has_value()) {
      std::lock_guard<std::mutex> lock(mu_);
      sessions_.erase(id);
      return std::nullopt;
    }
    return cached;
  }
  // Not in memory: made before a restart, or evicted.
  auto row = backing_->LoadSession(review::Sha256Hex(id));
  if (!row.ok() || !row->has_value()) return std::nullopt;
  const store::SessionRow& r = **row;
  Entry e{Session{id, r.csrf_token, r.user_id, r.created, r.last_seen}, r.last_seen};
  std::lock_guard<std::mutex> lock(mu_);
  if (sessions_.size() >= limits_.max_sessions) EvictLocked(now);
  return sessions_.emplace(id, e).first->second;
}

std::optional<Session> SessionStore::Touch(const std::string& id, int64_t now) {
  std::optional<Entry> e = Find(id, now);
  if (!e) return std::nullopt;
  if (Expired(e->session, now)) {
    Destroy(id);
    return std::nullopt;
  }
  bool persist = backing_ != nullptr && now - e->stored_last_seen >= limits_.persist_every_seconds;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sessions_.find(id);
    if (it != sessions_.end()) {
      it->second.session.last_seen = std::max(it->second.session.last_seen, now);
      if (persist) it->second.stored_last_seen = now;
    }
  }
  // A lost write only makes the session end a little early after a restart.
  if (persist) backing_->TouchSession(review::Sha256Hex(id), now).ok();
  e->session.last_seen = now;
  return e->session;
}

void SessionStore::Destroy(const std::string& id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    sessions_.erase(id);
  }
  if (backing_ != nullptr && LooksLikeId(id)) backing_->EndSession(review::Sha256Hex(id)).ok();
}

void SessionStore::DestroyUser(int64_t user_id) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::erase_if(sessions_, [&](const auto& kv) { return kv.second.session.user_id == user_id; });
  }
  if (backing_ != nullptr) backing_->EndUserSessions(user_id).ok();
}

// Expired sessions leave; if that is not enough, the least recently used half leaves memory
// (with a backing store they stay valid there and come back on their next request).
void SessionStore::EvictLocked(int64_t now) {
  std::erase_if(sessions_, [&](const auto& kv) { return Expired(kv.second.session, now); });
  if (sessions_.size() >= limits_.max_sessions) {
    std::vector<std::pair<int64_t, std::string>> by_age;
    for (const auto& [id, e] : sessions_) by_age.emplace_back(e.session.last_seen, id);
    std::sort(by_age.begin(), by_age.end());
    for (size_t i = 0; i < by_age.size() / 2; ++i) sessions_.erase(by_age[i].second);
  }
}

}  // namespace cuomin::server
