// title_near_miss: the title of a law or regulation inside 《》 written a character or two off
// its official form (《劳功法》, 《道路交通法》 for 《道路交通安全法》), full or short.
//
// The 书名号 is the context that makes this precise: what stands between them is a title, so a
// title that is none of the listed ones but an edit or two from exactly one of them, and of the
// same kind (法, 条例), is that one misspelt. Outside 《》 a short title one character off is
// mostly other wording; full titles anywhere are the canonical rule's.
#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "common/utf8.h"
#include "scanner/rules/types.h"
#include "scanner/rules/word_list_loading.h"
#include "scanner/rules/word_rule.h"

namespace cuomin::scanner::rules {
namespace {

constexpr char32_t kOpen = U'《';
constexpr char32_t kClose = U'》';
constexpr size_t kMaxTitle = 60;  // characters between the marks; longer is no title we know

// Edit distance where two adjacent characters swapped count as one edit (optimal string
// alignment), or `limit + 1` once it is sure to exceed `limit`.
size_t Distance(std::u32string_view a, std::u32string_view b, size_t limit) {
  const size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > limit) return limit + 1;
  std::vector<size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (size_t j = 0; j <= m; ++j) prev[j] = j;
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      size_t d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d = std::min(d, prev2[j - 2] + 1);
      cur[j] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[m], limit + 1);
}

class TitleRule : public WordRule {
 public:
  struct Options {
    size_t min_length = 3;            // shortest title compared (劳动法)
    size_t two_edits_min_length = 7;  // titles this long may be two edits off (道路交通安全法)
    std::vector<std::u32string> kinds_apart;  // endings that make another kind: 办法 is no 法
    // What each character may have been written for (confusion data, reversed): a title's
    // last character replaced by a confusable one (《工伤保险条列》) is a slip, closed by the 》.
    // By any other character it is mostly another title (《劳动报》 is no 《劳动法》).
    std::unordered_map<char32_t, std::u32string> stands_for;
  };

  TitleRule(RuleInfo info, std::vector<std::u32string> titles, Options options)
      : WordRule(std::move(info)), options_(std::move(options)) {
    for (std::u32string& t : titles) {
      known_.insert(t);
      if (t.size() >= options_.min_length) by_last_[t.back()].push_back(std::move(t));
    }
  }

  void Words(const std::function<void(std::string_view, uint32_t)>& add) const override {
    add("《", 0);
  }

  void OnMatches(const WordContext& ctx, const std::vector<WordMatch>& matches,
                 std::vector<Hit>& out) const override {
    const std::string_view text = ctx.text;
    for (const WordMatch& m : matches) {
      // The title up to its 》; another 《 first means the marks are unpaired here.
      std::u32string title;
      size_t close = std::string_view::npos;
      for (size_t i = m.end; i < text.size() && title.size() <= kMaxTitle;) {
        const size_t at = i;
        const char32_t c = utf8::Next(text, i);
        if (c == kClose) {
          close = at;
          break;
        }
        if (c == kOpen || c == U'\n') break;
        title.push_back(c);
      }
      if (close == std::string_view::npos) continue;
      // A version note closing the title (（试行）, （2018年修正）) is not part of its name.
      size_t name_len = title.size();
      if (name_len > 0 && (title.back() == U'）' || title.back() == U')')) {
        const size_t open = title.find_last_of(U"（(");
        if (open != std::u32string::npos) name_len = open;
      }
      const std::u32string_view name(title.data(), name_len);
      if (name.size() < options_.min_length || known_.count(std::u32string(name))) continue;
      const std::u32string* best = Nearest(name);
      if (!best) continue;
      const size_t begin = m.end;
      size_t end = begin;
      for (size_t k = 0; k < name_len; ++k) utf8::Next(text, end);
      out.push_back(Hit{ctx.block.index, begin, end, utf8::FromUtf32(*best), "", std::nullopt});
    }
  }

