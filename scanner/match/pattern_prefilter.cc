#include "scanner/match/pattern_prefilter.h"

#include <hs/hs.h>
#include <re2/filtered_re2.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>

namespace cuomin::scanner {
namespace {

// RE2 syntax is (almost) PCRE syntax, which Hyperscan reads. Without HS_FLAG_UCP, \d \w \s are
// ASCII as in RE2. HS_FLAG_UTF8 makes `.` and classes match code points, as RE2 does on UTF-8.
// Multi-line: ^ and $ also match at the newlines that join blocks, as they do at block ends.
constexpr unsigned kExactFlags = HS_FLAG_UTF8 | HS_FLAG_MULTILINE;

// Compiles patterns into one database, each reporting its index in `ids`. On failure, returns
// null and the position (in `patterns`) of the pattern that failed, or -1 when unknown.
hs_database_t* Compile(const std::vector<const std::string*>& patterns,
                       const std::vector<unsigned>& flags, const std::vector<unsigned>& ids,
                       int* failed) {
  std::vector<const char*> expressions;
  for (const std::string* p : patterns) expressions.push_back(p->c_str());
  hs_database_t* db = nullptr;
  hs_compile_error_t* error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(patterns.size()), HS_MODE_BLOCK, nullptr, &db,
                       &error) != HS_SUCCESS) {
    *failed = error ? error->expression : -1;
    hs_free_compile_error(error);
    return nullptr;
  }
  return db;
}

