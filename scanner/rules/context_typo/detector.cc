#include "scanner/rules/context_typo/detector.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "common/utf8.h"
#include "scanner/match/traditional.h"
#include "scanner/rules/context_typo/char_set.h"

namespace cuomin::scanner::lm {
namespace {

// Segment's `covered` marks: by a model word of three or more characters or a domain term that
// is a word (strongly), or by a stretch of the reports that is only protected (weakly).
constexpr uint8_t kCoveredStrongly = 1, kCoveredWeakly = 2;
bool ProtectOnly(uint8_t flags) {
  return (flags & LexEntry::kDomain) && !(flags & (LexEntry::kLm | LexEntry::kTarget));
}

// Share of traditional characters (percent of Han characters) from which a paragraph is taken
// to be in traditional script; a simplified text quotes at most a name or two.
constexpr size_t kTraditionalPercent = 3;

// Distance in code points within which a repeated character marks parallel wording.
constexpr size_t kParallelSpan = 3;

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

// Punctuation no word runs across (a run of Han characters that stops here is closed); a digit,
// a Latin letter or a title mark may continue a term (2019年, G20峰会, 《…》).
constexpr CharSet kClosing(U"。，、；：？！…—（）【】「」『』“”‘’〔〕,.;:?!()[]\"' \t\n\r\u3000");
bool Closes(char32_t c) { return kClosing.Has(c); }

// A two-character word the dictionary counts this often (log10) is no broken word: no word a
// one-character change forms is broken_margin commoner often enough to pay for looking.
constexpr float kLoneWordMaxLogCount = 3.0f;

// Calls f(x, kind) for each character both sorted lists hold, in order, until f returns
// false. A filled gap may hold hundreds of characters and a confusion list a handful: the
// shorter list is walked and the longer searched, from where the last search ended.
template <typename F>
void ForEachCommon(std::span<const char32_t> fill,
                   std::span<const std::pair<char32_t, Confusion>> confusable, F&& f) {
  if (fill.size() > 4 * confusable.size()) {
    auto p = fill.begin();
    for (const auto& [x, kind] : confusable) {
      p = std::lower_bound(p, fill.end(), x);
      if (p == fill.end()) return;
      if (*p == x && !f(x, kind)) return;
    }
    return;
  }
  auto c = confusable.begin();
  for (char32_t x : fill) {
    while (c != confusable.end() && c->first < x) ++c;
    if (c == confusable.end()) return;
    if (c->first == x && !f(x, c->second)) return;
  }
}

}  // namespace

std::unique_ptr<Detector> Detector::Build(
    std::shared_ptr<const LanguageModel> model, const ConfusionSet* confusion,
    const std::vector<std::string>& domain_terms, const std::vector<std::string>& attested_pairs,
    std::shared_ptr<const WordFrequency> word_frequencies, const DetectorOptions& options,
    const std::vector<std::pair<std::string, std::string>>& real_word_pairs) {
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
  d->pair_index_.Reserve(2 * real_word_pairs.size());
  for (const auto& [a, b] : real_word_pairs) {
    std::u32string wa = utf8::ToUtf32(a), wb = utf8::ToUtf32(b);
    if (wa.size() != 2 || wb.size() != 2 || wa == wb) continue;
    for (int side = 0; side < 2; ++side) {
      const std::u32string& from = side ? wb : wa;
      const std::u32string& to = side ? wa : wb;
      const uint32_t next = static_cast<uint32_t>(d->partners_.size());
      const uint32_t index = *d->pair_index_.Insert(HashWord(from), next);
      if (index == next) d->partners_.emplace_back();
      d->partners_[index].push_back({to[0], to[1]});
    }
  }
  d->frequency_ =
      word_frequencies ? std::move(word_frequencies) : std::make_shared<const WordFrequency>();
  d->frequency_total_ = d->frequency_->log_total();
  d->frequency_unknown_ = -1.3f;  // log10(0.05): below any counted character
  d->debug_ = std::getenv("CUOMIN_CONTEXT_TYPO_DEBUG") != nullptr;
  if (std::isfinite(options.insert_penalty)) d->BuildGapIndex();
  return d;
}

void Detector::Segment(const char32_t* cps, size_t n, bool scoring, std::vector<Token>& tokens,
                       std::vector<uint8_t>* covered) const {
  if (covered) covered->assign(n, 0);
  // Reused per thread: the detector segments a short window for every candidate it scores.
  thread_local std::vector<float> best;
  thread_local std::vector<Token> back;
  best.assign(n + 1, kNegInf);
  back.assign(n + 1, Token{});
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
      bool usable =
          e && e->word() && (!scoring || (e->flags & (LexEntry::kLm | LexEntry::kTarget)));
      if (len == 1 && !usable) relax(1, unknown_score_, 0);
      if (!e) break;
      if (usable) relax(len, e->score, e->flags);
      // Any occurrence of a domain term, or of a model word of three or more characters,
      // vouches for its characters, whatever the best segmentation says.
      if (covered && e->word() && ((e->flags & LexEntry::kDomain) || len >= 3)) {
        const uint8_t mark = ProtectOnly(e->flags) ? kCoveredWeakly : kCoveredStrongly;
        for (size_t k = i; k < i + len; ++k) (*covered)[k] |= mark;
      }
      if (!(e->flags & LexEntry::kPrefix)) break;
    }
  }
  tokens.clear();
  for (size_t i = n; i > 0; i = back[i].start) tokens.push_back(back[i]);
  std::reverse(tokens.begin(), tokens.end());
}

