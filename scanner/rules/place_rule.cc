// place_near_miss: the name of a place one character off its official form, where the place it
// belongs to is named right before it (云阳县票草乡 for 云阳县蔈草乡, 重庆市云杨县).
//
// The parent's name is the context that makes this precise: a county has a few dozen
// townships, so a name written after it that is none of them but one edit from exactly one of
// them is that one, misspelt. A name that is official anywhere (a township of the same name in
// another county, a renamed one) is never reported: the text may mean it.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/utf8.h"
#include "scanner/rules/types.h"
#include "scanner/rules/word_rule.h"

namespace cuomin::scanner::rules {
namespace {

// Whether `a` is one edit from `b`: one character replaced, two adjacent ones swapped, or one
// dropped or added after the first (a first character more or less is the text's own wording:
// 原双江镇, 新城区).
bool OneEdit(std::u32string_view a, std::u32string_view b) {
  if (a.size() == b.size()) {
    size_t first = a.size();
    size_t diffs = 0;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i] == b[i]) continue;
      if (++diffs == 1) first = i;
    }
    if (diffs == 1) return true;
    return diffs == 2 && first + 1 < a.size() && a[first] == b[first + 1] &&
           a[first + 1] == b[first] && a.substr(first + 2) == b.substr(first + 2);
  }
  if (a.size() + 1 != b.size() && b.size() + 1 != a.size()) return false;
  std::u32string_view shorter = a.size() < b.size() ? a : b;
  std::u32string_view longer = a.size() < b.size() ? b : a;
  size_t i = 0;
  while (i < shorter.size() && shorter[i] == longer[i]) ++i;
  return i > 0 && shorter.substr(i) == longer.substr(i + 1);
}

class PlaceRule : public WordRule {
 public:
  struct Parent {
    std::string name;
    std::vector<std::u32string> children;  // official names with their level word
  };

  // A level word and its class: words of one class name the same rank (乡, 镇, 街道).
  struct Level {
    std::u32string word;
    size_t group;
  };

  PlaceRule(RuleInfo info, std::vector<Parent> parents, std::unordered_set<std::u32string> names,
            std::vector<Level> levels)
      : WordRule(std::move(info)),
        parents_(std::move(parents)),
        names_(std::move(names)),
        levels_(std::move(levels)) {
    for (const Parent& p : parents_)
      for (const std::u32string& c : p.children) max_child_ = std::max(max_child_, c.size());
  }

  void Words(const std::function<void(std::string_view, uint32_t)>& add) const override {
    for (uint32_t i = 0; i < parents_.size(); ++i) add(parents_[i].name, i);
  }

  void OnMatches(const WordContext& ctx, const std::vector<WordMatch>& matches,
                 std::vector<Hit>& out) const override {
    const std::string_view text = ctx.text;
    for (const WordMatch& m : matches) {
      const Parent& parent = parents_[m.entry];
      // The Han characters after the parent's name, as far as its longest child reaches.
      std::u32string after;
      std::vector<size_t> ends;  // byte offset after each of them
      for (size_t i = m.end; i < text.size() && after.size() <= max_child_;) {
        const char32_t c = utf8::Next(text, i);
        if (!utf8::IsHan(c)) break;
        after.push_back(c);
        ends.push_back(i);
      }
      // Each place the following text could end a name at a level word, shortest first.
      for (size_t len = 3; len <= after.size(); ++len) {
        const std::u32string_view written(after.data(), len);
        const Level* level = LevelAtEnd(written);
        if (!level) continue;
        if (names_.count(std::u32string(written))) break;  // official: a child, or meant
        const std::u32string_view name = written.substr(0, len - level->word.size());
        // A place named after its parent (芜湖市芜湖县, 长沙市长沙县) is a real one, if perhaps
        // renamed since: the NBS table knows only today's names.
        if (parent.name.rfind(utf8::FromUtf32(name), 0) == 0) break;
        const std::u32string* only = nullptr;
        size_t near = 0;
        for (const std::u32string& child : parent.children) {
          // A 乡 made a 镇, a 县 made a 区 since the text was written: the level word may be
          // another of its class; the name must be one edit off.
          const Level* child_level = LevelAtEnd(child);
          if (!child_level || child_level->group != level->group ||
              !OneEdit(name, std::u32string_view(child).substr(
                                 0, child.size() - child_level->word.size())))
            continue;
          only = &child;
          ++near;
        }
        if (near != 1) continue;
        Hit h{ctx.block.index, m.end, ends[len - 1], utf8::FromUtf32(*only), "", std::nullopt};
        out.push_back(std::move(h));
        break;
      }
    }
  }

