// The context typo detector: finds characters that an input method or a slip of the eye put
// in place of a confusable one, by asking the language model whether the text reads much
// better with the confusable character.
//
// One pass segments each run of Han characters with the model's unigram scores (Viterbi over
// the lexicon). Only suspicious tokens — single characters and rare two-character words,
// which is what a typo leaves behind — are looked at further: a wildcard index says which
// one-character changes nearby form a known word, the confusion set keeps the plausible ones,
// and a short window around each is scored with the trigram model, with and without the
// change. Two-character words that official text does not vouch for are also tried whole
// against the words of the same pinyin (an input method's wrong word: 家猫伪劣 for 假冒伪劣).
// A change is reported when the gain passes the threshold.
#pragma once

#include <array>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "scanner/rules/context_typo/candidates.h"
#include "scanner/rules/context_typo/gap_index.h"
#include "scanner/rules/context_typo/language_model.h"
#include "scanner/rules/context_typo/lexicon.h"
#include "scanner/rules/context_typo/word_frequency.h"

namespace cuomin::scanner::lm {

// A change is reported when its confidence passes min_confidence. The confidence is the
// model's log10 likelihood gain, plus a second opinion and what a trigram model of
// input-method text does not see: the gain of the same change under a unigram model of a
// general word-frequency dictionary (jieba; another corpus, another segmentation), whether the
// character sits at the edge of a run (context on one side only), whether it forms a character
// pair attested in official text, and whether the change completes a longer word.
struct DetectorOptions {
  float min_confidence = 3.0f;      // confidence needed to report a change
  float other_tone_penalty = 1.0f;  // subtracted for a same-pinyin change of tone
  float shape_penalty = 1.5f;       // subtracted for a similar-shape (not same-sound) change
  // Subtracted for a near-sound change (fuzzy pinyin, kNearSound); infinite: not tried.
  float near_sound_penalty = std::numeric_limits<float>::infinity();
  // Subtracted for a rarer character of the same sound (kRareSound: 螺丝粉 for 螺蛳粉), tried only
  // where the change completes a word of three or more characters; infinite: not tried.
  float rare_sound_penalty = std::numeric_limits<float>::infinity();
  // Subtracted for a shape neighbour (kNeighbourShape: 希望工程损款 for 捐款), tried only where
  // the change completes a word of three or more characters; infinite: not tried.
  float neighbour_shape_penalty = std::numeric_limits<float>::infinity();
  // A shape neighbour may also form a two-character word (损款 for 捐款) where that word is a
  // model word of log10 unigram probability neighbour_word or more, the written pair is no
  // word, and the general dictionary counts the written pair neighbour_margin (log10) times
  // less often, if at all; it then pays neighbour_word_penalty too.
  float neighbour_word_penalty = std::numeric_limits<float>::infinity();
  float neighbour_word = -6.0f;
  float neighbour_margin = 2.0f;
  float frequency_weight = 0.0f;  // times the gain under the word-frequency unigram model
  float edge_penalty = 0.0f;      // the character starts or ends its run
  // The edge penalty stands for the context the model misses beyond the run: a character there
  // may join what follows (年贷 of 年贷款). Where the run is closed by punctuation or the end of
  // the block, nothing can join, so the written stretch must be a word by itself. A change that
  // completes a word at such an edge, where the general dictionary has the written stretch (if
  // at all) edge_word_margin (log10) less often than the word formed (置办年贷。 → 年货), pays
  // this instead. NaN: edge_penalty everywhere.
  float edge_word_penalty = std::numeric_limits<float>::quiet_NaN();
  float edge_word_margin = 2.0f;
  float attested_penalty = 0.0f;    // the character forms an attested pair with a neighbour
  float long_word_bonus = 0.0f;     // the corrected word has three or more characters
  float domain_word_score = -5.5f;  // log10 unigram score given to domain-only terms
  float rare_word_score = -5.0f;    // two-character model words rarer than this are suspicious
  float common_char_score = -3.5f;  // single characters more frequent than this are not changed
  int context = 4;                  // characters scored on each side of a change (<= kMaxContext)
  // Whole-word changes (two adjacent characters, both same pinyin): tried where at least this
  // many of the stretch's three character pairs are unattested (4: never), and penalised.
  int word_unattested = 4;
  float word_penalty = 0.0f;
  // Real-word changes: one character of a common two-character word replaced by a same-sound
  // or close-shape one that makes another word of the model (权利机关 for 权力机关), tried where
  // the changed character and its neighbour outside the word are unattested together, and
  // penalised by this much. Infinite: never tried.
  float real_word_penalty = std::numeric_limits<float>::infinity();
  // Broken-word changes: a common character standing alone or in a two-character word, or
  // one attested beside its neighbour in other wording, which the gates above never change
  // (自已 for 自己, 置办年贷 for 年货, 负作用 for 副作用). Tried where the written stretch is no
  // domain term and the general dictionary has it (if at all) broken_margin (log10) less often
  // than the word the change forms, which must be a model word at least as common as
  // broken_word_score (log10 unigram); penalised by broken_penalty. Infinite (.inf): never
  // tried; a large finite penalty still looks for them.
  float broken_penalty = std::numeric_limits<float>::infinity();
  float broken_word_score = -5.0f;
  float broken_margin = 2.0f;
  // Between two common words the model often barely prefers either (水平答复提升 and 水平大幅
  // 提升 score alike); official text says more: whether the characters beside a whole-word
  // change stand next to the written word in the reports, and whether they stand next to the
  // replacement. Added for a whole-word change between two words the general dictionary both
  // counts pair_evidence_count (log10) times or more: this times (outer pairs of the
  // replacement attested) minus (outer pairs of the written word attested), -2..2. A rare
  // written word (中试, 东缘) has unattested neighbours because it is rare, not because it is
  // wrong.
  float pair_evidence_weight = 0.0f;
  float pair_evidence_count = 3.0f;
  // Listed real-word pairs (Detector::Build's `real_word_pairs`: 必须/必需, 截止/截至, 中止/终止):
  // a listed word in the text is scored against its partner in its context, whatever its
  // neighbours, and the change is penalised by this much; only the context's gain counts, as
  // for real-word changes. Infinite: never tried.
  float pair_penalty = std::numeric_limits<float>::infinity();
  // Two neighbouring characters swapped (坏败 for 败坏): tried where the written pair is no word,
  // unattested and inside no longer word, and the swapped pair forms a model word; penalised by
  // this much. Infinite: never tried.
  float swap_penalty = std::numeric_limits<float>::infinity();
  // A dropped character (有限公承建 for 有限公司承建) or an extra one (南南方周末): tried where a
  // written pair is unattested and inside no longer word, and inserting one character there (or
  // deleting one of its two) completes a model word of three or more characters; penalised by
  // this much. The model scores the two lengths: one word fewer reads likelier, so deleting
  // needs a larger penalty than inserting. Infinite: never tried.
  float insert_penalty = std::numeric_limits<float>::infinity();
  float delete_penalty = std::numeric_limits<float>::infinity();
};

constexpr int kMaxContext = 12;

struct Correction {
  size_t begin = 0, end = 0;            // byte range of the wrong character in the text
  size_t word_begin = 0, word_end = 0;  // byte range of the word the change forms
  std::string replacement;              // the character to put there
  std::string word;                     // the word it then forms (for the message)
  float confidence = 0;                 // see DetectorOptions
  bool broken = false;                  // a broken-word change (DetectorOptions::broken_penalty)
  bool listed = false;                  // a listed real-word pair (DetectorOptions::pair_penalty)
  bool swapped = false;                 // two characters swapped: `replacement` is both
  bool inserted = false;  // a character dropped: `replacement` is the written one and the dropped
  bool deleted = false;   // one too many: `replacement` is the written pair less the extra one
};

class Detector {
 public:
  // `word_frequencies`: a general word-frequency dictionary (only words of one to
  // kMaxFrequencyWord characters are asked for); null: none.
  static std::unique_ptr<Detector> Build(
      std::shared_ptr<const LanguageModel> model, const ConfusionSet* confusion,
      const std::vector<std::string>& domain_terms, const std::vector<std::string>& attested_pairs,
      std::shared_ptr<const WordFrequency> word_frequencies, const DetectorOptions& options,
      const std::vector<std::pair<std::string, std::string>>& real_word_pairs = {});

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
  // `scoring`: only words that may be scored (kTarget), not the fragments that only protect.
  void Segment(const char32_t* cps, size_t n, bool scoring, std::vector<Token>& tokens,
               std::vector<uint8_t>* covered = nullptr) const;
  // Trigram log10 score of the best segmentation of cps; `tokens` receives it.
  float Score(const char32_t* cps, size_t n, std::vector<Token>& tokens) const;
  // `fixed`: per character, never changed (parallel wording).
  // `closed_start`/`closed_end`: punctuation or the block's edge, not a digit, a Latin letter
  // or a title, stands there (no word continues across it).
  void DetectRun(const std::vector<char32_t>& cps, const std::vector<size_t>& offsets,
                 const std::vector<uint8_t>& fixed, bool closed_start, bool closed_end,
                 std::vector<Correction>& out) const;
  // Dropped and extra characters of a run (detector_gaps.cc), appended to `out` except near the
  // positions `changed` marks (another correction explains that stretch). `usable`: may take
  // part in an edit (no numeral, no name); `covered` as Segment's.
  void DetectGaps(const std::vector<char32_t>& cps, const std::vector<size_t>& offsets,
                  std::span<const uint8_t> usable, const std::vector<uint8_t>& covered,
                  const std::vector<uint8_t>& changed, std::vector<Correction>& out) const;
  // Files the words a dropped character may complete (detector_gaps.cc) in gaps_.
  void BuildGapIndex();
  // A lexicon word of two or more characters holds positions i and i + 1 of cps.
  bool InsideWord(const std::vector<char32_t>& cps, size_t i) const;
  struct Features {
    float gain = 0;
    Confusion kind = Confusion::kSameTone;
    float frequency_gain = 0;  // FrequencyScore with the change minus without
    bool run_edge = false, attested = false;
    bool closed_edge = false;  // run_edge at a closed edge, written stretch no word (edge_word_*)
    uint32_t word_length = 0;
    bool word_change = false;  // two adjacent characters changed
    bool real_word = false;    // a character of a common word (DetectorOptions::real_word_penalty)
    bool broken = false;       // a common or attested character (DetectorOptions::broken_penalty)
    bool listed = false;       // a listed real-word pair (DetectorOptions::pair_penalty)
    bool swapped = false;      // two neighbours swapped (DetectorOptions::swap_penalty)
    bool inserted = false;     // a dropped character put back (DetectorOptions::insert_penalty)
    bool deleted = false;      // an extra character taken out (DetectorOptions::delete_penalty)
    int pair_evidence = 0;     // DetectorOptions::pair_evidence_weight
    bool short_neighbour = false;  // a shape neighbour into a two-character word
  };
  float Confidence(const Features& f) const;
  // log10 probability of the best segmentation of cps under the unigram model of the
  // word-frequency dictionary.
  float FrequencyScore(const char32_t* cps, size_t n) const;
  static constexpr size_t kMaxFrequencyWord = 6;
  // The general dictionary counts `word` often (no candidate for a broken-word change).
  bool CommonWord(std::span<const char32_t> word) const;
  // `formed`, a two-character word a shape neighbour makes of `written`, is a common model word
  // and `written` no word, far rarer in the general dictionary (DetectorOptions::neighbour_word,
  // neighbour_margin).
  bool NeighbourWord(std::span<const char32_t> written, std::span<const char32_t> formed) const;

  static uint64_t PairKey(char32_t a, char32_t b) { return HashKey((uint64_t{a} << 32) | b); }
  bool Attested(char32_t a, char32_t b) const { return pairs_.Find(PairKey(a, b)) != nullptr; }

  // Listed real-word pairs: a two-character word's hash -> the index of its partners.
  FlatMap<uint32_t> pair_index_;
  std::vector<std::vector<std::array<char32_t, 2>>> partners_;
  std::shared_ptr<const LanguageModel> model_;
  FlatMap<uint8_t> pairs_;                          // character pairs attested in official text
  std::shared_ptr<const WordFrequency> frequency_;  // log10 counts of dictionary words
  float frequency_total_ = 0;                       // log10 of the dictionary's total count
  float frequency_unknown_ = 0;  // log10 count given a character the dictionary lacks
  bool debug_ = false;           // CUOMIN_CONTEXT_TYPO_DEBUG: every candidate's features to stderr
  const ConfusionSet* confusion_ = nullptr;
  Lexicon lexicon_;
  GapIndex gaps_;  // words a dropped character may complete (only with a finite insert_penalty)
  DetectorOptions options_;
  float unknown_score_ = -14.0f;
};

}  // namespace cuomin::scanner::lm
