// The site store: new / still / fixed across scans, identities that survive an earlier
// finding being fixed, links as rows, one transaction per page (what a crash keeps), WAL for a
// second reader, and databases made by older versions (the crawl store before numbered
// migrations, and a review database without the site tables).
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/clock.h"
#include "store/finding_identity.h"
#include "store/review_store.h"
#include "store/schema.h"
#include "store/site_store.h"

namespace cuomin::store {
namespace {

using scanner::Finding;
using scanner::ScanStatus;

constexpr char kPage[] = "http://www.x.gov.cn/a.html";

std::string FreshDb(const std::string& name) {
  // Of this process only: other work trees run these tests on the same machine at once.
  std::string path = ::testing::TempDir() + "/cuomin-" + std::to_string(::getpid()) + "-" + name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  return path;
}

Finding Typo(const std::string& text, const std::string& sentence, size_t offset) {
  Finding f;
  f.source = kPage;
  f.rule = "typo-words";
  f.category = scanner::Category::kTypo;
  f.severity = scanner::Severity::kMajor;
  f.message = "错别字";
  f.text = text;
  f.context = sentence;
  f.offset = offset;
  f.length = text.size();
  f.line = 1;
  f.column = offset + 1;
  return f;
}

std::unique_ptr<SiteStore> Open(const std::string& path, const Clock* clock = nullptr) {
  Result<std::unique_ptr<SiteStore>> s = OpenSqliteSiteStore(path, clock);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? std::move(*s) : nullptr;
}

std::vector<RecordedFinding> Commit(SiteStore& s, const std::vector<Finding>& f,
                                    const PageRecord& page = {}) {
  Result<std::vector<RecordedFinding>> r = s.CommitPage(kPage, &page, f);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : std::vector<RecordedFinding>{};
}

std::vector<Finding> Finish(SiteStore& s) {
  std::vector<Finding> fixed;
  Result<size_t> n =
      s.FinishScan([&](std::vector<Finding>& f) { fixed.insert(fixed.end(), f.begin(), f.end()); });
  EXPECT_TRUE(n.ok()) << n.status().message();
  if (n.ok()) {
    EXPECT_EQ(*n, fixed.size());
  }
  return fixed;
}

const std::string kS1 = "面对复杂形势，部分干部一愁莫展。";
const std::string kS2 = "工作中遇到困难，有的同志一愁莫展，缺乏主动性。";

TEST(SiteStore, NewStillFixed) {
  FakeClock clock;
  auto s = Open(FreshDb("site_new_still_fixed.db"), &clock);
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->BeginScan(kPage).ok());
  auto first = Commit(*s, {Typo("一愁莫展", kS1, 10), Typo("一愁莫展", kS2, 90)});
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].status, ScanStatus::kNew);
  EXPECT_EQ(first[1].status, ScanStatus::kNew);
  EXPECT_NE(first[0].identity, first[1].identity);
  EXPECT_TRUE(Finish(*s).empty());

  ASSERT_TRUE(s->BeginScan(kPage).ok());
  auto second = Commit(*s, {Typo("一愁莫展", kS1, 12), Typo("一愁莫展", kS2, 95)});
  ASSERT_EQ(second.size(), 2u);
  EXPECT_EQ(second[0].status, ScanStatus::kStill);
  EXPECT_EQ(second[0].identity, first[0].identity) << "positions moved, identity did not";
  EXPECT_EQ(second[1].identity, first[1].identity);
  EXPECT_TRUE(Finish(*s).empty());
}

