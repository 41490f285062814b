#include "store/stmt_cache.h"

#include <sqlite3.h>

namespace cuomin::store {

sqlite3_stmt* StmtCache::Acquire(std::string_view sql, Idle** home, int* rc) {
  *home = nullptr;
  *rc = SQLITE_OK;
  auto it = idle_.find(std::string(sql));
  if (it == idle_.end() && idle_.size() < kMaxTexts) it = idle_.emplace(sql, Idle()).first;
  if (it != idle_.end()) {
    *home = &it->second;
    if (!it->second.empty()) {
      sqlite3_stmt* s = it->second.back();
      it->second.pop_back();
      return s;
    }
  }
  sqlite3_stmt* s = nullptr;
  *rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                           *home != nullptr ? SQLITE_PREPARE_PERSISTENT : 0, &s, nullptr);
  if (*rc != SQLITE_OK) {
    sqlite3_finalize(s);
    // The entry stays (empty): a statement of this SQL in use may have it as its home.
    *home = nullptr;
    return nullptr;
  }
  return s;
}

void StmtCache::Release(sqlite3_stmt* s, Idle* home) {
  if (s == nullptr) return;
  if (home == nullptr) {
    sqlite3_finalize(s);
    return;
  }
  sqlite3_reset(s);
  sqlite3_clear_bindings(s);
  home->push_back(s);
}

void StmtCache::Clear() {
  for (auto& [sql, idle] : idle_) {
    for (sqlite3_stmt* s : idle) sqlite3_finalize(s);
  }
  idle_.clear();
}

}  // namespace cuomin::store
