// When a site is scanned by itself: "daily HH:MM", "weekly D HH:MM" (D = 1 Monday … 7 Sunday)
// or "cron M H DOM MON DOW" (five cron fields: numbers, *, */N, A-B and lists; DOW 0 or 7 is
// Sunday; when both DOM and DOW are restricted either may match, as in cron). Times are local
// time at a fixed offset from UTC (China has no daylight saving: +08:00).
#pragma once

#include <bitset>
#include <cstdint>
#include <string>

#include "common/status.h"

namespace cuomin::review {

class Schedule {
 public:
  // "" is no schedule (scans by hand only). Errors are Chinese and quote the text.
  static Result<Schedule> Parse(const std::string& text);

  bool empty() const { return empty_; }
  // The first run strictly after `after` (seconds since the epoch), for local time
  // `utc_offset_seconds` ahead of UTC; 0 when empty or nothing matches within ~4 years.
  int64_t NextRun(int64_t after, int64_t utc_offset_seconds = 8 * 3600) const;

 private:
  bool empty_ = true;
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;     // 1..31
  std::bitset<13> months_;   // 1..12
  std::bitset<7> weekdays_;  // 0 Sunday .. 6 Saturday
  bool days_any_ = true, weekdays_any_ = true;
};

}  // namespace cuomin::review
