// `idiom`: a four-character idiom or set phrase (成语, 四字格) written with one character
// replaced by a character of the same sound or a similar shape (再接再励, 迫不急待, 按步就班),
// or with two of its characters swapped (阴奉阳违 for 阳奉阴违), where what is written is no
// word of its own.
//
// The near misses are not listed (thousands of idioms times dozens of confusable characters
// would be a million entries): one character wrong leaves the other three in place, so each
// window of four Han characters is looked up four times, each time with one position masked,
// through a bit filter first (a window costs four multiplications unless it nearly is an
// idiom). Halves alone would not do: they are ordinary words (发展, 改革) and match all the time.
#include <array>
#include <bit>
#include <bitset>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "common/utf8.h"
#include "scanner/rules/context_typo/candidates.h"
#include "scanner/rules/types.h"
#include "scanner/shape/similar_shapes.h"

namespace cuomin::scanner::rules {
namespace {

using Quad = std::array<char32_t, 4>;

// A random 64-bit value per character (splitmix64 of the code point). The key of a window with
// position p masked is the XOR of the other positions' values, each rotated by its position,
// and a salt for p: all four keys come from one XOR of the whole window.
uint64_t Random(char32_t c) {
  uint64_t x = static_cast<uint64_t>(c) + 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}
constexpr uint64_t kSalt[4] = {0xC2B2AE3D27D4EB4Full, 0x165667B19E3779F9ull, 0x27D4EB2F165667C5ull,
                               0xFF51AFD7ED558CCDull};
uint64_t At(uint64_t random, int j) { return std::rotl(random, 16 * j); }

uint64_t PairKey(char32_t a, char32_t b) { return (static_cast<uint64_t>(a) << 21) | b; }

struct QuadHash {
  size_t operator()(const Quad& q) const {
    return std::hash<uint64_t>()((static_cast<uint64_t>(q[0]) << 42) ^
                                 (static_cast<uint64_t>(q[1]) << 21) ^ q[2] ^
                                 (static_cast<uint64_t>(q[3]) << 32));
  }
};

class IdiomRule : public Rule {
 public:
  IdiomRule(RuleInfo info, std::vector<Quad> idioms, std::unordered_set<Quad, QuadHash> real,
            std::unordered_set<uint64_t> neighbours, lm::ConfusionSet confusion)
      : Rule(std::move(info)),
        idioms_(std::move(idioms)),
        real_(std::move(real)),
        neighbours_(std::move(neighbours)),
        confusion_(std::move(confusion)) {
    random_.resize(kBmp);
    for (char32_t c = 0; c < kBmp; ++c) random_[c] = Random(c);
    std::vector<Slot> keys;
    for (uint32_t k = 0; k < idioms_.size(); ++k) {
      const Quad& q = idioms_[k];
      known_.insert(q);
      uint64_t all = 0;
      for (int j = 0; j < 4; ++j) all ^= At(Random(q[j]), j);
      for (int j = 0; j < 3; ++j) pairs_[j].set(PairBit(Random(q[j]), Random(q[j + 1])));
      for (int p = 0; p < 4; ++p) {
        const uint64_t key = all ^ At(Random(q[p]), p) ^ kSalt[p];
        keys.push_back({key, k});
        filter_.set(FilterBit(key));
      }
    }
    // Two characters swapped: the window holds the idiom's characters in another order. The
    // XOR of the four characters' values does not depend on their order, so one bit test per
    // window settles nearly all of them before the table.
    for (uint32_t k = 0; k < idioms_.size(); ++k) {
      const Quad& q = idioms_[k];
      for (int a = 0; a < 4; ++a) {
        for (int b = a + 1; b < 4; ++b) {
          if (q[a] == q[b]) continue;
          Quad w = q;
          std::swap(w[a], w[b]);
          if (known_.count(w) || real_.count(w) || MovedLetterMakesWord(q, w)) continue;
          swapped_.emplace(w, k);
          swap_filter_.set(FilterBit(Random(w[0]) ^ Random(w[1]) ^ Random(w[2]) ^ Random(w[3])));
        }
      }
    }
    // An open-addressing table (linear probing, at most half full): a lookup reads one or two
    // cache lines, where std::unordered_map chases a node per entry; windows that nearly are an
    // idiom are frequent in official text (改革开放 and its neighbours).
    size_t slots = 16;
    while (slots < 2 * keys.size()) slots *= 2;
    table_.assign(slots, Slot{});
    table_mask_ = slots - 1;
    for (const Slot& e : keys) {
      size_t i = SlotOf(e.key);
      while (table_[i].idiom != kEmpty) i = (i + 1) & table_mask_;
      table_[i] = e;
    }
  }

