// place_alone: a county's or city's name one character off its official form with no parent
// place before it (齐齐哈市人民政府, 云杨县 at the start of a line).
//
// Without the parent to narrow the choice, the list of misspelt forms does the narrowing
// (scripts/build_place_names.py): only a confusable character replaced (same sound or similar
// shape), two characters swapped or one dropped, never an official name of any level nor a
// word, and standing for one place only. What the list cannot know is the text around the
// form, and there lie the false alarms: 中心城区 holds 心城区, one sound off 新城区, and
// 哈尔滨新区 holds 滨新区. So a form is reported only where no word of the text reaches into
// it from before (中心, 哈尔滨), no listed word begins at its level word (市场, 区域), and, when
// its first character is the one replaced, where the name plainly starts: at the start of the
// text, after punctuation, a higher place's level word or a preposition.
#include <algorithm>
#include <functional>
#include <unordered_set>

#include "common/utf8.h"
#include "scanner/rules/types.h"
#include "scanner/rules/word_list_loading.h"
#include "scanner/rules/word_rule.h"

namespace cuomin::scanner::rules {
namespace {

class PlaceAloneRule : public WordRule {
 public:
  struct Form {
    std::string wrong;
    std::string right;
    bool first_changed;  // the first character is not the official name's
    size_t level_bytes;  // bytes of the level word at its end
  };

  // Words are kept as hashes: the vocabulary has 300,000 of them and is only asked whether it
  // holds a string; a collision would only keep one form quiet.
  static size_t Hash(std::string_view s) { return std::hash<std::string_view>{}(s); }

  PlaceAloneRule(RuleInfo info, std::vector<Form> forms, std::unordered_set<size_t> words,
                 std::vector<std::string> tails, std::u32string starts)
      : WordRule(std::move(info)),
        forms_(std::move(forms)),
        words_(std::move(words)),
        tails_(std::move(tails)),
        starts_(std::move(starts)) {}

  void Words(const std::function<void(std::string_view, uint32_t)>& add) const override {
    for (uint32_t i = 0; i < forms_.size(); ++i) add(forms_[i].wrong, i);
  }

  void OnMatches(const WordContext& ctx, const std::vector<WordMatch>& matches,
                 std::vector<Hit>& out) const override {
    const std::string_view text = ctx.text;
    for (const WordMatch& m : matches) {
      const Form& form = forms_[m.entry];
      if (WordReachesIn(text, m.begin, m.end - form.level_bytes)) continue;
      const std::string_view rest = text.substr(m.end - LastCharBytes(form.wrong));
      if (std::any_of(tails_.begin(), tails_.end(),
                      [&](const std::string& t) { return rest.starts_with(t); }))
        continue;
      if (form.first_changed && !PlainStart(text, m.begin)) continue;
      out.push_back(Hit{ctx.block.index, m.begin, m.end, form.right, "", std::nullopt});
    }
  }

 private:
  static size_t LastCharBytes(std::string_view s) {
    size_t i = s.size();
    utf8::Prev(s, i);
    return s.size() - i;
  }

  // Whether a word of up to three Han characters before `begin` and at least one of the name
  // [begin, stem_end) is a listed word: the text's own word, not the start of a place's name.
  bool WordReachesIn(std::string_view text, size_t begin, size_t stem_end) const {
    std::vector<size_t> before;  // byte offsets of up to three Han characters before begin
    for (size_t i = begin; before.size() < 3 && i > 0;) {
      if (!utf8::IsHan(utf8::Prev(text, i))) break;
      before.push_back(i);
    }
    if (before.empty()) return false;
    for (size_t end = begin; end < stem_end;) {
      utf8::Next(text, end);
      for (size_t from : before)
        if (words_.count(Hash(text.substr(from, end - from)))) return true;
    }
    return false;
  }

