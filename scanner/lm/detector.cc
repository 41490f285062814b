#include "scanner/lm/detector.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "common/utf8.h"
#include "scanner/text_fold.h"

namespace cuomin::scanner::lm {
namespace {

// Numerals are never changed: 十四五, 一带一路 and amounts are not typos of their neighbours.
bool IsNumeral(char32_t c) {
  static constexpr std::u32string_view kNumerals =
      U"〇零一二三四五六七八九十百千万亿两壹贰叁肆伍陆柒捌玖拾佰仟";
  return kNumerals.find(c) != std::u32string_view::npos;
}

// Function characters standing alone are normal, not a trace of a broken word; looking at
// them would only multiply candidates.
bool IsFunctionChar(char32_t c) {
  static constexpr std::u32string_view kFunction =
      U"的了是在和与及或把被对为将从以等也都就而并且之其这那着过地得所于向各每该";
  return kFunction.find(c) != std::u32string_view::npos;
}

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

}  // namespace

std::unique_ptr<Detector> Detector::Build(std::shared_ptr<const LanguageModel> model,
                                          const ConfusionSet* confusion,
                                          const std::vector<std::string>& domain_terms,
                                          const std::vector<std::string>& attested_pairs,
                                          const DetectorOptions& options) {
  std::unique_ptr<Detector> d(new Detector());
  d->model_ = std::move(model);
  d->confusion_ = confusion;
  d->options_ = options;
  d->unknown_score_ = d->model_->UnknownScore();
  for (const std::string& w : d->model_->Vocabulary()) {
    if (w.empty() || w[0] == '<') continue;  // <unk>, <s>, </s>
    d->lexicon_.AddLmWord(w, d->model_->UnigramScore(w));
  }
  // A leading '-' marks a term that protects text but is never a correction target.
  for (const std::string& w : domain_terms) {
    if (!w.empty() && w[0] == '-') {
      d->lexicon_.AddDomainWord(std::string_view(w).substr(1), options.domain_word_score, false);
    } else {
      d->lexicon_.AddDomainWord(w, options.domain_word_score, true);
    }
  }
  d->lexicon_.Finish();
  d->pairs_.Reserve(attested_pairs.size());
  for (const std::string& pair : attested_pairs) {
    size_t p = 0;
    char32_t a = utf8::Next(pair, p);
    if (p >= pair.size()) continue;
    char32_t b = utf8::Next(pair, p);
    d->pairs_.Insert(PairKey(a, b), 1);
  }
  return d;
}

void Detector::Segment(const char32_t* cps, size_t n, std::vector<Token>& tokens,
                       std::vector<uint8_t>* covered) const {
  if (covered) covered->assign(n, 0);
  std::vector<float> best(n + 1, kNegInf);
  std::vector<Token> back(n + 1);
  best[0] = 0;
  for (size_t i = 0; i < n; ++i) {
    if (best[i] == kNegInf) continue;
    auto relax = [&](size_t len, float score, uint8_t flags) {
      float s = best[i] + score;
      if (s > best[i + len]) {
        best[i + len] = s;
        back[i + len] = Token{static_cast<uint32_t>(i), static_cast<uint32_t>(len), score, flags};
      }
    };
    uint64_t h = HashStart();
    for (size_t len = 1; len <= Lexicon::kMaxWord && i + len <= n; ++len) {
      h = HashNext(h, cps[i + len - 1]);
      const LexEntry* e = lexicon_.Find(HashKey(h));
      if (len == 1 && (!e || !e->word())) relax(1, unknown_score_, 0);
      if (!e) break;
      if (e->word()) relax(len, e->score, e->flags);
      // Any occurrence of a domain term, or of a model word of three or more characters,
      // vouches for its characters, whatever the best segmentation says.
      if (covered && e->word() && ((e->flags & LexEntry::kDomain) || len >= 3)) {
        for (size_t k = i; k < i + len; ++k) (*covered)[k] = 1;
      }
      if (!(e->flags & LexEntry::kPrefix)) break;
    }
  }
  tokens.clear();
  for (size_t i = n; i > 0; i = back[i].start) tokens.push_back(back[i]);
  std::reverse(tokens.begin(), tokens.end());
}

float Detector::Score(const char32_t* cps, size_t n, std::vector<Token>& tokens) const {
  Segment(cps, n, tokens);
  std::string text;
  std::vector<size_t> offsets;
  for (size_t i = 0; i < n; ++i) {
    offsets.push_back(text.size());
    utf8::Append(text, cps[i]);
  }
  offsets.push_back(text.size());
  // Domain-only terms are unknown to the model: they get their fixed score and split the
  // sequence, instead of the model's unknown-word penalty.
  float total = 0;
  std::vector<std::string_view> run;
  for (const Token& t : tokens) {
    if ((t.flags & LexEntry::kDomain) && !(t.flags & LexEntry::kLm)) {
      if (!run.empty()) total += model_->SequenceScore(run);
      run.clear();
      total += t.score;
      continue;
    }
    run.push_back(std::string_view(text).substr(offsets[t.start],
                                                offsets[t.start + t.len] - offsets[t.start]));
  }
  if (!run.empty()) total += model_->SequenceScore(run);
  return total;
}

void Detector::Detect(std::string_view text, std::vector<Correction>& out) const {
  std::vector<char32_t> cps;
  std::vector<size_t> offsets;  // byte offset of each code point, plus the end
  int title_depth = 0;          // inside 《…》: a document title is quoted, never corrected
  auto flush = [&](size_t end) {
    if (cps.size() >= 2) {
      offsets.push_back(end);
      DetectRun(text, cps, offsets, out);
    }
    cps.clear();
    offsets.clear();
  };
  for (size_t p = 0; p < text.size();) {
    size_t start = p;
    char32_t c = utf8::Next(text, p);
    if (c == U'《') ++title_depth;
    if (c == U'》' && title_depth > 0) --title_depth;
    // Traditional characters: a quotation in traditional script, which the model (simplified)
    // would "correct" everywhere; the script rule reports them instead.
    if (title_depth == 0 && utf8::IsHan(c) && ToSimplified(c) == c) {
      cps.push_back(c);
      offsets.push_back(start);
    } else {
      flush(start);
    }
  }
  flush(text.size());
}

void Detector::DetectRun(std::string_view text, const std::vector<char32_t>& cps,
                         const std::vector<size_t>& offsets, std::vector<Correction>& out) const {
  const size_t n = cps.size();
  std::vector<Token> tokens;
  std::vector<uint8_t> covered;
  Segment(cps.data(), n, tokens, &covered);
  // Per position: may it be changed, is it suspicious.
  std::vector<uint8_t> changeable(n, 0), suspicious(n, 0);
  bool any = false;
  for (const Token& t : tokens) {
    bool domain = t.flags & LexEntry::kDomain;
    bool rare_pair = t.len == 2 && !domain && t.score < options_.rare_word_score;
    bool single = t.len == 1 && !IsFunctionChar(cps[t.start]);
    for (uint32_t k = t.start; k < t.start + t.len; ++k) {
      // Common standalone characters (是, 个, 和) and common words are what they seem: the
      // model only gets to change rare ones, which is where a slip of the input method lands.
      bool rare_single = t.len == 1 && !IsFunctionChar(cps[k]) &&
                         (t.flags == 0 || t.score < options_.common_char_score);
      bool attested =
          (k == 0 || Attested(cps[k - 1], cps[k])) && (k + 1 == n || Attested(cps[k], cps[k + 1]));
      changeable[k] = !IsNumeral(cps[k]) && !covered[k] && !attested && (rare_single || rare_pair);
      suspicious[k] = single || rare_pair;
      any |= suspicious[k];
    }
  }
  if (!any) return;

  // Candidate changes (position, character) that form a known word with a suspicious token.
  std::map<std::pair<size_t, char32_t>, Confusion> candidates;
  for (size_t s = 0; s < n; ++s) {
    if (!suspicious[s]) continue;
    for (size_t len = 2; len <= Lexicon::kMaxOpenWord && len <= n; ++len) {
      size_t first = s + 1 >= len ? s + 1 - len : 0;
      for (size_t a = first; a <= s && a + len <= n; ++a) {
        std::span<const char32_t> window(cps.data() + a, len);
        for (size_t j = 0; j < len; ++j) {
          size_t i = a + j;
          if (!changeable[i] || !confusion_->Has(cps[i])) continue;
          for (char32_t x : lexicon_.Fill(HashWord(window, j))) {
            if (x == cps[i]) continue;
            Confusion kind = confusion_->Kind(cps[i], x);
            if (kind != Confusion::kNone) candidates.emplace(std::make_pair(i, x), kind);
          }
        }
      }
    }
  }
  if (candidates.empty()) return;

  // Score each candidate on a short window, with and without the change.
  struct Best {
    float gain = kNegInf;
    char32_t replacement = 0;
    std::string word;
  };
  std::map<size_t, Best> best;
  std::map<size_t, float> original_score;
  std::vector<char32_t> window;
  std::vector<Token> window_tokens;
  const size_t ctx = static_cast<size_t>(options_.context);
  for (const auto& [key, kind] : candidates) {
    auto [i, x] = key;
    size_t b = i >= ctx ? i - ctx : 0;
    size_t e = std::min(n, i + ctx + 1);
    window.assign(cps.begin() + b, cps.begin() + e);
    auto found = original_score.find(i);
    if (found == original_score.end()) {
      found = original_score.emplace(i, Score(window.data(), window.size(), window_tokens)).first;
    }
    window[i - b] = x;
    float changed = Score(window.data(), window.size(), window_tokens);
    // The change must end up inside a word of two or more characters.
    const Token* covering = nullptr;
    for (const Token& t : window_tokens) {
      if (t.start <= i - b && i - b < t.start + t.len) covering = &t;
    }
    if (!covering || covering->len < 2) continue;
    float gain = changed - found->second;
    if (kind == Confusion::kOtherTone) gain -= options_.other_tone_penalty;
    if (kind == Confusion::kShape) gain -= options_.shape_penalty;
    Best& bst = best[i];
    if (gain > bst.gain) {
      bst.gain = gain;
      bst.replacement = x;
      bst.word.clear();
      for (uint32_t k = covering->start; k < covering->start + covering->len; ++k)
        utf8::Append(bst.word, window[k]);
    }
  }
  // Neighbouring positions explaining the same broken word: keep the stronger.
  std::vector<std::pair<size_t, const Best*>> kept;
  for (const auto& [i, bst] : best) {
    if (bst.gain < options_.min_gain) continue;
    if (!kept.empty() && kept.back().first + 1 == i) {
      if (kept.back().second->gain >= bst.gain) continue;
      kept.pop_back();
    }
    kept.push_back({i, &bst});
  }
  for (const auto& [i, bst] : kept) {
    Correction c;
    c.begin = offsets[i];
    c.end = offsets[i + 1];
    utf8::Append(c.replacement, bst->replacement);
    c.word = bst->word;
    c.gain = bst->gain;
    out.push_back(std::move(c));
  }
  (void)text;
}

}  // namespace cuomin::scanner::lm
