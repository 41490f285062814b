// The 整改 ledger and site configuration of review/ledger_service.h, with no HTTP: a real SQLite
// database shared by the review store and the site store (as in the server), scans recorded
// through store::SiteStore exactly as site::SiteScan records them, and a fake clock.
#include "review/ledger_service.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "review/review_service.h"
#include "review/schedule.h"
#include "store/site_store.h"

namespace cuomin::review {
namespace {

using scanner::Category;
using scanner::Finding;
using scanner::Severity;
using store::LedgerStatus;
using store::Role;

constexpr int64_t kHour = 3600;

Finding Make(const std::string& url, const std::string& rule, Severity sev, Category cat,
             const std::string& text, const std::string& context, size_t offset) {
  Finding f;
  f.source = url;
  f.rule = rule;
  f.severity = sev;
  f.category = cat;
  f.message = "“" + text + "”有误";
  f.text = text;
  f.context = context;
  f.offset = offset;
  f.length = text.size();
  f.line = 1;
  f.column = offset + 1;
  return f;
}

const std::string kSite = "https://www.example.gov.cn";
const std::string kEduPage = kSite + "/zwgk/bm/jyj/2026/tz.html";
const std::string kTownPage = kSite + "/zwgk/xz/gg.html";
const std::string kHome = kSite + "/index.html";

// 中华民国 on the education bureau's page: a serious wrong expression.
Finding EduCritical() {
  return Make(kEduPage, "expression-state-name", Severity::kCritical, Category::kExpression,
              "中华民国", "台湾地区使用“中华民国”称谓", 30);
}
Finding EduTypo() {
  return Make(kEduPage, "typo-common", Severity::kMajor, Category::kTypo, "贯切",
              "各学校要认真贯切落实", 90);
}
Finding TownTypo() {
  return Make(kTownPage, "typo-common", Severity::kMajor, Category::kTypo, "布署",
              "周密布署防汛工作", 12);
}
Finding HomeMinor() {
  return Make(kHome, "punctuation-halfwidth", Severity::kMinor, Category::kPunctuation, ",",
              "通知,公告", 40);
}

class LedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cuomin-ledger-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "t.db").string();
    auto st = store::OpenSqliteReviewStore(db_);
    ASSERT_TRUE(st.ok()) << st.status().message();
    store_ = std::move(*st);
    ServiceOptions opt;
    opt.password_cost = {1, size_t{1} << 20};
    svc_ = std::make_unique<ReviewService>(store_.get(), nullptr, &clock_, opt);
    ledger_ = std::make_unique<LedgerService>(store_.get(), &clock_);
    Actor cli = CommandLineActor();
    office_ = svc_->CreateUnit(cli, "市政府办公室", true)->id;
    edu_ = svc_->CreateUnit(cli, "教育局", false)->id;
    town_ = svc_->CreateUnit(cli, "某某镇", false)->id;
    AddUser("admin", office_, Role::kAdmin);
    AddUser("jiaoyu", edu_, Role::kEditor);
    AddUser("jiaoyu2", edu_, Role::kEditor);
    AddUser("edu_r1", edu_, Role::kReviewer1);
    AddUser("townie", town_, Role::kEditor);
    AddUser("r1", office_, Role::kReviewer1);

    store::Site s;
    s.name = "某某市人民政府门户网站";
    s.unit_id = office_;
    s.start_urls = {kSite + "/"};
    s.schedule = "daily 02:30";
    auto site = ledger_->CreateSite(As("admin"), s);
    ASSERT_TRUE(site.ok()) << site.status().message();
    site_ = site->id;
    // The site's scans, as the server runs them (pages and findings are the site's).
    auto sites = store::OpenSqliteSiteStore(db_, &clock_, site_);
    ASSERT_TRUE(sites.ok()) << sites.status().message();
    sites_ = std::move(*sites);
    ASSERT_TRUE(ledger_->AddPrefix(As("admin"), site_, "/zwgk/bm/jyj/", edu_).ok());
    ASSERT_TRUE(ledger_->AddPrefix(As("admin"), site_, "/zwgk/xz/", town_).ok());
  }
  void TearDown() override {
    sites_.reset();
    ledger_.reset();
    svc_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void AddUser(const std::string& name, int64_t unit, Role role) {
    auto u =
        svc_->CreateUser(CommandLineActor(), name, name + "姓名", unit, role, name + "-password");
    ASSERT_TRUE(u.ok()) << u.status().message();
  }
  Actor As(const std::string& name) {
    LoginOutcome in = svc_->Login(name, name + "-password", "10.0.0.1");
    EXPECT_TRUE(in.actor.has_value()) << name << ": " << in.status.message();
    return in.actor.value_or(Actor{});
  }

  // One scan of the site as SiteScan records it: every page visited, its findings committed,
  // then finished (fixed ones told) or interrupted. Returns the scan's id.
  int64_t Scan(const std::map<std::string, std::vector<Finding>>& pages, bool finish = true) {
    EXPECT_TRUE(sites_->BeginScan(kSite + "/").ok());
    for (const auto& [url, findings] : pages) {
      store::PageRecord rec;
      auto r = sites_->CommitPage(url, &rec, findings);
      EXPECT_TRUE(r.ok()) << r.status().message();
    }
    if (finish) {
      EXPECT_TRUE(sites_->FinishScan(nullptr).ok());
    } else {
      EXPECT_TRUE(sites_->EndScan(store::ScanState::kInterrupted).ok());
    }
    auto scans = sites_->Scans(1);
    EXPECT_TRUE(scans.ok() && !scans->empty());
    return scans->front().id;
  }

  ApplySummary Apply(int64_t scan) {
    auto r = ledger_->ApplyScan(site_, scan);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : ApplySummary{};
  }

  std::vector<LedgerView> Entries(const Actor& a, LedgerQuery q = {}) {
    auto r = ledger_->List(a, q);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r->items : std::vector<LedgerView>{};
  }
  LedgerView Find(const std::string& text) {
    for (const LedgerView& v : Entries(As("admin"))) {
      if (v.entry.text == text) return v;
    }
    ADD_FAILURE() << "no entry for " << text;
    return {};
  }

  std::filesystem::path dir_;
  std::string db_;
  FakeClock clock_;
  std::unique_ptr<store::ReviewStore> store_;
  std::unique_ptr<ReviewService> svc_;
  std::unique_ptr<LedgerService> ledger_;
  std::unique_ptr<store::SiteStore> sites_;
  int64_t office_ = 0, edu_ = 0, town_ = 0, site_ = 0;
};

