// Doubled words and phrases: 的的, 我们我们, 加强监督管理加强监督管理.
//
// Chinese reduplicates a lot on purpose (常常, 研究研究, 一个一个, 明明白白), so what counts as a
// mistake is data in the rule file: which single characters are never doubled (`never_doubled`),
// which doubled strings are real (`allow`), and which repeated units are real (`allow_unit`, e.g.
// 一 + measure word). Only runs of Han characters are considered.
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/utf8.h"
#include "scanner/rules/types.h"

namespace cuomin::scanner::rules {
namespace {

constexpr int kDefaultMaxUnit = 12;
constexpr int kMaxMaxUnit = 50;

// The candidate search keys Han characters by the payload bits of their last two UTF-8 bytes
// (no decoding): 4,096 keys. Different characters may share a key; that is resolved when a key
// repeats. The keys are dense so that the table is one contiguous 32 KB: keyed by the raw bytes
// it spread over 64 rows 2 KB apart, all in a sixth of the L1 cache's sets (measured: the
// dense keys made the whole scan about 2 % faster).
constexpr size_t kKeys = 1 << 12;
uint16_t KeyAt(const unsigned char* p, size_t len) {
  return static_cast<uint16_t>(((p[len - 2] & 0x3Fu) << 6) | (p[len - 1] & 0x3Fu));
}

// The clock counts Han characters; anything else advances it by kFar > kMaxMaxUnit, so two
// characters at most max_unit clock ticks apart are in the same run of Han characters.
constexpr uint64_t kFar = 64;
// Byte offsets of the most recent Han characters, by clock value modulo kRecent.
constexpr uint64_t kRecent = 64;
static_assert(kMaxMaxUnit < kFar && kMaxMaxUnit < kRecent);

// A position worth the full check: the Han character at byte `begin` occurs next at byte
// `next`, `distance` characters later, with only Han characters in between.
struct Candidate {
  size_t begin;
  size_t next;
  size_t distance;
};

class RepetitionRule : public Rule {
 public:
  RepetitionRule(RuleInfo info, int max_unit, std::unordered_set<char32_t> single,
                 std::vector<std::string> allow, std::unique_ptr<RE2> allow_unit)
      : Rule(std::move(info)),
        max_unit_(max_unit),
        single_(std::move(single)),
        allow_(std::move(allow)),
        allow_unit_(std::move(allow_unit)) {}

  // The rule in terms of code points: at each Han character i (left to right), take the
  // shortest unit length len <= max_unit such that characters [i, i+len) are Han and repeated
  // right after; if that is a mistake, report all repetitions and continue after them.
  //
  // This runs on every block, so it avoids decoding the block into arrays. A repetition at i
  // needs the character at i to occur again within max_unit characters with only Han
  // characters in between. One pass records, per Han character, where it last occurred; that
  // yields exactly the positions with such a nearest next occurrence (the candidates, a small
  // fraction of ordinary text), and only those get the full check, done on bytes: equal Han
  // characters have equal UTF-8 bytes (utf8::Next decodes only well-formed sequences to Han).
  void CheckBlock(const BlockView& view, std::vector<Hit>& out) const override {
    std::string_view text = view.block.text;
    CheckMixed(view, text, out);
    std::vector<Candidate>& candidates = FindCandidates(text);
    if (candidates.empty()) return;
    // Found in order of the later occurrence; the check goes left to right.
    std::sort(candidates.begin(), candidates.end(),
              [](const Candidate& a, const Candidate& b) { return a.begin < b.begin; });
    size_t resume = 0;  // reported repetitions are skipped, as in a left-to-right scan
    for (const Candidate& c : candidates) {
      if (c.begin < resume) continue;
      resume = CheckAt(view, text, c, out);
    }
  }

