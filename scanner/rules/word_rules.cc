// existence, substitution and allow: word lists matched by the engine's shared automata.
#include <algorithm>
#include <unordered_map>

#include "common/utf8.h"
#include "scanner/match/text_fold.h"
#include "scanner/rules/types.h"
#include "scanner/rules/word_list_loading.h"

namespace cuomin::scanner::rules {

bool IsAtWordBoundary(std::string_view text, size_t begin, size_t end) {
  auto alnum = [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  };
  if (begin < end && alnum(text[begin]) && begin > 0 && alnum(text[begin - 1])) return false;
  if (begin < end && alnum(text[end - 1]) && end < text.size() && alnum(text[end])) return false;
  return true;
}

bool ExceptionCovers(std::string_view text, size_t begin, size_t end, std::string_view word,
                     std::string_view exception) {
  for (size_t k = exception.find(word); k != std::string_view::npos;
       k = exception.find(word, k + 1)) {
    if (k > begin) continue;
    size_t start = begin - k;
    if (start + exception.size() <= text.size() &&
        text.compare(start, exception.size(), exception) == 0) {
      return true;
    }
  }
  return false;
}

namespace {

// Keeps, among overlapping occurrences, the longest (then the leftmost).
std::vector<WordMatch> LongestNonOverlapping(const std::vector<WordMatch>& matches) {
  std::vector<WordMatch> sorted = matches;
  std::sort(sorted.begin(), sorted.end(), [](const WordMatch& a, const WordMatch& b) {
    size_t la = a.end - a.begin, lb = b.end - b.begin;
    if (la != lb) return la > lb;
    return a.begin < b.begin;
  });
  std::vector<WordMatch> kept;
  for (const WordMatch& m : sorted) {
    bool overlaps = false;
    for (const WordMatch& k : kept) {
      if (m.begin < k.end && k.begin < m.end) {
        overlaps = true;
        break;
      }
    }
    if (!overlaps) kept.push_back(m);
  }
  std::sort(kept.begin(), kept.end(),
            [](const WordMatch& a, const WordMatch& b) { return a.begin < b.begin; });
  return kept;
}

struct Entry {
  std::string word;                     // in the view's form
  std::string suggestion;               // substitution: the right form(s), "|" separated
  std::vector<std::string> exceptions;  // in the view's form
};

class ListRule : public WordRule {
 public:
  ListRule(RuleInfo info, MatchView view, std::vector<Entry> entries,
           std::vector<std::string> exceptions)
      : WordRule(std::move(info)),
        view_(view),
        entries_(std::move(entries)),
        exceptions_(std::move(exceptions)) {}

  MatchView view() const override { return view_; }

  void Words(const std::function<void(std::string_view, uint32_t)>& add) const override {
    for (uint32_t i = 0; i < entries_.size(); ++i) add(entries_[i].word, i);
  }

  void OnMatches(const WordContext& ctx, const std::vector<WordMatch>& matches,
                 std::vector<Hit>& out) const override {
    // Occurrences that are not reported (not at a word boundary, or inside an exception) are
    // dropped before overlaps are settled, so that they hide no other occurrence.
    std::vector<WordMatch> reportable;
    for (const WordMatch& m : matches) {
      const Entry& e = entries_[m.entry];
      if (!IsAtWordBoundary(ctx.text, m.begin, m.end)) continue;
      if (Excepted(ctx.text, m, e.word, e.exceptions) || Excepted(ctx.text, m, e.word, exceptions_))
        continue;
      reportable.push_back(m);
    }
    for (const WordMatch& m : LongestNonOverlapping(reportable)) {
      const Entry& e = entries_[m.entry];
      Hit h;
      h.block = ctx.block.index;
      h.begin = m.begin;
      h.end = m.end;
      h.suggestion = e.suggestion;
      out.push_back(std::move(h));
    }
  }

 private:
  static bool Excepted(std::string_view text, const WordMatch& m, std::string_view word,
                       const std::vector<std::string>& exceptions) {
    for (const std::string& x : exceptions) {
      if (ExceptionCovers(text, m.begin, m.end, word, x)) return true;
    }
    return false;
  }

