// The numbered migrations of a cuomin database file, one list for all its tables: one database
// serves reviews and site scans (PRAGMA user_version counts the migrations applied).
#pragma once

#include "common/status.h"

struct sqlite3;

namespace cuomin::store {

// The SQL of migration n (1-based), or nullptr past the last.
const char* Migration(int n);
int LatestSchemaVersion();

// Applies the migrations `db` lacks, each in its own transaction with its version. Returns the
// version reached; a database newer than this program is refused (kInvalidInput).
Result<int> MigrateSchema(sqlite3* db);

}  // namespace cuomin::store
