// Traditional characters inside simplified text (國務院 in a simplified notice).
//
// The scanner's one traditional → simplified table (scanner/match/traditional.h, from ICU)
// decides which characters are traditional: a Han character is traditional-only when T→S
// changes it and the rule does not `allow` it (some characters ICU maps are also correct
// simplified: 著 in 显著, 乾 in 乾坤). The flags per code point are made when the rule loads, so
// scanning is a table lookup.
//
// Quotations from Hong Kong or Taiwan texts are not mistakes: a document (or a paragraph) that
// is mostly traditional is left alone, hence the decision in CheckDocument.
#include <algorithm>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

#include "common/utf8.h"
#include "scanner/match/traditional.h"
#include "scanner/rules/types.h"

namespace cuomin::scanner::rules {
namespace {

// A text is "mostly traditional" (a Hong Kong or Taiwan text or quotation, left alone) when it
// has more traditional-only than simplified-only characters. Counting both sides instead of a
// share of traditional characters keeps a short simplified notice with one 國務院辦公廳 apart
// from a short traditional quotation, which has almost no simplified-only characters.
// Traditional characters separated by at most this many script-neutral Han characters form one
// finding (國務院辦公廳 rather than 國務 / 辦 / 廳).
constexpr size_t kMaxGap = 1;

// The shared table's facts as flags per code point, for the scanning loop (lookups in a map
// per character cost more than the rest of the rule).
constexpr char32_t kFlagLimit = 0x30000;
constexpr uint8_t kTraditional = 1, kSimplifiedOnly = 2;

struct Char {
  char32_t cp;
  size_t begin;
  size_t end;
  const std::string* simplified;  // non-null: traditional-only
};

struct Counts {
  size_t traditional = 0;
  size_t simplified_only = 0;
  bool MostlyTraditional() const { return traditional > simplified_only; }
};

class ScriptRule : public Rule {
 public:
  ScriptRule(RuleInfo info, const TraditionalTable& table, std::unordered_set<char32_t> allow)
      : Rule(std::move(info)), table_(table), allow_(std::move(allow)) {
    // The table's facts per code point, without the traditional flag of allowed characters.
    flags_.assign(kFlagLimit, 0);
    traditional_bmp_.assign(0x10000 / 64, 0);
    for (const auto& [c, simplified] : table_.all())
      if (c < kFlagLimit && !allow_.count(c)) flags_[c] |= kTraditional;
    for (char32_t c : table_.simplified_only())
      if (c < kFlagLimit) flags_[c] |= kSimplifiedOnly;
    for (char32_t c = 0; c < 0x10000; ++c)
      if (flags_[c] & kTraditional) traditional_bmp_[c >> 6] |= uint64_t{1} << (c & 63);
  }

  void CheckDocument(const Document& document, std::vector<Hit>& out) const override {
    // Most documents have no traditional character at all: a first pass over the bytes with
    // an 8 KB bit table (it stays in the L1 cache) says so and stops at the first one. Only
    // then are both kinds counted per block, and characters collected for the blocks that have
    // a traditional one. (A Hyperscan pass over the class of 2,700 traditional characters was
    // tried as the gate: slower than this loop.)
    if (std::none_of(document.blocks.begin(), document.blocks.end(),
                     [&](const Block& b) { return MayHaveTraditional(b.text); }))
      return;
    Counts whole;
    std::vector<Counts> blocks(document.blocks.size());
    for (size_t b = 0; b < document.blocks.size(); ++b) {
      blocks[b] = Count(document.blocks[b].text);
      whole.traditional += blocks[b].traditional;
      whole.simplified_only += blocks[b].simplified_only;
    }
    if (whole.traditional == 0 || whole.MostlyTraditional()) return;
    std::vector<Char> chars;
    for (size_t b = 0; b < blocks.size(); ++b) {
      // No traditional characters, or a traditional quotation inside a simplified document.
      if (blocks[b].traditional == 0 || blocks[b].MostlyTraditional()) continue;
      std::string_view text = document.blocks[b].text;
      chars.clear();
      for (size_t i = 0; i < text.size();) {
        size_t at = i;
        char32_t c = utf8::Next(text, i);
        Char ch{c, at, i, nullptr};
        if (utf8::IsHan(c)) ch.simplified = Lookup(c);
        chars.push_back(ch);
      }
      CheckBlockChars(b, chars, out);
    }
  }

