// Approximate matching of a form around an anchor (scanner/rules/near_miss.h).
#include "scanner/rules/near_miss.h"

#include <gtest/gtest.h>

#include <string>

namespace cuomin::scanner::rules {
namespace {

// Aligns `form` with `text`, anchored on the form's letters [ab, ae) found at the first
// occurrence of `anchor` in the text; returns the matched text and the edits ("" when none).
std::pair<std::string, int> Align(const std::string& form, size_t ab, size_t ae,
                                  const std::string& anchor, const std::string& text,
                                  int max_edits = 1) {
  NearMissOptions o;
  o.max_edits = max_edits;
  o.insert_exclude = U"的和";
  const NearMissForm f = MakeNearMissForm(form);
  const size_t at = text.find(anchor);
  EXPECT_NE(at, std::string::npos) << text;
  const NearMissAlignment a = AlignAround(f, ab, ae, text, at, at + anchor.size(), o);
  if (a.edits < 0) return {"", -1};
  return {text.substr(a.begin, a.end - a.begin), a.edits};
}

TEST(NearMissTest, EditsOfEveryKindAroundAnAnchor) {
  const std::string form = "扫黑除恶专项斗争";  // anchor 专项斗争 = letters [4, 8)
  EXPECT_EQ(Align(form, 4, 8, "专项斗争", "开展扫黑除恶专项斗争的通知"),
            (std::pair<std::string, int>{"扫黑除恶专项斗争", 0}));
  EXPECT_EQ(Align(form, 4, 8, "专项斗争", "开展扫黑险恶专项斗争的通知"),
            (std::pair<std::string, int>{"扫黑险恶专项斗争", 1}))
      << "replaced by a character of neither similar sound nor shape";
  EXPECT_EQ(Align(form, 4, 8, "专项斗争", "开展扫黑恶除专项斗争的通知"),
            (std::pair<std::string, int>{"扫黑恶除专项斗争", 1}))
      << "two adjacent characters swapped";
  EXPECT_EQ(Align(form, 4, 8, "专项斗争", "开展扫除恶专项斗争的通知"),
            (std::pair<std::string, int>{"扫除恶专项斗争", 1}))
      << "one dropped";
  EXPECT_EQ(Align(form, 4, 8, "专项斗争", "开展扫黑除罪恶专项斗争的通知"),
            (std::pair<std::string, int>{"扫黑除罪恶专项斗争", 1}))
      << "one inserted";
  EXPECT_EQ(Align(form, 4, 8, "专项斗争", "开展扫恶除黑专项斗争").second, -1) << "two edits";
  EXPECT_EQ(Align(form, 4, 8, "专项斗争", "开展扫黑除的恶专项斗争").second, -1)
      << "an excluded insertion is other wording";
}

TEST(NearMissTest, PunctuationInsideTheFormCountsForNothing) {
  EXPECT_EQ(Align("中华人民共和国", 0, 4, "中华人民", "以中华人民“共和”国宪法为准"),
            (std::pair<std::string, int>{"中华人民“共和”国", 0}));
  EXPECT_EQ(Align("不忘初心、牢记使命", 0, 4, "不忘初心", "开展不忘初心，牢记使命主题教育"),
            (std::pair<std::string, int>{"不忘初心，牢记使命", 0}));
  // A list separator where the form has none is a list, not the form.
  EXPECT_EQ(Align("十九届三中全会", 4, 7, "中全会", "十九届二中、三中全会精神").second, -1);
}

TEST(NearMissTest, OuterLettersAreNeitherDroppedNorFreelyReplaced) {
  // 国家知识产权局 seen in 国家知识产权战略: the last letter replaced by the next word.
  EXPECT_EQ(Align("国家知识产权局", 0, 3, "国家知", "实施国家知识产权战略").second, -1);
  // 华人民共和国 in 在华人民: the first letter dropped.
  EXPECT_EQ(Align("中华人民共和国", 3, 7, "民共和国", "外国在华人民共和国").second, -1);
}

TEST(NearMissTest, TwoEditsWhereAllowed) {
  const std::string form = "中华人民共和国行政许可法";
  EXPECT_EQ(Align(form, 2, 5, "人民共", "《中华人民共合国行政许诃法》", 2),
            (std::pair<std::string, int>{"中华人民共合国行政许诃法", 2}));
  EXPECT_EQ(Align(form, 2, 5, "人民共", "《中华人民共合国行政许诃法》", 1).second, -1);
}

TEST(NearMissTest, AnchorsAreDisjointAndRare) {
  auto score = [](std::u32string_view piece) -> size_t {
    return piece.find(U'中') != std::u32string_view::npos ? 100 : 1;
  };
  const auto anchors = ChooseAnchors(U"中华人民共和国行政许可法", 3, 3, score);
  ASSERT_EQ(anchors.size(), 3u);
  for (size_t i = 1; i < anchors.size(); ++i) EXPECT_LE(anchors[i - 1].second, anchors[i].first);
  EXPECT_NE(anchors[0].first, 0u) << "the shared first piece is the last choice";
}

TEST(NearMissTest, AnchorsOfSeveralLengthsStayOutOfASharedPrefix) {
  // Every law title starts with 中华人民共和国: three pieces of four letters cannot all fit in
  // the seven letters of its own name, pieces of two to four can.
  const std::u32string form = U"中华人民共和国道路交通安全法";
  auto score = [](std::u32string_view piece) -> size_t {
    return piece.find_first_of(U"中华人民共和国") != std::u32string_view::npos ? 300 : 1;
  };
  EXPECT_LT(ChooseAnchors(form, 3, 4, score)[0].first, 7u) << "four letters each: no choice";
  const auto anchors = ChooseAnchors(form, 3, 4, score, 2);
  ASSERT_EQ(anchors.size(), 3u);
  EXPECT_GE(anchors[0].first, 7u);
  for (size_t i = 1; i < anchors.size(); ++i) EXPECT_LE(anchors[i - 1].second, anchors[i].first);
  for (auto [b, e] : anchors) EXPECT_GE(e - b, 2u);
  // Ruled-out pieces are never chosen, and fewer pieces come back when no more fit.
  auto only_end = [&](std::u32string_view piece) -> size_t {
    return static_cast<size_t>(piece.data() - form.data()) >= 10 ? 1 : kNoAnchor;
  };
  const auto few = ChooseAnchors(form, 3, 4, only_end, 2);
  ASSERT_EQ(few.size(), 2u);
  EXPECT_EQ(few[0], (std::pair<size_t, size_t>{10, 12}));
  EXPECT_EQ(few[1], (std::pair<size_t, size_t>{12, 14}));
}

// A replacement that makes a common word with its neighbour is the text's own wording
// (中国人民进行 beside 中国人民银行), unless intact_run letters of the form stand beside it as
// written (中国人民共和国: 中国 is a word, but 人民共和国 says the state's name is meant).
TEST(NearMissTest, ACommonWordBesideALongIntactRunIsStillASlip) {
  NearMissOptions o;
  o.common_word = [](char32_t a, char32_t b) {
    return (a == U'中' && b == U'国') || (a == U'进' && b == U'行');
  };
  auto align = [&](const std::string& form, size_t ab, size_t ae, const std::string& anchor,
                   const std::string& text) {
    const size_t at = text.find(anchor);
    return AlignAround(MakeNearMissForm(form), ab, ae, text, at, at + anchor.size(), o).edits;
  };
  EXPECT_EQ(align("中华人民共和国", 3, 6, "民共和", "中国人民共和国和萨尔瓦多共和国"), -1)
      << "without intact_run the common word decides";
  o.intact_run = 5;
  EXPECT_EQ(align("中华人民共和国", 3, 6, "民共和", "中国人民共和国和萨尔瓦多共和国"), 1);
  EXPECT_EQ(align("中国人民银行", 0, 3, "中国人", "中国人民进行改革开放"), -1)
      << "four letters intact: the text's own wording";
}

// A traditional character is the form's letter written in the other script (毛澤东主席 in a
// report of 1957): no edit, even beside another edit.
TEST(NearMissTest, ATraditionalCharacterIsTheSameLetter) {
  EXPECT_EQ(Align("毛泽东主席", 3, 5, "主席", "依据毛澤东主席的报告"),
            (std::pair<std::string, int>{"毛澤东主席", 0}));
  EXPECT_EQ(Align("中华人民共和国国务院", 7, 10, "国务院", "中華人民共和國国务院令"),
            (std::pair<std::string, int>{"中華人民共和國国务院", 0}));
  EXPECT_EQ(Align("毛泽东主席", 3, 5, "主席", "依据毛澤冬主席的报告"),
            (std::pair<std::string, int>{"毛澤冬主席", 1}));
}

// fixed_letters: a title's letters after a name take only confusable characters, the name's
// any (王沪生主席 is a slip of 王沪宁主席, 要张春桥当总理 is other wording).
TEST(NearMissTest, FixedLettersTakeOnlyConfusableCharacters) {
  NearMissOptions o;
  o.fixed_letters = U"总理副主席";
  o.outer_confusable = [](char32_t right, char32_t wrong) {
    return right == U'副' && wrong == U'付';
  };
  auto align = [&](const std::string& form, size_t ab, size_t ae, const std::string& anchor,
                   const std::string& text) {
    const size_t at = text.find(anchor);
    return AlignAround(MakeNearMissForm(form), ab, ae, text, at, at + anchor.size(), o).edits;
  };
  EXPECT_EQ(align("张春桥副总理", 0, 3, "张春桥", "要张春桥当总理的大标语"), -1);
  EXPECT_EQ(align("张春桥副总理", 0, 3, "张春桥", "张春桥付总理出席"), 1);
  EXPECT_EQ(align("王沪宁主席", 0, 2, "王沪", "王沪生主席出席"), 1);
  o.fixed_letters = U"";
  EXPECT_EQ(align("张春桥副总理", 0, 3, "张春桥", "要张春桥当总理的大标语"), 1)
      << "without fixed letters any interior letter may be replaced";
}

// any_word: the last letter replaced by a non-confusable character is a slip only where the
// text closes the form right after it and the character makes no word with the one before.
TEST(NearMissTest, ALastLetterClosedByASeparatorAndInNoWordIsASlip) {
  NearMissOptions o;
  o.insert_exclude = U"的和";
  auto align = [&](const std::string& form, size_t ab, size_t ae, const std::string& anchor,
                   const std::string& text) {
    const size_t at = text.find(anchor);
    return AlignAround(MakeNearMissForm(form), ab, ae, text, at, at + anchor.size(), o).edits;
  };
  EXPECT_EQ(align("推进乡村全面振兴", 0, 4, "推进乡村", "推进乡村全面振心。"), -1)
      << "without any_word only a confusable character may replace the last letter";
  o.any_word = [](char32_t a, char32_t b) {
    return (a == U'权' && b == U'战') || (a == U'文' && b == U'化');
  };
  EXPECT_EQ(align("推进乡村全面振兴", 0, 4, "推进乡村", "推进乡村全面振心。"), 1);
  EXPECT_EQ(align("推进乡村全面振兴", 0, 4, "推进乡村", "要推进乡村全面振心"), 1)
      << "the text's end closes the form too";
  EXPECT_EQ(align("工伤保险条例", 0, 4, "工伤保险", "依照《工伤保险条列》办理"), 1);
  EXPECT_EQ(align("推进乡村全面振兴", 0, 4, "推进乡村", "推进乡村全面振心工作"), -1)
      << "not closed: the character may begin the text's next word";
  EXPECT_EQ(align("建设中华民族现代文明", 0, 4, "建设中华", "建设中华民族现代文化。"), -1)
      << "文化 is a word: other wording";
  EXPECT_EQ(align("国家知识产权局", 0, 3, "国家知", "实施国家知识产权战。"), -1);
  EXPECT_EQ(align("推进乡村全面振兴", 4, 8, "全面振兴", "要新推进乡村全面振兴"), 0);
  EXPECT_EQ(align("推进乡村全面振兴", 4, 8, "全面振兴", "要新进乡村全面振兴"), -1)
      << "only the last letter, not the first, is closed by what follows";
}

}  // namespace
}  // namespace cuomin::scanner::rules
