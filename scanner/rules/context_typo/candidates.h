// Which characters a character is confused with (same pinyin from an input method, similar
// shape from the eye), read from dictionaries/context-typo/confusion.txt.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "common/status.h"
#include "scanner/shape/similar_shapes.h"

namespace cuomin::scanner::lm {

// kShape: similar shape by the confusion list only; kCloseShape: similar shape by the component
// data too (scanner/shape), which says more: 拔/拨 share all components but one similar one,
// 拔/托 only look alike to whoever compiled the list. kLooseShape: the same body under another
// radical by the component data (组/姐, 牧/枚), which says less: 禁/焚 are alike too.
// kNearSound: a fuzzy-pinyin neighbour of the same tone (弦/悬, 赞/站), a list's fifth column
// (near-sound.txt). kRareSound: a rarer character of the same pinyin and tone (丝/蛳,
// rare-sound.txt), which says as little as a loose shape: most words of a common character
// have a rare namesake somewhere. kNeighbourShape: all components but one shared, the differing
// ones alike by the component data (损/捐, 攻/政, shape-neighbours.txt), looser still: 技 has a
// dozen such neighbours.
enum class Confusion : uint8_t {
  kNone,
  kSameTone,
  kOtherTone,
  kShape,
  kCloseShape,
  kLooseShape,
  kNearSound,
  kRareSound,
  kNeighbourShape
};

inline bool IsShape(Confusion c) {
  return c == Confusion::kShape || c == Confusion::kCloseShape || c == Confusion::kLooseShape ||
         c == Confusion::kNeighbourShape;
}

class ConfusionSet {
 public:
  // Lines "char<TAB>same pinyin and tone<TAB>other tone<TAB>similar shape[<TAB>near sound]" ('#'
  // lines and empty lines already removed, as LoadContext::ReadList gives them).
  static Result<ConfusionSet> Parse(const std::vector<std::pair<int, std::string>>& lines,
                                    const std::string& file);

  // How `to` is confused with `from`; kNone when it is not.
  Confusion Kind(char32_t from, char32_t to) const;
  bool Has(char32_t c) const { return by_char_.count(c) > 0; }
  // Everything `from` is confused with, sorted by character (empty when nothing).
  std::span<const std::pair<char32_t, Confusion>> List(char32_t from) const {
    auto it = by_char_.find(from);
    if (it == by_char_.end()) return {};
    return it->second;
  }
  // Kind() within one List().
  static Confusion KindIn(std::span<const std::pair<char32_t, Confusion>> list, char32_t to) {
    auto pos = std::lower_bound(list.begin(), list.end(), to,
                                [](const auto& e, char32_t c) { return e.first < c; });
    return pos != list.end() && pos->first == to ? pos->second : Confusion::kNone;
  }
  size_t size() const { return by_char_.size(); }
  // Adds `other`'s pairs that this set lacks; a pair both have keeps this set's kind. `as`: the
  // kind every added pair takes (kNone: its own).
  void Merge(const ConfusionSet& other, Confusion as = Confusion::kNone);
  // Every character some row offers as a correction.
  std::unordered_set<char32_t> Targets() const {
    std::unordered_set<char32_t> out;
    for (const auto& [c, list] : by_char_)
      for (const auto& e : list) out.insert(e.first);
    return out;
  }
  // Adds the pairs of the shape table, built from component data, as kCloseShape: it knows
  // slips (侯/候, 戍/戌) that no confusion list lists, and it confirms the list's own shape
  // pairs that really are close. Same-sound pairs stay what they are. `admit(from, to)` says
  // which pairs may be added (e.g. only from a character the set has a row for to one it
  // already offers as a correction).
  // `kind`: kCloseShape, or kLooseShape or kNeighbourShape for a looser table, whose pairs only
  // add what the set lacks.
  template <typename Admit>
  void AddShapes(const shape::SimilarShapes& shapes, Admit&& admit,
                 Confusion kind = Confusion::kCloseShape) {
    shapes.ForEachPair([&](char32_t a, char32_t b) {
      if (!admit(a, b)) return;
      auto& list = by_char_[a];
      auto pos = std::lower_bound(list.begin(), list.end(), b,
                                  [](const auto& e, char32_t c) { return e.first < c; });
      if (pos != list.end() && pos->first == b) {
        if (pos->second == Confusion::kShape && kind == Confusion::kCloseShape)
          pos->second = Confusion::kCloseShape;
        return;
      }
      list.insert(pos, {b, kind});
    });
  }

 private:
  // Sorted by character, for binary search: the lists are short.
  std::unordered_map<char32_t, std::vector<std::pair<char32_t, Confusion>>> by_char_;
};

}  // namespace cuomin::scanner::lm
