// The anniversary rule (dictionaries/expression/anniversary.yml on anniversaries.txt): the count
// of a commemoration is checked against the year of the event, where the count names a year that
// has not come or the clause gives its own year; undated clauses and right counts stay quiet.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/clock.h"
#include "scanner/reader.h"
#include "scanner/rule_set.h"
#include "shipped_rules_fixture.h"
#include "test_paths.h"

namespace cuomin::scanner {
namespace {

class AnniversaryTest : public ShippedRulesTest {
 protected:
  static void SetUpTestSuite() { LoadShipped({"expression"}); }
  static std::vector<Finding> Check(const std::string& text) {
    return FindingsOf(text,
                      [](const std::string& rule) { return rule == "expression-anniversary"; });
  }
  static void ExpectOne(const std::string& text, const std::string& wrong,
                        const std::string& suggestion, const std::string& message_part) {
    SCOPED_TRACE(text);
    auto f = Check(text);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].text, wrong);
    EXPECT_EQ(f[0].suggestion, suggestion);
    EXPECT_EQ(f[0].severity, Severity::kMajor);
    EXPECT_NE(f[0].message.find(message_part), std::string::npos) << f[0].message;
  }
  static void ExpectQuiet(const std::string& text) {
    SCOPED_TRACE(text);
    auto f = Check(text);
    EXPECT_TRUE(f.empty()) << f[0].rule << " 「" << f[0].text << "」 " << f[0].message;
  }
};

TEST_F(AnniversaryTest, ACountWhoseYearHasNotComeNamesTheOtherAnniversary) {
  // Published on a county site (real-error set, re-276): 1976 + 119 = 2095; 1893 + 119 = 2012.
  ExpectOne("红歌团进京，纪念毛主席逝世119周年。", "毛主席逝世119周年", "毛主席诞辰119周年",
            "是2095年，尚未到来；疑为“毛主席诞辰119周年”（2012年）");
  ExpectOne("纪念中国共产党成立三百周年。", "中国共产党成立三百周年", "", "是2221年，尚未到来");
}

TEST_F(AnniversaryTest, ACountThatDoesNotFitTheClausesOwnYear) {
  ExpectOne("2024年是中华人民共和国成立76周年。", "中华人民共和国成立76周年",
            "中华人民共和国成立75周年", "2024年应为“中华人民共和国成立75周年”（1949年）");
  ExpectOne("2023年，我们迎来毛泽东同志诞辰一百二十周年。", "毛泽东同志诞辰一百二十周年",
            "毛泽东同志诞辰一百三十周年", "（1893年）");
  // The same count of the other anniversary fits the year: the words were swapped.
  ExpectOne("2026年是周恩来总理诞辰50周年。", "周恩来总理诞辰50周年", "周恩来总理逝世50周年",
            "2026年");
  // One finding, not a second for the shorter name 小平 inside 邓小平.
  ExpectOne("2024年是邓小平同志诞辰121周年。", "邓小平同志诞辰121周年", "邓小平同志诞辰120周年",
            "（1904年）");
  ExpectOne("2018年正值宁夏回族自治区成立六十一周年。", "宁夏回族自治区成立六十一周年",
            "宁夏回族自治区成立六十周年", "（1958年）");
}

TEST_F(AnniversaryTest, RightCountsAndUndatedClausesAreQuiet) {
  ExpectQuiet("2023年12月26日，纪念毛泽东同志诞辰130周年座谈会在北京举行。");
  ExpectQuiet("2024年是中华人民共和国成立75周年，也是全国人民代表大会成立70周年。");
  ExpectQuiet("今年是中国共产党成立103周年。");
  ExpectQuiet("在庆祝中国共产党成立100周年大会上，2022年的工作部署已经明确。");
  ExpectQuiet("2022年，我们在庆祝建党100周年的基础上继续奋斗。");
  ExpectQuiet("2016年11月11日，纪念孙中山先生诞辰150周年大会隆重举行。");
  ExpectQuiet("自2019年起，每年举办纪念五四运动100周年系列活动。");
}

// "Not come yet" is judged against the rule set's clock, not the machine's: the same sentence
// is an error before the year and right after it, whatever year the suite runs in.
TEST(AnniversaryClock, ACountIsJudgedAgainstTheInjectedClock) {
  namespace fs = std::filesystem;
  const fs::path root = fs::temp_directory_path() / "cuomin_anniversary_clock_test";
  const fs::path dir = root / "expression";  // the rule id names its folder
  fs::remove_all(root);
  fs::create_directories(dir);
  const fs::path shipped = fs::path(test_paths::Dictionaries()) / "expression";
  fs::copy_file(shipped / "anniversary.yml", dir / "anniversary.yml");
  fs::copy_file(shipped / "anniversaries.txt", dir / "anniversaries.txt");
  auto findings_at = [&](int64_t now, const std::string& text) {
    FakeClock clock(now);
    RuleSetOptions opt;
    opt.rule_dirs = {dir.string()};
    opt.clock = &clock;
    auto rs = RuleSet::Load(opt);
    EXPECT_TRUE(rs.ok()) << rs.status().message();
    auto doc = ReadDocument("t.txt", text);
    EXPECT_TRUE(doc.ok());
    return rs.ok() && doc.ok() ? (*rs)->Check(*doc) : std::vector<Finding>{};
  };
  const std::string text = "纪念中国共产党成立103周年。";  // 1921 + 103 = 2024
  const int64_t mid_2020 = 1590969600;                     // 2020-06-01T00:00:00Z
  const int64_t end_2024 = 1735603200;                     // 2024-12-31T00:00:00Z
  auto before = findings_at(mid_2020, text);
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].text, "中国共产党成立103周年");
  EXPECT_NE(before[0].message.find("是2024年，尚未到来"), std::string::npos) << before[0].message;
  EXPECT_TRUE(findings_at(end_2024, text).empty());
  fs::remove_all(root);
}

TEST(AnniversaryTable, ABadYearIsRefusedWithFileAndLine) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "cuomin_anniversary_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "t.yml") << "id: t\ntype: anniversary\ncategory: expression\n"
                                  "severity: major\nmessage: \"{text}\"\ntable: t.txt\n";
  std::ofstream(dir / "t.txt") << "# 注释\n建党\t1921\t来源\n某人\t1950-1900\t来源\n";
  RuleSetOptions opt;
  opt.rule_dirs = {dir.string()};
  auto rs = RuleSet::Load(opt);
  ASSERT_FALSE(rs.ok());
  EXPECT_NE(rs.status().message().find("t.txt:3"), std::string::npos) << rs.status().message();
  EXPECT_NE(rs.status().message().find("不合理"), std::string::npos) << rs.status().message();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cuomin::scanner
