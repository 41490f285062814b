// Structural rule types (pairing, repetition, sequence, script) and the pattern validators,
// built from YAML through their factories and run on realistic government text.
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "common/utf8.h"
#include "scanner/match/text_fold.h"
#include "scanner/match/traditional.h"
#include "scanner/rules/types.h"
#include "scanner/rules/validators.h"

namespace cuomin::scanner::rules {
namespace {

using Factory = Result<std::unique_ptr<Rule>> (*)(const YAML::Node&, RuleInfo, const LoadContext&);

std::unique_ptr<Rule> Make(Factory factory, const std::string& yaml) {
  RuleInfo info;
  info.id = "test-rule";
  LoadContext ctx{"test.yml"};
  auto r = factory(YAML::Load(yaml), info, ctx);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? std::move(*r) : nullptr;
}

std::string LoadError(Factory factory, const std::string& yaml) {
  RuleInfo info;
  LoadContext ctx{"bad.yml"};
  auto r = factory(YAML::Load(yaml), info, ctx);
  return r.ok() ? "" : r.status().message();
}

Document Doc(std::vector<std::pair<std::string, BlockKind>> blocks) {
  Document d;
  d.source = "test.txt";
  for (auto& [text, kind] : blocks) {
    Block b;
    b.text = text;
    b.kind = kind;
    d.original += text + "\n";
    d.blocks.push_back(std::move(b));
  }
  return d;
}

Document Paragraphs(std::vector<std::string> texts) {
  std::vector<std::pair<std::string, BlockKind>> blocks;
  for (auto& t : texts) blocks.emplace_back(std::move(t), BlockKind::kParagraph);
  return Doc(std::move(blocks));
}

// What a reviewer would see of a hit: the text it covers, its suggestion and message.
struct Seen {
  size_t block;
  std::string text;
  std::string suggestion;
  std::string message;
};

std::vector<Seen> Check(const Rule& rule, const Document& doc) {
  std::vector<Hit> hits;
  for (size_t i = 0; i < doc.blocks.size(); ++i)
    rule.CheckBlock(BlockView{doc, i, doc.blocks[i]}, hits);
  rule.CheckDocument(doc, hits);
  std::vector<Seen> out;
  for (const Hit& h : hits) {
    EXPECT_LE(h.begin, h.end);
    EXPECT_LE(h.end, doc.blocks[h.block].text.size());
    out.push_back(Seen{h.block, doc.blocks[h.block].text.substr(h.begin, h.end - h.begin),
                       h.suggestion, h.message});
  }
  return out;
}

std::vector<Seen> RunText(const Rule& rule, const std::string& text) {
  return Check(rule, Paragraphs({text}));
}

// ---------------------------------------------------------------------------------------------
// pairing

constexpr char kPairing[] = "pairs: ['（）', '《》', '〈〉', '“”', '‘’', '【】', '〔〕']";

TEST(PairingRule, BalancedGovernmentSentencesPass) {
  auto rule = Make(MakePairingRule, kPairing);
  for (const char* text : {
           "根据《国务院办公厅关于印发〈政府信息公开工作考核办法〉的通知》（国办发〔2019〕20号）要"
           "求，现将有关事项通知如下。",
           "坚持“以人民为中心”的发展思想，落实“‘放管服’改革”要求。",
           "【政策解读】关于《中华人民共和国政府信息公开条例》的说明",
           "1）加强组织领导；2）压实工作责任；3）强化督查考核。",
           "本项目由China’s Ministry 与市政府联合举办。",
           "办好“中国’99昆明世界园艺博览会”。",
       }) {
    EXPECT_TRUE(RunText(*rule, text).empty()) << text;
  }
}

TEST(PairingRule, UnmatchedOpenerNamesTheMissingMark) {
  auto rule = Make(MakePairingRule, kPairing);
  auto seen = RunText(*rule, "各区县（自治县人民政府，市政府各部门：");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].text, "（");
  EXPECT_EQ(seen[0].message, "“（”缺少对应的“）”");
}

