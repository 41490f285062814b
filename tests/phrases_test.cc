// Fixed phrases and real words in the wrong place (dictionaries/typo): an idiom with two of its
// characters swapped or a rare character written as a look-alike (typo-idiom), a saying of five
// characters or more one character off (typo-idiom-long), a sexagenary year with a similar shape
// (typo-ganzhi-year), years written short or with 零 (format-two-digit-year, format-year-zero),
// 的/地/得 where a rule can decide it (typo-particle-de, typo-particle-di, typo-particle-di-adverb,
// typo-particle-de-noun, typo-particle-de-word, typo-particle-de-verb, typo-particle-zhide,
// typo-particle-di-progress, typo-particle-di-together), real words of the same sound decided by
// their neighbours (typo-need-must, typo-need-urgent, typo-login, typo-report-to), and a
// real word beside a collocation word of its partner (typo-real-word-collocation), 即 for the 既 of
// 既……又…… (typo-both-ji); and places under the wrong province (expression-place-province).
// Real sentences of official writing; what fires and what stays quiet, with the exact span and
// suggestion a reviewer sees.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scanner/reader.h"
#include "scanner/rule_set.h"
#include "shipped_rules_fixture.h"
#include "test_paths.h"

namespace cuomin::scanner {
namespace {

class PhrasesTest : public ShippedRulesTest {
 protected:
  static void SetUpTestSuite() { LoadShipped({"typo", "shape"}); }
  static std::vector<Finding> Check(const std::string& text, const std::string& rule) {
    return FindingsOf(text, [&](const std::string& id) { return id == rule; });
  }
  static void ExpectOne(const std::string& rule, const std::string& text, const std::string& wrong,
                        const std::string& suggestion) {
    SCOPED_TRACE(text);
    auto f = Check(text, rule);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].text, wrong);
    EXPECT_EQ(f[0].suggestion, suggestion);
  }
  static void ExpectQuiet(const std::string& rule, const std::string& text) {
    SCOPED_TRACE(text);
    auto f = Check(text, rule);
    EXPECT_TRUE(f.empty()) << f[0].rule << " 「" << f[0].text << "」";
  }
};

TEST_F(PhrasesTest, AnIdiomWithTwoCharactersSwappedIsFound) {
  // Not adjacent (阳 and 阴), adjacent (若 and 罔), first and last.
  ExpectOne("typo-idiom", "坚决整治阴奉阳违、做选择的问题。", "阴奉阳违", "阳奉阴违");
  ExpectOne("typo-idiom", "对群众反映的问题，不能置罔若闻。", "置罔若闻", "置若罔闻");
  ExpectOne("typo-idiom", "各项工作要有条不紊、循渐序进地推进。", "循渐序进", "循序渐进");
}

TEST_F(PhrasesTest, TheOtherOrderOfAPhraseIsQuiet) {
  ExpectQuiet("typo-idiom", "坚决整治阳奉阴违、做选择的问题。");
  // 鱼水深情 / 鱼水情深: both halves are words; 互相 / 相互 推诿: a moved character makes a word.
  ExpectQuiet("typo-idiom", "深入开展“双拥”活动，谱写鱼水情深的时代华章。");
  ExpectQuiet("typo-idiom", "一些部门职责交叉、权责脱节，相互推诿，办事效率低下。");
  ExpectQuiet("typo-idiom", "准备经受风高浪急甚至惊涛骇浪的重大考验。");
}

TEST_F(PhrasesTest, AClassicSlipMadeOfTwoCommonWordsIsFound) {
  // 引入 + 注目 and 先人 + 为主 are words side by side, but they would meet by chance far less
  // often than the idioms are written: a slip, the first thing a reviewer checks.
  ExpectOne("typo-idiom", "这一成果在国际上引入注目。", "引入注目", "引人注目");
  ExpectOne("typo-idiom", "办案人员不能先人为主，要重证据。", "先人为主", "先入为主");
  // 执法 + 犯法: jieba counts 知法犯法 3 times, too little to call it a slip; the reports write
  // 执法犯法 of officials who break the law they enforce.
  ExpectQuiet("typo-idiom", "严惩执法犯法、贪赃枉法。");
  ExpectQuiet("typo-idiom", "这一成果在国际上引人注目。");
}

