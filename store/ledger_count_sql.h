// How the ledger's figures are asked of the counts that migration 14 keeps (ledger_counts by
// site, ledger_unit_counts for the whole ledger) instead of the entries: SQL text and its
// arguments, no database, so that another engine's store can ask the same.
//
// A count is the sum of the rows the filter selects plus, for "overdue" (waiting, deadline
// before now), the entries due today before now, counted on the index by (status, deadline):
// the rows know an entry's deadline only by its day.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "store/ledger_types.h"

namespace cuomin::store {

using SqlArg = std::variant<int64_t, std::string>;

struct LedgerCountSql {
  // " FROM <counts table> WHERE ...": the rows of the filter's site, unit, status, period,
  // category, severity and rule, and for overdue_at those due before its day.
  std::string rows;
  std::vector<SqlArg> rows_args;
  // " FROM ledger_entries WHERE ...": the same filter's waiting entries whose deadline is in
  // [start of the day of `now`, now): overdue, but not yet among the rows' overdue ones.
  std::string due_today;
  std::vector<SqlArg> due_today_args;
  // The Beijing day of `now`: rows whose due_day is before it are overdue.
  int64_t today = 0;
};

// Sums of the rows in LedgerCounts order after unit_id (total, waiting, overdue, flagged,
// claimed, fixed, not_error); its one parameter is LedgerCountSql::today.
extern const char kLedgerCountSums[];

// The queries for `f` at time `now` (f.overdue_at, when set, stands for now). nullopt when the
// period's ends are not Beijing midnights: such a period is counted entry by entry.
std::optional<LedgerCountSql> LedgerCountQuery(const LedgerFilter& f, int64_t now);

}  // namespace cuomin::store
