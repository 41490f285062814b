// Server-side sessions: a random 128-bit id in the cookie, everything else here. A login
// always makes a new id (no fixation); sessions end after an idle period and after an absolute
// lifetime (OWASP ASVS 5.0, V7).
//
// With a review service behind it, sessions are kept in the store (only the SHA-256 of the id)
// and survive a restart of the server; this class then caches them in memory and writes the
// idle timer back at most once a minute. Every request still confirms that the stored session
// exists, so a session ended by another process (`cuomin user passwd`) ends at once.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace cuomin::review {
class ReviewService;
}

namespace cuomin::server {

struct SessionLimits {
  int64_t idle_seconds = 30 * 60;
  int64_t absolute_seconds = 12 * 60 * 60;
  size_t max_sessions = 100000;  // in memory; past it, the oldest idle ones go first
  // How stale the stored idle timer may get: a restart may end a session this much early.
  int64_t persist_every_seconds = 60;
};

struct Session {
  std::string id;          // 32 hex digits (128 random bits)
  std::string csrf_token;  // 32 hex digits, sent back in X-CSRF-Token
  int64_t user_id = 0;
  int64_t created = 0;
  int64_t last_seen = 0;
};

class SessionStore {
 public:
  // `backing` (not owned) keeps the sessions across restarts; null keeps them in memory only.
  explicit SessionStore(SessionLimits limits = {}, review::ReviewService* backing = nullptr)
      : limits_(limits), backing_(backing) {}
  Session Create(int64_t user_id, int64_t now);
  // The live session with this id (its idle timer restarted), or nullopt.
  std::optional<Session> Touch(const std::string& id, int64_t now);
  void Destroy(const std::string& id);
  // Ends every session of a user (password change, account disabled).
  void DestroyUser(int64_t user_id);

 private:
  struct Entry {
    Session session;
    int64_t stored_last_seen = 0;  // what the backing store holds
  };
  std::optional<Entry> Find(const std::string& id, int64_t now);
  bool Expired(const Session& s, int64_t now) const;
  void EvictLocked(int64_t now);
  SessionLimits limits_;
  review::ReviewService* backing_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> sessions_;
};

}  // namespace cuomin::server