float Detector::Score(const char32_t* cps, size_t n, std::vector<Token>& tokens) const {
  Segment(cps, n, true, tokens);
  // Reused per thread, like Segment's: every candidate is scored this way.
  thread_local std::string text;
  thread_local std::vector<size_t> offsets;
  thread_local std::vector<std::string_view> run;
  text.clear();
  offsets.clear();
  run.clear();
  for (size_t i = 0; i < n; ++i) {
    offsets.push_back(text.size());
    utf8::Append(text, cps[i]);
  }
  offsets.push_back(text.size());
  // Domain-only terms are unknown to the model: they get their fixed score and split the
  // sequence, instead of the model's unknown-word penalty.
  float total = 0;
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
  // A paragraph in traditional script (a quoted old document) is out of the model's reach: the
  // runs of characters that simplified and traditional share are too short to give context.
  size_t han = 0, traditional = 0;
  for (size_t p = 0; p < text.size();) {
    char32_t c = utf8::Next(text, p);
    if (!utf8::IsHan(c)) continue;
    ++han;
    traditional += ToSimplified(c) != c;
  }
  if (traditional >= 2 && traditional * 100 >= han * kTraditionalPercent) return;
  // A character repeated within kParallelSpan code points (谋势蓄势, 弃水、弃风, 付出付不起,
  // 人人), or standing between two equal ones, is the parallel wording of official style, and
  // deliberate: a slip rarely produces a character that already stands next to it.
  std::vector<char32_t> all;
  for (size_t p = 0; p < text.size();) all.push_back(utf8::Next(text, p));
  std::vector<uint8_t> repeated(all.size(), 0), fixed;
  for (size_t j = 0; j < all.size(); ++j) {
    for (size_t d = 1; d <= kParallelSpan && j + d < all.size(); ++d) {
      if (all[j] == all[j + d] && utf8::IsHan(all[j])) repeated[j] = repeated[j + d] = 1;
    }
    // Between two equal characters (懒政怠政, 助餐助行): one slot of a parallel pair.
    if (j > 0 && j + 1 < all.size() && all[j - 1] == all[j + 1] && utf8::IsHan(all[j - 1]))
      repeated[j] = 1;
  }
  std::vector<char32_t> cps;
  std::vector<size_t> offsets;  // byte offset of each code point, plus the end
  int title_depth = 0;          // inside 《…》: a document title is quoted, never corrected
  auto closed_at = [&](size_t p) {
    if (p >= text.size()) return true;
    return Closes(utf8::Next(text, p));
  };
  auto flush = [&](size_t end) {
    if (cps.size() >= 2) {
      const size_t begin = offsets.front();
      bool closed_start = begin == 0;
      if (!closed_start) {  // the code point before the run
        size_t q = begin - 1;
        while (q > 0 && (static_cast<unsigned char>(text[q]) & 0xC0) == 0x80) --q;
        closed_start = closed_at(q);
      }
      offsets.push_back(end);
      DetectRun(cps, offsets, fixed, closed_start, closed_at(end), out);
    }
    cps.clear();
    offsets.clear();
    fixed.clear();
  };
  for (size_t p = 0, j = 0; p < text.size(); ++j) {
    size_t start = p;
    char32_t c = utf8::Next(text, p);
    if (c == U'《') ++title_depth;
    if (c == U'》' && title_depth > 0) --title_depth;
    // Traditional characters: a quotation in traditional script, which the model (simplified)
    // would "correct" everywhere; the script rule reports them instead.
    if (title_depth == 0 && utf8::IsHan(c) && ToSimplified(c) == c) {
      cps.push_back(c);
      offsets.push_back(start);
      fixed.push_back(repeated[j]);
    } else {
      flush(start);
    }
  }
  flush(text.size());
}

