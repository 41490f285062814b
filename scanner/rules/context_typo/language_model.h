// The word n-gram language model of the context typo check: libime's zh_CN.lm (KenLM binary,
// the model fcitx5's pinyin input method uses), behind a small interface of our own so that
// libime and fcitx headers stay out of the rest of the engine.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace cuomin::scanner::lm {

class LanguageModel {
 public:
  ~LanguageModel();
  LanguageModel(const LanguageModel&) = delete;
  LanguageModel& operator=(const LanguageModel&) = delete;

  // A cheap check, without loading, that `path` exists and is a KenLM binary model: lets a
  // rule fail at load time with a clear message while the model itself loads lazily.
  static Status Probe(const std::string& path);

  // Loads the model at `path`, once per process: later calls with the same path share the
  // loaded model. Thread-safe.
  static Result<std::shared_ptr<const LanguageModel>> Open(const std::string& path);

  bool Known(std::string_view word) const;
  // log10 P(word) without context; the unknown-word score for words the model lacks.
  float UnigramScore(std::string_view word) const;
  float UnknownScore() const;
  // log10 probability of the words in order, the first one without left context. (zh_CN.lm
  // has no sentence-boundary words: its begin state is the null state.)
  float SequenceScore(const std::vector<std::string_view>& words) const;
  // Every word of the model (KenLM stores them after the data), for building indexes.
  const std::vector<std::string>& Vocabulary() const { return vocabulary_; }
  const std::string& path() const { return path_; }

 private:
  struct Impl;
  LanguageModel() = default;
  std::unique_ptr<Impl> impl_;
  std::vector<std::string> vocabulary_;
  std::string path_;
};

}  // namespace cuomin::scanner::lm
