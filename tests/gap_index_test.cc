// The index of characters a dropped character may be (context-typo's gap check): every
// character that completes a listed word around a gap, from whichever side, and nothing where
// no word fits; and the general dictionary's common long words it is built from.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "scanner/rules/context_typo/gap_index.h"
#include "scanner/rules/context_typo/word_frequency.h"

namespace cuomin::scanner::lm {
namespace {

std::u32string U(const std::string& s) { return utf8::ToUtf32(s); }

// The characters put between `before` and `after` (the gap's two neighbours on each side).
std::u32string Fill(const GapIndex& index, const std::string& before, const std::string& after) {
  const std::u32string b = U(before), a = U(after);
  std::vector<char32_t> out;
  index.Candidates(b.size() > 1 ? b[b.size() - 2] : 0, b.back(), a[0], a.size() > 1 ? a[1] : 0,
                   out);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return {out.begin(), out.end()};
}

TEST(GapIndex, GivesTheCharactersThatCompleteAWordFromEitherSide) {
  GapIndex index;
  index.Reserve(8);  // fewer than filed: the index grows
  for (const std::string w : {"有限公司", "红十字会", "与此同时"}) {
    const std::u32string cps = U(w);
    index.Add(cps);
  }
  EXPECT_EQ(Fill(index, "有限公", "承建"), U("司"));  // the last character
  EXPECT_EQ(Fill(index, "有限", "司承"), U("公"));    // one in the middle
  EXPECT_EQ(Fill(index, "各级", "十字"), U("红"));    // the first
  EXPECT_EQ(Fill(index, "与", "同时"), U("此"));
  EXPECT_EQ(Fill(index, "团结", "一心"), U(""));
  EXPECT_EQ(Fill(index, "司", "承"), U(""));  // one written neighbour is no word's stretch
}

TEST(WordFrequency, KeepsTheCommonWordsOfThreeOrMoreCharacters) {
  auto table = WordFrequency::Parse(
      "有限公司\t200\n有限公司\t5\n红十字会\t50\n国家\t1000\n红十字\t99\n南方周末\t100\n", "t");
  ASSERT_TRUE(table.ok());
  std::vector<std::u32string> words;
  for (size_t k = 0; k < (*table)->common_words(); ++k) {
    const auto w = (*table)->common_word(k);
    words.emplace_back(w.begin(), w.end());
  }
  EXPECT_EQ(words, (std::vector<std::u32string>{U("有限公司"), U("南方周末")}));
}

}  // namespace
}  // namespace cuomin::scanner::lm