 private:
  // Digits and Latin letters, half- or full-width: the other half of a mixed unit.
  static bool IsAlnum(char32_t c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           (c >= 0xFF10 && c <= 0xFF19) || (c >= 0xFF21 && c <= 0xFF3A) ||
           (c >= 0xFF41 && c <= 0xFF5A);
  }

  // Doubled units that mix Han characters with digits or Latin letters (第3季度第3季度,
  // 2023年2023年, A股A股), which the pass below, keyed by Han characters alone, cannot see.
  // Only the runs of Han characters and letters around an ASCII digit or letter are decoded
  // and compared directly: they are short. (Full-width digits are their own finding, by
  // format-fullwidth-alnum, and start no run here.)
  void CheckMixed(const BlockView& view, std::string_view text, std::vector<Hit>& out) const {
    thread_local std::vector<char32_t> cps;
    thread_local std::vector<size_t> at;  // byte offset of each code point, then the run's end
    auto word = [](char32_t c) { return utf8::IsHan(c) || IsAlnum(c); };
    const size_t n = text.size();
    for (size_t i = 0; i < n;) {
      size_t j = i;
      while (j < n && !kAsciiAlnum[static_cast<unsigned char>(text[j])]) ++j;
      if (j == n) return;
      size_t left = j;
      while (left > 0) {
        size_t k = left;
        if (!word(utf8::Prev(text, k))) break;
        left = k;
      }
      cps.clear();
      at.clear();
      bool han = false;
      size_t right = left;
      while (right < n) {
        size_t k = right;
        char32_t c = utf8::Next(text, k);
        if (!word(c)) break;
        han |= utf8::IsHan(c);
        at.push_back(right);
        cps.push_back(c);
        right = k;
      }
      at.push_back(right);
      if (han) CheckMixedRun(view, text, cps, at, static_cast<size_t>(max_unit_), out);
      i = right > j ? right : j + 1;
    }
  }

  static bool IsNumeral(char32_t c) {
    static constexpr std::u32string_view kChinese = U"〇零一二三四五六七八九十百千万亿两";
    return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) ||
           kChinese.find(c) != std::u32string_view::npos;
  }

