// The workflow rules of the review service, with no HTTP: a real SQLite store in a temporary
// directory, a two-rule set (tests/testdata/review/rules) and a fake clock.
#include "review/review_service.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>

#include "scanner/rule_set.h"
#include "test_paths.h"

namespace cuomin::review {
namespace {

using store::IssueStatus;
using store::Role;
using store::Stage;

constexpr char kTypoText[] = "各单位要认真贯切落实，周密布署。\n";
constexpr char kSecretText[] = "本件为内部资料，请认真贯切落实。\n";

class ReviewServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cuomin-review-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto st = store::OpenSqliteReviewStore((dir_ / "t.db").string());
    ASSERT_TRUE(st.ok()) << st.status().message();
    store_ = std::move(*st);
    scanner::RuleSetOptions ro;
    ro.rule_dirs = {cuomin::test_paths::Testdata() + "/review/rules"};
    auto rules = scanner::RuleSet::Load(ro);
    ASSERT_TRUE(rules.ok()) << rules.status().message();
    rules_ = std::move(*rules);
    ServiceOptions opt;
    opt.password_cost = {1, size_t{1} << 20};  // fast in tests; the default is checked apart
    svc_ = std::make_unique<ReviewService>(store_.get(), rules_.get(), &clock_, opt);
    Actor cli = CommandLineActor();
    office_ = svc_->CreateUnit(cli, "市政府办公室", true)->id;
    edu_ = svc_->CreateUnit(cli, "教育局", false)->id;
    town_ = svc_->CreateUnit(cli, "某某镇", false)->id;
    AddUser("editor", edu_, Role::kEditor);
    AddUser("townie", town_, Role::kEditor);
    AddUser("r1", office_, Role::kReviewer1);
    AddUser("r1b", office_, Role::kReviewer1);
    AddUser("r2", office_, Role::kReviewer2);
    AddUser("r3", office_, Role::kReviewer3);
    AddUser("edu_r1", edu_, Role::kReviewer1);
    AddUser("admin", office_, Role::kAdmin);
  }
  void TearDown() override {
    svc_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void AddUser(const std::string& name, int64_t unit, Role role) {
    auto u = svc_->CreateUser(CommandLineActor(), name, name + "姓名", unit, role, Password(name));
    ASSERT_TRUE(u.ok()) << u.status().message();
  }
  static std::string Password(const std::string& name) { return name + "-password"; }

  Actor As(const std::string& name) {
    LoginOutcome in = svc_->Login(name, Password(name), "10.0.0.1");
    EXPECT_TRUE(in.actor.has_value()) << name << ": " << in.status.message();
    return in.actor.value_or(Actor{});
  }

  int64_t NewDraft(const std::string& text, bool submit = true) {
    Submission s;
    s.title = "关于做好年终工作的通知";
    s.bytes = text;
    s.submit = submit;
    auto d = svc_->CreateDraft(As("editor"), s);
    EXPECT_TRUE(d.ok()) << d.status().message();
    return d.ok() ? d->summary.draft.id : 0;
  }

  DraftView Get(int64_t id) { return *svc_->GetDraft(As("admin"), id); }

  std::vector<FindingView> Findings(int64_t id, int version) {
    auto page = svc_->VersionFindings(As("admin"), id, version, {});
    EXPECT_TRUE(page.ok()) << page.status().message();
    return page.ok() ? page->items : std::vector<FindingView>{};
  }

  static std::optional<FindingView> FindingOf(const std::vector<FindingView>& fs,
                                              const std::string& text) {
    for (const FindingView& f : fs) {
      if (f.finding.text == text) return f;
    }
    return std::nullopt;
  }

  std::filesystem::path dir_;
  FakeClock clock_;
  std::unique_ptr<store::ReviewStore> store_;
  std::unique_ptr<scanner::RuleSet> rules_;
  std::unique_ptr<ReviewService> svc_;
  int64_t office_ = 0, edu_ = 0, town_ = 0;
};

TEST_F(ReviewServiceTest, DraftIsCheckedAtOnceWithPositionsInTheShownText) {
  int64_t id = NewDraft(kTypoText, false);
  DraftView d = Get(id);
  EXPECT_EQ(d.summary.draft.stage, Stage::kDraft);
  EXPECT_EQ(d.summary.draft.current_version, 1);
  EXPECT_EQ(d.summary.draft.open.major, 2);
  auto v = svc_->GetVersion(As("editor"), id, 1);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->text, kTypoText);
  std::vector<FindingView> fs = Findings(id, 1);
  ASSERT_EQ(fs.size(), 2u);
  EXPECT_EQ(fs[0].finding.text, "贯切");
  EXPECT_EQ(fs[0].finding.suggestion, "贯彻");
  EXPECT_EQ(fs[0].finding.rule, "review-typo");
  // UTF-16 positions: "各单位要认真" is six code units.
  EXPECT_EQ(fs[0].finding.start, 6);
  EXPECT_EQ(fs[0].finding.end, 8);
  EXPECT_EQ(fs[1].finding.text, "布署");
  EXPECT_EQ(fs[1].finding.start, 13);
}