  void CheckBlock(const BlockView& view, std::vector<Hit>& out) const override {
    const std::string& text = view.block.text;
    // The Han characters of the current run and their byte offsets (one past the end last).
    // Sized once per block (a character takes at least a byte) and written by index: this
    // loop runs over every character of every document.
    thread_local std::vector<char32_t> run;
    thread_local std::vector<size_t> at;
    thread_local std::vector<uint64_t> rnd;
    if (run.size() < text.size() + 1) {
      run.resize(text.size() + 1);
      at.resize(text.size() + 2);
      rnd.resize(text.size() + 1);
    }
    size_t n = 0;
    const auto* b = reinterpret_cast<const unsigned char*>(text.data());
    size_t i = 0;
    while (i <= text.size()) {
      size_t begin = i;
      char32_t c = 0;
      // The common case inline: a well-formed three-byte sequence U+4000..U+9FFF.
      if (i + 3 <= text.size() && b[i] - 0xE4u <= 0xE9u - 0xE4u &&
          ((b[i + 1] & b[i + 2]) & 0xC0) == 0x80 && ((b[i + 1] | b[i + 2]) & 0x40) == 0) {
        c = (char32_t{b[i] & 0x0Fu} << 12) | (char32_t{b[i + 1] & 0x3Fu} << 6) | (b[i + 2] & 0x3Fu);
        i += 3;
      } else if (i < text.size() && b[i] < 0x80) {
        c = b[i++];
      } else if (i < text.size()) {
        c = utf8::Next(text, i);
      }
      if (begin < text.size() && utf8::IsHan(c)) {
        run[n] = c;
        at[n] = begin;
        rnd[n] = RandomOf(c);
        ++n;
        continue;
      }
      at[n] = begin;
      if (n >= 4) CheckRun(view.index, run.data(), at.data(), rnd.data(), n, out);
      n = 0;
      if (begin >= text.size()) break;
    }
  }

 private:
  static constexpr int kFilterLog = 20;
  static constexpr int kPairLog = 16;
  static constexpr size_t kFilterBits = size_t{1} << kFilterLog;
  static size_t FilterBit(uint64_t key) { return static_cast<size_t>(key >> (64 - kFilterLog)); }

  struct Slot {
    uint64_t key = 0;
    uint32_t idiom = kEmpty;
  };
  static constexpr uint32_t kEmpty = ~uint32_t{0};
  static constexpr char32_t kBmp = 0x10000;
  size_t SlotOf(uint64_t key) const { return static_cast<size_t>(key) & table_mask_; }

  uint64_t RandomOf(char32_t c) const { return c < kBmp ? random_[c] : Random(c); }

  // Pairs of adjacent characters as they stand in idioms, at positions (0,1), (1,2), (2,3):
  // one character wrong leaves an adjacent pair in place (both, at the ends), so a window
  // whose pairs no idiom has there is settled with three bit tests.
  static size_t PairBit(uint64_t ra, uint64_t rb) {
    return static_cast<size_t>((ra ^ std::rotl(rb, 23)) >> (64 - kPairLog));
  }
  // Masks worth trying (bit p: position p wrong) given which pairs stand.
  static unsigned Masks(bool p01, bool p12, bool p23) {
    return (p12 && p23 ? 1u : 0u) | (p23 ? 2u : 0u) | (p01 ? 4u : 0u) | (p01 && p12 ? 8u : 0u);
  }

