// The context-typo check (dictionaries/context-typo) on real official sentences, both ways.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "scanner/reader.h"
#include "scanner/rule_set.h"
#include "scanner/rules/context_typo/candidates.h"
#include "scanner/rules/context_typo/word_frequency.h"
#include "shipped_rules_fixture.h"
#include "test_paths.h"

namespace cuomin::scanner {
namespace {

const std::string kDictionaries = cuomin::test_paths::Dictionaries();

bool ModelInstalled() {
  for (const char* p :
       {"/usr/lib/x86_64-linux-gnu/libime/zh_CN.lm", "/usr/lib/aarch64-linux-gnu/libime/zh_CN.lm",
        "/usr/lib/libime/zh_CN.lm", "/usr/share/libime/zh_CN.lm"}) {
    if (std::filesystem::exists(p)) return true;
  }
  return false;
}

class ContextTypoTest : public ShippedRulesTest {
 protected:
  static void SetUpTestSuite() {
    // The check plus the allow rules (leaders' names, places) it must respect.
    if (ModelInstalled()) LoadShipped({"context-typo", "sensitive"});
  }
  void SetUp() override {
    if (!ModelInstalled()) GTEST_SKIP() << "libime-data-language-model is not installed";
    ShippedRulesTest::SetUp();
  }
  static std::vector<Finding> Check(const std::string& text) {
    return FindingsOf(text, [](const std::string& rule) { return rule == "context-typo"; });
  }
  // One slip and what the user is told about it: the one finding on `text` marks `wrong`,
  // suggests `right`, and (where given) has `severity` and names `word` in its message.
  struct Slip {
    const char* text;
    const char* wrong;
    const char* right;
    std::optional<Severity> severity = std::nullopt;
    const char* word = nullptr;
  };
  static void ExpectOneFinding(const Slip& s) {
    SCOPED_TRACE(s.text);
    auto f = Check(s.text);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].text, s.wrong);
    EXPECT_EQ(f[0].suggestion, s.right);
    if (s.severity) {
      EXPECT_EQ(f[0].severity, *s.severity);
    }
    if (s.word) {
      EXPECT_NE(f[0].message.find(s.word), std::string::npos) << f[0].message;
    }
  }
  static void ExpectOneFindingEach(std::initializer_list<Slip> slips) {
    for (const Slip& s : slips) ExpectOneFinding(s);
  }
  // Correct text: no finding at all.
  static void ExpectQuiet(std::initializer_list<const char*> texts) {
    for (const char* t : texts) EXPECT_TRUE(Check(t).empty()) << t;
  }
};

TEST_F(ContextTypoTest, FindsInputMethodSlipsWithTheirCorrection) {
  ExpectOneFindingEach({
      {"内蒙古自治区乌兰察布市大力培育发展大数局产业。", "局", "据", std::nullopt, "大数据"},
      {"国家自然科学奖、国家技术发明奖分为一等奖、二登奖2个等级。", "登", "等"},
      {"各级政府要健全依法刑政制度。", "刑", "行"},
      {"加快发展工业互连网，推动制造业数字化转型。", "连", "联"},
  });
}

// Slips of the eye that no same-pinyin list holds, found through the similar-shape table built
// from component data (dictionaries/shape): 木/术, 太/大, 肋/助, 厂/广 (sentences of odw.train).
TEST_F(ContextTypoTest, FindsSimilarShapeSlipsFromTheComponentTable) {
  ExpectOneFindingEach({
      {"提供技木、法律等方面支持。", "木", "术"},
      {"在重太决策执行过程中，要跟踪决策的实施情况。", "太", "大"},
      {"辅助性职位，是指在机关工作中处于辅肋地位的职位。", "肋", "助"},
      {"新闻出版厂电局、体育局参与。", "厂", "广"},
      // 拔 looks like 托 to the confusion list and like 拨 to the component table: the closer
      // shape wins over the commoner word (托付).
      {"财政部门要及时拔付专项资金。", "拔", "拨"},
  });
  ExpectQuiet({"提供技术、法律等方面支持。", "在重大决策执行过程中，要跟踪决策的实施情况。",
               "新闻出版广电局、体育局参与。", "太原市、大同市和广州市的工厂。"});
}