  // Whether a name may start at `begin`: the block's start, after a character that is no Han
  // character, or after one of `starts_` (省, 市, 在, 赴 ...).
  bool PlainStart(std::string_view text, size_t begin) const {
    if (begin == 0) return true;
    size_t j = begin;
    const char32_t c = utf8::Prev(text, j);
    return !utf8::IsHan(c) || starts_.find(c) != std::u32string::npos;
  }

  std::vector<Form> forms_;
  std::unordered_set<size_t> words_;
  std::vector<std::string> tails_;
  std::u32string starts_;
};

// The level word a name ends with, longest first, as place-alone.txt uses them.
constexpr std::string_view kLevels[] = {"自治县", "自治旗", "自治州", "地区", "县",
                                        "区",     "市",     "旗",     "盟"};

}  // namespace

Result<std::unique_ptr<Rule>> MakePlaceAloneRule(const YAML::Node& node, RuleInfo info,
                                                 const LoadContext& ctx) {
  const YAML::Node list = node["wordlist"];
  if (!list || !list.IsScalar())
    return ctx.Error(node, "place_alone 规则需要 wordlist（错写<TAB>正式名称）");
  const std::string list_file = list.as<std::string>("");
  auto lines = ctx.ReadList(list_file);
  if (!lines.ok()) return ctx.Error(list, lines.status().message());
  std::vector<PlaceAloneRule::Form> forms;
  for (auto& [n, line] : *lines) {
    const size_t tab = line.find('\t');
    const std::string wrong = tab == std::string::npos ? "" : line.substr(0, tab);
    const std::string right = tab == std::string::npos ? "" : line.substr(tab + 1);
    size_t level = 0;
    for (std::string_view l : kLevels)
      if (wrong.ends_with(l) && right.ends_with(l) && wrong.size() > l.size()) {
        level = l.size();
        break;
      }
    if (wrong.empty() || right.empty() || level == 0)
      return ctx.Error(list,
                       list_file + ":" + std::to_string(n) +
                           ": 每行应为“错写<TAB>正式名称”，两者以同一级别用字（县、区、市等）结尾");
    size_t a = 0, b = 0;
    const bool first_changed = utf8::Next(wrong, a) != utf8::Next(right, b);
    forms.push_back({wrong, right, first_changed, level});
  }
  // A word can reach into a name only if it ends in one of the names' characters.
  std::unordered_set<char32_t> name_chars;
  for (const auto& f : forms)
    for (char32_t c : utf8::ToUtf32(f.wrong)) name_chars.insert(c);
  std::unordered_set<size_t> words;
  auto keep = [&](std::string_view word) {
    const std::u32string w = utf8::ToUtf32(word);
    // A single character reaches nowhere; only words of two or more are kept.
    if (w.size() >= 2 && name_chars.count(w.back())) words.insert(PlaceAloneRule::Hash(word));
  };
  if (const YAML::Node v = node["vocabulary"]) {
    auto vocab = ctx.ReadList(v.as<std::string>(""));
    if (!vocab.ok()) return ctx.Error(v, vocab.status().message());
    for (auto& [n, line] : *vocab) keep(std::string_view(line).substr(0, line.find('\t')));
  }
  auto extra = ReadStrings(node, "words", ctx);
  if (!extra.ok()) return extra.status();
  for (const std::string& w : *extra) keep(w);
  auto tails = ReadStrings(node, "tails", ctx);
  if (!tails.ok()) return tails.status();
  auto starts = ReadStrings(node, "starts", ctx);
  if (!starts.ok()) return starts.status();
  std::u32string start_chars;
  for (const std::string& s : *starts) start_chars += utf8::ToUtf32(s);
  return std::unique_ptr<Rule>(new PlaceAloneRule(std::move(info), std::move(forms),
                                                  std::move(words), std::move(*tails),
                                                  std::move(start_chars)));
}

const RuleType& PlaceAloneRuleType() {
  static const RuleType* type =
      new RuleType{MakePlaceAloneRule, {"wordlist", "vocabulary", "words", "tails", "starts"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