 private:
  static bool EndsWith(std::u32string_view s, std::u32string_view tail) {
    return s.size() > tail.size() && s.substr(s.size() - tail.size()) == tail;
  }

  // The level word a name ends with (the name must keep two characters before it), or null.
  const Level* LevelAtEnd(std::u32string_view written) const {
    for (const Level& l : levels_)
      if (written.size() >= l.word.size() + 2 && EndsWith(written, l.word)) return &l;
    return nullptr;
  }

  std::vector<Parent> parents_;
  std::unordered_set<std::u32string> names_;  // every official name, of any parent
  std::vector<Level> levels_;
  size_t max_child_ = 0;
};

}  // namespace

Result<std::unique_ptr<Rule>> MakePlaceRule(const YAML::Node& node, RuleInfo info,
                                            const LoadContext& ctx) {
  const YAML::Node list = node["wordlist"];
  if (!list) return ctx.Error(node, "place_near_miss 规则需要 wordlist（上级地名<TAB>下级|下级）");
  auto lines = ctx.ReadList(list.as<std::string>(""));
  if (!lines.ok()) return ctx.Error(list, lines.status().message());
  // Level words by class, each class a string of words separated by spaces; longer words
  // are tried first (街道 before 道).
  std::vector<std::string> classes = {"街道 镇 乡 苏木",
                                      "县 区 市 旗 自治县 自治旗 地区 自治州 盟"};
  if (const YAML::Node l = node["level_words"]) {
    if (!l.IsSequence() || l.size() == 0)
      return ctx.Error(l,
                       "level_words 应为列表，每项一类级别用字，如 [\"街道 镇 乡\", \"县 区 市\"]");
    classes.clear();
    for (const YAML::Node& item : l) classes.push_back(item.as<std::string>(""));
  }
  std::vector<PlaceRule::Level> levels;
  for (size_t g = 0; g < classes.size(); ++g) {
    const std::string words = classes[g] + " ";
    for (size_t from = 0, sp; (sp = words.find(' ', from)) != std::string::npos; from = sp + 1)
      if (sp > from) levels.push_back({utf8::ToUtf32(words.substr(from, sp - from)), g});
  }
  std::stable_sort(levels.begin(), levels.end(),
                   [](const auto& a, const auto& b) { return a.word.size() > b.word.size(); });
  // Parents of the same name (朝阳区 of Beijing and of Changchun) share their children.
  std::map<std::string, std::set<std::u32string>> children;
  std::unordered_set<std::u32string> names;
  for (auto& [n, line] : *lines) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0)
      return Status::Error(list.as<std::string>("") + ":" + std::to_string(n) +
                           ": 每行应为“上级地名<TAB>下级地名|下级地名”");
    auto& set = children[line.substr(0, tab)];
    names.insert(utf8::ToUtf32(line.substr(0, tab)));
    const std::string rest = line.substr(tab + 1) + "|";
    for (size_t from = 0, bar; (bar = rest.find('|', from)) != std::string::npos; from = bar + 1) {
      if (bar == from) continue;
      std::u32string child = utf8::ToUtf32(rest.substr(from, bar - from));
      names.insert(child);
      set.insert(std::move(child));
    }
  }
  std::vector<PlaceRule::Parent> parents;
  for (auto& [name, set] : children)
    parents.push_back({name, std::vector<std::u32string>(set.begin(), set.end())});
  return std::unique_ptr<Rule>(
      new PlaceRule(std::move(info), std::move(parents), std::move(names), std::move(levels)));
}

const RuleType& PlaceRuleType() {
  static const RuleType* type = new RuleType{MakePlaceRule, {"wordlist", "level_words"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
