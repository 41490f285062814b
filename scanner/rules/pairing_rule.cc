// Paired punctuation (（） 《》 “” ...) unbalanced or crossed within one block.
#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "common/utf8.h"
#include "scanner/rules/types.h"

namespace cuomin::scanner::rules {
namespace {

const std::vector<std::string> kDefaultPairs = {"（）", "《》", "〈〉", "“”", "‘’", "【】", "〔〕"};
// Quotation marks that a multi-paragraph quotation opens again at the start of each paragraph
// and closes only in its last one (GB/T 15834-2011 4.1.3.2).
const std::vector<std::string> kDefaultMultiParagraph = {"“", "‘"};

struct Pair {
  char32_t open;
  char32_t close;
  std::string open_text;
  std::string close_text;
};

struct Open {
  size_t pair;
  size_t offset;  // byte offset of the opener
  size_t length;
  // Set when a closer of an outer pair came while this one was still open (《…（…》): if this
  // opener is closed later, the marks are crossed; if never, it is simply unmatched.
  bool crossed = false;
  size_t crossed_by_offset = 0;
  size_t crossed_by_length = 0;
  size_t crossed_by_pair = 0;
};

bool IsAsciiLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// China’s, ’99 (a year abbreviation: 中国’99昆明世界园艺博览会).
bool IsApostrophe(std::string_view text, char32_t prev, size_t next) {
  auto ascii = [&](size_t k) { return k < text.size() ? text[k] : '\0'; };
  if (IsAsciiLetter(prev) && IsAsciiLetter(static_cast<unsigned char>(ascii(next)))) return true;
  return std::isdigit(static_cast<unsigned char>(ascii(next))) &&
         std::isdigit(static_cast<unsigned char>(ascii(next + 1)));
}

bool IsLabelChar(char32_t c) {
  return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19) || IsAsciiLetter(c) ||
         std::u32string_view(U"一二三四五六七八九十").find(c) != std::u32string_view::npos;
}

bool IsLabelBoundary(char32_t c) {
  return c == 0 || c == ' ' || c == '\t' || c == 0x3000 ||
         std::u32string_view(U"。；：，、！？").find(c) != std::u32string_view::npos;
}

// "1）加强领导" / "；2）" / "a）": a list label closed by ） without an opener is normal.
bool IsListLabelCloser(std::string_view text, size_t closer_offset) {
  size_t i = closer_offset;
  int label = 0;
  char32_t before = 0;
  while (i > 0) {
    size_t j = i;
    char32_t c = utf8::Prev(text, j);
    if (IsLabelChar(c) && label < 3) {
      ++label;
      i = j;
      continue;
    }
    before = c;
    break;
  }
  return label > 0 && IsLabelBoundary(before);
}

class PairingRule : public Rule {
 public:
  PairingRule(RuleInfo info, std::vector<Pair> pairs, std::u32string multi_paragraph)
      : Rule(std::move(info)), pairs_(std::move(pairs)), multi_(std::move(multi_paragraph)) {
    for (const Pair& pair : pairs_) {
      for (const std::string* mark : {&pair.open_text, &pair.close_text}) {
        const auto b = static_cast<unsigned char>((*mark)[0]);
        if (!is_lead_[b]) leads_.push_back(b);
        is_lead_[b] = true;
      }
      for (char32_t c : {pair.open, pair.close})
        low_bytes_[(c & 0xFF) >> 6] |= uint64_t{1} << (c & 0x3F);
    }
  }

