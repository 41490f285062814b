// pattern: an RE2 expression, an optional validator, an optional rewrite of the match.
#include <re2/re2.h>

#include <algorithm>
#include <unordered_set>

#include "common/utf8.h"
#include "scanner/match/text_fold.h"
#include "scanner/rules/pattern_rule.h"
#include "scanner/rules/types.h"
#include "scanner/rules/validators.h"
#include "scanner/rules/word_list_loading.h"

namespace cuomin::scanner::rules {
namespace {

// `suggest: halfwidth` — the match with full-width ASCII made half-width.
constexpr std::string_view kHalfwidthSuggestion = "halfwidth";

// `preceded_by:` words (a place name, 最高) one of which must end right where the match begins.
// RE2 has no look-behind, and a list of thousands of names is data, not a pattern: 北京市检察院
// is an official name cut short, 军事检察院 and 各级检察院 are not.
struct Preceding {
  std::unordered_set<std::string> words;
  size_t max_letters = 0;

  bool empty() const { return words.empty(); }
  bool EndsAt(std::string_view text, size_t begin) const {
    size_t start = begin;
    for (size_t letters = 0; letters < max_letters && start > 0; ++letters) {
      --start;
      while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
      if (words.count(std::string(text.substr(start, begin - start)))) return true;
    }
    return false;
  }
};

class PatternRule : public PatternRuleBase {
 public:
  PatternRule(RuleInfo info, std::string pattern, MatchView view, std::string suggest,
              Validator validator, Preceding preceding)
      : PatternRuleBase(std::move(info)),
        pattern_(std::move(pattern)),
        re_(pattern_, RE2::Quiet),
        view_(view),
        suggest_(std::move(suggest)),
        suggester_(FindSuggester(suggest_)),
        validator_(validator),
        preceding_(std::move(preceding)) {
    auto names = re_.NamedCapturingGroups();
    auto it = names.find("match");
    report_group_ = it == names.end() ? 0 : it->second;
  }

  bool ok() const { return re_.ok(); }
  std::string error() const { return re_.error(); }
  const RE2& re() const { return re_; }
  const std::string& pattern() const override { return pattern_; }
  MatchView view() const override { return view_; }

  void CheckBlock(const BlockView& block, std::vector<Hit>& out) const override {
    CheckText(block.block.text, block, out);
  }

