// Internal: which pattern rules can match which blocks of a document, found before RE2 runs.
//
// Each pattern is compiled into a Hyperscan database, and the document's blocks, joined by
// newlines into chunks of about a megabyte, are scanned once per pattern; a block is a candidate
// for a pattern when a match ends in it. Only candidates then run RE2, which gives the exact
// leftmost matches, capture groups and rewrites that rules need and Hyperscan does not.
//
// Measured on 2 MB of government reports (bench/, 23 shipped patterns): the previous
// prefilter (RE2's FilteredRE2 atoms found with our word matcher, ~80 instructions per byte)
// still ran RE2 on every block for a pattern without literal atoms, such as full-width
// digits. One database of all patterns scanned 159 MB/s (Hyperscan merges patterns that share
// a character-class prefix into one slow automaton); one database per pattern 207 MB/s; per
// paragraph instead of per document, both were slower (~63 ns fixed cost per scan call).
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
  std::vector<std::string> patterns_;
  std::vector<std::unique_ptr<Compiled>> compiled_;  // by pattern; null: a candidate everywhere
};

}  // namespace cuomin::scanner