void Detector::DetectRun(const std::vector<char32_t>& cps, const std::vector<size_t>& offsets,
                         const std::vector<uint8_t>& fixed, bool closed_start, bool closed_end,
                         std::vector<Correction>& out) const {
  const size_t n = cps.size();
  std::vector<Token> tokens;
  std::vector<uint8_t> covered;
  Segment(cps.data(), n, false, tokens, &covered);
  // Per position: may it be changed, is it suspicious; `alterable`: may a whole-word change
  // touch it (see below).
  // (One allocation for all six: this runs once per stretch of Han text.)
  std::vector<uint8_t> flags(6 * n, 0);
  std::span<uint8_t> changeable(flags.data(), n), suspicious(flags.data() + n, n),
      alterable(flags.data() + 2 * n, n), word_start(flags.data() + 3 * n, n);
  std::span<uint8_t> free(flags.data() + 4 * n, n);  // neither a numeral nor parallel wording
                                                     // nor a name
  std::span<uint8_t> lone(flags.data() + 5 * n, n);  // may take a broken-word change
  bool any = false;
  const bool try_broken = std::isfinite(options_.broken_penalty);
  const bool try_near = std::isfinite(options_.near_sound_penalty);
  const bool try_rare = std::isfinite(options_.rare_sound_penalty);
  const bool try_neighbour = std::isfinite(options_.neighbour_shape_penalty);
  const bool try_neighbour_word = std::isfinite(options_.neighbour_word_penalty);
  for (const Token& t : tokens) {
    word_start[t.start] = t.len == 2 && (t.flags & LexEntry::kLm);
    bool domain = t.flags & LexEntry::kDomain;
    // A stretch the reports show only a few times, or only inside longer wording (现负 of
    // 出现负增长), protects a character from the ordinary changes, but a broken word it cuts
    // across (出现负作用 for 副作用) is still looked at.
    const bool weak = ProtectOnly(t.flags) && t.len <= 2;
    bool rare_pair = t.len == 2 && !domain && t.score < options_.rare_word_score;
    bool single = t.len == 1 && !IsFunctionChar(cps[t.start]);
    // Lone: standing alone, or in a rare two-character word of the model that may itself be
    // the slip (自已 is in the model and in jieba: the web writes it too).
    const bool lone_token =
        try_broken &&
        (single || weak ||
         (t.len == 2 && (t.flags & LexEntry::kLm) && !CommonWord({cps.data() + t.start, 2})));
    for (uint32_t k = t.start; k < t.start + t.len; ++k) {
      // Common standalone characters (是, 个, 和) and common words are what they seem: the
      // model only gets to change rare ones, which is where a slip of the input method lands.
      bool rare_single = t.len == 1 && !IsFunctionChar(cps[k]) &&
                         (t.flags == 0 || t.score < options_.common_char_score);
      bool attested =
          (k == 0 || Attested(cps[k - 1], cps[k])) && (k + 1 == n || Attested(cps[k], cps[k + 1]));
      free[k] = !IsNumeral(cps[k]) && !fixed[k];
      alterable[k] = free[k] && !covered[k] && !domain;
      changeable[k] = alterable[k] && !attested && (rare_single || rare_pair);
      lone[k] = free[k] && !(covered[k] & kCoveredStrongly) && (!domain || weak) && lone_token;
      suspicious[k] = single || rare_pair;
      any |= suspicious[k];
    }
  }
  // A personal name: the characters before 同志 ("李人俊同志"). Names are never corrected, and a
  // name's characters are whatever the parents chose, so the model's judgement means nothing.
  // A character written twice (南南方周末) is parallel wording to the checks above, but one of
  // the two may be a slip of its own: the gap check may take it out.
  std::vector<uint8_t> usable(free.begin(), free.end());
  for (size_t k = 0; k + 1 < n; ++k) {
    if (cps[k] == cps[k + 1] && !IsNumeral(cps[k])) usable[k] = usable[k + 1] = 1;
  }
  static constexpr std::u32string_view kNameMarker = U"同志";
  static constexpr size_t kMaxName = 3;
  for (size_t k = 1; k + 1 < n; ++k) {
    if (cps[k] != kNameMarker[0] || cps[k + 1] != kNameMarker[1]) continue;
    for (size_t j = k >= kMaxName ? k - kMaxName : 0; j < k; ++j)
      changeable[j] = alterable[j] = free[j] = lone[j] = usable[j] = 0;
  }
  // Dropped and extra characters are looked for last, away from the other corrections, which
  // explain their stretch better (one character changed, not the text's length).
  const size_t first_out = out.size();
  auto finish = [&] {
    if (!std::isfinite(options_.insert_penalty) && !std::isfinite(options_.delete_penalty)) return;
    std::vector<uint8_t> changed(n, 0);
    for (size_t k = first_out; k < out.size(); ++k) {
      for (size_t j = 0; j < n; ++j)
        changed[j] |= offsets[j] >= out[k].begin && offsets[j] < out[k].end;
    }
    const size_t before = out.size();
    DetectGaps(cps, offsets, usable, covered, changed, out);
    if (out.size() != before) {
      std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first_out), out.end(),
                       [](const Correction& a, const Correction& b) { return a.begin < b.begin; });
    }
  };

  // Whole-word changes: a pinyin input method offers every word of the same syllables, and
  // picking the wrong one puts a real word in the wrong place (树脂评议 for 述职评议, 房价调休
  // for 放假调休) — no character of it is suspicious on its own. Tried for a two-character
  // word of the model's segmentation that official text does not vouch for: at least
  // word_unattested of its three character pairs (with the left neighbour, within, with the
  // right neighbour) unseen in the reports. Two single characters are not tried: in official
  // text they are mostly abbreviations (减污降碳, 倡俭治奢), and the word formed must not hold a
  // function character (与其, 建于), which an input method's word choice does not produce.
  std::map<std::tuple<size_t, char32_t, char32_t>, Confusion> words;  // (i, x, y)
  if (options_.word_unattested <= 3) {
    for (size_t i = 0; i + 1 < n; ++i) {
      if (!word_start[i] || !alterable[i] || !alterable[i + 1]) continue;
      int unattested = (i > 0 && !Attested(cps[i - 1], cps[i])) + !Attested(cps[i], cps[i + 1]) +
                       (i + 2 < n && !Attested(cps[i + 1], cps[i + 2]));
      if (unattested < options_.word_unattested) continue;
      const auto second = confusion_->List(cps[i + 1]);
      if (second.empty()) continue;
      for (const auto& [x, kind_x] : confusion_->List(cps[i])) {
        if (IsShape(kind_x) || kind_x == Confusion::kNearSound || kind_x == Confusion::kRareSound ||
            IsFunctionChar(x))
          continue;
        const char32_t open[2] = {x, kOpen};
        for (char32_t y : lexicon_.Fill(HashWord(open, 1))) {
          if (y == cps[i + 1] || IsFunctionChar(y)) continue;
          Confusion kind_y = ConfusionSet::KindIn(second, y);
          if (kind_y != Confusion::kSameTone && kind_y != Confusion::kOtherTone) continue;
          const char32_t w[2] = {x, y};
          const LexEntry* e = lexicon_.Find(HashWord(w));
          if (!e || !(e->flags & LexEntry::kTarget)) continue;
          Confusion kind = kind_x == Confusion::kOtherTone ? kind_x : kind_y;
          words.emplace(std::make_tuple(i, x, y), kind);
        }
      }
    }
  }
  // Real-word changes: a slip that leaves a real word (权利机关 for 权力机关, 截止昨日 for 截至
  // 昨日, 重要结点 for 重要节点) puts no suspicious token in the text, so the loops above never
  // see it. A two-character word of the model is tried with one character replaced by a
  // same-sound or close-shape one that forms another model word, where the word and its
  // neighbour on that side are not attested together in official text (a term or fragment of
  // the reports, or a model word: 要结合 vouches for 要结, not for 要结点; a mere pair of
  // characters says too little, 利机 of 有利机遇 would vouch for 权利机关): there the context
  // disagrees with the word, and the model decides whether it agrees with the other one. Other
  // tones and shapes only a confusion list holds are left out: between two real words they are
  // mostly two meanings, not a slip.
  // Per change: the kind and how much likelier the other word is by itself (log10 unigram).
  std::map<std::pair<size_t, char32_t>, std::pair<Confusion, float>> real_words;
  if (std::isfinite(options_.real_word_penalty)) {
    for (const Token& t : tokens) {
      if (t.len != 2 || !(t.flags & LexEntry::kLm) || (t.flags & LexEntry::kDomain)) continue;
      for (uint32_t k = t.start; k < t.start + 2; ++k) {
        if (!free[k]) continue;
        const bool first = k == t.start;
        if (first ? k == 0 : k + 1 >= n) continue;  // no outer neighbour: no context to disagree
        const size_t from = first ? k - 1 : t.start;
        const LexEntry* known = lexicon_.Find(HashWord({cps.data() + from, 3}));
        if (known && known->word()) continue;
        for (const auto& [x, kind] : confusion_->List(cps[k])) {
          if (kind != Confusion::kSameTone) continue;
          if (IsFunctionChar(x) || IsNumeral(x)) continue;
          char32_t w[2] = {cps[t.start], cps[t.start + 1]};
          w[k - t.start] = x;
          const LexEntry* e = lexicon_.Find(HashWord(w));
          if (!e || !(e->flags & LexEntry::kLm)) continue;
          real_words.emplace(std::make_pair(static_cast<size_t>(k), x),
                             std::make_pair(kind, e->score - t.score));
        }
      }
    }
  }
  // Listed real-word pairs: the list says which words are written for each other, so no
  // neighbour has to disagree first; the model compares the two in their context.
  // Per change (i, x, y: y the second character when both differ): the kind and the prior.
  std::map<std::tuple<size_t, char32_t, char32_t>, std::pair<Confusion, float>> listed;
  if (std::isfinite(options_.pair_penalty) && !partners_.empty()) {
    for (const Token& t : tokens) {
      if (t.len != 2 || !(t.flags & LexEntry::kLm)) continue;
      const size_t i = t.start;
      if (!free[i] || !free[i + 1]) continue;
      const uint32_t* index = pair_index_.Find(HashWord({cps.data() + i, 2}));
      if (!index) continue;
      for (const auto& partner : partners_[*index]) {
        const LexEntry* e = lexicon_.Find(HashWord(partner));
        if (!e || !(e->flags & LexEntry::kLm)) continue;
        const bool first = partner[0] != cps[i], second = partner[1] != cps[i + 1];
        const size_t at = first ? i : i + 1;
        Confusion kind = first && second ? Confusion::kSameTone
                                         : confusion_->Kind(cps[at], partner[first ? 0 : 1]);
        // The list vouches for the pair: no kind's penalty (a near sound's neither).
        if (kind == Confusion::kNone || kind == Confusion::kNearSound ||
            kind == Confusion::kRareSound || kind == Confusion::kNeighbourShape)
          kind = Confusion::kSameTone;
        listed.emplace(
            std::make_tuple(at, partner[first ? 0 : 1], first && second ? partner[1] : char32_t{0}),
            std::make_pair(kind, e->score - t.score));
      }
    }
  }
  // Swapped characters: two neighbours typed in the wrong order (坏败 for 败坏, 不来及 for 来不及,
  // 双炮响 for 双响炮). No character is wrong by itself, so no list of confusable characters
  // holds the slip. Tried where the written pair is neither a word nor attested together in
  // official text nor inside a longer word, and the swapped pair forms a word of the model
  // (alone or with a neighbour); the model then compares the two orders in context.
  std::set<size_t> swaps;  // positions i: swap i and i + 1
  if (std::isfinite(options_.swap_penalty)) {
    for (size_t i = 0; i + 1 < n; ++i) {
      if (!free[i] || !free[i + 1] || cps[i] == cps[i + 1]) continue;
      if ((covered[i] | covered[i + 1]) & kCoveredStrongly) continue;
      if (Attested(cps[i], cps[i + 1])) continue;
      // The swapped stretch: the longest model word of two to four characters holding both
      // positions.
      size_t formed = 0;
      for (size_t a = i >= 2 ? i - 2 : 0; a <= i; ++a) {
        for (size_t len = std::max<size_t>(2, i + 2 - a); len <= 4 && a + len <= n; ++len) {
          char32_t w[4];
          for (size_t k = 0; k < len; ++k) w[k] = cps[a + k];
          std::swap(w[i - a], w[i + 1 - a]);
          const LexEntry* e = lexicon_.Find(HashWord({w, len}));
          if (e && (e->flags & LexEntry::kLm) && (e->flags & LexEntry::kTarget))
            formed = std::max(formed, len);
        }
      }
      // Only a swap that completes a word of three or more characters (来不及, 双响炮, 丢不了):
      // two characters swapped into a two-character word are as often a given name (郝丽艳 for
      // 艳丽, 乐韶凤 for 韶乐) or a place (十二吐乡西山根村) as a slip, and the model cannot
      // tell them apart. Nor two characters of a transliterated name.
      if (formed >= 3 && !(kTransliteration.Has(cps[i]) && kTransliteration.Has(cps[i + 1])))
        swaps.insert(i);
    }
  }
  if (!any && words.empty() && real_words.empty() && listed.empty() && swaps.empty())
    return finish();

  // Candidate changes (position, character) that form a known word with a suspicious token.
  // `broken`: changes of a lone common or attested character (DetectorOptions::broken_penalty).
  std::map<std::pair<size_t, char32_t>, Confusion> candidates, broken;
  // Per position: the confusion list where a change may be tried (empty elsewhere), looked up
  // once.
  std::vector<std::span<const std::pair<char32_t, Confusion>>> confusable(n);
  for (size_t k = 0; k < n; ++k) {
    if (changeable[k] || lone[k]) confusable[k] = confusion_->List(cps[k]);
  }
  // Each window of 2..kMaxOpenWord characters that holds a suspicious position, once (this
  // loop is the check's hot spot). `next`: the first suspicious position from `a` on.
  for (size_t a = n, next = n; a-- > 0;) {
    if (suspicious[a]) next = a;
    const size_t first_len = std::max<size_t>(2, next - a + 1);
    for (size_t len = first_len; len <= Lexicon::kMaxOpenWord && a + len <= n; ++len) {
      std::span<const char32_t> window(cps.data() + a, len);
      bool window_looked_up = false, window_domain = false;
      float written_count = kNegInf;
      for (size_t j = 0; j < len; ++j) {
        const size_t i = a + j;
        if (confusable[i].empty()) continue;
        const bool lone_only = !changeable[i];
        ForEachCommon(
            lexicon_.Fill(HashWord(window, j)), confusable[i], [&](char32_t x, Confusion kind) {
              if (x == cps[i] || kind == Confusion::kNone) return true;
              if (kind == Confusion::kNearSound && !try_near) return true;
              if (kind == Confusion::kRareSound && !try_rare) return true;
              // Only a longer word or a common two-character word can take a shape neighbour
              // (see `consider`): other fills are not scored for it.
              if (kind == Confusion::kNeighbourShape) {
                if (!try_neighbour || len < 2) return true;
                if (len == 2) {
                  const char32_t w[2] = {j == 0 ? x : window[0], j == 1 ? x : window[1]};
                  if (!try_neighbour_word || !NeighbourWord(window, w)) return true;
                }
              }
              if (!lone_only) {
                candidates.emplace(std::make_pair(i, x), kind);
                return true;
              }
              // Numerals and function characters make words of any neighbours (三提五统 is
              // no 三十五), as in the real-word changes.
              if (IsNumeral(x) || IsFunctionChar(x)) return true;
              // A broken word: the stretch as written is no word of the domain list, and the
              // dictionary has it (if at all) far less often than the word the change forms.
              // Looked up once per window, and only for a window some change makes a word of.
              if (!window_looked_up) {
                window_looked_up = true;
                const LexEntry* written = lexicon_.Find(HashWord(window));
                // A stretch the reports only protect (步代 of 逐步代替) may itself be the slip.
                window_domain = written && written->word() &&
                                (written->flags & LexEntry::kDomain) &&
                                !ProtectOnly(written->flags);
                const float* f = frequency_->LogCount(HashWord(window));
                written_count = f ? *f : kNegInf;
              }
              if (window_domain) return false;
              char32_t w[Lexicon::kMaxOpenWord];
              std::copy(window.begin(), window.end(), w);
              w[j] = x;
              const LexEntry* e = lexicon_.Find(HashWord({w, len}));
              if (!e || !(e->flags & LexEntry::kLm) || e->score < options_.broken_word_score)
                return true;
              const float* count = frequency_->LogCount(HashWord({w, len}));
              if (count && *count - written_count >= options_.broken_margin)
                broken.emplace(std::make_pair(i, x), kind);
              return true;
            });
      }
    }
  }
  if (candidates.empty() && broken.empty() && words.empty() && real_words.empty() &&
      listed.empty() && swaps.empty())
    return finish();

  // Score each candidate on a short window, with and without the change, then weigh the
  // gain with what the model does not see (Confidence).
  struct Best {
    float confidence = kNegInf;
    Confusion kind = Confusion::kNone;
    char32_t replacement = 0, second = 0;  // second: the next character too (a word change)
    size_t word_begin = 0, word_end = 0;   // the corrected word, as positions in cps
    bool broken = false, listed = false, swapped = false;
  };
  std::map<size_t, Best> best;
  // Per (position, width of the change): model, frequency dictionary.
  std::map<std::pair<size_t, size_t>, std::pair<float, float>> original_score;
  std::vector<char32_t> window;
  std::vector<Token> window_tokens;
  const size_t ctx = static_cast<size_t>(options_.context);
  // `prior`: for a real-word change, the gain the other word has by itself, without context.
  auto consider = [&](size_t i, char32_t x, char32_t y, Confusion kind, bool real_word, float prior,
                      bool lone_change, bool listed_pair = false, bool swap = false) {
    size_t width = y ? 2 : 1;
    size_t b = i >= ctx ? i - ctx : 0;
    size_t e = std::min(n, i + width + ctx);
    window.assign(cps.begin() + b, cps.begin() + e);
    auto found = original_score.find({i, width});
    if (found == original_score.end()) {
      found = original_score
                  .emplace(std::make_pair(i, width),
                           std::make_pair(Score(window.data(), window.size(), window_tokens),
                                          FrequencyScore(window.data(), window.size())))
                  .first;
    }
    window[i - b] = x;
    if (y) window[i + 1 - b] = y;
    float changed = Score(window.data(), window.size(), window_tokens);
    // The change must end up inside a word of two or more characters.
    const Token* covering = nullptr;
    for (const Token& t : window_tokens) {
      if (t.start <= i - b && i + width - b <= t.start + t.len) covering = &t;
    }
    if (!covering || covering->len < 2) return;
    // A loose shape (the same body under another radical) says too little on its own: 禁烧 is
    // no slip for 焚烧. It must complete a longer word (党姐织 → 党组织, 畜枚业 → 畜牧业).
    // So does a rarer character of the same sound: 丝 has a namesake 蛳 in 螺蛳粉, not in 丝绸.
    // A shape neighbour (损/捐) even more so: most characters have several. But a common
    // two-character word in place of a pair the dictionary barely knows (捐款 for 损款) is as
    // strong a sign, at a price.
    bool short_neighbour = false;
    if (kind == Confusion::kNeighbourShape && covering->len == 2) {
      short_neighbour = std::isfinite(options_.neighbour_word_penalty) &&
                        NeighbourWord({cps.data() + b + covering->start, 2},
                                      {window.data() + covering->start, 2});
      if (!short_neighbour) return;
    }
    if ((kind == Confusion::kLooseShape || kind == Confusion::kRareSound) && covering->len < 3)
      return;
    float gain = changed - found->second.first;
    if (gain <= 0) return;
    Features f;
    f.gain = gain;
    f.kind = kind;
    f.frequency_gain = FrequencyScore(window.data(), window.size()) - found->second.second;
    f.short_neighbour = short_neighbour;
    // Between two real words only the context is evidence: that one word is commoner than the
    // other (停止 than 停征, 社区 than 设区) says nothing about this text. The gain the model
    // gives the other word by itself is taken off, and the unigram second opinion left out.
    if (real_word) {
      f.gain -= std::max(prior, 0.0f);
      f.frequency_gain = 0;
    }
    f.run_edge = i == 0 || i + width == n;
    // At a closed edge the written stretch that the corrected word covers ends there, so it
    // must be a word by itself: where the dictionary says it is none, the missing context
    // beyond the edge has nothing to add.
    if (f.run_edge && !std::isnan(options_.edge_word_penalty)) {
      const size_t from = b + covering->start, to = from + covering->len;
      const bool at_edge =
          (i == 0 && from == 0 && closed_start) || (i + width == n && to == n && closed_end);
      if (at_edge && covering->len <= kMaxFrequencyWord) {
        const float* written = frequency_->LogCount(HashWord({cps.data() + from, covering->len}));
        const float* formed =
            frequency_->LogCount(HashWord({window.data() + covering->start, covering->len}));
        f.closed_edge = formed && (!written || *formed - *written >= options_.edge_word_margin);
      }
    }
    // A real-word change always makes an attested pair inside its word, and the pair outside
    // was looked at when it was chosen.
    // A broken-word change was chosen whatever its pairs: broken_penalty stands for them.
    f.attested = !real_word && !lone_change &&
                 ((i > 0 && Attested(cps[i - 1], cps[i])) ||
                  (i + width < n && Attested(cps[i + width - 1], cps[i + width])));
    f.word_length = covering->len;
    f.word_change = y != 0 && !swap;
    f.swapped = swap;
    f.real_word = real_word && !listed_pair;
    f.listed = listed_pair;
    f.broken = lone_change;
    if (y && !swap && options_.pair_evidence_weight != 0) {
      const char32_t written[2] = {cps[i], cps[i + 1]}, formed[2] = {x, y};
      const float* wc = frequency_->LogCount(HashWord(written));
      const float* fc = frequency_->LogCount(HashWord(formed));
      if (wc && fc && *wc >= options_.pair_evidence_count && *fc >= options_.pair_evidence_count) {
        if (i > 0) f.pair_evidence += Attested(cps[i - 1], x) - Attested(cps[i - 1], cps[i]);
        if (i + 2 < n)
          f.pair_evidence += Attested(y, cps[i + 2]) - Attested(cps[i + 1], cps[i + 2]);
      }
    }
    float confidence = Confidence(f);
    if (debug_) {  // one line per candidate (kind + 10: real-word, + 20: broken word)
      std::string run, xs;
      for (char32_t c : cps) utf8::Append(run, c);
      utf8::Append(xs, x);
      if (y) utf8::Append(xs, y);
      std::fprintf(stderr, "DBG\t%s\t%zu\t%s\t%d\t%.3f\t%.3f\t%d\t%d\t%u\t%zu\t%.3f\n", run.c_str(),
                   i, xs.c_str(),
                   static_cast<int>(kind) + (listed_pair   ? 30
                                             : real_word   ? 10
                                             : lone_change ? 20
                                                           : 0),
                   gain, f.frequency_gain, f.run_edge, f.attested, covering->len,
                   b + covering->start, confidence);
    }
    Best& bst = best[i];
    // Of two shapes for one character, the one the component data confirms wins once it is
    // confident enough by itself: the model prefers the commoner word (托付 for 拔付), the eye
    // slipped between the closer shapes (拨付).
    const bool closer = kind == Confusion::kCloseShape && bst.kind == Confusion::kShape;
    const bool farther = kind == Confusion::kShape && bst.kind == Confusion::kCloseShape;
    const bool confident = confidence >= options_.min_confidence;
    const bool best_confident = bst.confidence >= options_.min_confidence;
    if ((closer && confident) || (!(farther && best_confident) && confidence > bst.confidence)) {
      bst.kind = kind;
      bst.confidence = confidence;
      bst.replacement = x;
      bst.second = y;
      bst.word_begin = b + covering->start;
      bst.word_end = b + covering->start + covering->len;
      bst.broken = lone_change;
      bst.listed = listed_pair;
      bst.swapped = swap;
    }
  };
  for (const auto& [key, kind] : candidates)
    consider(key.first, key.second, 0, kind, false, 0, false);
  for (const auto& [key, kind] : words)
    consider(std::get<0>(key), std::get<1>(key), std::get<2>(key), kind, false, 0, false);
  for (const auto& [key, real] : real_words) {
    if (!candidates.count(key))
      consider(key.first, key.second, 0, real.first, true, real.second, false);
  }
  for (const auto& [key, pair] : listed) {
    consider(std::get<0>(key), std::get<1>(key), std::get<2>(key), pair.first, true, pair.second,
             false, true);
  }
  for (size_t i : swaps)
    consider(i, cps[i + 1], cps[i], Confusion::kSameTone, false, 0, false, false, true);
  for (const auto& [key, kind] : broken) {
    if (!real_words.count(key)) consider(key.first, key.second, 0, kind, false, 0, true);
  }
  // Neighbouring or overlapping changes explaining the same broken word: keep the stronger.
  std::vector<std::pair<size_t, const Best*>> kept;
  auto last = [](const std::pair<size_t, const Best*>& k) {
    return k.first + (k.second->second ? 1 : 0);
  };
  for (const auto& [i, bst] : best) {
    if (bst.confidence < options_.min_confidence) continue;
    if (!kept.empty() && last(kept.back()) + 1 >= i) {
      if (kept.back().second->confidence >= bst.confidence) continue;
      kept.pop_back();
    }
    kept.push_back({i, &bst});
  }
  for (const auto& [i, bst] : kept) {
    size_t width = bst->second ? 2 : 1;
    Correction c;
    c.begin = offsets[i];
    c.end = offsets[i + width];
    utf8::Append(c.replacement, bst->replacement);
    if (bst->second) utf8::Append(c.replacement, bst->second);
    for (size_t k = bst->word_begin; k < bst->word_end; ++k) {
      char32_t ch = cps[k];
      if (k == i) ch = bst->replacement;
      if (bst->second && k == i + 1) ch = bst->second;
      utf8::Append(c.word, ch);
    }
    c.word_begin = offsets[bst->word_begin];
    c.word_end = offsets[bst->word_end];
    c.confidence = bst->confidence;
    c.broken = bst->broken;
    c.listed = bst->listed;
    c.swapped = bst->swapped;
    out.push_back(std::move(c));
  }
  finish();
}