// Same-sound pairs that pycorrector's table lacks come from the Unicode Han database
// (same-sound.txt): 液/业 and 婵/蝉 of one reading and tone, and a character outside the 3,500
// common ones written in the text (霄 for 宵). Correct text with those characters stays quiet.
TEST_F(ContextTypoTest, FindsSameSoundSlipsFromTheUnihanReadings) {
  ExpectOneFindingEach({
      {"疫情期间，该市晚上十点起实行霄禁。", "霄", "宵", Severity::kMajor},
      {"弘扬爱岗敬液、诚实守信的职业精神。", "液", "业", Severity::kMajor},
      {"影视剧中的貂婵形象深入人心。", "婵", "蝉", Severity::kMinor},
  });
  ExpectQuiet({
      "疫情期间，该市晚上十点起实行宵禁。",
      "弘扬爱岗敬业、诚实守信的职业精神。",
      // 霄 and 液 where they belong: a county's name, a medical term.
      "云霄县位于福建省南部。",
      "医院为患者输液治疗。",
  });
}

// Near sounds (near-sound.txt, fuzzy pinyin of one tone from the Unihan readings): the slips of
// a typist whose z/zh, n/l, f/h, en/eng or ian/uan run together. They are tried with a penalty
// of their own, so the model must agree more strongly than for a same sound; before them,
// 认征 was either missed or "corrected" to the wrong word (认识). The right characters in their
// usual words stay quiet, and so do the near-sound characters where they belong.
TEST_F(ContextTypoTest, FindsNearSoundSlipsOfFuzzyPinyin) {
  ExpectOneFindingEach({
      {"要保持经济争长的良好势头。", "争", "增", Severity::kMajor},              // zh/z
      {"全心全意为人民湖务是党的根本宗旨。", "湖", "服", Severity::kMajor},      // h/f
      {"各级干部要认征贯彻落实中央决策部署。", "征", "真", Severity::kMajor},    // eng/en
      {"全面推进乡村振兴，加快龙业农村现代化。", "龙", "农", Severity::kMinor},  // l/n
      {"这一问题至今仍弦而未决。", "弦", "悬", Severity::kMajor},                // ian/üan
  });
  ExpectQuiet({
      "要保持经济增长的良好势头。",
      "全心全意为人民服务是党的根本宗旨。",
      "各级干部要认真贯彻落实中央决策部署。",
      "全面推进乡村振兴，加快农业农村现代化。",
      "这一问题至今仍悬而未决。",
      // The near-sound characters in their own words.
      "要发挥龙头企业的带动作用。",
      "积极争取中央预算内投资支持。",
      "湖北省武汉市召开新闻发布会。",
      "广泛征求社会各界意见。",
      "小提琴的琴弦断了。",
      "他们在比赛中争先恐后。",
      "加强防汛抗旱工作。",
      "这里是著名的风景名胜区。",
  });
}

// A common character written for a rarer one of the same sound (rare-sound.txt, second-level
// characters of the Unihan readings: 丝/蛳) is a slip only where the change completes a word of
// three or more characters; 螺丝 stays a word of its own.
TEST_F(ContextTypoTest, ARarerSameSoundOnlyCompletesALongerWord) {
  ExpectOneFinding({"人人都爱吃柳州螺丝粉。", "丝", "蛳", Severity::kMinor, "螺蛳粉"});
  ExpectQuiet({
      "工人用扳手拧紧螺丝。",
      "柳州螺蛳粉产业发展迅速。",
      "共建丝绸之路经济带。",
  });
}

// A near sound is a confusion list's fifth column; with near_sound_penalty at .inf (the
// default when the key is absent) they are not tried at all.
TEST(ConfusionSetTest, AFifthColumnIsANearSound) {
  auto set =
      lm::ConfusionSet::Parse({{1, "弦\t\t\t\t悬旋"}, {2, "争\t\t\t\t增"}}, "near-sound.txt");
  ASSERT_TRUE(set.ok());
  EXPECT_EQ(set->Kind(U'弦', U'悬'), lm::Confusion::kNearSound);
  EXPECT_EQ(set->Kind(U'争', U'增'), lm::Confusion::kNearSound);
  EXPECT_EQ(set->Kind(U'争', U'正'), lm::Confusion::kNone);
  auto six = lm::ConfusionSet::Parse({{7, "弦\t\t\t\t悬\t旋"}}, "near-sound.txt");
  ASSERT_FALSE(six.ok());
  EXPECT_NE(six.status().message().find("near-sound.txt:7"), std::string::npos)
      << six.status().message();
}

