// country_title: a country's name directly followed by a leader's title the country does not
// have (新加坡总书记, 美国总理, 日本总统).
//
// A table gives, per country, the titles of its offices as 外交部 and 新华社 write them; the rule
// names the titles it judges. Only a listed country followed at once by a judged title is
// compared, so a party's own office (越南共产党中央总书记) and titles the table does not know stay
// quiet: a country that is not in the table is never judged.
#include <algorithm>
#include <unordered_set>

#include "common/strings.h"
#include "scanner/rules/types.h"
#include "scanner/rules/word_list_loading.h"
#include "scanner/rules/word_rule.h"

namespace cuomin::scanner::rules {
namespace {

struct Country {
  std::string name;
  std::unordered_set<std::string> titles;  // the offices it has
  std::string listed;                      // those offices as the message names them
};

class CountryTitleRule : public WordRule {
 public:
  CountryTitleRule(RuleInfo info, std::vector<Country> countries, std::vector<std::string> titles,
                   std::vector<std::string> exceptions)
      : WordRule(std::move(info)),
        countries_(std::move(countries)),
        titles_(std::move(titles)),
        exceptions_(std::move(exceptions)) {
    // Longest first: 副总统 is judged as itself, not as 总统 after a stray 副.
    std::sort(titles_.begin(), titles_.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  }

  void Words(const std::function<void(std::string_view, uint32_t)>& add) const override {
    for (size_t i = 0; i < countries_.size(); ++i)
      add(countries_[i].name, static_cast<uint32_t>(i));
  }

  void OnMatches(const WordContext& ctx, const std::vector<WordMatch>& matches,
                 std::vector<Hit>& out) const override {
    const std::string_view text = ctx.text;
    for (const WordMatch& m : matches) {
      const std::string_view after = text.substr(m.end);
      // A longer word that begins with a title is no title (美国总理事会).
      if (std::any_of(exceptions_.begin(), exceptions_.end(),
                      [&](const std::string& e) { return after.starts_with(e); }))
        continue;
      auto title = std::find_if(titles_.begin(), titles_.end(),
                                [&](const std::string& t) { return after.starts_with(t); });
      if (title == titles_.end()) continue;
      const Country& country = countries_[m.entry];
      if (country.titles.count(*title)) continue;
      std::string message = info().message;
      ReplaceAll(message, "{country}", country.name);
      ReplaceAll(message, "{title}", *title);
      ReplaceAll(message, "{titles}", country.listed);
      out.push_back(
          Hit{ctx.block.index, m.begin, m.end + title->size(), "", message, std::nullopt});
    }
  }

 private:
  std::vector<Country> countries_;
  std::vector<std::string> titles_;
  std::vector<std::string> exceptions_;
};

// "新加坡<TAB>总统、总理、副总理<TAB>source": the third column is for the reader, not the rule.
Result<Country> ParseCountry(const std::string& table, int n, const std::string& line) {
  const size_t tab = line.find('\t');
  if (tab == std::string::npos || tab == 0)
    return Status::Error(table + ":" + std::to_string(n) +
                         ": 应为“国家<Tab>职务（以、分隔）<Tab>来源”");
  Country c;
  c.name = line.substr(0, tab);
  const size_t tab2 = line.find('\t', tab + 1);
  const std::string offices =
      line.substr(tab + 1, tab2 == std::string::npos ? std::string::npos : tab2 - tab - 1);
  if (tab2 == std::string::npos || line.find_first_not_of(" \t", tab2) == std::string::npos)
    return Status::Error(table + ":" + std::to_string(n) + ": " + c.name + " 缺少来源（第三列）");
  constexpr std::string_view kSep = "、";
  for (size_t b = 0; b <= offices.size();) {
    size_t e = offices.find(kSep, b);
    if (e == std::string::npos) e = offices.size();
    if (e > b) c.titles.insert(offices.substr(b, e - b));
    b = e + kSep.size();
  }
  if (c.titles.empty())
    return Status::Error(table + ":" + std::to_string(n) + ": " + c.name + " 没有列出职务");
  c.listed = offices;
  return c;
}

}  // namespace

Result<std::unique_ptr<Rule>> MakeCountryTitleRule(const YAML::Node& node, RuleInfo info,
                                                   const LoadContext& ctx) {
  const YAML::Node table = node["table"];
  if (!table || !table.IsScalar())
    return ctx.Error(node, "country_title 规则需要 table（每行：国家<Tab>所设职务<Tab>来源）");
  const std::string table_file = table.as<std::string>("");
  auto lines = ctx.ReadList(table_file);
  if (!lines.ok()) return ctx.Error(table, lines.status().message());
  std::vector<Country> countries;
  std::unordered_set<std::string> seen;
  for (auto& [n, line] : *lines) {
    auto c = ParseCountry(table_file, n, line);
    if (!c.ok()) return ctx.Error(table, c.status().message());
    if (!seen.insert(c->name).second)
      return ctx.Error(table, table_file + ":" + std::to_string(n) + ": " + c->name + " 重复");
    countries.push_back(std::move(*c));
  }
  auto titles = ReadStrings(node, "titles", ctx);
  if (!titles.ok()) return titles.status();
  if (titles->empty()) return ctx.Error(node, "country_title 规则需要 titles（要判断的职务）");
  auto exceptions = ReadStrings(node, "exceptions", ctx);
  if (!exceptions.ok()) return exceptions.status();
  return std::unique_ptr<Rule>(new CountryTitleRule(std::move(info), std::move(countries),
                                                    std::move(*titles), std::move(*exceptions)));
}

const RuleType& CountryTitleRuleType() {
  static const RuleType* type =
      new RuleType{MakeCountryTitleRule, {"table", "titles", "exceptions"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
