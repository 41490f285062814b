#include "scanner/rules/context_typo/candidates.h"

#include <algorithm>

#include "common/utf8.h"

namespace cuomin::scanner::lm {

Result<ConfusionSet> ConfusionSet::Parse(const std::vector<std::pair<int, std::string>>& lines,
                                         const std::string& file) {
  ConfusionSet set;
  for (const auto& [number, line] : lines) {
    std::vector<std::string_view> cols;
    std::string_view rest = line;
    for (size_t tab; (tab = rest.find('\t')) != std::string_view::npos;) {
      cols.push_back(rest.substr(0, tab));
      rest.remove_prefix(tab + 1);
    }
    cols.push_back(rest);
    size_t p = 0;
    char32_t c = cols[0].empty() ? 0 : utf8::Next(cols[0], p);
    if (c == 0 || p != cols[0].size() || cols.size() < 2 || cols.size() > 5) {
      return Status::Error(file + ":" + std::to_string(number) +
                           ": 应为“字<TAB>同音同调字<TAB>同音异调字<TAB>形近字[<TAB>近音字]”");
    }
    auto& list = set.by_char_[c];
    static constexpr Confusion kKinds[] = {Confusion::kSameTone, Confusion::kOtherTone,
                                           Confusion::kShape, Confusion::kNearSound};
    for (size_t k = 1; k < cols.size(); ++k) {
      for (size_t q = 0; q < cols[k].size();) {
        char32_t o = utf8::Next(cols[k], q);
        if (o != c) list.push_back({o, kKinds[k - 1]});
      }
    }
    // Stable: the first (closest) kind of a character listed twice wins.
    std::stable_sort(list.begin(), list.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    list.erase(std::unique(list.begin(), list.end(),
                           [](const auto& a, const auto& b) { return a.first == b.first; }),
               list.end());
  }
  return set;
}

void ConfusionSet::Merge(const ConfusionSet& other, Confusion as) {
  for (const auto& [c, more] : other.by_char_) {
    auto& list = by_char_[c];
    for (const auto& e : more) {
      auto pos = std::lower_bound(list.begin(), list.end(), e.first,
                                  [](const auto& x, char32_t y) { return x.first < y; });
      if (pos == list.end() || pos->first != e.first)
        list.insert(pos, {e.first, as == Confusion::kNone ? e.second : as});
    }
  }
}

Confusion ConfusionSet::Kind(char32_t from, char32_t to) const { return KindIn(List(from), to); }

}  // namespace cuomin::scanner::lm