TEST_F(LedgerTest, AssignsEachFindingToLongestPrefixWithDeadlineBySeverity) {
  const int64_t t0 = clock_.Now();
  int64_t scan = Scan(
      {{kEduPage, {EduCritical(), EduTypo()}}, {kTownPage, {TownTypo()}}, {kHome, {HomeMinor()}}});
  ApplySummary s = Apply(scan);
  EXPECT_EQ(s.assigned, 4);
  LedgerView crit = Find("中华民国");
  EXPECT_EQ(crit.entry.unit_id, edu_);
  EXPECT_EQ(crit.unit_name, "教育局");
  EXPECT_EQ(crit.entry.status, LedgerStatus::kOpen);
  EXPECT_EQ(crit.entry.deadline, t0 + 24 * kHour) << "critical: 24 hours";
  EXPECT_EQ(Find("贯切").entry.deadline, t0 + kDefaultDeadlineHours[2] * kHour);
  EXPECT_EQ(Find("布署").entry.unit_id, town_);
  EXPECT_EQ(Find(",").entry.unit_id, office_) << "no prefix: the site's own unit";
  EXPECT_EQ(Find(",").entry.deadline, t0 + kDefaultDeadlineHours[1] * kHour);

  // Units see their own list only; the city office sees all.
  auto edu_list = Entries(As("jiaoyu"));
  ASSERT_EQ(edu_list.size(), 2u);
  EXPECT_EQ(edu_list[0].entry.text, "中华民国") << "earliest deadline first";
  EXPECT_EQ(Entries(As("townie")).size(), 1u);
  EXPECT_EQ(Entries(As("r1")).size(), 4u);
  LedgerQuery other;
  other.unit_id = edu_;
  EXPECT_EQ(ledger_->List(As("townie"), other).status().code(), StatusCode::kPermissionDenied);
}

TEST_F(LedgerTest, DeadlineSettingAppliesToLaterFindingsButCriticalStaysAt24Hours) {
  EXPECT_EQ(ledger_->SetDeadlineHours(As("admin"), Severity::kCritical, 72).code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(ledger_->SetDeadlineHours(As("jiaoyu"), Severity::kMajor, 48).code(),
            StatusCode::kPermissionDenied);
  ASSERT_TRUE(ledger_->SetDeadlineHours(As("admin"), Severity::kMajor, 48).ok());
  const int64_t t0 = clock_.Now();
  Apply(Scan({{kEduPage, {EduCritical(), EduTypo()}}}));
  EXPECT_EQ(Find("贯切").entry.deadline, t0 + 48 * kHour);
  EXPECT_EQ(Find("中华民国").entry.deadline, t0 + 24 * kHour);
}

TEST_F(LedgerTest, UnitForPrefersLongestPathThenTheHost) {
  store::Site site;
  site.unit_id = 1;
  std::vector<store::UnitPrefix> p = {{1, 1, "/zwgk/", 2},
                                      {2, 1, "/zwgk/bm/jyj/", 3},
                                      {3, 1, "https://jyj.example.gov.cn/", 4},
                                      {4, 1, "/", 5},
                                      {5, 1, "/%E6%95%99%E8%82%B2/", 6}};
  EXPECT_EQ(LedgerService::UnitFor(site, p, "https://www.example.gov.cn/zwgk/bm/jyj/a.html"), 3);
  EXPECT_EQ(LedgerService::UnitFor(site, p, "https://www.example.gov.cn/zwgk/bm/gaj/a.html"), 2);
  EXPECT_EQ(LedgerService::UnitFor(site, p, "https://jyj.example.gov.cn/a.html"), 4)
      << "same path length: the prefix naming the host";
  EXPECT_EQ(LedgerService::UnitFor(site, p, "https://jyj.example.gov.cn/zwgk/a.html"), 2)
      << "a longer path wins over the host";
  EXPECT_EQ(LedgerService::UnitFor(site, p, "https://www.example.gov.cn/news/1.html"), 5);
  EXPECT_EQ(LedgerService::UnitFor(site, {}, "https://www.example.gov.cn/news/1.html"), 1);
  EXPECT_EQ(LedgerService::UnitFor(site, p, "https://www.example.gov.cn/%E6%95%99%E8%82%B2/x"), 6);
}

TEST_F(LedgerTest, PrefixesAreNormalisedAndChecked) {
  // A Chinese path as an admin types it matches the percent-encoded URL the crawler keeps.
  auto p = ledger_->AddPrefix(As("admin"), site_, "/教育/", edu_);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->prefix, "/%E6%95%99%E8%82%B2/");
  EXPECT_EQ(ledger_->AddPrefix(As("admin"), site_, "zwgk", edu_).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(ledger_->AddPrefix(As("admin"), site_, "/zwgk/xz/", edu_).status().code(),
            StatusCode::kConflict)
      << "one unit per prefix";
  EXPECT_EQ(ledger_->AddPrefix(As("jiaoyu"), site_, "/a/", edu_).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(ledger_->AddPrefix(As("admin"), site_, "/a/", 999).status().code(),
            StatusCode::kNotFound);
  auto list = ledger_->ListPrefixes(As("admin"), site_);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].prefix, "/%E6%95%99%E8%82%B2/") << "longest first";
  ASSERT_TRUE(ledger_->RemovePrefix(As("admin"), site_, (*list)[0].id).ok());
  EXPECT_EQ(ledger_->RemovePrefix(As("admin"), site_, (*list)[0].id).code(), StatusCode::kNotFound);
}

