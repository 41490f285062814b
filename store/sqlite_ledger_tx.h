// Internal to store/: the SQLite LedgerTx that a review store transaction hands out.
#pragma once

#include <memory>

#include "store/ledger_store.h"

struct sqlite3;

namespace cuomin::store {

// Runs on `db` inside the transaction its caller began; a write call fails when not writable.
std::unique_ptr<LedgerTx> MakeSqliteLedgerTx(sqlite3* db, bool writable);

}  // namespace cuomin::store
