// The country-title rules (dictionaries/expression/country-title*.yml on country-titles.txt): a
// country's name followed by a leader's title it does not have is found, critical for titles only
// China's Party and state have (新加坡总书记), major for another country's titles (美国总理); the
// offices of the parties that do have them, past offices and other countries stay quiet.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "scanner/reader.h"
#include "scanner/rule_set.h"
#include "shipped_rules_fixture.h"
#include "test_paths.h"

namespace cuomin::scanner {
namespace {

class CountryTitleTest : public ShippedRulesTest {
 protected:
  static void SetUpTestSuite() { LoadShipped({"expression"}); }
  static std::vector<Finding> Check(const std::string& text) {
    return FindingsOf(text, [](const std::string& rule) {
      return rule.rfind("expression-country-title", 0) == 0;
    });
  }
  static void ExpectOne(const std::string& text, const std::string& wrong, Severity severity,
                        const std::string& message_part) {
    SCOPED_TRACE(text);
    auto f = Check(text);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].text, wrong);
    EXPECT_EQ(f[0].severity, severity);
    EXPECT_NE(f[0].message.find(message_part), std::string::npos) << f[0].message;
  }
  static void ExpectQuiet(const std::string& text) {
    SCOPED_TRACE(text);
    auto f = Check(text);
    EXPECT_TRUE(f.empty()) << f[0].rule << " 「" << f[0].text << "」";
  }
};

TEST_F(CountryTitleTest, ATitleOnlyChinaHasAfterAForeignCountryIsCritical) {
  ExpectOne("会议指出，要深入学习贯彻新加坡总书记在庆祝大会上的重要讲话精神。", "新加坡总书记",
            Severity::kCritical, "新加坡设总统、总理");
  ExpectOne("美国国家主席在白宫会见了来访的外国领导人。", "美国国家主席", Severity::kCritical,
            "“国家主席”是中国的党和国家职务");
  ExpectOne("据报道，日本国务院总理当天召开记者会。", "日本国务院总理", Severity::kCritical,
            "日本设天皇、首相");
}

TEST_F(CountryTitleTest, AHeadOfStateOrGovernmentTheCountryDoesNotHaveIsMajor) {
  ExpectOne("美国总理在记者会上宣布了新的关税措施。", "美国总理", Severity::kMajor,
            "美国设总统、副总统，没有“总理”");
  ExpectOne("英国总统访华期间，两国签署了多项合作协议。", "英国总统", Severity::kMajor,
            "没有“总统”");
  ExpectOne("澳大利亚总统出席了两国建交五十周年招待会。", "澳大利亚总统", Severity::kMajor,
            "澳大利亚设总理、总督");
  ExpectOne("当天，泰国总统会见了中国代表团。", "泰国总统", Severity::kMajor, "泰国设国王");
}

TEST_F(CountryTitleTest, OfficesTheCountryHasAreQuiet) {
  // The ruling parties of Vietnam, Laos and the DPRK have a 总书记, Vietnam, Laos and Cuba a
  // 国家主席 (外交部 and 新华社 write them so).
  ExpectQuiet("越共中央总书记苏林、越南国家主席梁强分别会见了中国代表团。");
  ExpectQuiet("越南共产党中央总书记会见中方客人时表示，愿同中方加强交流。");
  ExpectQuiet("老挝人民革命党中央总书记、国家主席通伦会见了中国客人。");
  ExpectQuiet("朝鲜劳动党总书记、国务委员长金正恩视察了工厂。");
  ExpectQuiet("古巴国家主席迪亚斯-卡内尔出席了纪念活动。");
  ExpectQuiet("新加坡总统尚达曼和新加坡总理黄循财分别会见了代表团。");
  ExpectQuiet("美国总统和英国首相在会后举行了联合记者会，日本首相和韩国总统也出席。");
  ExpectQuiet("日本内阁总理大臣发表了谈话。");
  ExpectQuiet("美国总理事会发布了年度报告。");
}

TEST_F(CountryTitleTest, PastOfficesOfHistoryTextsAreQuiet) {
  ExpectQuiet("1994年7月，朝鲜国家主席金日成逝世。");
  ExpectQuiet("1946年，意大利国王维克托·埃马努埃莱三世退位。");
  ExpectQuiet("法国国王路易十四在位七十二年。");
  ExpectQuiet("2018年以前，土耳其总理由议会多数党领袖担任。");
}

TEST_F(CountryTitleTest, CountriesNotInTheTableAndOtherWordingsAreQuiet) {
  // 缅甸 is not in the table: not judged. A title not right after the name is not compared.
  ExpectQuiet("缅甸总统府发表声明。");
  ExpectQuiet("美国前总统卡特曾多次访华，美国副总统也随团来访。");
  ExpectQuiet("欧美国家主席团成员出席了会议。");
  ExpectQuiet("习近平总书记会见了新加坡总理。");
}

TEST(CountryTitleTable, ALineWithoutItsSourceIsRefusedWithFileAndLine) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "cuomin_country_title_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "t.yml") << "id: t\ntype: country_title\ncategory: expression\n"
                                  "severity: major\nmessage: \"{text}\"\ntable: t.txt\n"
                                  "titles: [总统]\n";
  std::ofstream(dir / "t.txt") << "# 注释\n美国\t总统\t外交部\n英国\t国王、首相\n";
  RuleSetOptions opt;
  opt.rule_dirs = {dir.string()};
  auto rs = RuleSet::Load(opt);
  ASSERT_FALSE(rs.ok());
  EXPECT_NE(rs.status().message().find("t.txt:3"), std::string::npos) << rs.status().message();
  EXPECT_NE(rs.status().message().find("缺少来源"), std::string::npos) << rs.status().message();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace cuomin::scanner