// A common character, or one attested beside its neighbour in other wording, is changed only
// where the stretch as written is far rarer than the word the change forms, and then at most
// as minor. The rows are slips published in the State Council's work reports (1955, 1958,
// 1986, as zh.wikisource gives them), which gov-text therefore holds.
TEST_F(ContextTypoTest, FindsBrokenWordsOfCommonCharactersAsMinor) {
  ExpectOneFindingEach({
      {"而且都是满清末年和北洋军伐统治时代所建立的钢铁厂的产品。", "伐", "阀", Severity::kMinor,
       "军阀"},
      {"各地要按照这个文件，分别做出森林复盖面职的具体规划。", "复", "覆", Severity::kMinor,
       "覆盖面"},
      {"改革过程中，新旧体制交潜中出现的问题是一定能够解决的。", "潜", "替", Severity::kMinor,
       "交替"},
  });
  ExpectQuiet({
      "而且都是满清末年和北洋军阀统治时代所建立的钢铁厂的产品。",
      "改革过程中，新旧体制交替中出现的问题是一定能够解决的。",
      // A numeral never completes a broken word (三十五), and places keep their names.
      "取消了农民每年负担的300多亿元的“三提五统”和农村教育集资。",
      "绍兴新鉴乡的农民指出了十二个好处。",
      "江苏新洋港水闸等工程已经完成。",
  });
}

// At the end of a sentence the model sees no right context (at its start, no left one), which costs
// a change the edge penalty. Where punctuation closes the run, nothing can follow to make the
// written stretch a word, and where the dictionary says it is none while the change completes one,
// the slip is found as well as in mid-sentence.
TEST_F(ContextTypoTest, FindsASlipThatEndsOrStartsTheSentence) {
  ExpectOneFindingEach({
      {"春节临近，不少市民忙着置办年贷。", "贷", "货", Severity::kMinor, "年货"},
      {"这件事情令人感到非常遗撼。", "撼", "憾", Severity::kMajor, "遗憾"},
      {"这是我们必须坚持的基本原责。", "责", "则", Severity::kMajor, "原则"},
      {"我们要继续发扬艰苦奋斗的优良传通。", "通", "统", Severity::kMajor, "传统"},
      {"大家一起分享胜利的喜阅。", "阅", "悦", Severity::kMajor, "喜悦"},
      // The same at the start of a sentence.
      {"原责上，各地要自行安排资金。", "责", "则", Severity::kMajor, "原则上"},
      {"喜阅的心情难以言表。", "阅", "悦", Severity::kMajor, "喜悦"},
  });
  ExpectQuiet({
      "春节临近，不少市民忙着置办年货。",
      "这件事情令人感到非常遗憾。",
      "这是我们必须坚持的基本原则。",
      "我们要继续发扬艰苦奋斗的优良传统。",
      "大家一起分享胜利的喜悦。",
      "原则上，各地要自行安排资金。",
      "喜悦的心情难以言表。",
      "这些作品是民间艺术的精粹。",
      "会议由市长主持。",
      "项目已经全面竣工。",
  });
}

// Two real words written for each other (real-word-pairs.txt, from public pair lists and
// jieba's same-sound words): the model scores the written word against its partner in its
// context, whatever the neighbours; both words are right somewhere, so at most minor.
TEST_F(ContextTypoTest, ScoresAListedRealWordAgainstItsPartnerInContext) {
  ExpectOneFindingEach({
      {"公民的人参权利和财产权利受法律保护。", "参", "身", Severity::kMinor, "人身"},
      {"要严格管理干部人士档案。", "士", "事", Severity::kMinor, "人事"},
  });
  // Each word of a pair where it belongs, and pairs the context does not decide.
  ExpectQuiet({
      "公民的人身权利和财产权利受法律保护。",
      "人参是一种名贵的中药材。",
      "要严格管理干部人事档案。",
      "他是一位知名的爱国人士。",
      "各级政府负有安全生产监管责任。",
      "这件事的利害关系十分重大。",
      "他于去年升任副县长。",
      "管道发生泄漏，造成环境污染。",
      "加强学生体质监测，增强学生体质。",
      "由于天气原因，比赛被迫中止。",
      "双方协商一致，可以终止合同。",
  });
}