  // Only the marks matter, and they are rare: the scan jumps from one byte that can start a
  // mark to the next (all default marks start with E2, E3 or EF) and decodes only there. Any
  // byte that is not a UTF-8 continuation byte starts a character when the block is decoded
  // from its beginning (utf8::Next never consumes such a byte as part of another
  // character), so the characters found this way are exactly the decoded ones.
  void CheckBlock(const BlockView& view, std::vector<Hit>& out) const override {
    std::vector<Lone> lone;
    std::vector<Open> stack = Match(view.index, view.block.text, &out, lone);
    // A paragraph whose sentence runs on (it does not end a sentence: hard-wrapped lines of a
    // .txt, a <br>-split page, a link on a line of its own: "依据《" / "著作权法" / "》第五条")
    // may open a mark that one of the next kRunOnBlocks paragraphs closes: not unbalanced.
    if (!lone.empty()) {
      // Marks left open by the run-on paragraphs before, less those their followers closed.
      std::vector<int> carry(pairs_.size(), 0);
      for (size_t b = view.index >= kRunOnBlocks ? view.index - kRunOnBlocks : 0; b < view.index;
           ++b) {
        std::vector<Lone> closers;
        std::vector<Open> openers = Match(b, view.document.blocks[b].text, nullptr, closers);
        for (const Lone& l : closers)
          if (carry[l.pair] > 0) --carry[l.pair];
        if (RunsOn(view.document, b))
          for (const Open& o : openers) ++carry[o.pair];
      }
      std::erase_if(lone, [&](const Lone& l) { return carry[l.pair]-- > 0; });
    }
    if (stack.empty()) {
      Report(view.index, lone, stack, out);
      return;
    }
    // What is left open. The last unmatched quotation mark of a paragraph may continue into the
    // next paragraph when that one starts with the same mark.
    const Pair& last = pairs_[stack.back().pair];
    if (multi_.find(last.open) != std::u32string::npos && NextBlockStartsWith(view, last.open))
      stack.pop_back();
    if (!stack.empty() && RunsOn(view.document, view.index)) {
      // Closers in the next paragraphs, after those that close marks opened in between.
      std::vector<int> ours(pairs_.size(), 0), between(pairs_.size(), 0), closed(pairs_.size(), 0);
      for (const Open& o : stack) ++ours[o.pair];
      for (size_t b = view.index + 1;
           b < view.document.blocks.size() && b - view.index <= kRunOnBlocks; ++b) {
        std::vector<Lone> closers;
        std::vector<Open> openers = Match(b, view.document.blocks[b].text, nullptr, closers);
        for (const Lone& l : closers) {
          if (between[l.pair] > 0) {
            --between[l.pair];
          } else if (ours[l.pair] > 0) {
            --ours[l.pair];
            ++closed[l.pair];
          }
        }
        if (RunsOn(view.document, b))
          for (const Open& o : openers) ++between[o.pair];
      }
      for (size_t j = stack.size(); j-- > 0;) {
        if (closed[stack[j].pair]-- > 0) stack.erase(stack.begin() + static_cast<long>(j));
      }
    }
    Report(view.index, lone, stack, out);
  }

 private:
  static constexpr size_t kRunOnBlocks = 5;
  // Two unmatched marks this close together are one slip (“纲要》, ”五讲四美”), at most this
  // many bytes apart (about 50 Han characters).
  static constexpr size_t kOneSlipBytes = 150;
  // A closer without its opener.
  struct Lone {
    size_t pair, offset, length;
  };

  // Reports the marks left unmatched in a block. Two neighbouring unmatched marks that make
  // one wrong pair are one mistake and one finding, not two: an opener closed by another
  // pair's closer (“六五’, “纲要（草案）》), or two closers or two openers of one pair where
  // one of them was typed the wrong way round (”五讲四美三热爱”).
  void Report(size_t block, const std::vector<Lone>& lone, const std::vector<Open>& open,
              std::vector<Hit>& out) const {
    struct Mark {
      size_t pair, offset, length;
      bool opener;
    };
    std::vector<Mark> marks;
    for (const Lone& l : lone) marks.push_back({l.pair, l.offset, l.length, false});
    for (const Open& o : open) marks.push_back({o.pair, o.offset, o.length, true});
    std::sort(marks.begin(), marks.end(),
              [](const Mark& x, const Mark& y) { return x.offset < y.offset; });
    for (size_t i = 0; i < marks.size(); ++i) {
      const Mark& a = marks[i];
      const Pair& pa = pairs_[a.pair];
      if (i + 1 < marks.size() && marks[i + 1].offset - a.offset <= kOneSlipBytes) {
        const Mark& b = marks[i + 1];
        const Pair& pb = pairs_[b.pair];
        std::string message;
        if (a.opener && !b.opener && a.pair != b.pair) {
          message = Quote(pa.open_text) + "与" + Quote(pb.close_text) + "不成对";
        } else if (!a.opener && !b.opener && a.pair == b.pair && IsQuote(pa)) {
          message = "两个" + Quote(pa.close_text) + "：前一个应为" + Quote(pa.open_text);
        } else if (a.opener && b.opener && a.pair == b.pair && IsQuote(pa)) {
          message = "两个" + Quote(pa.open_text) + "：后一个应为" + Quote(pa.close_text);
        }
        if (!message.empty()) {
          Hit h = MakeHit(block, a.offset, 0, std::move(message));
          h.end = b.offset + b.length;
          out.push_back(std::move(h));
          ++i;
          continue;
        }
      }
      out.push_back(MakeHit(block, a.offset, a.length,
                            a.opener ? Quote(pa.open_text) + "缺少对应的" + Quote(pa.close_text)
                                     : Quote(pa.close_text) + "缺少对应的" + Quote(pa.open_text)));
    }
  }

