// Server-side sessions: 128-bit ids, idle and absolute expiry, ending a user's sessions.
#include "server/session_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>

#include "review/crypto.h"
#include "review/review_service.h"
#include "store/review_store.h"

namespace cuomin::server {
namespace {

TEST(SessionStoreTest, IdsAreRandom128BitsAndLookupsRestartTheIdleTimer) {
  SessionStore store({/*idle*/ 1800, /*absolute*/ 43200, 1000});
  Session a = store.Create(7, 1000);
  Session b = store.Create(7, 1000);
  EXPECT_EQ(a.id.size(), 32u);
  EXPECT_EQ(a.csrf_token.size(), 32u);
  EXPECT_NE(a.id, b.id);
  EXPECT_NE(a.id, a.csrf_token);
  // Used every 20 minutes, a session lives on past 30 minutes.
  EXPECT_TRUE(store.Touch(a.id, 1000 + 1200).has_value());
  EXPECT_TRUE(store.Touch(a.id, 1000 + 2400).has_value());
  // Left idle for more than 30 minutes, it is gone.
  EXPECT_FALSE(store.Touch(b.id, 1000 + 1801).has_value());
  EXPECT_FALSE(store.Touch("not-a-session", 1000).has_value());
}

TEST(SessionStoreTest, SessionsEndAfterTheAbsoluteLifetimeHoweverBusy) {
  SessionStore store({1800, 43200, 1000});
  Session a = store.Create(7, 0);
  for (int64_t t = 1000; t <= 43200; t += 1000) ASSERT_TRUE(store.Touch(a.id, t).has_value()) << t;
  EXPECT_FALSE(store.Touch(a.id, 43201).has_value());
}

TEST(SessionStoreTest, DestroyingAUserEndsAllTheirSessions) {
  SessionStore store;
  Session a = store.Create(7, 0), b = store.Create(7, 0), c = store.Create(8, 0);
  store.DestroyUser(7);
  EXPECT_FALSE(store.Touch(a.id, 1).has_value());
  EXPECT_FALSE(store.Touch(b.id, 1).has_value());
  EXPECT_TRUE(store.Touch(c.id, 1).has_value());
}

TEST(SessionStoreTest, AFullStoreDropsTheOldestRatherThanRefusing) {
  SessionStore store({1800, 43200, 10});
  std::vector<Session> s;
  for (int i = 0; i < 10; ++i) s.push_back(store.Create(i, i));
  Session newest = store.Create(99, 20);
  EXPECT_TRUE(store.Touch(newest.id, 21).has_value());
  EXPECT_FALSE(store.Touch(s[0].id, 21).has_value());
  EXPECT_TRUE(store.Touch(s[9].id, 21).has_value());
}

// Sessions kept in the store: a new SessionStore over the reopened database (a restarted
// server) knows them, with their idle timer; the database holds only the hash of an id.
class StoredSessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cuomin-sessions-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    Open();
    review::Actor cli = review::CommandLineActor();
    auto unit = svc_->CreateUnit(cli, "教育局", false);
    ASSERT_TRUE(unit.ok()) << unit.status().message();
    auto user =
        svc_->CreateUser(cli, "wangwu", "王五", unit->id, store::Role::kEditor, "wangwu-password");
    ASSERT_TRUE(user.ok()) << user.status().message();
    user_ = user->id;
  }
  void TearDown() override {
    sessions_.reset();
    svc_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  // Opens the database afresh, as a restarted server does.
  void Open() {
    sessions_.reset();
    svc_.reset();
    store_.reset();
    auto st = store::OpenSqliteReviewStore((dir_ / "s.db").string());
    ASSERT_TRUE(st.ok()) << st.status().message();
    store_ = std::move(*st);
    review::ServiceOptions so;
    so.password_cost = {1, size_t{1} << 20};
    svc_ = std::make_unique<review::ReviewService>(store_.get(), nullptr, &clock_, so);
    sessions_ = std::make_unique<SessionStore>(SessionLimits{1800, 43200, 1000, 60}, svc_.get());
  }
  std::string DatabaseBytes() {
    std::string all;
    for (const char* name : {"s.db", "s.db-wal"}) {
      std::ifstream in(dir_ / name, std::ios::binary);
      all += std::string(std::istreambuf_iterator<char>(in), {});
    }
    return all;
  }

  std::filesystem::path dir_;
  review::FakeClock clock_;
  std::unique_ptr<store::ReviewStore> store_;
  std::unique_ptr<review::ReviewService> svc_;
  std::unique_ptr<SessionStore> sessions_;
  int64_t user_ = 0;
};

TEST_F(StoredSessionTest, ASessionSurvivesARestartWithItsIdleTimer) {
  Session a = sessions_->Create(user_, 1000);
  Session gone = sessions_->Create(user_, 1000);
  ASSERT_TRUE(sessions_->Touch(a.id, 2500).has_value());  // used at 2500, written back
  sessions_->Destroy(gone.id);                            // logged out
  std::string bytes = DatabaseBytes();
  EXPECT_EQ(bytes.find(a.id), std::string::npos) << "the id itself is never stored";
  EXPECT_NE(bytes.find(review::Sha256Hex(a.id)), std::string::npos);

  Open();
  // Idle since 2500, not since 1000: alive 1700 s later.
  std::optional<Session> again = sessions_->Touch(a.id, 4200);
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->user_id, user_);
  EXPECT_EQ(again->csrf_token, a.csrf_token);
  EXPECT_EQ(again->created, 1000);
  EXPECT_FALSE(sessions_->Touch(gone.id, 4200).has_value());
  EXPECT_FALSE(sessions_->Touch(std::string(32, 'a'), 4200).has_value());