TEST(PairingRule, UnmatchedCloser) {
  auto rule = Make(MakePairingRule, kPairing);
  auto seen = RunText(*rule, "依据中华人民共和国安全生产法》第二十条规定执行。");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].text, "》");
  EXPECT_EQ(seen[0].message, "“》”缺少对应的“《”");
}

TEST(PairingRule, CrossedMarks) {
  auto rule = Make(MakePairingRule, kPairing);
  auto seen = RunText(*rule, "学习《关于加强基层治理（试行》）的文件精神。");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].text, "（试行》");
  EXPECT_EQ(seen[0].message, "“《”与“（”交叉：“（”应在“》”之前闭合");
}

TEST(PairingRule, MultiParagraphQuotationOpensEachParagraph) {
  auto rule = Make(MakePairingRule, kPairing);
  Document doc = Paragraphs({
      "习近平总书记强调：“要坚持以人民为中心的发展思想。",
      "“要把人民群众的小事当作自己的大事，从人民群众关心的事情做起。",
      "“让人民群众有更多获得感。”",
  });
  EXPECT_TRUE(Check(*rule, doc).empty());
}

TEST(PairingRule, OpenQuoteNotContinuedIsReported) {
  auto rule = Make(MakePairingRule, kPairing);
  Document doc = Paragraphs({
      "会议指出，要深入推进“放管服改革，持续优化营商环境。",
      "全面落实各项惠企政策。",
  });
  auto seen = Check(*rule, doc);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].block, 0u);
  EXPECT_EQ(seen[0].text, "“");
  EXPECT_EQ(seen[0].message, "‘“’缺少对应的‘”’");
}

// Hard-wrapped lines (a .txt copied from a PDF, a link on a line of its own): a sentence that
// runs on may close its mark a few lines later.
TEST(PairingRule, MarkClosedWhereTheSentenceRunsOnIsBalanced) {
  auto rule = Make(MakePairingRule, kPairing);
  Document doc = Paragraphs({
      "中国共产党的中央组织（包括党的全国代表大会、中央委员会及其各直属机构",
      "）制定的公文，可视为《",
      "中华人民共和国著作权法",
      "》第五条规定之“具有立法、司法、行政性质的文件”。",
  });
  EXPECT_TRUE(Check(*rule, doc).empty());
}

TEST(PairingRule, MarkLeftOpenAtTheEndOfASentenceIsStillReported) {
  auto rule = Make(MakePairingRule, kPairing);
  // The 《 of the second paragraph is closed in the fourth; the 》 of the last paragraph has
  // no opener, whatever was open before (a real error in a 2006 government work report).
  Document doc = Paragraphs({
      "各地区要认真执行（试行办法。",
      "二是关于节能和环保问题。《",
      "纲要（草案）",
      "》提出了单位国内生产总值能源消耗降低20%左右的目标。",
      "（四）战略重点和主要任务",
      "纲要（草案）》对经济建设、社会发展、改革开放等方面都作了全面部署。",
  });
  auto seen = Check(*rule, doc);
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].block, 0u);
  EXPECT_EQ(seen[0].text, "（");
  EXPECT_EQ(seen[1].block, 5u);
  EXPECT_EQ(seen[1].text, "》");
}

// One wrong mark is one mistake: an opener closed by another pair's closer, or a quotation
// mark typed the wrong way round, is one finding over both marks (real errors of the 1982,
// 1986 and 2006 government work reports).
TEST(PairingRule, AWrongPairIsOneFinding) {
  auto rule = Make(MakePairingRule, kPairing);
  auto seen = RunText(*rule, "而“六五’时期的年平均增长速度为百分之十。");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].text, "“六五’");
  EXPECT_EQ(seen[0].message, "‘“’与“’”不成对");
  seen = RunText(*rule, "“纲要（草案）》把解决“三农”问题放在首位。");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].text, "“纲要（草案）》");
  seen = RunText(*rule, "正在汇合成一个”五讲四美三热爱”的统一的活动。");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].text, "”五讲四美三热爱”");
  EXPECT_EQ(seen[0].message, "两个‘”’：前一个应为‘“’");
  // Two lone closing parentheses are two mistakes, and marks far apart are reported apart.
  EXPECT_EQ(RunText(*rule, "各区县）自治县人民政府）").size(), 2u);
  EXPECT_EQ(RunText(*rule, "“" + std::string(60 * 3, 'x') + "》").size(), 2u);
}