TEST_F(ReviewServiceTest, DocxUploadShowsVisibleTextAndHighlightsLandOnIt) {
  std::ifstream in(cuomin::test_paths::Testdata() + "/review/notice.docx", std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  Submission s;
  s.title = "年终工作通知";
  s.filename = "通知.docx";
  s.bytes = bytes.str();
  auto d = svc_->CreateDraft(As("editor"), s);
  ASSERT_TRUE(d.ok()) << d.status().message();
  auto v = svc_->GetVersion(As("editor"), d->summary.draft.id, 1);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->format, "docx");
  EXPECT_EQ(v->text, "关于做好年终工作的通知\n各单位要认真贯切落实，周密布署。");
  std::vector<FindingView> fs = Findings(d->summary.draft.id, 1);
  ASSERT_EQ(fs.size(), 2u);
  // "关于做好年终工作的通知\n各单位要认真" is 11 + 1 + 6 code units.
  EXPECT_EQ(fs[0].finding.start, 18);
  EXPECT_EQ(fs[0].finding.end, 20);
}

TEST_F(ReviewServiceTest, RefusesUnknownFileTypesAndEmptyText) {
  Submission s;
  s.title = "附件";
  s.filename = "a.exe";
  s.bytes = "MZ";
  auto d = svc_->CreateDraft(As("editor"), s);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.status().code(), StatusCode::kInvalidInput);
  EXPECT_NE(d.status().message().find("a.exe"), std::string::npos);
  s.filename = "";
  s.bytes = "  \n";
  EXPECT_EQ(svc_->CreateDraft(As("editor"), s).status().code(), StatusCode::kInvalidInput);
  s.bytes = kTypoText;
  s.title = "";
  EXPECT_EQ(svc_->CreateDraft(As("editor"), s).status().code(), StatusCode::kInvalidInput);
}

TEST_F(ReviewServiceTest, ThreeStagesSignedByThreeRolesThenPublished) {
  int64_t id = NewDraft(kTypoText);
  EXPECT_EQ(Get(id).summary.draft.stage, Stage::kReview1);
  auto a = svc_->Sign(As("r1"), id, 1, "");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->summary.draft.stage, Stage::kReview2);
  auto b = svc_->Sign(As("r2"), id, 1, "");
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(b->summary.draft.stage, Stage::kReview3);
  auto c = svc_->Sign(As("r3"), id, 1, Password("r3"));
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->summary.draft.stage, Stage::kApproved);
  ASSERT_EQ(c->signatures.size(), 3u);
  EXPECT_EQ(c->signatures[2].user, "r3姓名");
  auto p = svc_->Publish(As("editor"), id);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(p->summary.draft.stage, Stage::kPublished);
  // A published draft takes no new version.
  Submission s;
  s.bytes = "改后的内容。";
  EXPECT_EQ(svc_->AddVersion(As("editor"), id, s).status().code(), StatusCode::kConflict);
}

TEST_F(ReviewServiceTest, EachStageNeedsItsOwnRole) {
  int64_t id = NewDraft(kTypoText);
  for (const char* who : {"r2", "r3", "editor", "admin"}) {
    auto r = svc_->Sign(As(who), id, 1, Password(who));
    ASSERT_FALSE(r.ok()) << who;
    EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied) << who;
  }
  EXPECT_EQ(Get(id).summary.draft.stage, Stage::kReview1);
}

