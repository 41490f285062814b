// The fixed formulations and the state's name (dictionaries/expression/canonical.yml) on real
// sentences: a form of the 20th Party Congress report or a news formula one character off is
// critical; the wording of earlier congresses and correct text stay quiet.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "shipped_rules_fixture.h"

namespace cuomin::scanner {
namespace {

class FormulationsTest : public ShippedRulesTest {
 protected:
  static void SetUpTestSuite() { LoadShipped({"expression"}); }
  static std::vector<Finding> Check(const std::string& text) {
    return FindingsOf(text, [](const std::string& rule) { return rule == "expression-canonical"; });
  }
  static void ExpectOne(const std::string& text, const std::string& wrong,
                        const std::string& suggestion) {
    SCOPED_TRACE(text);
    auto f = Check(text);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].severity, Severity::kCritical);
    EXPECT_EQ(f[0].text, wrong);
    EXPECT_EQ(f[0].suggestion, suggestion);
  }
  static void ExpectQuiet(const std::string& text) {
    SCOPED_TRACE(text);
    auto f = Check(text);
    EXPECT_TRUE(f.empty()) << (f.empty() ? "" : f[0].text + " → " + f[0].suggestion);
  }
};

// The state's name with a character that makes a common word (中国) is still the state's name
// when the rest of it stands as written.
TEST_F(FormulationsTest, TheStatesNameWithACommonWordInsideIsCritical) {
  ExpectOne("中国人民共和国和萨尔瓦多共和国关于建立外交关系的联合公报", "中国人民共和国",
            "中华人民共和国");
  ExpectQuiet("中华人民共和国和萨尔瓦多共和国关于建立外交关系的联合公报");
  ExpectQuiet("中国人民进行了长期的革命斗争。");
  ExpectQuiet("全省人民代表大会代表选举工作顺利完成。");
  ExpectQuiet("全市人民代表大会常务委员会第十次会议审议通过。");
}

// Forms of the 20th Party Congress report and the news formula 发表重要讲话, one character off;
// the 14th Congress's 发表重要谈话 (邓小平's talks in the south) is its own wording.
TEST_F(FormulationsTest, FormsOfTheTwentiethCongressAndTheNewsFormulaOneOffAreCritical) {
  ExpectOne("习近平总书记在座谈会上发飙重要讲话。", "发飙重要讲话", "发表重要讲话");
  ExpectOne("以党的自我格命引领社会革命。", "党的自我格命", "党的自我革命");
  ExpectOne("推动构建新型国家关系和人类命运共同体。", "构建新型国家关系", "构建新型国际关系");
  ExpectQuiet("今年初邓小平同志视察南方发表重要谈话，精辟地分析了当前国际国内形势。");
  ExpectQuiet("习近平总书记发表重要讲话，深刻阐述了新时代十年的伟大变革。");
  ExpectQuiet("坚持走中国特色军民融合式发展路子。");
}

}  // namespace
}  // namespace cuomin::scanner
