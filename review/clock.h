// Time for the review service: injected, so that tests run with a fake clock. The clock
// itself is common/clock.h, shared with the crawler and the store.
#pragma once

#include <cstdint>
#include <string>

#include "common/clock.h"

namespace cuomin::review {

using cuomin::Clock;
using cuomin::FakeClock;
using cuomin::SystemClock;

// "2026-12-04T09:30:00Z".
std::string FormatUtc(int64_t seconds);

}  // namespace cuomin::review