TEST_F(ReviewServiceTest, OnePersonNeverSignsTwoStages) {
  int64_t id = NewDraft(kTypoText);
  ASSERT_TRUE(svc_->Sign(As("r1"), id, 1, "").ok());
  // Signing again: the draft waits for 复审 now, which r1 does not hold.
  EXPECT_EQ(svc_->Sign(As("r1"), id, 1, "").status().code(), StatusCode::kPermissionDenied);
  // Promoted to 复审, r1 still may not sign this draft's second stage.
  ASSERT_TRUE(svc_->SetRole(CommandLineActor(), "r1", Role::kReviewer2).ok());
  auto r = svc_->Sign(As("r1"), id, 1, "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(r.status().message().find("初审"), std::string::npos) << r.status().message();
  // Even after a new version voided that signature.
  Submission s;
  s.bytes = "各单位要认真贯彻落实，周密部署。";
  ASSERT_TRUE(svc_->AddVersion(As("editor"), id, s).ok());
  ASSERT_TRUE(svc_->Sign(As("r1b"), id, 2, "").ok());
  EXPECT_EQ(svc_->Sign(As("r1"), id, 2, "").status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(svc_->Sign(As("r2"), id, 2, "").ok());
}

TEST_F(ReviewServiceTest, TheAuthorNeverSignsEvenWithAReviewerRole) {
  int64_t id = NewDraft(kTypoText);
  ASSERT_TRUE(svc_->SetRole(CommandLineActor(), "editor", Role::kReviewer1).ok());
  auto r = svc_->Sign(As("editor"), id, 1, "");
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied) << r.status().message();
}

TEST_F(ReviewServiceTest, ANewVersionVoidsSignaturesAndAStaleSignatureIsRefused) {
  int64_t id = NewDraft(kTypoText);
  ASSERT_TRUE(svc_->Sign(As("r1"), id, 1, "").ok());
  ASSERT_TRUE(svc_->Sign(As("r2"), id, 1, "").ok());
  Submission s;
  s.bytes = "各单位要认真贯彻落实，周密布署。";
  auto v2 = svc_->AddVersion(As("editor"), id, s);
  ASSERT_TRUE(v2.ok()) << v2.status().message();
  EXPECT_EQ(v2->summary.draft.stage, Stage::kReview1);
  EXPECT_EQ(v2->summary.draft.current_version, 2);
  ASSERT_EQ(v2->signatures.size(), 2u);
  EXPECT_TRUE(v2->signatures[0].signature.voided);
  EXPECT_TRUE(v2->signatures[1].signature.voided);
  // A reviewer who still looks at version 1 cannot sign it.
  auto stale = svc_->Sign(As("r1"), id, 1, "");
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict);
  EXPECT_TRUE(svc_->Sign(As("r1"), id, 2, "").ok());
}

TEST_F(ReviewServiceTest, OpenCriticalFindingBlocksFinalReviewUntilDecided) {
  int64_t id = NewDraft(kSecretText);
  ASSERT_TRUE(svc_->Sign(As("r1"), id, 1, "").ok());
  ASSERT_TRUE(svc_->Sign(As("r2"), id, 1, "").ok());
  auto blocked = svc_->Sign(As("r3"), id, 1, Password("r3"));
  ASSERT_FALSE(blocked.ok());
  EXPECT_EQ(blocked.status().code(), StatusCode::kConflict);
  EXPECT_NE(blocked.status().message().find("严重"), std::string::npos);
  std::optional<FindingView> secret = FindingOf(Findings(id, 1), "内部资料");
  ASSERT_TRUE(secret.has_value());
  // Deferring a critical finding leaves nothing open either; here it is accepted with a reason.
  auto d = svc_->Decide(As("r3"), secret->finding.id, IssueStatus::kAccepted,
                        "此处为引用的文件名，经核实可公开", false);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->finding.status, IssueStatus::kAccepted);
  EXPECT_TRUE(svc_->Sign(As("r3"), id, 1, Password("r3")).ok());
}

