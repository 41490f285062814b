// The ledger's counts kept by triggers (migration 14) against the entries themselves: after
// random inserts, status changes, claims, confirmations, reopenings, reassignments and
// deletes, every figure the store answers from the counts (a list's total, the per-unit
// counts, the statistics' rows, the months) equals what counting the entries one by one
// gives, also for "overdue" at a time in the middle of a day with deadlines on both sides of
// it. And a database of the schema before, with a ledger, gets its counts by the migration.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "store/ledger_store.h"
#include "store/review_store.h"
#include "store/schema.h"

namespace cuomin::store {
namespace {

std::string FreshDb(const std::string& name) {
  std::string path = ::testing::TempDir() + "/cuomin-" + std::to_string(::getpid()) + "-" + name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return path;
}

void ExecOrFail(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
      << (err ? err : "") << "\n"
      << sql;
}

// An entry as counting it by hand needs it.
struct Row {
  int64_t id, site, unit;
  std::string status, claim;
  bool flagged;
  int64_t deadline, assigned;
  int category, severity;
  std::string rule;
};

std::vector<Row> ReadRows(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db,
                               "SELECT id, site_id, unit_id, status, claim, flagged, deadline, "
                               "assigned_at, category, severity, rule FROM ledger_entries",
                               -1, &st, nullptr),
            SQLITE_OK);
  std::vector<Row> out;
  while (sqlite3_step(st) == SQLITE_ROW) {
    auto text = [&](int c) {
      const unsigned char* t = sqlite3_column_text(st, c);
      return std::string(t ? reinterpret_cast<const char*>(t) : "");
    };
    out.push_back({sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
                   sqlite3_column_int64(st, 2), text(3), text(4), sqlite3_column_int(st, 5) != 0,
                   sqlite3_column_int64(st, 6), sqlite3_column_int64(st, 7),
                   sqlite3_column_int(st, 8), sqlite3_column_int(st, 9), text(10)});
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

bool Waiting(const Row& r) { return r.status == "open" || r.status == "reopened"; }

void Count(LedgerCounts& c, const Row& r, int64_t now) {
  ++c.total;
  if (Waiting(r)) {
    ++c.waiting;
    if (r.deadline < now) ++c.overdue;
    if (r.flagged) ++c.flagged;
  }
  if (r.status == "fixed_claimed" || r.status == "not_error") ++c.claimed;
  if (r.status == "fixed" || (r.status == "confirmed" && r.claim == "fixed")) ++c.fixed;
  if (r.status == "confirmed" && r.claim == "not_error") ++c.not_error;
}

bool Selects(const LedgerFilter& f, const Row& r) {
  return (f.site_id == 0 || r.site == f.site_id) && (f.unit_id == 0 || r.unit == f.unit_id) &&
         (!f.status || r.status == ToString(*f.status)) &&
         (!f.overdue_at || (Waiting(r) && r.deadline < *f.overdue_at)) &&
         (f.assigned_from == 0 || r.assigned >= f.assigned_from) &&
         (f.assigned_to == 0 || r.assigned < f.assigned_to) &&
         (!f.category || r.category == *f.category) && (!f.severity || r.severity == *f.severity) &&
         (f.rule.empty() || r.rule == f.rule);
}

std::string Show(const LedgerCounts& c) {
  return "unit " + std::to_string(c.unit_id) + ": total " + std::to_string(c.total) + " waiting " +
         std::to_string(c.waiting) + " overdue " + std::to_string(c.overdue) + " flagged " +
         std::to_string(c.flagged) + " claimed " + std::to_string(c.claimed) + " fixed " +
         std::to_string(c.fixed) + " not_error " + std::to_string(c.not_error);
}

// Beijing midnight of 2026-03-01, and a day.
constexpr int64_t kMarch = 1772294400;
constexpr int64_t kDay = 86400;
const char* const kRules[] = {"typo-words", "privacy-mobile", "link-dead"};
const char* const kClaims[] = {"", "fixed", "not_error"};

// Every figure the store answers, against counting `rows` by hand, for a set of filters.
void ExpectFiguresMatch(ReviewStore& store, const std::string& path, int64_t now,
                        const std::string& when) {
  const std::vector<Row> rows = ReadRows(path);
  std::vector<LedgerFilter> filters(16);
  filters[1].site_id = 1;
  filters[2].site_id = 2;
  filters[3].unit_id = 2;
  filters[4].site_id = 2;
  filters[4].unit_id = 3;
  filters[5].status = LedgerStatus::kOpen;
  filters[6].overdue_at = now;
  filters[7].site_id = 1;
  filters[7].overdue_at = now;
  filters[8].assigned_from = kMarch + 3 * kDay;
  filters[8].assigned_to = kMarch + 9 * kDay;
  filters[9].site_id = 2;
  filters[9].assigned_from = kMarch + 2 * kDay;
  // Not a Beijing midnight: counted entry by entry, and still the same answer.
  filters[10].assigned_from = kMarch + 3 * kDay + 3600;
  filters[11].category = 2;
  filters[11].severity = 1;
  filters[12].unit_id = 1;
  filters[12].overdue_at = now;
  filters[12].rule = "link-dead";
  filters[13].status = LedgerStatus::kReopened;
  filters[13].site_id = 1;
  filters[14].overdue_at = now;
  filters[14].assigned_to = kMarch + 5 * kDay;
  filters[15].status = LedgerStatus::kConfirmed;
  Status st = store.Read([&](ReviewTx& tx) -> Status {
    for (size_t i = 0; i < filters.size(); ++i) {
      const LedgerFilter& f = filters[i];
      SCOPED_TRACE(when + ", filter " + std::to_string(i));
      int64_t total = 0;
      std::map<int64_t, LedgerCounts> by_unit;
      std::map<std::tuple<int64_t, int, int, std::string>, LedgerCounts> by_row;
      std::map<std::string, std::pair<int64_t, int64_t>> by_month;
      // What the per-unit counts select on, and what the statistics do.
      LedgerFilter counted, stats;
      counted.site_id = stats.site_id = f.site_id;
      counted.unit_id = stats.unit_id = f.unit_id;
      counted.status = f.status;
      counted.assigned_from = stats.assigned_from = f.assigned_from;
      counted.assigned_to = stats.assigned_to = f.assigned_to;
      for (const Row& r : rows) {
        if (Selects(f, r)) ++total;
        if (!Selects(counted, r)) continue;
        by_unit[r.unit].unit_id = r.unit;
        Count(by_unit[r.unit], r, now);
      }
      Result<Page<LedgerEntry>> page = tx.Ledger().ListEntries(f);
      EXPECT_TRUE(page.ok()) << page.status().message();
      if (page.ok()) {
        EXPECT_EQ(page->total, total);
      }
      Result<std::vector<LedgerCounts>> units = tx.Ledger().CountByUnit(f, now);
      EXPECT_TRUE(units.ok()) << units.status().message();
      if (units.ok()) {
        std::vector<std::string> got, want;
        for (const LedgerCounts& c : *units) got.push_back(Show(c));
        for (const auto& [u, c] : by_unit) want.push_back(Show(c));
        EXPECT_EQ(got, want);
      }
      for (const Row& r : rows) {
        if (!Selects(stats, r)) continue;
        LedgerCounts& c = by_row[{r.unit, r.category, r.severity, r.rule}];
        c.unit_id = r.unit;
        Count(c, r, now);
        // Months of Beijing time.
        time_t t = r.assigned + 8 * 3600;
        std::tm tm{};
        gmtime_r(&t, &tm);
        char month[8];
        std::strftime(month, sizeof month, "%Y-%m", &tm);
        auto& m = by_month[month];
        ++m.first;
        if (r.status == "fixed" || (r.status == "confirmed" && r.claim == "fixed")) ++m.second;
      }
      Result<std::vector<LedgerStatsRow>> srows = tx.Ledger().StatsRows(f, now);
      EXPECT_TRUE(srows.ok()) << srows.status().message();
      if (srows.ok()) {
        std::map<std::string, std::string> got, want;
        for (const LedgerStatsRow& r : *srows) {
          got[std::to_string(r.counts.unit_id) + "/" + std::to_string(r.category) + "/" +
              std::to_string(r.severity) + "/" + r.rule] = Show(r.counts);
        }
        for (const auto& [k, c] : by_row) {
          want[std::to_string(std::get<0>(k)) + "/" + std::to_string(std::get<1>(k)) + "/" +
               std::to_string(std::get<2>(k)) + "/" + std::get<3>(k)] = Show(c);
        }
        EXPECT_EQ(got, want);
      }
      Result<std::vector<LedgerMonth>> months = tx.Ledger().CountByMonth(f, 8 * 3600);
      EXPECT_TRUE(months.ok()) << months.status().message();
      if (months.ok()) {
        std::map<std::string, std::pair<int64_t, int64_t>> got;
        for (const LedgerMonth& m : *months) got[m.month] = {m.found, m.fixed};
        EXPECT_EQ(got, by_month);
      }
    }
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.message();
}

void MakeUnitsAndSites(ReviewStore& store) {
  Status st = store.Write([&](ReviewTx& tx) -> Status {
    for (const char* name : {"市政府办公室", "教育局", "某某镇"}) {
      if (auto u = tx.InsertUnit({0, name, false}); !u.ok()) return u.status();
    }
    for (int i = 1; i <= 2; ++i) {
      Site s;
      s.name = "网站" + std::to_string(i);
      s.unit_id = 1;
      s.start_urls = {"https://www" + std::to_string(i) + ".example.gov.cn/"};
      if (auto id = tx.Ledger().InsertSite(s); !id.ok()) return id.status();
    }
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.message();
}

TEST(LedgerCounts, EqualCountingTheEntriesAfterRandomChanges) {
  const std::string path = FreshDb("ledger_counts.db");
  Result<std::unique_ptr<ReviewStore>> opened = OpenSqliteReviewStore(path);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  ReviewStore& store = **opened;
  MakeUnitsAndSites(store);
  std::mt19937 rng(12);
  auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
  // Noon of the tenth day: deadlines fall before and after it on the same day.
  const int64_t now = kMarch + 9 * kDay + 12 * 3600;
  std::vector<int64_t> ids;
  int serial = 0;
  for (int round = 0; round < 6; ++round) {
    Status st = store.Write([&](ReviewTx& tx) -> Status {
      for (int k = 0; k < 60; ++k) {
        LedgerEntry e;
        e.site_id = 1 + pick(2);
        e.source = "https://www.example.gov.cn/" + std::to_string(serial) + ".html";
        e.identity = "id-" + std::to_string(serial++);
        e.unit_id = 1 + pick(3);
        e.rule = kRules[pick(3)];
        e.category = pick(3);
        e.severity = pick(4);
        e.status = static_cast<LedgerStatus>(pick(6));
        e.claim = kClaims[pick(3)];
        e.flagged = pick(2) == 1;
        // Assigned over twelve days at any hour, due a few hours to a few days later.
        e.assigned_at = kMarch + pick(12) * kDay + pick(24) * 3600 + pick(3600);
        e.deadline = e.assigned_at + pick(4) * kDay + pick(24) * 3600;
        e.first_scan = e.last_seen_scan = 1;
        e.updated_at = e.assigned_at;
        Result<int64_t> id = tx.Ledger().InsertEntry(e);
        if (!id.ok()) return id.status();
        ids.push_back(*id);
      }
      // Changes as the service makes them: claims, confirmations, reopenings (flagged, a new
      // deadline), a scan's fix, reassignment to another unit, and writes that change nothing.
      for (int k = 0; k < 80; ++k) {
        Result<LedgerEntry> e =
            tx.Ledger().GetEntry(ids[static_cast<size_t>(pick(static_cast<int>(ids.size())))]);
        if (!e.ok()) continue;  // deleted
        switch (pick(6)) {
          case 0:
            e->status = LedgerStatus::kFixedClaimed;
            e->claim = "fixed";
            break;
          case 1:
            e->status = LedgerStatus::kConfirmed;
            e->claim = kClaims[1 + pick(2)];
            break;
          case 2:
            e->status = LedgerStatus::kReopened;
            e->flagged = true;
            e->deadline = now - 3600 + pick(3) * 3600 * 2;
            break;
          case 3:
            e->status = LedgerStatus::kFixed;
            e->flagged = false;
            break;
          case 4:
            e->unit_id = 1 + pick(3);
            break;
          default:
            e->message += "。";  // a still finding's texts: no count changes
        }
        if (Status w = tx.Ledger().UpdateEntry(*e); !w.ok()) return w;
      }
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.message();
    {
      // Deletes (as when a site is removed with its ledger).
      sqlite3* db = nullptr;
      ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
      ExecOrFail(db,
                 "DELETE FROM ledger_entries WHERE id IN (SELECT id FROM ledger_entries "
                 "WHERE id % 7 = " +
                     std::to_string(round) + " LIMIT 5)");
      sqlite3_close(db);
    }
    ExpectFiguresMatch(store, path, now, "round " + std::to_string(round));
  }
  // Some deadlines fall on the day of `now` on each side of it, or the overdue figure would
  // not tell the rows' part from today's.
  int before = 0, after = 0;
  for (const Row& r : ReadRows(path)) {
    if (!Waiting(r) || r.deadline / kDay != now / kDay) continue;
    (r.deadline < now ? before : after)++;
  }
  EXPECT_GT(before, 0);
  EXPECT_GT(after, 0);
}

// A database of schema 13 with a ledger: the migration counts what it holds, and the figures
// equal counting the entries; later writes keep them so.
TEST(LedgerCounts, MigratesALedgerOfTheSchemaBefore) {
  const std::string path = FreshDb("ledger_counts_v13.db");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    for (int n = 1; n <= 13; ++n) ExecOrFail(db, Migration(n));
    ExecOrFail(db, R"sql(
PRAGMA user_version = 13;
INSERT INTO units(id, name) VALUES (1, '市政府办公室'), (2, '教育局'), (3, '某某镇');
INSERT INTO sites(id, name, unit_id, start_urls, scope, concurrency, per_host_concurrency,
                  per_host_rate, max_pages, created_at, updated_at)
  VALUES (1, '门户网站', 1, 'https://www1.example.gov.cn/', 'host', 4, 2, 5, 1000, 0, 0),
         (2, '教育网', 2, 'https://www2.example.gov.cn/', 'host', 4, 2, 5, 1000, 0, 0);
)sql");
    std::string sql;
    for (int i = 0; i < 40; ++i) {
      const int64_t assigned = kMarch + (i % 12) * kDay + (i * 5 % 24) * 3600;
      const char* status[] = {"open",      "reopened",      "fixed",
                              "confirmed", "fixed_claimed", "not_error"};
      sql +=
          "INSERT INTO ledger_entries(site_id, source, identity, unit_id, rule, category, "
          "severity, message, text, context, status, claim, flagged, first_scan, "
          "last_seen_scan, assigned_at, deadline, updated_at) VALUES (" +
          std::to_string(1 + i % 2) + ", 'https://www.example.gov.cn/" + std::to_string(i) +
          ".html', 'id', " + std::to_string(1 + i % 3) + ", '" + kRules[i % 3] + "', " +
          std::to_string(i % 3) + ", " + std::to_string(i % 4) + ", '错别字', '贯切', '', '" +
          status[i % 6] + "', '" + kClaims[i % 3] + "', " + std::to_string(i % 2) + ", 1, 1, " +
          std::to_string(assigned) + ", " +
          std::to_string(assigned + (i % 4) * kDay + (i % 5) * 7200) + ", 0);";
    }
    ExecOrFail(db, sql);
    sqlite3_close(db);
  }
  Result<std::unique_ptr<ReviewStore>> opened = OpenSqliteReviewStore(path);
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT (SELECT sum(n) FROM ledger_counts), "
                               "(SELECT sum(n) FROM ledger_unit_counts), "
                               "(SELECT user_version FROM pragma_user_version)",
                               -1, &st, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(st, 0), 40);
  EXPECT_EQ(sqlite3_column_int64(st, 1), 40);
  EXPECT_EQ(sqlite3_column_int(st, 2), LatestSchemaVersion());
  sqlite3_finalize(st);
  sqlite3_close(db);
  const int64_t now = kMarch + 6 * kDay + 9 * 3600;
  ExpectFiguresMatch(**opened, path, now, "after the migration");
  Status w = (*opened)->Write([&](ReviewTx& tx) -> Status {
    Result<LedgerEntry> e = tx.Ledger().GetEntry(1);
    if (!e.ok()) return e.status();
    e->status = LedgerStatus::kReopened;
    e->flagged = true;
    e->deadline = now - 60;
    return tx.Ledger().UpdateEntry(*e);
  });
  ASSERT_TRUE(w.ok()) << w.message();
  ExpectFiguresMatch(**opened, path, now, "after a reopening");
}

}  // namespace
}  // namespace cuomin::store