TEST_F(LedgerTest, FixClaimedButStillOnThePageIsReopenedAndFlaggedByTheNextScan) {
  Apply(Scan({{kEduPage, {EduCritical(), EduTypo()}}}));
  int64_t crit = Find("中华民国").entry.id;
  int64_t typo = Find("贯切").entry.id;
  clock_.Advance(2 * kHour);
  auto c1 = ledger_->ClaimFixed(As("jiaoyu"), crit);
  ASSERT_TRUE(c1.ok()) << c1.status().message();
  EXPECT_EQ(c1->entry.status, LedgerStatus::kFixedClaimed);
  ASSERT_TRUE(ledger_->ClaimFixed(As("jiaoyu"), typo).ok());

  // The next scan: the critical one is still there, the typo was really fixed.
  clock_.Advance(kHour);
  const int64_t t2 = clock_.Now();
  ApplySummary s = Apply(Scan({{kEduPage, {EduCritical()}}}));
  EXPECT_EQ(s.reopened, 1);
  EXPECT_EQ(s.fixed, 1);
  EXPECT_EQ(s.assigned, 0);
  LedgerView again = Find("中华民国");
  EXPECT_EQ(again.entry.status, LedgerStatus::kReopened);
  EXPECT_TRUE(again.entry.flagged);
  EXPECT_EQ(again.entry.reason, "复查发现问题仍在页面上");
  EXPECT_EQ(again.entry.deadline, t2 + 24 * kHour) << "a new deadline runs";
  EXPECT_EQ(Find("贯切").entry.status, LedgerStatus::kFixed);

  auto h = ledger_->History(As("jiaoyu"), crit);
  ASSERT_TRUE(h.ok());
  ASSERT_EQ(h->size(), 3u);
  EXPECT_EQ((*h)[0].to_status, "open");
  EXPECT_EQ((*h)[1].to_status, "fixed_claimed");
  EXPECT_NE((*h)[1].user_id, 0);
  EXPECT_EQ((*h)[2].from_status, "fixed_claimed");
  EXPECT_EQ((*h)[2].to_status, "reopened");
  EXPECT_EQ((*h)[2].user_id, 0) << "the scan did it";
  EXPECT_NE((*h)[2].scan_id, 0);

  // The unit claims again; once it is gone, the scan closes it.
  ASSERT_TRUE(ledger_->ClaimFixed(As("jiaoyu"), crit).ok());
  clock_.Advance(kHour);
  s = Apply(Scan({{kEduPage, {}}}));
  EXPECT_EQ(s.fixed, 1);
  EXPECT_EQ(Find("中华民国").entry.status, LedgerStatus::kFixed);
  EXPECT_FALSE(Find("中华民国").entry.flagged);
}

TEST_F(LedgerTest, AFixThatComesBackIsReopened) {
  Apply(Scan({{kTownPage, {TownTypo()}}}));
  Apply(Scan({{kTownPage, {}}}));
  EXPECT_EQ(Find("布署").entry.status, LedgerStatus::kFixed);
  ApplySummary s = Apply(Scan({{kTownPage, {TownTypo()}}}));
  EXPECT_EQ(s.reopened, 1);
  EXPECT_EQ(Find("布署").entry.status, LedgerStatus::kReopened);
  EXPECT_EQ(Find("布署").entry.reason, "问题再次出现在页面上");
}

TEST_F(LedgerTest, AClaimMadeWhileAScanRunsIsNotDisprovedByThatScan) {
  Apply(Scan({{kEduPage, {EduTypo()}}}));
  int64_t typo = Find("贯切").entry.id;
  // The scan begins, the unit fixes the page and says so, then the scan (which fetched the
  // page before the fix) is applied: the claim waits for the next scan.
  ASSERT_TRUE(sites_->BeginScan(kSite + "/").ok());
  store::PageRecord rec;
  ASSERT_TRUE(sites_->CommitPage(kEduPage, &rec, {EduTypo()}).ok());
  clock_.Advance(60);
  ASSERT_TRUE(ledger_->ClaimFixed(As("jiaoyu"), typo).ok());
  ASSERT_TRUE(sites_->FinishScan(nullptr).ok());
  ApplySummary s = Apply(sites_->Scans(1)->front().id);
  EXPECT_EQ(s.reopened, 0);
  EXPECT_EQ(Find("贯切").entry.status, LedgerStatus::kFixedClaimed);
}

