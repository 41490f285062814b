// place_province: a prefecture-level city or a county written right after a province it does
// not belong to (甘肃银川 for 宁夏银川, 河南石家庄, 湖北长沙市), with the right province as the
// suggestion.
//
// Only a name right after the province counts: 甘肃、宁夏银川 and 甘肃……银川 are other
// wording. A name that some place of the written province also has (朝阳区 of Beijing and of
// Changchun, the many county names shared by two provinces) is never reported, nor a place
// that belonged to the written province before a reorganisation (四川涪陵 before 1997, 广东
// 海口 before 1988: `moved`). Around the names, what makes them something else: a word of the
// text reaching into the province's name (黄河南岸, 上海南京路 holds 海南), a word reaching out
// of a short city name (新疆长治久安), a level word after a short name (白山镇 is a township,
// not 白山市), and `tails` after the name (南京路, 温州商会).
#include <algorithm>
#include <functional>
#include <memory>
#include <set>
#include <unordered_map>

#include "common/utf8.h"
#include "scanner/rules/context_typo/word_frequency.h"
#include "scanner/rules/types.h"
#include "scanner/rules/word_list_loading.h"
#include "scanner/rules/word_rule.h"

namespace cuomin::scanner::rules {
namespace {

class PlaceProvinceRule : public WordRule {
 public:
  struct Province {
    std::string short_name;  // 宁夏
    std::string full_name;   // 宁夏回族自治区
  };
  struct Form {  // a province's name as written
    uint32_t province;
    bool full;
  };

  PlaceProvinceRule(RuleInfo info, std::vector<Province> provinces, std::vector<Form> forms,
                    std::unordered_map<std::string, std::vector<uint32_t>> names,
                    size_t longest_name, std::set<std::pair<uint32_t, uint32_t>> moved,
                    std::shared_ptr<const lm::WordFrequency> vocabulary,
                    std::vector<std::string> tails, std::vector<std::string> between)
      : WordRule(std::move(info)),
        provinces_(std::move(provinces)),
        forms_(std::move(forms)),
        names_(std::move(names)),
        longest_name_(longest_name),
        moved_(std::move(moved)),
        vocabulary_(std::move(vocabulary)),
        tails_(std::move(tails)),
        between_(std::move(between)) {}

  void Words(const std::function<void(std::string_view, uint32_t)>& add) const override {
    for (uint32_t i = 0; i < forms_.size(); ++i) {
      const Province& p = provinces_[forms_[i].province];
      add(forms_[i].full ? p.full_name : p.short_name, i);
    }
  }

  void OnMatches(const WordContext& ctx, const std::vector<WordMatch>& matches,
                 std::vector<Hit>& out) const override {
    const std::string_view text = ctx.text;
    size_t reported_at = std::string_view::npos;
    for (const WordMatch& m : matches) {
      if (m.begin == reported_at) continue;  // one finding per place, for 湖北省 or 湖北
      const Form& form = forms_[m.entry];
      if (WordReachesIn(text, m.begin, m.end)) continue;
      size_t at = m.end;
      for (const std::string& b : between_)
        if (text.substr(at).starts_with(b)) {
          at += b.size();
          break;
        }
      auto name = NameAt(text, at);
      if (!name) continue;
      const auto& [name_end, owners] = *name;
      if (std::find(owners->begin(), owners->end(), form.province) != owners->end()) continue;
      if (owners->size() != 1) continue;  // which province is meant cannot be told
      const uint32_t right = owners->front();
      if (moved_.count({form.province, right})) continue;
      const Province& q = provinces_[right];
      std::string suggestion(form.full ? q.full_name : q.short_name);
      suggestion += text.substr(m.end, name_end - m.end);
      out.push_back(
          Hit{ctx.block.index, m.begin, name_end, std::move(suggestion), "", std::nullopt});
      reported_at = m.begin;
    }
  }