  // A table: this scan looks at every byte of every block.
  static constexpr std::array<bool, 256> kAsciiAlnum = [] {
    std::array<bool, 256> t{};
    for (int b = 0; b < 256; ++b)
      t[b] = (b >= '0' && b <= '9') || (b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z');
    return t;
  }();

  // One run: cps[k] starts at byte at[k]; at.back() is the run's end.
  void CheckMixedRun(const BlockView& view, std::string_view text, const std::vector<char32_t>& cps,
                     const std::vector<size_t>& at, size_t max_unit, std::vector<Hit>& out) const {
    const size_t run = 0, end = cps.size();
    // next_alnum[i]: the first digit or letter at or after i. A unit from i must reach it.
    thread_local std::vector<size_t> next_alnum;
    next_alnum.resize(end + 1);
    next_alnum[end] = end;
    for (size_t k = end; k-- > 0;) next_alnum[k] = IsAlnum(cps[k]) ? k : next_alnum[k + 1];
    for (size_t i = run; i < end; ++i) {
      // A unit starts at a token boundary: not inside a number or a Latin word (12号2号).
      if (i > run && IsAlnum(cps[i]) && IsAlnum(cps[i - 1])) continue;
      const size_t shortest = std::max<size_t>(2, next_alnum[i] - i + 1);
      for (size_t len = shortest; len <= max_unit && i + 2 * len <= end; ++len) {
        if (cps[i] != cps[i + len] ||
            !std::equal(cps.begin() + i, cps.begin() + i + len, cps.begin() + i + len))
          continue;
        bool han = false, alnum = false;
        for (size_t k = i; k < i + len; ++k) {
          han |= utf8::IsHan(cps[k]);
          alnum |= IsAlnum(cps[k]);
        }
        if (!han || !alnum) continue;  // Han-only units are the other pass's
        // Numerals alone are a number, however written (二0二0年, 1万1千), not a phrase.
        if (std::all_of(cps.begin() + i, cps.begin() + i + len, IsNumeral)) continue;
        size_t reps = 2;
        while (i + (reps + 1) * len <= end &&
               std::equal(cps.begin() + i, cps.begin() + i + len, cps.begin() + i + reps * len))
          ++reps;
        const size_t stop = i + reps * len;
        if (stop < end && IsAlnum(cps[stop - 1]) && IsAlnum(cps[stop])) continue;
        const size_t b = at[i], bytes = at[i + len] - at[i];
        if (allow_unit_ && RE2::FullMatch(text.substr(b, bytes), *allow_unit_)) continue;
        if (CoveredByAllow(text, b, at[i + 2 * len])) continue;
        Hit h;
        h.block = view.index;
        h.begin = b;
        h.end = at[stop];
        h.suggestion = std::string(text.substr(b, bytes));
        out.push_back(std::move(h));
        i = stop - 1;
        break;
      }
    }
  }

  struct Scratch {
    // Clock value of the last Han character with each key. The clock only grows (64 bits do
    // not wrap), so entries left by earlier blocks are far in the past.
    std::vector<uint64_t> last = std::vector<uint64_t>(kKeys, 0);
    uint64_t clock = kFar;
    std::vector<Candidate> candidates;
  };

  std::vector<Candidate>& FindCandidates(std::string_view text) const {
    // Reused across blocks of a thread: no allocation per block.
    thread_local Scratch s;
    s.candidates.clear();
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    uint64_t* const last = s.last.data();
    size_t recent[kRecent];  // only read for clock values of this block
    uint64_t clock = s.clock + kFar;
    const uint64_t max_unit = static_cast<uint64_t>(max_unit_);
    // Records the Han character at byte `at`; a candidate when its key came up again within
    // max_unit characters of the same run (rare: the check stays out of the loop).
    auto record = [&](size_t at, size_t len, uint16_t key) __attribute__((always_inline)) {
      const uint64_t now = ++clock;
      recent[now % kRecent] = at;
      const uint64_t prev = last[key];
      last[key] = now;
      if (now - prev <= max_unit) [[unlikely]]
        AddCandidate(text, recent[prev % kRecent], at, len, now - prev, s.candidates);
    };
    // A Han character takes at least three bytes, so the last two bytes hold none.
    for (size_t i = 0; i + 3 <= n;) {
      const unsigned char b0 = p[i], b1 = p[i + 1], b2 = p[i + 2];
      // The common case: a well-formed three-byte sequence with lead byte E4..E9, which is
      // U+4000..U+9FFF: Han except the Yijing hexagrams U+4DC0..U+4DFF (E4 B7 xx).
      if (b0 - 0xE4u <= 0xE9u - 0xE4u && ((b1 & b2) & 0xC0) == 0x80 && ((b1 | b2) & 0x40) == 0 &&
          (b0 != 0xE4 || b1 != 0xB7)) [[likely]] {
        record(i, 3, KeyAt(p + i, 3));
        i += 3;
        continue;
      }
      if (b0 < 0x80) {
        ++i;
        clock += kFar;
        continue;
      }
      size_t k = i;
      if (utf8::IsHan(utf8::Next(text, k))) {
        record(i, k - i, KeyAt(p + i, k - i));
      } else {
        clock += kFar;
      }
      i = k;
    }
    s.clock = clock;
    return s.candidates;
  }

  // The Han character at byte `at` (`len` bytes) has the same key as the one at `before`,
  // `distance` characters earlier in the same run. That is the nearest earlier character
  // with this key, so when it is the same character it is the nearest earlier occurrence;
  // otherwise look for one further back.
  void AddCandidate(std::string_view text, size_t before, size_t at, size_t len, uint64_t distance,
                    std::vector<Candidate>& out) const {
    if (text.compare(before, len, text, at, len) == 0) {
      out.push_back(Candidate{before, at, static_cast<size_t>(distance)});
      return;
    }
    std::string_view c = text.substr(at, len);
    size_t k = at;
    for (size_t d = 1; d <= static_cast<size_t>(max_unit_) && k > 0; ++d) {
      if (!utf8::IsHan(utf8::Prev(text, k))) return;
      if (text.substr(k, len) == c) {
        out.push_back(Candidate{k, at, d});
        return;
      }
    }
  }

  // The full check at a candidate; returns where the scan resumes (after a reported
  // repetition, else at the next character).
  size_t CheckAt(const BlockView& view, std::string_view text, const Candidate& c,
                 std::vector<Hit>& out) const {
    const size_t begin = c.begin;
    // Units shorter than c.distance cannot repeat: the unit's first character does not occur
    // again before c.next. Characters [begin, c.next) are Han (one run).
    size_t len = c.distance;
    size_t unit_end = c.next;
    for (;;) {
      const size_t bytes = unit_end - begin;
      // A longer unit needs even more bytes, so nothing fits any more.
      if (bytes > text.size() - unit_end) return begin + 1;
      if (text.compare(begin, bytes, text, unit_end, bytes) == 0) break;
      if (len == static_cast<size_t>(max_unit_)) return begin + 1;
      size_t k = unit_end;
      if (!utf8::IsHan(utf8::Next(text, k))) return begin + 1;  // every longer unit has it
      unit_end = k;
      ++len;
    }
    // The shortest repeating unit decides; count how often it repeats.
    const size_t bytes = unit_end - begin;
    size_t reps = 2;
    while (bytes <= text.size() - begin - reps * bytes &&
           text.compare(begin, bytes, text, begin + reps * bytes, bytes) == 0)
      ++reps;
    if (!IsMistake(text, begin, bytes, len)) return begin + 1;
    const size_t end = begin + reps * bytes;
    Hit h;
    h.block = view.index;
    h.begin = begin;
    h.end = end;
    h.suggestion = std::string(text.substr(begin, bytes));
    out.push_back(std::move(h));
    return end;
  }

  // Whether the doubled unit [begin, begin + bytes) x 2 of `len` characters is a mistake.
  bool IsMistake(std::string_view text, size_t begin, size_t bytes, size_t len) const {
    if (len == 1) {
      size_t k = begin;
      const char32_t c = utf8::Next(text, k);
      if (!single_.count(c)) return false;
      // AABB forms: 实实在在, 是是非非, 的的确确. A Han character is a well-formed sequence
      // starting at a non-continuation byte, which forward decoding never skips, so
      // utf8::Prev finds the same Han characters before `begin` as decoding the block would.
      auto doubled = [&](char32_t a, char32_t b) { return a == b && a != c && utf8::IsHan(a); };
      size_t p = begin;
      if (p > 0) {
        const char32_t b1 = utf8::Prev(text, p);
        if (p > 0 && doubled(utf8::Prev(text, p), b1)) return false;
      }
      size_t q = begin + 2 * bytes;
      if (q < text.size()) {
        const char32_t a1 = utf8::Next(text, q);
        if (q < text.size() && doubled(a1, utf8::Next(text, q))) return false;
      }
    } else if (allow_unit_) {
      if (RE2::FullMatch(text.substr(begin, bytes), *allow_unit_)) return false;
    }
    return !CoveredByAllow(text, begin, begin + 2 * bytes);
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
    if (Status cost = ctx.CheckRegexCost(u, *allow_unit); !cost.ok()) return cost;
  }
  return std::unique_ptr<Rule>(new RepetitionRule(std::move(info), max_unit, std::move(single),
                                                  std::move(allow), std::move(allow_unit)));
}

const RuleType& RepetitionRuleType() {
  static const RuleType* type = new RuleType{
      MakeRepetitionRule, {"max_unit", "never_doubled", "allow", "allow_list", "allow_unit"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
