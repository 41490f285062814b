// `idiom`: a four-character idiom or set phrase (成语, 四字格) written with one character
// replaced by a character of the same sound or a similar shape (再接再励, 迫不急待, 按步就班),
// where what is written is no word of its own.
//
// The near misses are not listed (thousands of idioms times dozens of confusable characters
// would be a million entries): one character wrong leaves one half of the idiom intact, so
// each window of four Han characters is looked up by its first and by its second half, and only
// the few idioms sharing a half are compared character by character.
#include <array>
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

uint64_t HalfKey(char32_t a, char32_t b, int half) {
  return (static_cast<uint64_t>(half) << 42) | (static_cast<uint64_t>(a) << 21) | b;
}

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
    for (uint32_t k = 0; k < idioms_.size(); ++k) {
      const Quad& q = idioms_[k];
      known_.insert(q);
      for (int half = 0; half < 2; ++half) {
        uint64_t key = HalfKey(q[2 * half], q[2 * half + 1], half);
        halves_[key].push_back(k);
        filter_.set(key % kFilterBits);
      }
    }
  }

  void CheckBlock(const BlockView& view, std::vector<Hit>& out) const override {
    const std::string& text = view.block.text;
    // The Han characters of the current run and their byte offsets (one past the end last).
    std::vector<char32_t> run;
    std::vector<size_t> at;
    size_t i = 0;
    while (i <= text.size()) {
      size_t begin = i;
      char32_t c = i < text.size() ? utf8::Next(text, i) : 0;
      if (begin < text.size() && utf8::IsHan(c)) {
        run.push_back(c);
        at.push_back(begin);
        continue;
      }
      at.push_back(begin);
      CheckRun(view.index, run, at, out);
      run.clear();
      at.clear();
      if (begin >= text.size()) break;
    }
  }

 private:
  static constexpr size_t kFilterBits = 1 << 18;

  // The idiom that `w` is one confusable character off, if any, and where they differ.
  const Quad* NearMiss(const Quad& w, int& where) const {
    for (int half = 0; half < 2; ++half) {
      uint64_t key = HalfKey(w[2 * half], w[2 * half + 1], half);
      if (!filter_.test(key % kFilterBits)) continue;
      auto it = halves_.find(key);
      if (it == halves_.end()) continue;
      const int other = 2 * (1 - half);
      for (uint32_t k : it->second) {
        const Quad& q = idioms_[k];
        int diff = (q[other] != w[other]) + (q[other + 1] != w[other + 1]);
        if (diff != 1) continue;
        int p = q[other] != w[other] ? other : other + 1;
        if (confusion_.Kind(w[p], q[p]) != lm::Confusion::kNone) {
          where = p;
          return &q;
        }
      }
    }
    return nullptr;
  }

  void CheckRun(size_t block, const std::vector<char32_t>& run, const std::vector<size_t>& at,
                std::vector<Hit>& out) const {
    for (size_t s = 0; s + 4 <= run.size(); ++s) {
      Quad w = {run[s], run[s + 1], run[s + 2], run[s + 3]};
      if (known_.count(w) || real_.count(w)) continue;
      int p = 0;
      const Quad* q = NearMiss(w, p);
      if (!q) continue;
      // A differing first or last character that makes a word with its neighbour outside the
      // window (中小学教|师, 共产党愿|意) is a word boundary, not a slip.
      if (p == 0 && s > 0 && neighbours_.count(PairKey(run[s - 1], w[0]))) continue;
      if (p == 3 && s + 4 < run.size() && neighbours_.count(PairKey(w[3], run[s + 4]))) continue;
      Hit h;
      h.block = block;
      h.begin = at[s];
      h.end = at[s + 4];
      for (char32_t c : *q) utf8::Append(h.suggestion, c);
      out.push_back(std::move(h));
      s += 3;  // one finding per stretch of four
    }
  }

  std::vector<Quad> idioms_;
  std::unordered_set<Quad, QuadHash> known_;
  std::unordered_set<Quad, QuadHash> real_;
  std::unordered_set<uint64_t> neighbours_;  // PairKey of common two-character words
  lm::ConfusionSet confusion_;
  std::unordered_map<uint64_t, std::vector<uint32_t>> halves_;
  std::bitset<kFilterBits> filter_;  // a quick "no idiom has this half" before the map
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
  auto shape_lines = read("shapes", false);
  if (!shape_lines.ok()) return shape_lines.status();
  if (node["shapes"]) {
    auto shapes = shape::SimilarShapes::Parse(*shape_lines, node["shapes"].as<std::string>());
    if (!shapes.ok()) return shapes.status();
    confusion->AddShapes(*shapes, [](char32_t) { return true; });
  }
  return std::unique_ptr<Rule>(new IdiomRule(std::move(info), std::move(idioms), std::move(real),
                                             std::move(neighbours), std::move(*confusion)));
}

}  // namespace cuomin::scanner::rules