// Several pages in one transaction: each page's findings are told new or still as CommitPage
// tells them, and a batch that fails part-way keeps none of its pages.
TEST(SiteStore, CommitPagesIsOneTransactionForSeveralPages) {
  FakeClock clock;
  const std::string path = FreshDb("site_commit_pages.db");
  auto s = Open(path, &clock);
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->BeginScan(kPage).ok());
  PageRecord rec;
  const std::string other = "http://www.x.gov.cn/b.html";
  Finding on_b = Typo("一愁莫展", kS2, 7);
  on_b.source = other;
  auto r = s->CommitPages({{kPage, &rec, {Typo("一愁莫展", kS1, 10)}}, {other, &rec, {on_b}}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->size(), 2u);
  ASSERT_EQ((*r)[0].size(), 1u);
  ASSERT_EQ((*r)[1].size(), 1u);
  EXPECT_EQ((*r)[0][0].status, ScanStatus::kNew);
  EXPECT_EQ((*r)[1][0].status, ScanStatus::kNew);
  const std::string first_identity = (*r)[0][0].identity;
  EXPECT_TRUE(Finish(*s).empty());

  ASSERT_TRUE(s->BeginScan(kPage).ok());
  r = s->CommitPages({{kPage, &rec, {Typo("一愁莫展", kS1, 10)}}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ((*r)[0][0].status, ScanStatus::kStill);
  EXPECT_EQ((*r)[0][0].identity, first_identity);

  // The second page of a batch cannot be written (a trigger stands for a full disk): the
  // first page of the batch is not kept either.
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db,
                           "CREATE TRIGGER refuse_d BEFORE INSERT ON site_pages "
                           "WHEN new.url LIKE '%/d.html' BEGIN SELECT RAISE(ABORT, 'disk full'); "
                           "END",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(db);
  }
  const std::string third = "http://www.x.gov.cn/c.html";
  Finding on_c = Typo("一愁莫展", kS1, 3);
  on_c.source = third;
  auto bad = s->CommitPages({{third, &rec, {on_c}}, {"http://www.x.gov.cn/d.html", &rec, {}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("disk full"), std::string::npos) << bad.status().message();
  auto page = s->GetPage(third);
  ASSERT_TRUE(page.ok());
  EXPECT_FALSE(page->has_value()) << "the first page of a failed batch was kept";
  auto left = s->OpenFindings(third);
  ASSERT_TRUE(left.ok());
  EXPECT_TRUE(left->empty()) << "the first page's finding of a failed batch was kept";
}

// The old fingerprint (page, rule, text, occurrence) moved the second finding onto the first's
// identity when the first was fixed, and reported the wrong one as fixed.
TEST(SiteStore, IdentitySurvivesAnEarlierFindingFixed) {
  auto s = Open(FreshDb("site_identity.db"));
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->BeginScan(kPage).ok());
  auto first = Commit(*s, {Typo("一愁莫展", kS1, 10), Typo("一愁莫展", kS2, 90)});
  ASSERT_EQ(first.size(), 2u);
  Finish(*s);

  ASSERT_TRUE(s->BeginScan(kPage).ok());
  auto second = Commit(*s, {Typo("一愁莫展", kS2, 60)});
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].status, ScanStatus::kStill);
  EXPECT_EQ(second[0].identity, first[1].identity);
  std::vector<Finding> fixed = Finish(*s);
  ASSERT_EQ(fixed.size(), 1u);
  EXPECT_EQ(fixed[0].context, kS1) << "the first one was fixed, not the second";
}

// A page's findings can reach the store in two batches of one scan (the link findings come
// after the page's): the second batch's finding of the same sentence takes the next
// identity, not the first's again, and a store that began another scan counts afresh.
TEST(SiteStore, ALaterBatchOfAPageTakesTheNextIdentityOfItsSentence) {
  auto s = Open(FreshDb("site_two_batches.db"));
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->BeginScan(kPage).ok());
  auto page = Commit(*s, {Typo("一愁莫展", kS1, 10)});
  Result<std::vector<RecordedFinding>> link =
      s->CommitPage(kPage, nullptr, {Typo("一愁莫展", kS1, 40)});
  ASSERT_TRUE(link.ok()) << link.status().message();
  ASSERT_EQ(page.size(), 1u);
  ASSERT_EQ(link->size(), 1u);
  EXPECT_NE((*link)[0].identity, page[0].identity);
  EXPECT_EQ((*link)[0].status, ScanStatus::kNew);
  EXPECT_TRUE(Finish(*s).empty());

  ASSERT_TRUE(s->BeginScan(kPage).ok());
  auto again = Commit(*s, {Typo("一愁莫展", kS1, 10)});
  Result<std::vector<RecordedFinding>> link_again =
      s->CommitPage(kPage, nullptr, {Typo("一愁莫展", kS1, 40)});
  ASSERT_TRUE(link_again.ok()) << link_again.status().message();
  ASSERT_EQ(again.size(), 1u);
  ASSERT_EQ(link_again->size(), 1u);
  EXPECT_EQ(again[0].identity, page[0].identity);
  EXPECT_EQ(again[0].status, ScanStatus::kStill);
  EXPECT_EQ((*link_again)[0].identity, (*link)[0].identity);
  EXPECT_EQ((*link_again)[0].status, ScanStatus::kStill);
  EXPECT_TRUE(Finish(*s).empty()) << "both still there, none fixed";
}

