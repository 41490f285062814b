// Internal to store/: the SQLite LedgerTx that a review store transaction hands out.
#pragma once

#include <memory>

#include "store/ledger_store.h"

namespace cuomin::store {

class StmtCache;

// Runs on the connection of `stmts` (which keeps its statements and outlives the LedgerTx)
// inside the transaction its caller began; a write call fails when not writable.
std::unique_ptr<LedgerTx> MakeSqliteLedgerTx(StmtCache* stmts, bool writable);

}  // namespace cuomin::store
