// The officials' and foreign leaders' name rules (dictionaries/expression: official-name.yml,
// foreign-leader-name.yml, rule type title_name) on the shipped lists: a name right after a
// provincial title or a country's title, one character off a listed name, is found as major;
// listed names, names near nobody listed, and near misses that are names of their own stay
// quiet. The sentences are not those of the development set.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "shipped_rules_fixture.h"

namespace cuomin::scanner {
namespace {

class OfficialsTest : public ShippedRulesTest {
 protected:
  static void SetUpTestSuite() { LoadShipped({"expression"}); }
  static std::vector<Finding> Check(const std::string& text) {
    return FindingsOf(text, [](const std::string& rule) {
      return rule == "expression-official-name" || rule == "expression-foreign-leader-name";
    });
  }
  static std::string Describe(const std::vector<Finding>& findings) {
    std::string out;
    for (const Finding& f : findings)
      out += f.rule + " 「" + f.text + "」→「" + f.suggestion + "」 ";
    return out;
  }
  static void ExpectOne(const std::string& text, const std::string& rule, const std::string& wrong,
                        const std::string& suggestion) {
    SCOPED_TRACE(text);
    auto f = Check(text);
    ASSERT_EQ(f.size(), 1u) << Describe(f);
    EXPECT_EQ(f[0].rule, rule);
    EXPECT_EQ(f[0].severity, Severity::kMajor);
    EXPECT_EQ(f[0].text, wrong);
    EXPECT_EQ(f[0].suggestion, suggestion);
  }
  static void ExpectQuiet(const std::string& text) {
    SCOPED_TRACE(text);
    auto f = Check(text);
    EXPECT_TRUE(f.empty()) << Describe(f);
  }
};

TEST_F(OfficialsTest, ProvincialOfficialsNameOneCharacterOffAfterTheTitleIsMajor) {
  // Same sound (毫/豪), similar shape (哲/折), two swapped.
  ExpectOne("省委书记杜家豪主持召开省委常委会会议。", "expression-official-name", "杜家豪",
            "杜家毫");
  ExpectOne("会议由省委副书记、省长许达折主持。", "expression-official-name", "许达折", "许达哲");
  ExpectOne("省委常委、秘书长光陈志传达了会议精神。", "expression-official-name", "光陈志",
            "陈光志");
  // A municipality's title (耳/尔 same sound).
  ExpectOne("重庆市委书记陈敏耳出席开幕式。", "expression-official-name", "陈敏耳", "陈敏尔");
}

TEST_F(OfficialsTest, DiplomatsNameOneCharacterOffAfterTheirTitleIsMajor) {
  ExpectOne("外交部副部长张叶遂会见外宾。", "expression-official-name", "张叶遂", "张业遂");
  // Names that only diplomats.txt holds (not Central Committee members).
  ExpectOne("外交部发言人华春营主持例行记者会。", "expression-official-name", "华春营", "华春莹");
  ExpectOne("中国驻美国大使崔天楷出席招待会。", "expression-official-name", "崔天楷", "崔天凯");
  ExpectOne("外交部发言人汪斌文答记者问。", "expression-official-name", "汪斌文", "汪文斌");
  ExpectQuiet("外交部发言人华春莹主持例行记者会。");
  ExpectQuiet("中国常驻联合国代表傅聪在安理会发言。");
  // An honorary ambassador is no diplomat: whoever the name is, it stays quiet.
  ExpectQuiet("我市聘请的旅游形象大使崔天楷参加了推介会。");
  ExpectQuiet("国务委员兼外交部长杨洁篪会见外宾。");
  ExpectQuiet("中国驻法国大使馆提醒在法中国公民注意安全。");
}

TEST_F(OfficialsTest, ListedNamesAndStrangersAfterProvincialTitlesStayQuiet) {
  ExpectQuiet("省委书记杜家毫主持召开省委常委会会议。");
  ExpectQuiet("时任湖南省委书记杜家毫到衡阳调研。");
  // Near nobody listed: the rule cannot know everyone, and says nothing.
  ExpectQuiet("省委常委、秘书长王某某主持会议。");
  // A two-letter name whose last letter begins the next word (王强出席, not 王强出).
  ExpectQuiet("副省长王强出席会议并讲话。");
  // 刘健明 is one sound off the listed 刘建明, but a person of his own in jieba's dictionary.
  ExpectQuiet("副省长刘健明出席会议并讲话。");
}

// No listed official is ever taken for a slip of another one (刘剑峰 and 刘剑锋 are both listed).
TEST_F(OfficialsTest, EveryListedOfficialAfterATitleStaysQuiet) {
  std::ifstream in(test_paths::Dictionaries() + "/expression/officials-names.txt");
  ASSERT_TRUE(in) << "officials-names.txt";
  std::string text, line;
  size_t names = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    text += "副省长" + line + "出席会议。\n";
    ++names;
  }
  EXPECT_GT(names, 3000u);
  auto f = Check(text);
  EXPECT_TRUE(f.empty()) << f.size() << " findings: " << Describe(f).substr(0, 400);
}

TEST_F(OfficialsTest, ForeignLeadersNameOneCharacterOffAfterCountryAndTitleIsMajor) {
  ExpectOne("美国总统奥马巴在白宫会见来访的客人。", "expression-foreign-leader-name", "奥马巴",
            "奥巴马");
  ExpectOne("德国总理墨克尔抵达北京，开始对中国进行正式访问。", "expression-foreign-leader-name",
            "墨克尔", "默克尔");
  ExpectOne("日本首相安培晋三出席记者会。", "expression-foreign-leader-name", "安培晋三",
            "安倍晋三");
}

TEST_F(OfficialsTest, ForeignTitlesFollowedByOtherWordsOrCorrectNamesStayQuiet) {
  ExpectQuiet("美国总统奥巴马在白宫会见来访的客人。");
  ExpectQuiet("美国总统大选将于11月举行。");
  ExpectQuiet("美国总统特使抵达北京。");
  ExpectQuiet("联合国秘书长古特雷斯发表讲话。");
  // A leader the list does not hold.
  ExpectQuiet("冰岛总统约翰内松会见中国代表团。");
}

}  // namespace
}  // namespace cuomin::scanner