// Two findings in one sentence: fixing the first edits the sentence of the second, which keeps
// its identity through its rule and text.
TEST(SiteStore, IdentitySurvivesAnEditOfItsSentence) {
  auto s = Open(FreshDb("site_sentence.db"));
  ASSERT_NE(s, nullptr);
  const std::string before = "部分干部一愁莫展，工作按步就班。";
  const std::string after = "部分干部一筹莫展，工作按步就班。";
  ASSERT_TRUE(s->BeginScan(kPage).ok());
  Finding a = Typo("一愁莫展", before, 10);
  Finding b = Typo("按步就班", before, 30);
  auto first = Commit(*s, {a, b});
  Finish(*s);
  ASSERT_TRUE(s->BeginScan(kPage).ok());
  b.context = after;
  auto second = Commit(*s, {b});
  ASSERT_EQ(second.size(), 1u);
  EXPECT_EQ(second[0].status, ScanStatus::kStill);
  EXPECT_EQ(second[0].identity, first[1].identity);
  std::vector<Finding> fixed = Finish(*s);
  ASSERT_EQ(fixed.size(), 1u);
  EXPECT_EQ(fixed[0].text, "一愁莫展");
}

// A site whose every finding was fixed has none open as a scan begins (the store then reads
// no earlier rows for its pages): a finding back on the page is new again, and the pages'
// second batches within that scan still take the next identity.
TEST(SiteStore, AFindingBackAfterAllWereFixedIsNewAgain) {
  auto s = Open(FreshDb("site_back_after_fixed.db"));
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->BeginScan(kPage).ok());
  auto first = Commit(*s, {Typo("一愁莫展", kS1, 10)});
  ASSERT_EQ(first.size(), 1u);
  Finish(*s);
  ASSERT_TRUE(s->BeginScan(kPage).ok());
  Commit(*s, {});
  ASSERT_EQ(Finish(*s).size(), 1u);

  ASSERT_TRUE(s->BeginScan(kPage).ok());
  auto back = Commit(*s, {Typo("一愁莫展", kS1, 10)});
  Result<std::vector<RecordedFinding>> link =
      s->CommitPage(kPage, nullptr, {Typo("一愁莫展", kS1, 40)});
  ASSERT_TRUE(link.ok()) << link.status().message();
  ASSERT_EQ(back.size(), 1u);
  ASSERT_EQ(link->size(), 1u);
  EXPECT_EQ(back[0].status, ScanStatus::kNew);
  EXPECT_EQ(back[0].identity, first[0].identity);
  EXPECT_EQ((*link)[0].status, ScanStatus::kNew);
  EXPECT_NE((*link)[0].identity, back[0].identity);
  EXPECT_TRUE(Finish(*s).empty());
}