 private:
  // The one listed title of the same kind within reach of `name`, or null when none or more
  // than one are equally near.
  const std::u32string* Nearest(std::u32string_view name) const {
    const std::u32string* best = nullptr;
    size_t best_d = 3;
    bool tie = false;
    const size_t n = name.size();
    // Titles ending as the name does, and those whose last two characters it swapped (例条).
    for (const bool swapped : {false, true}) {
      if (swapped && name[n - 2] == name[n - 1]) break;
      auto it = by_last_.find(swapped ? name[n - 2] : name[n - 1]);
      if (it == by_last_.end()) continue;
      for (const std::u32string& t : it->second) {
        if (swapped && t[t.size() - 2] != name[n - 1]) continue;
        Consider(name, t, best, best_d, tie);
      }
    }
    // Titles ending in a character the name's last one may have been written for (列 for 例).
    if (auto rights = options_.stands_for.find(name[n - 1]); rights != options_.stands_for.end()) {
      for (const char32_t right : rights->second) {
        if (right == name[n - 1]) continue;
        auto it = by_last_.find(right);
        if (it == by_last_.end()) continue;
        for (const std::u32string& t : it->second) Consider(name, t, best, best_d, tie);
      }
    }
    return tie ? nullptr : best;
  }

  void Consider(std::u32string_view name, const std::u32string& t, const std::u32string*& best,
                size_t& best_d, bool& tie) const {
    const size_t limit = t.size() >= options_.two_edits_min_length ? 2 : 1;
    // A character added or dropped in front is the text's own wording (新劳动法); the first
    // character may only be replaced.
    if (t.size() != name.size() && t[0] != name[0]) return;
    if (AnotherKind(name, t)) return;
    const size_t d = Distance(name, t, limit);
    if (d > limit) return;
    if (d < best_d) {
      best = &t;
      best_d = d;
      tie = false;
    } else if (d == best_d) {
      tie = true;
    }
  }

  // Whether one ends with an ending of another kind of document the other lacks (办法 / 法).
  bool AnotherKind(std::u32string_view name, std::u32string_view title) const {
    auto ends = [](std::u32string_view s, std::u32string_view tail) {
      return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
    };
    for (const std::u32string& k : options_.kinds_apart)
      if (ends(name, k) != ends(title, k)) return true;
    return false;
  }

  Options options_;
  std::unordered_set<std::u32string> known_;
  std::unordered_map<char32_t, std::vector<std::u32string>> by_last_;
};

}  // namespace

Result<std::unique_ptr<Rule>> MakeTitleRule(const YAML::Node& node, RuleInfo info,
                                            const LoadContext& ctx) {
  if (!node["wordlist"])
    return ctx.Error(node,
                     "title_near_miss 规则需要 wordlist（每行一个法律法规全称，可为多个文件）");
  // One file or several: the hand-written laws and the generated regulation titles.
  auto lines = ReadWords(node, ctx);
  if (!lines.ok()) return lines.status();
  std::vector<std::u32string> prefixes;
  if (const YAML::Node p = node["short_prefixes"]) {
    if (!p.IsSequence()) return ctx.Error(p, "short_prefixes 应为列表，如 [中华人民共和国]");
    for (const YAML::Node& item : p) prefixes.push_back(utf8::ToUtf32(item.as<std::string>("")));
  }
  std::vector<std::u32string> titles;
  for (const std::string& line : *lines) {
    std::u32string t = utf8::ToUtf32(line);
    // The short title drops the state's name: 《劳动法》 for 《中华人民共和国劳动法》.
    for (const std::u32string& p : prefixes)
      if (t.size() > p.size() && t.compare(0, p.size(), p) == 0)
        titles.push_back(t.substr(p.size()));
    titles.push_back(std::move(t));
  }
  TitleRule::Options options;
  if (const YAML::Node v = node["min_length"]) options.min_length = v.as<size_t>(3);
  if (const YAML::Node v = node["two_edits_min_length"])
    options.two_edits_min_length = v.as<size_t>(7);
  if (options.min_length < 3) return ctx.Error(node["min_length"], "min_length 至少为 3");
  if (const YAML::Node k = node["kinds_apart"]) {
    if (!k.IsSequence()) return ctx.Error(k, "kinds_apart 应为列表，如 [办法]");
    for (const YAML::Node& item : k)
      options.kinds_apart.push_back(utf8::ToUtf32(item.as<std::string>("")));
  }
  auto confusion = ReadConfusionLists(node, "confusion", ctx);
  if (!confusion.ok()) return confusion.status();
  for (const auto& [right, wrongs] : *confusion) {
    for (const char32_t wrong : wrongs)
      if (utf8::IsHan(wrong)) options.stands_for[wrong].push_back(right);
  }
  return std::unique_ptr<Rule>(
      new TitleRule(std::move(info), std::move(titles), std::move(options)));
}

const RuleType& TitleRuleType() {
  static const RuleType* type = new RuleType{MakeTitleRule,
                                             {"wordlist", "short_prefixes", "min_length",
                                              "two_edits_min_length", "kinds_apart", "confusion"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
