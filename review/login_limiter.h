// Throttles password guessing: failed logins are counted per account and per address over a
// window. Past the limit, further attempts for that account (or from that address) are refused
// until the oldest failure leaves the window. Nothing locks an account for good, so a stranger
// cannot keep its owner out for longer than the window (OWASP ASVS: throttling without lock-out
// abuse). In memory: a restart forgets, which costs an attacker nothing they could not wait out.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace cuomin::review {

struct LoginLimits {
  int64_t window_seconds = 15 * 60;
  int per_account = 5;   // failures per account within the window
  int per_address = 20;  // failures from one address within the window
};

class LoginLimiter {
 public:
  explicit LoginLimiter(LoginLimits limits = {}) : limits_(limits) {}
  // Seconds to wait before `account` may try again from `address`; 0 when it may now.
  int64_t RetryAfter(const std::string& account, const std::string& address, int64_t now);
  void RecordFailure(const std::string& account, const std::string& address, int64_t now);
  // A successful login clears the account's failures (not the address's).
  void RecordSuccess(const std::string& account);

 private:
  using Times = std::deque<int64_t>;
  int64_t Wait(Times& t, int limit, int64_t now);
  LoginLimits limits_;
  std::mutex mu_;
  std::unordered_map<std::string, Times> accounts_;
  std::unordered_map<std::string, Times> addresses_;
};

}  // namespace cuomin::review
