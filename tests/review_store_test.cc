// The review store on SQLite: migrations from the first schema, WAL and foreign keys, the
// append-only audit table, and the hash chain catching what the table's triggers cannot.
#include <sqlite3.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "review/audit_chain.h"
#include "review/crypto.h"
#include "review/review_service.h"
#include "store/review_store.h"
#include "test_paths.h"

namespace cuomin {
namespace {

class ReviewStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cuomin-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "t.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs SQL on the file directly, as another program (or an intruder) would.
  std::string Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    std::string out;
    int rc = sqlite3_exec(
        db, sql.c_str(),
        [](void* o, int n, char** v, char**) {
          auto* s = static_cast<std::string*>(o);
          for (int i = 0; i < n; ++i) *s += (i ? "|" : "") + std::string(v[i] ? v[i] : "");
          *s += "\n";
          return 0;
        },
        &out, &err);
    if (rc != SQLITE_OK) out = "ERROR: " + std::string(err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
    return out;
  }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(ReviewStoreTest, NewDatabaseIsAtTheLatestSchemaWithWalAndForeignKeys) {
  auto s = store::OpenSqliteReviewStore(path_);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ((*s)->schema_version(), store::LatestReviewSchemaVersion());
  EXPECT_EQ(Sql("PRAGMA journal_mode"), "wal\n");
  EXPECT_EQ(Sql("PRAGMA user_version"), std::to_string(store::LatestReviewSchemaVersion()) + "\n");
  // Foreign keys are enforced on the store's connection: a finding of a missing version fails.
  Status st = (*s)->Write([](store::ReviewTx& tx) -> Status {
    store::FindingRow f;
    f.draft_id = 99;
    f.unit_id = 99;
    f.version_id = 99;
    f.issue_id = 99;
    f.rule = "x";
    return tx.InsertFinding(f).status();
  });
  EXPECT_EQ(st.code(), StatusCode::kConflict) << st.message();
}

TEST_F(ReviewStoreTest, MigratesADatabaseMadeByTheFirstSchema) {
  std::ifstream in(cuomin::test_paths::Testdata() + "/review/schema-v1.sql");
  std::stringstream sql;
  sql << in.rdbuf();
  std::string text = sql.str();
  auto hash = review::HashPassword("old-password-1", {1, size_t{1} << 20});
  ASSERT_TRUE(hash.ok());
  for (size_t p; (p = text.find("@HASH@")) != std::string::npos;) text.replace(p, 6, *hash);
  ASSERT_EQ(Sql(text), "");
  ASSERT_EQ(Sql("PRAGMA user_version"), "1\n");

  auto s = store::OpenSqliteReviewStore(path_);
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ((*s)->schema_version(), store::LatestReviewSchemaVersion());
  // The old rows are there and the old audit chain still verifies.
  auto chain = review::VerifyAuditChain(**s);
  ASSERT_TRUE(chain.ok());
  EXPECT_TRUE(chain->ok) << chain->message;
  EXPECT_EQ(chain->entries, 2);
  review::FakeClock clock;
  review::ServiceOptions opt;
  opt.password_cost = {1, size_t{1} << 20};
  review::ReviewService svc(s->get(), nullptr, &clock, opt);
  review::LoginOutcome in_ = svc.Login("wang", "old-password-1", "10.0.0.8");
  ASSERT_TRUE(in_.actor.has_value()) << in_.status.message();
  auto d = svc.GetDraft(*in_.actor, 1);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->summary.draft.title, "关于开展检查的通知");
  EXPECT_EQ(d->summary.draft.stage, store::Stage::kReview1);
  auto fs = svc.VersionFindings(*in_.actor, 1, 1, {});
  ASSERT_TRUE(fs.ok());
  ASSERT_EQ(fs->items.size(), 1u);
  EXPECT_EQ(fs->items[0].finding.text, "贯切");
  // What migration 2 added works on the old data: API tokens, and the chain goes on.
  auto t = svc.CreateToken(review::CommandLineActor(), "CMS", 1);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_TRUE(svc.ActorForToken(t->second, "10.0.0.9").ok());
  chain = review::VerifyAuditChain(**s);
  EXPECT_TRUE(chain->ok) << chain->message;
  EXPECT_EQ(chain->entries, 4);  // + login, + token-create
  // Opening again changes nothing.
  s->reset();
  auto again = store::OpenSqliteReviewStore(path_);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->schema_version(), store::LatestReviewSchemaVersion());
}

TEST_F(ReviewStoreTest, RefusesADatabaseFromANewerVersion) {
  Sql("PRAGMA user_version = 999");
  auto s = store::OpenSqliteReviewStore(path_);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find(path_), std::string::npos);
  EXPECT_NE(s.status().message().find("999"), std::string::npos);
}

TEST_F(ReviewStoreTest, UnreadableFileIsAnErrorNamingIt) {
  auto s = store::OpenSqliteReviewStore((dir_ / "no" / "such" / "dir" / "x.db").string());
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("x.db"), std::string::npos);
}

TEST_F(ReviewStoreTest, AuditLogIsAppendOnlyAndTheChainCatchesTampering) {
  auto s = store::OpenSqliteReviewStore(path_);
  ASSERT_TRUE(s.ok());
  review::FakeClock clock;
  review::ServiceOptions opt;
  opt.password_cost = {1, size_t{1} << 20};
  review::ReviewService svc(s->get(), nullptr, &clock, opt);
  review::Actor cli = review::CommandLineActor();
  ASSERT_TRUE(svc.CreateUnit(cli, "教育局", false).ok());
  ASSERT_TRUE(svc.CreateUnit(cli, "某某镇", false).ok());
  ASSERT_TRUE(svc.CreateUnit(cli, "某某乡", false).ok());
  EXPECT_TRUE(review::VerifyAuditChain(**s)->ok);
  // The table refuses updates and deletes.
  EXPECT_NE(Sql("UPDATE audit_log SET user = 'x' WHERE seq = 2").find("append-only"),
            std::string::npos);
  EXPECT_NE(Sql("DELETE FROM audit_log WHERE seq = 3").find("append-only"), std::string::npos);
  // Someone who drops the triggers and edits a row is still caught, at that row.
  Sql("DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;");
  Sql("UPDATE audit_log SET detail = '某某县' WHERE seq = 2");
  auto c = review::VerifyAuditChain(**s);
  ASSERT_TRUE(c.ok());
  EXPECT_FALSE(c->ok);
  EXPECT_EQ(c->first_bad, 2);
  EXPECT_NE(c->message.find("第 2 条"), std::string::npos);
  // A deleted row breaks the sequence.
  Sql("UPDATE audit_log SET detail = '某某镇' WHERE seq = 2");
  EXPECT_TRUE(review::VerifyAuditChain(**s)->ok);
  Sql("DELETE FROM audit_log WHERE seq = 2");
  c = review::VerifyAuditChain(**s);
  EXPECT_FALSE(c->ok);
  EXPECT_EQ(c->first_bad, 3);
}

}  // namespace
}  // namespace cuomin