// Whether every literal the pattern requires (RE2's own prefilter analysis) is ASCII, or it
// requires none. In Chinese text ASCII bytes are rare, and Hyperscan scans such a pattern alone
// at memory speed by skipping to that byte; in one database with other patterns it cannot.
// Patterns that need CJK literals (年, 中共, ，，) are slow alone, since those bytes are
// everywhere, and scan faster together: one pass of one literal matcher instead of one each.
// Measured on the 50 MB corpus (bench/): the 23 shipped patterns took 0.30 s one database
// each, 0.14 s grouped this way.
bool KeyedByAsciiOrNothing(const std::string& pattern) {
  re2::FilteredRE2 analysis(/*min_atom_len=*/1);
  int id = 0;
  if (analysis.Add(pattern, RE2::Options(), &id) != RE2::NoError) return true;
  std::vector<std::string> atoms;
  analysis.Compile(&atoms);
  for (const std::string& atom : atoms)
    for (unsigned char c : atom)
      if (c >= 0x80) return false;
  return true;
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

// Counted repeats above this bound are widened for Hyperscan (see WidenLongRepeats).
constexpr unsigned long kLongestCountedRepeat = 16;

// The pattern as Hyperscan compiles it: every counted repeat whose bound is over
// kLongestCountedRepeat loses its upper bound and has its lower one cut to that. Hyperscan
// unrolls a counted repeat of a many-byte UTF-8 class into that many copies of the class:
// `[^《》\n]{1,120}` took 0.5 s to compile and `[^\P{Han}…]{1,20}?` 0.4 s, most of every
// start-up, and `+` takes milliseconds. The widened pattern matches wherever the original
// does, with the same end, so a block it passes is a superset of the original's: RE2, which
// runs the original, decides. Escapes (\p{Han}, \x{…}, \Q…\E) and classes are copied as they are.
std::string WidenLongRepeats(const std::string& pattern) {
  std::string out;
  out.reserve(pattern.size());
  const size_t n = pattern.size();
  size_t i = 0;
  auto copy_escape = [&] {  // at a backslash
    out += pattern[i++];
    if (i >= n) return;
    const char c = pattern[i++];
    out += c;
    if (c == 'Q') {  // a literal up to \E
      const size_t e = pattern.find("\\E", i);
      const size_t stop = e == std::string::npos ? n : e + 2;
      out.append(pattern, i, stop - i);
      i = stop;
    } else if ((c == 'p' || c == 'P' || c == 'x') && i < n && pattern[i] == '{') {
      const size_t e = pattern.find('}', i);
      const size_t stop = e == std::string::npos ? n : e + 1;
      out.append(pattern, i, stop - i);
      i = stop;
    }
  };
  auto number = [&](size_t& at, unsigned long& value) {
    const size_t start = at;
    value = 0;
    while (at < n && pattern[at] >= '0' && pattern[at] <= '9' && at - start < 9)
      value = value * 10 + static_cast<unsigned long>(pattern[at++] - '0');
    return at > start;
  };
  while (i < n) {
    const char c = pattern[i];
    if (c == '\\') {
      copy_escape();
    } else if (c == '[') {
      // A class runs to its first unescaped ']' that is not its first member; [:alpha:] inside.
      out += pattern[i++];
      if (i < n && pattern[i] == '^') out += pattern[i++];
      if (i < n && pattern[i] == ']') out += pattern[i++];
      while (i < n && pattern[i] != ']') {
        if (pattern[i] == '\\') {
          copy_escape();
        } else if (pattern.compare(i, 2, "[:") == 0 &&
                   pattern.find(":]", i + 2) != std::string::npos) {
          const size_t stop = pattern.find(":]", i + 2) + 2;
          out.append(pattern, i, stop - i);
          i = stop;
        } else {
          out += pattern[i++];
        }
      }
      if (i < n) out += pattern[i++];
    } else if (c == '{') {
      size_t at = i + 1;
      unsigned long low = 0, high = 0;
      bool repeat = number(at, low);
      bool bounded = true;
      if (repeat && at < n && pattern[at] == ',') {
        ++at;
        bounded = number(at, high);
      } else {
        high = low;
      }
      repeat = repeat && at < n && pattern[at] == '}';
      if (repeat && (low > kLongestCountedRepeat || (bounded && high > kLongestCountedRepeat))) {
        out += "{" + std::to_string(std::min(low, kLongestCountedRepeat)) + ",}";
        i = at + 1;
      } else {
        out += pattern[i++];
      }
    } else {
      out += pattern[i++];
    }
  }
  return out;
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

// Match ends -> blocks, for one database over the joined text.
struct ScanState {
  const std::vector<uint32_t>* starts;  // offset of each block of the chunk in the scanned text
  std::vector<std::vector<uint32_t>>* candidates;
  size_t first_block;                  // index of the chunk's first block
  size_t block = 0;                    // block of the latest match (matches come in end order)
  uint32_t last_pattern = UINT32_MAX;  // the pattern last marked in `block`
};

int OnMatch(unsigned int pattern, unsigned long long, unsigned long long to, unsigned int,
            void* context) {
  auto& s = *static_cast<ScanState*>(context);
  const auto& starts = *s.starts;
  const size_t last = to == 0 ? 0 : to - 1;  // the match's last byte
  const size_t before = s.block;
  if (last < starts[s.block]) {
    s.block = std::upper_bound(starts.begin(), starts.end(), last) - starts.begin() - 1;
  }
  while (s.block + 1 < starts.size() && starts[s.block + 1] <= last) ++s.block;
  if (s.block != before || pattern != s.last_pattern) {
    // Duplicates and disorder are removed once the chunk is scanned.
    (*s.candidates)[s.first_block + s.block].push_back(pattern);
    s.last_pattern = pattern;
  }
  return 0;
}

}  // namespace

struct PatternPrefilter::Compiled {
  hs_database_t* db = nullptr;
  uint64_t id = next_database_id++;
  std::vector<uint32_t> patterns;  // indices of the patterns in this database
  ~Compiled() { hs_free_database(db); }
};

PatternPrefilter::PatternPrefilter() = default;
PatternPrefilter::~PatternPrefilter() = default;

uint32_t PatternPrefilter::Add(const std::string& re2_pattern) {
  patterns_.push_back(WidenLongRepeats(re2_pattern));
  return static_cast<uint32_t>(patterns_.size() - 1);
}

void PatternPrefilter::Build() {
  compiled_.clear();
  unfiltered_.clear();
  // Hyperscan needs SSSE3; without it every pattern simply runs everywhere.
  const bool usable = hs_valid_platform() == HS_SUCCESS;
  std::vector<uint32_t> shared;  // patterns for the one shared database
  for (uint32_t i = 0; i < patterns_.size(); ++i) {
    const std::string& p = patterns_[i];
    // \A and \z mean the ends of a block, which the joined text does not show.
    const bool block_anchors = p.find("\\A") != std::string::npos ||
                               p.find("\\z") != std::string::npos ||
                               p.find("\\Z") != std::string::npos;
    if (!usable || block_anchors || MayBeEmpty(p, kExactFlags | HS_FLAG_PREFILTER)) {
      unfiltered_.push_back(i);
    } else if (KeyedByAsciiOrNothing(p)) {
      AddDatabase({i});
    } else {
      shared.push_back(i);
    }
  }
  if (!shared.empty()) AddDatabase(std::move(shared));
}

void PatternPrefilter::AddDatabase(std::vector<uint32_t> members) {
  // Exact where Hyperscan can; its prefilter mode (a superset of the matches) for what it does
  // not support, such as large bounded repeats; a pattern it cannot compile either way runs
  // everywhere. A failing pattern is retried alone, so it does not cost the others.
  std::vector<unsigned> flags(members.size(), kExactFlags);
  for (;;) {
    std::vector<const std::string*> expressions;
    for (uint32_t m : members) expressions.push_back(&patterns_[m]);
    int failed = -1;
    if (hs_database_t* db = Compile(expressions, flags, members, &failed)) {
      auto c = std::make_unique<Compiled>();
      c->db = db;
      c->patterns = std::move(members);
      compiled_.push_back(std::move(c));
      return;
    }
    if (failed < 0 || static_cast<size_t>(failed) >= members.size()) {
      for (uint32_t m : members) unfiltered_.push_back(m);  // unknown failure: be safe
      return;
    }
    if (members.size() > 1) {
      const uint32_t alone = members[failed];
      members.erase(members.begin() + failed);
      flags.erase(flags.begin() + failed);
      AddDatabase({alone});
      continue;
    }
    if (flags[0] & HS_FLAG_PREFILTER) {
      unfiltered_.push_back(members[0]);
      return;
    }
    flags[0] |= HS_FLAG_PREFILTER;
  }
}

size_t PatternPrefilter::unfiltered_count() const { return unfiltered_.size(); }

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
    auto everywhere = [&](uint32_t pattern) {
      for (size_t b = first; b < last; ++b)
        if (!blocks[b].empty()) candidates[b].push_back(pattern);
    };
    for (const auto& c : compiled_) {
      bool scanned = false;
      if (scannable && local.FitTo(c->db, c->id)) {
        ScanState state{&starts, &candidates, first};
        scanned = hs_scan(c->db, text.data(), static_cast<unsigned>(text.size()), 0, local.scratch,
                          OnMatch, &state) == HS_SUCCESS;
      }
      if (!scanned) {
        for (uint32_t p : c->patterns) everywhere(p);
      }
    }
    for (uint32_t p : unfiltered_) everywhere(p);
    for (size_t b = first; b < last; ++b) {
      auto& list = candidates[b];
      if (list.size() < 2) continue;
      std::sort(list.begin(), list.end());
      list.erase(std::unique(list.begin(), list.end()), list.end());
    }
    first = last;
  }
}

}  // namespace cuomin::scanner