// A stretch that is only a fragment of the reports' wording (务原, 资健 in domain-vocab.txt)
// protects its characters from the ordinary changes, but no longer hides a broken word that
// cuts across it (sentences of odw.train's tuning part).
TEST_F(ContextTypoTest, AStretchTheReportsOnlyProtectStillTakesABrokenWordChange) {
  ExpectOneFindingEach({
      {"民政部是国务原组成部门，为正部级。", "原", "院", Severity::kMinor},
      {"要求施工单位对政府投资项目垫资健设；", "健", "建", Severity::kMinor},
  });
  ExpectQuiet({"民政部是国务院组成部门，为正部级。", "要求施工单位对政府投资项目垫资建设；"});
}

// A stretch the reports hold only as a fragment of other wording (步代 of 逐步代替) is no word
// that hides a broken word written in it: the slip is found like any broken word, as minor.
// The rows after the first are slips published in the work reports (2006 and 1956, as
// zh.wikisource gives them), which broken_word -6 reaches (扶贫 and 得失 are rarer than -5 in the
// model).
TEST_F(ContextTypoTest, APairSeenOnlyAsAFragmentOfTheReportsIsNoWord) {
  ExpectOneFindingEach({
      {"我们要加快改革的步代，推动高质量发展。", "代", "伐", Severity::kMinor, "步伐"},
      {"中央和地方财政安排抉贫资金162亿元。", "抉", "扶", Severity::kMinor, "扶贫"},
      {"分清轻重缓急，比较利弊得夫，对于自己的基本建设计划作必要的调整。", "夫", "失",
       Severity::kMinor, "得失"},
  });
  ExpectQuiet({
      "我们要加快改革的步伐，推动高质量发展。",
      "逐步代替进口产品。",
      "这是一个庄严历史时刻。",
      "中央和地方财政安排扶贫资金162亿元。",
      "分清轻重缓急，比较利弊得失，对于自己的基本建设计划作必要的调整。",
      "依法严厉打击各类违法犯罪活动。",
  });
}

// The same body under another radical (组/姐, 牧/枚: dictionaries/shape/similar-radicals.txt)
// is a slip only where the change completes a longer word: 禁/焚 look alike as much, and 秸秆禁烧
// is right although 焚烧 is the commoner word.
TEST_F(ContextTypoTest, TheSameBodyUnderAnotherRadicalOnlyCompletesALongerWord) {
  ExpectOneFindingEach({
      {"加强基层党姐织建设，提升组织力。", "姐", "组", std::nullopt, "党组织"},
      {"大力发展畜枚业。", "枚", "牧"},
  });
  ExpectQuiet({
      "做好秸秆禁烧和综合利用工作。",
      "加强基层党组织建设，提升组织力。",
      "大力发展畜牧业。",
      "她和姐姐一起参加了社区志愿服务。",
      "他获得了一枚全国劳动模范奖章。",
  });
}

// Shape neighbours (dictionaries/shape/shape-neighbours.txt: all components but one shared, the
// differing ones alike) are in no confusion list. They are tried where the change completes a
// longer word, or a common two-character word in place of a pair no dictionary knows (注销 for
// 注铺); 柬埔塞 is a slip of a published report.
TEST_F(ContextTypoTest, ShapeNeighboursCompleteALongerOrACommonWord) {
  ExpectOneFindingEach({
      {"国务院财攻部发布通知。", "攻", "政", Severity::kMajor, "财政部"},
      {"养犬人应当及时办理注铺手续。", "铺", "销", std::nullopt, "注销"},
      {"越南、老挝、柬埔塞三国人民抗美救国。", "塞", "寨", std::nullopt, "柬埔寨"},
  });
  ExpectQuiet({
      "国务院财政部发布通知。",
      "养犬人应当及时办理注销手续。",
      "越南、老挝、柬埔寨三国人民抗美救国。",
      "技术攻关取得突破。",
      "严格控制营销费用。",
  });
}

