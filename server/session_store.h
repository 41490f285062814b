// Server-side sessions: a random 128-bit id in the cookie, everything else here. A login
// always makes a new id (no fixation); sessions end after an idle period and after an absolute
// lifetime (OWASP ASVS 5.0, V7).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace cuomin::server {

struct SessionLimits {
  int64_t idle_seconds = 30 * 60;
  int64_t absolute_seconds = 12 * 60 * 60;
  size_t max_sessions = 100000;  // past it, the oldest idle ones go first
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
  explicit SessionStore(SessionLimits limits = {}) : limits_(limits) {}
  Session Create(int64_t user_id, int64_t now);
  // The live session with this id (its idle timer restarted), or nullopt.
  std::optional<Session> Touch(const std::string& id, int64_t now);
  void Destroy(const std::string& id);
  // Ends every session of a user (password change, account disabled).
  void DestroyUser(int64_t user_id);

 private:
  void EvictLocked(int64_t now);
  SessionLimits limits_;
  std::mutex mu_;
  std::unordered_map<std::string, Session> sessions_;
};

}  // namespace cuomin::server