  MatchView view_;
  std::vector<Entry> entries_;
  std::vector<std::string> exceptions_;
};

class ListAllowRule : public AllowRule {
 public:
  ListAllowRule(RuleInfo info, std::vector<std::string> words, std::vector<Category> categories)
      : AllowRule(std::move(info)), words_(std::move(words)), categories_(std::move(categories)) {}
  void Words(const std::function<void(std::string_view, uint32_t)>& add) const override {
    for (uint32_t i = 0; i < words_.size(); ++i) add(words_[i], i);
  }
  void OnMatches(const WordContext& ctx, const std::vector<WordMatch>& matches,
                 std::vector<Hit>& out) const override {
    for (const WordMatch& m : matches) {
      if (!IsAtWordBoundary(ctx.text, m.begin, m.end)) continue;
      out.push_back(Hit{ctx.block.index, m.begin, m.end, "", "", std::nullopt});
    }
  }
  bool Covers(Category c) const override {
    return categories_.empty() ||
           std::find(categories_.begin(), categories_.end(), c) != categories_.end();
  }

 private:
  std::vector<std::string> words_;
  std::vector<Category> categories_;
};

std::string InView(MatchView view, std::string_view word) {
  return view == MatchView::kFolded ? FoldWord(word) : std::string(word);
}

}  // namespace

Result<MatchView> ParseView(const YAML::Node& node, const LoadContext& ctx) {
  const YAML::Node m = node["match"];
  if (!m) return MatchView::kOriginal;
  std::string v = m.as<std::string>("");
  if (v == "original") return MatchView::kOriginal;
  if (v == "folded") return MatchView::kFolded;
  return ctx.Error(m, "match 只能是 original 或 folded，而不是 '" + v + "'");
}

Result<std::vector<std::string>> ReadStrings(const YAML::Node& node, const char* key,
                                             const LoadContext& ctx) {
  std::vector<std::string> out;
  const YAML::Node n = node[key];
  if (!n) return out;
  if (n.IsScalar()) {
    out.push_back(n.as<std::string>());
    return out;
  }
  if (!n.IsSequence()) return ctx.Error(n, std::string(key) + " 应为字符串列表");
  for (const auto& item : n) {
    if (!item.IsScalar()) return ctx.Error(item, std::string(key) + " 的每一项应为字符串");
    std::string s = item.as<std::string>();
    if (s.empty()) return ctx.Error(item, std::string(key) + " 中有空字符串");
    out.push_back(std::move(s));
  }
  return out;
}

Result<std::unordered_map<char32_t, std::u32string>> ReadConfusionLists(const YAML::Node& node,
                                                                        const char* key,
                                                                        const LoadContext& ctx) {
  std::unordered_map<char32_t, std::u32string> confusion;
  auto files = ReadStrings(node, key, ctx);
  if (!files.ok()) return files.status();
  for (const std::string& file : *files) {
    auto lines = ctx.ReadList(file);
    if (!lines.ok()) return ctx.Error(node[key], lines.status().message());
    for (auto& [n, line] : *lines) {
      const size_t tab = line.find('\t');
      const std::u32string head = utf8::ToUtf32(line.substr(0, tab));
      if (tab == std::string::npos || head.size() != 1)
        return ctx.Error(node[key], file + ":" + std::to_string(n) + ": 应为“字<Tab>易混字”");
      confusion[head[0]] += utf8::ToUtf32(line.substr(tab + 1));
    }
  }
  return confusion;
}

Result<std::vector<std::string>> ReadWords(const YAML::Node& node, const LoadContext& ctx) {
  Result<std::vector<std::string>> words = ReadStrings(node, "words", ctx);
  if (!words.ok()) return words.status();
  if (const YAML::Node list = node["wordlist"]) {
    std::vector<std::string> files;
    if (list.IsSequence()) {
      for (const auto& f : list) files.push_back(f.as<std::string>());
    } else {
      files.push_back(list.as<std::string>());
    }
    for (const std::string& f : files) {
      auto lines = ctx.ReadList(f);
      if (!lines.ok()) return ctx.Error(list, lines.status().message());
      for (auto& [n, text] : *lines) {
        // existence lists: the word is the first column; the rest (tags, notes) is ignored.
        size_t tab = text.find('\t');
        words->push_back(tab == std::string::npos ? text : text.substr(0, tab));
      }
    }
  }
  return words;
}

Result<std::unique_ptr<Rule>> MakeExistenceRule(const YAML::Node& node, RuleInfo info,
                                                const LoadContext& ctx) {
  auto view = ParseView(node, ctx);
  if (!view.ok()) return view.status();
  auto words = ReadWords(node, ctx);
  if (!words.ok()) return words.status();
  if (words->empty()) return ctx.Error(node, "existence 规则需要 words 或 wordlist");
  auto exceptions = ReadStrings(node, "exceptions", ctx);
  if (!exceptions.ok()) return exceptions.status();
  std::vector<Entry> entries;
  for (const std::string& w : *words) {
    std::string v = InView(*view, w);
    if (!v.empty()) entries.push_back({v, "", {}});
  }
  std::vector<std::string> xs;
  for (const std::string& x : *exceptions) xs.push_back(InView(*view, x));
  return std::unique_ptr<Rule>(new ListRule(std::move(info), *view, std::move(entries), xs));
}

const RuleType& ExistenceRuleType() {
  static const RuleType* type =
      new RuleType{MakeExistenceRule, {"words", "wordlist", "match", "exceptions"}};
  return *type;
}

Result<std::unique_ptr<Rule>> MakeSubstitutionRule(const YAML::Node& node, RuleInfo info,
                                                   const LoadContext& ctx) {
  auto view = ParseView(node, ctx);
  if (!view.ok()) return view.status();
  std::vector<Entry> entries;
  auto add = [&](const std::string& wrong, const std::string& right,
                 std::vector<std::string> exceptions) {
    Entry e{InView(*view, wrong), right, {}};
    for (auto& x : exceptions) e.exceptions.push_back(InView(*view, x));
    if (!e.word.empty()) entries.push_back(std::move(e));
  };
  if (const YAML::Node swap = node["swap"]) {
    if (!swap.IsMap()) return ctx.Error(swap, "swap 应为“错误: 正确”的映射");
    for (const auto& kv : swap) {
      std::string wrong = kv.first.as<std::string>(), right = kv.second.as<std::string>("");
      if (wrong.empty()) return ctx.Error(kv.first, "swap 中有空的错误写法");
      add(wrong, right, {});
    }
  }
  if (const YAML::Node list = node["wordlist"]) {
    auto lines = ctx.ReadList(list.as<std::string>(""));
    if (!lines.ok()) return ctx.Error(list, lines.status().message());
    std::string list_file = list.as<std::string>("");
    for (auto& [n, text] : *lines) {
      std::vector<std::string> cols;
      size_t start = 0;
      while (true) {
        size_t tab = text.find('\t', start);
        cols.push_back(text.substr(start, tab == std::string::npos ? tab : tab - start));
        if (tab == std::string::npos) break;
        start = tab + 1;
      }
      if (cols.size() < 2 || cols[0].empty() || cols[1].empty()) {
        return Status::Error(list_file + ":" + std::to_string(n) +
                             ": 替换词表每行应为“错误<TAB>正确[<TAB>例外|例外]”");
      }
      std::vector<std::string> exceptions;
      if (cols.size() >= 3) {
        size_t s = 0;
        while (s <= cols[2].size()) {
          size_t bar = cols[2].find('|', s);
          std::string x = cols[2].substr(s, bar == std::string::npos ? bar : bar - s);
          if (!x.empty()) exceptions.push_back(x);
          if (bar == std::string::npos) break;
          s = bar + 1;
        }
      }
      add(cols[0], cols[1], exceptions);
    }
  }
  if (entries.empty()) return ctx.Error(node, "substitution 规则需要 swap 或 wordlist");
  auto exceptions = ReadStrings(node, "exceptions", ctx);
  if (!exceptions.ok()) return exceptions.status();
  std::vector<std::string> xs;
  for (const std::string& x : *exceptions) xs.push_back(InView(*view, x));
  return std::unique_ptr<Rule>(new ListRule(std::move(info), *view, std::move(entries), xs));
}

const RuleType& SubstitutionRuleType() {
  static const RuleType* type =
      new RuleType{MakeSubstitutionRule, {"swap", "wordlist", "match", "exceptions"}};
  return *type;
}

Result<std::unique_ptr<Rule>> MakeAllowRule(const YAML::Node& node, RuleInfo info,
                                            const LoadContext& ctx) {
  auto words = ReadWords(node, ctx);
  if (!words.ok()) return words.status();
  auto names = ReadStrings(node, "categories", ctx);
  if (!names.ok()) return names.status();
  std::vector<Category> categories;
  for (const std::string& n : *names) {
    auto c = ParseCategory(n);
    if (!c) return ctx.Error(node["categories"], "未知的类别 '" + n + "'");
    categories.push_back(*c);
  }
  return std::unique_ptr<Rule>(
      new ListAllowRule(std::move(info), std::move(*words), std::move(categories)));
}

const RuleType& AllowRuleType() {
  static const RuleType* type = new RuleType{MakeAllowRule, {"words", "wordlist", "categories"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
