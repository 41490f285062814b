// The store's per-connection statement cache: a statement is prepared once per SQL text and
// handed out again reset and unbound; a nested use of the same SQL while the first still steps
// gets a statement of its own (sharing one would reset the outer loop under it); a released
// statement holds no read transaction; closing the connection after Clear leaves nothing open.
#include "store/stmt_cache.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>
#include <vector>

namespace cuomin::store {
namespace {

class StmtCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(sqlite3_open(":memory:", &db_), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db_, "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3)",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    cache_.Attach(db_);
  }
  void TearDown() override {
    cache_.Clear();
    EXPECT_EQ(sqlite3_next_stmt(db_, nullptr), nullptr) << "a statement outlived Clear";
    EXPECT_EQ(sqlite3_close(db_), SQLITE_OK);
  }

  sqlite3* db_ = nullptr;
  StmtCache cache_;
};

constexpr char kAll[] = "SELECT x FROM t ORDER BY x";

TEST_F(StmtCacheTest, NestedUseOfOneSqlStepsItsOwnStatement) {
  StmtCache::Idle* outer_home = nullptr;
  int rc = 0;
  sqlite3_stmt* outer = cache_.Acquire(kAll, &outer_home, &rc);
  ASSERT_NE(outer, nullptr);
  ASSERT_EQ(sqlite3_step(outer), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(outer, 0), 1);

  StmtCache::Idle* inner_home = nullptr;
  sqlite3_stmt* inner = cache_.Acquire(kAll, &inner_home, &rc);
  ASSERT_NE(inner, nullptr);
  EXPECT_NE(inner, outer);
  std::vector<int> inner_rows;
  while (sqlite3_step(inner) == SQLITE_ROW) inner_rows.push_back(sqlite3_column_int(inner, 0));
  EXPECT_EQ(inner_rows, (std::vector<int>{1, 2, 3}));
  StmtCache::Release(inner, inner_home);

  // The outer loop goes on where it was.
  ASSERT_EQ(sqlite3_step(outer), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(outer, 0), 2);
  ASSERT_EQ(sqlite3_step(outer), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(outer, 0), 3);
  EXPECT_EQ(sqlite3_step(outer), SQLITE_DONE);
  StmtCache::Release(outer, outer_home);

  // Both are kept: two uses at once again prepare nothing new.
  sqlite3_stmt* a = cache_.Acquire(kAll, &outer_home, &rc);
  sqlite3_stmt* b = cache_.Acquire(kAll, &inner_home, &rc);
  EXPECT_TRUE((a == outer && b == inner) || (a == inner && b == outer));
  StmtCache::Release(a, outer_home);
  StmtCache::Release(b, inner_home);
}

TEST_F(StmtCacheTest, AReleasedStatementComesBackResetAndUnbound) {
  constexpr char kSql[] = "SELECT x, ? FROM t WHERE x >= ? ORDER BY x";
  StmtCache::Idle* home = nullptr;
  int rc = 0;
  sqlite3_stmt* s = cache_.Acquire(kSql, &home, &rc);
  ASSERT_NE(s, nullptr);
  sqlite3_bind_text(s, 1, "甲", -1, SQLITE_TRANSIENT);
  sqlite3_bind_int(s, 2, 2);
  ASSERT_EQ(sqlite3_step(s), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(s, 0), 2);
  StmtCache::Release(s, home);  // mid-result
  EXPECT_EQ(sqlite3_stmt_busy(s), 0) << "a released statement must not hold a read transaction";

  sqlite3_stmt* again = cache_.Acquire(kSql, &home, &rc);
  ASSERT_EQ(again, s);
  // Unbound parameters are NULL: x >= NULL matches no row.
  EXPECT_EQ(sqlite3_step(again), SQLITE_DONE);
  StmtCache::Release(again, home);
}

TEST_F(StmtCacheTest, SqlThatDoesNotCompileIsAnError) {
  StmtCache::Idle* home = nullptr;
  int rc = SQLITE_OK;
  EXPECT_EQ(cache_.Acquire("SELECT nope FROM t", &home, &rc), nullptr);
  EXPECT_EQ(rc, SQLITE_ERROR);
  EXPECT_EQ(home, nullptr);
  EXPECT_STREQ(sqlite3_errmsg(db_), "no such column: nope");
}

}  // namespace
}  // namespace cuomin::store