TEST_F(LedgerTest, ReviewersConfirmOrReopenClaimsButNotTheirOwn) {
  Apply(Scan({{kEduPage, {EduCritical(), EduTypo()}}, {kTownPage, {TownTypo()}}}));
  int64_t crit = Find("中华民国").entry.id;
  int64_t typo = Find("贯切").entry.id;
  int64_t town = Find("布署").entry.id;

  // Another unit cannot see, let alone claim, the entry.
  EXPECT_EQ(ledger_->ClaimFixed(As("townie"), crit).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(ledger_->ClaimNotError(As("jiaoyu"), typo, "  ").status().code(),
            StatusCode::kInvalidInput)
      << "not an error needs a reason";
  auto ne = ledger_->ClaimNotError(As("jiaoyu"), typo, "引用原文，不作修改");
  ASSERT_TRUE(ne.ok()) << ne.status().message();
  EXPECT_EQ(ne->entry.status, LedgerStatus::kNotAnError);
  EXPECT_EQ(ne->entry.reason, "引用原文，不作修改");
  EXPECT_EQ(ledger_->ClaimFixed(As("jiaoyu2"), typo).status().code(), StatusCode::kConflict);

  // Editors do not confirm; a reviewer of the unit does, but not a claim of their own.
  EXPECT_EQ(ledger_->Confirm(As("jiaoyu2"), typo).status().code(), StatusCode::kPermissionDenied);
  ASSERT_TRUE(ledger_->ClaimFixed(As("edu_r1"), crit).ok());
  EXPECT_EQ(ledger_->Confirm(As("edu_r1"), crit).status().code(), StatusCode::kPermissionDenied);
  auto ok = ledger_->Confirm(As("r1"), typo);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->entry.status, LedgerStatus::kConfirmed);
  EXPECT_EQ(ok->entry.claim, "not_error");
  EXPECT_EQ(ledger_->Confirm(As("r1"), town).status().code(), StatusCode::kConflict)
      << "nothing claimed yet";

  EXPECT_EQ(ledger_->Reopen(As("r1"), crit, "").status().code(), StatusCode::kInvalidInput);
  auto re = ledger_->Reopen(As("r1"), crit, "页面仍显示原文");
  ASSERT_TRUE(re.ok()) << re.status().message();
  EXPECT_EQ(re->entry.status, LedgerStatus::kReopened);
  EXPECT_FALSE(re->entry.flagged) << "flagged is for scans";

  // A confirmed "not an error" stays put when the next scan finds the text again.
  ApplySummary s = Apply(Scan({{kEduPage, {EduCritical(), EduTypo()}}, {kTownPage, {TownTypo()}}}));
  EXPECT_EQ(s.reopened, 0);
  EXPECT_EQ(s.still, 3);
  EXPECT_EQ(Find("贯切").entry.status, LedgerStatus::kConfirmed);

  // Each action is in the audit log.
  auto audit = svc_->ListAudit(As("admin"), {});
  ASSERT_TRUE(audit.ok());
  int ledger_actions = 0;
  for (const auto& e : audit->items) {
    if (e.action.rfind("ledger.", 0) == 0) ++ledger_actions;
  }
  EXPECT_EQ(ledger_actions, 4);  // not-error, claim, confirm, reopen
}

TEST_F(LedgerTest, OverdueFollowsTheClock) {
  Apply(Scan({{kEduPage, {EduCritical(), EduTypo()}}}));
  LedgerQuery overdue;
  overdue.overdue_only = true;
  EXPECT_TRUE(Entries(As("jiaoyu"), overdue).empty());
  clock_.Advance(24 * kHour + 1);
  auto late = Entries(As("jiaoyu"), overdue);
  ASSERT_EQ(late.size(), 1u);
  EXPECT_EQ(late[0].entry.text, "中华民国");
  EXPECT_TRUE(late[0].overdue);
  EXPECT_FALSE(Find("贯切").overdue);
  // Claimed fixed: no longer waiting for the unit, so not overdue.
  ASSERT_TRUE(ledger_->ClaimFixed(As("jiaoyu"), late[0].entry.id).ok());
  EXPECT_TRUE(Entries(As("jiaoyu"), overdue).empty());
  EXPECT_FALSE(Find("中华民国").overdue);
}

