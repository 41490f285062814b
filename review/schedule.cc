#include "review/schedule.h"

#include <charconv>
#include <sstream>
#include <vector>

namespace cuomin::review {
namespace {

std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

bool Number(std::string_view s, int* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

// One cron field into bits lo..hi; false when malformed or out of range.
template <size_t N>
bool Field(std::string_view f, int lo, int hi, std::bitset<N>* bits, bool* any) {
  *any = f == "*";
  for (size_t start = 0; start <= f.size();) {
    size_t comma = f.find(',', start);
    if (comma == std::string_view::npos) comma = f.size();
    std::string_view part = f.substr(start, comma - start);
    start = comma + 1;
    int step = 1;
    if (size_t slash = part.find('/'); slash != std::string_view::npos) {
      if (!Number(part.substr(slash + 1), &step) || step < 1) return false;
      part = part.substr(0, slash);
    }
    int a = lo, b = hi;
    if (part != "*") {
      size_t dash = part.find('-');
      if (dash == std::string_view::npos) {
        if (!Number(part, &a)) return false;
        b = step > 1 ? hi : a;
      } else if (!Number(part.substr(0, dash), &a) || !Number(part.substr(dash + 1), &b)) {
        return false;
      }
    }
    if (a < lo || b > hi || a > b) return false;
    for (int v = a; v <= b; v += step) bits->set(static_cast<size_t>(v));
  }
  return true;
}

bool ParseHhMm(const std::string& hhmm, int* h, int* m) {
  size_t colon = hhmm.find(':');
  return colon != std::string::npos && Number(std::string_view(hhmm).substr(0, colon), h) &&
         Number(std::string_view(hhmm).substr(colon + 1), m) && *h >= 0 && *h < 24 && *m >= 0 &&
         *m < 60;
}

// Days since 1970-01-01 to civil date (Howard Hinnant's algorithm).
void CivilFromDays(int64_t z, int* y, int* mo, int* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  *d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  *mo = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  *y = static_cast<int>(yoe + era * 400 + (*mo <= 2));
}

}  // namespace

Result<Schedule> Schedule::Parse(const std::string& text) {
  Schedule s;
  std::vector<std::string> w = Words(text);
  if (w.empty()) return s;
  auto bad = [&](const std::string& why) {
    return Status::InvalidInput("扫描计划“" + text + "”无效：" + why +
                                "（例：daily 02:30、weekly 1 02:30、cron 30 2 * * 1）");
  };
  s.empty_ = false;
  int h = 0, m = 0;
  if (w[0] == "daily" && w.size() == 2) {
    if (!ParseHhMm(w[1], &h, &m)) return bad("时间应为 HH:MM");
    s.minutes_.set(m);
    s.hours_.set(h);
    s.days_.set();
    s.months_.set();
    s.weekdays_.set();
    return s;
  }
  if (w[0] == "weekly" && w.size() == 3) {
    int d = 0;
    if (!Number(w[1], &d) || d < 1 || d > 7) return bad("星期应为 1（周一）到 7（周日）");
    if (!ParseHhMm(w[2], &h, &m)) return bad("时间应为 HH:MM");
    s.minutes_.set(m);
    s.hours_.set(h);
    s.days_.set();
    s.months_.set();
    s.weekdays_.set(d % 7);
    s.weekdays_any_ = false;
    return s;
  }
  if (w[0] == "cron" && w.size() == 6) {
    bool any = false;
    std::bitset<8> dow;
    if (!Field(w[1], 0, 59, &s.minutes_, &any)) return bad("分钟字段");
    if (!Field(w[2], 0, 23, &s.hours_, &any)) return bad("小时字段");
    if (!Field(w[3], 1, 31, &s.days_, &s.days_any_)) return bad("日期字段");
    if (!Field(w[4], 1, 12, &s.months_, &any)) return bad("月份字段");
    if (!Field(w[5], 0, 7, &dow, &s.weekdays_any_)) return bad("星期字段");
    for (int d = 0; d < 7; ++d) s.weekdays_[d] = dow[d] || (d == 0 && dow[7]);
    return s;
  }
  return bad("应以 daily、weekly 或 cron 开头");
}

int64_t Schedule::NextRun(int64_t after, int64_t utc_offset_seconds) const {
  if (empty_) return 0;
  // Minute by minute in local time, skipping whole days and hours that cannot match.
  int64_t t = (after + utc_offset_seconds) / 60 * 60 + 60;
  const int64_t end = t + int64_t{4} * 366 * 86400;
  while (t < end) {
    int64_t days = t / 86400;
    int y, mo, d;
    CivilFromDays(days, &y, &mo, &d);
    int wd = static_cast<int>((days + 4) % 7);  // 1970-01-01 was a Thursday
    bool day_ok;
    if (days_any_ || weekdays_any_) {
      day_ok = days_[d] && weekdays_[wd];
    } else {
      day_ok = days_[d] || weekdays_[wd];
    }
    if (!months_[mo] || !day_ok) {
      t = (days + 1) * 86400;
      continue;
    }
    int hour = static_cast<int>(t % 86400 / 3600);
    if (!hours_[hour]) {
      t = t / 3600 * 3600 + 3600;
      continue;
    }
    if (minutes_[static_cast<size_t>(t % 3600 / 60)]) return t - utc_offset_seconds;
    t += 60;
  }
  return 0;
}

}  // namespace cuomin::review