TEST(PairingRule, ConfigurablePairsAndErrors) {
  auto rule = Make(MakePairingRule, "pairs: ['「」']");
  EXPECT_EQ(RunText(*rule, "他说「我们（要」").size(), 0u);  // （ is not configured
  EXPECT_EQ(RunText(*rule, "他说「我们要").size(), 1u);
  EXPECT_NE(LoadError(MakePairingRule, "pairs: ['（']").find("bad.yml:1:"), std::string::npos);
  EXPECT_NE(LoadError(MakePairingRule, "pairs: ['（）', '（]']").find("相同"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// repetition

constexpr char kRepetition[] = R"(
max_unit: 12
never_doubled: 的了是在和与及或被于之也而但已很
allow: [目的的, 的的确, 不了了之, 了了解, 是是否, 现在在, 以及及时]
allow_unit: '一[个步天年次点件项条家户批遍]'
)";

TEST(RepetitionRule, DoubledParticleIsReportedWithSuggestion) {
  auto rule = Make(MakeRepetitionRule, kRepetition);
  auto seen = RunText(*rule, "全面提升政府的的服务水平。");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].text, "的的");
  EXPECT_EQ(seen[0].suggestion, "的");
}

TEST(RepetitionRule, DoubledPhrases) {
  auto rule = Make(MakeRepetitionRule, kRepetition);
  auto seen = RunText(*rule, "各地要加强监督管理加强监督管理，我们我们要做好服务。");
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].text, "加强监督管理加强监督管理");
  EXPECT_EQ(seen[0].suggestion, "加强监督管理");
  EXPECT_EQ(seen[1].text, "我们我们");
  EXPECT_EQ(seen[1].suggestion, "我们");
}

TEST(RepetitionRule, TripledUnitIsOneHit) {
  auto rule = Make(MakeRepetitionRule, kRepetition);
  auto seen = RunText(*rule, "进一步落实落实落实责任。");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].text, "落实落实落实");
  EXPECT_EQ(seen[0].suggestion, "落实");
}

TEST(RepetitionRule, RealReduplicationPasses) {
  auto rule = Make(MakeRepetitionRule, kRepetition);
  auto rule2 = Make(MakeRepetitionRule, R"(
never_doubled: 的了是在和
allow: [研究研究, 讨论讨论, 目的的, 的的确, 不了了之, 了了解, 是是否, 现在在]
allow_unit: '一[个步天年次点件项条家户批遍]'
)");
  for (const char* text : {
           "常常深入基层，渐渐形成了长效机制，纷纷表示支持。",
           "请各部门研究研究，再讨论讨论具体方案。", "要实实在在为群众办实事，分清是是非非。",
           "一个一个问题解决，一步一步推进落实。",
           "为了了解情况，他们现在在基层调研，达到目的的手段要合法。",
           "这些问题不了了之的现象必须杜绝，关键就是是否落实到位。", "这项工作的的确确取得了实效。",
           "天天学习，人人参与，家家户户受益。",
           "2020年、2021年，12号2号楼，11月11日，1010室，A1A1型，二0二0年",  // numbers
       }) {
    EXPECT_TRUE(RunText(*rule2, text).empty()) << text;
  }
  EXPECT_TRUE(RunText(*rule, "谢谢大家，看看试试。").empty());
  // Without the allow entry, a doubled two-character unit is reported.
  EXPECT_EQ(RunText(*rule, "请各部门研究研究。").size(), 1u);
}