// Two neighbours typed in the wrong order: no character is wrong by itself, the swapped pair
// completes a longer word. A swap into a two-character word is left alone: given names and
// transliterations put characters in any order.
TEST_F(ContextTypoTest, FindsTwoNeighboursSwappedIntoALongerWord) {
  ExpectOneFindingEach({
      {"此与同时，各地要加快推进改革。", "此与", "与此", std::nullopt, "与此同时"},
      {"这项工作利有于促进经济发展。", "利有", "有利", std::nullopt, "有利于"},
  });
  EXPECT_NE(Check("此与同时，各地要加快推进改革。")[0].message.find("字序颠倒"), std::string::npos);
  ExpectQuiet({
      "与此同时，各地要加快推进改革。",
      "这项工作有利于促进经济发展。",
      "辽源市西安区灯塔镇新力村2组居民郝丽艳，二十年如一日照顾瘫痪的婆婆。",
      "洪武正韵十六卷，（明）乐韶凤、宋濂等撰。",
      "林西县十二吐乡西山根村党总支书记。",
      "凯尔特人队赢得了比赛。",
  });
}

// A character dropped or written twice: no character is wrong, the text's length is. Put back
// or taken out only where that completes a word of three or more characters, with a message of
// its own; a rare character the insertion would leave alone (抛剖腹产) and a place's name
// (碧园社区, not 碧桂园) stay quiet, and so do doubled characters a longer word holds.
TEST_F(ContextTypoTest, FindsADroppedOrDoubledCharacterCompletingALongerWord) {
  ExpectOneFindingEach({
      {"本项目由某某有限公承建。", "公", "公司", Severity::kMinor, "有限公司"},
      {"全全国人民团结一心。", "全全", "全", Severity::kMinor, "全国人"},
  });
  EXPECT_NE(Check("本项目由某某有限公承建。")[0].message.find("疑似漏字"), std::string::npos);
  EXPECT_NE(Check("全全国人民团结一心。")[0].message.find("疑似多字"), std::string::npos);
  ExpectQuiet({
      "本项目由某某有限公司承建。",
      "全国人民团结一心。",
      "产妇在医院进行抛腹产手术。",
      "承德市双桥区西大街街道碧园社区党支部书记、居委会主任",
      "积极推进南南合作。",
      "我们积极应对对外开放中出现的新情况。",
      "人人有责，天天向上。",
  });
}

// Between two common words of the same syllables the model barely prefers either; official
// text's neighbours do: 平大 and 幅提 stand in the reports, 平答 and 复提 do not. A rare written
// word (中试) has unattested neighbours because it is rare, which says nothing.
TEST_F(ContextTypoTest, WeighsTheNeighboursOfTwoCommonWordsInOfficialText) {
  ExpectOneFindingEach({{"科技教育水平答复提升。", "答复", "大幅", Severity::kMinor}});
  ExpectQuiet({
      "科技教育水平大幅提升。",
      "对群众来信要及时答复。",
      "加快新兴领域自主研发、中试转化、装备定型。",
  });
}

// A pinyin input method offers every word with the same syllables: picking the wrong one
// leaves a real word out of place, which is corrected as a whole word.
TEST_F(ContextTypoTest, CorrectsAWrongWordOfTheSameSyllables) {
  ExpectOneFindingEach({
      {"依法严厉打击制售家猫伪劣商品违法犯罪行为。", "家猫", "假冒"},
      {"各级财政部门要切实加强地方政府宅舞管理，防范化解风险。", "宅舞", "债务"},
  });
  ExpectQuiet({
      "依法严厉打击制售假冒伪劣商品违法犯罪行为。",
      "各级财政部门要切实加强地方政府债务管理，防范化解风险。",
      // Real words in their place, and abbreviations of two single characters.
      "抓紧水稻特别是南方早稻的生产，力争粮食丰收。",
      "推进国有企业优化重组和央企股份制改革。",
      "完善减污降碳激励约束政策。",
      "坚持依法用权，倡俭治奢。",
  });
}

