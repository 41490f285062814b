// The similar-shape table (dictionaries/shape/similar-shapes.txt) and its API.
#include "scanner/shape/similar_shapes.h"
#include "test_paths.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace cuomin::scanner::shape {
namespace {

const std::string kTable = cuomin::test_paths::Dictionaries() + "/shape/similar-shapes.txt";

TEST(SimilarShapesTest, ShippedTableKnowsTheClassicSlips) {
  auto shapes = SimilarShapes::Load(kTable);
  ASSERT_TRUE(shapes.ok()) << shapes.status().message();
  struct Row {
    char32_t a, b;
    const char* why;
  } rows[] = {
      {U'拔', U'拨', "犮/发 in the same frame"},
      {U'侯', U'候', "one stroke more"},
      {U'祟', U'崇', "same four-corner code"},
      {U'戍', U'戌', "a different stroke"},
      {U'太', U'大', "one dot more"},
      {U'厂', U'广', "one dot more"},
      {U'亚', U'业', "one stroke more"},
      {U'己', U'已', "the same strokes"},
      {U'未', U'末', "the same parts"},
      {U'辨', U'辩', "the middle part differs"},
      {U'宵', U'霄', "the same sound component 肖, read alike"},
      {U'萃', U'粹', "the same sound component 卒, read alike"},
      {U'濡', U'孺', "the same sound component 需, read alike"},
      {U'迥', U'炯', "the same sound component 冋, read alike"},
      {U'人', U'入', "strokes only, the same four-corner code 8000"},
      {U'入', U'八', "strokes only, the same four-corner code 8000"},
  };
  for (const Row& r : rows) {
    EXPECT_TRUE(shapes->Similar(r.a, r.b)) << r.why;
    EXPECT_TRUE(shapes->Similar(r.b, r.a)) << r.why << " (reversed)";
  }
  // Nothing alike: different parts, or the same sound only.
  EXPECT_FALSE(shapes->Similar(U'人', U'民'));
  EXPECT_FALSE(shapes->Similar(U'权', U'力'));
  EXPECT_FALSE(shapes->Similar(U'的', U'地'));
  // The same sound component is not enough when the confusion data does not read the two alike
  // (俏 qiao, 销 xiao).
  EXPECT_FALSE(shapes->Similar(U'俏', U'销'));
  EXPECT_FALSE(shapes->Similar(U'拔', U'拔'));
  // Every character's list holds what it is similar to, and nothing it is not.
  for (char32_t c : {U'拔', U'侯', U'戍'}) {
    ASSERT_FALSE(shapes->Of(c).empty());
    for (char32_t o : shapes->Of(c)) EXPECT_TRUE(shapes->Similar(c, o));
  }
  EXPECT_TRUE(shapes->Of(U'a').empty());
}

// The looser table: the same body in the same place under radicals a stroke apart, which a
// shape-code input method or a hurried hand slips between (领导小组 → 小姐, 畜牧 → 畜枚).
TEST(SimilarShapesTest, LooseTableHoldsTheSameBodyUnderAnotherRadical) {
  auto loose =
      SimilarShapes::Load(cuomin::test_paths::Dictionaries() + "/shape/similar-radicals.txt");
  ASSERT_TRUE(loose.ok()) << loose.status().message();
  auto close = SimilarShapes::Load(kTable);
  ASSERT_TRUE(close.ok()) << close.status().message();
  for (auto [a, b] : {std::pair{U'组', U'姐'}, {U'牧', U'枚'}, {U'禁', U'焚'}}) {
    EXPECT_TRUE(loose->Similar(a, b));
    EXPECT_FALSE(close->Similar(a, b)) << "a loose pair stays out of the close table";
  }
  // A pair the close table has is not repeated (组/祖: 纟/礻 under the same 且 and corners).
  EXPECT_TRUE(close->Similar(U'组', U'祖'));
  EXPECT_FALSE(loose->Similar(U'组', U'祖'));
  // The same radical with another body is no such pair (拔/抨), nor unrelated characters.
  EXPECT_FALSE(loose->Similar(U'拔', U'抨'));
  EXPECT_FALSE(loose->Similar(U'人', U'民'));
}

TEST(SimilarShapesTest, ListsAreSymmetricAndClosestFirst) {
  auto shapes = SimilarShapes::Parse({{3, "侯\t候倏"}, {4, "候\t"}}, "t.txt");
  ASSERT_TRUE(shapes.ok()) << shapes.status().message();
  ASSERT_EQ(shapes->Of(U'侯').size(), 2u);
  EXPECT_EQ(shapes->Of(U'侯')[0], U'候');
  EXPECT_TRUE(shapes->Similar(U'倏', U'侯'));  // only 侯's line names it
  EXPECT_TRUE(shapes->Similar(U'候', U'侯'));
  EXPECT_FALSE(shapes->Similar(U'候', U'倏'));
}

TEST(SimilarShapesTest, BrokenLinesNameFileAndLine) {
  auto no_tab = SimilarShapes::Parse({{7, "侯候"}}, "my.txt");
  ASSERT_FALSE(no_tab.ok());
  EXPECT_EQ(no_tab.status().message(), "my.txt:7: 应为“字<TAB>形近字”");
  auto spaces = SimilarShapes::Parse({{2, "侯\t候 倏"}}, "my.txt");
  ASSERT_FALSE(spaces.ok());
  EXPECT_EQ(spaces.status().message(), "my.txt:2: 形近字列应只含汉字");
  auto bad_utf8 = SimilarShapes::Parse({{1, "\xE4\xBE\t候"}}, "my.txt");
  EXPECT_FALSE(bad_utf8.ok());
  auto missing = SimilarShapes::Load("/nonexistent/similar.txt");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/similar.txt"), std::string::npos);
}

}  // namespace
}  // namespace cuomin::scanner::shape