// Units with digits or Latin letters: the Han-keyed pass cannot see them (issue 14).
TEST(RepetitionRule, DoubledUnitsWithDigitsOrLatinLetters) {
  auto rule = Make(MakeRepetitionRule, kRepetition);
  struct Row {
    const char* text;
    const char* doubled;
    const char* unit;
  } rows[] = {
      {"全县第3季度第3季度完成投资12亿元。", "第3季度第3季度", "第3季度"},
      {"现将2023年2023年度部门预算公开如下。", "2023年2023年", "2023年"},
      {"加快推进5G基站5G基站5G基站建设。", "5G基站5G基站5G基站", "5G基站"},
      {"A股A股市场", "A股A股", "A股"},
  };
  for (const Row& r : rows) {
    auto seen = RunText(*rule, r.text);
    ASSERT_EQ(seen.size(), 1u) << r.text;
    EXPECT_EQ(seen[0].text, r.doubled) << r.text;
    EXPECT_EQ(seen[0].suggestion, r.unit) << r.text;
  }
  // Both passes in one block, each finding once (the engine sorts findings by position).
  auto seen = RunText(*rule, "我们我们要在第3季度第3季度完成。");
  ASSERT_EQ(seen.size(), 2u);
  std::set<std::string> texts = {seen[0].text, seen[1].text};
  EXPECT_EQ(texts, (std::set<std::string>{"我们我们", "第3季度第3季度"}));
}