TEST_F(PhrasesTest, ALessCommonIdiomWithAReplacementNothingElseExplains) {
  // 杯盘狼藉 is below the frequency of the common idioms: its slips are found where the
  // written form is no word and makes none with a neighbour in the window.
  ExpectOne("typo-idiom", "宴席散后，桌上杯盘狠藉，一片狼狈。", "杯盘狠藉", "杯盘狼藉");
  // 以强凌弱 (倚强凌弱) and 白日作梦 (白日做梦: 作梦 is a word) are other spellings.
  ExpectQuiet("typo-idiom", "坚决反对以大欺小、以强凌弱、以富压贫。");
  ExpectQuiet("typo-idiom", "这种想法完全是白日作梦。");
}

TEST_F(PhrasesTest, AnIdiomsRareCharacterWrittenAsACommonOneBuiltLikeItIsFound) {
  // 莠, 铄, 垠 are outside the common characters the confusion tables hold; 萎, 烁, 银 share
  // all their components but one.
  ExpectOne("typo-idiom", "各类培训机构良萎不齐，家长难以选择。", "良萎不齐", "良莠不齐");
  ExpectOne("typo-idiom", "老人年逾八旬，精神矍烁。", "精神矍烁", "精神矍铄");
  ExpectOne("typo-idiom", "草原辽阔，一望无银。", "一望无银", "一望无垠");
  ExpectQuiet("typo-idiom", "各类培训机构良莠不齐，家长难以选择。");
  // 伴 is not built like 壑: another phrase (与邻为善、以邻为伴).
  ExpectQuiet("typo-idiom", "坚持与邻为善、以邻为伴的周边外交方针。");
}

TEST_F(PhrasesTest, ALongIdiomWithOneCharacterWrongIsFound) {
  // Five characters and more: an interior character replaced by any other (阋 is rare, in no
  // confusion table), an outer one by a confusable character.
  ExpectOne("typo-idiom-long", "兄弟隙于墙，外御其侮。", "兄弟隙于墙", "兄弟阋于墙");
  ExpectOne("typo-idiom-long", "安全生产要防患于末然，把隐患消除在萌芽状态。", "防患于末然",
            "防患于未然");
  ExpectOne("typo-idiom-long", "各项改革要坚持冰冻三尺非一日之含的耐心。", "冰冻三尺非一日之含",
            "冰冻三尺非一日之寒");
}

TEST_F(PhrasesTest, ALongIdiomAsOfficialTextWordsItIsQuiet) {
  // 全省 is the text's own word; a particle for a particle, a character dropped: other sayings.
  ExpectQuiet("typo-idiom-long", "要树立全省一盘棋思想，形成工作合力。");
  ExpectQuiet("typo-idiom-long", "一味追求提前翻番，只会欲速而不达。");
  ExpectQuiet("typo-idiom-long", "中国决不做损人利己、以邻为壑的事情。");
  ExpectQuiet("typo-idiom-long", "兄弟阋于墙，外御其侮。");
}

TEST_F(PhrasesTest, DiAfterAReduplicatedAdjectiveBeforeAVerb) {
  ExpectOne("typo-particle-di", "各级党组织要扎扎实实的做好基层党建工作。", "的", "地");
  ExpectOne("typo-particle-di", "广大干部要认认真真得落实各项惠民政策。", "得", "地");
  ExpectQuiet("typo-particle-di", "各级党组织要扎扎实实地做好基层党建工作。");
  // The adjective before a noun, or before a verb that is a noun too.
  ExpectQuiet("typo-particle-di", "让群众得到实实在在的利益。");
  ExpectQuiet("typo-particle-di", "保持扎扎实实的工作作风。");
  ExpectQuiet("typo-particle-di", "广大干部认认真真的学习态度值得肯定。");
}

