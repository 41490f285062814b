#include "scanner/rules/context_typo/gap_index.h"

namespace cuomin::scanner::lm {
namespace {

uint64_t Key(char32_t x, char32_t y, char32_t z) {
  const char32_t stretch[3] = {x, y, z};
  return HashWord(stretch);  // kOpen (0) marks the open place
}

}  // namespace

void GapIndex::Reserve(size_t entries) {
  // Few slots used keeps the probe runs short: half at most once built (Put), and the entries
  // asked for are an upper bound (stretches shared by several words are filed once).
  size_t cap = 16;
  while (cap < entries + entries / 2) cap <<= 1;
  keys_.assign(cap, 0);
  fill_.assign(cap, 0);
  mask_ = cap - 1;
}

void GapIndex::Put(uint64_t key, char32_t x) {
  if ((used_ + 1) * 2 > keys_.size()) {  // grow: reinsert what is there
    std::vector<uint64_t> keys;
    std::vector<char32_t> fill;
    keys.swap(keys_);
    fill.swap(fill_);
    Reserve(keys.size());
    used_ = 0;
    for (size_t i = 0; i < keys.size(); ++i)
      if (keys[i]) Put(keys[i], fill[i]);
  }
  // Several characters under one key: each in a slot of its own along the key's probe run.
  size_t i = key & mask_;
  for (; keys_[i]; i = (i + 1) & mask_)
    if (keys_[i] == key && fill_[i] == x) return;
  keys_[i] = key;
  fill_[i] = x;
  ++used_;
}

void GapIndex::Add(std::span<const char32_t> w) {
  const size_t n = w.size();
  if (n < 3) return;
  Put(Key(kOpen, w[1], w[2]), w[0]);
  Put(Key(w[n - 3], w[n - 2], kOpen), w[n - 1]);
  for (size_t j = 1; j + 1 < n; ++j) Put(Key(w[j - 1], kOpen, w[j + 1]), w[j]);
}

void GapIndex::Append(uint64_t key, std::vector<char32_t>& out) const {
  for (size_t i = key & mask_; keys_[i]; i = (i + 1) & mask_)
    if (keys_[i] == key) out.push_back(fill_[i]);
}

void GapIndex::Candidates(char32_t z, char32_t a, char32_t b, char32_t c,
                          std::vector<char32_t>& out) const {
  if (!used_) return;
  Append(Key(a, kOpen, b), out);
  if (z) Append(Key(z, a, kOpen), out);
  if (c) Append(Key(kOpen, b, c), out);
}

}  // namespace cuomin::scanner::lm