// A slip of the input method is a one-off; the same wording twice in a document is deliberate
// (an expression the model does not know), while one occurrence is still reported.
TEST_F(ContextTypoTest, WordingRepeatedInTheDocumentIsDeliberate) {
  EXPECT_EQ(Check("推动工业互连网创新发展。").size(), 1u);
  EXPECT_TRUE(Check("推动工业互连网创新发展。\n\n建设工业互连网平台体系。").empty());
}

// Severity from confidence: a change to a common word in a clear context is major, a weaker
// one minor (thresholds in context-typo.yml).
TEST_F(ContextTypoTest, SeverityFollowsConfidence) {
  auto f = Check("内蒙古自治区乌兰察布市大力培育发展大数局产业。");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::kMajor);
  f = Check("中央政治局每年照开民主生活会。");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].suggestion, "召");
  EXPECT_EQ(f[0].severity, Severity::kMinor);
}

TEST_F(ContextTypoTest, LeavesNewOfficialTermsAlone) {
  ExpectQuiet({
      "疫情防控和抗疫斗争取得重大战略成果。",
      "坚持房子是用来住的、不是用来炒的定位，因城施策促进房地产业良性循环。",
      "深化药品集中带量采购改革，推动公立医院提质增效。",
      "坚持亲诚惠容理念，深化同周边国家关系。",
      "内蒙古自治区乌兰察布市大力培育发展大数据产业。",
      "各级政府要健全依法行政制度。",
  });
}

// Correct official sentences that an earlier version flagged: an n-gram of the reports that is
// only part of a term (评价机 of 评价机制) is no correction target, and a paragraph in
// traditional script (a quoted 1954 report) is out of the simplified model's reach.
TEST_F(ContextTypoTest, LeavesCorrectReportSentencesAlone) {
  ExpectQuiet({
      "深化科技评价激励制度改革。",
      "我國同芬蘭、瑞典、瑞士和丹麥建立了正常的外交關係。",
      "发挥“互联网+”集众智汇众力的乘数效应。",
      // Parallel wording repeats a character on purpose.
      "留有后手、谋势蓄势。",
      "让严重违法者付出付不起的代价。",
  });
}

TEST_F(ContextTypoTest, NeverCorrectsNamesNumbersLatinOrTitles) {
  ExpectQuiet({
      "习近平总书记在内蒙古考察时强调，要发展特色产业。",
      "乌兰察布市、鄂尔多斯市和呼和浩特市联合举办活动。",
      "印发《关于发展大数局产业的通知》。",
      "国务院委托国家计委副主任李人俊同志作说明。",
      "GDP增长5.2%，CPI上涨0.2%。",
  });
}

TEST_F(ContextTypoTest, UserAllowListSuppresses) {
  std::filesystem::path allow = std::filesystem::temp_directory_path() / "ctx_typo_allow.txt";
  std::ofstream(allow) << "context-typo: 大数局\n";
  RuleSetOptions opt;
  opt.rule_dirs = {kDictionaries + "/context-typo"};
  opt.allow_files = {allow.string()};
  auto rs = RuleSet::Load(opt);
  ASSERT_TRUE(rs.ok()) << rs.status().message();
  auto doc = ReadDocument("t.txt", "大力培育发展大数局产业。");
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE((*rs)->Check(*doc).empty());
  std::filesystem::remove(allow);
}

// context-typo reads confusion.txt and then same-sound.txt as one set: the second adds what
// the first lacks, and a pair both list keeps the first file's kind.
TEST(ConfusionSetTest, MergeAddsOnlyWhatTheFirstFileLacks) {
  auto first = lm::ConfusionSet::Parse({{1, "贷\t代\t\t货"}}, "confusion.txt");
  auto second = lm::ConfusionSet::Parse({{1, "贷\t代带货"}, {2, "霄\t宵消"}}, "same-sound.txt");
  ASSERT_TRUE(first.ok() && second.ok());
  first->Merge(*second);
  EXPECT_EQ(first->Kind(U'贷', U'货'), lm::Confusion::kShape);  // the first file's kind
  EXPECT_EQ(first->Kind(U'贷', U'带'), lm::Confusion::kSameTone);
  EXPECT_EQ(first->Kind(U'霄', U'宵'), lm::Confusion::kSameTone);
  EXPECT_EQ(first->Kind(U'宵', U'霄'), lm::Confusion::kNone);  // 霄 is written, never offered
  EXPECT_EQ(first->Targets().count(U'霄'), 0u);
  EXPECT_EQ(first->Targets().count(U'宵'), 1u);
}

