// Internal to store/: the SQLite LedgerTx that a review store transaction hands out.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/ledger_store.h"

namespace cuomin::store {

class StmtCache;

// The sums of the ledger's counts tables (statistics, per-unit counts, months) that read
// transactions reuse until the review store's next committed write (`generation`, as its
// CountCache): the 统计 page asks the same sums of a few thousand rows over and over, and each
// costs milliseconds of CPU. Only the review store writes the ledger's tables. The entries
// due today before now, which change with the time and not with writes, are never kept.
class LedgerMemo {
 public:
  std::optional<std::vector<LedgerStatsRow>> Rows(const std::string& key, uint64_t generation);
  void PutRows(const std::string& key, uint64_t generation, std::vector<LedgerStatsRow> rows);
  std::optional<std::vector<LedgerMonth>> Months(const std::string& key, uint64_t generation);
  void PutMonths(const std::string& key, uint64_t generation, std::vector<LedgerMonth> months);

 private:
  // Drops everything of an older generation; true when `generation` is the current one.
  bool AtLocked(uint64_t generation);

  std::mutex mu_;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, std::vector<LedgerStatsRow>> rows_;
  std::unordered_map<std::string, std::vector<LedgerMonth>> months_;
};

// Runs on the connection of `stmts` (which keeps its statements and outlives the LedgerTx)
// inside the transaction its caller began; a write call fails when not writable. A read
// transaction of store generation `generation` takes and keeps sums in `memo` (may be null).
std::unique_ptr<LedgerTx> MakeSqliteLedgerTx(StmtCache* stmts, bool writable,
                                             LedgerMemo* memo = nullptr, uint64_t generation = 0);

}  // namespace cuomin::store