  // The idiom that window `w` (whose characters' random values are `r`) is one confusable
  // character off, if any, and where they differ; only positions in `masks` are tried.
  const Quad* NearMiss(const Quad& w, const uint64_t* r, unsigned masks, int& where) const {
    const uint64_t all = r[0] ^ At(r[1], 1) ^ At(r[2], 2) ^ At(r[3], 3);
    for (int p = 0; p < 4; ++p) {
      if (!(masks >> p & 1u)) continue;
      const uint64_t key = all ^ At(r[p], p) ^ kSalt[p];
      if (!filter_.test(FilterBit(key))) [[likely]]
        continue;
      for (size_t i = SlotOf(key); table_[i].idiom != kEmpty; i = (i + 1) & table_mask_) {
        if (table_[i].key != key) continue;
        const Quad& q = idioms_[table_[i].idiom];
        bool rest = true;
        for (int j = 0; j < 4; ++j) rest &= j == p || q[j] == w[j];
        if (!rest) continue;
        if (q[p] == w[p]) return nullptr;  // the idiom itself
        if (confusion_.Kind(w[p], q[p]) != lm::Confusion::kNone) {
          where = p;
          return &q;
        }
      }
    }
    return nullptr;
  }

  // Whether a letter that the swap moved makes a common word with a neighbour in the window
  // that the idiom does not have: 相互推诿 and 鱼水情深 are the order of ordinary words (互相 /
  // 相互, 深情 / 情深), not a slip; 阴奉阳违 (阴奉, 奉阳, 阳违) is no wording at all.
  bool MovedLetterMakesWord(const Quad& idiom, const Quad& w) const {
    for (int j = 0; j < 3; ++j) {
      if (w[j] == idiom[j] && w[j + 1] == idiom[j + 1]) continue;
      if (neighbours_.count(PairKey(w[j], w[j + 1]))) return true;
    }
    return false;
  }

  // One run of `n` Han characters: run[k] at byte at[k], at[n] the run's end.
  void CheckRun(size_t block, const char32_t* run, const size_t* at, const uint64_t* rnd, size_t n,
                std::vector<Hit>& out) const {
    size_t pair1 = PairBit(rnd[0], rnd[1]), pair2 = PairBit(rnd[1], rnd[2]);
    for (size_t s = 0; s + 4 <= n; ++s) {
      const size_t pair0 = pair1;
      pair1 = pair2;
      pair2 = PairBit(rnd[s + 2], rnd[s + 3]);
      const unsigned masks = Masks(pairs_[0][pair0], pairs_[1][pair1], pairs_[2][pair2]);
      const Quad* q = nullptr;
      Quad w = {run[s], run[s + 1], run[s + 2], run[s + 3]};
      bool first_wrong = false, last_wrong = false;
      if (masks) [[unlikely]] {
        int p = 0;
        q = NearMiss(w, rnd + s, masks, p);
        first_wrong = p == 0;
        last_wrong = p == 3;
      }
      if (!q && swap_filter_.test(FilterBit(rnd[s] ^ rnd[s + 1] ^ rnd[s + 2] ^ rnd[s + 3])))
          [[unlikely]] {
        if (auto it = swapped_.find(w); it != swapped_.end()) {
          q = &idioms_[it->second];
          first_wrong = (*q)[0] != w[0];
          last_wrong = (*q)[3] != w[3];
        }
      }
      if (!q || known_.count(w) || real_.count(w)) continue;
      // A differing first or last character that makes a word with its neighbour outside the
      // window (中小学教|师, 共产党愿|意) is a word boundary, not a slip.
      if (first_wrong && s > 0 && neighbours_.count(PairKey(run[s - 1], w[0]))) continue;
      if (last_wrong && s + 4 < n && neighbours_.count(PairKey(w[3], run[s + 4]))) continue;
      Hit h;
      h.block = block;
      h.begin = at[s];
      h.end = at[s + 4];
      for (char32_t c : *q) utf8::Append(h.suggestion, c);
      out.push_back(std::move(h));
      s += 3;  // one finding per stretch of four
      if (s + 4 < n) {
        pair1 = PairBit(rnd[s + 1], rnd[s + 2]);
        pair2 = PairBit(rnd[s + 2], rnd[s + 3]);
      }
    }
  }

