#include "scanner/pattern_prefilter.h"

#include <hs/hs.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>

namespace cuomin::scanner {
namespace {

// RE2 syntax is (almost) PCRE syntax, which Hyperscan reads. Without HS_FLAG_UCP, \d \w \s are
// ASCII as in RE2. HS_FLAG_UTF8 makes `.` and classes match code points, as RE2 does on UTF-8.
// Multi-line: ^ and $ also match at the newlines that join blocks, as they do at block ends.
constexpr unsigned kExactFlags = HS_FLAG_UTF8 | HS_FLAG_MULTILINE;

hs_database_t* CompileOne(const std::string& pattern, unsigned flags) {
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile(pattern.c_str(), flags, HS_MODE_BLOCK, nullptr, &db, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return nullptr;
  }
  return db;
}

// Whether the pattern can match the empty string (then it matches every block anyway).
bool MayBeEmpty(const std::string& pattern, unsigned flags) {
  hs_expr_info_t* info = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_expression_info(pattern.c_str(), flags, &info, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);
    return true;
  }
  bool empty = info->min_width == 0;
  std::free(info);  // allocated with the default (malloc) allocator
  return empty;
}

// Scratch space is per thread and grows to fit every database it is used with. Fitting it
// (hs_alloc_scratch) costs far more than scanning a page, so each thread remembers which
// databases its scratch already fits, by an id that is never reused (addresses can be).
struct ThreadScratch {
  hs_scratch_t* scratch = nullptr;
  std::vector<uint64_t> fits;
  ~ThreadScratch() { hs_free_scratch(scratch); }
  bool FitTo(hs_database_t* db, uint64_t id) {
    if (std::find(fits.begin(), fits.end(), id) != fits.end()) return true;
    if (hs_alloc_scratch(db, &scratch) != HS_SUCCESS) return false;
    if (fits.size() >= 1024) fits.clear();  // many engines came and went (tests): start over
    fits.push_back(id);
    return true;
  }
};

std::atomic<uint64_t> next_database_id{1};

// Match ends -> blocks, for one pattern over the joined text.
struct ScanState {
  const std::vector<uint32_t>* starts;  // offset of each block of the chunk in the scanned text
  std::vector<std::vector<uint32_t>>* candidates;
  size_t first_block;  // index of the chunk's first block
  uint32_t pattern;
  size_t block = 0;               // block of the latest match (matches come in end order)
  size_t last_marked = SIZE_MAX;  // block last given this pattern
};

int OnMatch(unsigned int, unsigned long long, unsigned long long to, unsigned int, void* context) {
  auto& s = *static_cast<ScanState*>(context);
  const auto& starts = *s.starts;
  const size_t last = to == 0 ? 0 : to - 1;  // the match's last byte
  if (last < starts[s.block]) {
    s.block = std::upper_bound(starts.begin(), starts.end(), last) - starts.begin() - 1;
  }
  while (s.block + 1 < starts.size() && starts[s.block + 1] <= last) ++s.block;
  if (s.block != s.last_marked) {
    // Reports can come slightly out of order; keep each block's list sorted and unique.
    auto& list = (*s.candidates)[s.first_block + s.block];
    if (list.empty() || list.back() != s.pattern) list.push_back(s.pattern);
    s.last_marked = s.block;
  }
  return 0;
}

}  // namespace

struct PatternPrefilter::Compiled {
  hs_database_t* db = nullptr;
  uint64_t id = next_database_id++;
  ~Compiled() { hs_free_database(db); }
};

PatternPrefilter::PatternPrefilter() = default;
PatternPrefilter::~PatternPrefilter() = default;

uint32_t PatternPrefilter::Add(const std::string& re2_pattern) {
  patterns_.push_back(re2_pattern);
  return static_cast<uint32_t>(patterns_.size() - 1);
}

void PatternPrefilter::Build() {
  compiled_.clear();
  // Hyperscan needs SSSE3; without it every pattern simply runs everywhere.
  const bool usable = hs_valid_platform() == HS_SUCCESS;
  for (const std::string& p : patterns_) {
    std::unique_ptr<Compiled> c;
    // \A and \z mean the ends of a block, which the joined text does not show.
    const bool block_anchors = p.find("\\A") != std::string::npos ||
                               p.find("\\z") != std::string::npos ||
                               p.find("\\Z") != std::string::npos;
    if (usable && !block_anchors && !MayBeEmpty(p, kExactFlags | HS_FLAG_PREFILTER)) {
      // Exact when Hyperscan can; its prefilter mode (a superset of the matches) for what it
      // does not support, such as large bounded repeats.
      hs_database_t* db = CompileOne(p, kExactFlags);
      if (!db) db = CompileOne(p, kExactFlags | HS_FLAG_PREFILTER);
      if (db) {
        c = std::make_unique<Compiled>();
        c->db = db;
      }
    }
    compiled_.push_back(std::move(c));
  }
}

size_t PatternPrefilter::unfiltered_count() const {
  return std::count(compiled_.begin(), compiled_.end(), nullptr);
}

void PatternPrefilter::Scan(const std::vector<std::string_view>& blocks, bool valid_utf8,
                            std::vector<std::vector<uint32_t>>& candidates) const {
  candidates.resize(blocks.size());
  for (auto& c : candidates) c.clear();
  if (blocks.empty() || patterns_.empty()) return;
  // Blocks are joined into chunks of about a megabyte: long enough that the fixed cost of a
  // scan call does not count, short enough that the copy stays small for a huge document. A
  // block longer than that is scanned where it is.
  constexpr size_t kChunkBytes = size_t{1} << 20;
  thread_local std::string joined;
  thread_local std::vector<uint32_t> starts;
  thread_local ThreadScratch local;
  for (size_t first = 0; first < blocks.size();) {
    size_t last = first + 1, bytes = blocks[first].size() + 1;
    while (last < blocks.size() && bytes + blocks[last].size() + 1 <= kChunkBytes)
      bytes += blocks[last++].size() + 1;
    std::string_view text;
    starts.clear();
    if (last - first == 1) {
      text = blocks[first];
      starts.push_back(0);
    } else {
      joined.clear();
      for (size_t b = first; b < last; ++b) {
        starts.push_back(static_cast<uint32_t>(joined.size()));
        joined.append(blocks[b]);
        joined.push_back('\n');
      }
      text = joined;
    }
    // Hyperscan's UTF-8 mode is undefined on malformed input; lengths are 32-bit.
    const bool scannable = valid_utf8 && text.size() <= UINT32_MAX;
    for (uint32_t i = 0; i < patterns_.size(); ++i) {
      const Compiled* c = compiled_[i].get();
      bool scanned = false;
      if (c && scannable && local.FitTo(c->db, c->id)) {
        ScanState state{&starts, &candidates, first, i};
        scanned = hs_scan(c->db, text.data(), static_cast<unsigned>(text.size()), 0, local.scratch,
                          OnMatch, &state) == HS_SUCCESS;
      }
      if (!scanned) {
        for (size_t b = first; b < last; ++b) {
          auto& list = candidates[b];
          if (!blocks[b].empty() && (list.empty() || list.back() != i)) list.push_back(i);
        }
      }
    }
    first = last;
  }
}

}  // namespace cuomin::scanner