TEST_F(PhrasesTest, DiAfterAnAdverbialAdjectiveBeforeAPreposition) {
  // Reduplicated words come from jieba's status words (reduplicated-adverbs.txt), A里AB too.
  ExpectOne("typo-particle-di", "当时稀里糊涂的把稿子寄出去，没当一回事。", "的", "地");
  ExpectOne("typo-particle-di", "工作人员慌里慌张的向外跑。", "的", "地");
  ExpectQuiet("typo-particle-di", "沿着弯弯曲曲的走廊来到会议室。");
  ExpectQuiet("typo-particle-di", "他是一位兢兢业业的干部。");
  ExpectOne("typo-particle-di-progress", "朋友在不断的增加。", "的", "地");
  ExpectQuiet("typo-particle-di-progress", "人民生活水平得到不断的提高。");
  ExpectQuiet("typo-particle-di-progress", "城市在不断的发展中壮大。");
  ExpectOne("typo-particle-di-together", "创新应该和国际化紧密的联系在一起。", "的", "地");
  ExpectQuiet("typo-particle-di-together", "同人民保持着密切的联系。");
  ExpectOne("typo-particle-di-adverb", "各地要认真的把中央决策部署落到实处。", "的", "地");
  ExpectOne("typo-particle-di-adverb", "对群众反映的问题要及时的加以解决。", "的", "地");
  ExpectQuiet("typo-particle-di-adverb", "各地要认真地把中央决策部署落到实处。");
  // 把握, 向往 are words of their own; 推动 and 研究 are nouns too.
  ExpectQuiet("typo-particle-di-adverb", "对这个问题要有全面的把握。");
  ExpectQuiet("typo-particle-di-adverb", "表达了对美好生活积极的向往。");
  ExpectQuiet("typo-particle-di-adverb", "发挥积极的推动作用。");
  ExpectQuiet("typo-particle-di-adverb", "这是一项认真的研究。");
}

TEST_F(PhrasesTest, DeBeforeADegreeComplement) {
  ExpectOne("typo-particle-de", "近年来全县经济发展地越来越快。", "地", "得");
  ExpectOne("typo-particle-de", "各项惠民政策落实的非常到位。", "的", "得");
  ExpectQuiet("typo-particle-de", "近年来全县经济发展得越来越快。");
  ExpectQuiet("typo-particle-de", "加快推进城乡区域协调发展地区经济。");
}

TEST_F(PhrasesTest, DeOfBianDeXianDeJueDeWrittenAsTheParticle) {
  ExpectOne("typo-particle-de-verb", "随着“一网通办”的推进，群众办事变的更加便捷。", "的", "得");
  ExpectOne("typo-particle-de-verb", "在当前形势下，做好防汛工作显的尤为重要。", "的", "得");
  ExpectOne("typo-particle-de-verb", "不少群众觉的应该尽快出台配套政策。", "的", "得");
  ExpectQuiet("typo-particle-de-verb", "随着“一网通办”的推进，群众办事变得更加便捷。");
  // 明显、自觉、改变 are words of their own: their 的 is the particle.
  ExpectQuiet("typo-particle-de-verb", "这一变化是明显的很多群众都感受到了。");
  ExpectQuiet("typo-particle-de-verb", "广大党员干部自觉的很少出现违纪问题。");
  ExpectQuiet("typo-particle-de-verb", "改变的很多做法得到了群众认可。");
}

TEST_F(PhrasesTest, DeBetweenAnAdjectiveAndANounWrittenAsDi) {
  ExpectOne("typo-particle-de-noun", "全县脱贫攻坚工作取得了显著地成效。", "地", "的");
  ExpectOne("typo-particle-de-noun", "广大干部要以积极地态度投入到工作中去。", "地", "的");
  ExpectQuiet("typo-particle-de-noun", "全县脱贫攻坚工作取得了显著的成效。");
  // 要求 is a verb too; 地质, 地方 are words of their own.
  ExpectQuiet("typo-particle-de-noun", "在政治思想上和在工作中严格地要求自己。");
  ExpectQuiet("typo-particle-de-noun", "统筹推进全面地质调查工作。");
  ExpectQuiet("typo-particle-de-noun", "合理地方债务规模由国务院确定。");
}

TEST_F(PhrasesTest, JiOfJiYouWrittenAsJiMeaningThatIs) {
  ExpectOne("typo-both-ji", "我们即要金山银山，又要绿水青山。", "即", "既");
  ExpectOne("typo-both-ji", "广大党员干部即是改革的参与者，又是改革的受益者。", "即", "既");
  ExpectQuiet("typo-both-ji", "我们既要金山银山，又要绿水青山。");
  // 立即, 即可 (then can) and 即 as "that is" before 有关 are other words.
  ExpectQuiet("typo-both-ji", "接到报告后立即要求各地组织排查，又派出三个工作组。");
  ExpectQuiet("typo-both-ji", "提交材料后即可办理，又快又方便。");
  ExpectQuiet("typo-both-ji", "本办法所称部门，即有关行政主管部门，又称主管部门。");
  // 既……也…… too, but not 即 as "then" (即不予受理) nor 即使.
  ExpectOne("typo-both-ji", "生态环境保护即是经济问题，也是重大的政治问题。", "即", "既");
  ExpectQuiet("typo-both-ji", "申请材料不齐全的即不予受理，也不得收取任何费用。");
  ExpectQuiet("typo-both-ji", "即使遇到再大的困难，也要坚持下去。");
}

