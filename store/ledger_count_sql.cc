#include "store/ledger_count_sql.h"

namespace cuomin::store {
namespace {

constexpr int64_t kDay = 86400;

int64_t DayOf(int64_t t) {
  // Floor, also before 1970 (C++ division truncates toward zero).
  int64_t x = t + kLedgerCountsUtcOffset;
  return x >= 0 ? x / kDay : -((-x + kDay - 1) / kDay);
}

bool IsMidnight(int64_t t) { return DayOf(t) * kDay == t + kLedgerCountsUtcOffset; }

}  // namespace

const char kLedgerCountSums[] =
    "SUM(n), SUM(CASE WHEN status IN ('open', 'reopened') THEN n ELSE 0 END), "
    "SUM(CASE WHEN status IN ('open', 'reopened') AND due_day < ? THEN n ELSE 0 END), "
    "SUM(CASE WHEN status IN ('open', 'reopened') AND flagged <> 0 THEN n ELSE 0 END), "
    "SUM(CASE WHEN status IN ('fixed_claimed', 'not_error') THEN n ELSE 0 END), "
    "SUM(CASE WHEN status = 'fixed' OR (status = 'confirmed' AND claim = 'fixed') THEN n "
    "ELSE 0 END), "
    "SUM(CASE WHEN status = 'confirmed' AND claim = 'not_error' THEN n ELSE 0 END)";

std::optional<LedgerCountSql> LedgerCountQuery(const LedgerFilter& f, int64_t now) {
  if ((f.assigned_from != 0 && !IsMidnight(f.assigned_from)) ||
      (f.assigned_to != 0 && !IsMidnight(f.assigned_to)))
    return std::nullopt;
  if (f.overdue_at) now = *f.overdue_at;
  LedgerCountSql q;
  q.today = DayOf(now);
  const int64_t day_start = q.today * kDay - kLedgerCountsUtcOffset;
  std::string rows, entries;
  auto both = [&](const std::string& row_cond, const std::string& entry_cond, SqlArg arg) {
    rows += " AND " + row_cond;
    entries += " AND " + entry_cond;
    q.rows_args.push_back(arg);
    q.due_today_args.push_back(std::move(arg));
  };
  if (f.site_id != 0) both("site_id = ?", "site_id = ?", f.site_id);
  if (f.unit_id != 0) both("unit_id = ?", "unit_id = ?", f.unit_id);
  if (f.status) both("status = ?", "status = ?", std::string(ToString(*f.status)));
  if (f.assigned_from != 0) {
    both("assigned_day >= ?", "assigned_at >= ?", DayOf(f.assigned_from));
    q.due_today_args.back() = f.assigned_from;
  }
  if (f.assigned_to != 0) {
    both("assigned_day < ?", "assigned_at < ?", DayOf(f.assigned_to));
    q.due_today_args.back() = f.assigned_to;
  }
  if (f.category) both("category = ?", "category = ?", static_cast<int64_t>(*f.category));
  if (f.severity) both("severity = ?", "severity = ?", static_cast<int64_t>(*f.severity));
  if (!f.rule.empty()) both("rule = ?", "rule = ?", f.rule);
  if (f.overdue_at) {
    rows += " AND status IN ('open', 'reopened') AND due_day < ?";
    q.rows_args.push_back(q.today);
  }
  q.rows = std::string(" FROM ") + (f.site_id != 0 ? "ledger_counts" : "ledger_unit_counts") +
           " WHERE 1 = 1" + rows;
  q.due_today =
      " FROM ledger_entries WHERE status IN ('open', 'reopened') AND deadline >= ? AND "
      "deadline < ?" +
      entries;
  q.due_today_args.insert(q.due_today_args.begin(), {SqlArg(day_start), SqlArg(now)});
  return q;
}

}  // namespace cuomin::store
