// Server-side sessions: 128-bit ids, idle and absolute expiry, ending a user's sessions.
#include "server/session_store.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace cuomin::server
