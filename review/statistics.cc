// Statistics by unit for a period: the store counts, the service decides who may see what and
// folds the counts into the breakdowns a report needs.
#include <algorithm>
#include <charconv>
#include <chrono>
#include <functional>
#include <map>
#include <optional>

#include "review/review_service.h"
#include "scanner/finding.h"

namespace cuomin::review {
namespace {

using store::IssueStatus;
using store::Role;

constexpr int64_t kDay = 86400;

// Days since the epoch of "YYYY-MM-DD"; nullopt unless it is a real calendar date.
std::optional<int64_t> ParseDay(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = 0;
  unsigned m = 0, d = 0;
  auto num = [&](size_t at, size_t len, auto& out) {
    auto [p, ec] = std::from_chars(s.data() + at, s.data() + at + len, out);
    return ec == std::errc() && p == s.data() + at + len;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d) || y < 1970) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd}.time_since_epoch().count();
}

std::string DayString(int64_t day) { return FormatUtc(day * kDay).substr(0, 10); }

void Add(StatsLine& line, IssueStatus status, int64_t n) {
  line.found += n;
  switch (status) {
    case IssueStatus::kOpen:
      line.open += n;
      break;
    case IssueStatus::kFixed:
      line.fixed += n;
      break;
    case IssueStatus::kAccepted:
      line.accepted += n;
      break;
    case IssueStatus::kDeferred:
      line.deferred += n;
      break;
  }
}

std::vector<StatsLine> MostFoundFirst(std::map<std::string, StatsLine> lines) {
  std::vector<StatsLine> out;
  for (auto& [key, line] : lines) out.push_back(std::move(line));
  std::stable_sort(out.begin(), out.end(),
                   [](const StatsLine& a, const StatsLine& b) { return a.found > b.found; });
  return out;
}

// Severities in their own order, the most severe first: a reader looks for 严重 at the top
// whatever the counts.
std::vector<StatsLine> MostSevereFirst(
    std::map<scanner::Severity, StatsLine, std::greater<>> lines) {
  std::vector<StatsLine> out;
  for (auto& [severity, line] : lines) out.push_back(std::move(line));
  return out;
}

}  // namespace

Result<StatsReport> ReviewService::Statistics(const Actor& actor, const StatsQuery& q) {
  // Days are the users' (Beijing) days, as the ledger's: a day starts at 00:00 local time.
  const int64_t offset = options_.utc_offset_seconds;
  int64_t today = (clock_->Now() + offset) / kDay;
  std::optional<int64_t> from = q.from.empty() ? std::optional<int64_t>() : ParseDay(q.from);
  std::optional<int64_t> to = q.to.empty() ? std::optional<int64_t>(today) : ParseDay(q.to);
  if (q.from.empty()) {
    // 1 January of the year of `to`.
    std::chrono::year_month_day end{std::chrono::sys_days{std::chrono::days{to.value_or(today)}}};
    from = std::chrono::sys_days{end.year() / 1 / 1}.time_since_epoch().count();
  }
  if (!from) return Status::InvalidInput("起始日期应为 YYYY-MM-DD 格式的有效日期：" + q.from);
  if (!to) return Status::InvalidInput("截止日期应为 YYYY-MM-DD 格式的有效日期：" + q.to);
  if (*from > *to) return Status::InvalidInput("起始日期晚于截止日期");
  bool sees_all = actor.role == Role::kAdmin || (actor.oversees_all && actor.role != Role::kEditor);
  if (q.unit_id != 0 && !CanSeeUnit(actor, q.unit_id)) {
    return Status::PermissionDenied("您无权查看该单位的统计");
  }
  store::StatsFilter f;
  f.from = FormatUtc(*from * kDay - offset);
  f.to = FormatUtc((*to + 1) * kDay - offset);
  if (q.unit_id != 0) {
    f.unit_ids = {q.unit_id};
  } else if (!sees_all) {
    f.unit_ids = {actor.unit_id};
  }
  StatsReport out;
  out.from = DayString(*from);
  out.to = DayString(*to);
  store::Stats counts;
  std::vector<store::Unit> units;
  Status s = store_->Read([&](store::ReviewTx& tx) -> Status {
    Result<std::vector<store::Unit>> all = tx.ListUnits();
    if (!all.ok()) return all.status();
    for (store::Unit& u : *all) {
      if (f.unit_ids.empty() || u.id == f.unit_ids[0]) units.push_back(std::move(u));
    }
    Result<store::Stats> c = tx.Statistics(f);
    if (!c.ok()) return c.status();
    counts = std::move(*c);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  std::sort(units.begin(), units.end(),
            [](const store::Unit& a, const store::Unit& b) { return a.name < b.name; });
  std::map<int64_t, size_t> unit_index;
  for (store::Unit& u : units) {
    unit_index[u.id] = out.units.size();
    UnitStats us;
    us.findings.key = std::to_string(u.id);
    us.findings.name = u.name;
    us.unit = std::move(u);
    out.units.push_back(std::move(us));
  }
  for (const store::DraftCounts& d : counts.drafts) {
    out.drafts_created += d.created;
    out.drafts_published += d.published;
    auto it = unit_index.find(d.unit_id);
    if (it == unit_index.end()) continue;
    out.units[it->second].drafts_created += d.created;
    out.units[it->second].drafts_published += d.published;
  }
  std::map<std::string, StatsLine> by_category, by_rule;
  std::map<scanner::Severity, StatsLine, std::greater<>> by_severity;
  for (const store::IssueCounts& c : counts.issues) {
    Add(out.total, c.status, c.count);
    auto it = unit_index.find(c.unit_id);
    if (it != unit_index.end()) Add(out.units[it->second].findings, c.status, c.count);
    auto category = static_cast<scanner::Category>(c.category);
    auto severity = static_cast<scanner::Severity>(c.severity);
    StatsLine& cat = by_category[std::string(scanner::ToString(category))];
    cat.key = scanner::ToString(category);
    cat.name = scanner::ChineseName(category);
    Add(cat, c.status, c.count);
    StatsLine& sev = by_severity[severity];
    sev.key = scanner::ToString(severity);
    sev.name = scanner::ChineseName(severity);
    Add(sev, c.status, c.count);
    StatsLine& rule = by_rule[c.rule];
    rule.key = rule.name = c.rule;
    Add(rule, c.status, c.count);
    if (c.status == IssueStatus::kFixed) {
      if (category == scanner::Category::kTypo) out.typos_corrected += c.count;
      if (category == scanner::Category::kSensitive || category == scanner::Category::kLink) {
        out.sensitive_removed += c.count;
      }
    }
  }
  out.total.key = "total";
  out.total.name = "合计";
  out.by_category = MostFoundFirst(std::move(by_category));
  out.by_severity = MostSevereFirst(std::move(by_severity));
  out.by_rule = MostFoundFirst(std::move(by_rule));
  return out;
}

}  // namespace cuomin::review