 private:
  // The last character of a city's or county's level word: a name ending in one is a full
  // name (银川市), else a short one (银川).
  static bool EndsFullName(char32_t c) {
    return std::u32string_view(U"市县区旗州盟").find(c) != std::u32string_view::npos;
  }
  // A level word after a short name makes it another place or a road (白山镇, 新乡村, 中山路).
  static bool IsLevel(char32_t c) {
    return std::u32string_view(U"省市县区旗州盟镇乡村街路道巷").find(c) !=
           std::u32string_view::npos;
  }

  bool IsWord(std::string_view s) const {
    return vocabulary_ && vocabulary_->Has(utf8::ToUtf32(s));
  }

  // The longest listed name starting at `at`, where it stands as a name: its end and the
  // provinces that have a place of that name.
  std::optional<std::pair<size_t, const std::vector<uint32_t>*>> NameAt(std::string_view text,
                                                                        size_t at) const {
    std::vector<size_t> ends;
    for (size_t i = at; i < text.size() && ends.size() < longest_name_ + 3;) {
      if (!utf8::IsHan(utf8::Next(text, i))) break;
      ends.push_back(i);
    }
    for (size_t k = std::min(ends.size(), longest_name_); k >= 2; --k) {
      const size_t end = ends[k - 1];
      auto it = names_.find(std::string(text.substr(at, end - at)));
      if (it == names_.end()) continue;
      const std::string_view rest = text.substr(end);
      if (std::any_of(tails_.begin(), tails_.end(),
                      [&](const std::string& t) { return rest.starts_with(t); }))
        return std::nullopt;
      // A short name (银川) is a city's only where nothing makes it part of something else.
      size_t last = end;
      if (!EndsFullName(utf8::Prev(text, last))) {
        if (k < ends.size()) {
          size_t j = end;
          if (IsLevel(utf8::Next(text, j))) return std::nullopt;
        }
        // A word of the text reaching out of the name: 长治久安, 新乡村.
        for (size_t j = 0; j < k; ++j) {
          const size_t from = j == 0 ? at : ends[j - 1];
          for (size_t e = k; e < std::min(ends.size(), k + 3); ++e)
            if (IsWord(text.substr(from, ends[e] - from))) return std::nullopt;
        }
      }
      return std::make_pair(end, &it->second);
    }
    return std::nullopt;
  }

  // Whether a word of up to three Han characters before `begin` and at least one of the
  // province's name [begin, end) is a listed word (黄河 in 黄河南岸, 上海 in 上海南京路).
  bool WordReachesIn(std::string_view text, size_t begin, size_t end) const {
    std::vector<size_t> before;
    for (size_t i = begin; before.size() < 3 && i > 0;) {
      if (!utf8::IsHan(utf8::Prev(text, i))) break;
      before.push_back(i);
    }
    for (size_t e = begin; e < end;) {
      utf8::Next(text, e);
      if (e >= end) break;  // the whole name after a word is the name
      for (size_t from : before)
        if (IsWord(text.substr(from, e - from))) return true;
    }
    return false;
  }