TEST(RepetitionRule, BadConfiguration) {
  EXPECT_NE(LoadError(MakeRepetitionRule, "max_unit: 0").find("max_unit"), std::string::npos);
  EXPECT_NE(LoadError(MakeRepetitionRule, "never_doubled: [的a]").find("只能有汉字"),
            std::string::npos);
  EXPECT_NE(LoadError(MakeRepetitionRule, "allow_unit: '一['").find("正则"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// sequence

constexpr char kSequence[] = R"(
reset: '^附件'
levels:
  - {name: 章, pattern: '^第([零〇一二三四五六七八九十百]+)章', numeral: chinese}
  - {name: 条, pattern: '^第([零〇一二三四五六七八九十百]+)条', numeral: chinese, continuous: true}
  - {name: 一、, pattern: '^([一二三四五六七八九十]+)、', numeral: chinese}
  - {name: （一）, pattern: '^[（(]([一二三四五六七八九十]+)[）)]', numeral: chinese}
  - {name: 1., pattern: '^([0-9０-９]{1,3})[.．、]', numeral: arabic}
  - {name: （1）, pattern: '^[（(]([0-9０-９]{1,3})[）)]', numeral: arabic}
)";

TEST(SequenceRule, WellFormedNoticePasses) {
  auto rule = Make(MakeSequenceRule, kSequence);
  Document doc = Doc({
      {"关于做好2024年安全生产工作的通知", BlockKind::kTitle},
      {"各乡镇人民政府，县政府各部门：", BlockKind::kParagraph},
      {"一、总体要求", BlockKind::kHeading},
      {"（一）指导思想。以习近平新时代中国特色社会主义思想为指导。", BlockKind::kParagraph},
      {"（二）工作目标。到2024年底，事故总量持续下降。", BlockKind::kParagraph},
      {"1.生产安全事故起数下降10%。", BlockKind::kParagraph},
      {"2.较大事故得到有效遏制。", BlockKind::kParagraph},
      {"（1）建立台账；", BlockKind::kParagraph},
      {"（2）落实整改。", BlockKind::kParagraph},
      {"1.5亿元专项资金用于隐患整治。", BlockKind::kParagraph},  // a number, not a heading
      {"二、重点任务", BlockKind::kHeading},
      {"（一）强化源头治理。", BlockKind::kParagraph},  // restarted under 二、
      {"1", BlockKind::kTableCell},
      {"5", BlockKind::kTableCell},
      {"（二）严格执法检查。", BlockKind::kParagraph},
      {"三、保障措施", BlockKind::kHeading},
      {"附件：1.安全生产责任清单", BlockKind::kParagraph},
      {"一、县级部门职责", BlockKind::kParagraph},
  });
  auto seen = Check(*rule, doc);
  for (const Seen& s : seen) ADD_FAILURE() << s.text << " " << s.message;
}

TEST(SequenceRule, SkippedRepeatedAndOutOfOrder) {
  auto rule = Make(MakeSequenceRule, kSequence);
  Document doc = Paragraphs({
      "一、总体要求", "（一）指导思想。", "（二）基本原则。",
      "（四）工作目标。",  // skipped （三）
      "二、重点任务", "（一）强化源头治理。",
      "（一）严格执法检查。",  // repeated
      "四、保障措施",          // skipped 三、
      "三、其他事项",          // out of order
  });
  auto seen = Check(*rule, doc);
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[0].text, "（四）");
  EXPECT_EQ(seen[0].message, "序号跳号：应为（三）");
  EXPECT_EQ(seen[0].suggestion, "（三）");
  EXPECT_EQ(seen[1].text, "（一）");
  EXPECT_EQ(seen[1].block, 6u);
  EXPECT_EQ(seen[1].message, "序号重复：（一）");
  EXPECT_EQ(seen[2].text, "四、");
  EXPECT_EQ(seen[2].message, "序号跳号：应为三、");
  EXPECT_EQ(seen[3].text, "三、");
  EXPECT_EQ(seen[3].message, "序号顺序错误：应为五、");
}

TEST(SequenceRule, ArticlesCountOnAcrossChaptersAndBigNumerals) {
  auto rule = Make(MakeSequenceRule, kSequence);
  std::vector<std::string> texts = {"第一章　总则"};
  for (int i = 1; i <= 9; ++i) {
    static const char* const kNum[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    texts.push_back(std::string("第") + kNum[i] + "条　为了规范政府信息公开工作，制定本办法。");
  }
  texts.push_back("第二章　主动公开");
  texts.push_back("第十条　行政机关应当主动公开本机关的机构职能。");
  texts.push_back("第十一条　行政机关应当建立健全政府信息发布机制。");
  texts.push_back("第十三条　除本条例第十四条规定外，政府信息应当公开。");  // skipped 十二
  auto seen = Check(*rule, Paragraphs(texts));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].text, "第十三条");
  EXPECT_EQ(seen[0].message, "序号跳号：应为第十二条");

  std::vector<std::string> many;
  for (int i = 1; i <= 21; ++i) {
    static const char* const kNum[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    std::string n = i < 10   ? kNum[i]
                    : i < 20 ? std::string("十") + kNum[i % 10]
                             : std::string(kNum[i / 10]) + "十" + kNum[i % 10];
    if (i == 20) continue;  // skip 二十
    many.push_back(n + "、事项");
  }
  seen = Check(*rule, Paragraphs(many));
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].text, "二十一、");
  EXPECT_EQ(seen[0].message, "序号跳号：应为二十、");
}

TEST(SequenceRule, OnlyTheStartOfABlockCounts) {
  auto rule = Make(MakeSequenceRule, kSequence);
  Document doc = Paragraphs({
      "一、总体要求",
      "根据通知第三条和（五）项的规定，二、三季度完成。",
      "二、重点任务",
  });
  EXPECT_TRUE(Check(*rule, doc).empty());
}