  // Only the marks matter, and they are rare: the scan jumps from one byte that can start a
  // mark to the next (all default marks start with E2, E3 or EF) and decodes only there. Any
  // byte that is not a UTF-8 continuation byte starts a character when the block is decoded
  // from its beginning (utf8::Next never consumes such a byte as part of another
  // character), so the characters found this way are exactly the decoded ones.
  // Returns the openers left open; closers without an opener go to `lone`, crossed pairs to
  // `crossed` (when given).
  std::vector<Open> Match(size_t block, std::string_view text, std::vector<Hit>* crossed,
                          std::vector<Lone>& lone) const {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    std::vector<Open> stack;
    const LeadFinder leads(*this);
    for (size_t at = leads.Next(bytes, 0, text.size()); at < text.size();
         at = leads.Next(bytes, at, text.size())) {
      const size_t start = at;
      char32_t c = utf8::Next(text, at);
      if (!MaybeMark(c)) continue;
      size_t len = at - start;
      // The character before a mark matters only when it is an ASCII letter (IsApostrophe).
      // A byte below 0x80 is a character by itself; the last byte of anything else is not.
      const char32_t prev = start > 0 && bytes[start - 1] < 0x80 ? bytes[start - 1] : 0;
      const size_t i = at;
      for (size_t p = 0; p < pairs_.size(); ++p) {
        const Pair& pair = pairs_[p];
        if (c == pair.open) {
          stack.push_back(Open{p, start, len});
          break;
        }
        if (c != pair.close) continue;
        if (c == U'’' && IsApostrophe(text, prev, i)) break;
        size_t k = stack.size();
        while (k > 0 && stack[k - 1].pair != p) --k;
        if (k == 0) {
          if (c == U'）' && IsListLabelCloser(text, start)) break;
          lone.push_back(Lone{p, start, len});
          break;
        }
        const Open& matched = stack[k - 1];
        if (matched.crossed && crossed) {
          // 《…（…》…）: the （ opened inside 《》 but closes after it.
          const Pair& outer = pairs_[matched.crossed_by_pair];
          Hit h =
              MakeHit(block, matched.offset, 0,
                      Quote(outer.open_text) + "与" + Quote(pair.open_text) + "交叉：" +
                          Quote(pair.open_text) + "应在" + Quote(outer.close_text) + "之前闭合");
          h.end = matched.crossed_by_offset + matched.crossed_by_length;
          crossed->push_back(std::move(h));
        }
        // Openers above the matched one are now crossed by this closer.
        for (size_t j = k; j < stack.size(); ++j) {
          if (stack[j].crossed) continue;
          stack[j].crossed = true;
          stack[j].crossed_by_offset = start;
          stack[j].crossed_by_length = len;
          stack[j].crossed_by_pair = p;
        }
        stack.erase(stack.begin() + static_cast<long>(k - 1));
        break;
      }
    }
    return stack;
  }

  // Whether the sentence of block b runs on into block b + 1: b does not end with a mark that
  // ends a sentence or clause (closing marks after it aside), and neither is a table cell.
  static bool RunsOn(const Document& doc, size_t b) {
    if (b + 1 >= doc.blocks.size()) return false;
    if (doc.blocks[b].kind == BlockKind::kTableCell ||
        doc.blocks[b + 1].kind == BlockKind::kTableCell)
      return false;
    std::string_view text = doc.blocks[b].text;
    size_t i = text.size();
    while (i > 0) {
      char32_t c = utf8::Prev(text, i);
      if (c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0 ||
          std::u32string_view(U"）”’》」』】〕").find(c) != std::u32string_view::npos)
        continue;
      return std::u32string_view(U"。！？；：…!?;:").find(c) == std::u32string_view::npos;
    }
    return false;
  }

  // Quotation marks, whose opener and closer differ only in direction: one typed the wrong way
  // round is a common slip.
  static bool IsQuote(const Pair& pair) { return pair.open == U'“' || pair.open == U'‘'; }

  // Quotation marks are named inside single quotes, other marks inside double quotes.
  static std::string Quote(const std::string& mark) {
    if (mark == "“" || mark == "”") return "‘" + mark + "’";
    return "“" + mark + "”";
  }

  static Hit MakeHit(size_t block, size_t offset, size_t length, std::string message) {
    Hit h;
    h.block = block;
    h.begin = offset;
    h.end = offset + length;
    h.message = std::move(message);
    return h;
  }

  static bool NextBlockStartsWith(const BlockView& view, char32_t mark) {
    const auto& blocks = view.document.blocks;
    if (view.index + 1 >= blocks.size()) return false;
    std::string_view next = blocks[view.index + 1].text;
    size_t i = 0;
    while (i < next.size()) {
      char32_t c = utf8::Next(next, i);
      if (c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0) continue;
      return c == mark;
    }
    return false;
  }

