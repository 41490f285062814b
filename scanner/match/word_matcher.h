// Finds every occurrence of many words in one pass over a text: a code-point trie walked from
// each position, behind filters of the words' first two and three characters so that the walk
// starts only where a word can start.
//
// Why our own: RE2::Set answers only *which* patterns match, not where, and slows down as
// alternations grow. A classic Aho–Corasick automaton was measured first: with 36,000 typo
// entries it scanned 25 MB/s, bound by failure-link chasing through large sparse nodes.
// Hyperscan (used for the pattern rules) compiles 78,000 Chinese words in 3.3 s into an 8 MB
// database and scans 173 MB/s — faster per byte, but it would need the folded UTF-8 text of
// every block and adds seconds to every `cuomin check` start; this matcher builds in ~0.5 s
// and scans the folded code points ~120 MB/s. Here nearly every position costs one hash and
// one bit test in an L2-sized filter, whatever the number of words; the walk itself is bounded
// by the longest word.
//
//   WordMatcher m;
//   m.Add("赌博", 7);          // payload: any 32-bit value, e.g. an entry index
//   m.Build();
//   m.Scan(text, [](size_t begin, size_t end, uint32_t payload) { ... });
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/utf8.h"

namespace cuomin::scanner {

class WordMatcher {
 public:
  // Adds a word (UTF-8, non-empty). Call before Build(); the same word may be added with
  // several payloads.
  void Add(std::string_view word, uint32_t payload);
  // Freezes the trie. Add() may not be called afterwards.
  void Build();

  // Calls on_match(begin, end, payload) with byte offsets for every occurrence of every word,
  // overlapping ones included, ordered by begin, then by length.
  template <typename F>
  void Scan(std::string_view text, F&& on_match) const;
  // The same over decoded code points: on_match(first, past_last, payload) in code point
  // indices. For callers that have the code points already (the folded view), so that a
  // block is decoded once.
  template <typename F>
  void ScanCodePoints(const char32_t* cps, size_t count, F&& on_match) const;

  size_t word_count() const { return word_count_; }
  size_t node_count() const { return nodes_.size(); }
  bool empty() const { return word_count_ == 0; }

 private:
  static constexpr int32_t kNone = -1;
  static constexpr char32_t kRootTableSize = 0x10000;  // the Basic Multilingual Plane
  // Filter sizes in bits (log2), each from the number of entries it holds (see Build). The
  // two-character prefix filter is consulted at every position of a text; the pair and triple
  // filters behind it see only the positions it lets through.
  static constexpr unsigned kMaxFilterBits = 21;
  unsigned prefix_bits_ = 14, pair_bits_ = 12, triple_bits_ = 14;
  struct Node {
    uint32_t edges_begin = 0;  // into edges_ (sorted by code point), after Build()
    uint32_t edge_count = 0;
    int32_t output = kNone;  // first output of this node (into outputs_), or kNone
  };
  struct Edge {
    char32_t cp;
    int32_t target;
  };
  struct Output {
    uint32_t payload;
    uint32_t length;  // bytes
    int32_t next;     // next output of the same node, or kNone
  };

  static uint64_t Mix(char32_t a, char32_t b, char32_t c) {
    // Code points fit in 21 bits: pack three, then one multiply spreads them; a filter of 2^k
    // bits takes the top k bits.
    uint64_t key = (uint64_t{a} << 42) ^ (uint64_t{b} << 21) ^ uint64_t { c };
    return key * 0x9E3779B97F4A7C15ull;
  }
  static uint32_t Hash(char32_t a, char32_t b, char32_t c, unsigned bits) {
    return static_cast<uint32_t>(Mix(a, b, c) >> (64 - bits));
  }
  uint32_t PrefixHash(char32_t a, char32_t b) const {
    return static_cast<uint32_t>(Mix(a, b, 0) >> (64 - prefix_bits_));
  }
  // True when a word may start with c0 c1 c2 (c1, c2: 0 past the end of the text). Most
  // positions of a text fail the first two-character test, which costs one hash.
  bool MayStart(char32_t c0, char32_t c1, char32_t c2) const {
    bool single =
        c0 < kRootTableSize ? ((single_words_[c0 >> 6] >> (c0 & 63)) & 1) : single_outside_bmp_;
    if (single) return true;
    if (!c1) return false;
    if (!Test(prefix_filter_, PrefixHash(c0, c1))) return false;
    return Test(pair_filter_, Hash(c0, c1, 0, pair_bits_)) ||
           (c2 && Test(triple_filter_, Hash(c0, c1, c2, triple_bits_)));
  }
  static bool Test(const std::vector<uint64_t>& bits, uint32_t h) {
    return (bits[h >> 6] >> (h & 63)) & 1;
  }
  static void Set(std::vector<uint64_t>& bits, uint32_t h) {
    bits[h >> 6] |= uint64_t{1} << (h & 63);
  }
  int32_t Child(int32_t node, char32_t cp) const;
  // Child(Child(root, c0), c1), for `first` = Child(root, c0).
  int32_t SecondStep(int32_t first, char32_t c0, char32_t c1) const {
    if (bigram_.empty()) return Child(first, c1);
    const uint64_t key = (uint64_t{c0} << 21 | c1) + 1;
    for (size_t h = Mix(c0, c1, 0) >> (64 - bigram_bits_);; h = (h + 1) & (bigram_.size() - 1)) {
      const uint64_t e = bigram_[h];
      if (e == 0) return kNone;
      if ((e >> 22) == key) return static_cast<int32_t>(e & ((1u << 22) - 1));
    }
  }