  void CheckText(std::string_view text, const BlockView& block,
                 std::vector<Hit>& out) const override {
    const int groups = re_.NumberOfCapturingGroups();
    std::vector<re2::StringPiece> sub(groups + 1);
    size_t pos = 0;
    while (pos <= text.size() &&
           re_.Match(text, pos, text.size(), RE2::UNANCHORED, sub.data(), groups + 1)) {
      re2::StringPiece whole = sub[0];
      // RE2 has no look-around, so a pattern may match context around the interesting part
      // and name that part (?P<match>...): only it is reported.
      re2::StringPiece reported =
          report_group_ > 0 && sub[report_group_].data() ? sub[report_group_] : whole;
      size_t begin = reported.data() - text.data();
      size_t end = begin + reported.size();
      size_t whole_end = whole.data() - text.data() + whole.size();
      if (end > begin &&
          (!validator_ || validator_(std::string_view(reported.data(), reported.size()))) &&
          (preceding_.empty() || preceding_.EndsAt(text, begin))) {
        Hit h;
        h.block = block.index;
        h.begin = begin;
        h.end = end;
        h.suggestion = Suggest(reported, sub);
        out.push_back(std::move(h));
      }
      // Continue after the reported part (context captured around it may overlap the next
      // match), and always move forward.
      size_t next = std::max(end, static_cast<size_t>(whole.data() - text.data()));
      if (next <= pos) next = pos + 1;
      if (whole.empty() && next < whole_end) next = whole_end;
      pos = next;
      while (pos < text.size() && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
    }
  }

 private:
  // The template (\0 the whole match, \1.. its groups) gives the text that should replace
  // the reported part.
  std::string Suggest(re2::StringPiece reported, const std::vector<re2::StringPiece>& sub) const {
    if (suggest_.empty()) return "";
    if (suggest_ == kHalfwidthSuggestion) {
      return ToHalfwidth(std::string_view(reported.data(), reported.size()));
    }
    if (suggester_) return suggester_(std::string_view(reported.data(), reported.size()));
    std::string s;
    if (!re_.Rewrite(&s, suggest_, sub.data(), static_cast<int>(sub.size()))) return "";
    return s;
  }

  std::string pattern_;
  RE2 re_;
  MatchView view_;
  std::string suggest_;
  Suggester suggester_;  // a named suggester (ganzhi, year_zero) in place of a template
  Validator validator_;
  Preceding preceding_;
  int report_group_ = 0;
};

// `lists: {name: file}`: `{list:name}` in the pattern stands for any word of the file (its
// first column), so a word class derived from data (jieba's reduplicated status words) stays a
// list its script rebuilds instead of a long alternation edited by hand.
Result<std::string> ExpandLists(const YAML::Node& node, std::string pattern,
                                const LoadContext& ctx) {
  const YAML::Node lists = node["lists"];
  if (!lists) return pattern;
  if (!lists.IsMap()) return ctx.Error(lists, "lists 应为“名称: 词表文件”");
  for (const auto& kv : lists) {
    const std::string name = kv.first.as<std::string>("");
    const std::string placeholder = "{list:" + name + "}";
    if (pattern.find(placeholder) == std::string::npos)
      return ctx.Error(kv.first, "pattern 中没有用到 " + placeholder);
    auto lines = ctx.ReadList(kv.second.as<std::string>(""));
    if (!lines.ok()) return ctx.Error(kv.second, lines.status().message());
    std::vector<std::string> words;
    for (const auto& entry : *lines) {
      const std::string& text = entry.second;
      words.push_back(text.substr(0, text.find('\t')));
    }
    if (words.empty()) return ctx.Error(kv.second, "词表为空");
    // RE2 takes the first alternative that matches: longer words first, so 糊里糊涂 is not
    // cut short by a word it starts with.
    std::stable_sort(words.begin(), words.end(), [](const std::string& a, const std::string& b) {
      return a.size() > b.size();
    });
    std::string alternation = "(?:";
    for (size_t i = 0; i < words.size(); ++i) {
      if (i) alternation += '|';
      alternation += RE2::QuoteMeta(words[i]);
    }
    alternation += ')';
    for (size_t at = pattern.find(placeholder); at != std::string::npos;
         at = pattern.find(placeholder, at + alternation.size()))
      pattern.replace(at, placeholder.size(), alternation);
  }
  return pattern;
}

// `words:` and every name of every line of each `wordlist:` (tabs and | separate them): the
// place lists give a short and a full name a line (北京<Tab>北京市).
Result<std::vector<std::string>> ReadPrecedingWords(const YAML::Node& node,
                                                    const LoadContext& ctx) {
  auto words = ReadStrings(node, "words", ctx);
  if (!words.ok()) return words.status();
  auto files = ReadStrings(node, "wordlist", ctx);
  if (!files.ok()) return files.status();
  for (const std::string& file : *files) {
    auto lines = ctx.ReadList(file);
    if (!lines.ok()) return ctx.Error(node["wordlist"], lines.status().message());
    for (auto& [n, line] : *lines) {
      size_t from = 0;
      while (from <= line.size()) {
        size_t to = line.find_first_of("\t|", from);
        if (to == std::string::npos) to = line.size();
        if (to > from) words->push_back(line.substr(from, to - from));
        from = to + 1;
      }
    }
  }
  return words;
}

}  // namespace

Result<std::unique_ptr<Rule>> MakePatternRule(const YAML::Node& node, RuleInfo info,
                                              const LoadContext& ctx) {
  const YAML::Node p = node["pattern"];
  if (!p || !p.IsScalar() || p.as<std::string>().empty())
    return ctx.Error(node, "pattern 规则需要非空的 pattern");
  auto view = ParseView(node, ctx);
  if (!view.ok()) return view.status();
  Validator validator = nullptr;
  if (const YAML::Node v = node["validator"]) {
    validator = FindValidator(v.as<std::string>(""));
    if (!validator) return ctx.Error(v, "未知的校验器 '" + v.as<std::string>("") + "'");
  }
  std::string suggest = node["suggest"] ? node["suggest"].as<std::string>("") : "";
  auto pattern = ExpandLists(node, p.as<std::string>(), ctx);
  if (!pattern.ok()) return pattern.status();
  Preceding preceding;
  if (const YAML::Node before = node["preceded_by"]) {
    auto words = ReadPrecedingWords(before, ctx);
    if (!words.ok()) return words.status();
    for (std::string& w : *words) {
      preceding.max_letters = std::max(preceding.max_letters, utf8::ToUtf32(w).size());
      preceding.words.insert(std::move(w));
    }
    if (preceding.empty()) return ctx.Error(before, "preceded_by 需要 words 或 wordlist");
  }
  auto rule = std::make_unique<PatternRule>(std::move(info), *pattern, *view, suggest, validator,
                                            std::move(preceding));
  if (!rule->ok()) return ctx.Error(p, "正则表达式有误：" + rule->error());
  if (Status cost = ctx.CheckRegexCost(p, rule->re()); !cost.ok()) return cost;
  if (!suggest.empty() && suggest != kHalfwidthSuggestion && !FindSuggester(suggest)) {
    std::string error;
    RE2 check(*pattern, RE2::Quiet);
    if (!check.CheckRewriteString(suggest, &error))
      return ctx.Error(node["suggest"], "suggest 改写模板有误：" + error);
  }
  return std::unique_ptr<Rule>(std::move(rule));
}

const RuleType& PatternRuleType() {
  static const RuleType* type = new RuleType{
      MakePatternRule, {"pattern", "match", "validator", "suggest", "lists", "preceded_by"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