// An export reads the list's exported columns in list order with the names and overdue of
// now; one longer than its limit is counted and refused without reading a single id, by the
// kept counts and, for a period that is not whole days, by a count of the entries.
TEST_F(LedgerTest, AnExportLongerThanItsLimitIsCountedButNotRead) {
  const int64_t t0 = clock_.Now();
  Apply(Scan(
      {{kEduPage, {EduCritical(), EduTypo()}}, {kTownPage, {TownTypo()}}, {kHome, {HomeMinor()}}}));
  clock_.Advance(24 * kHour + 1);  // the critical one is overdue now
  auto lines = [&](const Actor& a, const LedgerQuery& q, int64_t max_rows) {
    std::vector<std::string> out;
    Result<LedgerExport> e = ledger_->Export(a, q, max_rows);
    EXPECT_TRUE(e.ok()) << e.status().message();
    if (!e.ok() || !e->accepted()) return out;
    while (!e->done()) {
      Status st = e->Next(2, [&](const LedgerExportLine& l) {
        out.push_back(std::string(l.row.text) + "|" + std::string(l.unit_name) + "|" +
                      std::string(l.site_name) + "|" + (l.overdue ? "逾期" : "") + "|" +
                      std::string(l.row.source));
      });
      EXPECT_TRUE(st.ok()) << st.message();
    }
    return out;
  };
  const std::string site = "某某市人民政府门户网站";
  EXPECT_EQ(
      lines(As("r1"), {}, 4),
      (std::vector<std::string>{
          "中华民国|教育局|" + site + "|逾期|" + kEduPage, "贯切|教育局|" + site + "||" + kEduPage,
          "布署|某某镇|" + site + "||" + kTownPage, ",|市政府办公室|" + site + "||" + kHome}));
  EXPECT_EQ(lines(As("jiaoyu"), {}, 2).size(), 2u) << "a unit's export counts its own list";

  auto refused = [&](const Actor& a, const LedgerQuery& q, int64_t max_rows, int64_t total) {
    Result<LedgerExport> e = ledger_->Export(a, q, max_rows);
    ASSERT_TRUE(e.ok()) << e.status().message();
    EXPECT_FALSE(e->accepted());
    EXPECT_EQ(e->total(), total);
    EXPECT_TRUE(e->done()) << "no id was read, so there is nothing to send";
    int called = 0;
    EXPECT_TRUE(e->Next(1000, [&](const LedgerExportLine&) { ++called; }).ok());
    EXPECT_EQ(called, 0);
  };
  refused(As("r1"), {}, 3, 4);
  refused(As("jiaoyu"), {}, 1, 2);
  LedgerQuery late;
  late.overdue_only = true;
  refused(As("r1"), late, 0, 1);
  EXPECT_EQ(lines(As("r1"), late, 1).size(), 1u);
  LedgerQuery odd_period;  // not Beijing midnights: counted entry by entry
  odd_period.from = t0 - 1;
  odd_period.to = t0 + 1;
  refused(As("r1"), odd_period, 3, 4);
  EXPECT_EQ(lines(As("r1"), odd_period, 4).size(), 4u);
}

TEST_F(LedgerTest, ApplyingAScanTwiceOrAnInterruptedScanCountsNothingTwice) {
  int64_t scan = Scan({{kEduPage, {EduCritical()}}, {kTownPage, {TownTypo()}}});
  EXPECT_EQ(Apply(scan).assigned, 2);
  ApplySummary again = Apply(scan);
  EXPECT_EQ(again.assigned + again.still + again.reopened + again.fixed, 0);

  // An interrupted scan: what it recorded is assigned, nothing is told fixed.
  int64_t cut = Scan({{kEduPage, {EduCritical(), EduTypo()}}}, /*finish=*/false);
  ApplySummary s = Apply(cut);
  EXPECT_EQ(s.assigned, 1);
  EXPECT_EQ(s.fixed, 0);
  EXPECT_EQ(Find("布署").entry.status, LedgerStatus::kOpen);
  EXPECT_EQ(Entries(As("admin")).size(), 3u);

  // Small batches give the same result.
  LedgerOptions small;
  small.apply_batch = 1;
  LedgerService tiny(store_.get(), &clock_, small);
  auto r = tiny.ApplyScan(site_, Scan({{kEduPage, {}}, {kTownPage, {TownTypo()}}}));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->fixed, 2);
  EXPECT_EQ(r->still, 1);
  // A scan belongs to one site.
  store::Site other;
  other.name = "某某镇网站";
  other.unit_id = town_;
  other.start_urls = {"https://zhen.example.gov.cn/"};
  auto o = ledger_->CreateSite(As("admin"), other);
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_EQ(ledger_->ApplyScan(o->id, scan).status().code(), StatusCode::kConflict);
}

TEST_F(LedgerTest, ANewPrefixMovesWhatStillWaitsButNotWhatAUnitAnswered) {
  const std::string page2 = kSite + "/zwgk/bm/gaj/tz.html";
  Finding a = HomeMinor();
  Finding b = TownTypo();
  b.source = page2;
  Apply(Scan({{kHome, {a}}, {page2, {b}}}));
  EXPECT_EQ(Find(",").entry.unit_id, office_);
  EXPECT_EQ(Find("布署").entry.unit_id, office_);
  ASSERT_TRUE(ledger_->ClaimFixed(As("admin"), Find(",").entry.id).ok());
  auto p = ledger_->AddPrefix(As("admin"), site_, "/", town_);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(Find("布署").entry.unit_id, town_);
  EXPECT_EQ(Find(",").entry.unit_id, office_) << "claimed: stays";
  auto h = ledger_->History(As("admin"), Find("布署").entry.id);
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->back().reason.rfind("改派", 0), 0u) << h->back().reason;
  ASSERT_TRUE(ledger_->RemovePrefix(As("admin"), site_, p->id).ok());
  EXPECT_EQ(Find("布署").entry.unit_id, office_);
}

