// place_alone: a county's or city's name one character off its official form with no parent
// place before it (齐齐哈市人民政府, 云杨县 at the start of a line), or a township's with its rare
// character written as a common one built like it (票草乡 for 蔈草镇).
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
//
// The 72,000 forms are not words of the engine's shared automaton (they made every start of
// `cuomin check` 0.3 s slower and 33 MB bigger): the rule asks for the last characters of the
// level words (县, 区, 市 ...) and looks up the few stretches ending there in a hash table of
// the forms, one flat array and one string of their text.
#include <algorithm>
#include <functional>
#include <memory>
#include <unordered_map>
#include <unordered_set>

#include "common/utf8.h"
#include "scanner/rules/context_typo/word_frequency.h"
#include "scanner/rules/types.h"
#include "scanner/rules/word_list_loading.h"
#include "scanner/rules/word_rule.h"

namespace cuomin::scanner::rules {
namespace {

class PlaceAloneRule : public WordRule {
 public:
  struct Form {
    uint32_t wrong_begin;  // into wrongs_
    uint32_t right;        // into rights_
    uint8_t wrong_bytes;
    uint8_t level_bytes;  // bytes of the level word at its end
    bool first_changed;   // the first character is not the official name's
  };

  PlaceAloneRule(RuleInfo info, std::vector<Form> forms, std::string wrongs,
                 std::vector<std::string> rights, std::u32string anchors, size_t longest,
                 std::shared_ptr<const lm::WordFrequency> vocabulary,
                 std::unordered_set<uint64_t> extra_words, std::vector<std::string> tails,
                 std::u32string starts)
      : WordRule(std::move(info)),
        forms_(std::move(forms)),
        wrongs_(std::move(wrongs)),
        rights_(std::move(rights)),
        anchors_(std::move(anchors)),
        longest_(longest),
        vocabulary_(std::move(vocabulary)),
        extra_words_(std::move(extra_words)),
        tails_(std::move(tails)),
        starts_(std::move(starts)) {
    index_.Reserve(forms_.size());
    for (uint32_t i = 0; i < forms_.size(); ++i)
      index_.Insert(lm::HashWord(utf8::ToUtf32(Wrong(forms_[i]))), i);
  }

  void Words(const std::function<void(std::string_view, uint32_t)>& add) const override {
    for (char32_t c : anchors_) add(utf8::FromUtf32(std::u32string(1, c)), 0);
  }

  void OnMatches(const WordContext& ctx, const std::vector<WordMatch>& matches,
                 std::vector<Hit>& out) const override {
    const std::string_view text = ctx.text;
    std::u32string back;       // the Han characters before the anchor, nearest first
    std::vector<size_t> from;  // byte offset of each
    std::vector<char32_t> cps;
    for (const WordMatch& m : matches) {
      back.clear();
      from.clear();
      for (size_t i = m.begin; back.size() + 1 < longest_ && i > 0;) {
        const char32_t c = utf8::Prev(text, i);
        if (!utf8::IsHan(c)) break;
        back.push_back(c);
        from.push_back(i);
      }
      size_t at = m.begin;
      const char32_t anchor = utf8::Next(text, at);
      // Farthest start first: matches are handed over by begin, then longer first.
      for (size_t k = back.size(); k >= 2; --k) {
        cps.assign(back.rend() - static_cast<std::ptrdiff_t>(k), back.rend());
        cps.push_back(anchor);
        const uint32_t* f = index_.Find(lm::HashWord(cps));
        if (!f) continue;
        const size_t begin = from[k - 1];
        const Form& form = forms_[*f];
        if (text.substr(begin, m.end - begin) != Wrong(form)) continue;
        Check(ctx, form, begin, m.end, out);
      }
    }
  }

 private:
  std::string_view Wrong(const Form& f) const {
    return std::string_view(wrongs_).substr(f.wrong_begin, f.wrong_bytes);
  }

  void Check(const WordContext& ctx, const Form& form, size_t begin, size_t end,
             std::vector<Hit>& out) const {
    const std::string_view text = ctx.text;
    if (WordReachesIn(text, begin, end - form.level_bytes)) return;
    const std::string_view rest = text.substr(end - LastCharBytes(Wrong(form)));
    if (std::any_of(tails_.begin(), tails_.end(),
                    [&](const std::string& t) { return rest.starts_with(t); }))
      return;
    if (form.first_changed && !PlainStart(text, begin)) return;
    out.push_back(Hit{ctx.block.index, begin, end, rights_[form.right], "", std::nullopt});
  }

