// Pages and findings are keyed by site: two configured sites whose scopes share a page each
// keep their own findings, told new, still and fixed by their own scans, and a database of the
// schema before (pages keyed by URL alone) is migrated with its rows, ledger and history kept.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "store/finding_identity.h"
#include "store/ledger_store.h"
#include "store/page_body.h"
#include "store/review_store.h"
#include "store/schema.h"
#include "store/site_store.h"

namespace cuomin::store {
namespace {

using scanner::Finding;
using scanner::ScanStatus;

// A page both sites reach: the portal's scope and the education bureau's site both cover
// /zwgk/bm/jyj/.
constexpr char kShared[] = "https://www.example.gov.cn/zwgk/bm/jyj/2026/tz.html";
constexpr char kOther[] = "https://www.example.gov.cn/index.html";
constexpr int64_t kPortal = 1;
constexpr int64_t kBureau = 2;

std::string FreshDb(const std::string& name) {
  std::string path = ::testing::TempDir() + "/cuomin-" + std::to_string(::getpid()) + "-" + name;
  for (const char* suffix : {"", "-wal", "-shm", "-scans.lock"})
    std::filesystem::remove(path + suffix);
  return path;
}

Finding Typo(const std::string& url, const std::string& text, const std::string& sentence,
             size_t offset) {
  Finding f;
  f.source = url;
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

const std::string kS1 = "面对复杂形势，部分干部一愁莫展。";
const std::string kS2 = "各学校要认真贯切落实上级部署。";

std::unique_ptr<SiteStore> OpenSite(const std::string& path, int64_t site) {
  Result<std::unique_ptr<SiteStore>> s = OpenSqliteSiteStore(path, nullptr, site);
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.ok() ? std::move(*s) : nullptr;
}

std::vector<ScanStatus> Commit(SiteStore& s, const std::string& url, const std::vector<Finding>& f,
                               const std::string& etag = "") {
  PageRecord page;
  page.etag = etag;
  page.links = {{"https://www.example.gov.cn/a.html", 5, 1, 6}};
  Result<std::vector<RecordedFinding>> r = s.CommitPage(url, &page, f);
  EXPECT_TRUE(r.ok()) << r.status().message();
  std::vector<ScanStatus> out;
  if (r.ok()) {
    for (const RecordedFinding& x : *r) out.push_back(x.status);
  }
  return out;
}

std::vector<std::string> FixedTexts(SiteStore& s) {
  std::vector<std::string> fixed;
  Result<size_t> n = s.FinishScan([&](std::vector<Finding>& page) {
    for (const Finding& f : page) fixed.push_back(f.text);
  });
  EXPECT_TRUE(n.ok()) << n.status().message();
  return fixed;
}

std::vector<std::string> OpenTexts(SiteStore& s, const std::string& url) {
  Result<std::vector<StoredFinding>> r = s.OpenFindings(url);
  EXPECT_TRUE(r.ok()) << r.status().message();
  std::vector<std::string> out;
  if (r.ok()) {
    for (const StoredFinding& f : *r) out.push_back(f.finding.text);
  }
  return out;
}

// A conditional request sends what an earlier scan of the same site recorded: nothing in a
// first scan or for a site whose pages came without validators, another site's never.
TEST(SitesKeyedPages, ValidatorsComeFromTheSitesEarlierScansOnly) {
  std::string path = FreshDb("validators.db");
  auto portal = OpenSite(path, kPortal);
  auto bureau = OpenSite(path, kBureau);
  ASSERT_NE(portal, nullptr);
  ASSERT_NE(bureau, nullptr);
  auto etag = [](SiteStore& s, const std::string& url) {
    Result<SiteStore::Validators> v = s.GetValidators(url);
    EXPECT_TRUE(v.ok()) << v.status().message();
    return v.ok() ? v->etag : "(error)";
  };
  ASSERT_TRUE(portal->BeginScan("https://www.example.gov.cn/").ok());
  EXPECT_EQ(etag(*portal, kShared), "");
  Commit(*portal, kShared, {}, "\"p1\"");
  EXPECT_EQ(etag(*portal, kShared), "") << "this scan's own record is no earlier scan's";
  ASSERT_TRUE(bureau->BeginScan("https://jyj.example.gov.cn/").ok());
  Commit(*bureau, kShared, {});
  FixedTexts(*portal);
  FixedTexts(*bureau);

  ASSERT_TRUE(portal->BeginScan("https://www.example.gov.cn/").ok());
  ASSERT_TRUE(bureau->BeginScan("https://jyj.example.gov.cn/").ok());
  EXPECT_EQ(etag(*portal, kShared), "\"p1\"");
  EXPECT_EQ(etag(*portal, "https://www.example.gov.cn/other.html"), "");
  EXPECT_EQ(etag(*bureau, kShared), "") << "the bureau's page came without one";
  Commit(*bureau, kShared, {}, "\"b2\"");
  FixedTexts(*bureau);
  ASSERT_TRUE(bureau->BeginScan("https://jyj.example.gov.cn/").ok());
  EXPECT_EQ(etag(*bureau, kShared), "\"b2\"");
  EXPECT_EQ(etag(*portal, kShared), "\"p1\"");
}

TEST(SitesKeyedPages, TwoSitesSharingAPageKeepTheirOwnFindings) {
  std::string path = FreshDb("two_sites.db");
  auto portal = OpenSite(path, kPortal);
  auto bureau = OpenSite(path, kBureau);
  ASSERT_NE(portal, nullptr);
  ASSERT_NE(bureau, nullptr);

  // First scans, at the same time: the portal still serves the page with both typos (a cached
  // copy), the bureau's own site already has one of them corrected.
  ASSERT_TRUE(portal->BeginScan("https://www.example.gov.cn/").ok());
  ASSERT_TRUE(bureau->BeginScan("https://jyj.example.gov.cn/").ok());
  EXPECT_EQ(Commit(*portal, kShared,
                   {Typo(kShared, "一愁莫展", kS1, 10), Typo(kShared, "贯切", kS2, 60)}, "\"p1\""),
            (std::vector<ScanStatus>{ScanStatus::kNew, ScanStatus::kNew}));
  EXPECT_EQ(Commit(*bureau, kShared, {Typo(kShared, "贯切", kS2, 60)}, "\"b1\""),
            (std::vector<ScanStatus>{ScanStatus::kNew}))
      << "the portal's record of the same URL is not the bureau's";
  EXPECT_TRUE(FixedTexts(*bureau).empty()) << "the bureau's scan fixes none of the portal's";
  EXPECT_TRUE(FixedTexts(*portal).empty());
  EXPECT_EQ(OpenTexts(*portal, kShared), (std::vector<std::string>{"一愁莫展", "贯切"}));
  EXPECT_EQ(OpenTexts(*bureau, kShared), (std::vector<std::string>{"贯切"}));

  // Second scans: the portal's copy is unchanged; the bureau fixed its last typo. Each site's
  // validators are its own (a conditional request of one site uses its own etag).
  ASSERT_TRUE(portal->BeginScan("https://www.example.gov.cn/").ok());
  ASSERT_TRUE(bureau->BeginScan("https://jyj.example.gov.cn/").ok());
  Result<std::optional<PageRecord>> pp = portal->GetPage(kShared);
  Result<std::optional<PageRecord>> bp = bureau->GetPage(kShared);
  ASSERT_TRUE(pp.ok() && pp->has_value() && bp.ok() && bp->has_value());
  EXPECT_EQ((*pp)->etag, "\"p1\"");
  EXPECT_EQ((*bp)->etag, "\"b1\"");
  EXPECT_EQ(Commit(*bureau, kShared, {}, "\"b2\""), std::vector<ScanStatus>{});
  EXPECT_EQ(FixedTexts(*bureau), (std::vector<std::string>{"贯切"}));
  EXPECT_EQ(Commit(*portal, kShared,
                   {Typo(kShared, "一愁莫展", kS1, 10), Typo(kShared, "贯切", kS2, 60)}, "\"p1\""),
            (std::vector<ScanStatus>{ScanStatus::kStill, ScanStatus::kStill}))
      << "the bureau's fix is not the portal's";
  EXPECT_TRUE(FixedTexts(*portal).empty());
  EXPECT_EQ(OpenTexts(*portal, kShared), (std::vector<std::string>{"一愁莫展", "贯切"}));
  EXPECT_TRUE(OpenTexts(*bureau, kShared).empty());

  // A whole-database crawl (cuomin crawl --db) is a record of its own as well.
  portal.reset();
  bureau.reset();
  auto crawl = OpenSite(path, 0);
  ASSERT_NE(crawl, nullptr);
  ASSERT_TRUE(crawl->BeginScan("https://www.example.gov.cn/").ok());
  Result<std::optional<PageRecord>> cp = crawl->GetPage(kShared);
  ASSERT_TRUE(cp.ok());
  EXPECT_FALSE(cp->has_value());
  EXPECT_EQ(Commit(*crawl, kShared, {Typo(kShared, "贯切", kS2, 60)}),
            (std::vector<ScanStatus>{ScanStatus::kNew}));
  EXPECT_TRUE(FixedTexts(*crawl).empty());

  // The per-page view of each site reads its own record.
  Result<std::unique_ptr<ReviewStore>> review = OpenSqliteReviewStore(path);
  ASSERT_TRUE(review.ok()) << review.status().message();
  Status st = (*review)->Read([&](ReviewTx& tx) -> Status {
    Result<std::optional<ScannedPage>> p = tx.Ledger().GetScannedPage(kPortal, kShared);
    EXPECT_TRUE(p.ok() && p->has_value());
    if (p.ok() && p->has_value()) {
      EXPECT_EQ((*p)->site_id, kPortal);
      EXPECT_EQ((*p)->findings.size(), 2u);
      EXPECT_EQ((*p)->links.size(), 1u);
    }
    Result<std::optional<ScannedPage>> b = tx.Ledger().GetScannedPage(kBureau, kShared);
    EXPECT_TRUE(b.ok() && b->has_value());
    if (b.ok() && b->has_value()) {
      EXPECT_EQ((*b)->site_id, kBureau);
      EXPECT_TRUE((*b)->findings.empty());
    }
    Result<std::optional<ScannedPage>> none = tx.Ledger().GetScannedPage(3, kShared);
    EXPECT_TRUE(none.ok() && !none->has_value()) << "a site that never scanned it";
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.message();
}

void ExecOrFail(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK)
      << (err ? err : "") << "\n"
      << sql;
}

int64_t QueryInt(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  int64_t v = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  else
    ADD_FAILURE() << sql << ": " << sqlite3_errmsg(db);
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

// A database of schema 10 (pages keyed by URL alone) with a site's scan, a whole-database
// crawl, a ledger entry and its history: after the migration every row is its scan's site's,
// the ledger still finds its entry, and the next scan of each tells still and fixed from them.
TEST(SitesKeyedPages, MigratesADatabaseOfTheSchemaBefore) {
  std::string path = FreshDb("v10.db");
  const Finding portal_typo = Typo(kShared, "一愁莫展", kS1, 10);
  const Finding crawl_typo = Typo(kOther, "贯切", kS2, 60);
  const std::string portal_id = Identity(ContextKey(portal_typo), 0);
  const std::string crawl_id = Identity(ContextKey(crawl_typo), 0);
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    for (int n = 1; n <= 10; ++n) ExecOrFail(db, Migration(n));
    ExecOrFail(db, R"sql(
PRAGMA user_version = 10;
INSERT INTO units(id, name) VALUES (1, '市政府办公室'), (2, '教育局');
INSERT INTO sites(id, name, unit_id, start_urls, scope, concurrency, per_host_concurrency,
                  per_host_rate, max_pages, created_at, updated_at)
  VALUES (1, '门户网站', 1, 'https://www.example.gov.cn/', 'www.example.gov.cn', 4, 2, 5, 1000,
          1700000000, 1700000000);
INSERT INTO site_scans(id, seeds, started_at, finished_at, state, site_id)
  VALUES (1, 'https://www.example.gov.cn/', 1700000000, 1700000100, 'finished', 1),
         (2, 'https://www.example.gov.cn/', 1700000200, 1700000300, 'finished', NULL);
INSERT INTO site_pages(url, etag, last_modified, scan_id)
  VALUES ('https://www.example.gov.cn/zwgk/bm/jyj/2026/tz.html', '"p1"', '', 1),
         ('https://www.example.gov.cn/index.html', '"c1"', '', 2);
INSERT INTO site_links(page_url, seq, target, byte_offset, line, col)
  VALUES ('https://www.example.gov.cn/zwgk/bm/jyj/2026/tz.html', 0,
          'https://www.example.gov.cn/a.html', 5, 1, 6);
)sql");
    const std::string finding_sql =
        "INSERT INTO site_findings(source, identity, text_key, rule, category, severity, "
        "message, text, suggestion, byte_offset, length, line, col, end_line, end_col, context, "
        "rule_file, first_scan, last_scan, fixed_scan) VALUES ('";
    ExecOrFail(db, finding_sql + kShared + "', '" + portal_id + "', '" + TextKey(portal_typo) +
                       "', 'typo-words', 'typo', 'major', '错别字', '一愁莫展', '', 10, 12, 1, "
                       "11, 1, 23, '" +
                       kS1 + "', '', 1, 1, NULL)");
    ExecOrFail(db, finding_sql + kOther + "', '" + crawl_id + "', '" + TextKey(crawl_typo) +
                       "', 'typo-words', 'typo', 'major', '错别字', '贯切', '', 60, 6, 1, 61, 1, "
                       "67, '" +
                       kS2 + "', '', 2, 2, NULL)");
    sqlite3_stmt* body = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db,
                                 "INSERT INTO site_page_bodies(url, charset, size, body, scan_id) "
                                 "VALUES (?, 'utf-8', ?, ?, 1)",
                                 -1, &body, nullptr),
              SQLITE_OK);
    const std::string html = "<p>" + kS1 + "</p>";
    const std::string deflated = DeflateBody(html);
    sqlite3_bind_text(body, 1, kShared, -1, SQLITE_STATIC);
    sqlite3_bind_int64(body, 2, static_cast<sqlite3_int64>(html.size()));
    sqlite3_bind_blob(body, 3, deflated.data(), static_cast<int>(deflated.size()), SQLITE_STATIC);
    ASSERT_EQ(sqlite3_step(body), SQLITE_DONE);
    sqlite3_finalize(body);
    ExecOrFail(db, std::string("INSERT INTO ledger_entries(id, site_id, source, identity, "
                               "unit_id, rule, category, severity, message, text, context, "
                               "status, first_scan, last_seen_scan, assigned_at, deadline, "
                               "updated_at) VALUES (7, 1, '") +
                       kShared + "', '" + portal_id +
                       "', 2, 'typo-words', 1, 2, '错别字', '一愁莫展', '" + kS1 +
                       "', 'open', 1, 1, 1700000100, 1700086500, 1700000100);"
                       "INSERT INTO ledger_events(entry_id, at, scan_id, from_status, "
                       "to_status) VALUES (7, 1700000100, 1, '', 'open');");
    sqlite3_close(db);
  }

  // The server opens the review store first (foreign keys on): the migration runs there.
  Result<std::unique_ptr<ReviewStore>> review = OpenSqliteReviewStore(path);
  ASSERT_TRUE(review.ok()) << review.status().message();
  EXPECT_EQ(QueryInt(path, "PRAGMA user_version"), LatestSchemaVersion());
  EXPECT_EQ(
      QueryInt(path, "SELECT site_id FROM site_pages WHERE url = '" + std::string(kOther) + "'"), 0)
      << "the crawl's page is the whole database's";
  EXPECT_EQ(QueryInt(path, "SELECT count(*) FROM ledger_events WHERE entry_id = 7"), 1);
  Status st = (*review)->Read([&](ReviewTx& tx) -> Status {
    Result<std::optional<LedgerEntry>> e = tx.Ledger().FindEntry(kPortal, kShared, portal_id);
    EXPECT_TRUE(e.ok() && e->has_value());
    if (e.ok() && e->has_value()) {
      EXPECT_EQ((*e)->id, 7);
    }
    Result<std::optional<LedgerEntry>> other = tx.Ledger().FindEntry(kBureau, kShared, portal_id);
    EXPECT_TRUE(other.ok() && !other->has_value());
    Result<std::optional<ScannedPage>> p = tx.Ledger().GetScannedPage(kPortal, kShared);
    EXPECT_TRUE(p.ok() && p->has_value());
    if (p.ok() && p->has_value()) {
      EXPECT_EQ((*p)->scan_id, 1);
      EXPECT_TRUE((*p)->has_body);
      EXPECT_EQ((*p)->body, "<p>" + kS1 + "</p>");
      EXPECT_EQ((*p)->links.size(), 1u);
      EXPECT_EQ((*p)->findings.size(), 1u);
      if (!(*p)->findings.empty()) {
        EXPECT_EQ((*p)->findings[0].first, portal_id);
      }
    }
    // What the scan found, counted by the migration as the history counted it before.
    Result<ScanCounts> counts = tx.Ledger().CountScan(1);
    EXPECT_TRUE(counts.ok());
    if (counts.ok()) {
      EXPECT_EQ(counts->fresh, 1);
      EXPECT_EQ(counts->still, 0);
      EXPECT_EQ(counts->fixed, 0);
    }
    Result<std::vector<LedgerEntry>> entries = tx.Ledger().EntriesOfPage(kPortal, kShared);
    EXPECT_TRUE(entries.ok() && entries->size() == 1u);
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.message();
  review->reset();

  // The portal's next scan: its typo is still there, the crawl's page is not its own.
  auto portal = OpenSite(path, kPortal);
  ASSERT_NE(portal, nullptr);
  ASSERT_TRUE(portal->BeginScan("https://www.example.gov.cn/").ok());
  Result<std::optional<PageRecord>> pp = portal->GetPage(kShared);
  ASSERT_TRUE(pp.ok() && pp->has_value());
  EXPECT_EQ((*pp)->etag, "\"p1\"");
  EXPECT_EQ((*pp)->links.size(), 1u);
  EXPECT_EQ(Commit(*portal, kShared, {portal_typo}), (std::vector<ScanStatus>{ScanStatus::kStill}));
  EXPECT_EQ(Commit(*portal, kOther, {}), std::vector<ScanStatus>{});
  EXPECT_TRUE(FixedTexts(*portal).empty()) << "the crawl's finding is not the portal's to fix";
  const int64_t portal_scan = portal->scan_id();
  portal.reset();
  review = OpenSqliteReviewStore(path);
  ASSERT_TRUE(review.ok()) << review.status().message();
  st = (*review)->Read([&](ReviewTx& tx) -> Status {
    Result<ScanCounts> counts = tx.Ledger().CountScan(portal_scan);
    EXPECT_TRUE(counts.ok());
    if (counts.ok()) {
      EXPECT_EQ(counts->fresh, 0);
      EXPECT_EQ(counts->still, 1);
      EXPECT_EQ(counts->fixed, 0);
    }
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.message();
  review->reset();

  // The next whole-database crawl finds its page's typo gone.
  auto crawl = OpenSite(path, 0);
  ASSERT_NE(crawl, nullptr);
  ASSERT_TRUE(crawl->BeginScan("https://www.example.gov.cn/").ok());
  EXPECT_EQ(OpenTexts(*crawl, kOther), (std::vector<std::string>{"贯切"}));
  EXPECT_EQ(Commit(*crawl, kOther, {}), std::vector<ScanStatus>{});
  EXPECT_EQ(FixedTexts(*crawl), (std::vector<std::string>{"贯切"}));
}

// What another process (the sqlite3 shell: a fork alone would inherit SQLite's record of this
// process's locks) reads of table kept, by a connection of its own opened and closed after
// this process wrote.
std::string RowsSeenByAnotherProcess(const std::string& path) {
  std::string command = "sqlite3 -batch '" + path + "' 'SELECT count(*) FROM kept' 2>&1";
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return "popen failed";
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  ::pclose(p);
  return out;
}

// The server keeps its connections open while site scans come and go, and the database may be
// opened by another process meanwhile (cuomin crawl --db, cuomin user add, a backup). A site
// store opening and closing the database file for its scan lock dropped the server's SQLite
// locks with it (POSIX locks belong to the process and file, not the descriptor): the other
// process's connection then found itself last at its close, checkpointed and deleted the WAL
// the server still wrote to, and what the server wrote after was lost ("database disk image
// is malformed" at its next scan).
TEST(SiteStoreLocks, ScanLocksLeaveTheProcesssDatabaseLocksAlone) {
  std::string path = FreshDb("locks.db");
  std::unique_ptr<SiteStore> first = OpenSite(path, kPortal);
  sqlite3* server = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &server), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(server, "CREATE TABLE kept (n); INSERT INTO kept VALUES (1)", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  {
    std::unique_ptr<SiteStore> scan = OpenSite(path, kBureau);
    ASSERT_TRUE(scan->MarkInterrupted().ok());  // as the server does at its start
    ASSERT_TRUE(scan->BeginScan("https://jyj.example.gov.cn/").ok());
    ASSERT_TRUE(scan->EndScan(ScanState::kFinished).ok());
  }  // the scan's store closes, and its lock with it
  EXPECT_EQ(RowsSeenByAnotherProcess(path), "1\n");
  ASSERT_EQ(sqlite3_exec(server, "INSERT INTO kept VALUES (2)", nullptr, nullptr, nullptr),
            SQLITE_OK);
  EXPECT_EQ(RowsSeenByAnotherProcess(path), "2\n");
  sqlite3_close(server);
}

// A rescan that fetches a page's body unchanged neither deflates nor writes it again: the store
// says so only for a hash an earlier scan of the same site stored beside the body, and the
// per-page view still shows that body.
TEST(SitesKeyedPages, AnUnchangedBodyIsKeptNotWrittenAgain) {
  std::string path = FreshDb("bodies.db");
  auto portal = OpenSite(path, kPortal);
  auto bureau = OpenSite(path, kBureau);
  ASSERT_NE(portal, nullptr);
  ASSERT_NE(bureau, nullptr);
  auto same = [](SiteStore& s, const std::string& url, const std::string& hash) {
    Result<bool> r = s.SameBody(url, hash);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() && *r;
  };
  auto commit = [](SiteStore& s, const std::string& url, const std::string& body,
                   const std::string& hash) {
    PageRecord page;
    page.body = body;
    page.charset = "utf-8";
    page.content_hash = hash;
    Result<std::vector<RecordedFinding>> r = s.CommitPage(url, &page, {});
    EXPECT_TRUE(r.ok()) << r.status().message();
  };
  // The body the per-page view shows.
  auto view_body = [&](int64_t site) {
    Result<std::unique_ptr<ReviewStore>> review = OpenSqliteReviewStore(path);
    EXPECT_TRUE(review.ok()) << review.status().message();
    if (!review.ok()) return std::string("(error)");
    std::string body = "(none)";
    Status st = (*review)->Read([&](ReviewTx& tx) -> Status {
      Result<std::optional<ScannedPage>> p = tx.Ledger().GetScannedPage(site, kShared);
      if (p.ok() && p->has_value() && (*p)->has_body) body = (*p)->body;
      return p.status();
    });
    EXPECT_TRUE(st.ok()) << st.message();
    return body;
  };
  const std::string v1 = "<p>" + kS1 + "</p>";
  const std::string v2 = "<p>" + kS2 + "</p>";
  ASSERT_TRUE(portal->BeginScan("https://www.example.gov.cn/").ok());
  EXPECT_FALSE(same(*portal, kShared, "h1")) << "a first scan stored nothing";
  commit(*portal, kShared, v1, "h1");
  EXPECT_FALSE(same(*portal, kShared, "h1")) << "this scan's own record is no earlier scan's";
  ASSERT_TRUE(bureau->BeginScan("https://jyj.example.gov.cn/").ok());
  commit(*bureau, kShared, v2, "h2");
  FixedTexts(*portal);
  FixedTexts(*bureau);

  ASSERT_TRUE(portal->BeginScan("https://www.example.gov.cn/").ok());
  EXPECT_TRUE(same(*portal, kShared, "h1"));
  EXPECT_FALSE(same(*portal, kShared, "h2")) << "the bureau's body is not the portal's";
  EXPECT_FALSE(same(*portal, kOther, "h1"));
  EXPECT_FALSE(same(*portal, kShared, "")) << "no hash is no body";
  commit(*portal, kShared, "", "h1");  // unchanged: only the hash
  FixedTexts(*portal);
  EXPECT_EQ(QueryInt(path, "SELECT scan_id FROM site_page_bodies WHERE site_id = 1"), 1)
      << "the body was not written again";
  EXPECT_EQ(QueryInt(path, "SELECT scan_id FROM site_pages WHERE site_id = 1"), 3)
      << "the page was visited";
  EXPECT_EQ(view_body(kPortal), v1);

  ASSERT_TRUE(portal->BeginScan("https://www.example.gov.cn/").ok());
  EXPECT_TRUE(same(*portal, kShared, "h1")) << "the hash stays with the body it stands for";
  commit(*portal, kShared, v2, "h3");  // changed
  FixedTexts(*portal);
  ASSERT_TRUE(portal->BeginScan("https://www.example.gov.cn/").ok());
  EXPECT_FALSE(same(*portal, kShared, "h1"));
  EXPECT_TRUE(same(*portal, kShared, "h3"));

  EXPECT_EQ(view_body(kPortal), v2);
  EXPECT_EQ(view_body(kBureau), v2);
}

}  // namespace
}  // namespace cuomin::store
