// Wall-clock time, injected wherever behaviour depends on the date (the review service's
// timestamps, the crawler's calendar-trap horizon and Retry-After dates, the store's scan
// times), so that tests run at a fixed date and do not start failing in a later year.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace cuomin {

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

// The process's system clock, for callers that were given none.
inline const Clock& DefaultClock() {
  static const SystemClock clock;
  return clock;
}

// The system clock moved forward by a settable amount, for end-to-end tests of a running
// server (`cuomin serve --test-clock`): a browser test sees a deadline pass without waiting
// days for it. Time never runs backwards. Thread-safe: requests read it while a test moves it.
class ShiftedClock : public Clock {
 public:
  int64_t Now() const override { return system_.Now() + offset_.load(); }
  // Moves the clock `seconds` (> 0) forward.
  void Advance(int64_t seconds) { offset_ += seconds; }
  int64_t offset() const { return offset_.load(); }

 private:
  SystemClock system_;
  std::atomic<int64_t> offset_{0};
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

}  // namespace cuomin
