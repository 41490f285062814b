// Internal to store/: prepared statements kept for the life of one SQLite connection.
// Preparing is most of the cost of a small statement (the seeder spent ~0.9 ms CPU a finding
// on it), so a connection keeps each SQL text's statements and hands them out again.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace cuomin::store {

class StmtCache {
 public:
  // Statements of one SQL text that nobody uses now.
  using Idle = std::vector<sqlite3_stmt*>;

  explicit StmtCache(sqlite3* db = nullptr) : db_(db) {}
  ~StmtCache() { Clear(); }
  StmtCache(const StmtCache&) = delete;
  StmtCache& operator=(const StmtCache&) = delete;

  void Attach(sqlite3* db) { db_ = db; }
  sqlite3* db() const { return db_; }

  // A statement for `sql` nobody else is using: an idle one, or a new one when all are in
  // use (a statement still stepping must not be reset by a nested use of the same SQL).
  // *home is where Release puts it back (nullptr: not kept, Release finalizes it).
  // nullptr and the SQLite error in *rc when it does not compile.
  sqlite3_stmt* Acquire(std::string_view sql, Idle** home, int* rc);
  // Resets `s`, clears its bindings and keeps it in `home` (or finalizes it).
  static void Release(sqlite3_stmt* s, Idle* home);
  // Finalizes every idle statement; call before closing the connection.
  void Clear();

 private:
  // SQL texts built from filters are few; anything past this is prepared per use.
  static constexpr size_t kMaxTexts = 512;
  sqlite3* db_;
  std::unordered_map<std::string, Idle> idle_;
};

}  // namespace cuomin::store
