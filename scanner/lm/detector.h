// The context typo detector: finds characters that an input method or a slip of the eye put
// in place of a confusable one, by asking the language model whether the text reads much
// better with the confusable character.
//
// One pass segments each run of Han characters with the model's unigram scores (Viterbi over
// the lexicon). Only suspicious tokens — single characters and rare two-character words,
// which is what a typo leaves behind — are looked at further: a wildcard index says which
// one-character changes nearby form a known word, the confusion set keeps the plausible ones,
// and a short window around each is scored with the trigram model, with and without the
// change. A change is reported when the gain passes the threshold.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "scanner/lm/candidates.h"
#include "scanner/lm/language_model.h"
#include "scanner/lm/lexicon.h"

namespace cuomin::scanner::lm {

struct DetectorOptions {
  float min_gain = 3.0f;            // log10 gain needed to report a change
  float other_tone_penalty = 1.0f;  // subtracted from the gain for a change of tone
  float shape_penalty = 1.5f;       // subtracted for a similar-shape (not same-sound) change
  float domain_word_score = -5.5f;  // log10 unigram score given to domain-only terms
  float rare_word_score = -5.0f;    // two-character model words rarer than this are suspicious
  float common_char_score = -3.5f;  // single characters more frequent than this are not changed
  int context = 4;                  // characters scored on each side of a change
};

struct Correction {
  size_t begin = 0, end = 0;  // byte range of the wrong character in the text
  std::string replacement;    // the character to put there
  std::string word;           // the word it then forms (for the message)
  float gain = 0;             // log10 likelihood gain after penalties
};

class Detector {
 public:
  static std::unique_ptr<Detector> Build(std::shared_ptr<const LanguageModel> model,
                                         const ConfusionSet* confusion,
                                         const std::vector<std::string>& domain_terms,
                                         const std::vector<std::string>& attested_pairs,
                                         const DetectorOptions& options);

  // Appends the corrections for `text` (a block's visible text), in text order.
  void Detect(std::string_view text, std::vector<Correction>& out) const;

 private:
  struct Token {
    uint32_t start, len;
    float score;
    uint8_t flags;
  };
  Detector() = default;
  // Best segmentation by unigram scores; `covered` (optional) marks the characters inside
  // any occurrence of a domain term or of a model word of three or more characters.
  void Segment(const char32_t* cps, size_t n, std::vector<Token>& tokens,
               std::vector<uint8_t>* covered = nullptr) const;
  // Trigram log10 score of the best segmentation of cps; `tokens` receives it.
  float Score(const char32_t* cps, size_t n, std::vector<Token>& tokens) const;
  void DetectRun(std::string_view text, const std::vector<char32_t>& cps,
                 const std::vector<size_t>& offsets, std::vector<Correction>& out) const;

  static uint64_t PairKey(char32_t a, char32_t b) { return HashKey((uint64_t{a} << 32) | b); }
  bool Attested(char32_t a, char32_t b) const { return pairs_.Find(PairKey(a, b)) != nullptr; }

  std::shared_ptr<const LanguageModel> model_;
  FlatMap<uint8_t> pairs_;  // character pairs attested in official text
  const ConfusionSet* confusion_ = nullptr;
  Lexicon lexicon_;
  DetectorOptions options_;
  float unknown_score_ = -14.0f;
};

}  // namespace cuomin::scanner::lm