  // Finds the bytes that can start a mark.
  class LeadFinder {
   public:
    explicit LeadFinder(const PairingRule& rule) : rule_(rule) {
#ifdef __SSE2__
      const auto& leads = rule.leads_;
      for (size_t k = 0; k < 4; ++k)
        want_[k] = _mm_set1_epi8(static_cast<char>(leads[k < leads.size() ? k : 0]));
#endif
    }
    // The first byte at or after i that can start a mark; n when there is none.
    size_t Next(const unsigned char* p, size_t i, size_t n) const {
#ifdef __SSE2__
      // Sixteen bytes at a time against up to four lead bytes (SSE2 is part of x86-64).
      if (rule_.leads_.size() <= 4) {
        for (; i + 16 <= n; i += 16) {
          const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
          const __m128i hit =
              _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, want_[0]), _mm_cmpeq_epi8(v, want_[1])),
                           _mm_or_si128(_mm_cmpeq_epi8(v, want_[2]), _mm_cmpeq_epi8(v, want_[3])));
          if (const int mask = _mm_movemask_epi8(hit))
            return i + std::countr_zero(static_cast<unsigned>(mask));
        }
      }
#endif
      for (; i < n; ++i)
        if (rule_.is_lead_[p[i]]) return i;
      return n;
    }

   private:
    const PairingRule& rule_;
#ifdef __SSE2__
    __m128i want_[4];
#endif
  };

  // Whether c may be a mark: its low byte is that of a mark. Rejects the punctuation that
  // shares lead bytes with the marks (，、。：；) before the loop over the pairs.
  bool MaybeMark(char32_t c) const { return low_bytes_[(c & 0xFF) >> 6] >> (c & 0x3F) & 1; }

  std::vector<Pair> pairs_;
  std::u32string multi_;
  std::array<bool, 256> is_lead_{};   // first bytes of the marks' UTF-8
  std::vector<unsigned char> leads_;  // the same, listed
  uint64_t low_bytes_[4] = {};        // bit set: some mark's code point has this low byte
};

Result<std::vector<std::string>> StringList(const YAML::Node& node, const LoadContext& ctx,
                                            const char* key) {
  std::vector<std::string> out;
  if (!node.IsSequence()) return ctx.Error(node, std::string("“") + key + "”应为列表");
  for (const YAML::Node& item : node) {
    if (!item.IsScalar()) return ctx.Error(item, std::string("“") + key + "”的每一项应为字符串");
    out.push_back(item.Scalar());
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<Rule>> MakePairingRule(const YAML::Node& node, RuleInfo info,
                                              const LoadContext& ctx) {
  std::vector<std::string> pair_texts = kDefaultPairs;
  if (node["pairs"]) {
    auto r = StringList(node["pairs"], ctx, "pairs");
    if (!r.ok()) return r.status();
    pair_texts = *r;
  }
  std::vector<Pair> pairs;
  for (const std::string& t : pair_texts) {
    std::u32string cps = utf8::ToUtf32(t);
    if (cps.size() != 2 || cps[0] == cps[1] || !utf8::IsValid(t))
      return ctx.Error(node["pairs"],
                       "pairs 的每一项应为两个不同的标点（开、闭），而不是“" + t + "”");
    Pair p{cps[0], cps[1], {}, {}};
    utf8::Append(p.open_text, cps[0]);
    utf8::Append(p.close_text, cps[1]);
    for (const Pair& q : pairs)
      if (q.open == p.open || q.close == p.close || q.open == p.close || q.close == p.open)
        return ctx.Error(node["pairs"], "pairs 中“" + t + "”与“" + q.open_text + q.close_text +
                                            "”使用了相同的标点");
    pairs.push_back(std::move(p));
  }
  if (pairs.empty()) return ctx.Error(node["pairs"], "pairs 不能为空");
  std::vector<std::string> multi = kDefaultMultiParagraph;
  if (node["multi_paragraph"]) {
    auto r = StringList(node["multi_paragraph"], ctx, "multi_paragraph");
    if (!r.ok()) return r.status();
    multi = *r;
  }
  std::u32string multi_cps;
  for (const std::string& m : multi) {
    std::u32string cps = utf8::ToUtf32(m);
    if (cps.size() != 1)
      return ctx.Error(node["multi_paragraph"],
                       "multi_paragraph 的每一项应为一个开引号，而不是“" + m + "”");
    multi_cps += cps;
  }
  return std::unique_ptr<Rule>(
      new PairingRule(std::move(info), std::move(pairs), std::move(multi_cps)));
}

const RuleType& PairingRuleType() {
  static const RuleType* type = new RuleType{MakePairingRule, {"pairs", "multi_paragraph"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
