// The fixed formulations and the state's name (dictionaries/expression/canonical.yml) on real
// sentences: a form of the 20th Party Congress report or a news formula one character off is
// critical; the wording of earlier congresses and correct text stay quiet.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "scanner/rule_set.h"
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
  // The findings of every expression rule: the wording rules below are of several rule files.
  static std::vector<Finding> All(const std::string& text) {
    return FindingsOf(text, [](const std::string&) { return true; });
  }
  // Exactly one finding, of `rule`, on `wrong`.
  static void ExpectRule(const std::string& text, const std::string& rule, const std::string& wrong,
                         const std::string& suggestion, Severity severity) {
    SCOPED_TRACE(text);
    auto f = All(text);
    std::string seen;
    for (const Finding& x : f) seen += x.rule + ": " + x.text + "; ";
    ASSERT_EQ(f.size(), 1u) << seen;
    EXPECT_EQ(f[0].rule, rule);
    EXPECT_EQ(f[0].text, wrong);
    EXPECT_EQ(f[0].suggestion, suggestion);
    EXPECT_EQ(f[0].severity, severity);
  }
  static void ExpectNone(const std::string& text) {
    SCOPED_TRACE(text);
    auto f = All(text);
    EXPECT_TRUE(f.empty()) << (f.empty() ? "" : f[0].rule + ": " + f[0].text);
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

// A slogan whose parts are joined by 、, cited in quotes with commas between them, is a slip
// (major); the same words as clauses of the text's own sentence are not.
TEST_F(FormulationsTest, AQuotedSloganWithCommasForItsPausesIsFound) {
  ExpectRule("扎实开展“不忘初心，牢记使命”主题教育。", "expression-canonical", "不忘初心，牢记使命",
             "不忘初心、牢记使命", Severity::kMajor);
  ExpectRule("学习“学史明理，学史增信，学史崇德，学史力行”的要求。", "expression-canonical",
             "学史明理，学史增信，学史崇德，学史力行", "学史明理、学史增信、学史崇德、学史力行",
             Severity::kMajor);
  ExpectNone("扎实开展“不忘初心、牢记使命”主题教育。");
  ExpectNone("统揽伟大斗争、伟大工程、伟大事业、伟大梦想“四个伟大”。");
  ExpectNone("不忘初心，牢记使命，扎实推进各项工作。");
  ExpectNone("我们要不忘初心，牢记使命，继续前进。");
}

// The work reports of a people's congress session cut short where they are used as titles
// (作政府报告); 向上级政府报告 is the verb and stays quiet.
TEST_F(FormulationsTest, AWorkReportsTitleCutShortIsFound) {
  ExpectRule("代表们分组讨论县政府报告，提出意见建议。", "expression-work-report-title", "政府报告",
             "政府工作报告", Severity::kMajor);
  ExpectRule("会议听取了市人民检察院报告。", "expression-work-report-title", "人民检察院报告",
             "人民检察院工作报告", Severity::kMajor);
  ExpectNone("发现问题应当及时向县政府报告。");
  ExpectNone("代表们分组讨论县政府工作报告，提出意见建议。");
}

// Names of the Hong Kong and Macao bodies, Taiwan's offices abroad and renamed campaigns, by the
// 新华社 list of banned and cautioned wording: the wrong name is major, and the old name in a
// sentence about the time before the change is only a note.
TEST_F(FormulationsTest, OfficialNamesOfHongKongMacaoTaiwanAndRenamedCampaigns) {
  ExpectRule("澳门特别行政区政府行政长官出席开幕式并致辞。", "expression-wrong-forms",
             "澳门特别行政区政府行政长官", "澳门特别行政区行政长官", Severity::kMajor);
  ExpectRule("香港政府公布了新一年的施政报告。", "expression-renamed-hong-kong", "香港政府",
             "香港特区政府", Severity::kMajor);
  ExpectRule("港英时期，香港政府推行了十年建屋计划。", "expression-renamed-hong-kong", "香港政府",
             "香港特区政府", Severity::kInfo);
  ExpectRule("驻纽约台湾经济文化办事处举办了座谈会。", "expression-wrong-forms",
             "台湾经济文化办事处", "台北经济文化办事处", Severity::kMajor);
  ExpectRule("全县持续推进打黑除恶专项斗争常态化。", "expression-renamed-campaign", "打黑除恶",
             "扫黑除恶", Severity::kMajor);
  ExpectRule("2009年，全省深入开展打黑除恶专项斗争。", "expression-renamed-campaign", "打黑除恶",
             "扫黑除恶", Severity::kInfo);
  ExpectRule("出席会议的有21个APEC成员国的领导人。", "expression-wrong-forms", "APEC成员国",
             "APEC成员经济体", Severity::kMajor);
  // Each renamed form by the year of its own change: 2010 is after Hong Kong's return, 2019
  // after 扫黑除恶, and a wrong form that never was right is not lowered by any year.
  ExpectRule("2010年，香港政府公布了施政报告。", "expression-renamed-hong-kong", "香港政府",
             "香港特区政府", Severity::kMajor);
  ExpectRule("1998年，澳门政府公布了施政方针。", "expression-renamed-macao", "澳门政府",
             "澳门特区政府", Severity::kInfo);
  ExpectRule("2019年，全县深入开展打黑除恶专项斗争。", "expression-renamed-campaign", "打黑除恶",
             "扫黑除恶", Severity::kMajor);
  ExpectRule("2010年，21个APEC成员国的领导人出席会议。", "expression-wrong-forms", "APEC成员国",
             "APEC成员经济体", Severity::kMajor);
  ExpectNone("香港特别行政区行政长官出席开幕式并致辞。");
  ExpectNone("香港特区政府公布了新一年的施政报告。");
  ExpectNone("全县持续推进扫黑除恶专项斗争常态化。");
}

// Taiwan among the countries of a list, 民国 years after 1949 and Taiwan's "laws" in 书名号.
TEST_F(FormulationsTest, TaiwanListedAsACountryOrItsEraAndLawsAsAStatesAreFound) {
  ExpectRule("出席论坛的有来自新加坡、台湾、马来西亚等国家的学者。",
             "expression-taiwan-country-list", "台湾、马来西亚等国家", "台湾、马来西亚等国家和地区",
             Severity::kCritical);
  ExpectNone("出席论坛的有来自新加坡、中国台湾、马来西亚等国家和地区的学者。");
  ExpectNone("台湾、新加坡等国际知名企业参展。");
  ExpectRule("这座庙宇重修于民国七十二年。", "expression-roc-year", "民国七十二年", "1983年",
             Severity::kMajor);
  ExpectRule("这座庙宇重修于民国一百一十年。", "expression-roc-year", "民国一百一十年", "2021年",
             Severity::kMajor);
  ExpectNone("这座庙宇重修于民国二十五年。");
  ExpectRule("按照台湾地区《消费者保护法》的规定办理退货。", "expression-taiwan-law",
             "台湾地区《消费者保护法》", "台湾地区所谓“消费者保护法”", Severity::kMajor);
  ExpectNone("按照台湾地区有关规定办理退货。");
}

// A regulation titled 中华人民共和国X条例 where X条例 is the State Council's own title or the
// rest of a CPC or PLA title: the issuer is wrong; a real 中华人民共和国…条例 is not.
TEST_F(FormulationsTest, ARegulationNamedWithTheWrongIssuerIsFound) {
  ExpectRule("依据《中华人民共和国信访条例》，信访人应当遵守信访秩序。", "expression-law-issuer",
             "中华人民共和国信访条例", "信访条例", Severity::kMajor);
  ExpectRule("认真学习《中华人民共和国问责条例》，压实管党治党责任。", "expression-law-issuer",
             "中华人民共和国问责条例", "中国共产党问责条例", Severity::kMajor);
  ExpectNone("依据《信访工作条例》，信访人应当遵守信访秩序。");
  ExpectNone("依据《中华人民共和国海关稽查条例》，海关可以进行稽查。");
  ExpectNone("认真学习《中国共产党问责条例》，压实管党治党责任。");
}

// A formulation of several parts (formulation-parts.txt) cited as that formulation, by its name
// beside it or quotation marks around it, with a part missing, its parts reordered, or the
// letters all parts share dropped from each; lists in the text's own words stay quiet.
TEST_F(FormulationsTest, AFormulationOfSeveralPartsCutShortOrReorderedIsFound) {
  // A part missing, the name after the list.
  ExpectRule("各级党组织要引导党员牢固树立政治意识、核心意识、看齐意识“四个意识”。",
             "expression-formulation-parts", "政治意识、核心意识、看齐意识",
             "政治意识、大局意识、核心意识、看齐意识", Severity::kMajor);
  ExpectRule("完整准确全面贯彻创新、协调、开放、共享的新发展理念。", "expression-formulation-parts",
             "创新、协调、开放、共享", "创新、协调、绿色、开放、共享", Severity::kMajor);
  // ...the name before it, with 即.
  ExpectRule("党员干部要做到“四个服从”，即个人服从组织、下级服从上级、全党服从中央。",
             "expression-formulation-parts", "个人服从组织、下级服从上级、全党服从中央",
             "个人服从组织、少数服从多数、下级服从上级、全党服从中央", Severity::kMajor);
  ExpectRule("扎实做好稳就业、稳金融、稳外贸、稳投资、稳预期的“六稳”工作。",
             "expression-formulation-parts", "稳就业、稳金融、稳外贸、稳投资、稳预期",
             "稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期", Severity::kMajor);
  // A campaign's name with half its slogan.
  ExpectRule("我局召开“牢记使命”主题教育总结会议。", "expression-formulation-parts", "牢记使命",
             "不忘初心、牢记使命", Severity::kMajor);
  // All parts, another order: wherever they stand.
  ExpectRule("坚定道路自信、理论自信、文化自信、制度自信。", "expression-formulation-parts",
             "道路自信、理论自信、文化自信、制度自信", "道路自信、理论自信、制度自信、文化自信",
             Severity::kMajor);
  ExpectRule("深入开展学党史、悟思想、开新局、办实事活动。", "expression-formulation-parts",
             "学党史、悟思想、开新局、办实事", "学党史、悟思想、办实事、开新局", Severity::kMajor);
  // The shared letters dropped from every part, in quotation marks.
  ExpectRule("推动主题教育实现“铸魂、增智、正风、促干”的目标。", "expression-formulation-parts",
             "铸魂、增智、正风、促干", "以学铸魂、以学增智、以学正风、以学促干", Severity::kMajor);
  ExpectRule("统揽斗争、工程、事业、梦想“四个伟大”。", "expression-formulation-parts",
             "斗争、工程、事业、梦想", "伟大斗争、伟大工程、伟大事业、伟大梦想", Severity::kMajor);
}

TEST_F(FormulationsTest, ListsOfSomePartsInTheTextsOwnWordsStayQuiet) {
  ExpectNone("各级党组织要引导党员牢固树立政治意识、大局意识、核心意识、看齐意识。");
  ExpectNone("坚持创新、协调发展，推动绿色转型。");
  ExpectNone("扎实做好稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期工作。");
  ExpectNone("做好稳就业、稳投资工作，扎实推进“六稳”。");
  ExpectNone("中国特色社会主义道路、理论、制度、文化不断发展。");
  ExpectNone("统筹推进经济、政治、文化、社会、生态文明建设。");
  ExpectNone("积极培育和践行富强、民主、文明、和谐的价值目标。");
  ExpectNone("坚决纠治形式主义、官僚主义等“四风”问题。");
  ExpectNone("扎实开展“不忘初心、牢记使命”主题教育。");
  ExpectNone("统揽伟大斗争、伟大工程、伟大事业、伟大梦想“四个伟大”。");
  ExpectNone("协调推进全面建成小康社会、全面深化改革、全面依法治国、全面从严治党战略布局。");
  // Earlier wording of a part (1987) and quoted words that are no citation.
  ExpectNone(
      "坚持四项基本原则，即坚持社会主义道路，坚持人民民主专政，坚持共产党的领导，"
      "坚持马克思列宁主义、毛泽东思想。");
  ExpectNone("我们反对美化资产阶级“自由”、“民主”的错误思潮。");
}

// A slogan whose parts share one character (腐 of 不敢腐, 稳 of 稳就业) written with that
// character once for all the parts is cut short wherever it stands; a shared word (建设) is not.
TEST_F(FormulationsTest, ASlogansSharedCharacterWrittenOnceForAllItsPartsIsFound) {
  ExpectRule("一体推进不敢、不能、不想腐，持续净化政治生态。", "expression-canonical",
             "不敢、不能、不想", "不敢腐、不能腐、不想腐", Severity::kCritical);
  ExpectRule("扎实做好稳就业、金融、外贸、外资、投资、预期工作。", "expression-formulation-parts",
             "稳就业、金融、外贸、外资、投资、预期",
             "稳就业、稳金融、稳外贸、稳外资、稳投资、稳预期", Severity::kMajor);
  ExpectNone("一体推进不敢腐、不能腐、不想腐，持续净化政治生态。");
  ExpectNone("既要不敢、不能，更要不想。");
  ExpectNone("稳就业、稳金融、稳外贸，扩大有效投资、稳定市场预期。");
  ExpectNone("统筹推进经济、政治、文化、社会、生态文明建设。");
}

// The State Council's regulations (regulations.txt) in 《》 one or two characters off; other
// regulations, and local ones cited without their province, stay quiet.
TEST_F(FormulationsTest, AStateCouncilRegulationsTitleOffByOneOrTwoIsFound) {
  ExpectRule("根据《保障农民工工资支附条例》，施工总承包单位应当开设专用账户。",
             "expression-law-title", "保障农民工工资支附条例", "保障农民工工资支付条例",
             Severity::kCritical);
  ExpectRule("依照《城市生活无着的流浪乞讨人员求治管理办法》做好救助工作。", "expression-law-title",
             "城市生活无着的流浪乞讨人员求治管理办法", "城市生活无着的流浪乞讨人员救助管理办法",
             Severity::kCritical);
  // Outside 《》 the canonical rule reads the same titles.
  ExpectRule("根据城市生活无着的流浪乞讨人员求治管理办法的规定，做好救助工作。",
             "expression-canonical", "城市生活无着的流浪乞讨人员求治管理办法",
             "城市生活无着的流浪乞讨人员救助管理办法", Severity::kCritical);
  ExpectNone("符合工伤保险条件的职工，依照工伤保险条例享受待遇。");
  ExpectNone("依照《重大行政决策程序暂行条例》和《政府督查工作条例》开展督查。");
  ExpectNone("认真贯彻《禁毒条例》和《信访工作条例》。");
}

// A full title or commemoration garbled inside quotation marks or 《》, or with a mark inside,
// is still found.
TEST_F(FormulationsTest, AGarbledFormQuotedOrSplitByAMarkIsFound) {
  ExpectRule("学习“中华人民共和国民法点”，做守法公民。", "expression-canonical",
             "中华人民共和国民法点", "中华人民共和国民法典", Severity::kCritical);
  // In 《》 the title rule's (its last letter confusable, closed by the 》), named as a title.
  ExpectRule("认真学习《中华人民共和国民法点》和相关司法解释。", "expression-law-title",
             "中华人民共和国民法点", "中华人民共和国民法典", Severity::kCritical);
  ExpectRule("职工因工作遭受事故伤害的，依照《工伤保险条列》享受工伤保险待遇。",
             "expression-law-title", "工伤保险条列", "工伤保险条例", Severity::kCritical);
  // Outside 《》 the form closed by punctuation, its last letter in no word with the one before.
  ExpectRule("坚持农业农村优先发展，推进乡村全面振心，建设宜居宜业和美乡村。",
             "expression-canonical", "推进乡村全面振心", "推进乡村全面振兴", Severity::kCritical);
  ExpectNone("传承中华优秀传统文化，建设中华民族现代文化。");
  ExpectRule("学习中华人民共和国“民法点”。", "expression-canonical", "中华人民共和国“民法点",
             "中华人民共和国民法典", Severity::kCritical);
  ExpectRule("开展“中国人民抗日战争胜利记念日”主题宣传。", "expression-canonical",
             "中国人民抗日战争胜利记念日", "中国人民抗日战争胜利纪念日", Severity::kCritical);
  ExpectNone("学习“中华人民共和国民法典”，开展《中华人民共和国民法典》宣传。");
  ExpectNone("9月3日是中国人民抗日战争胜利纪念日，8月15日是全国生态日。");
}

TEST(FormulationPartsTable, ALineWithoutItsSourceOrWithAOneLetterPartIsRefused) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "cuomin_formulation_parts_test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "t.yml") << "id: t\ntype: formulation_parts\ncategory: expression\n"
                                  "severity: major\nmessage: \"{problem}{text}\"\ntable: t.txt\n";
  auto load = [&](const std::string& table) {
    std::ofstream(dir / "t.txt") << table;
    RuleSetOptions opt;
    opt.rule_dirs = {dir.string()};
    return RuleSet::Load(opt);
  };
  auto rs = load("# 注释\n创新、协调\t-\t来源\n不敢腐、不能腐\t一体推进\n");
  ASSERT_FALSE(rs.ok());
  EXPECT_NE(rs.status().message().find("t.txt:3"), std::string::npos) << rs.status().message();
  rs = load("富强、民、文明\t-\t来源\n");
  ASSERT_FALSE(rs.ok());
  EXPECT_NE(rs.status().message().find("不足两个字"), std::string::npos) << rs.status().message();
  EXPECT_TRUE(load("创新、协调\t-\t来源\n").ok());
  fs::remove_all(dir);
}

}  // namespace
// Organs' names cut short after a place (北京市第二中级法院), the national bodies' short names
// with 国家 for 全国, and a central paper's name one confusable character off in 《》; special
// courts, collective wording and papers of their own stay quiet.
TEST_F(FormulationsTest, OrgansAndPapersNamesCutShortOrOneOffAreFound) {
  ExpectRule("北京市第二中级法院依法裁定予以减刑。", "expression-court-short-name", "第二中级法院",
             "第二中级人民法院", Severity::kMajor);
  ExpectRule("榆林市检察院第二分院开展同步监督。", "expression-procuratorate-short-name",
             "检察院第二分院", "人民检察院第二分院", Severity::kMajor);
  ExpectRule("最高检察院发布指导性案例。", "expression-procuratorate-short-name", "检察院",
             "人民检察院", Severity::kMajor);
  ExpectRule("国家政协委员到我市调研。", "expression-national-body-short", "国家政协", "全国政协",
             Severity::kCritical);
  ExpectRule("据《检查日报》报道，该案已依法提起公诉。", "expression-media-name", "《检查日报》",
             "《检察日报》", Severity::kMajor);
  ExpectNone("北京市第二中级人民法院依法裁定予以减刑。");
  ExpectNone("上海海事法院、北京知识产权法院和杭州互联网法院的法官出席。");
  ExpectNone("中国人民解放军军事检察院派员出席，各级检察院要加强法律监督。");
  ExpectNone("全省法院共受理案件十二万件，两级中级法院加强审判管理。");
  ExpectNone("这些国家人大多信奉传统宗教。");
  ExpectNone("《新华日报》和《人民画报》刊发了照片。");
}

// A body's name before its reform (former-names.txt) is history in a sentence that dates itself
// before the change, after 原 or 时任, or for a local office that kept it longer; a sentence of
// later years or an undated one still gets today's name.
TEST_F(FormulationsTest, AFormerBodysNameInItsTimeIsQuiet) {
  ExpectNone("1990年，国家税务局发布通知。");
  ExpectNone("一九九〇年，国家税务局发布通知。");
  ExpectNone("原国家税务局局长出席会议。");
  ExpectNone("2015年，北京市国家税务局发布纳税信用评价结果。");
  ExpectOne("2020年，国家税务局发布公告。", "国家税务局", "国家税务总局");
  ExpectOne("2020年，北京市国家税务局发布公告。", "国家税务局", "国家税务总局");
  ExpectOne("国家税务局发布公告。", "国家税务局", "国家税务总局");
  // A year after the change beside one before it: not dated before the change.
  ExpectOne("1990年成立的国家税务局，2020年发布公告。", "国家税务局", "国家税务总局");
}

}  // namespace cuomin::scanner