TEST(SequenceRule, BadConfiguration) {
  EXPECT_NE(LoadError(MakeSequenceRule, "levels: []").find("levels"), std::string::npos);
  EXPECT_NE(
      LoadError(MakeSequenceRule, "levels:\n  - {name: x, pattern: '^[一二]、', numeral: chinese}")
          .find("第 1 组"),
      std::string::npos);
  EXPECT_NE(
      LoadError(MakeSequenceRule, "levels:\n  - {name: x, pattern: '^([一二])、', numeral: roman}")
          .find("bad.yml:2:"),
      std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// script

constexpr char kScript[] = "allow: [著, 乾, 俱, 瞭, 藉, 姊, 跤, 苎, 吒, 阪, 夥, 徵]";

TEST(ScriptRule, TraditionalRunInSimplifiedText) {
  auto rule = Make(MakeScriptRule, kScript);
  Document doc = Paragraphs({
      "为进一步做好政府信息公开工作，根据國務院辦公廳有关要求，现将有关事项通知如下。",
      "各单位要高度重视，认真组织实施，确保取得实效。",
      "一、加强组织领导，明确工作职责，落实工作任务，强化督促检查。",
  });
  auto seen = Check(*rule, doc);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].text, "國務院辦公廳");
  EXPECT_EQ(seen[0].suggestion, "国务院办公厅");
  // A one-line notice with a single stray character.
  seen = RunText(*rule, "关於进一步做好政务公开工作的通知");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].text, "於");
  EXPECT_EQ(seen[0].suggestion, "于");
}

TEST(ScriptRule, CharactersValidInSimplifiedPass) {
  auto rule = Make(MakeScriptRule, kScript);
  Document doc = Paragraphs({
      "成效显著，著作权保护持续加强，乾隆年间修建的古建筑得到保护。",
      "与时俱进，加强瞭望塔建设，慰藉烈属，后来干部里外协同。",
  });
  EXPECT_TRUE(Check(*rule, doc).empty());
  auto strict = Make(MakeScriptRule, "allow: []");
  auto seen = RunText(*strict, "成效显著，著作权保护持续加强。");  // ICU itself maps 著 → 着
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0].text, "著");
  EXPECT_EQ(seen[1].text, "著");
}

TEST(ScriptRule, TraditionalDocumentOrQuotationIsLeftAlone) {
  auto rule = Make(MakeScriptRule, kScript);
  Document traditional = Paragraphs({
      "香港特別行政區政府今日公布施政報告，提出多項惠民措施。",
      "行政長官表示，政府會繼續與各界緊密合作。",
  });
  EXPECT_TRUE(Check(*rule, traditional).empty());

  Document quotation = Paragraphs({
      "会议传达学习了有关文件精神，现将台湾地区有关报道摘录如下，供参考研究。",
      "“兩岸關係發展應當維護和平穩定，促進經濟交流與合作。”",
      "各单位要结合实际，认真抓好落实，确保各项工作任务按时完成，取得实实在在的成效。",
      "为进一步加强管理，现将有关事项通知如下，请各单位认真贯彻执行，确保取得实效。",
      "各县区、各部门要高度重视，加强组织领导，明确责任分工，按时报送工作进展情况。",
  });
  EXPECT_TRUE(Check(*rule, quotation).empty());
}