  std::vector<Quad> idioms_;
  std::unordered_set<Quad, QuadHash> known_;
  std::unordered_set<Quad, QuadHash> real_;
  std::unordered_set<uint64_t> neighbours_;               // PairKey of common two-character words
  std::unordered_map<Quad, uint32_t, QuadHash> swapped_;  // an idiom with two letters swapped
  std::bitset<kFilterBits> swap_filter_;  // FilterBit of the XOR of swapped_ keys' letters
  lm::ConfusionSet confusion_;
  std::vector<uint64_t> random_;  // Random() of every BMP character
  std::vector<Slot> table_;       // MaskKey -> idiom, each idiom under its four keys
  size_t table_mask_ = 0;
  std::bitset<kFilterBits> filter_;              // a quick "no idiom is like this" before the map
  std::bitset<size_t{1} << kPairLog> pairs_[3];  // PairBit of idioms' pairs (0,1), (1,2), (2,3)
};

// Four Han characters, or nothing.
std::optional<Quad> ToQuad(const std::string& s) {
  Quad q{};
  size_t i = 0;
  for (int k = 0; k < 4; ++k) {
    if (i >= s.size()) return std::nullopt;
    q[k] = utf8::Next(s, i);
    if (!utf8::IsHan(q[k])) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  return q;
}

}  // namespace

Result<std::unique_ptr<Rule>> MakeIdiomRule(const YAML::Node& node, RuleInfo info,
                                            const LoadContext& ctx) {
  auto read = [&](const char* key,
                  bool required) -> Result<std::vector<std::pair<int, std::string>>> {
    const YAML::Node n = node[key];
    if (!n) {
      if (required) return ctx.Error(node, std::string("idiom 规则需要 ") + key);
      return std::vector<std::pair<int, std::string>>{};
    }
    if (!n.IsScalar()) return ctx.Error(n, std::string(key) + " 应为文件名");
    auto lines = ctx.ReadList(n.as<std::string>());
    if (!lines.ok()) return ctx.Error(n, lines.status().message());
    return lines;
  };
  auto idiom_lines = read("wordlist", true);
  if (!idiom_lines.ok()) return idiom_lines.status();
  std::vector<Quad> idioms;
  for (const auto& [number, line] : *idiom_lines) {
    auto q = ToQuad(line);
    if (!q)
      return Status::Error(node["wordlist"].as<std::string>() + ":" + std::to_string(number) +
                           ": 应为四个汉字的成语或固定搭配");
    idioms.push_back(*q);
  }
  if (idioms.empty()) return ctx.Error(node["wordlist"], "成语表为空");

  std::unordered_set<Quad, QuadHash> real;
  auto real_lines = read("allow_list", false);
  if (!real_lines.ok()) return real_lines.status();
  for (const auto& [number, line] : *real_lines) {
    auto q = ToQuad(line);
    if (!q)
      return Status::Error(node["allow_list"].as<std::string>() + ":" + std::to_string(number) +
                           ": 应为四个汉字的词");
    real.insert(*q);
  }

  std::unordered_set<uint64_t> neighbours;
  auto neighbour_lines = read("vocabulary", false);
  if (!neighbour_lines.ok()) return neighbour_lines.status();
  for (const auto& [number, line] : *neighbour_lines) {
    size_t i = 0;
    char32_t a = utf8::Next(line, i);
    char32_t b = i < line.size() ? utf8::Next(line, i) : 0;
    if (!utf8::IsHan(a) || !utf8::IsHan(b) || i != line.size())
      return Status::Error(node["vocabulary"].as<std::string>() + ":" + std::to_string(number) +
                           ": 应为两个汉字的词");
    neighbours.insert(PairKey(a, b));
  }

  auto confusion_lines = read("confusion", true);
  if (!confusion_lines.ok()) return confusion_lines.status();
  auto confusion = lm::ConfusionSet::Parse(*confusion_lines, node["confusion"].as<std::string>());
  if (!confusion.ok()) return confusion.status();
  // shapes: similar shapes of common characters; rare_shapes: the idioms' rare characters
  // with the common ones built like them but for one component (莠 / 萎 of 良萎不齐), which
  // the confusion tables, limited to common characters, never hold.
  for (const char* key : {"shapes", "rare_shapes"}) {
    auto shape_lines = read(key, false);
    if (!shape_lines.ok()) return shape_lines.status();
    if (!node[key]) continue;
    auto shapes = shape::SimilarShapes::Parse(*shape_lines, node[key].as<std::string>());
    if (!shapes.ok()) return shapes.status();
    confusion->AddShapes(*shapes, [](char32_t, char32_t) { return true; });
  }
  return std::unique_ptr<Rule>(new IdiomRule(std::move(info), std::move(idioms), std::move(real),
                                             std::move(neighbours), std::move(*confusion)));
}

const RuleType& IdiomRuleType() {
  static const RuleType* type =
      new RuleType{MakeIdiomRule,
                   {"wordlist", "allow_list", "vocabulary", "confusion", "shapes", "rare_shapes"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
