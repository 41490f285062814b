// Characters of similar shape (形近字: 拔/拨, 侯/候, 祟/崇, 戍/戌), as a rule asks about them:
// is this character a similar shape of that one, and which shapes is this one taken for.
//
//   auto lines = ctx.ReadList("../shape/similar-shapes.txt");
//   auto shapes = shape::SimilarShapes::Parse(*lines, "similar-shapes.txt");
//   if (shapes->Similar(U'拔', U'拨')) ...
//   for (char32_t c : shapes->Of(U'侯')) ...   // 候 …, closest first
//
// The table (dictionaries/shape/similar-shapes.txt) is built by scripts/build_similar_shapes.py
// from component, four-corner, structure and stroke data; see there for what "similar" means.
#pragma once

#include <span>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/status.h"

namespace cuomin::scanner::shape {

class SimilarShapes {
 public:
  // Lines "char<TAB>similar chars" ('#' lines and empty lines already removed, as
  // LoadContext::ReadList gives them); `file` names the table in error messages.
  static Result<SimilarShapes> Parse(const std::vector<std::pair<int, std::string>>& lines,
                                     const std::string& file);
  // Reads and parses a table file (a missing or broken file is an error naming it).
  static Result<SimilarShapes> Load(const std::string& path);

  // Whether `a` and `b` are of similar shape; symmetric, false for a == b.
  bool Similar(char32_t a, char32_t b) const;
  // The characters `c` is taken for, closest first (empty when none).
  std::span<const char32_t> Of(char32_t c) const {
    auto it = by_char_.find(c);
    if (it == by_char_.end()) return {};
    return it->second;
  }
  size_t size() const { return by_char_.size(); }
  // Calls f(a, b) for every similar pair, each way round.
  template <typename F>
  void ForEachPair(F&& f) const {
    for (const auto& [a, list] : by_char_)
      for (char32_t b : list) f(a, b);
  }

 private:
  // Each list holds what the table gives for its character plus the characters that list it,
  // so that Of() agrees with Similar() although the table keeps only the closest of each.
  std::unordered_map<char32_t, std::vector<char32_t>> by_char_;
};

}  // namespace cuomin::scanner::shape