TEST_F(LedgerTest, CountsPerUnitAndPeriod) {
  const int64_t day1 = clock_.Now();
  Apply(Scan({{kEduPage, {EduCritical(), EduTypo()}}, {kHome, {HomeMinor()}}}));
  ASSERT_TRUE(ledger_->ClaimNotError(As("jiaoyu"), Find("贯切").entry.id, "引用原文").ok());
  ASSERT_TRUE(ledger_->Confirm(As("r1"), Find("贯切").entry.id).ok());
  clock_.Advance(2 * 24 * kHour);
  const int64_t day3 = clock_.Now();
  // Day 3: the home page is fixed, the town's page has a new typo; the critical one is late.
  Apply(Scan({{kEduPage, {EduCritical(), EduTypo()}}, {kHome, {}}, {kTownPage, {TownTypo()}}}));

  auto all = ledger_->CountByUnit(As("r1"), {});
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->size(), 3u) << "every unit, those with nothing too";
  std::map<std::string, store::LedgerCounts> by;
  for (const UnitLedger& u : *all) by[u.unit.name] = u.counts;
  EXPECT_EQ(by["教育局"].total, 2);
  EXPECT_EQ(by["教育局"].waiting, 1);
  EXPECT_EQ(by["教育局"].overdue, 1);
  EXPECT_EQ(by["教育局"].not_error, 1);
  EXPECT_EQ(by["市政府办公室"].fixed, 1);
  EXPECT_EQ(by["市政府办公室"].waiting, 0);
  EXPECT_EQ(by["某某镇"].waiting, 1);
  EXPECT_EQ(by["某某镇"].overdue, 0);

  // Only what was assigned in the period.
  LedgerQuery first_days;
  first_days.from = day1;
  first_days.to = day3;
  auto early = ledger_->CountByUnit(As("r1"), first_days);
  ASSERT_TRUE(early.ok());
  for (const UnitLedger& u : *early) {
    if (u.unit.id == town_) {
      EXPECT_EQ(u.counts.total, 0);
    }
    if (u.unit.id == edu_) {
      EXPECT_EQ(u.counts.total, 2);
    }
  }
  EXPECT_EQ(Entries(As("r1"), first_days).size(), 3u);

  // A unit sees its own line only.
  auto mine = ledger_->CountByUnit(As("townie"), {});
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  EXPECT_EQ(mine->front().unit.name, "某某镇");
}

TEST_F(LedgerTest, StatisticsOfAPeriodByUnitCategorySeverityAndRule) {
  Finding dead = Make(kHome, "link-dead", Severity::kMajor, Category::kLink, "/old.html",
                      "<a href=\"/old.html\">", 80);
  const int64_t day1 = clock_.Now();
  Apply(Scan({{kEduPage, {EduCritical(), EduTypo()}}, {kHome, {HomeMinor(), dead}}}));
  ASSERT_TRUE(ledger_->ClaimNotError(As("jiaoyu"), Find("贯切").entry.id, "引用原文").ok());
  ASSERT_TRUE(ledger_->Confirm(As("r1"), Find("贯切").entry.id).ok());
  clock_.Advance(2 * 24 * kHour);
  const int64_t day3 = clock_.Now();
  // Day 3: the home page is fixed (the minor one and the dead link); the town has a typo.
  Apply(Scan({{kEduPage, {EduCritical(), EduTypo()}}, {kHome, {}}, {kTownPage, {TownTypo()}}}));
  clock_.Advance(24 * kHour);
  // Day 4: the town's typo is corrected; the critical one of day 1 is three days late.
  Apply(Scan({{kEduPage, {EduCritical(), EduTypo()}}, {kHome, {}}, {kTownPage, {}}}));

  auto all = ledger_->Statistics(As("r1"), {});
  ASSERT_TRUE(all.ok()) << all.status().message();
  EXPECT_EQ(all->total.counts.total, 5);
  EXPECT_EQ(all->total.counts.fixed, 3);
  EXPECT_EQ(all->total.counts.overdue, 1);
  EXPECT_EQ(all->total.counts.not_error, 1);
  EXPECT_EQ(all->typos_corrected, 1);    // 布署, not 贯切 (not an error)
  EXPECT_EQ(all->sensitive_removed, 1);  // the dead link
  std::map<std::string, store::LedgerCounts> unit, category, severity, rule;
  for (const SiteStatsLine& l : all->by_unit) unit[l.name] = l.counts;
  for (const SiteStatsLine& l : all->by_category) category[l.key] = l.counts;
  for (const SiteStatsLine& l : all->by_severity) severity[l.key] = l.counts;
  for (const SiteStatsLine& l : all->by_rule) rule[l.key] = l.counts;
  ASSERT_EQ(unit.size(), 3u) << "every unit, those with nothing too";
  EXPECT_EQ(unit["教育局"].total, 2);
  EXPECT_EQ(unit["教育局"].overdue, 1);
  EXPECT_EQ(unit["某某镇"].fixed, 1);
  EXPECT_EQ(unit["市政府办公室"].fixed, 2);
  EXPECT_EQ(category["typo"].total, 2);
  EXPECT_EQ(category["typo"].fixed, 1);
  EXPECT_EQ(category["link"].fixed, 1);
  EXPECT_EQ(severity["critical"].overdue, 1);
  // Severities stand in their own order, the most severe first, whatever their counts.
  std::vector<std::string> severity_order;
  for (const SiteStatsLine& l : all->by_severity) severity_order.push_back(l.key);
  EXPECT_EQ(severity_order, (std::vector<std::string>{"critical", "major", "minor"}));
  EXPECT_EQ(rule["typo-common"].total, 2);
  ASSERT_FALSE(all->by_rule.empty());
  EXPECT_EQ(all->by_rule.front().key, "typo-common");  // most found first

  // The period counts what was found in it, as it stands now.
  LedgerQuery from_day3;
  from_day3.from = day3;
  auto late = ledger_->Statistics(As("r1"), from_day3);
  ASSERT_TRUE(late.ok());
  EXPECT_EQ(late->total.counts.total, 1);
  EXPECT_EQ(late->typos_corrected, 1);
  LedgerQuery first_day;
  first_day.from = day1;
  first_day.to = day1 + 24 * kHour;
  EXPECT_EQ(ledger_->Statistics(As("r1"), first_day)->total.counts.total, 4);

  // Month by month: all of it in December 2026 (China time).
  auto months = ledger_->Months(As("r1"), {});
  ASSERT_TRUE(months.ok());
  ASSERT_EQ(months->size(), 1u);
  EXPECT_EQ(months->front().month, "2026-12");
  EXPECT_EQ(months->front().found, 5);
  EXPECT_EQ(months->front().fixed, 3);

  // A unit counts its own; another unit's figures are not its to see.
  auto mine = ledger_->Statistics(As("townie"), {});
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->by_unit.size(), 1u);
  EXPECT_EQ(mine->total.counts.total, 1);
  LedgerQuery edu;
  edu.unit_id = edu_;
  EXPECT_EQ(ledger_->Statistics(As("townie"), edu).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(ledger_->Statistics(As("r1"), edu)->total.counts.total, 2);
}