  std::vector<Province> provinces_;
  std::vector<Form> forms_;
  std::unordered_map<std::string, std::vector<uint32_t>> names_;  // name -> its provinces
  size_t longest_name_;                                           // in characters
  std::set<std::pair<uint32_t, uint32_t>> moved_;  // (province, province) once one's places
  std::shared_ptr<const lm::WordFrequency> vocabulary_;
  std::vector<std::string> tails_;
  std::vector<std::string> between_;
};

}  // namespace

Result<std::unique_ptr<Rule>> MakePlaceProvinceRule(const YAML::Node& node, RuleInfo info,
                                                    const LoadContext& ctx) {
  const YAML::Node plist = node["provinces"];
  const YAML::Node list = node["wordlist"];
  if (!plist || !plist.IsScalar() || !list || !list.IsScalar())
    return ctx.Error(
        node,
        "place_province 规则需要 provinces（简称<TAB>全称）和 wordlist（地名<TAB>所属省份|省份）");
  auto plines = ctx.ReadList(plist.as<std::string>(""));
  if (!plines.ok()) return ctx.Error(plist, plines.status().message());
  std::vector<PlaceProvinceRule::Province> provinces;
  std::vector<PlaceProvinceRule::Form> forms;
  std::unordered_map<std::string, uint32_t> by_short;
  for (auto& [n, line] : *plines) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0 || tab + 1 >= line.size())
      return ctx.Error(
          plist, plist.as<std::string>("") + ":" + std::to_string(n) + ": 每行应为“简称<TAB>全称”");
    const auto i = static_cast<uint32_t>(provinces.size());
    provinces.push_back({line.substr(0, tab), line.substr(tab + 1)});
    by_short[provinces.back().short_name] = i;
    forms.push_back({i, false});
    forms.push_back({i, true});
  }
  auto province = [&](const std::string& s) -> std::optional<uint32_t> {
    auto it = by_short.find(s);
    if (it == by_short.end()) return std::nullopt;
    return it->second;
  };
  auto lines = ctx.ReadList(list.as<std::string>(""));
  if (!lines.ok()) return ctx.Error(list, lines.status().message());
  std::unordered_map<std::string, std::vector<uint32_t>> names;
  size_t longest = 0;
  for (auto& [n, line] : *lines) {
    const size_t tab = line.find('\t');
    const std::string where = list.as<std::string>("") + ":" + std::to_string(n) + ": ";
    if (tab == std::string::npos || tab == 0)
      return ctx.Error(list, where + "每行应为“地名<TAB>所属省份|省份”");
    std::vector<uint32_t>& owners = names[line.substr(0, tab)];
    longest = std::max(longest, utf8::ToUtf32(line.substr(0, tab)).size());
    const std::string rest = line.substr(tab + 1) + "|";
    for (size_t from = 0, bar; (bar = rest.find('|', from)) != std::string::npos; from = bar + 1) {
      if (bar == from) continue;
      auto p = province(rest.substr(from, bar - from));
      if (!p) return ctx.Error(list, where + "“" + rest.substr(from, bar - from) + "”不是省份简称");
      owners.push_back(*p);
    }
  }
  std::set<std::pair<uint32_t, uint32_t>> moved;
  auto moved_list = ReadStrings(node, "moved", ctx);
  if (!moved_list.ok()) return moved_list.status();
  for (const std::string& m : *moved_list) {
    const size_t sp = m.find(' ');
    auto a = sp == std::string::npos ? std::nullopt : province(m.substr(0, sp));
    auto b = sp == std::string::npos ? std::nullopt : province(m.substr(sp + 1));
    if (!a || !b)
      return ctx.Error(node["moved"],
                       "moved 每项应为空格分开的两个省份简称（如“四川 重庆”）：" + m);
    moved.insert({*a, *b});
    moved.insert({*b, *a});
  }
  auto read_vocabulary = ctx.Vocabulary(node);
  if (!read_vocabulary.ok()) return read_vocabulary.status();
  std::shared_ptr<const lm::WordFrequency> vocabulary = std::move(*read_vocabulary);
  auto tails = ReadStrings(node, "tails", ctx);
  if (!tails.ok()) return tails.status();
  auto between = ReadStrings(node, "between", ctx);
  if (!between.ok()) return between.status();
  return std::unique_ptr<Rule>(new PlaceProvinceRule(
      std::move(info), std::move(provinces), std::move(forms), std::move(names), longest,
      std::move(moved), std::move(vocabulary), std::move(*tails), std::move(*between)));
}

const RuleType& PlaceProvinceRuleType() {
  static const RuleType* type = new RuleType{
      MakePlaceProvinceRule, {"provinces", "wordlist", "moved", "vocabulary", "tails", "between"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
