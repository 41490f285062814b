// anniversary: the count of a commemoration checked against the year of the event (纪念毛泽东同志
// 诞辰130周年, 中国共产党成立103周年, 西藏自治区成立60周年).
//
// A table gives each event's year, and each person's years of birth and death with the names
// the person is commemorated by (毛泽东|毛主席). A count is reported when the year it names
// has not come yet (毛主席逝世119周年 = 2095: 诞辰119周年 was meant), or when the clause dates
// itself ("2024年是……成立N周年") and the count does not fit that year. A clause without its own
// year is not judged: the publication date is not the text's.
#include <re2/re2.h>

#include <unordered_set>

#include "common/strings.h"
#include "common/utf8.h"
#include "scanner/rules/types.h"
#include "scanner/rules/validators.h"
#include "scanner/rules/word_list_loading.h"
#include "scanner/rules/word_rule.h"

namespace cuomin::scanner::rules {
namespace {

enum class Kind { kEvent, kBirth, kDeath };

struct Phrase {
  std::string text;    // 毛主席逝世, 中国共产党成立
  std::string person;  // the name part for a person (毛主席同志), empty for an event
  Kind kind = Kind::kEvent;
  int year = 0;        // of the event, the birth or the death
  int other_year = 0;  // a person's year of the other kind (birth for 逝世), 0 if none
};

int ChineseDigit(char32_t c) {
  static constexpr std::u32string_view kDigits = U"零一二三四五六七八九";
  if (c == U'〇') return 0;
  if (c == U'两') return 2;
  size_t i = kDigits.find(c);
  return i == std::u32string_view::npos ? -1 : static_cast<int>(i);
}

// A count written in digits (130) or in Chinese numerals below ten thousand (一百三十, 七十五,
// 一百零三, 十): its value and its length in bytes, or {-1, 0}.
std::pair<int, size_t> ReadCount(std::string_view s) {
  size_t i = 0;
  int value = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9' && i < 5) value = value * 10 + (s[i++] - '0');
  if (i > 0) return {value, i};
  int total = 0, digit = -1;
  bool any = false;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t next = pos;
    char32_t c = utf8::Next(s, next);
    int d = ChineseDigit(c);
    int unit = c == U'十' ? 10 : c == U'百' ? 100 : c == U'千' ? 1000 : 0;
    if (d >= 0) {
      digit = d;
    } else if (unit) {
      total += (digit < 0 ? 1 : digit) * unit;  // 十五: the 十 stands for 一十
      digit = -1;
    } else {
      break;
    }
    any = true;
    pos = next;
  }
  if (!any) return {-1, 0};
  if (digit > 0) total += digit;
  return {total, pos};
}

std::string ChineseCount(int n) {
  static const char* kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0 || n >= 1000) return std::to_string(n);
  std::string out;
  int h = n / 100, t = n / 10 % 10, u = n % 10;
  if (h) out += std::string(kDigits[h]) + "百";
  if (t)
    out += (h == 0 && t == 1) ? "十" : std::string(kDigits[t]) + "十";
  else if (h && u)
    out += "零";
  if (u) out += kDigits[u];
  return out;
}

class AnniversaryRule : public WordRule {
 public:
  AnniversaryRule(RuleInfo info, std::vector<Phrase> phrases, const Clock& clock)
      : WordRule(std::move(info)),
        phrases_(std::move(phrases)),
        clock_(clock),
        dated_clause_(
            R"(((?:1[89]|20)\d\d)年[^，。；！？,;!?]{0,40}?(?:是|恰逢|正值|适逢|迎来|喜迎)[^，。；！？,;!?0-9]*$)") {
  }

  void Words(const std::function<void(std::string_view, uint32_t)>& add) const override {
    for (size_t i = 0; i < phrases_.size(); ++i) add(phrases_[i].text, static_cast<uint32_t>(i));
  }

  void OnMatches(const WordContext& ctx, const std::vector<WordMatch>& matches,
                 std::vector<Hit>& out) const override {
    const std::string_view text = ctx.text;
    const int this_year = YearOf(clock_.Now());
    size_t reported_end = 0;  // a shorter name inside a reported one (小平 of 邓小平) again
    for (const WordMatch& m : matches) {
      if (m.begin < reported_end) continue;
      const Phrase& p = phrases_[m.entry];
      size_t at = m.end;
      while (at < text.size() && text[at] == ' ') ++at;
      auto [count, length] = ReadCount(text.substr(at));
      if (count <= 0 || !text.substr(at + length).starts_with("周年")) continue;
      const bool arabic = text[at] >= '0' && text[at] <= '9';
      const size_t end = at + length + std::string_view("周年").size();
      auto written = [&](int n) { return arabic ? std::to_string(n) : ChineseCount(n); };
      auto with = [&](std::string_view phrase, int n) {
        return std::string(phrase) + written(n) + "周年";
      };
      const int year = p.year + count;
      // The other kind of a person's anniversary (逝世 for 诞辰) with the same count.
      std::string swapped;
      if (p.kind != Kind::kEvent && p.other_year) {
        swapped = p.person + (p.kind == Kind::kDeath ? "诞辰" : "逝世");
      }
      const std::string what(text.substr(m.begin, end - m.begin));
      if (year > this_year + 1) {
        std::string message =
            "纪念日周年数有误：“" + what + "”是" + std::to_string(year) + "年，尚未到来";
        std::string suggestion;
        if (!swapped.empty() && p.other_year + count <= this_year + 1) {
          suggestion = with(swapped, count);
          message += "；疑为“" + suggestion + "”（" + std::to_string(p.other_year + count) + "年）";
        }
        out.push_back(Hit{ctx.block.index, m.begin, end, suggestion, message, std::nullopt});
        reported_end = end;
        continue;
      }
      int dated = ClauseYear(text, m.begin);
      if (dated <= p.year || dated == year) continue;
      std::string suggestion;
      if (!swapped.empty() && p.other_year + count == dated) {
        suggestion = with(swapped, count);
      } else {
        suggestion = with(text.substr(m.begin, m.end - m.begin), dated - p.year);
      }
      std::string message = "纪念日周年数与年份不符：" + std::to_string(dated) + "年应为“" +
                            suggestion + "”（" + std::to_string(p.year) + "年），不是“" + what +
                            "”";
      out.push_back(Hit{ctx.block.index, m.begin, end, suggestion, message, std::nullopt});
      reported_end = end;
    }
  }