// The sums of the counts tables are kept between reads (store::LedgerMemo): what a unit, a
// reviewer or the next scan does shows at the next read, and so does the clock's passing.
TEST_F(LedgerTest, StatisticsFollowEachWriteAndTheClockThoughTheirSumsAreKept) {
  Apply(Scan({{kEduPage, {EduCritical(), EduTypo()}}}));
  auto figures = [&] {
    Result<SiteStats> s = ledger_->Statistics(As("r1"), {});
    EXPECT_TRUE(s.ok()) << s.status().message();
    Result<std::vector<store::LedgerMonth>> m = ledger_->Months(As("r1"), {});
    EXPECT_TRUE(m.ok() && m->size() == 1u);
    store::LedgerCounts c = s.ok() ? s->total.counts : store::LedgerCounts{};
    return std::make_tuple(c.total, c.waiting, c.claimed, c.fixed, c.overdue,
                           m.ok() && !m->empty() ? m->front().fixed : -1);
  };
  EXPECT_EQ(figures(), std::make_tuple(2, 2, 0, 0, 0, 0));
  EXPECT_EQ(figures(), std::make_tuple(2, 2, 0, 0, 0, 0)) << "read again, unchanged";
  const int64_t typo = Find("贯切").entry.id;
  ASSERT_TRUE(ledger_->ClaimFixed(As("jiaoyu"), typo).ok());
  EXPECT_EQ(figures(), std::make_tuple(2, 1, 1, 0, 0, 0)) << "the unit's claim";
  ASSERT_TRUE(ledger_->Confirm(As("r1"), typo).ok());
  EXPECT_EQ(figures(), std::make_tuple(2, 1, 0, 1, 0, 1)) << "the reviewer's confirmation";
  // No write: the critical one passes its 24 hours.
  clock_.Advance(25 * kHour);
  EXPECT_EQ(figures(), std::make_tuple(2, 1, 0, 1, 1, 1)) << "overdue by the clock alone";
  Apply(Scan({{kEduPage, {}}}));
  EXPECT_EQ(figures(), std::make_tuple(2, 0, 0, 2, 0, 2)) << "the next scan finds it fixed";
}

TEST_F(LedgerTest, SiteSettingsAreCheckedAndKept) {
  store::Site s;
  s.name = "教育局网站";
  s.unit_id = edu_;
  s.start_urls = {"https://JYJ.example.gov.cn"};
  s.scope = "domain";
  s.excluded_paths = {"/search", "/搜索/"};
  s.per_host_rate = 2;
  s.schedule = "weekly 1 03:00";
  EXPECT_EQ(ledger_->CreateSite(As("jiaoyu"), s).status().code(), StatusCode::kPermissionDenied);
  auto made = ledger_->CreateSite(As("admin"), s);
  ASSERT_TRUE(made.ok()) << made.status().message();
  auto got = ledger_->GetSite(As("admin"), made->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->start_urls, std::vector<std::string>{"https://jyj.example.gov.cn/"});
  EXPECT_EQ(got->excluded_paths, (std::vector<std::string>{"/search", "/%E6%90%9C%E7%B4%A2/"}));
  EXPECT_EQ(got->scope, "domain");
  EXPECT_EQ(got->per_host_rate, 2);
  EXPECT_EQ(got->concurrency, 8) << "zero takes the crawler's default";
  EXPECT_EQ(got->schedule, "weekly 1 03:00");

  struct Bad {
    const char* what;
    std::function<void(store::Site&)> edit;
  };
  const Bad bad[] = {
      {"no name", [](store::Site& x) { x.name = ""; }},
      {"ftp url", [](store::Site& x) { x.start_urls = {"ftp://x.gov.cn/"}; }},
      {"no urls", [](store::Site& x) { x.start_urls.clear(); }},
      {"scope", [](store::Site& x) { x.scope = "world"; }},
      {"excluded", [](store::Site& x) { x.excluded_paths = {"search"}; }},
      {"rate", [](store::Site& x) { x.per_host_rate = -1; }},
      {"concurrency", [](store::Site& x) { x.concurrency = 1000; }},
      {"schedule", [](store::Site& x) { x.schedule = "daily 25:00"; }},
      {"cron", [](store::Site& x) { x.schedule = "cron 0 2 * *"; }},
  };
  for (const Bad& b : bad) {
    store::Site x = *got;
    b.edit(x);
    auto r = ledger_->UpdateSite(As("admin"), x);
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidInput) << b.what;
    EXPECT_FALSE(r.status().message().empty()) << b.what;
  }
  s.name = "某某市人民政府门户网站";
  EXPECT_EQ(ledger_->CreateSite(As("admin"), s).status().code(), StatusCode::kConflict)
      << "names are unique";
}