// A URL queued and settled in one batch of the frontier (the store writes one row a URL):
// a continued scan finds it as the entries left it in turn, with the first depth and the
// last answer, and a later "queued" does not undo "settled".
TEST(SiteStore, AFrontierBatchNamingAURLTwiceKeepsWhatEachEntrySaid) {
  auto s = Open(FreshDb("site_frontier_twice.db"));
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->BeginScan(kPage).ok());
  const std::string other = "http://www.x.gov.cn/b.html";
  FrontierEntry queued;
  queued.url = other;
  queued.depth = 2;
  FrontierEntry settled = queued;
  settled.depth = 5;
  settled.done = true;
  settled.has_result = true;
  settled.outcome = 3;
  settled.status = 404;
  settled.detail = "未找到";
  FrontierEntry again = queued;
  again.depth = 7;
  FrontierEntry page;
  page.url = kPage;
  page.depth = 0;
  ASSERT_TRUE(s->SaveFrontier({page}).ok());
  ASSERT_TRUE(s->SaveFrontier({queued, settled, again}).ok());
  ASSERT_TRUE(s->EndScan(ScanState::kPaused).ok());
  ASSERT_TRUE(s->ResumeScan(s->scan_id()).ok());
  Result<SavedFrontier> saved = s->LoadFrontier();
  ASSERT_TRUE(saved.ok()) << saved.status().message();
  ASSERT_EQ(saved->urls.size(), 2u);
  const FrontierEntry& e = saved->urls[0].url == other ? saved->urls[0] : saved->urls[1];
  EXPECT_EQ(e.url, other);
  EXPECT_EQ(e.depth, 2);
  EXPECT_TRUE(e.done);
  EXPECT_TRUE(e.has_result);
  EXPECT_EQ(e.outcome, 3);
  EXPECT_EQ(e.status, 404);
  EXPECT_EQ(e.detail, "未找到");
  const FrontierEntry& p = saved->urls[0].url == other ? saved->urls[1] : saved->urls[0];
  EXPECT_FALSE(p.done);
  EXPECT_FALSE(p.has_result);
}

TEST(SiteStore, LinksAreRowsAndPagesComeBack) {
  std::string path = FreshDb("site_links.db");
  auto s = Open(path);
  ASSERT_NE(s, nullptr);
  ASSERT_TRUE(s->BeginScan(kPage).ok());
  PageRecord page;
  page.etag = "\"v1\"";
  page.last_modified = "Fri, 04 Dec 2026 08:00:00 GMT";
  page.links = {{"http://www.x.gov.cn/b.html", 120, 7, 3}, {"http://other.cn/", 400, 9, 1}};
  Commit(*s, {}, page);
  Finish(*s);
  ASSERT_TRUE(s->BeginScan(kPage).ok());
  Result<std::optional<PageRecord>> r = s->GetPage(kPage);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_TRUE(*r);
  EXPECT_EQ((*r)->etag, "\"v1\"");
  ASSERT_EQ((*r)->links.size(), 2u);
  EXPECT_EQ((*r)->links[1].target, "http://other.cn/");
  EXPECT_EQ((*r)->links[1].offset, 400u);
  EXPECT_EQ((*r)->links[1].line, 9u);
  Result<std::optional<PageRecord>> none = s->GetPage("http://www.x.gov.cn/never.html");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM site_links WHERE page_url = ?", -1, &st,
                               nullptr),
            SQLITE_OK);
  sqlite3_bind_text(st, 1, kPage, -1, SQLITE_STATIC);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int(st, 0), 2);
  sqlite3_finalize(st);
  sqlite3_close(db);
}

// A crawl that dies after a page keeps that page; another process reads meanwhile (WAL).
TEST(SiteStore, EachPageIsCommittedAndReadableWhileTheScanRuns) {
  std::string path = FreshDb("site_crash.db");
  {
    auto s = Open(path);
    ASSERT_NE(s, nullptr);
    ASSERT_TRUE(s->BeginScan(kPage).ok());
    Commit(*s, {Typo("一愁莫展", kS1, 10)});

    sqlite3* reader = nullptr;
    ASSERT_EQ(sqlite3_open_v2(path.c_str(), &reader, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(reader, "SELECT COUNT(*) FROM site_findings", -1, &st, nullptr),
              SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW) << "no SQLITE_BUSY for a reader during a scan";
    EXPECT_EQ(sqlite3_column_int(st, 0), 1);
    sqlite3_finalize(st);
    ASSERT_EQ(sqlite3_prepare_v2(reader, "PRAGMA journal_mode", -1, &st, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "wal");
    sqlite3_finalize(st);
    sqlite3_close(reader);
  }  // no FinishScan: the process "died"
  auto s = Open(path);
  ASSERT_NE(s, nullptr);
  Result<std::vector<StoredFinding>> open = s->OpenFindings(kPage);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0].finding.text, "一愁莫展");
  ASSERT_TRUE(s->BeginScan(kPage).ok());
  auto again = Commit(*s, {Typo("一愁莫展", kS1, 10)});
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].status, ScanStatus::kStill);
}

