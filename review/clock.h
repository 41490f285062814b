// Time for the review service: injected, so that tests run with a fake clock. The clock
// itself is common/clock.h, shared with the crawler and the store.
#pragma once

#include <cstdint>
#include <string>

#include "common/clock.h"

namespace cuomin::review {

using cuomin::Clock;
using cuomin::FakeClock;
using cuomin::ShiftedClock;
using cuomin::SystemClock;

// The users' time: China Standard Time (Beijing), UTC+08:00 all year (no daylight saving).
// Every period a user names by dates (statistics, the ledger's lists, schedules) is in it.
inline constexpr int64_t kBeijingUtcOffsetSeconds = 8 * 3600;

// "2026-12-04T09:30:00Z".
std::string FormatUtc(int64_t seconds);

}  // namespace cuomin::review