  std::vector<Node> nodes_{1};
  std::vector<Edge> edges_;
  std::vector<int32_t> root_table_;
  std::vector<uint64_t> prefix_filter_;  // first two code points of words of two or more
  std::vector<uint64_t> pair_filter_;    // words of exactly two code points
  std::vector<uint64_t> triple_filter_;  // first three code points of longer words
  std::vector<uint64_t> single_words_;   // code points that are words by themselves (BMP)
  bool single_outside_bmp_ = false;
  std::vector<Output> outputs_;
  // Open addressing over every two-character prefix: (c0 << 21 | c1) + 1 in the high 42 bits,
  // its node in the low 22; 0 is empty. Empty (Child is used) when there are 2^22+ nodes.
  std::vector<uint64_t> bigram_;
  unsigned bigram_bits_ = 0;
  std::vector<std::vector<Edge>> building_{1};            // children before Build() flattens them
  std::unordered_map<uint64_t, int32_t> building_index_;  // (node, cp) -> child, while adding
  size_t word_count_ = 0;
  bool built_ = false;
};

inline int32_t WordMatcher::Child(int32_t node, char32_t cp) const {
  if (node == 0) return cp < kRootTableSize ? root_table_[cp] : kNone;
  const Node& n = nodes_[node];
  const Edge* e = edges_.data() + n.edges_begin;
  uint32_t lo = 0, hi = n.edge_count;
  while (hi - lo > 4) {  // binary search down to a short run, then scan
    uint32_t mid = (lo + hi) / 2;
    if (e[mid].cp <= cp) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  for (uint32_t i = lo; i < hi; ++i) {
    if (e[i].cp == cp) return e[i].target;
    if (e[i].cp > cp) break;
  }
  return kNone;
}

template <typename F>
void WordMatcher::Scan(std::string_view text, F&& on_match) const {
  if (word_count_ == 0) return;
  const size_t n = text.size();
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  auto decode = [&](size_t& i) -> char32_t {
    if (i >= n) return 0;
    return p[i] < 0x80 ? p[i++] : utf8::Next(text, i);
  };
  // A window of three code points: c0 starts at b0, c1 at b1, c2 at b2.
  size_t i = 0;
  size_t b0 = 0;
  char32_t c0 = decode(i);
  size_t b1 = i;
  char32_t c1 = decode(i);
  size_t b2 = i;
  char32_t c2 = decode(i);
  while (b0 < n) {
    if (MayStart(c0, b1 < n ? c1 : 0, b2 < n ? c2 : 0)) {
      // Walk the trie from b0, reporting every word that ends on the way.
      int32_t node = Child(0, c0);
      size_t end = b1;
      size_t j = b1;
      while (node != kNone) {
        for (int32_t o = nodes_[node].output; o != kNone; o = outputs_[o].next) {
          on_match(b0, end, outputs_[o].payload);
        }
        if (j >= n || nodes_[node].edge_count == 0) break;
        char32_t c = decode(j);
        end = j;
        node = Child(node, c);
      }
    }
    b0 = b1;
    c0 = c1;
    b1 = b2;
    c1 = c2;
    b2 = i;
    c2 = decode(i);
  }
}

template <typename F>
void WordMatcher::ScanCodePoints(const char32_t* cps, size_t count, F&& on_match) const {
  if (word_count_ == 0 || count == 0) return;
  char32_t c0 = cps[0];
  char32_t c1 = count > 1 ? cps[1] : 0;
  for (size_t k = 0; k < count; ++k) {
    char32_t c2 = k + 2 < count ? cps[k + 2] : 0;
    if (MayStart(c0, c1, c2)) {
      int32_t node = Child(0, c0);
      size_t j = k + 1;
      if (node != kNone) {
        for (int32_t o = nodes_[node].output; o != kNone; o = outputs_[o].next)
          on_match(k, j, outputs_[o].payload);
        // The second step through one probe of the bigram table, not a search among the
        // hundreds of children a first character can have.
        node = j < count ? SecondStep(node, c0, cps[j++]) : kNone;
      }
      while (node != kNone) {
        for (int32_t o = nodes_[node].output; o != kNone; o = outputs_[o].next) {
          on_match(k, j, outputs_[o].payload);
        }
        if (j >= count || nodes_[node].edge_count == 0) break;
        node = Child(node, cps[j++]);
      }
    }
    c0 = c1;
    c1 = c2;
  }
}

}  // namespace cuomin::scanner