void ExecOrFail(sqlite3* db, const char* sql) {
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
}

int UserVersion(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
  int v = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

// A --db file written by the crawl store before numbered migrations (its schema verbatim):
// its pages, links and open findings carry over, and the review tables fit beside them.
TEST(SiteStore, OpensADatabaseOfTheCrawlStoreBeforeMigrations) {
  std::string path = FreshDb("site_unversioned.db");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ExecOrFail(db, R"(
CREATE TABLE IF NOT EXISTS scans(id INTEGER PRIMARY KEY, seeds TEXT, started INTEGER,
                                 finished INTEGER);
CREATE TABLE IF NOT EXISTS pages(url TEXT PRIMARY KEY, etag TEXT, last_modified TEXT,
                                 links TEXT, scan INTEGER);
CREATE TABLE IF NOT EXISTS findings(fingerprint TEXT PRIMARY KEY, source TEXT, rule TEXT,
  category TEXT, severity TEXT, message TEXT, text TEXT, suggestion TEXT, offset INTEGER,
  length INTEGER, line INTEGER, col INTEGER, end_line INTEGER, end_col INTEGER, context TEXT,
  rule_file TEXT, first_scan INTEGER, last_scan INTEGER, fixed_scan INTEGER);
CREATE INDEX IF NOT EXISTS findings_source ON findings(source);
INSERT INTO scans VALUES(1, 'http://www.x.gov.cn/ ', 1700000000, 1700000100);
INSERT INTO pages VALUES('http://www.x.gov.cn/a.html', '"v1"', '',
  'http://www.x.gov.cn/b.html	120	7	3
http://other.cn/	400	9	1
', 1);
INSERT INTO findings VALUES('k1', 'http://www.x.gov.cn/a.html', 'typo-words', 'typo', 'major',
  '错别字', '一愁莫展', '一筹莫展', 10, 12, 1, 11, 1, 14, '面对复杂形势，部分干部一愁莫展。',
  'typo/words.yml', 1, 1, NULL);
INSERT INTO findings VALUES('k2', 'http://www.x.gov.cn/a.html', 'typo-words', 'typo', 'major',
  '错别字', '按步就班', '按部就班', 50, 12, 2, 1, 2, 4, '工作按步就班。', 'typo/words.yml', 1, 1, 1);
)");
    sqlite3_close(db);
  }
  auto s = Open(path);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(UserVersion(path), LatestSchemaVersion());
  ASSERT_TRUE(s->BeginScan(kPage).ok());
  Result<std::optional<PageRecord>> page = s->GetPage(kPage);
  ASSERT_TRUE(page.ok()) << page.status().message();
  ASSERT_TRUE(*page);
  EXPECT_EQ((*page)->etag, "\"v1\"");
  ASSERT_EQ((*page)->links.size(), 2u);
  EXPECT_EQ((*page)->links[0].target, "http://www.x.gov.cn/b.html");
  EXPECT_EQ((*page)->links[0].column, 3u);
  Result<std::vector<StoredFinding>> open = s->OpenFindings(kPage);
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u) << "the fixed one stays fixed";
  EXPECT_EQ((*open)[0].finding.suggestion, "一筹莫展");
  auto again = Commit(*s, {Typo("一愁莫展", "面对复杂形势，部分干部一愁莫展。", 10)});
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].status, ScanStatus::kStill);
  EXPECT_EQ(again[0].identity, (*open)[0].identity);
  s.reset();

  Result<std::unique_ptr<ReviewStore>> review = OpenSqliteReviewStore(path);
  ASSERT_TRUE(review.ok()) << review.status().message();
  EXPECT_EQ((*review)->schema_version(), LatestSchemaVersion());
}