TEST_F(PhrasesTest, DeInsideAWordWrittenAsTheParticle) {
  ExpectOne("typo-particle-de-word", "今年以来，全县经济工作取的了显著成效。", "的", "得");
  ExpectOne("typo-particle-de-word", "我市在全省评比中获的了第一名。", "的", "得");
  ExpectQuiet("typo-particle-de-word", "对各地所获取的了解情况进行汇总。");
  ExpectQuiet("typo-particle-de-word", "我们采取的措施是有效的。");
  ExpectOne("typo-particle-zhide", "他们的经验非常值的学习和借鉴。", "的", "得");
  ExpectOne("typo-particle-zhide", "这项改革的做法值的一提。", "的", "得");
  ExpectQuiet("typo-particle-zhide", "这是很有价值的学习资料。");
  ExpectQuiet("typo-particle-zhide", "工业总产值的增长速度加快。");
}

TEST_F(PhrasesTest, ARealWordBesideItsPartnersCollocation) {
  ExpectOne("typo-real-word-collocation", "依法保障公民权力不受侵犯。", "公民权力", "公民权利");
  ExpectOne("typo-real-word-collocation", "加强对权利运行的制约和监督。", "权利运行", "权力运行");
  ExpectOne("typo-real-word-collocation", "双方在会谈后发表了联合申明。", "联合申明", "联合声明");
  ExpectQuiet("typo-real-word-collocation", "依法保障公民权利不受侵犯。");
  ExpectQuiet("typo-real-word-collocation", "加强对权力运行的制约和监督。");
  ExpectQuiet("typo-real-word-collocation", "这是群众生活必需的物资。");
  ExpectQuiet("typo-real-word-collocation", "该项权利属于作者本人。");
  // Pairs derived from same-sound words and odw.train, decided by the gov-text collocations.
  ExpectOne("typo-real-word-collocation", "深化医药卫生体质改革。", "卫生体质", "卫生体制");
  ExpectOne("typo-real-word-collocation", "深入开展安全生产转向整治三年行动。", "转向整治",
            "专项整治");
  ExpectQuiet("typo-real-word-collocation", "深化医药卫生体制改革。");
  ExpectQuiet("typo-real-word-collocation", "采取有利于农民增收的措施。");
}

// 须 before an act, 需 before a thing (现代汉语词典 亟须/无须); 登录 a site, 登陆 a shore; 报到 at
// a place, 报道 in the news: each decided only where the neighbours leave one reading.
TEST_F(PhrasesTest, RealWordsOfTheSameSoundDecidedByTheirNeighbours) {
  ExpectOne("typo-need-must", "亟需加强资源整合。", "需", "须");
  ExpectQuiet("typo-need-must", "政务公开队伍建设还需进一步加强。");
  ExpectQuiet("typo-need-must", "我们还需要继续努力。");
  ExpectQuiet("typo-need-must", "增长内生动力仍需增强。");
  ExpectOne("typo-need-urgent", "美国亟需外来资金减缓金融业受到的打击。", "亟", "急");
  ExpectQuiet("typo-need-urgent", "这一问题亟须解决。");
  ExpectOne("typo-login", "详情请登陆www.zh-hz.com查询。", "陆", "录");
  ExpectQuiet("typo-login", "今年第6号台风在我省沿海登陆。");
  ExpectQuiet("typo-login", "台风登陆后，电力系统受损严重。");
  ExpectOne("typo-report-to", "请凭本通知于2023年9月2日到广州中医药大学大学城校区报道。", "道",
            "到");
  ExpectQuiet("typo-report-to", "记者到事故现场报道。");
  ExpectQuiet("typo-report-to", "请记者到新闻中心采访报道。");
}

TEST_F(PhrasesTest, ASexagenaryYearWithASimilarShapeIsMended) {
  const std::string rule = "typo-ganzhi-year";
  ExpectOne(rule, "2019年已亥年春节联欢晚会", "已亥", "己亥");
  ExpectOne(rule, "2025年是农历乙已年，俗称蛇年。", "乙已", "乙巳");
  ExpectOne(rule, "1898年的戊戍变法以失败告终。", "戊戍", "戊戌");
  ExpectOne(rule, "1934年为甲戍年。", "甲戍", "甲戌");
  ExpectQuiet(rule, "2019年己亥年春节联欢晚会");
  ExpectQuiet(rule, "1898年的戊戌变法以失败告终。");
  ExpectQuiet(rule, "各项工作已于年底前完成。");
}

