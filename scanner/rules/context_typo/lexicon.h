// The words the context typo check knows (the language model's vocabulary plus the shipped
// domain vocabulary), indexed by code-point sequence for segmentation, and by "word with one
// character left open" to find which single-character changes turn a stretch of text into a
// known word.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace cuomin::scanner::lm {

// Hash of a code-point sequence, extended one code point at a time (segmentation walks
// forward from each position). kOpen stands for "any character" in wildcard keys.
constexpr char32_t kOpen = 0;
inline uint64_t HashStart() { return 0xcbf29ce484222325ull; }
inline uint64_t HashNext(uint64_t h, char32_t c) { return (h ^ c) * 0x100000001b3ull; }
inline uint64_t HashKey(uint64_t h) {  // final mix; never 0 (0 marks an empty slot)
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h | 1;
}
uint64_t HashWord(std::span<const char32_t> cps, size_t open = SIZE_MAX);

// Open addressing, linear probing: a node-based std::unordered_map costs a cache miss per
// node, and segmentation does several lookups per character.
template <typename V>
class FlatMap {
 public:
  void Reserve(size_t n);
  V* Insert(uint64_t key, const V& value);  // existing value kept; returns the stored one
  const V* Find(uint64_t key) const {
    if (keys_.empty()) return nullptr;
    for (size_t i = key & mask_;; i = (i + 1) & mask_) {
      if (keys_[i] == key) return &values_[i];
      if (keys_[i] == 0) return nullptr;
    }
  }
  size_t size() const { return size_; }

 private:
  std::vector<uint64_t> keys_;
  std::vector<V> values_;
  size_t mask_ = 0;
  size_t size_ = 0;
};

struct LexEntry {
  // kTarget: a word a correction may form (model words; domain terms that are words, not
  // phrase fragments), and so a word that scoring may use.
  enum : uint8_t { kLm = 1, kDomain = 2, kPrefix = 4, kTarget = 8 };
  float score = 0;  // log10 unigram probability (domain-only terms: a fixed score)
  uint8_t flags = 0;
  bool word() const { return flags & (kLm | kDomain); }
};

class Lexicon {
 public:
  static constexpr size_t kMaxWord = 8;      // longest word used, in characters
  static constexpr size_t kMaxOpenWord = 4;  // longest word a one-character change may form

  // `lm_words` with their unigram scores; `domain` terms get `domain_score` unless the model
  // knows them too.
  void AddLmWord(std::string_view word, float score);
  // `target`: may be offered as a correction (enters the wildcard index).
  void AddDomainWord(std::string_view word, float domain_score, bool target);
  // Builds the wildcard index; call once after adding every word.
  void Finish();

  const LexEntry* Find(uint64_t key) const { return words_.Find(key); }
  // Characters c such that `cps` with position `open` replaced by c is a word.
  std::span<const char32_t> Fill(uint64_t open_key) const {
    const Range* r = open_.Find(open_key);
    if (!r) return {};
    return {fill_.data() + r->offset, r->count};
  }

 private:
  void Add(std::string_view word, float score, uint8_t flag, bool target = true);
  struct Range {
    uint32_t offset = 0, count = 0;
  };
  FlatMap<LexEntry> words_;
  FlatMap<Range> open_;
  std::vector<char32_t> fill_;
  std::vector<std::vector<char32_t>> short_words_;  // words of 2..kMaxOpenWord, for Finish()
};

}  // namespace cuomin::scanner::lm