 private:
  // The year a clause gives itself before the phrase ("2024年是……", "2021年恰逢……"), or that a
  // year standing alone as the sentence's first clause gives the next one ("2023年，我们迎来
  // ……"); 0 when there is none.
  int ClauseYear(std::string_view text, size_t begin) const {
    const size_t start = ClauseStart(text, begin);
    std::string year;
    const std::string_view clause = text.substr(start, begin - start);
    if (RE2::PartialMatch(clause, dated_clause_, &year)) return std::stoi(year);
    if (start == 0 || !RE2::PartialMatch(clause, undated_verb_)) return 0;
    size_t comma = start;
    if (utf8::Prev(text, comma) != U'，') return 0;
    const size_t before = ClauseStart(text, comma);
    if (RE2::FullMatch(text.substr(before, comma - before), year_alone_, &year))
      return std::stoi(year);
    return 0;
  }

  static size_t ClauseStart(std::string_view text, size_t begin) {
    size_t start = begin;
    while (start > 0) {
      size_t prev = start;
      char32_t c = utf8::Prev(text, prev);
      if (c == U'。' || c == U'；' || c == U'！' || c == U'？' || c == U'，' || c == U'\n' ||
          c == U';' || c == U'!' || c == U'?' || c == U',')
        break;
      start = prev;
    }
    return start;
  }

  std::vector<Phrase> phrases_;
  const Clock& clock_;
  RE2 dated_clause_;
  RE2 undated_verb_{R"((?:是|恰逢|正值|适逢|迎来|喜迎)[^0-9]*$)"};
  RE2 year_alone_{R"(\s*((?:1[89]|20)\d\d)年\s*)"};
};

// Titles and forms of address a commemorated person's name is written with before 诞辰/逝世.
constexpr std::string_view kAddress[] = {"",     "同志", "主席",   "总理",  "委员长",
                                         "先生", "元帅", "总司令", "总书记"};

// "中国共产党成立<TAB>1921<TAB>source" or "毛泽东|毛主席<TAB>1893-1976<TAB>source".
Status ParseLine(const std::string& table, int n, const std::string& line,
                 std::vector<Phrase>& out) {
  auto where = table + ":" + std::to_string(n) + ": ";
  const std::vector<std::string_view> cols = Split(line, '\t');
  if (cols.size() < 3 || cols[0].empty() || cols[2].find_first_not_of(' ') == std::string::npos)
    return Status::Error(where + "应为“事件或人名<Tab>年份（人物：生年-卒年）<Tab>来源”");
  int first = 0, second = 0;
  const std::string years(cols[1]);
  size_t dash = years.find('-');
  try {
    first = std::stoi(years.substr(0, dash));
    if (dash != std::string::npos) second = std::stoi(years.substr(dash + 1));
  } catch (...) {
    return Status::Error(where + "年份“" + years + "”不是数字");
  }
  if (first < 1000 || first > 2100 || (dash != std::string::npos && second < first))
    return Status::Error(where + "年份“" + years + "”不合理");
  if (dash == std::string::npos) {
    out.push_back(Phrase{std::string(cols[0]), "", Kind::kEvent, first, 0});
    return Status::Ok();
  }
  for (std::string_view name : Split(cols[0], '|')) {
    if (name.empty()) return Status::Error(where + "人名为空");
    for (std::string_view address : kAddress) {
      std::string person = std::string(name) + std::string(address);
      out.push_back(Phrase{person + "诞辰", person, Kind::kBirth, first, second});
      out.push_back(Phrase{person + "逝世", person, Kind::kDeath, second, first});
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Rule>> MakeAnniversaryRule(const YAML::Node& node, RuleInfo info,
                                                  const LoadContext& ctx) {
  const YAML::Node table = node["table"];
  if (!table || !table.IsScalar())
    return ctx.Error(node, "anniversary 规则需要 table（每行：事件或人名<Tab>年份<Tab>来源）");
  const std::string table_file = table.as<std::string>("");
  auto lines = ctx.ReadList(table_file);
  if (!lines.ok()) return ctx.Error(table, lines.status().message());
  std::vector<Phrase> phrases;
  for (auto& [n, line] : *lines) {
    Status s = ParseLine(table_file, n, line, phrases);
    if (!s.ok()) return ctx.Error(table, s.message());
  }
  std::unordered_set<std::string> seen;
  for (const Phrase& p : phrases) {
    if (!seen.insert(p.text).second) return ctx.Error(table, table_file + ": “" + p.text + "”重复");
  }
  return std::unique_ptr<Rule>(
      new AnniversaryRule(std::move(info), std::move(phrases), *ctx.clock));
}

const RuleType& AnniversaryRuleType() {
  static const RuleType* type = new RuleType{MakeAnniversaryRule, {"table"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