TEST_F(ReviewServiceTest, FinalReviewAsksForThePasswordAgain) {
  int64_t id = NewDraft("内容没有问题。\n");
  ASSERT_TRUE(svc_->Sign(As("r1"), id, 1, "").ok());
  ASSERT_TRUE(svc_->Sign(As("r2"), id, 1, "").ok());
  EXPECT_EQ(svc_->Sign(As("r3"), id, 1, "").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(svc_->Sign(As("r3"), id, 1, "wrong-password").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(Get(id).summary.draft.stage, Stage::kReview3);
  EXPECT_TRUE(svc_->Sign(As("r3"), id, 1, Password("r3")).ok());
}

TEST_F(ReviewServiceTest, SendBackNeedsACommentAndTheEditorSeesIt) {
  int64_t id = NewDraft(kTypoText);
  ASSERT_TRUE(svc_->Sign(As("r1"), id, 1, "").ok());
  EXPECT_EQ(svc_->SendBack(As("r2"), id, 1, "  ").status().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(svc_->SendBack(As("editor"), id, 1, "理由").status().code(),
            StatusCode::kPermissionDenied);
  auto back = svc_->SendBack(As("r2"), id, 1, "请核对第二段的数据");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->summary.draft.stage, Stage::kDraft);
  EXPECT_TRUE(back->summary.draft.returned);
  EXPECT_TRUE(back->signatures[0].signature.voided);
  auto returned = svc_->ReturnedDrafts(As("editor"));
  ASSERT_TRUE(returned.ok());
  ASSERT_EQ(returned->size(), 1u);
  EXPECT_EQ((*returned)[0].draft.return_comment, "请核对第二段的数据");
  EXPECT_EQ((*returned)[0].returned_by, "r2姓名");
  // Revised, it starts again at 初审 and is no longer "returned".
  Submission s;
  s.bytes = "各单位要认真贯彻落实，周密部署。";
  auto v2 = svc_->AddVersion(As("editor"), id, s);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(v2->summary.draft.stage, Stage::kReview1);
  EXPECT_FALSE(v2->summary.draft.returned);
  EXPECT_TRUE(svc_->ReturnedDrafts(As("editor"))->empty());
  auto comments = svc_->ListComments(As("editor"), id);
  ASSERT_TRUE(comments.ok());
  ASSERT_EQ(comments->size(), 1u);
  EXPECT_EQ((*comments)[0].comment.text, "【退回】请核对第二段的数据");
}

TEST_F(ReviewServiceTest, FindingsAreMatchedAcrossVersionsByRuleAndTextNotOffset) {
  int64_t id = NewDraft(kTypoText);
  std::vector<FindingView> v1 = Findings(id, 1);
  std::optional<FindingView> typo = FindingOf(v1, "贯切");
  ASSERT_TRUE(typo.has_value());
  ASSERT_TRUE(svc_->Decide(As("editor"), typo->finding.id, IssueStatus::kDeferred,
                           "待主管领导确认用语", false)
                  .ok());
  // Version 2 adds a sentence in front (every offset moves) and fixes 布署.
  Submission s;
  s.bytes = "根据上级通知精神，现将有关事项通知如下。各单位要认真贯切落实，周密部署。\n";
  ASSERT_TRUE(svc_->AddVersion(As("editor"), id, s).ok());
  std::vector<FindingView> v2 = Findings(id, 2);
  ASSERT_EQ(v2.size(), 1u);
  EXPECT_EQ(v2[0].finding.text, "贯切");
  EXPECT_EQ(v2[0].finding.issue_id, typo->finding.issue_id);
  EXPECT_EQ(v2[0].finding.status, IssueStatus::kDeferred);
  ASSERT_TRUE(v2[0].decision.has_value());
  EXPECT_EQ(v2[0].decision->reason, "待主管领导确认用语");
  auto issues = svc_->ListIssues(As("editor"), id);
  ASSERT_TRUE(issues.ok());
  ASSERT_EQ(issues->size(), 2u);
  const IssueView& fixed = (*issues)[1];
  EXPECT_EQ(fixed.issue.text, "布署");
  EXPECT_EQ(fixed.issue.status, IssueStatus::kFixed);
  EXPECT_EQ(fixed.issue.fixed_in_version, 2);
  ASSERT_EQ((*issues)[0].decisions.size(), 1u);
  EXPECT_EQ((*issues)[0].decided_by[0], "editor姓名");
  // The slip comes back in version 3: the same issue, reopened.
  s.bytes = "各单位要认真贯切落实，周密布署。\n";
  ASSERT_TRUE(svc_->AddVersion(As("editor"), id, s).ok());
  std::optional<FindingView> back = FindingOf(Findings(id, 3), "布署");
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->finding.issue_id, fixed.issue.id);
  EXPECT_EQ(back->finding.status, IssueStatus::kOpen);
}

TEST_F(ReviewServiceTest, DecisionsNeedReasonsAndOnlyReviewersExtendTheAllowList) {
  int64_t id = NewDraft(kTypoText);
  std::optional<FindingView> f = FindingOf(Findings(id, 1), "贯切");
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(
      svc_->Decide(As("editor"), f->finding.id, IssueStatus::kAccepted, " ", false).status().code(),
      StatusCode::kInvalidInput);
  EXPECT_EQ(
      svc_->Decide(As("editor"), f->finding.id, IssueStatus::kFixed, "改了", false).status().code(),
      StatusCode::kInvalidInput);
  EXPECT_EQ(svc_->Decide(As("editor"), f->finding.id, IssueStatus::kAccepted, "人名", true)
                .status()
                .code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(svc_->Decide(As("townie"), f->finding.id, IssueStatus::kAccepted, "人名", false)
                .status()
                .code(),
            StatusCode::kNotFound);
  auto ok = svc_->Decide(As("r1"), f->finding.id, IssueStatus::kAccepted, "此处为人名", true);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->decided_by, "r1姓名");
  EXPECT_TRUE(ok->decision->allow_list);
  EXPECT_EQ(Get(id).summary.draft.open.major, 1);
  // The unit's next draft does not raise it again; another unit's still does.
  int64_t next = NewDraft(kTypoText);
  std::vector<FindingView> fs = Findings(next, 1);
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].finding.text, "布署");
  Submission s;
  s.title = "镇里的通知";
  s.bytes = kTypoText;
  auto town = svc_->CreateDraft(As("townie"), s);
  ASSERT_TRUE(town.ok());
  EXPECT_EQ(Findings(town->summary.draft.id, 1).size(), 2u);
}