bool Detector::CommonWord(std::span<const char32_t> word) const {
  const float* f = frequency_->LogCount(HashWord(word));
  return f && *f >= kLoneWordMaxLogCount;
}

bool Detector::NeighbourWord(std::span<const char32_t> written,
                             std::span<const char32_t> formed) const {
  const LexEntry* e = lexicon_.Find(HashWord(formed));
  if (!e || !(e->flags & LexEntry::kLm) || e->score < options_.neighbour_word) return false;
  const LexEntry* w = lexicon_.Find(HashWord(written));
  if (w && w->word()) return false;
  const float* f = frequency_->LogCount(HashWord(formed));
  const float* c = frequency_->LogCount(HashWord(written));
  return f && (!c || *f - *c >= options_.neighbour_margin);
}

float Detector::FrequencyScore(const char32_t* cps, size_t n) const {
  float best[2 * kMaxContext + 2];
  best[0] = 0;
  for (size_t k = 1; k <= n; ++k) best[k] = kNegInf;
  for (size_t i = 0; i < n; ++i) {
    uint64_t h = HashStart();
    for (size_t len = 1; len <= kMaxFrequencyWord && i + len <= n; ++len) {
      h = HashNext(h, cps[i + len - 1]);
      const float* f = frequency_->LogCount(HashKey(h));
      if (!f && len > 1) continue;
      float s = best[i] + (f ? *f : frequency_unknown_) - frequency_total_;
      if (s > best[i + len]) best[i + len] = s;
    }
  }
  return best[n];
}