  // Idle past 30 minutes after the restart: gone, also from the database.
  EXPECT_FALSE(sessions_->Touch(a.id, 4200 + 1801).has_value());
  Open();
  EXPECT_FALSE(sessions_->Touch(a.id, 4200 + 1802).has_value());
}

TEST_F(StoredSessionTest, EndingAUsersSessionsAndTheAbsoluteLifetimeHoldAcrossRestarts) {
  Session a = sessions_->Create(user_, 1000);
  Session b = sessions_->Create(user_, 1000);
  sessions_->DestroyUser(user_);
  Session c = sessions_->Create(user_, 1000);
  Open();
  EXPECT_FALSE(sessions_->Touch(a.id, 1001).has_value());
  EXPECT_FALSE(sessions_->Touch(b.id, 1001).has_value());
  // Used every 20 minutes across restarts, it still ends 12 hours after the login.
  int uses = 0;
  for (int64_t t = 2200; t <= 1000 + 43200; t += 1200) {
    ASSERT_TRUE(sessions_->Touch(c.id, t).has_value()) << t;
    if (++uses % 5 == 0) Open();
  }
  EXPECT_FALSE(sessions_->Touch(c.id, 1000 + 43201).has_value());
}

// `cuomin user passwd` and `user disable` run in another process on the same database: the
// running server's sessions of that user end at their next request, not at its next restart.
TEST_F(StoredSessionTest, APasswordChangedByAnotherProcessEndsTheCachedSessions) {
  Session a = sessions_->Create(user_, 1000);
  ASSERT_TRUE(sessions_->Touch(a.id, 1001).has_value());  // cached in memory now

  auto other = store::OpenSqliteReviewStore((dir_ / "s.db").string());
  ASSERT_TRUE(other.ok()) << other.status().message();
  review::ServiceOptions so;
  so.password_cost = {1, size_t{1} << 20};
  review::ReviewService cli(other->get(), nullptr, &clock_, so);
  auto changed = cli.SetPassword(review::CommandLineActor(), "wangwu", "a-new-password-2027");
  ASSERT_TRUE(changed.ok()) << changed.status().message();

  EXPECT_FALSE(sessions_->Touch(a.id, 1002).has_value());
  // A new login after the change works as before.
  Session b = sessions_->Create(user_, 1003);
  EXPECT_TRUE(sessions_->Touch(b.id, 1004).has_value());
}

}  // namespace
}  // namespace cuomin::server