 private:
  // False when the text has no traditional-only character; true when it may have one (bytes
  // are not validated here: malformed text just takes the full count).
  bool MayHaveTraditional(std::string_view text) const {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    for (size_t i = 0; i + 2 < n;) {
      const unsigned b0 = p[i];
      if (b0 < 0xE0) {  // ASCII, a two-byte character or a continuation byte: never Han
        ++i;
      } else if (b0 < 0xF0) {
        const char32_t c = ((b0 & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu);
        if ((traditional_bmp_[c >> 6] >> (c & 63)) & 1) return true;
        i += 3;
      } else {
        size_t k = i;
        const char32_t c = utf8::Next(text, k);
        if (c < flags_.size() && (flags_[c] & kTraditional)) return true;
        i = std::max(k, i + 1);
      }
    }
    return false;
  }

  Counts Count(std::string_view text) const {
    Counts counts;
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    auto add = [&](char32_t c) {
      if (c >= flags_.size()) return;
      counts.traditional += flags_[c] & kTraditional;
      counts.simplified_only += (flags_[c] & kSimplifiedOnly) != 0;
    };
    for (size_t i = 0; i < n;) {
      const unsigned char b0 = p[i];
      if (b0 < 0x80) {
        ++i;
        continue;
      }
      if ((b0 & 0xF0) == 0xE0 && i + 2 < n && (p[i + 1] & 0xC0) == 0x80 &&
          (p[i + 2] & 0xC0) == 0x80) {
        add(((b0 & 0x0Fu) << 12) | ((p[i + 1] & 0x3Fu) << 6) | (p[i + 2] & 0x3Fu));
        i += 3;
        continue;
      }
      add(utf8::Next(text, i));
    }
    return counts;
  }

  const std::string* Lookup(char32_t c) const {
    if (allow_.count(c)) return nullptr;
    return table_.Simplified(c);
  }

  void CheckBlockChars(size_t block, const std::vector<Char>& chars, std::vector<Hit>& out) const {
    for (size_t i = 0; i < chars.size();) {
      if (!chars[i].simplified) {
        ++i;
        continue;
      }
      // Extend over further traditional characters, bridging short script-neutral Han gaps.
      size_t last = i;
      for (size_t j = i + 1; j < chars.size(); ++j) {
        if (chars[j].simplified) {
          last = j;
        } else if (!utf8::IsHan(chars[j].cp) || j - last > kMaxGap) {
          break;
        }
      }
      Hit h;
      h.block = block;
      h.begin = chars[i].begin;
      h.end = chars[last].end;
      for (size_t k = i; k <= last; ++k) {
        if (chars[k].simplified)
          h.suggestion += *chars[k].simplified;
        else
          utf8::Append(h.suggestion, chars[k].cp);
      }
      out.push_back(std::move(h));
      i = last + 1;
    }
  }

  const TraditionalTable& table_;
  std::unordered_set<char32_t> allow_;
  std::vector<uint8_t> flags_;
  std::vector<uint64_t> traditional_bmp_;  // the kTraditional flags of the BMP, as bits
};

}  // namespace

Result<std::unique_ptr<Rule>> MakeScriptRule(const YAML::Node& node, RuleInfo info,
                                             const LoadContext& ctx) {
  const TraditionalTable& table = Traditional();
  if (!table.error().empty()) return ctx.Error(node, table.error());
  std::unordered_set<char32_t> allow;
  if (const YAML::Node a = node["allow"]) {
    if (!a.IsSequence()) return ctx.Error(a, "allow 应为汉字列表");
    for (const YAML::Node& item : a) {
      if (!item.IsScalar()) return ctx.Error(item, "allow 的每一项应为汉字");
      const std::string& s = item.Scalar();
      for (size_t i = 0; i < s.size();) {
        char32_t c = utf8::Next(s, i);
        if (!utf8::IsHan(c)) return ctx.Error(item, "allow 中只能有汉字：“" + s + "”");
        allow.insert(c);
      }
    }
  }
  return std::unique_ptr<Rule>(new ScriptRule(std::move(info), table, std::move(allow)));
}

const RuleType& ScriptRuleType() {
  static const RuleType* type = new RuleType{MakeScriptRule, {"allow"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
