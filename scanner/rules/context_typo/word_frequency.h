// A general word-frequency list ("word<TAB>count" lines, jieba's dictionary) read once per
// process and shared by every rule that names it: context-typo weighs corrections with it,
// place-alone asks whether a stretch of text is a word. Each used to read the 4 MB file into
// a structure of its own at start; now the first rule that names a file reads it and the
// others get the same table.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "scanner/rules/context_typo/lexicon.h"

namespace cuomin::scanner::lm {

class WordFrequency {
 public:
  // The table of `path`, read on the first call for that file (and again only if the file
  // changed on disk). A line that is no "word<TAB>count" is refused with its file and line.
  static Result<std::shared_ptr<const WordFrequency>> Shared(const std::string& path);
  // Parses lines as given (for tests and callers that have them already).
  static Result<std::shared_ptr<const WordFrequency>> Parse(std::string_view text,
                                                            const std::string& name);

  // log10 of the word's count, or null when it is not listed. `key`: HashWord of its code
  // points.
  const float* LogCount(uint64_t key) const { return counts_.Find(key); }
  bool Has(std::span<const char32_t> word) const { return LogCount(HashWord(word)) != nullptr; }
  // log10 of the sum of all counts.
  float log_total() const { return log_total_; }
  size_t size() const { return counts_.size(); }

  // Words of three or more characters counted 10^kCommonLogCount times or more (有限公司,
  // 红十字会), in file order: context-typo indexes the words an edit may complete. Kept as
  // words, unlike the rest of the table, because they are few (7,411 of jieba's 347,137).
  static constexpr float kCommonLogCount = 2.0f;
  size_t common_words() const { return common_ends_.size(); }
  std::span<const char32_t> common_word(size_t k) const {
    const uint32_t begin = k ? common_ends_[k - 1] : 0;
    return {common_chars_.data() + begin, common_ends_[k] - begin};
  }

 private:
  FlatMap<float> counts_;
  std::vector<char32_t> common_chars_;
  std::vector<uint32_t> common_ends_;  // end of each common word in common_chars_
  float log_total_ = 0;
};

}  // namespace cuomin::scanner::lm