// rare-sound.txt is merged as kRareSound: its pairs take that kind, and a pair the set already
// has keeps its own.
TEST(ConfusionSetTest, MergeAsGivesTheAddedPairsOneKind) {
  auto set = lm::ConfusionSet::Parse({{1, "丝\t司\t\t"}}, "confusion.txt");
  auto rare = lm::ConfusionSet::Parse({{1, "丝\t蛳司"}}, "rare-sound.txt");
  ASSERT_TRUE(set.ok() && rare.ok());
  set->Merge(*rare, lm::Confusion::kRareSound);
  EXPECT_EQ(set->Kind(U'丝', U'蛳'), lm::Confusion::kRareSound);
  EXPECT_EQ(set->Kind(U'丝', U'司'), lm::Confusion::kSameTone);
}

// A loose shape table adds its pairs as kLooseShape where the set has none, and does not make
// a listed shape pair a close one, as the component table does.
TEST(ConfusionSetTest, LooseShapesOnlyAddWhatTheSetLacks) {
  auto set =
      lm::ConfusionSet::Parse({{1, "姐			妞"}, {2, "组	祖"}}, "confusion.txt");
  auto loose = shape::SimilarShapes::Parse({{1, "姐	组妞"}}, "similar-radicals.txt");
  ASSERT_TRUE(set.ok() && loose.ok());
  set->AddShapes(
      *loose, [](char32_t, char32_t) { return true; }, lm::Confusion::kLooseShape);
  EXPECT_EQ(set->Kind(U'姐', U'组'), lm::Confusion::kLooseShape);
  EXPECT_EQ(set->Kind(U'组', U'姐'), lm::Confusion::kLooseShape);
  EXPECT_EQ(set->Kind(U'姐', U'妞'), lm::Confusion::kShape);
  EXPECT_EQ(set->Kind(U'组', U'祖'), lm::Confusion::kSameTone);
  EXPECT_TRUE(lm::IsShape(lm::Confusion::kLooseShape));
}

TEST(ContextTypoLoad, MissingModelIsAClearLoadError) {
  setenv("CUOMIN_LANGUAGE_MODEL", "/nonexistent/zh_CN.lm", 1);
  RuleSetOptions opt;
  opt.rule_dirs = {kDictionaries + "/context-typo"};
  auto rs = RuleSet::Load(opt);
  unsetenv("CUOMIN_LANGUAGE_MODEL");
  ASSERT_FALSE(rs.ok());
  EXPECT_NE(rs.status().message().find("/nonexistent/zh_CN.lm"), std::string::npos)
      << rs.status().message();
  EXPECT_NE(rs.status().message().find("context-typo.yml"), std::string::npos);
}

