// The pattern prefilter must never hide a match from RE2: every block where a pattern matches
// is a candidate for it. Checked on the shipped patterns over real government text and every
// rule example, and on the cases where Hyperscan and RE2 read a pattern differently.
#include "scanner/match/pattern_prefilter.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "scanner/engine/rule_loader.h"
#include "scanner/rules/pattern_rule.h"
#include "test_paths.h"

namespace cuomin::scanner {
namespace {

std::vector<std::vector<uint32_t>> Candidates(const PatternPrefilter& p,
                                              const std::vector<std::string>& blocks,
                                              bool valid = true) {
  std::vector<std::string_view> views(blocks.begin(), blocks.end());
  std::vector<std::vector<uint32_t>> out;
  p.Scan(views, valid, out);
  return out;
}

bool Has(const std::vector<uint32_t>& list, uint32_t i) {
  return std::find(list.begin(), list.end(), i) != list.end();
}

// Debian 12's Vectorscan 5.4.9 missed this match after ~20 Han characters; it must be found.
TEST(PatternPrefilter, FindsParenthesesAfterLongHanRun) {
  PatternPrefilter p;
  p.Add(R"((?P<match>\(([^()\n]*\p{Han}[^()\n]*)\)))");
  p.Build();
  std::string prefix;
  for (int i = 0; i < 40; ++i) prefix += "以";
  auto c = Candidates(p, {"对国家公务员特别是县(处)级以上领导干部",
                          prefix + "对国家公务员特别是县(处)级以上领导干部", "没有括号的段落。"});
  EXPECT_TRUE(Has(c[0], 0));
  EXPECT_TRUE(Has(c[1], 0));
  EXPECT_FALSE(Has(c[2], 0));
}

// Long counted repeats are widened for Hyperscan (they took seconds to compile): the blocks
// where they match must still be candidates, braces that are no repeat must stay literal, and a
// block without the pattern's letters must not become one.
TEST(PatternPrefilter, LongCountedRepeatsStillFindTheirMatches) {
  PatternPrefilter p;
  p.Add(R"(《(?P<match>([^《》\n]{1,120})》([（(](?:试行|暂行)[）)])))");
  p.Add(R"(中华人民共和国[^\P{Han}的是]{1,20}?(?:法|条例))");
  p.Add(R"(编号\{17,20\}[{]{17}号)");  // literal braces, a class of one brace
  p.Add(R"(\x{4E00}{18}年)");
  p.Build();
  auto c = Candidates(
      p, {"印发《关于加强基层治理的若干措施》（试行）的通知", "依据中华人民共和国行政许可法规定",
          "编号{17,20}{{{{{{{{{{{{{{{{{号", "一一一一一一一一一一一一一一一一一一年",
          "没有书名号的段落，也没有法律名称。"});
  EXPECT_EQ(c[0], std::vector<uint32_t>{0});
  EXPECT_EQ(c[1], std::vector<uint32_t>{1});
  EXPECT_EQ(c[2], std::vector<uint32_t>{2});
  EXPECT_EQ(c[3], std::vector<uint32_t>{3});
  EXPECT_EQ(c[4], std::vector<uint32_t>{});
  EXPECT_EQ(p.unfiltered_count(), 0u);
}

TEST(PatternPrefilter, AnchorsMeanBlockEnds) {
  PatternPrefilter p;
  p.Add(R"(^\s*(?:绝密|机密|秘密)\s*$)");  // a marking alone on its line
  p.Add("年度报告");
  p.Build();
  auto c = Candidates(p, {"关于印发通知的函", "机密", "本机关2023年度报告如下", "秘密"});
  EXPECT_EQ(c[0], std::vector<uint32_t>{});
  EXPECT_EQ(c[1], std::vector<uint32_t>{0});
  EXPECT_EQ(c[2], std::vector<uint32_t>{1});
  EXPECT_EQ(c[3], std::vector<uint32_t>{0});
}

TEST(PatternPrefilter, UnscannablePatternsAreCandidatesEverywhere) {
  PatternPrefilter p;
  p.Add("x*");            // matches the empty string
  p.Add(R"(\A第一条)");   // \A: the start of a block, which the joined text does not show
  p.Add(R"(\C年)");       // RE2's any-byte escape: Hyperscan cannot read it
  p.Add("不会出现的词");  // an ordinary pattern
  p.Build();
  EXPECT_EQ(p.unfiltered_count(), 3u);
  auto c = Candidates(p, {"第一条 为了规范管理", "其他内容"});
  EXPECT_EQ(c[0], (std::vector<uint32_t>{0, 1, 2}));
  EXPECT_EQ(c[1], (std::vector<uint32_t>{0, 1, 2}));
}

// Patterns keyed by CJK literals share one database; one that Hyperscan cannot compile must
// not cost the others their filtering, and each match is credited to its own pattern.
TEST(PatternPrefilter, SharedDatabaseSurvivesAMemberItCannotCompile) {
  PatternPrefilter p;
  p.Add(R"((?:党的|中共)[0-9]{1,2}大)");
  p.Add(R"(\C年度)");  // Hyperscan cannot read \C: a candidate everywhere
  p.Add("[发函字]\\[(?:19|20)\\d{2}\\]");
  p.Add(R"(年.{1,100}月)");  // a bounded repeat
  p.Add("!");                // keyed by an ASCII byte: a database of its own
  p.Build();
  EXPECT_EQ(p.unfiltered_count(), 1u);
  auto c = Candidates(
      p, {"深入学习贯彻党的20大精神", "国办函[2019]80号", "2023年1月", "好!", "没有要找的内容"});
  EXPECT_EQ(c[0], (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ(c[1], (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(c[2], (std::vector<uint32_t>{1, 3}));
  EXPECT_EQ(c[3], (std::vector<uint32_t>{1, 4}));
  EXPECT_EQ(c[4], (std::vector<uint32_t>{1}));
}

TEST(PatternPrefilter, MalformedTextMakesEveryPatternACandidate) {
  PatternPrefilter p;
  p.Add("不会出现的词");
  p.Build();
  auto c = Candidates(p, {"正文", ""}, /*valid=*/false);
  EXPECT_EQ(c[0], std::vector<uint32_t>{0});
  EXPECT_TRUE(c[1].empty());  // an empty block has nothing to match
}

// Real government paragraphs (clean reports, tests/testdata/gov-text/) and every example text
// of the shipped rules.
std::vector<std::string> RealBlocks(const std::vector<std::unique_ptr<rules::Rule>>& rules) {
  std::vector<std::string> blocks;
  {
    const std::string path = cuomin::test_paths::Testdata() + "/gov-text/reports-sample.jsonl";
    std::ifstream in(path);
    if (!in) ADD_FAILURE() << "cannot read " << path;
    std::string line;
    while (std::getline(in, line)) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.contains("content")) continue;
      std::string content = j["content"].get<std::string>();
      size_t start = 0;
      for (size_t nl; (nl = content.find('\n', start)) != std::string::npos; start = nl + 1)
        blocks.push_back(content.substr(start, nl - start));
      blocks.push_back(content.substr(start));
    }
  }
  for (const auto& r : rules)
    for (const auto& e : r->info().examples) blocks.push_back(e.text);
  return blocks;
}

TEST(PatternPrefilter, NeverHidesAShippedPatternMatch) {
  std::vector<rules::RuleInfo> skipped;  // the language model is not needed here
  auto rules = LoadRuleDirs(
      {cuomin::test_paths::Dictionaries()}, {},
      [](const rules::RuleInfo& i) { return i.id == "context-typo"; }, &skipped);
  ASSERT_TRUE(rules.ok()) << rules.status().message();
  PatternPrefilter prefilter;
  std::vector<std::unique_ptr<RE2>> exact;
  for (const auto& r : *rules) {
    auto* p = dynamic_cast<const rules::PatternRuleBase*>(r.get());
    if (!p || p->view() != rules::MatchView::kOriginal) continue;
    prefilter.Add(p->pattern());
    exact.push_back(std::make_unique<RE2>(p->pattern(), RE2::Quiet));
  }
  prefilter.Build();
  ASSERT_GE(exact.size(), 20u);
  EXPECT_EQ(prefilter.unfiltered_count(), 0u) << "every shipped pattern should be prefiltered";
  std::vector<std::string> blocks = RealBlocks(*rules);
  ASSERT_GT(blocks.size(), 5000u);
  auto candidates = Candidates(prefilter, blocks);
  size_t matches = 0, candidate_pairs = 0;
  for (size_t b = 0; b < blocks.size(); ++b) {
    candidate_pairs += candidates[b].size();
    for (uint32_t i = 0; i < exact.size(); ++i) {
      if (!RE2::PartialMatch(blocks[b], *exact[i])) continue;
      ++matches;
      EXPECT_TRUE(Has(candidates[b], i)) << exact[i]->pattern() << " on: " << blocks[b];
    }
  }
  // The data does exercise the patterns (218 matches on the sample and today's rules).
  EXPECT_GT(matches, 150u);
  // And it filters: far fewer candidates than blocks x patterns.
  EXPECT_LT(candidate_pairs, blocks.size() * exact.size() / 5);
}

}  // namespace
}  // namespace cuomin::scanner