  static size_t LastCharBytes(std::string_view s) {
    size_t i = s.size();
    utf8::Prev(s, i);
    return s.size() - i;
  }

  bool IsWord(std::string_view s) const {
    const std::u32string w = utf8::ToUtf32(s);
    const uint64_t key = lm::HashWord(w);
    return (vocabulary_ && vocabulary_->LogCount(key)) || extra_words_.count(key);
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
        if (IsWord(text.substr(from, end - from))) return true;
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
  std::string wrongs_;               // the misspelt forms, one after the other
  std::vector<std::string> rights_;  // the official names they stand for
  std::u32string anchors_;           // the last characters of the forms' level words
  size_t longest_;                   // characters of the longest form
  lm::FlatMap<uint32_t> index_;      // HashWord of a misspelt form -> its index in forms_
  std::shared_ptr<const lm::WordFrequency> vocabulary_;
  std::unordered_set<uint64_t> extra_words_;  // `words:` of the rule file, by HashWord
  std::vector<std::string> tails_;
  std::u32string starts_;
};

// The level word a name ends with, longest first, as place-alone.txt uses them.
constexpr std::string_view kLevels[] = {"自治县", "自治旗", "自治州", "地区", "街道", "苏木", "县",
                                        "区",     "市",     "旗",     "盟",   "镇",   "乡"};

bool EndsWithLevel(std::string_view name, std::string_view level) {
  return name.ends_with(level) && name.size() > level.size();
}

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
  std::string wrongs;
  std::vector<std::string> rights;
  std::unordered_map<std::string, uint32_t> right_index;
  std::u32string anchors;
  size_t longest = 0;
  for (auto& [n, line] : *lines) {
    const size_t tab = line.find('\t');
    const std::string wrong = tab == std::string::npos ? "" : line.substr(0, tab);
    const std::string right = tab == std::string::npos ? "" : line.substr(tab + 1);
    size_t level = 0;
    // A township may be written with the level word it had (乡 made a 镇): the official name
    // need only end with a level word of its own.
    for (std::string_view l : kLevels)
      if (EndsWithLevel(wrong, l)) {
        level = l.size();
        break;
      }
    if (std::none_of(std::begin(kLevels), std::end(kLevels),
                     [&](std::string_view l) { return EndsWithLevel(right, l); }))
      level = 0;
    if (wrong.empty() || right.empty() || level == 0 || wrong.size() > 255)
      return ctx.Error(
          list, list_file + ":" + std::to_string(n) +
                    ": 每行应为“错写<TAB>正式名称”，两者都以级别用字（县、区、市、镇、乡等）结尾");
    size_t a = 0, b = 0;
    const bool first_changed = utf8::Next(wrong, a) != utf8::Next(right, b);
    const std::u32string w = utf8::ToUtf32(wrong);
    longest = std::max(longest, w.size());
    if (anchors.find(w.back()) == std::u32string::npos) anchors.push_back(w.back());
    auto [it, added] = right_index.emplace(right, static_cast<uint32_t>(rights.size()));
    if (added) rights.push_back(right);
    forms.push_back({static_cast<uint32_t>(wrongs.size()), it->second,
                     static_cast<uint8_t>(wrong.size()), static_cast<uint8_t>(level),
                     first_changed});
    wrongs += wrong;
  }
  auto read_vocabulary = ctx.Vocabulary(node);
  if (!read_vocabulary.ok()) return read_vocabulary.status();
  std::shared_ptr<const lm::WordFrequency> vocabulary = std::move(*read_vocabulary);
  auto extra = ReadStrings(node, "words", ctx);
  if (!extra.ok()) return extra.status();
  std::unordered_set<uint64_t> extra_words;
  for (const std::string& w : *extra)
    if (utf8::ToUtf32(w).size() >= 2) extra_words.insert(lm::HashWord(utf8::ToUtf32(w)));
  auto tails = ReadStrings(node, "tails", ctx);
  if (!tails.ok()) return tails.status();
  auto starts = ReadStrings(node, "starts", ctx);
  if (!starts.ok()) return starts.status();
  std::u32string start_chars;
  for (const std::string& s : *starts) start_chars += utf8::ToUtf32(s);
  return std::unique_ptr<Rule>(
      new PlaceAloneRule(std::move(info), std::move(forms), std::move(wrongs), std::move(rights),
                         std::move(anchors), longest, std::move(vocabulary), std::move(extra_words),
                         std::move(*tails), std::move(start_chars)));
}

const RuleType& PlaceAloneRuleType() {
  static const RuleType* type =
      new RuleType{MakePlaceAloneRule, {"wordlist", "vocabulary", "words", "tails", "starts"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
