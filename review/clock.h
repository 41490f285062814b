// Time for the review service: injected, so that tests run with a fake clock.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace cuomin::review {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the epoch, UTC.
  virtual int64_t Now() const = 0;
};

class SystemClock : public Clock {
 public:
  int64_t Now() const override {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// A clock that stands still until told to move (tests).
class FakeClock : public Clock {
 public:
  explicit FakeClock(int64_t now = 1796428800) : now_(now) {}  // 2026-12-04T00:00:00Z
  int64_t Now() const override { return now_; }
  void Advance(int64_t seconds) { now_ += seconds; }

 private:
  int64_t now_;
};

// "2026-12-04T09:30:00Z".
std::string FormatUtc(int64_t seconds);

}  // namespace cuomin::review