// A database of the review server before the site tables: the site store adds them, the review
// rows stay.
TEST(SiteStore, OpensAReviewDatabaseOfAnEarlierVersion) {
  std::string path = FreshDb("site_review_v2.db");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ExecOrFail(db, Migration(1));
    ExecOrFail(db, Migration(2));
    ExecOrFail(db, "PRAGMA user_version = 2; INSERT INTO units(name) VALUES('县政府办公室')");
    sqlite3_close(db);
  }
  auto s = Open(path);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(UserVersion(path), LatestSchemaVersion());
  ASSERT_TRUE(s->BeginScan(kPage).ok());
  EXPECT_EQ(Commit(*s, {Typo("一愁莫展", kS1, 10)}).size(), 1u);
  s.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT name FROM units", -1, &st, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), "县政府办公室");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST(SiteStore, OneScanAtATimePerDatabase) {
  std::string path = FreshDb("site_two_scans.db");
  auto first = Open(path);
  ASSERT_NE(first, nullptr);
  ASSERT_TRUE(first->BeginScan(kPage).ok());
  auto second = Open(path);
  ASSERT_NE(second, nullptr) << "opening to read is fine";
  Status st = second->BeginScan(kPage);
  EXPECT_EQ(st.code(), StatusCode::kUnavailable);
  EXPECT_NE(st.message().find("另一次扫描"), std::string::npos) << st.message();
  first.reset();
  EXPECT_TRUE(second->BeginScan(kPage).ok()) << "free once the first crawl is gone";
}

TEST(SiteStore, ADatabaseNewerThanThisProgramIsRefused) {
  std::string path = FreshDb("site_newer.db");
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ExecOrFail(db, "PRAGMA user_version = 999");
    sqlite3_close(db);
  }
  Result<std::unique_ptr<SiteStore>> s = OpenSqliteSiteStore(path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(s.status().message().find(path), std::string::npos) << s.status().message();
  EXPECT_NE(s.status().message().find("新版"), std::string::npos) << s.status().message();
}

TEST(SiteStore, NotADatabaseNamesTheFile) {
  std::string path = FreshDb("site_not_db.db");
  {
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fputs("这不是数据库，只是一段文字。这不是数据库，只是一段文字。这不是数据库。", f);
    std::fclose(f);
  }
  Result<std::unique_ptr<SiteStore>> s = OpenSqliteSiteStore(path);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find(path), std::string::npos) << s.status().message();
}

TEST(FindingIdentity, IgnoresSpacesAndPositionButNotTheSentence) {
  Finding a = Typo("一愁莫展", kS1, 10);
  Finding b = Typo("一愁 莫展", "面对复杂形势， 部分干部一愁莫展。", 99);
  EXPECT_EQ(ContextKey(a), ContextKey(b));
  EXPECT_EQ(TextKey(a), TextKey(b));
  Finding c = Typo("一愁莫展", kS2, 10);
  EXPECT_NE(ContextKey(a), ContextKey(c));
  EXPECT_EQ(TextKey(a), TextKey(c));
  c.rule = "typo-idiom";
  EXPECT_NE(TextKey(a), TextKey(c));
  EXPECT_EQ(Identity(ContextKey(a), 1), ContextKey(a) + "-1");
}

// A --db that is some other file is refused at the start with one clear sentence.
TEST(SiteStoreTest, AFileThatIsNoDatabaseIsRefusedNamingIt) {
  char dir[] = "/tmp/cuomin-store-notadb-XXXXXX";
  ASSERT_NE(::mkdtemp(dir), nullptr);
  std::string path = std::string(dir) + "/notes.db";
  {
    std::ofstream out(path);
    for (int i = 0; i < 200; ++i) out << "这不是数据库，只是一段文字。\n";
  }
  Result<std::unique_ptr<SiteStore>> s = OpenSqliteSiteStore(path);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.status().message(),
            path + "：不是 SQLite 数据库文件（file is not a database），请换一个 --db 文件");
  Result<std::unique_ptr<SiteStore>> d = OpenSqliteSiteStore(dir);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().message().rfind(std::string(dir) + "：", 0), 0u) << d.status().message();
  std::remove(path.c_str());
  ::rmdir(dir);
}

}  // namespace
}  // namespace cuomin::store