// Two sites whose scopes share a page (the portal and the education bureau's own site both
// reach /zwgk/bm/jyj/): each has its own entries for it, its own scan tells them fixed, and
// the per-page view of each shows its own findings.
TEST_F(LedgerTest, TwoSitesSharingAPageKeepTheirOwnEntries) {
  store::Site b;
  b.name = "某某市教育局网站";
  b.unit_id = edu_;
  b.start_urls = {kSite + "/zwgk/bm/jyj/"};
  auto bureau = ledger_->CreateSite(As("admin"), b);
  ASSERT_TRUE(bureau.ok()) << bureau.status().message();
  auto bureau_store = store::OpenSqliteSiteStore(db_, &clock_, bureau->id);
  ASSERT_TRUE(bureau_store.ok()) << bureau_store.status().message();
  auto scan_bureau = [&](const std::vector<Finding>& findings) {
    EXPECT_TRUE((*bureau_store)->BeginScan(kSite + "/zwgk/bm/jyj/").ok());
    store::PageRecord rec;
    EXPECT_TRUE((*bureau_store)->CommitPage(kEduPage, &rec, findings).ok());
    EXPECT_TRUE((*bureau_store)->FinishScan(nullptr).ok());
    int64_t id = (*bureau_store)->scan_id();
    auto r = ledger_->ApplyScan(bureau->id, id);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? *r : ApplySummary{};
  };

  EXPECT_EQ(Apply(Scan({{kEduPage, {EduCritical(), EduTypo()}}})).assigned, 2);
  EXPECT_EQ(scan_bureau({EduTypo()}).assigned, 1) << "the portal's entry is not the bureau's";
  auto all = Entries(As("admin"));
  ASSERT_EQ(all.size(), 3u);
  LedgerQuery of_bureau;
  of_bureau.site_id = bureau->id;
  auto bureau_list = Entries(As("admin"), of_bureau);
  ASSERT_EQ(bureau_list.size(), 1u);
  EXPECT_EQ(bureau_list[0].entry.text, "贯切");

  // The bureau corrects its copy: its entry is fixed, the portal's stays open.
  ApplySummary fixed = scan_bureau({});
  EXPECT_EQ(fixed.fixed, 1);
  bureau_list = Entries(As("admin"), of_bureau);
  ASSERT_EQ(bureau_list.size(), 1u);
  EXPECT_EQ(bureau_list[0].entry.status, LedgerStatus::kFixed);
  ApplySummary still = Apply(Scan({{kEduPage, {EduCritical(), EduTypo()}}}));
  EXPECT_EQ(still.still, 2);
  EXPECT_EQ(still.fixed, 0);
  LedgerQuery of_portal;
  of_portal.site_id = site_;
  for (const LedgerView& v : Entries(As("admin"), of_portal))
    EXPECT_EQ(v.entry.status, LedgerStatus::kOpen) << v.entry.text;

  auto portal_page = ledger_->Page(As("admin"), site_, kEduPage);
  ASSERT_TRUE(portal_page.ok()) << portal_page.status().message();
  ASSERT_EQ(portal_page->findings.size(), 2u);
  for (const PageFindingView& f : portal_page->findings) {
    ASSERT_TRUE(f.entry.has_value());
    EXPECT_EQ(f.entry->entry.site_id, site_);
  }
  auto bureau_page = ledger_->Page(As("admin"), bureau->id, kEduPage);
  ASSERT_TRUE(bureau_page.ok()) << bureau_page.status().message();
  EXPECT_TRUE(bureau_page->findings.empty());
}

TEST(ScheduleTest, NextRunInChinaTime) {
  // 2026-12-05T00:00:00Z (a Saturday) is 08:00 in Beijing.
  const int64_t t0 = 1796428800;
  auto daily = Schedule::Parse("daily 02:30");
  ASSERT_TRUE(daily.ok());
  EXPECT_EQ(daily->NextRun(t0), t0 + (18 * 60 + 30) * 60) << "02:30 on Sunday the 6th, Beijing";
  auto weekly = Schedule::Parse("weekly 1 03:00");
  ASSERT_TRUE(weekly.ok());
  // Monday 7 December 03:00 Beijing = 6 December 19:00 UTC.
  EXPECT_EQ(weekly->NextRun(t0), t0 + (24 + 19) * 3600);
  auto cron = Schedule::Parse("cron 0 */6 1 * *");
  ASSERT_TRUE(cron.ok()) << cron.status().message();
  // 1 January 2027 00:00 Beijing = 31 December 16:00 UTC.
  EXPECT_EQ(cron->NextRun(t0), t0 + (26 * 24 + 16) * 3600);
  auto sunday = Schedule::Parse("cron 15 4 * * 7");
  ASSERT_TRUE(sunday.ok());
  EXPECT_EQ(sunday->NextRun(t0), t0 + 20 * 3600 + 15 * 60) << "Sunday 6 December 04:15";
  EXPECT_EQ(daily->NextRun(t0 + (18 * 60 + 30) * 60), t0 + (18 * 60 + 30) * 60 + 86400)
      << "strictly after";
  EXPECT_TRUE(Schedule::Parse("")->empty());
  for (const char* bad : {"daily", "daily 2:60", "weekly 8 01:00", "hourly", "cron 60 * * * *",
                          "cron 0 0 0 * *", "cron a b c d e"}) {
    EXPECT_EQ(Schedule::Parse(bad).status().code(), StatusCode::kInvalidInput) << bad;
  }
}

}  // namespace
}  // namespace cuomin::review