// The sensitive-word fold, the script rule and the context-typo detector read one table. They
// used to build two: the fold transliterated U+3400..U+9FFF as one string and kept only
// one-code-point forms, the rule asked ICU per character over its whole source set.
TEST(ScriptRule, FoldAndScriptRuleShareOneTraditionalTable) {
  const TraditionalTable& table = Traditional();
  ASSERT_EQ(table.error(), "");
  ASSERT_GT(table.all().size(), 2000u) << "ICU's Traditional-Simplified data is missing";
  // Characters a reviewer knows, in both users.
  EXPECT_EQ(FoldWord("國務院辦公廳關於"), "国务院办公厅关于");
  auto strict = Make(MakeScriptRule, "allow: []");
  auto seen = RunText(*strict, "根据国务院办公厅關於进一步加强政务公开工作的通知要求。");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].text, "關於");
  EXPECT_EQ(seen[0].suggestion, "关于");
  // 著 is correct simplified (显著), so the shipped rule allows it; the fold still matches a
  // word written with it, as ICU maps it: the allow list is the rule's, not the table's.
  EXPECT_EQ(FoldWord("著"), "着");
  EXPECT_EQ(ToSimplified(U'著'), U'着');
  EXPECT_EQ(ToSimplified(U'国'), U'国');
  EXPECT_TRUE(table.IsSimplifiedOnly(U'国'));
  EXPECT_FALSE(table.IsSimplifiedOnly(U'國'));

  // Every traditional character: the rule reports it alone in a simplified sentence with the
  // form the fold gives it, so a word list and the rule never disagree on a character.
  size_t checked = 0;
  for (const auto& [c, simplified] : table.all()) {
    std::string ch;
    utf8::Append(ch, c);
    auto hits = RunText(*strict, "关于进一步做好" + ch + "政务公开工作的通知");
    ASSERT_EQ(hits.size(), 1u) << ch;
    EXPECT_EQ(hits[0].text, ch);
    EXPECT_EQ(hits[0].suggestion, simplified) << ch;
    size_t i = 0;
    const char32_t first = utf8::Next(simplified, i);
    if (i == simplified.size() && first < 0x10000 && c < 0x10000) {
      EXPECT_EQ(FoldWord(ch), simplified) << ch;
      EXPECT_EQ(ToSimplified(c), first) << ch;
      ++checked;
    }
  }
  EXPECT_GT(checked, 2000u);
}