float Detector::Confidence(const Features& f) const {
  const DetectorOptions& o = options_;
  float c = f.gain + o.frequency_weight * f.frequency_gain;
  if (f.kind == Confusion::kOtherTone) c -= o.other_tone_penalty;
  if (IsShape(f.kind)) c -= o.shape_penalty;
  if (f.kind == Confusion::kNearSound) c -= o.near_sound_penalty;
  if (f.kind == Confusion::kRareSound) c -= o.rare_sound_penalty;
  if (f.kind == Confusion::kNeighbourShape) c -= o.neighbour_shape_penalty;
  if (f.short_neighbour) c -= o.neighbour_word_penalty;
  if (f.run_edge) c -= f.closed_edge ? o.edge_word_penalty : o.edge_penalty;
  if (f.attested) c -= o.attested_penalty;
  if (f.word_length >= 3) c += o.long_word_bonus;
  if (f.word_change) c -= o.word_penalty;
  if (f.real_word) c -= o.real_word_penalty;
  if (f.broken) c -= o.broken_penalty;
  if (f.swapped) c -= o.swap_penalty;
  if (f.inserted) c -= o.insert_penalty;
  if (f.deleted) c -= o.delete_penalty;
  if (f.listed) c -= o.pair_penalty;
  c += o.pair_evidence_weight * static_cast<float>(f.pair_evidence);
  return c;
}

}  // namespace cuomin::scanner::lm
