// The review tables' numbered migrations (PRAGMA user_version counts those applied).
#pragma once

namespace cuomin::store {

// The SQL of migration n (1-based), or nullptr past the last.
const char* ReviewMigration(int n);
int LatestReviewSchemaVersion();

}  // namespace cuomin::store