class FormatTest : public PhrasesTest {
 protected:
  static void SetUpTestSuite() { LoadShipped({"format"}); }
};

TEST_F(FormatTest, AYearInChineseNumeralsIsWrittenWithLingForZero) {
  ExpectOne("format-year-zero", "二零一二年全县经济社会发展主要指标", "二零一二", "二〇一二");
  ExpectOne("format-year-zero", "一九五零年，全国开展土地改革。", "一九五零", "一九五〇");
  ExpectQuiet("format-year-zero", "二〇一二年全县经济社会发展主要指标");
  ExpectQuiet("format-year-zero", "全县粮食产量达到二十零点五万吨。");
}

TEST_F(FormatTest, ATwoDigitYearBeforeAPartOfTheYearOrAsTheSentencesTime) {
  ExpectOne("format-two-digit-year", "力争23年底前全部完工。", "23年", "");
  ExpectOne("format-two-digit-year", "22年上半年，全县规模以上工业增加值增长6%。", "22年", "");
  ExpectOne("format-two-digit-year", "23年一季度，全市完成固定资产投资50亿元。", "23年", "");
  ExpectQuiet("format-two-digit-year", "他扎根山区30年初心不改。");
  ExpectQuiet("format-two-digit-year", "经过10年初步建成现代产业体系。");
  ExpectOne("format-two-digit-year-lead", "10年全县完成地区生产总值120亿元。", "10年", "");
  ExpectQuiet("format-two-digit-year-lead", "近10年全县累计投入资金5亿元。");
  ExpectQuiet("format-two-digit-year-lead", "改革开放30年我市发生了翻天覆地的变化。");
}

class PlacesTest : public PhrasesTest {
 protected:
  static void SetUpTestSuite() { LoadShipped({"expression"}); }
};

TEST_F(PlacesTest, ACityUnderAnotherProvinceIsFoundWithItsOwnProvince) {
  const std::string rule = "expression-place-province";
  // re-045 of the real errors (银川 is 宁夏's capital); short and full names both ways.
  ExpectOne(rule, "疫情防控期间，甘肃银川多措并举保障市民生活。", "甘肃银川", "宁夏银川");
  ExpectOne(rule, "河南石家庄召开全市经济工作会议。", "河南石家庄", "河北石家庄");
  ExpectOne(rule, "湖北长沙市开展文明城市创建活动。", "湖北长沙市", "湖南长沙市");
  ExpectOne(rule, "会议在湖北省长沙市举行。", "湖北省长沙市", "湖南省长沙市");
  ExpectOne(rule, "湖北省会长沙举办文化节。", "湖北省会长沙", "湖南省会长沙");
  // A county by its full name.
  ExpectOne(rule, "河南正定县加快推进古城保护。", "河南正定县", "河北正定县");
}

TEST_F(PlacesTest, APlaceRightUnderItsProvinceOrOtherwiseWordedIsQuiet) {
  const std::string rule = "expression-place-province";
  ExpectQuiet(rule, "疫情防控期间，宁夏银川多措并举保障市民生活。");
  // A list, and the two names apart.
  ExpectQuiet(rule, "甘肃、宁夏银川等地加强疫情防控。");
  ExpectQuiet(rule, "甘肃省代表团赴银川考察学习。");
  ExpectQuiet(rule, "湖南省会长沙举办文化节。");
  // 朝阳区 is Beijing's and Changchun's; 涪陵 was in 四川 until 1997.
  ExpectQuiet(rule, "北京朝阳区开展垃圾分类宣传。");
  ExpectQuiet(rule, "四川涪陵榨菜远销海外。");
  ExpectQuiet(rule, "四川云阳县召开防汛工作会议。");
  // Words that hold a city's name: 长治久安, 乡村, 南京路, 温州商会, 三门峡库区, 矿区.
  ExpectQuiet(rule, "实现新疆社会稳定和长治久安。");
  ExpectQuiet(rule, "推进江苏新乡村建设。");
  ExpectQuiet(rule, "上海南京路步行街游人如织。");
  ExpectQuiet(rule, "上海温州商会举行年会。");
  ExpectQuiet(rule, "国务院关于陕西省三门峡库区移民安置问题的批复");
  ExpectQuiet(rule, "甘肃矿区职工医院完成改造。");
  ExpectQuiet(rule, "黄河南岸的郑州市加快建设。");
}

}  // namespace
}  // namespace cuomin::scanner
