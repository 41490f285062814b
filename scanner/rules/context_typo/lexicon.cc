#include "scanner/rules/context_typo/lexicon.h"

#include <algorithm>

#include "common/utf8.h"

namespace cuomin::scanner::lm {

uint64_t HashWord(std::span<const char32_t> cps, size_t open) {
  uint64_t h = HashStart();
  for (size_t i = 0; i < cps.size(); ++i) h = HashNext(h, i == open ? kOpen : cps[i]);
  return HashKey(h);
}

template <typename V>
void FlatMap<V>::Reserve(size_t n) {
  size_t cap = 16;
  while (cap < n * 2) cap <<= 1;
  if (cap <= keys_.size()) return;
  std::vector<uint64_t> keys(cap, 0);
  std::vector<V> values(cap);
  for (size_t i = 0; i < keys_.size(); ++i) {
    if (!keys_[i]) continue;
    size_t j = keys_[i] & (cap - 1);
    while (keys[j]) j = (j + 1) & (cap - 1);
    keys[j] = keys_[i];
    values[j] = values_[i];
  }
  keys_.swap(keys);
  values_.swap(values);
  mask_ = cap - 1;
}

template <typename V>
V* FlatMap<V>::Insert(uint64_t key, const V& value) {
  if ((size_ + 1) * 2 > keys_.size()) Reserve(size_ + 1 > 8 ? size_ * 2 : 16);
  size_t i = key & mask_;
  while (keys_[i] && keys_[i] != key) i = (i + 1) & mask_;
  if (!keys_[i]) {
    keys_[i] = key;
    values_[i] = value;
    ++size_;
  }
  return &values_[i];
}

template class FlatMap<LexEntry>;
template class FlatMap<uint8_t>;
template class FlatMap<float>;
template class FlatMap<uint32_t>;

namespace {
std::vector<char32_t> CodePoints(std::string_view word) {
  std::vector<char32_t> cps;
  for (size_t p = 0; p < word.size();) cps.push_back(utf8::Next(word, p));
  return cps;
}
}  // namespace

void Lexicon::AddLmWord(std::string_view word, float score) { Add(word, score, LexEntry::kLm); }

void Lexicon::AddDomainWord(std::string_view word, float domain_score, bool target) {
  Add(word, domain_score, LexEntry::kDomain, target);
}

void Lexicon::Add(std::string_view word, float score, uint8_t flag, bool target) {
  std::vector<char32_t> cps = CodePoints(word);
  if (cps.empty() || cps.size() > kMaxWord) return;
  uint64_t h = HashStart();
  for (size_t i = 0; i < cps.size(); ++i) {
    h = HashNext(h, cps[i]);
    LexEntry* e = words_.Insert(HashKey(h), LexEntry{});
    if (i + 1 < cps.size()) {
      e->flags |= LexEntry::kPrefix;
    } else {
      // The model's own score wins over the fixed domain score.
      if (!(e->flags & LexEntry::kLm)) e->score = score;
      if (target && !(e->flags & LexEntry::kTarget) && cps.size() >= 2 &&
          cps.size() <= kMaxOpenWord)
        short_words_.push_back(cps);
      e->flags |= flag;
      if (target) e->flags |= LexEntry::kTarget;
    }
  }
}

void Lexicon::Finish() {
  std::vector<std::pair<uint64_t, char32_t>> pairs;
  for (const auto& w : short_words_) {
    for (size_t j = 0; j < w.size(); ++j) pairs.push_back({HashWord(w, j), w[j]});
  }
  short_words_.clear();
  short_words_.shrink_to_fit();
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  fill_.reserve(pairs.size());
  open_.Reserve(pairs.size() / 2 + 16);
  for (size_t i = 0; i < pairs.size();) {
    size_t j = i;
    Range r{static_cast<uint32_t>(fill_.size()), 0};
    for (; j < pairs.size() && pairs[j].first == pairs[i].first; ++j)
      fill_.push_back(pairs[j].second);
    r.count = static_cast<uint32_t>(j - i);
    open_.Insert(pairs[i].first, r);
    i = j;
  }
}

template class FlatMap<Lexicon::Range>;

}  // namespace cuomin::scanner::lm
