// Doubled words and phrases: 的的, 我们我们, 加强监督管理加强监督管理.
//
// Chinese reduplicates a lot on purpose (常常, 研究研究, 一个一个, 明明白白), so what counts as a
// mistake is data in the rule file: which single characters are never doubled (`never_doubled`),
// which doubled strings are real (`allow`), and which repeated units are real (`allow_unit`, e.g.
// 一 + measure word). Only runs of Han characters are considered.
#include <re2/re2.h>

#include <string>
#include <unordered_set>
#include <vector>

#include "common/utf8.h"
#include "scanner/rules/types.h"

namespace cuomin::scanner::rules {
namespace {

constexpr int kDefaultMaxUnit = 12;
constexpr int kMaxMaxUnit = 50;

class RepetitionRule : public Rule {
 public:
  RepetitionRule(RuleInfo info, int max_unit, std::unordered_set<char32_t> single,
                 std::vector<std::string> allow, std::unique_ptr<RE2> allow_unit)
      : Rule(std::move(info)),
        max_unit_(max_unit),
        single_(std::move(single)),
        allow_(std::move(allow)),
        allow_unit_(std::move(allow_unit)) {}

  void CheckBlock(const BlockView& view, std::vector<Hit>& out) const override {
    std::string_view text = view.block.text;
    // Reused across blocks of a thread: this rule runs on every block.
    thread_local std::u32string cps;
    thread_local std::vector<size_t> offs;
    cps.clear();
    offs.clear();
    for (size_t i = 0; i < text.size();) {
      offs.push_back(i);
      cps.push_back(utf8::Next(text, i));
    }
    offs.push_back(text.size());
    const size_t n = cps.size();
    size_t i = 0;
    while (i < n) {
      if (!utf8::IsHan(cps[i])) {
        ++i;
        continue;
      }
      bool reported = false;
      for (size_t len = 1; len <= static_cast<size_t>(max_unit_) && i + 2 * len <= n; ++len) {
        if (!utf8::IsHan(cps[i + len - 1])) break;  // every longer unit contains it
        if (cps[i] != cps[i + len] || cps.compare(i, len, cps, i + len, len) != 0) continue;
        // The shortest repeating unit decides; count how often it repeats.
        size_t reps = 2;
        while (i + (reps + 1) * len <= n && cps.compare(i, len, cps, i + reps * len, len) == 0)
          ++reps;
        if (IsMistake(cps, offs, text, i, len)) {
          Hit h;
          h.block = view.index;
          h.begin = offs[i];
          h.end = offs[i + reps * len];
          h.suggestion = std::string(text.substr(offs[i], offs[i + len] - offs[i]));
          out.push_back(std::move(h));
          i += reps * len;
          reported = true;
        }
        break;
      }
      if (!reported) ++i;
    }
  }

 private:
  bool IsMistake(const std::u32string& cps, const std::vector<size_t>& offs, std::string_view text,
                 size_t i, size_t len) const {
    if (len == 1) {
      if (!single_.count(cps[i])) return false;
      // AABB forms: 实实在在, 是是非非, 的的确确.
      auto doubled = [&](size_t a) {
        return a + 1 < cps.size() && cps[a] == cps[a + 1] && cps[a] != cps[i] &&
               utf8::IsHan(cps[a]);
      };
      if ((i >= 2 && doubled(i - 2)) || doubled(i + 2)) return false;
    } else if (allow_unit_) {
      std::string_view unit = text.substr(offs[i], offs[i + len] - offs[i]);
      if (RE2::FullMatch(unit, *allow_unit_)) return false;
    }
    return !CoveredByAllow(text, offs[i], offs[i + 2 * len]);
  }

  // True when an allowed string occurs in the text around [begin, end) and covers it
  // (目的的 covers the 的的 of 达到目的的手段; 为了了解 the 了了).
  bool CoveredByAllow(std::string_view text, size_t begin, size_t end) const {
    std::string_view doubled = text.substr(begin, end - begin);
    for (const std::string& w : allow_) {
      for (size_t k = w.find(doubled); k != std::string::npos; k = w.find(doubled, k + 1)) {
        if (k > begin) continue;
        if (text.substr(begin - k, w.size()) == w) return true;
      }
    }
    return false;
  }

  int max_unit_;
  std::unordered_set<char32_t> single_;
  std::vector<std::string> allow_;
  std::unique_ptr<RE2> allow_unit_;
};

}  // namespace

Result<std::unique_ptr<Rule>> MakeRepetitionRule(const YAML::Node& node, RuleInfo info,
                                                 const LoadContext& ctx) {
  int max_unit = kDefaultMaxUnit;
  if (const YAML::Node m = node["max_unit"]) {
    try {
      max_unit = m.as<int>();
    } catch (const YAML::Exception&) {
      return ctx.Error(m, "max_unit 应为整数");
    }
    if (max_unit < 1 || max_unit > kMaxMaxUnit)
      return ctx.Error(m, "max_unit 应在 1 到 " + std::to_string(kMaxMaxUnit) + " 之间");
  }

  std::unordered_set<char32_t> single;
  if (const YAML::Node s = node["never_doubled"]) {
    // A string of characters or a list of one-character strings.
    std::vector<std::string> items;
    if (s.IsScalar()) {
      items.push_back(s.Scalar());
    } else if (s.IsSequence()) {
      for (const YAML::Node& item : s) {
        if (!item.IsScalar()) return ctx.Error(item, "never_doubled 的每一项应为汉字");
        items.push_back(item.Scalar());
      }
    } else {
      return ctx.Error(s, "never_doubled 应为汉字串或列表");
    }
    for (const std::string& item : items) {
      for (size_t i = 0; i < item.size();) {
        char32_t c = utf8::Next(item, i);
        if (c == ' ') continue;
        if (!utf8::IsHan(c)) return ctx.Error(s, "never_doubled 中只能有汉字：“" + item + "”");
        single.insert(c);
      }
    }
  }

  std::vector<std::string> allow;
  if (const YAML::Node a = node["allow"]) {
    if (!a.IsSequence()) return ctx.Error(a, "allow 应为列表");
    for (const YAML::Node& item : a) {
      if (!item.IsScalar() || item.Scalar().empty())
        return ctx.Error(item, "allow 的每一项应为非空字符串");
      allow.push_back(item.Scalar());
    }
  }
  if (const YAML::Node f = node["allow_list"]) {
    if (!f.IsScalar()) return ctx.Error(f, "allow_list 应为词表文件名");
    auto list = ctx.ReadList(f.Scalar());
    if (!list.ok()) return ctx.Error(f, list.status().message());
    for (auto& [line, word] : *list) allow.push_back(std::move(word));
  }

  std::unique_ptr<RE2> allow_unit;
  if (const YAML::Node u = node["allow_unit"]) {
    if (!u.IsScalar()) return ctx.Error(u, "allow_unit 应为正则表达式");
    RE2::Options opt;
    opt.set_log_errors(false);
    allow_unit = std::make_unique<RE2>(u.Scalar(), opt);
    if (!allow_unit->ok()) return ctx.Error(u, "allow_unit 正则表达式错误：" + allow_unit->error());
  }
  return std::unique_ptr<Rule>(new RepetitionRule(std::move(info), max_unit, std::move(single),
                                                  std::move(allow), std::move(allow_unit)));
}

}  // namespace cuomin::scanner::rules