TEST(ScriptRule, BadConfiguration) {
  EXPECT_NE(LoadError(MakeScriptRule, "allow: [abc]").find("只能有汉字"), std::string::npos);
  EXPECT_NE(LoadError(MakeScriptRule, "allow: 著").find("allow"), std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// validators

TEST(Validators, ResidentId) {
  // Check characters computed by hand with the GB 11643 weights (fictitious people).
  EXPECT_TRUE(IsValidResidentId("110105194910011237"));
  EXPECT_TRUE(IsValidResidentId("32010619900707108X"));
  EXPECT_TRUE(IsValidResidentId("32010619900707108x"));
  EXPECT_TRUE(IsValidResidentId("440304200002290022"));   // 2000-02-29 exists
  EXPECT_FALSE(IsValidResidentId("110105194910011236"));  // wrong check char
  EXPECT_FALSE(IsValidResidentId("990105194910011237"));  // no province 99
  EXPECT_FALSE(IsValidResidentId("110105194902301234"));  // 1949-02-30
  EXPECT_FALSE(IsValidResidentId("11010519491001123"));   // 17 digits
  EXPECT_TRUE(IsValidResidentId("110105491001123"));      // 15-digit legacy
  EXPECT_FALSE(IsValidResidentId("110105491301123"));     // month 13
  Validator v = FindValidator("id_card");
  ASSERT_NE(v, nullptr);
  EXPECT_TRUE(v("110105 19491001 1237"));
  EXPECT_FALSE(v("3303**********1234"));
}

TEST(Validators, Luhn) {
  EXPECT_TRUE(PassesLuhn("4111111111111111"));
  EXPECT_FALSE(PassesLuhn("4111111111111112"));
  EXPECT_FALSE(PassesLuhn("41111a1111111111"));
  Validator v = FindValidator("luhn");
  ASSERT_NE(v, nullptr);
  EXPECT_TRUE(v("4111 1111 1111 1111"));
  EXPECT_FALSE(v("79927398713"));  // passes Luhn but too short for a bank card
  EXPECT_TRUE(PassesLuhn("79927398713"));
}

TEST(Validators, ImpossibleDate) {
  EXPECT_TRUE(IsImpossibleDate("2023年2月29日"));
  EXPECT_FALSE(IsImpossibleDate("2024年2月29日"));
  EXPECT_FALSE(IsImpossibleDate("2000年2月29日"));
  EXPECT_TRUE(IsImpossibleDate("1900年2月29日"));
  EXPECT_TRUE(IsImpossibleDate("2023年13月"));
  EXPECT_FALSE(IsImpossibleDate("2023年12月"));
  EXPECT_TRUE(IsImpossibleDate("2月30日"));
  EXPECT_FALSE(IsImpossibleDate("2月29日"));
  EXPECT_TRUE(IsImpossibleDate("4月31号"));
  EXPECT_TRUE(IsImpossibleDate("2023-02-30"));
  EXPECT_TRUE(IsImpossibleDate("2023.2.30"));
  EXPECT_FALSE(IsImpossibleDate("2023.12.31"));
  EXPECT_TRUE(IsImpossibleDate("2023/6/31"));
  EXPECT_TRUE(IsImpossibleDate("二〇二三年二月三十日"));
  EXPECT_FALSE(IsImpossibleDate("二〇二三年十二月三十一日"));
  EXPECT_TRUE(IsImpossibleDate("2023年0月1日"));
  EXPECT_FALSE(IsImpossibleDate("60日"));  // a duration
  EXPECT_EQ(FindValidator("impossible_date"), &IsImpossibleDate);
}

TEST(Validators, NotRoundNumber) {
  EXPECT_TRUE(IsNotRoundNumberWithApprox("1287余人"));
  EXPECT_FALSE(IsNotRoundNumberWithApprox("1200余人"));
  EXPECT_TRUE(IsNotRoundNumberWithApprox("12余人"));
  EXPECT_FALSE(IsNotRoundNumberWithApprox("20多家"));
  EXPECT_FALSE(IsNotRoundNumberWithApprox("5多万"));
  EXPECT_TRUE(IsNotRoundNumberWithApprox("3.5余万"));
  EXPECT_FALSE(IsNotRoundNumberWithApprox("3.0余万"));
  EXPECT_TRUE(IsNotRoundNumberWithApprox("1,287余人"));
  EXPECT_FALSE(IsNotRoundNumberWithApprox("1,200余人"));
  EXPECT_FALSE(IsNotRoundNumberWithApprox("十余人"));
  EXPECT_FALSE(IsNotRoundNumberWithApprox("3万余人"));
}

TEST(Validators, GanzhiCorrection) {
  EXPECT_EQ(GanzhiCorrection("已亥"), "己亥");
  EXPECT_EQ(GanzhiCorrection("巳亥"), "己亥");
  EXPECT_EQ(GanzhiCorrection("癸已"), "癸巳");
  EXPECT_EQ(GanzhiCorrection("甲戍"), "甲戌");
  EXPECT_EQ(GanzhiCorrection("戌戌"), "戊戌");
  EXPECT_EQ(GanzhiCorrection("已已"), "己巳");  // both letters, the only mend
  EXPECT_EQ(GanzhiCorrection("己亥"), "");      // real pairs
  EXPECT_EQ(GanzhiCorrection("戊戌"), "");
  EXPECT_EQ(GanzhiCorrection("甲丑"), "");  // wrong, but no similar shape mends it
  EXPECT_EQ(GanzhiCorrection("已"), "");
  EXPECT_EQ(YearZeroCorrection("二零零八"), "二〇〇八");
  EXPECT_EQ(YearZeroCorrection("二〇〇八"), "");
  EXPECT_NE(FindSuggester("ganzhi"), nullptr);
  EXPECT_EQ(FindSuggester("nothing"), nullptr);
}

TEST(Validators, Mobile) {
  EXPECT_TRUE(IsMobileNumber("13912345678"));
  EXPECT_TRUE(IsMobileNumber("+86 139-1234-5678"));
  EXPECT_TRUE(IsMobileNumber("008613912345678"));
  EXPECT_FALSE(IsMobileNumber("12912345678"));
  EXPECT_FALSE(IsMobileNumber("010-12345678"));
  EXPECT_FALSE(IsMobileNumber("1391234567"));
  EXPECT_EQ(FindValidator("nope"), nullptr);
}

}  // namespace
}  // namespace cuomin::scanner::rules
