// Dropped and extra characters (有限公承建 for 有限公司承建, 各级红十字要 for 红十字会要,
// 南南方周末 for 南方周末). No character is wrong, so no confusion list holds the slip, and the
// text's length changes, so the one-for-one scoring of detector.cc does not apply. Looked for where
// a written pair is unattested in official text and inside no longer word (the seam the slip
// leaves), and only edits that complete a model word of three or more characters are scored: one
// character more or less makes a two-character word of almost any neighbours.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <tuple>
#include <utility>

#include "common/utf8.h"
#include "scanner/rules/context_typo/char_set.h"
#include "scanner/rules/context_typo/detector.h"

namespace cuomin::scanner::lm {
namespace {

constexpr size_t kMinFormed = 3;  // an edit must complete a model word this long
constexpr size_t kMaxFormed = 6;  // longest word looked up for a deletion
// A word of the general dictionary counted this often (log10) may be completed by an edit.
constexpr float kMinWordLogCount = WordFrequency::kCommonLogCount;
constexpr uint8_t kCoveredStrongly = 1;  // Segment's mark: inside a model word of 3+ characters

// insert != 0: `insert` put between cps[at] and cps[at + 1]; else cps[at] taken out.
struct Edit {
  size_t at;
  char32_t insert;
  bool operator<(const Edit& o) const { return std::tie(at, insert) < std::tie(o.at, o.insert); }
};

}  // namespace

bool Detector::InsideWord(const std::vector<char32_t>& cps, size_t i) const {
  const size_t n = cps.size();
  for (size_t a = i + 2 > Lexicon::kMaxWord ? i + 2 - Lexicon::kMaxWord : 0; a <= i; ++a) {
    uint64_t h = HashStart();
    for (size_t len = 1; len <= Lexicon::kMaxWord && a + len <= n; ++len) {
      h = HashNext(h, cps[a + len - 1]);
      const LexEntry* e = lexicon_.Find(HashKey(h));
      if (!e) break;
      if (len >= 2 && a + len >= i + 2 && e->word()) return true;
      if (!(e->flags & LexEntry::kPrefix)) break;
    }
  }
  return false;
}

void Detector::BuildGapIndex() {
  // Every model word of kMinFormed..kMaxFormed characters and every common word of the general
  // dictionary (formed_word below); a word filed too many costs a lookup, one missing a finding.
  std::vector<char32_t> chars;  // the model's words, one after another
  std::vector<uint32_t> ends;
  std::vector<char32_t> cps;
  for (const std::string& w : model_->Vocabulary()) {
    if (w.size() < kMinFormed || w[0] == '<') continue;  // <unk>, <s>, </s>
    cps.clear();
    for (size_t p = 0; p < w.size() && cps.size() <= kMaxFormed;) cps.push_back(utf8::Next(w, p));
    if (cps.size() < kMinFormed || cps.size() > kMaxFormed) continue;
    chars.insert(chars.end(), cps.begin(), cps.end());
    ends.push_back(static_cast<uint32_t>(chars.size()));
  }
  // A word is filed under as many stretches as it has characters, some of them shared.
  size_t entries = chars.size();
  for (size_t k = 0; k < frequency_->common_words(); ++k)
    entries += frequency_->common_word(k).size();
  gaps_.Reserve(entries);
  for (size_t k = 0; k < ends.size(); ++k) {
    const uint32_t begin = k ? ends[k - 1] : 0;
    gaps_.Add({chars.data() + begin, ends[k] - begin});
  }
  for (size_t k = 0; k < frequency_->common_words(); ++k) {
    const std::span<const char32_t> w = frequency_->common_word(k);
    if (w.size() <= std::min(kMaxFormed, kMaxFrequencyWord)) gaps_.Add(w);
  }
}

void Detector::DetectGaps(const std::vector<char32_t>& cps, const std::vector<size_t>& offsets,
                          std::span<const uint8_t> usable, const std::vector<uint8_t>& covered,
                          const std::vector<uint8_t>& changed, std::vector<Correction>& out) const {
  const size_t n = cps.size();
  const bool try_insert = std::isfinite(options_.insert_penalty);
  const bool try_delete = std::isfinite(options_.delete_penalty);
  auto near_change = [&](size_t lo, size_t hi) {
    for (size_t k = lo; k <= hi && k < n; ++k)
      if (changed[k]) return true;
    return false;
  };
  // A word an edit may complete: a model word, or a word the general dictionary counts often
  // (有限公司 and 红十字会 are two words to the model, one to jieba).
  auto formed_word = [&](std::span<const char32_t> w) {
    const LexEntry* e = lexicon_.Find(HashWord(w));
    if (e && (e->flags & LexEntry::kLm) && (e->flags & LexEntry::kTarget)) return true;
    const float* count =
        w.size() <= kMaxFrequencyWord ? frequency_->LogCount(HashWord(w)) : nullptr;
    return count && *count >= kMinWordLogCount;
  };
  // The longest word of kMinFormed.. characters of `text` holding positions lo..hi; 0: none.
  auto longest = [&](std::span<const char32_t> text, size_t lo, size_t hi, size_t& start) {
    size_t best = 0;
    for (size_t len = kMaxFormed; len >= kMinFormed && !best; --len) {
      if (len < hi - lo + 1 || len > text.size()) continue;
      for (size_t s = hi + 1 >= len ? hi + 1 - len : 0; s <= lo && s + len <= text.size(); ++s) {
        if (formed_word(text.subspan(s, len))) {
          best = len;
          start = s;
          break;
        }
      }
    }
    return best;
  };
  std::map<Edit, std::pair<size_t, size_t>> edits;  // -> the word formed (start, length), edited
  std::vector<char32_t> fills;
  // The written characters a word of kMaxFormed holding the edit can reach, edited: copying
  // the whole run for every candidate made long paragraphs quadratic.
  char32_t reach[2 * kMaxFormed + 1];
  for (size_t i = 0; i + 1 < n; ++i) {
    if (cps[i] != cps[i + 1]) {
      // A character dropped between i and i + 1, one that continues the left neighbour or
      // leads the right one into a word: the word formed holds it and two or more written
      // characters (有限公司 of 有限公承建).
      if (!try_insert || !usable[i] || !usable[i + 1]) continue;
      // Not beside a transliterated name (皮特凯恩岛 and 皮特凯恩群岛 are both names).
      if ((i > 0 && kTransliteration.Has(cps[i - 1]) && kTransliteration.Has(cps[i])) ||
          (i + 2 < n && kTransliteration.Has(cps[i + 1]) && kTransliteration.Has(cps[i + 2])))
        continue;
      // Cheapest first: most written pairs are attested, and most other gaps can complete no
      // word at all.
      if (Attested(cps[i], cps[i + 1])) continue;
      fills.clear();
      gaps_.Candidates(i > 0 ? cps[i - 1] : 0, cps[i], cps[i + 1], i + 2 < n ? cps[i + 2] : 0,
                       fills);
      if (fills.empty()) continue;
      if (InsideWord(cps, i) || near_change(i > 0 ? i - 1 : 0, i + 2)) continue;
      std::sort(fills.begin(), fills.end());
      fills.erase(std::unique(fills.begin(), fills.end()), fills.end());
      // The new character makes a two-character word with a neighbour.
      const char32_t left[2] = {cps[i], kOpen}, right[2] = {kOpen, cps[i + 1]};
      const std::span<const char32_t> after = lexicon_.Fill(HashWord(left, 1));
      const std::span<const char32_t> before = lexicon_.Fill(HashWord(right, 0));
      const size_t wb = i + 2 >= kMaxFormed ? i + 2 - kMaxFormed : 0;
      const size_t we = std::min(n, i + kMaxFormed);
      const size_t put = i + 1 - wb;  // the new character's place in `reach`
      std::copy(cps.begin() + static_cast<std::ptrdiff_t>(wb),
                cps.begin() + static_cast<std::ptrdiff_t>(i + 1), reach);
      std::copy(cps.begin() + static_cast<std::ptrdiff_t>(i + 1),
                cps.begin() + static_cast<std::ptrdiff_t>(we), reach + put + 1);
      for (char32_t x : fills) {
        if (IsFunctionChar(x) || IsNumeral(x)) continue;
        if (!std::binary_search(after.begin(), after.end(), x) &&
            !std::binary_search(before.begin(), before.end(), x))
          continue;
        reach[put] = x;
        size_t start = 0;
        const size_t len = longest({reach, we - wb + 1}, put, put, start);
        if (!len) continue;
        start += wb;
        bool ok = true;
        for (size_t p = start; p < start + len; ++p)
          if (p != i + 1) ok = ok && usable[p < i + 1 ? p : p - 1];
        if (ok) edits.emplace(Edit{i, x}, std::make_pair(start, len));
      }
      continue;
    }
    // A character written twice (南南方周末): taking the second out joins the first to what
    // follows into a word (南方周末), where no longer word holds the first already (南南合作,
    // 人人有责) and the first does not end a word of its left neighbour. Only a doubled one: taking
    // out any other character that stands in the way of a word (希望工程损款 → 工程款) mostly hides
    // a wrong character (捐款), not an extra one.
    if (!try_delete || i + 2 >= n) continue;
    if (!usable[i] || !usable[i + 2] || (covered[i] & kCoveredStrongly)) continue;
    // The first may close a word or a name (积极应对对外开放, 高村村委会, 兴蒙蒙古族乡: 89,608
    // place names gave 29 such false alarms): only where nothing before it can, at the start
    // of the run or after a function character.
    if (i > 0 && !IsFunctionChar(cps[i - 1])) continue;
    if (near_change(i > 0 ? i - 1 : 0, i + 2)) continue;
    // As above, only the characters a word holding i and i + 2 can reach, the second taken out.
    const size_t db = i + 1 >= kMaxFormed ? i + 1 - kMaxFormed : 0;
    const size_t de = std::min(n, i + 1 + kMaxFormed);
    std::copy(cps.begin() + static_cast<std::ptrdiff_t>(db),
              cps.begin() + static_cast<std::ptrdiff_t>(i + 1), reach);
    std::copy(cps.begin() + static_cast<std::ptrdiff_t>(i + 2),
              cps.begin() + static_cast<std::ptrdiff_t>(de), reach + (i + 1 - db));
    size_t start = 0;
    const size_t len = longest({reach, de - db - 1}, i - db, i + 1 - db, start);
    start += db;
    bool ok = len > 0;
    for (size_t p = start; ok && p < start + len; ++p) ok = usable[p <= i ? p : p + 1];
    if (ok) edits.emplace(Edit{i + 1, 0}, std::make_pair(start, len));
  }
  if (edits.empty()) return;

  // Each edit scored on a window around it, with the edit and without; the model scores texts
  // of different lengths, which the two penalties make up for.
  struct Found {
    float confidence;
    Edit edit;
    size_t word_begin, word_end;  // the word formed, edited text
  };
  std::vector<Found> found;
  const size_t ctx = static_cast<size_t>(options_.context);
  std::vector<char32_t> window, edited;
  std::vector<Token> tokens;
  for (const auto& [ed, word] : edits) {
    // At most 2 * ctx written characters, so the edited window fits FrequencyScore.
    const size_t b = ed.at + 1 >= ctx ? ed.at + 1 - ctx : 0;
    const size_t e = std::min(n, ed.at + 1 + ctx);
    window.assign(cps.begin() + static_cast<std::ptrdiff_t>(b),
                  cps.begin() + static_cast<std::ptrdiff_t>(e));
    edited = window;
    const size_t local = ed.at - b;
    if (ed.insert) {
      edited.insert(edited.begin() + static_cast<std::ptrdiff_t>(local + 1), ed.insert);
    } else {
      edited.erase(edited.begin() + static_cast<std::ptrdiff_t>(local));
    }
    const float original = Score(window.data(), window.size(), tokens);
    const float gain = Score(edited.data(), edited.size(), tokens) - original;
    if (gain <= 0) continue;
    // A rare character left alone where the word formed begins or ends with the new
    // character (进行抛剖腹产) says the slip was a wrong character there (剖腹产), not a
    // missing one.
    const size_t wb = word.first - b, we = word.first + word.second - b;  // edited window
    const size_t put = local + 1;                                         // the new character
    bool orphan = false;
    for (const Token& t : tokens) {
      const bool beside =
          ed.insert && ((wb == put && t.start + 1 == wb) || (we == put + 1 && t.start == we));
      if (!beside || t.len != 1) continue;
      orphan |= !IsFunctionChar(edited[t.start]) &&
                (t.flags == 0 || t.score < options_.common_char_score);
    }
    if (orphan) continue;
    Features f;
    f.gain = gain;
    f.frequency_gain =
        FrequencyScore(edited.data(), edited.size()) - FrequencyScore(window.data(), window.size());
    f.word_length = static_cast<uint32_t>(word.second);
    f.inserted = ed.insert != 0;
    f.deleted = ed.insert == 0;
    const float confidence = Confidence(f);
    if (debug_) {  // as detector.cc's lines; kind 40: a character put in, 41: one taken out
      std::string run, xs;
      for (char32_t c : cps) utf8::Append(run, c);
      if (ed.insert) utf8::Append(xs, ed.insert);
      std::fprintf(stderr, "DBG\t%s\t%zu\t%s\t%d\t%.3f\t%.3f\t0\t0\t%zu\t%zu\t%.3f\n", run.c_str(),
                   ed.at, xs.c_str(), ed.insert ? 40 : 41, gain, f.frequency_gain, word.second,
                   word.first, confidence);
    }
    if (confidence < options_.min_confidence) continue;
    found.push_back({confidence, ed, word.first, word.first + word.second});
  }
  // Edits close together explain the same seam: keep the strongest.
  std::sort(found.begin(), found.end(),
            [](const Found& x, const Found& y) { return x.confidence > y.confidence; });
  std::vector<size_t> taken;
  for (const Found& fd : found) {
    const size_t at = fd.edit.at;
    if (std::any_of(taken.begin(), taken.end(),
                    [&](size_t t) { return t + 2 >= at && at + 2 >= t; }))
      continue;
    taken.push_back(at);
    Correction c;
    c.confidence = fd.confidence;
    if (fd.edit.insert) {
      c.inserted = true;
      c.begin = offsets[at];
      c.end = offsets[at + 1];
      utf8::Append(c.replacement, cps[at]);
      utf8::Append(c.replacement, fd.edit.insert);
      // Edited positions after the new one are written one earlier.
      c.word_begin = offsets[fd.word_begin];
      c.word_end = offsets[fd.word_end - 1];
      for (size_t p = fd.word_begin; p < fd.word_end; ++p)
        utf8::Append(c.word, p < at + 1 ? cps[p] : p == at + 1 ? fd.edit.insert : cps[p - 1]);
    } else {
      c.deleted = true;
      c.begin = offsets[at - 1];
      c.end = offsets[at + 1];
      utf8::Append(c.replacement, cps[at - 1]);
      // Edited positions from the removed one on are written one later.
      c.word_begin = offsets[fd.word_begin];
      c.word_end = offsets[fd.word_end + 1];
      for (size_t p = fd.word_begin; p < fd.word_end; ++p)
        utf8::Append(c.word, cps[p < at ? p : p + 1]);
    }
    out.push_back(std::move(c));
  }
}

}  // namespace cuomin::scanner::lm