TEST_F(ReviewServiceTest, UnitsSeeTheirOwnDraftsAndTheCityOfficeSeesAll) {
  int64_t id = NewDraft(kTypoText);
  EXPECT_EQ(svc_->GetDraft(As("townie"), id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(svc_->GetVersion(As("townie"), id, 1).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(svc_->ListComments(As("townie"), id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(svc_->AddComment(As("townie"), id, 0, "看看").status().code(), StatusCode::kNotFound);
  Submission s;
  s.bytes = "改写";
  EXPECT_EQ(svc_->AddVersion(As("townie"), id, s).status().code(), StatusCode::kNotFound);
  auto town_list = svc_->ListDrafts(As("townie"), {});
  ASSERT_TRUE(town_list.ok());
  EXPECT_EQ(town_list->total, 0);
  DraftQuery other;
  other.unit_id = edu_;
  EXPECT_EQ(svc_->ListDrafts(As("townie"), other).status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(svc_->GetDraft(As("r1"), id).ok());
  EXPECT_TRUE(svc_->GetDraft(As("edu_r1"), id).ok());
  auto all = svc_->ListFindings(As("r2"), {});
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->total, 2);
  EXPECT_EQ(svc_->ListFindings(As("townie"), {})->total, 0);
}

// The findings list takes its total from counts that triggers keep (migration 7): after new
// drafts in two units, a new version, a decision and stage changes, every filter's total is the
// number of findings the list really has.
TEST_F(ReviewServiceTest, FindingListTotalsStayExactThroughVersionsDecisionsAndStages) {
  int64_t a = NewDraft(kTypoText);
  int64_t b = NewDraft(kSecretText);
  Submission town;
  town.title = "镇里的通知";
  town.bytes = kSecretText;
  ASSERT_TRUE(svc_->CreateDraft(As("townie"), town).ok());
  ASSERT_TRUE(svc_->Sign(As("r1"), a, 1, "").ok());  // a moves to 复审
  Submission v2;
  v2.bytes = "各单位要认真贯彻落实，周密布署。";
  ASSERT_TRUE(svc_->AddVersion(As("editor"), a, v2).ok());  // back to 初审, one finding gone
  std::optional<FindingView> secret = FindingOf(Findings(b, 1), "内部资料");
  ASSERT_TRUE(secret.has_value());
  ASSERT_TRUE(
      svc_->Decide(As("r1"), secret->finding.id, IssueStatus::kAccepted, "引用文件名", false).ok());
  ASSERT_TRUE(svc_->Sign(As("r1"), b, 1, "").ok());

  int checked = 0;
  for (std::optional<Stage> stage : {std::optional<Stage>{}, std::optional<Stage>{Stage::kReview1},
                                     std::optional<Stage>{Stage::kReview2}}) {
    for (std::optional<int> severity : {std::optional<int>{}, std::optional<int>{1},
                                        std::optional<int>{2}, std::optional<int>{3}}) {
      for (std::optional<IssueStatus> status :
           {std::optional<IssueStatus>{}, std::optional<IssueStatus>{IssueStatus::kOpen},
            std::optional<IssueStatus>{IssueStatus::kAccepted}}) {
        for (const char* who : {"r2", "townie"}) {
          FindingQuery q;
          q.stage = stage;
          q.severity = severity;
          q.status = status;
          q.per_page = 1000;
          auto list = svc_->ListFindings(As(who), q);
          ASSERT_TRUE(list.ok()) << list.status().message();
          EXPECT_EQ(list->total, static_cast<int64_t>(list->items.size()))
              << who << " stage " << (stage ? static_cast<int>(*stage) : -1) << " severity "
              << severity.value_or(-1) << " status " << (status ? static_cast<int>(*status) : -1);
          ++checked;
        }
      }
    }
  }
  EXPECT_EQ(checked, 72);
  // And the totals are not all zero: the city office sees all three drafts' current findings.
  EXPECT_EQ(svc_->ListFindings(As("r2"), {})->total, 5);
}

TEST_F(ReviewServiceTest, WaitingListsFollowTheStage) {
  int64_t a = NewDraft(kTypoText);
  int64_t b = NewDraft(kTypoText);
  ASSERT_TRUE(svc_->Sign(As("r1"), a, 1, "").ok());
  DraftQuery waiting;
  waiting.waiting = true;
  auto r1 = svc_->ListDrafts(As("r1"), waiting);
  ASSERT_TRUE(r1.ok());
  ASSERT_EQ(r1->total, 1);
  EXPECT_EQ(r1->items[0].draft.id, b);
  auto r2 = svc_->ListDrafts(As("r2"), waiting);
  ASSERT_EQ(r2->total, 1);
  EXPECT_EQ(r2->items[0].draft.id, a);
  DraftQuery crit;
  crit.severity = static_cast<int>(scanner::Severity::kCritical);
  EXPECT_EQ(svc_->ListDrafts(As("r1"), crit)->total, 0);
  NewDraft(kSecretText);
  EXPECT_EQ(svc_->ListDrafts(As("r1"), crit)->total, 1);
}

TEST_F(ReviewServiceTest, LoginsAreThrottledPerAccountAndPerAddress) {
  for (int i = 0; i < 5; ++i) {
    LoginOutcome o = svc_->Login("editor", "guess", "10.0.0.9");
    EXPECT_FALSE(o.actor.has_value());
    EXPECT_EQ(o.status.code(), StatusCode::kPermissionDenied);
  }
  // Past the limit even the right password waits, from any address.
  LoginOutcome held = svc_->Login("editor", Password("editor"), "10.0.0.10");
  EXPECT_FALSE(held.actor.has_value());
  EXPECT_GT(held.retry_after, 0);
  clock_.Advance(15 * 60 + 1);
  EXPECT_TRUE(svc_->Login("editor", Password("editor"), "10.0.0.10").actor.has_value());
  // One address trying many names is stopped too, without touching other addresses.
  for (int i = 0; i < 20; ++i) svc_->Login("nobody" + std::to_string(i), "x", "10.0.0.66");
  EXPECT_GT(svc_->Login("r1", Password("r1"), "10.0.0.66").retry_after, 0);
  EXPECT_TRUE(svc_->Login("r1", Password("r1"), "10.0.0.67").actor.has_value());
}

TEST_F(ReviewServiceTest, DisabledUsersCannotSignIn) {
  Actor before = As("r2");
  ASSERT_TRUE(svc_->DisableUser(CommandLineActor(), "r2").ok());
  LoginOutcome o = svc_->Login("r2", Password("r2"), "10.0.0.1");
  EXPECT_FALSE(o.actor.has_value());
  EXPECT_EQ(svc_->ActorForUser(before.user_id, "10.0.0.1").status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(ReviewServiceTest, ApiTokensActForTheirUnitAndAreStoredHashed) {
  auto t = svc_->CreateToken(As("admin"), "CMS", edu_);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->second.rfind("cm_", 0), 0u);
  EXPECT_EQ(svc_->CreateToken(As("editor"), "CMS", edu_).status().code(),
            StatusCode::kPermissionDenied);
  auto tokens = svc_->ListTokens(As("admin"));
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 1u);
  EXPECT_EQ((*tokens)[0].token_hash, Sha256Hex(t->second));
  EXPECT_EQ((*tokens)[0].token_hash.find(t->second.substr(3)), std::string::npos);
  auto cms = svc_->ActorForToken(t->second, "10.1.1.1");
  ASSERT_TRUE(cms.ok());
  Submission s;
  s.title = "CMS 推送的稿件";
  s.bytes = kTypoText;
  s.submit = true;
  auto d = svc_->CreateDraft(*cms, s);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->summary.unit.id, edu_);
  EXPECT_EQ(svc_->Sign(*cms, d->summary.draft.id, 1, "").status().code(),
            StatusCode::kPermissionDenied);
  ASSERT_TRUE(svc_->RevokeToken(As("admin"), t->first).ok());
  EXPECT_EQ(svc_->ActorForToken(t->second, "10.1.1.1").status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(svc_->ActorForToken("cm_made_up", "10.1.1.1").status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(ReviewServiceTest, EveryActionIsAuditedInAnUnbrokenChain) {
  Actor admin = As("admin");
  int64_t id = NewDraft(kTypoText);
  ASSERT_TRUE(svc_->Sign(As("r1"), id, 1, "").ok());
  svc_->Login("r2", "wrong", "192.0.2.7");
  ASSERT_TRUE(svc_->AddComment(As("r2"), id, 0, "=HYPERLINK(\"http://x\")").ok());
  store::AuditFilter all;
  all.limit = 1000;
  EXPECT_EQ(svc_->ListAudit(As("r1"), all).status().code(), StatusCode::kPermissionDenied);
  auto log = svc_->ListAudit(admin, all);
  ASSERT_TRUE(log.ok());
  std::vector<std::string> actions;
  for (auto it = log->items.rbegin(); it != log->items.rend(); ++it) actions.push_back(it->action);
  auto has = [&](const std::string& a) {
    return std::find(actions.begin(), actions.end(), a) != actions.end();
  };
  for (const char* a :
       {"unit-create", "user-create", "login", "draft-create", "sign", "login-failed", "comment"}) {
    EXPECT_TRUE(has(a)) << a;
  }
  bool failed_from_address = false;
  for (const auto& e : log->items) {
    if (e.action == "login-failed" && e.address == "192.0.2.7") failed_from_address = true;
  }
  EXPECT_TRUE(failed_from_address);
  auto check = svc_->VerifyAudit(admin);
  ASSERT_TRUE(check.ok());
  EXPECT_TRUE(check->ok) << check->message;
  EXPECT_EQ(check->entries, log->total);
  auto csv = svc_->AuditCsv(admin);
  ASSERT_TRUE(csv.ok());
  EXPECT_EQ(csv->rfind("\xEF\xBB\xBF序号,", 0), 0u);
  // A formula in a cell is neutralised for spreadsheets.
  EXPECT_NE(csv->find("\"'=HYPERLINK(\"\"http://x\"\")\""), std::string::npos);
  EXPECT_EQ(csv->find(",\"=HYPERLINK"), std::string::npos);
}

TEST_F(ReviewServiceTest, StatisticsByUnitForAPeriod) {
  // December 2026: 教育局 writes a draft with two typos, fixes one, and publishes it.
  int64_t id = NewDraft(kTypoText);
  Submission fix;
  fix.bytes = "各单位要认真贯切落实，周密部署。\n";
  ASSERT_TRUE(svc_->AddVersion(As("editor"), id, fix).ok());
  ASSERT_TRUE(svc_->Sign(As("r1"), id, 2, "").ok());
  ASSERT_TRUE(svc_->Sign(As("r2"), id, 2, "").ok());
  auto decided = svc_->Decide(As("r3"), FindingOf(Findings(id, 2), "贯切")->finding.id,
                              IssueStatus::kAccepted, "引文原文如此", false);
  ASSERT_TRUE(decided.ok()) << decided.status().message();
  ASSERT_TRUE(svc_->Sign(As("r3"), id, 2, Password("r3")).ok());
  ASSERT_TRUE(svc_->Publish(As("editor"), id).ok());
  // January 2027: 某某镇 submits one with a classified marking and a typo.
  clock_.Advance(30 * 86400);
  Submission town;
  town.title = "内部通知";
  town.bytes = kSecretText;
  ASSERT_TRUE(svc_->CreateDraft(As("townie"), town).ok());

  auto dec = svc_->Statistics(As("r1"), {"2026-12-01", "2026-12-31", 0});
  ASSERT_TRUE(dec.ok()) << dec.status().message();
  EXPECT_EQ(dec->from, "2026-12-01");
  EXPECT_EQ(dec->drafts_created, 1);
  EXPECT_EQ(dec->drafts_published, 1);
  EXPECT_EQ(dec->total.found, 2);
  EXPECT_EQ(dec->total.fixed, 1);
  EXPECT_EQ(dec->total.accepted, 1);
  EXPECT_EQ(dec->typos_corrected, 1);
  ASSERT_EQ(dec->units.size(), 3u);  // every unit, those with nothing too, by name
  const UnitStats* edu = nullptr;
  for (const UnitStats& u : dec->units) {
    if (u.unit.id == edu_) edu = &u;
  }
  ASSERT_NE(edu, nullptr);
  EXPECT_EQ(edu->drafts_created, 1);
  EXPECT_EQ(edu->drafts_published, 1);
  EXPECT_EQ(edu->findings.found, 2);
  ASSERT_EQ(dec->by_category.size(), 1u);
  EXPECT_EQ(dec->by_category[0].name, "错别字");
  EXPECT_EQ(dec->by_rule[0].key, "review-typo");
  ASSERT_EQ(dec->by_severity.size(), 1u);
  EXPECT_EQ(dec->by_severity[0].key, "major");

  // The default period is this year so far: only the township's draft.
  auto jan = svc_->Statistics(As("r1"), {});
  ASSERT_TRUE(jan.ok()) << jan.status().message();
  EXPECT_EQ(jan->from, "2027-01-01");
  EXPECT_EQ(jan->to, "2027-01-04");  // FakeClock starts at 2026-12-05T00:00:00Z
  EXPECT_EQ(jan->drafts_created, 1);
  EXPECT_EQ(jan->drafts_published, 0);
  EXPECT_EQ(jan->total.found, 2);
  EXPECT_EQ(jan->total.open, 2);
  ASSERT_EQ(jan->by_severity.size(), 2u);
  // The most severe first, whatever the counts.
  EXPECT_GT(static_cast<int>(*scanner::ParseSeverity(jan->by_severity[0].key)),
            static_cast<int>(*scanner::ParseSeverity(jan->by_severity[1].key)));
  EXPECT_EQ(jan->typos_corrected, 0);

  // An editor sees their own unit only, and is refused another one.
  auto mine = svc_->Statistics(As("editor"), {"2026-01-01", "2027-12-31", 0});
  ASSERT_TRUE(mine.ok()) << mine.status().message();
  ASSERT_EQ(mine->units.size(), 1u);
  EXPECT_EQ(mine->units[0].unit.id, edu_);
  EXPECT_EQ(mine->drafts_created, 1);
  EXPECT_EQ(mine->total.found, 2);
  EXPECT_EQ(svc_->Statistics(As("editor"), {"", "", town_}).status().code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(svc_->Statistics(As("edu_r1"), {"", "", town_}).status().code(),
            StatusCode::kPermissionDenied);
  auto town_only = svc_->Statistics(As("admin"), {"2026-01-01", "2027-12-31", town_});
  ASSERT_TRUE(town_only.ok());
  EXPECT_EQ(town_only->total.found, 2);
  EXPECT_EQ(town_only->drafts_created, 1);

  // Dates must be real and in order.
  EXPECT_EQ(svc_->Statistics(As("r1"), {"2026-02-30", "", 0}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(svc_->Statistics(As("r1"), {"2026-12-31", "2026-12-01", 0}).status().code(),
            StatusCode::kInvalidInput);
  EXPECT_EQ(svc_->Statistics(As("r1"), {"2026/12/01", "", 0}).status().code(),
            StatusCode::kInvalidInput);
}

// The users' days are Beijing days, for drafts as for the ledger: 23:30 UTC is 07:30 the next
// morning in Beijing, so a draft written then counts on that next day, and the default period
// ends on it.
TEST_F(ReviewServiceTest, StatisticsCountBeijingDays) {
  // 2026-12-05T15:59:59Z: 23:59:59 on 5 December in Beijing.
  clock_.Advance(16 * 3600 - 1);
  NewDraft(kTypoText);
  // 2026-12-05T23:30:00Z: 07:30 on 6 December in Beijing.
  clock_.Advance(7 * 3600 + 30 * 60 + 1);
  NewDraft(kSecretText);
  struct Row {
    const char* from;
    const char* to;
    int64_t created;
  };
  for (Row row : {Row{"2026-12-05", "2026-12-05", 1}, Row{"2026-12-06", "2026-12-06", 1},
                  Row{"2026-12-05", "2026-12-06", 2}, Row{"2026-12-04", "2026-12-04", 0},
                  Row{"2026-12-07", "2026-12-31", 0}}) {
    auto s = svc_->Statistics(As("r1"), {row.from, row.to, 0});
    ASSERT_TRUE(s.ok()) << s.status().message();
    EXPECT_EQ(s->drafts_created, row.created) << row.from << " to " << row.to;
  }
  auto day = svc_->Statistics(As("r1"), {"2026-12-06", "2026-12-06", 0});
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->total.found, 2);  // the secret marking and the typo of the second draft
  auto now = svc_->Statistics(As("r1"), {});
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->to, "2026-12-06");  // today in Beijing, while UTC still says the 5th
  EXPECT_EQ(now->drafts_created, 2);
}

TEST(PasswordTest, DefaultCostIsArgon2idWithNineteenMebibytesAndTwoPasses) {
  auto h = HashPassword("correct horse");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$v=19$m=19456,t=2,", 0), 0u) << *h;
  EXPECT_TRUE(VerifyPassword(*h, "correct horse"));
  EXPECT_FALSE(VerifyPassword(*h, "correct horsE"));
  EXPECT_FALSE(VerifyPassword("", "x"));
  EXPECT_EQ(RandomHex(16).size(), 32u);
  EXPECT_NE(RandomHex(16), RandomHex(16));
}

}  // namespace
}  // namespace cuomin::review
