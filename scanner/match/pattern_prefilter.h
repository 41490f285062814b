// Internal: which pattern rules can match which blocks of a document, found before RE2 runs.
//
// The patterns are compiled into Hyperscan databases, and the document's blocks, joined by
// newlines into chunks of about a megabyte, are scanned once per database; a block is a
// candidate for a pattern when a match of it ends in the block. Only candidates then run RE2,
// which gives the exact leftmost matches, capture groups and rewrites that rules need and
// Hyperscan does not.
//
// Which patterns share a database matters more than anything else here (see
// KeyedByAsciiOrNothing): a pattern keyed by a rare byte scans at memory speed alone, patterns
// keyed by common CJK literals scan faster together. Measured on 2 MB of government reports,
// earlier: the prefilter before Hyperscan (RE2's FilteredRE2 atoms found with our word
// matcher, ~80 instructions per byte) still ran RE2 on every block for a pattern without
// literal atoms, such as full-width digits; scanning per paragraph instead of per document was
// slower (~63 ns fixed cost per scan call).
//
// The prefilter never hides a match from RE2: joining blocks by '\n' with multi-line anchors
// only adds matches; a pattern Hyperscan cannot compile exactly is compiled in its prefilter
// mode (a superset), and a pattern it cannot compile at all, or one that can match the empty
// string or uses \A \z, is a candidate in every block.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cuomin::scanner {

class PatternPrefilter {
 public:
  PatternPrefilter();
  ~PatternPrefilter();
  PatternPrefilter(const PatternPrefilter&) = delete;
  PatternPrefilter& operator=(const PatternPrefilter&) = delete;

  // Adds an RE2 pattern; returns its index (0, 1, 2, ...).
  uint32_t Add(const std::string& re2_pattern);
  // Compiles the databases. Call once, after every Add().
  void Build();

  // For each block, the indices of the patterns that may match in it, in increasing order
  // (`candidates` is resized to blocks.size()); every pattern everywhere unless the caller
  // knows the blocks are valid UTF-8 (Hyperscan's UTF-8 mode is undefined on malformed
  // input). Thread-safe: scratch space is per thread.
  void Scan(const std::vector<std::string_view>& blocks, bool valid_utf8,
            std::vector<std::vector<uint32_t>>& candidates) const;

  size_t size() const { return patterns_.size(); }
  // Patterns that are candidates in every block (see above), for tests and the benchmark.
  size_t unfiltered_count() const;

 private:
  struct Compiled;
  void AddDatabase(std::vector<uint32_t> members);
  std::vector<std::string> patterns_;
  std::vector<std::unique_ptr<Compiled>> compiled_;  // databases of one or more patterns
  std::vector<uint32_t> unfiltered_;                 // patterns that are candidates everywhere
};

}  // namespace cuomin::scanner
