#include "scanner/match/word_matcher.h"

#include <algorithm>
#include <cassert>

namespace cuomin::scanner {

void WordMatcher::Add(std::string_view word, uint32_t payload) {
  assert(!built_);
  if (word.empty()) return;
  int32_t node = 0;
  for (size_t i = 0; i < word.size();) {
    char32_t cp = utf8::Next(word, i);
    // Nodes near the root have thousands of children: index them while building.
    auto [it, inserted] = building_index_.try_emplace((uint64_t(node) << 21) | cp, 0);
    if (inserted) {
      it->second = static_cast<int32_t>(nodes_.size());
      nodes_.emplace_back();
      building_.emplace_back();
      building_[node].push_back({cp, it->second});
    }
    node = it->second;
  }
  // Outputs of a node are kept shortest-payload-first is not needed; order of addition is.
  outputs_.push_back({payload, static_cast<uint32_t>(word.size()), nodes_[node].output});
  nodes_[node].output = static_cast<int32_t>(outputs_.size() - 1);
  ++word_count_;
}

void WordMatcher::Build() {
  assert(!built_);
  built_ = true;
  // Each filter is sized for what it holds, about 32 bits per entry, and at most 2^21 bits
  // (256 KB), so that together with the bigram table they stay within a 1 MB L2 cache. Larger
  // filters had fewer false positives but missed the cache at nearly every position (perf:
  // the bit tests were a third of the scan); sizing the pair filter by the number of words
  // instead of two-character words made it 256 KB for about a thousand entries.
  size_t prefixes = 0, pairs = 0, triples = 0;
  for (const Edge& first : building_[0]) {
    prefixes += building_[first.target].size();
    for (const Edge& second : building_[first.target]) {
      pairs += nodes_[second.target].output != kNone;
      triples += building_[second.target].size();
    }
  }
  auto bits_for = [](size_t entries, unsigned min_bits) {
    unsigned bits = min_bits;
    while (bits < kMaxFilterBits && (size_t{1} << bits) < entries * 32) ++bits;
    return bits;
  };
  prefix_bits_ = bits_for(prefixes, 14);
  pair_bits_ = bits_for(pairs, 12);
  triple_bits_ = bits_for(triples, 14);
  prefix_filter_.assign((size_t{1} << prefix_bits_) / 64, 0);
  pair_filter_.assign((size_t{1} << pair_bits_) / 64, 0);
  triple_filter_.assign((size_t{1} << triple_bits_) / 64, 0);
  single_words_.assign(kRootTableSize / 64, 0);
  root_table_.assign(kRootTableSize, kNone);
  for (size_t n = 0; n < nodes_.size(); ++n) {
    auto& children = building_[n];
    std::sort(children.begin(), children.end(),
              [](const Edge& a, const Edge& b) { return a.cp < b.cp; });
    nodes_[n].edges_begin = static_cast<uint32_t>(edges_.size());
    nodes_[n].edge_count = static_cast<uint32_t>(children.size());
    edges_.insert(edges_.end(), children.begin(), children.end());
  }
  building_.clear();
  building_.shrink_to_fit();
  building_index_ = {};
  if (nodes_.size() < (size_t{1} << 22)) {
    bigram_bits_ = 4;
    // Filled to at most two thirds: 2^15 entries (256 KB) for the shipped lists, not 2^16.
    while ((size_t{1} << bigram_bits_) * 2 < prefixes * 3) ++bigram_bits_;
    bigram_.assign(size_t{1} << bigram_bits_, 0);
  }
  const Node& root = nodes_[0];
  for (uint32_t i = 0; i < root.edge_count; ++i) {
    const Edge& first = edges_[root.edges_begin + i];
    if (first.cp < kRootTableSize) {
      root_table_[first.cp] = first.target;
    }
    const Node& child = nodes_[first.target];
    if (child.output != kNone) {
      if (first.cp < kRootTableSize) {
        single_words_[first.cp >> 6] |= uint64_t{1} << (first.cp & 63);
      } else {
        single_outside_bmp_ = true;
      }
    }
    for (uint32_t k = 0; k < child.edge_count; ++k) {
      const Edge& second = edges_[child.edges_begin + k];
      const Node& grandchild = nodes_[second.target];
      Set(prefix_filter_, PrefixHash(first.cp, second.cp));
      if (!bigram_.empty()) {
        const uint64_t key = (uint64_t{first.cp} << 21 | second.cp) + 1;
        size_t h = Mix(first.cp, second.cp, 0) >> (64 - bigram_bits_);
        while (bigram_[h] != 0) h = (h + 1) & (bigram_.size() - 1);
        bigram_[h] = key << 22 | static_cast<uint64_t>(second.target);
      }
      if (grandchild.output != kNone) Set(pair_filter_, Hash(first.cp, second.cp, 0, pair_bits_));
      for (uint32_t m = 0; m < grandchild.edge_count; ++m) {
        const char32_t third = edges_[grandchild.edges_begin + m].cp;
        Set(triple_filter_, Hash(first.cp, second.cp, third, triple_bits_));
      }
    }
  }
}

}  // namespace cuomin::scanner