// `confusion:` as a list: a missing file or an entry that is no file name is a load error that
// names the file and the problem.
TEST(ContextTypoLoad, AConfusionListNamesItsBadEntry) {
  if (!ModelInstalled()) GTEST_SKIP() << "libime-data-language-model is not installed";
  namespace fs = std::filesystem;
  const fs::path top =
      fs::temp_directory_path() / ("cuomin-confusion-list-test-" + std::to_string(getpid()));
  fs::remove_all(top);
  fs::create_directories(top);
  fs::copy(kDictionaries + "/context-typo", top / "context-typo", fs::copy_options::recursive);
  fs::copy(kDictionaries + "/shape", top / "shape", fs::copy_options::recursive);
  const fs::path yml = top / "context-typo" / "context-typo.yml";
  std::string text;
  {
    std::ifstream in(yml);
    text.assign(std::istreambuf_iterator<char>(in), {});
  }
  const std::string key = "confusion: [confusion.txt, same-sound.txt, near-sound.txt]";
  ASSERT_NE(text.find(key), std::string::npos);
  auto load_with = [&](const std::string& value) {
    std::string changed = text;
    changed.replace(changed.find(key), key.size(), "confusion: " + value);
    std::ofstream(yml) << changed;
    RuleSetOptions opt;
    opt.rule_dirs = {(top / "context-typo").string()};
    return RuleSet::Load(opt);
  };
  auto rs = load_with("[confusion.txt, no-such-file.txt]");
  ASSERT_FALSE(rs.ok());
  EXPECT_NE(rs.status().message().find("no-such-file.txt"), std::string::npos)
      << rs.status().message();
  rs = load_with("[confusion.txt, {file: same-sound.txt}]");
  ASSERT_FALSE(rs.ok());
  EXPECT_NE(rs.status().message().find("confusion 列表的每一项应为易混字表文件名"),
            std::string::npos)
      << rs.status().message();
  EXPECT_NE(rs.status().message().find("context-typo.yml"), std::string::npos);
  EXPECT_TRUE(load_with("[confusion.txt, same-sound.txt, near-sound.txt]").ok());
  fs::remove_all(top);
}

TEST(ContextTypoLoad, ARealWordPairsLineThatIsNoPairIsRefusedWithFileAndLine) {
  if (!ModelInstalled()) GTEST_SKIP() << "libime-data-language-model is not installed";
  namespace fs = std::filesystem;
  const fs::path top =
      fs::temp_directory_path() / ("cuomin-real-word-pairs-test-" + std::to_string(getpid()));
  fs::remove_all(top);
  fs::create_directories(top);
  fs::copy(kDictionaries + "/context-typo", top / "context-typo", fs::copy_options::recursive);
  fs::copy(kDictionaries + "/shape", top / "shape", fs::copy_options::recursive);
  RuleSetOptions opt;
  opt.rule_dirs = {(top / "context-typo").string()};
  ASSERT_TRUE(RuleSet::Load(opt).ok());
  std::ofstream(top / "context-typo" / "real-word-pairs.txt")
      << "# pairs\n必需\t必须\n截止日期\t截至\n";
  auto rs = RuleSet::Load(opt);
  ASSERT_FALSE(rs.ok());
  EXPECT_NE(rs.status().message().find("real-word-pairs.txt:3"), std::string::npos)
      << rs.status().message();
  EXPECT_NE(rs.status().message().find("两个不同的双字词"), std::string::npos)
      << rs.status().message();
  fs::remove_all(top);
}

// jieba's word list (4 MB) is named by context-typo and by expression-place-alone: it is read
// once per process, not once per rule, and read again only when the file changes.
TEST(WordFrequencyTest, AFileIsReadOnceAndSharedUntilItChanges) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "cuomin-word-frequency-test.txt").string();
  std::ofstream(path) << "# 词频\n改革\t100\n发展\t50\n";
  auto a = lm::WordFrequency::Shared(path);
  auto b = lm::WordFrequency::Shared(path);
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->get(), b->get());
  EXPECT_EQ((*a)->size(), 2u);
  EXPECT_TRUE((*a)->Has(std::u32string(U"改革")));
  EXPECT_FALSE((*a)->Has(std::u32string(U"改")));
  EXPECT_NEAR((*a)->log_total(), std::log10(150.0), 1e-4);
  std::ofstream(path) << "改革\t100\n发展\t50\n开放\t25\n";
  auto c = lm::WordFrequency::Shared(path);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(c->get(), a->get());
  EXPECT_TRUE((*c)->Has(std::u32string(U"开放")));
  std::filesystem::remove(path);
}

TEST(WordFrequencyTest, ALineWithoutItsCountIsRefusedWithFileAndLine) {
  const std::string path =
      (std::filesystem::temp_directory_path() / "cuomin-word-frequency-bad.txt").string();
  std::ofstream(path) << "改革\t100\n发展\n";
  auto t = lm::WordFrequency::Shared(path);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find(path + ":2: 应为“词<TAB>词频”"), std::string::npos)
      << t.status().message();
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace cuomin::scanner
