// The leaders' rules (dictionaries/expression: leader-name, leader-bare-name, person-title) on
// the shipped list leaders-history.txt: a past leader's name one character off is found beside
// a title or 同志; correct historical wording and ordinary people stay quiet.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "scanner/reader.h"
#include "scanner/rule_set.h"
#include "shipped_rules_fixture.h"
#include "test_paths.h"

namespace cuomin::scanner {
namespace {

class LeadersTest : public ShippedRulesTest {
 protected:
  static void SetUpTestSuite() { LoadShipped({"expression"}); }
  // The findings of the leaders' rules only: the other expression rules are not under test.
  static std::vector<Finding> Check(const std::string& text) {
    return FindingsOf(text, [](const std::string& rule) {
      return rule == "expression-leader-name" || rule == "expression-leader-bare-name" ||
             rule == "expression-leader-name-title" || rule == "expression-person-title";
    });
  }
  // Exactly one finding, critical, of `rule` with this suggestion: a slip beside a title is
  // not also reported by the bare-name rule, a correct name after a wrong title not also as a
  // slip of the title holder's name (the rules' `yields`).
  static void ExpectOne(const std::string& text, const std::string& rule,
                        const std::string& suggestion) {
    SCOPED_TRACE(text);
    auto f = Check(text);
    ASSERT_EQ(f.size(), 1u) << Describe(f);
    EXPECT_EQ(f[0].severity, Severity::kCritical);
    EXPECT_EQ(f[0].rule, rule);
    EXPECT_EQ(f[0].suggestion, suggestion);
  }
  static std::string Describe(const std::vector<Finding>& findings) {
    std::string out;
    for (const Finding& f : findings)
      out += f.rule + " 「" + f.text + "」→「" + f.suggestion + "」 ";
    return out;
  }
  static void ExpectQuiet(const std::string& text) {
    SCOPED_TRACE(text);
    auto f = Check(text);
    EXPECT_TRUE(f.empty()) << Describe(f);
  }
};

// Members and officers added from the 1st-11th Central Committees and the State Councils of
// 1975-1982, each written the ways such names are mistyped.
TEST_F(LeadersTest, PastLeadersNearMissBesideTheirTitleIsCritical) {
  // Same sound (中/忠).
  ExpectOne("1928年，中央政治局常委向中发在上海主持会议。", "expression-leader-name",
            "中央政治局常委向忠发");
  // Similar shape (仼/任).
  ExpectOne("国务院副总理王仼重到会讲话。", "expression-leader-name", "国务院副总理王任重");
  // Two characters swapped.
  ExpectOne("中央政治局常委苏征兆领导了省港大罢工。", "expression-leader-name",
            "中央政治局常委苏兆征");
  // A character added.
  ExpectOne("国务院副总理姚依依林出席会议。", "expression-leader-name", "国务院副总理姚依林");
  // A character dropped from a three-character name.
  ExpectOne("国务院副总理王重出席会议。", "expression-leader-name", "国务院副总理王任重");
  // A title from the Central Bureau of the 1920s.
  ExpectOne("中共中央局宣传主任李大在上海创办人民出版社。", "expression-leader-name",
            "中共中央局宣传主任李达");
}

TEST_F(LeadersTest, PastTopLeaderNearMissWithTongzhiIsCritical) {
  ExpectOne("王仁重同志在会上作报告。", "expression-leader-name", "王任重同志");
}

TEST_F(LeadersTest, CorrectNamesOfPastLeadersAreQuiet) {
  ExpectQuiet("1928年，中央政治局常委向忠发在上海主持会议。");
  ExpectQuiet("国务院副总理王任重到会讲话。");
  ExpectQuiet("中央政治局常委苏兆征领导了省港大罢工。");
  ExpectQuiet("王任重同志在会上作报告。");
  ExpectQuiet("国务院副总理谷牧、孙健、黄华先后出席。");
  ExpectQuiet("中共中央局宣传主任李达在上海创办人民出版社。");
}

// 时任/原/前 + a past office + the name is correct historical wording.
TEST_F(LeadersTest, HistoricalWordingIsQuiet) {
  ExpectQuiet("1979年，时任国务院副总理王任重到湖北视察。");
  ExpectQuiet("时任国务院副总理姚依林主持会议。");
  ExpectQuiet("原中央政治局委员李立三的故居对外开放。");
  ExpectQuiet("前国务院副总理黄华会见代表团。");
  ExpectQuiet("时任政务院副总理邓小平主持会议。");
  ExpectQuiet("时任中央人民政府副主席刘少奇出席开国大典。");
  ExpectQuiet("2015年，时任中央纪委书记王岐山出席会议。");
}

// A current title before a person who held it once stays quiet; before one who never held it,
// the person-title rule reports it.
TEST_F(LeadersTest, TitleThePersonNeverHeldIsCritical) {
  auto f = Check("国务院总理赵乐际主持召开国务院常务会议。");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "expression-person-title");
  EXPECT_EQ(f[0].severity, Severity::kCritical);
  ExpectQuiet("时任国务院副总理韩正出席开幕式。");
}

// Ordinary people share the names of Politburo members of the 1920s-30s (王明, 项英) or names
// one character off them: no title of a leader beside them, no finding.
TEST_F(LeadersTest, OrdinaryPeopleWithSimilarNamesAreQuiet) {
  ExpectQuiet("县委书记王明同志主持会议。");
  ExpectQuiet("村民项英说，今年的收成不错。");
  ExpectQuiet("镇党委书记王任同志主持会议。");
  ExpectQuiet("社区主任李达同志带队检查。");
}

// Without a title, a slip in the given name of a leader below the supreme offices that reads
// as an ordinary name (刘国忠 for 刘国中) is most likely another person; with the title it is the
// leader. A slip of a supreme leader's name is reported bare.
TEST_F(LeadersTest, BareNearMissThatReadsAsANameIsQuietBelowTheSupremeOffices) {
  ExpectQuiet("村主任刘国忠介绍了今年的收成。");
  ExpectQuiet("企业家李德升出席活动。");
  ExpectOne("国务院副总理刘国忠出席会议。", "expression-leader-name", "国务院副总理刘国中");
  ExpectOne("温家室主持召开国务院常务会议。", "expression-leader-bare-name", "温家宝");
  // 情 is seldom in a given name: a vice premier's name written with it is still a slip.
  ExpectOne("会议由张国情主持。", "expression-leader-bare-name", "张国清");
}

// Added from public lists: the vice chairs of the 1949 military commission (程潜), the Central
// Bureau of the 3rd Central Committee (罗章龙) and the provisional Politburo of 1931 (李竹声).
// Beside the title a slip is the leader; the names alone, or with an ordinary title, are people.
TEST_F(LeadersTest, AddedLeadersNearMissBesideTheirTitleIsCritical) {
  ExpectOne("人民革命军事委员会副主席潜程出席会议。", "expression-leader-name",
            "人民革命军事委员会副主席程潜");
  ExpectOne("中共中央局委员罗龙章负责会计工作。", "expression-leader-name", "中共中央局委员罗章龙");
  ExpectOne("中央政治局委员李声竹参加会议。", "expression-leader-name", "中央政治局委员李竹声");
  ExpectQuiet("人民革命军事委员会副主席程潜出席会议。");
  ExpectQuiet("时任中共中央局委员罗章龙负责会计工作。");
}

TEST_F(LeadersTest, AddedLeadersNamesakesWithoutTitleAreQuiet) {
  ExpectQuiet("村民罗章龙说，今年的收成不错。");
  ExpectQuiet("社区主任李竹生带队检查。");
  ExpectQuiet("县委书记黄平同志主持会议。");
  ExpectQuiet("罗龙章同志在会上发言。");
}

// Slips as published (tests/testdata/real-errors/cases.tsv re-002, re-003, re-005): each was
// reported twice, by the title-and-name rule and by the bare-name rule inside it.
TEST_F(LeadersTest, ASlipBesideItsTitleIsReportedOnce) {
  ExpectOne("中共中央政治局召开会议 中共中央总书记习进平主持会议", "expression-leader-name",
            "中共中央总书记习近平");
  ExpectOne("国家副主席习进平会见外宾并出席有关活动。", "expression-leader-name",
            "国家副主席习近平");
  ExpectOne("特首感谢国家主席习平近对内地和香港科研合作的重要批示。", "expression-leader-name",
            "国家主席习近平");
  ExpectOne("全国人大常委会委员长赵际乐主持会议。", "expression-leader-name",
            "全国人大常委会委员长赵乐际");
  ExpectOne("国务院副总理丁祥薛出席活动。", "expression-leader-name", "国务院副总理丁薛祥");
  // Without a title the bare-name rule still reports it.
  ExpectOne("温家室主持召开国务院常务会议。", "expression-leader-bare-name", "温家宝");
}

// A current leader's correct name after another leader's title: the title is wrong, and the
// person-title rule says so; the name is not also taken for a slip of the title holder's name
// (李强 for 李希, 王沪 for 王震).
TEST_F(LeadersTest, ARightNameAfterAWrongTitleIsReportedOnceAsAWrongTitle) {
  for (const char* text : {"中央纪委书记李强出席会议。", "国务院副总理李强出席会议。",
                           "国务院副总理王沪宁出席会议。", "国家副主席王沪宁会见外宾。",
                           "国务院总理丁薛祥主持会议。", "全国人大常委会委员长李希出席会议。"}) {
    SCOPED_TRACE(text);
    auto f = Check(text);
    ASSERT_EQ(f.size(), 1u) << Describe(f);
    EXPECT_EQ(f[0].rule, "expression-person-title");
    EXPECT_EQ(f[0].severity, Severity::kCritical);
  }
}

// Archived pages name a leader by an office held then, in its short or its full official
// wording (leader-title-variants.txt): correct, and quiet. The first three sentences are as
// published (taiwan.cn and www.gov.cn, 2010-2012, from 新华社).
TEST_F(LeadersTest, PastOfficesInEveryOfficialWordingAreQuiet) {
  for (const char* text : {
           "应美利坚合众国副总统拜登邀请，国家副主席习近平于当地时间13日下午抵达华盛顿，"
           "开始对美国进行正式访问。",
           "中共中央政治局常委、国家副主席习近平20日中午抵达俄罗斯远东城市符拉迪沃斯托克。",
           "3月30日，中国国家副主席习近平在斯德哥尔摩会见瑞典国王卡尔十六世·古斯塔夫。",
           "中华人民共和国副主席习近平会见外宾。",
           "中央军事委员会副主席习近平出席会议。",
           "中共中央书记处书记王沪宁出席会议。",
           "中央纪律检查委员会书记赵乐际出席会议。",
           "中华人民共和国主席江泽民签署命令。",
           "全国人民代表大会常务委员会委员长李鹏主持会议。",
           "中国人民政治协商会议全国委员会主席李瑞环出席。",
           // A shorter leader's name and the next word are not a slip of a longer name
           // (陈希 + 出席, not 陈希同).
           "中央政治局委员陈希出席会议。",
           "中共中央政治局委员陈希出席会议。",
       }) {
    ExpectQuiet(text);
  }
}

// The full wording does not hide a slip or a title that is not the person's.
TEST_F(LeadersTest, FullWordingsStillFindSlipsAndWrongTitles) {
  ExpectOne("中华人民共和国副主席习近乎会见外宾。", "expression-leader-name",
            "中华人民共和国副主席习近平");
  ExpectOne("全国人民代表大会常务委员会委员长赵乐计主持会议。", "expression-leader-name",
            "全国人民代表大会常务委员会委员长赵乐际");
  for (const char* text :
       {"中华人民共和国副主席丁薛祥会见外宾。", "中央纪律检查委员会书记蔡奇出席会议。"}) {
    SCOPED_TRACE(text);
    auto f = Check(text);
    ASSERT_EQ(f.size(), 1u) << Describe(f);
    EXPECT_EQ(f[0].rule, "expression-person-title");
    EXPECT_EQ(f[0].severity, Severity::kCritical);
  }
}

// 1954-1959 the party's military commission had no vice chairs; the marshals were vice chairs
// of the state's 国防委员会 (whose chair was the head of state). That wording is correct, and a
// slip in it is found.
TEST_F(LeadersTest, NationalDefenceCouncilOfficesOf1954AreKnown) {
  ExpectQuiet("1955年，国防委员会副主席彭德怀出席会议。");
  ExpectQuiet("时任国防委员会副主席贺龙视察部队。");
  ExpectQuiet("国防委员会主席刘少奇签署命令。");
  ExpectOne("国防委员会副主席彭德坏出席会议。", "expression-leader-name", "国防委员会副主席彭德怀");
  ExpectOne("国防委员会副主席聂荣真视察部队。", "expression-leader-name", "国防委员会副主席聂荣臻");
}

// A similar shape by the component data (习/刁) is a slip of a supreme leader's name even with
// no title: as published (tests/testdata/real-errors re-004).
TEST_F(LeadersTest, SimilarShapeSlipOfATopLeaderIsCriticalBare) {
  ExpectOne("刁近平抵达罗安达开始对安哥拉进行正式访问", "expression-leader-bare-name", "习近平");
  ExpectOne("刁近平同志在会上讲话。", "expression-leader-name", "习近平同志");
  // The same shapes that make an ordinary given name stay quiet without a title (刘国申, not
  // 刘国中).
  ExpectQuiet("村主任刘国申介绍了今年的收成。");
}

// Title and name set apart by a space (full-width in columns of signatures and captions, ASCII
// or no-break in converted pages) read as if they touched: a correct pair stays quiet, as it
// does written together, and a slip or a wrong title is found the same.
TEST_F(LeadersTest, SpacesBetweenTitleAndNameChangeNothing) {
  for (const char* space : {"", "　", " ", "\u00a0", "　　"}) {
    SCOPED_TRACE(std::string("space [") + space + "]");
    const std::string s = space;
    // The signature of the government work reports (gov-text: 国务院总理\n　李克强).
    ExpectQuiet("国务院总理" + s + "李克强");
    ExpectQuiet("国务院总理" + s + "李克强出席会议。");
    ExpectQuiet("国务院副总理" + s + "李克强出席会议。");
    ExpectQuiet("时任国务院副总理" + s + "韩正出席开幕式。");
    ExpectQuiet("中共中央总书记" + s + "习近平");
    ExpectOne("国务院总理" + s + "李克勤出席会议。", "expression-leader-name", "国务院总理李克强");
    ExpectOne("国家主席" + s + "习近乎会见外宾。", "expression-leader-name", "国家主席习近平");
    auto f = Check("国务院总理" + s + "赵乐际主持召开国务院常务会议。");
    ASSERT_EQ(f.size(), 1u) << Describe(f);
    EXPECT_EQ(f[0].rule, "expression-person-title");
    EXPECT_EQ(f[0].text, "国务院总理" + s + "赵乐际");
    f = Check("赵乐际" + s + "国务院副总理出席会议。");
    ASSERT_EQ(f.size(), 1u) << Describe(f);
    EXPECT_EQ(f[0].rule, "expression-person-title");
  }
}

// In a list of leaders' names an item one edit off a listed name is that leader, written wrong,
// even when it reads as somebody's name (李克勤, a singer, quiet alone) or names an ordinary
// Politburo member (郭声琨, checked only beside a title otherwise). The lists as the state media
// write them: 习近平、李克强、张德江、俞正声、刘云山、王岐山、张高丽 (2013-2017), and headlines
// with no separators (tests/testdata/real-errors re-008).
TEST_F(LeadersTest, AnItemOfAListOfLeadersOneEditOffIsThatLeader) {
  ExpectOne("习近平、李克勤、张德江、俞正声、刘云山、王岐山、张高丽等党和国家领导人出席大会。",
            "expression-leader-bare-name", "李克强");
  ExpectOne("习近平、张德江、俞正声、李克勤等同志出席会议。", "expression-leader-bare-name",
            "李克强");
  ExpectOne("丁薛祥、郭声昆、黄坤明出席会议。", "expression-leader-bare-name", "郭声琨");
  // Any letter replaced, a letter dropped, two swapped, a two-letter name.
  ExpectOne("习近平、李克照、张德江出席会议。", "expression-leader-bare-name", "李克强");
  ExpectOne("习近平李克张德江俞正声刘云山王岐山张高丽分别参加审议", "expression-leader-bare-name",
            "李克强");
  ExpectOne("习近平、李强、赵际乐、王沪宁出席。", "expression-leader-bare-name", "赵乐际");
  ExpectOne("习近平　李墙　赵乐际　王沪宁出席大会", "expression-leader-bare-name", "李强");
  // The same names alone, or among people who are not leaders, are other people.
  ExpectQuiet("歌手李克勤在香港举行演唱会。");
  ExpectQuiet("李克勤、张学友、刘德华同台演出。");
  ExpectQuiet("郭声昆同志主持会议。");
  // One leader beside it is not yet a list.
  ExpectQuiet("习近平、李克勤出席。");
  // Correct lists, and the words after them, stay quiet.
  ExpectQuiet("习近平、李克强、张德江、俞正声、刘云山、王岐山、张高丽等党和国家领导人出席大会。");
  ExpectQuiet("习近平、李强、赵乐际、王沪宁、蔡奇、丁薛祥、李希出席会议。");
  ExpectQuiet("李强、赵乐际、王沪宁、蔡奇出席。");
  ExpectQuiet("丁薛祥、李希和陈希出席会议。");
}

// A title the leader held, written one slip off right after the name (tests/testdata/real-errors
// re-127: 国务院李鹏总经理): a character inserted, or one replaced by a confusable one (the last
// only where it makes no common word with its neighbours). A two-character name is somebody
// else's (many people are called 李鹏) unless the rest of the title stands before it.
TEST_F(LeadersTest, ASlipOfAHeldTitleAfterTheNameIsCritical) {
  auto f = Check("国务院李鹏总经理会见外宾。");
  ASSERT_EQ(f.size(), 1u) << Describe(f);
  EXPECT_EQ(f[0].rule, "expression-person-title");
  EXPECT_EQ(f[0].severity, Severity::kCritical);
  EXPECT_EQ(f[0].text, "李鹏总经理");
  EXPECT_EQ(f[0].suggestion, "李鹏总理");
  ExpectOne("国务院　李鹏总经理会见外宾。", "expression-person-title", "李鹏总理");
  ExpectOne("时任国务院副总理李鹏总经理会见外宾。", "expression-person-title", "李鹏总理");
  // A three-character name says who is meant on its own; a current leader as a past one.
  f = Check("胡锦涛付主席会见外宾。");
  ASSERT_EQ(f.size(), 1u) << Describe(f);
  EXPECT_EQ(f[0].text, "胡锦涛付主席");
  EXPECT_EQ(f[0].suggestion, "胡锦涛副主席");
  ExpectOne("1990年，朱镕基付总理到上海调研。", "expression-person-title", "朱镕基副总理");
  ExpectOne("丁薛祥付总理出席活动。", "expression-person-title", "丁薛祥副总理");
  // The last letter of the title (context-typo alone found 总书纪, as minor or major).
  f = Check("习近平总书纪在会上发表重要讲话。");
  ASSERT_EQ(f.size(), 1u) << Describe(f);
  EXPECT_EQ(f[0].rule, "expression-person-title");
  EXPECT_EQ(f[0].severity, Severity::kCritical);
  EXPECT_EQ(f[0].text, "习近平总书纪");
  EXPECT_EQ(f[0].suggestion, "习近平总书记");
  ExpectOne("国务院李鹏总里会见外宾。", "expression-person-title", "李鹏总理");
}

TEST_F(LeadersTest, HeldTitlesAfterTheNameAndNamesakesAreQuiet) {
  ExpectQuiet("国务院李鹏总理会见外宾。");
  ExpectQuiet("时任国务院总理李鹏会见外宾。");
  ExpectQuiet("公司李鹏总经理介绍了项目进展。");
  ExpectQuiet("李鹏总经理在年会上致辞。");
  ExpectQuiet("胡锦涛副主席会见外宾。");
  ExpectQuiet("朱镕基副总理到上海调研。");
  ExpectQuiet("周恩来总理主持会议。");
  ExpectQuiet("毛泽东主席在天安门城楼上宣告中华人民共和国中央人民政府成立。");
  ExpectQuiet("朱德委员长出席大会。");
}

// A title's first character dropped (re-128: 家主席江泽民 at a sentence's start): the rest of
// the title and the name say who is meant, which a general formulation less its first
// character would not (华人民 in 在华人民).
TEST_F(LeadersTest, ATitleWithItsFirstCharacterDroppedIsCritical) {
  auto f = Check("家主席江泽民会见来访的外国元首。");
  ASSERT_EQ(f.size(), 1u) << Describe(f);
  EXPECT_EQ(f[0].rule, "expression-leader-name");
  EXPECT_EQ(f[0].text, "家主席江泽民");
  EXPECT_EQ(f[0].suggestion, "国家主席江泽民");
  ExpectOne("据报道，务院总理李强主持召开国务院常务会议。", "expression-leader-name",
            "国务院总理李强");
  ExpectOne("“央军委主席习近平签署命令。", "expression-leader-name", "中央军委主席习近平");
  // After a word of the text: the letter is dropped, not replaced by the word's last character.
  f = Check("外交部长陪同会见了家主席江泽民的客人。");
  ASSERT_EQ(f.size(), 1u) << Describe(f);
  EXPECT_EQ(f[0].text, "家主席江泽民");
  EXPECT_EQ(f[0].suggestion, "国家主席江泽民");
  // The form itself, and another office of the same leader whose first character differs.
  ExpectQuiet("国家主席江泽民会见来访的外国元首。");
  ExpectQuiet("1953年，政务院总理周恩来主持政务院会议。");
  ExpectQuiet("国务院总理周恩来主持会议。");
}

// A supreme leader's name with its last letter any other character (re-007: 李克勤拉美行) is
// found where the sentence shows the leader is meant. A slip that is no name needs an act of
// state (会见, 出访…); one that is somebody's name (李克勤 the singer, 李克农 the general,
// 江泽慧 an official, or a common given name) needs a supreme office in the sentence or a trip
// headline, since such people also attend and meet.
TEST_F(LeadersTest, ASupremeLeadersNameWithItsLastLetterWrongIsFoundWhereTheSentenceShowsHim) {
  auto f = Check("第003版：李克勤拉美行");
  ASSERT_EQ(f.size(), 1u) << Describe(f);
  EXPECT_EQ(f[0].rule, "expression-leader-bare-name");
  EXPECT_EQ(f[0].text, "李克勤");
  EXPECT_EQ(f[0].suggestion, "李克强");
  ExpectOne("李克勤主持召开国务院常务会议。", "expression-leader-bare-name", "李克强");
  ExpectOne("温家保主持召开国务院常务会议。", "expression-leader-bare-name", "温家宝");
  ExpectOne("李克秤在人民大会堂会见来访的德国总统。", "expression-leader-bare-name", "李克强");
  ExpectQuiet("李克勤在人民大会堂会见来访的德国总统。");
  ExpectQuiet("江泽慧出席会议并会见外宾。");
  ExpectQuiet("习近平、李克勤出席。");
  ExpectQuiet("李克勤出席颁奖典礼并演唱新歌。");
  ExpectQuiet("歌手李克勤在香港举行演唱会。");
  ExpectQuiet("李克农将军故居位于安徽巢湖。");
  ExpectQuiet("毛泽民是毛泽东的弟弟，曾出席会议。");
  ExpectQuiet("李克勤的新专辑今天发行。");
  // No sign of a leader: a name like any other.
  ExpectQuiet("李克智在村里开了一家小店。");
  // Letters that make a common word with their neighbours are the text's own wording.
  ExpectQuiet("深入学习近年来出台的政策，会见群众代表。");
}

// A company's or a village's title right after a leader's name that is no slip of his own
// (李鹏董事长, 习近平总经理). Many people share a leader's name, so it is found only where the
// name itself (a supreme leader's three characters) or an office he held, before the name or in
// the sentence, shows the leader is meant.
TEST_F(LeadersTest, ATitleOfTheWrongKindAfterALeadersNameIsCriticalWhereHeIsMeant) {
  auto f = Check("习近平总经理在北京人民大会堂会见外宾。");
  ASSERT_EQ(f.size(), 1u) << Describe(f);
  EXPECT_EQ(f[0].rule, "expression-person-title");
  EXPECT_EQ(f[0].severity, Severity::kCritical);
  EXPECT_EQ(f[0].text, "习近平总经理");
  EXPECT_NE(f[0].message.find("不是“总经理”"), std::string::npos) << f[0].message;
  f = Check("国务院总理李鹏董事长会见外宾。");
  ASSERT_EQ(f.size(), 1u) << Describe(f);
  EXPECT_EQ(f[0].text, "李鹏董事长");
  f = Check("李鹏董事长在国务院常务会议上强调，国务院总理要亲自抓安全生产。");
  ASSERT_EQ(f.size(), 1u) << Describe(f);
  EXPECT_EQ(f[0].text, "李鹏董事长");
  f = Check("温家宝村长带领群众修路。");
  ASSERT_EQ(f.size(), 1u) << Describe(f);
  EXPECT_EQ(f[0].text, "温家宝村长");
}

TEST_F(LeadersTest, NamesakesWithACompanysTitleAndWordsBeyondTheTitleAreQuiet) {
  ExpectQuiet("集团李强董事长出席签约仪式。");
  ExpectQuiet("李强总经理主持召开公司经营分析会。");
  ExpectQuiet("李鹏董事长在年会上致辞，国务院国资委有关负责同志出席。");
  ExpectQuiet("王震董事长介绍了企业发展情况。");
  ExpectQuiet("江泽民经理人俱乐部成立。");
  // A slip of his own title is reported once, as that slip.
  ExpectOne("国务院李鹏总经理会见外宾。", "expression-person-title", "李鹏总理");
}

// The title after the name says who is meant as the title before it does (issue 14): a name
// one letter off before a title its bearer held is critical, the span the name and the title.
TEST_F(LeadersTest, ANearMissBeforeAHeldTitleIsCritical) {
  ExpectOne("李墙总理主持召开国务院常务会议。", "expression-leader-name-title", "李强总理");
  ExpectOne("王沪生主席出席全国政协常委会会议。", "expression-leader-name-title", "王沪宁主席");
  ExpectOne("习平近总书记在会上发表重要讲话。", "expression-leader-name-title", "习近平总书记");
  ExpectOne("1998年，朱容基总理视察长江大堤。", "expression-leader-name-title", "朱镕基总理");
  auto f = Check("赵乐济委员长主持全国人大常委会会议。");
  ASSERT_EQ(f.size(), 1u) << Describe(f) << ": one finding, not also the bare name's";
  EXPECT_EQ(f[0].rule, "expression-leader-name-title");
  EXPECT_EQ(f[0].severity, Severity::kCritical);
  EXPECT_EQ(f[0].text, "赵乐济委员长");
  EXPECT_EQ(f[0].suggestion, "赵乐际委员长");
}

TEST_F(LeadersTest, NamesBeforeTitlesQuietWhereRightOrHistoricalOrSomebodyElse) {
  ExpectQuiet("李强总理主持召开国务院常务会议。");
  ExpectQuiet("李克强时任国务院总理，主持起草了政府工作报告。");
  ExpectQuiet("赵乐际时任中央纪委书记。");
  ExpectQuiet("习近平出席会议并发表重要讲话。");
  ExpectQuiet("“四人帮”在上海的党羽公开贴出了要张春桥当总理的大标语。");
  ExpectQuiet("我的报告，是依据毛澤东主席在最高国务会議上的报告所提出的方針。");
  ExpectQuiet("县政协韩征副主席出席会议。");
  ExpectQuiet("李强经理介绍了项目进展。");
}

// A jieba entry one letter off a leader's name and far rarer than it is the name misspelt on
// the web (王歧山 3, 王岐山 23), not somebody of that name: reported bare.
TEST_F(LeadersTest, AMisspellingRecordedInJiebaIsReportedBare) {
  ExpectOne("王歧山出席会议并讲话。", "expression-leader-bare-name", "王岐山");
  ExpectOne("温家保主持召开国务院常务会议。", "expression-leader-bare-name", "温家宝");
  ExpectQuiet("京剧演员田际云创办了戏曲研究会。");
}

// A name one letter off two holders of the title it follows: the year in the sentence names the
// holder of that year, the letter's sound or shape the holder it was typed for; undated, that
// holder and today's are both named, not today's alone.
TEST_F(LeadersTest, ANameOffTwoHoldersOfItsTitleNamesTheHolderOfTheYear) {
  ExpectOne("国务院总理李朋主持会议。", "expression-leader-name", "国务院总理李鹏|国务院总理李强");
  ExpectOne("1995年，国务院总理李朋主持会议。", "expression-leader-name", "国务院总理李鹏");
  ExpectOne("2024年3月，国务院总理李朋主持会议。", "expression-leader-name", "国务院总理李强");
  ExpectOne("国务院总理李墙主持会议。", "expression-leader-name", "国务院总理李强");
  // Two vice premiers of 1960 (陈云, 陈毅): the one whose name sounds as written.
  ExpectOne("1960年，国务院副总理陈意出席会议。", "expression-leader-name", "国务院副总理陈毅");
  // The former holder written rightly in a dated sentence is history, not a slip of today's.
  ExpectQuiet("1995年，国务院总理李鹏主持会议。");
  ExpectQuiet("1965年，外交部部长陈毅举行记者招待会。");
}

}  // namespace
}  // namespace cuomin::scanner
