// canonical and person_title: the serious-wrong-expression checks.
//
// canonical: finds strings within one character of a canonical form (a confusable character
// substituted, an interior character omitted, a Han character inserted) without listing the
// corruptions: variants are generated from the forms and a confusion set when the rule loads.
// Longer forms (approx_min_length letters, default 6) are matched approximately instead
// (near_miss.h): any character replaced, dropped or inserted, two adjacent ones swapped, up to
// two edits in forms of two_edits_min_length (10) letters or more, punctuation ignored.
// person_title: a leader's name next to a title that belongs to somebody else.
#include <algorithm>
#include <bitset>
#include <cmath>
#include <map>
#include <optional>
#include <ranges>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "common/utf8.h"
#include "scanner/rules/context_typo/word_frequency.h"
#include "scanner/rules/former_names.h"
#include "scanner/rules/near_miss.h"
#include "scanner/rules/office_terms.h"
#include "scanner/rules/types.h"
#include "scanner/rules/word_list_loading.h"
#include "scanner/shape/similar_shapes.h"

namespace cuomin::scanner::rules {
namespace {

std::vector<std::string> SplitChars(std::string_view s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    size_t start = i;
    utf8::Next(s, i);
    out.emplace_back(s.substr(start, i - start));
  }
  return out;
}

std::string Join(const std::vector<std::string>& chars, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) out += chars[i];
  return out;
}

bool Overlaps(size_t b1, size_t e1, size_t b2, size_t e2) { return b1 < e2 && b2 < e1; }

// The sentence around [begin, end): back and forward to its ends (。！？!? or a line's end), at
// most `reach` bytes each way.
std::string_view SentenceAround(std::string_view text, size_t begin, size_t end,
                                size_t reach = std::string_view::npos) {
  static constexpr std::u32string_view kEnds = U"。！？!?\n";
  size_t from = begin;
  while (from > 0 && begin - from < reach) {
    size_t k = from;
    if (kEnds.find(utf8::Prev(text, k)) != std::u32string_view::npos) break;
    from = k;
  }
  size_t to = end;
  while (to < text.size() && to - end < reach) {
    size_t k = to;
    if (kEnds.find(utf8::Next(text, k)) != std::u32string_view::npos) break;
    to = k;
  }
  return text.substr(from, to - from);
}

// Calls `pair` with each two adjacent letters of valid UTF-8 `s`, in order, until it returns
// false.
template <typename Fn>
void ForEachLetterPair(const std::string& s, Fn&& pair) {
  for (size_t a = 0, b = 0; a < s.size(); a = b) {
    utf8::Next(s, b);
    if (b >= s.size()) break;
    size_t c = b;
    utf8::Next(s, c);
    if (!pair(s.substr(a, c - a))) return;
  }
}

class CanonicalRule : public WordRule {
 public:
  // kContext: a name of list_context (see ListItems), matched to find lists of names.
  enum class Kind : uint8_t {
    kExact,
    kVariant,
    kPrefixAnchor,
    kSuffixAnchor,
    kApproxAnchor,
    kContext,
    kHeadDropped,   // the form less its first letter (drop_first: see MakeCanonicalRule)
    kContextAnchor  // a context name's first two letters (context_names: see ContextSlip)
  };
  // Insertions are found through two anchors per form instead of one word per insertion point:
  // a form of n characters with a character inserted before its k-th (1 <= k < n) keeps its
  // first p = (n + 2) / 2 characters intact when k >= p, and its last n - p + 1 when k < p.
  // Where the anchor matches, the text is compared with the form up to the first difference,
  // which is the inserted character. (One anchor per insertion point matched every correct
  // occurrence of a long form n - 1 times: 768,000 matches in the 50 MB benchmark corpus,
  // a fifth of the scan.)
  struct Entry {
    std::string word;  // what the automaton matches
    Kind kind;
    uint32_t form;  // index into forms_
    // kApproxAnchor: the anchor's letters in letters_[form], and the edits allowed.
    uint16_t anchor_begin = 0, anchor_end = 0;
    uint8_t max_edits = 0;
    bool no_indels = false;  // see NearMissOptions
    // The second edit is allowed only as a word slip: see IsWordSlip.
    bool word_slip_only = false;
  };

  CanonicalRule(RuleInfo info, std::vector<std::string> forms, std::vector<NearMissForm> letters,
                std::vector<Entry> entries, std::string insert_exclude,
                std::vector<std::u32string> interchangeable,
                std::unordered_set<uint64_t> confusable, std::u32string drop_exclude,
                std::unordered_set<uint64_t> common_words)
      : WordRule(std::move(info)),
        common_words_(std::move(common_words)),
        drop_exclude_(std::move(drop_exclude)),
        confusable_(std::move(confusable)),
        forms_(std::move(forms)),
        letters_(std::move(letters)),
        entries_(std::move(entries)),
        insert_exclude_(std::move(insert_exclude)),
        interchangeable_(std::move(interchangeable)) {
    for (size_t i = 0; i < insert_exclude_.size();) {
      insert_exclude32_.push_back(utf8::Next(insert_exclude_, i));
    }
    for (const std::string& f : forms_) max_form_bytes_ = std::max(max_form_bytes_, f.size());
    for (uint64_t k : confusable_) confusable_bits_.set(PairBit(k));
    for (uint64_t k : common_words_) common_word_bits_.set(PairBit(k));
    options_.interchangeable = &interchangeable_;
    options_.insert_exclude = insert_exclude32_;
    options_.drop_exclude = drop_exclude_;
    options_.outer_confusable = [this](char32_t right, char32_t wrong) {
      if (outer_any_) return true;
      return InPairs(confusable_, confusable_bits_, right, wrong);
    };
    if (!common_words_.empty()) {
      options_.common_word = [this](char32_t x, char32_t y) {
        return InPairs(common_words_, common_word_bits_, x, y);
      };
    }
  }

  void set_outer_any(bool v) { outer_any_ = v; }
  void set_fixed_letters(std::u32string letters) {
    fixed_letters_ = std::move(letters);
    options_.fixed_letters = fixed_letters_;
  }

  // Two edits in a formulation mostly make another formulation (法治体系 / 法律体系), except
  // a pinyin input method's slip of one word: two neighbouring letters replaced by two
  // characters of the same syllables, tones aside (敬业奉献 written 精液奉献).
  bool IsWordSlip(const std::u32string& form, std::string_view written) const {
    std::u32string w;
    for (size_t i = 0; i < written.size();) {
      const char32_t c = utf8::Next(written, i);
      if (!IsSeparator(c)) w.push_back(c);
    }
    if (w.size() != form.size()) return false;
    size_t first = form.size(), count = 0;
    for (size_t i = 0; i < form.size(); ++i) {
      if (w[i] == form[i]) continue;
      if (++count > 2) return false;
      if (first == form.size()) first = i;
      auto a = syllables_.find(w[i]), b = syllables_.find(form[i]);
      if (a == syllables_.end() || b == syllables_.end() || a->second != b->second) return false;
    }
    return count == 2 && first + 1 < form.size() && w[first + 1] != form[first + 1];
  }
  void set_intact_run(size_t n) { options_.intact_run = n; }
  // See NearMissOptions::any_word; looked up only for a replaced last letter, which is rare.
  // `min_log_count`: log10 of the least count that makes a word (the list's rarest are noise).
  void set_any_words(std::shared_ptr<const lm::WordFrequency> words, float min_log_count) {
    any_words_ = std::move(words);
    if (!any_words_) return;
    options_.any_word = [this, min_log_count](char32_t x, char32_t y) {
      const char32_t w[2] = {x, y};
      const float* log_count = any_words_->LogCount(lm::HashWord(w));
      return log_count && *log_count >= min_log_count;
    };
  }
  void set_outer_intact_run(size_t n) { options_.outer_intact_run = n; }
  void set_outer_exclude(std::u32string letters) {
    outer_exclude_ = std::move(letters);
    options_.outer_exclude = outer_exclude_;
  }
  void set_syllables(std::unordered_map<char32_t, uint32_t> s) { syllables_ = std::move(s); }

  void Words(const std::function<void(std::string_view, uint32_t)>& add) const override {
    for (uint32_t i = 0; i < entries_.size(); ++i) add(entries_[i].word, i);
  }

  void set_former_names(FormerNames names) { former_names_ = std::move(names); }
  void set_holders(OfficeTerms holders) { holders_ = std::move(holders); }

  void OnMatches(const WordContext& ctx, const std::vector<WordMatch>& matches,
                 std::vector<Hit>& out) const override {
    const size_t first = out.size();
    FindNearMisses(ctx, matches, out);
    if (former_names_.empty()) return;
    // A body's name before its reform, in a sentence of that time, is history (1990年，国家税务局
    // 发布通知), not a slip of today's name.
    auto historical = [&](const Hit& h) {
      return former_names_.InItsTime(ctx.text, SentenceAround(ctx.text, h.begin, h.end), h.begin,
                                     h.end);
    };
    out.erase(
        std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), historical),
        out.end());
  }

  // The near misses of the forms in the block, before former_names has its say.
  void FindNearMisses(const WordContext& ctx, const std::vector<WordMatch>& matches,
                      std::vector<Hit>& out) const {
    struct Exact {
      size_t begin, end;
      uint32_t form;
    };
    thread_local std::vector<Exact> exact;
    exact.clear();
    thread_local std::vector<std::pair<size_t, size_t>> names;  // list_context: [begin, end)
    names.clear();
    for (const WordMatch& m : matches) {
      const Entry& e = entries_[m.entry];
      if (e.kind == Kind::kExact) exact.push_back({m.begin, m.end, e.form});
      if (e.kind == Kind::kContext || (e.kind == Kind::kExact && name_forms_.count(e.form)))
        names.emplace_back(m.begin, m.end);
    }
    // Approximate matches are aligned before any is judged: a form written with spaces or
    // quotes inside (国务院总理　李克强, a full-width space between title and name) aligns with no
    // edit and is a correct occurrence, as the form written plainly is; it must silence the
    // near misses of other forms it holds (国务院副总理李克强 less 副) as an exact match does.
    thread_local std::vector<NearMissAlignment> aligned;
    aligned.assign(matches.size(), NearMissAlignment{});
    struct CommaSlip {
      size_t begin, end;
      std::string mended;
    };
    thread_local std::vector<CommaSlip> comma_slips;  // see QuotedWithCommaForPause
    comma_slips.clear();
    size_t longest_exact = max_form_bytes_;
    const size_t plain_exact = exact.size();
    for (size_t i = 0; i < matches.size(); ++i) {
      const WordMatch& m = matches[i];
      const Entry& e = entries_[m.entry];
      if (e.kind != Kind::kApproxAnchor) continue;
      // Most anchors are found inside the correctly written form.
      auto lo =
          std::lower_bound(exact.begin(), exact.begin() + static_cast<std::ptrdiff_t>(plain_exact),
                           m.begin > max_form_bytes_ ? m.begin - max_form_bytes_ : 0,
                           [](const Exact& x, size_t v) { return x.begin < v; });
      bool inside_exact = false;
      for (auto it = lo;
           it != exact.begin() + static_cast<std::ptrdiff_t>(plain_exact) && it->begin <= m.begin;
           ++it) {
        inside_exact |= it->form == e.form && it->begin <= m.begin && m.end <= it->end;
      }
      if (inside_exact) continue;
      thread_local NearMissOptions options;
      options = options_;  // no allocation after the first: the functions keep capacity
      options.max_edits = e.max_edits;
      options.no_indels = e.no_indels;
      aligned[i] = AlignAround(letters_[e.form], e.anchor_begin, e.anchor_end, ctx.text, m.begin,
                               m.end, options);
      if (aligned[i].edits == 0) {
        exact.push_back({aligned[i].begin, aligned[i].end, e.form});
        longest_exact = std::max(longest_exact, aligned[i].end - aligned[i].begin);
        if (auto mended =
                QuotedWithCommaForPause(ctx.text, aligned[i].begin, aligned[i].end, e.form))
          comma_slips.push_back({aligned[i].begin, aligned[i].end, std::move(*mended)});
      }
    }
    if (exact.size() > plain_exact) {
      std::stable_sort(exact.begin(), exact.end(),
                       [](const Exact& x, const Exact& y) { return x.begin < y.begin; });
    }
    // A near miss that overlaps the correctly written form itself (中华人民共和国国务院 seen as
    // 中华人民共和国 + 国) or that cuts through another correct form is not a near miss; one
    // that merely contains another correct form (全国人民代表大会常委员会) still is.
    // The exact occurrences that start in [from, to): `exact` is sorted by begin, and a block
    // can hold thousands of them (社会主义 in a long report).
    auto exact_starting = [&](size_t from, size_t to) {
      auto lo = std::lower_bound(exact.begin(), exact.end(), from,
                                 [](const Exact& x, size_t v) { return x.begin < v; });
      auto hi = std::lower_bound(lo, exact.end(), to,
                                 [](const Exact& x, size_t v) { return x.begin < v; });
      return std::make_pair(lo, hi);
    };
    auto near_exact = [&](size_t b, size_t e, uint32_t form) {
      auto [lo, hi] = exact_starting(b > longest_exact ? b - longest_exact : 0, e);
      for (auto it = lo; it != hi; ++it) {
        const Exact& x = *it;
        if (!Overlaps(b, e, x.begin, x.end)) continue;
        bool strictly_inside = x.begin >= b && x.end <= e && x.end - x.begin < e - b;
        if (x.form == form || !strictly_inside) return true;
      }
      return false;
    };
    auto contains_other_exact = [&](size_t b, size_t e, uint32_t form) {
      auto [lo, hi] = exact_starting(b, e);
      for (auto it = lo; it != hi; ++it) {
        const Exact& x = *it;
        if (x.form != form && x.begin >= b && x.end <= e) return true;
      }
      return false;
    };
    // Another form written exactly over all of the span but one outer letter: the letter is the
    // text's next word (中央政治局常务委员李强 is no 中央政治局常务委员会 with 会 replaced).
    auto other_exact_but_outer = [&](size_t b, size_t e, uint32_t form) {
      // Only where the span is as long as the form: a letter replaced, not one dropped
      // (中国共产党程 is 中国共产党章程 less 章, whatever 中国共产党 beside it is).
      size_t letters = 0;
      for (size_t k = b; k < e;) letters += IsSeparator(utf8::Next(ctx.text, k)) ? 0 : 1;
      if (letters != letters_[form].chars.size()) return false;
      auto [lo, hi] = exact_starting(b, e);
      for (auto it = lo; it != hi; ++it) {
        const Exact& x = *it;
        if (x.form != form && x.begin >= b && x.end <= e && (x.begin == b || x.end == e) &&
            (e - b) - (x.end - x.begin) <= 4)
          return true;
      }
      return false;
    };
    struct Candidate {
      size_t begin, end;
      uint32_t form;
      int edits;
      bool head_dropped = false;  // Kind::kHeadDropped
      // Other holders' forms exactly as near as `form` (国务院总理李朋: 李强 and 李鹏), which
      // HolderSuggestion chooses among; only with `holders`.
      std::vector<uint32_t> ties;
    };
    thread_local std::vector<Candidate> found;
    found.clear();
    std::map<std::pair<size_t, size_t>, size_t> reported;  // span -> index in `found`
    const std::string_view text = ctx.text;
    for (const WordMatch& m : matches) {
      const Entry& e = entries_[m.entry];
      size_t b = m.begin, en = m.end;
      int edits = 1;  // a listed variant or an inserted character
      switch (e.kind) {
        case Kind::kExact:
        case Kind::kContext:
          continue;
        case Kind::kVariant:
          break;
        case Kind::kContextAnchor: {
          const size_t slip_end = ContextSlip(text, m.begin, m.end, e.form);
          if (slip_end == 0) continue;
          en = slip_end;
          break;
        }
        case Kind::kHeadDropped: {
          // 家主席江泽民 at a sentence's start is 国家主席江泽民 less 国. After a Han character
          // it is that only when the character is not the dropped one (the form itself) and
          // makes no common word with the next (在家, 政务: the text's own wording).
          if (b == 0) break;
          size_t k = b;
          const char32_t before = utf8::Prev(text, k);
          if (!utf8::IsHan(before)) break;
          const NearMissForm& f = letters_[e.form];
          if (before == f.chars[0] ||
              (options_.common_word && options_.common_word(before, f.chars[1])))
            continue;
          break;
        }
        case Kind::kApproxAnchor: {
          const NearMissAlignment& a = aligned[static_cast<size_t>(&m - matches.data())];
          if (a.edits < 1) continue;
          // Two edits beside a correct shorter form are another title that shares it
          // (中华人民共和国商标法 seen from 中华人民共和国专利法), not a garbled one.
          if (a.edits >= 2 && contains_other_exact(a.begin, a.end, e.form)) continue;
          if (a.edits >= 2 && e.word_slip_only &&
              !IsWordSlip(letters_[e.form].chars, text.substr(a.begin, a.end - a.begin)))
            continue;
          b = a.begin;
          en = a.end;
          edits = a.edits;
          break;
        }
        case Kind::kPrefixAnchor: {  // the form's first characters: the insertion is after
          const std::string& form = forms_[e.form];
          size_t ti = m.end, fi = e.word.size();
          while (fi < form.size() && ti < text.size()) {
            size_t t = ti, f = fi;
            if (utf8::Next(text, t) != utf8::Next(form, f)) break;
            ti = t;
            fi = f;
          }
          if (fi >= form.size() || ti >= text.size()) continue;  // the form itself
          const char32_t x = utf8::Next(text, ti);               // the inserted character
          const size_t rest = form.size() - fi;
          // The cheap test first: anchors are words that occur often.
          if (text.compare(ti, rest, form, fi, rest) != 0 || !InsertableChar(x)) continue;
          en = ti + rest;
          break;
        }
        case Kind::kSuffixAnchor: {  // the form's last characters: the insertion is before
          const std::string& form = forms_[e.form];
          size_t ti = m.begin, fi = form.size() - e.word.size();
          while (fi > 0 && ti > 0) {
            size_t t = ti, f = fi;
            if (utf8::Prev(text, t) != utf8::Prev(form, f)) break;
            ti = t;
            fi = f;
          }
          if (fi == 0 || ti == 0) continue;  // the form itself
          const char32_t x = utf8::Prev(text, ti);
          if (ti < fi || text.compare(ti - fi, fi, form, 0, fi) != 0 || !InsertableChar(x))
            continue;
          b = ti - fi;
          break;
        }
      }
      // Outer letters that any character may replace read the text after a shorter correct
      // form as a slip of a longer one: 中央政治局委员陈希出席 is 陈希 and the next word, not
      // 陈希同 with 同 replaced.
      if (outer_any_ && contains_other_exact(b, en, e.form)) continue;
      if (options_.outer_intact_run > 0 && other_exact_but_outer(b, en, e.form)) continue;
      if (near_exact(b, en, e.form)) continue;
      // Of two forms the same text is near, the nearer one, then the one sharing more letters
      // with it (国务院副总理王重: 王任重 with a letter dropped, not 王震 with one replaced);
      // which anchor the text showed first must not decide.
      auto [at, added] = reported.emplace(std::make_pair(b, en), found.size());
      if (added) {
        found.push_back({b, en, e.form, edits, e.kind == Kind::kHeadDropped, {}});
        continue;
      }
      Candidate& old = found[at->second];
      const size_t letters = letters_[e.form].chars.size();
      const size_t old_letters = letters_[old.form].chars.size();
      if (edits < old.edits || (edits == old.edits && letters > old_letters)) old.ties.clear();
      if (edits == old.edits && letters == old_letters && e.form != old.form && !holders_.empty() &&
          holders_.Find(forms_[e.form]) && holders_.Find(forms_[old.form])) {
        if (old.ties.empty()) old.ties.push_back(old.form);
        if (std::find(old.ties.begin(), old.ties.end(), e.form) == old.ties.end())
          old.ties.push_back(e.form);
      }
      if (edits < old.edits ||
          (edits == old.edits &&
           (letters > old_letters || (letters == old_letters && e.form < old.form)))) {
        old.form = e.form;
        old.edits = edits;
      }
    }
    // A near miss of a longer form reports the shorter forms it contains once, as itself.
    const size_t first = out.size();
    // The same form with its first letter dropped or replaced by the character before it
    // (会见家主席江泽民: 见 for 国, or 国 left out): a dropped letter, since the character
    // before is the text's own word.
    auto dropped_instead = [&](const Candidate& o) {
      return std::any_of(found.begin(), found.end(), [&](const Candidate& c) {
        return c.head_dropped && c.form == o.form && c.end == o.end && o.begin < c.begin;
      });
    };
    for (const Candidate& c : found) {
      if (!c.head_dropped && dropped_instead(c)) continue;
      bool inside = false;
      for (const Candidate& o : found) {
        inside |= o.begin <= c.begin && c.end <= o.end && o.end - o.begin > c.end - c.begin &&
                  !(c.head_dropped && c.form == o.form && c.end == o.end);
      }
      if (inside) continue;
      out.push_back(Hit{
          ctx.block.index,
          c.begin,
          c.end,
          c.ties.empty() ? forms_[c.form] : HolderSuggestion(text, c.begin, c.end, c.ties, c.form),
          "",
          {}});
    }
    for (size_t i = 0; i < comma_slips.size(); ++i) {
      const CommaSlip& c = comma_slips[i];
      // Several anchors of one form align with the same text, and a quoted longer form holds
      // a shorter one (“不忘初心、牢记使命”主题教育 / 不忘初心、牢记使命): the innermost, once,
      // so that the finding is the slogan and not its quotes and what follows.
      bool again = false;
      for (size_t j = 0; j < comma_slips.size(); ++j) {
        const CommaSlip& o = comma_slips[j];
        const bool same = o.begin == c.begin && o.end == c.end;
        again |= (same && j < i) || (!same && c.begin <= o.begin && o.end <= c.end);
      }
      if (again) continue;
      out.push_back(Hit{ctx.block.index, c.begin, c.end, c.mended,
                        "固定表述的标点有误：引用的固定表述中并列的几部分以顿号隔开，“{text}”应为“{"
                        "suggestion}”",
                        Severity::kMajor});
    }
    if (names.size() < 2) return;
    thread_local std::vector<Hit> items;
    items.clear();
    ListItems(ctx, names, items);
    for (Hit& h : items) {
      bool reported_already = false;
      for (size_t i = first; i < out.size(); ++i) {
        reported_already |= Overlaps(h.begin, h.end, out[i].begin, out[i].end);
      }
      if (!reported_already) out.push_back(std::move(h));
    }
  }

  // A form whose parts are joined by 、 written with ， between them (不忘初心，牢记使命): the
  // letters are the form's, so the alignment found it exact. Outside quotes the comma may be
  // the text's own clause break (不忘初心，牢记使命，扎实推进各项工作); inside quotes that close
  // around the parts (“不忘初心，牢记使命”主题教育) the slogan is cited and its 、 is part of it.
  // Returns the text [begin, end) with those commas made 、, or nothing.
  std::optional<std::string> QuotedWithCommaForPause(std::string_view text, size_t begin,
                                                     size_t end, uint32_t form) const {
    const std::string& f = forms_[form];
    if (f.find("、") == std::string::npos) return std::nullopt;
    const std::string_view span = text.substr(begin, end - begin);
    if (span.find("，") == std::string_view::npos && span.find(',') == std::string_view::npos)
      return std::nullopt;
    // Each separator of the text after letter k against the form's after the same letter.
    struct Separator {
      size_t letters_before, at;  // at: byte offset in its string
      char32_t c;
    };
    auto separators = [](std::string_view s) {
      std::vector<Separator> out;
      size_t letters = 0;
      for (size_t i = 0; i < s.size();) {
        const size_t at = i;
        const char32_t c = utf8::Next(s, i);
        if (!IsSeparator(c)) {
          ++letters;
        } else if (IsClauseSeparator(c)) {
          out.push_back({letters, at, c});
        }
      }
      return out;
    };
    const auto in_form = separators(f);
    std::string mended;
    size_t copied = 0, first_comma = span.size(), last_comma = 0;
    for (const Separator& t : separators(span)) {
      if (t.c != U'，' && t.c != U',') continue;
      const bool pause = std::any_of(in_form.begin(), in_form.end(), [&](const Separator& x) {
        return x.letters_before == t.letters_before && x.c == U'、';
      });
      if (!pause) continue;
      mended.append(span.substr(copied, t.at - copied));
      mended += "、";
      copied = t.at + (t.c == U',' ? 1 : std::string_view("，").size());
      first_comma = std::min(first_comma, t.at);
      last_comma = t.at;
    }
    if (mended.empty()) return std::nullopt;
    mended.append(span.substr(copied));
    // Quotes open before the first comma and close after the last one.
    auto is_open = [](char32_t c) { return c == U'“' || c == U'「' || c == U'‘' || c == U'"'; };
    auto is_close = [](char32_t c) { return c == U'”' || c == U'」' || c == U'’' || c == U'"'; };
    bool open = false, close = false;
    if (begin > 0) {
      size_t k = begin;
      open = is_open(utf8::Prev(text, k));
    }
    if (end < text.size()) {
      size_t k = end;
      close = is_close(utf8::Next(text, k));
    }
    for (size_t i = 0; i < span.size();) {
      const size_t at = i;
      const char32_t c = utf8::Next(span, i);
      open |= at < first_comma && is_open(c);
      close |= at > last_comma && is_close(c);
    }
    if (!open || !close) return std::nullopt;
    return mended;
  }

  // context_names: names whose last letter written as any other character is reported where
  // the sentence shows the leader is meant (context_cues) and nothing shows somebody else
  // (context_quiet).
  void set_context(std::vector<std::string> cues, std::vector<std::string> office_cues,
                   std::vector<std::string> quiet, std::unordered_set<uint64_t> namesakes) {
    context_cues_ = std::move(cues);
    context_office_cues_ = std::move(office_cues);
    context_quiet_ = std::move(quiet);
    context_namesakes_ = std::move(namesakes);
  }

  // list_context: the names, and which forms are among them.
  void set_list_names(std::vector<std::pair<std::string, std::u32string>> names,
                      std::set<uint32_t> name_forms) {
    list_names_ = std::move(names);
    name_forms_ = std::move(name_forms);
  }

 private:
  // A title and a name one letter off several of the title's holders, each as near as the
  // others (国务院总理李朋: 李鹏 with 朋 for 鹏, 李强 with 朋 for 强): a sentence that gives
  // years names the holder of those years; otherwise the holders whose letter the written one
  // could be mistyped for (the same sound or a similar shape, or two letters swapped) and today's
  // holder, since an undated text is as likely about today. `tied`: the forms, `best` among them
  // the one reported when the terms decide nothing. The suggestion is "A|B" for several.
  std::string HolderSuggestion(std::string_view text, size_t begin, size_t end,
                               const std::vector<uint32_t>& tied, uint32_t best) const {
    std::u32string written;
    const std::string_view span = text.substr(begin, end - begin);
    for (size_t i = 0; i < span.size();) {
      const char32_t c = utf8::Next(span, i);
      if (!IsSeparator(c)) written.push_back(c);
    }
    constexpr size_t kReach = 180;
    const std::vector<int> years = YearsIn(SentenceAround(text, begin, end, kReach));
    std::vector<uint32_t> dated, near, current;
    for (uint32_t f : tied) {
      const std::vector<Term>* terms = holders_.Find(forms_[f]);
      if (terms == nullptr) continue;
      if (std::any_of(years.begin(), years.end(),
                      [&](int y) { return OfficeTerms::Covers(*terms, y); }))
        dated.push_back(f);
      if (MistypedFor(letters_[f].chars, written)) near.push_back(f);
      if (OfficeTerms::Current(*terms)) current.push_back(f);
    }
    std::vector<uint32_t> chosen;
    auto add = [&](uint32_t f) {
      if (std::find(chosen.begin(), chosen.end(), f) == chosen.end()) chosen.push_back(f);
    };
    if (!dated.empty()) {
      // Of the holders of those years, the ones the written letter is mistyped for, if any.
      for (uint32_t f : near) {
        if (std::find(dated.begin(), dated.end(), f) != dated.end()) add(f);
      }
      if (chosen.empty()) chosen = dated;
    } else {
      for (uint32_t f : near) add(f);
      for (uint32_t f : current) add(f);
    }
    if (chosen.empty()) return forms_[best];
    std::string out;
    for (uint32_t f : chosen) {
      if (!out.empty()) out += '|';
      out += forms_[f];
    }
    return out;
  }

  // `written` is `form` with one letter replaced by one of the same sound or a similar shape
  // (the confusion set, or the same syllable in `syllables`), or two adjacent letters swapped.
  bool MistypedFor(const std::u32string& form, const std::u32string& written) const {
    if (form.size() != written.size()) return false;
    size_t i = 0;
    while (i < form.size() && form[i] == written[i]) ++i;
    if (i == form.size()) return false;
    if (form.compare(i + 1, std::u32string::npos, written, i + 1, std::u32string::npos) == 0) {
      if (InPairs(confusable_, confusable_bits_, form[i], written[i])) return true;
      auto a = syllables_.find(form[i]), b = syllables_.find(written[i]);
      return a != syllables_.end() && b != syllables_.end() && a->second == b->second;
    }
    return i + 1 < form.size() && form[i] == written[i + 1] && form[i + 1] == written[i] &&
           form.compare(i + 2, std::u32string::npos, written, i + 2, std::u32string::npos) == 0;
  }

  static bool IsListGap(char32_t c) {
    return c == U'、' || c == U'，' || c == U',' || c == U' ' || c == 0x3000 || c == 0x00A0;
  }

  // A list of names (习近平、李克勤、张德江、俞正声; separated by 、，spaces or nothing, as in
  // headlines): an item one edit off exactly one listed name (list_names_), and no name itself,
  // is that name written wrong, whether or not it reads as somebody's name (李克勤) or names an
  // ordinary member whom a title would otherwise have to identify. An item counts when listed
  // names stand right before and after it, or two before it and the list ends after it
  // (……、张德江、李克勤等同志).
  void ListItems(const WordContext& ctx, std::vector<std::pair<size_t, size_t>>& names,
                 std::vector<Hit>& out) const {
    const std::string_view text = ctx.text;
    std::sort(names.begin(), names.end());
    // Of names starting at the same place the longest (王震 inside 王震宇 is not a name here).
    auto name_at = [&](size_t at) -> const std::pair<size_t, size_t>* {
      const std::pair<size_t, size_t>* best = nullptr;
      auto it = std::lower_bound(names.begin(), names.end(), std::make_pair(at, size_t{0}));
      for (; it != names.end() && it->first == at; ++it) best = &*it;
      return best;
    };
    auto name_ending = [&](size_t at) {
      return std::any_of(names.begin(), names.end(), [&](const auto& n) { return n.second == at; });
    };
    auto skip_gaps_back = [&](size_t at) {
      while (at > 0) {
        size_t k = at;
        if (!IsListGap(utf8::Prev(text, k))) break;
        at = k;
      }
      return at;
    };
    constexpr size_t kMaxItemLetters = 4;
    for (const auto& [nb, ne] : names) {
      size_t p = ne;
      while (p < text.size()) {  // the gap after the name
        size_t k = p;
        if (!IsListGap(utf8::Next(text, k))) break;
        p = k;
      }
      if (name_at(p) != nullptr) continue;  // the next item is a name
      // The item: Han letters up to the next name, a gap, or what ends a list.
      std::u32string item;
      size_t q = p;
      bool next_is_name = false;
      while (q < text.size() && item.size() <= kMaxItemLetters) {
        if (name_at(q) != nullptr) {
          next_is_name = true;
          break;
        }
        size_t k = q;
        const char32_t c = utf8::Next(text, k);
        if (!utf8::IsHan(c) || c == U'等') break;
        if (c == U'同' && text.compare(k, 3, "志") == 0) break;
        item.push_back(c);
        q = k;
      }
      if (item.size() < 2 || item.size() > kMaxItemLetters) continue;
      for (size_t r = q; !next_is_name && r < text.size();) {  // a name after a gap
        size_t k = r;
        if (!IsListGap(utf8::Next(text, k))) {
          next_is_name = r > q && name_at(r) != nullptr;
          break;
        }
        r = k;
      }
      if (!next_is_name) {  // the list must end here, after two names
        if (q < text.size()) {
          size_t k = q;
          const char32_t c = utf8::Next(text, k);
          if (utf8::IsHan(c) && c != U'等' && c != U'同') continue;
        }
        if (!name_ending(skip_gaps_back(nb))) continue;
      }
      // Of several names one edit away the one sharing more letters (李克 is 李克强 less a
      // letter before it is 李强 with one replaced), then the one whose replaced letter is
      // confusable (李墙: 李强, not 李希); a tie says nothing.
      const std::string* match = nullptr;
      bool unique = true, is_name = false;
      int best = -1;
      for (const auto& [name, letters] : list_names_) {
        if (letters == item) {
          is_name = true;
          break;
        }
        const int rank = OneEditRank(letters, item);
        if (rank < 0 || rank < best) continue;
        unique = rank > best;
        best = rank;
        match = &name;
      }
      if (is_name || match == nullptr || !unique) continue;
      out.push_back(Hit{ctx.block.index, p, q, *match, "", {}});
    }
  }

  // A name of context_names whose first two letters stand at [b, e) and whose last letter is
  // another Han character (李克勤 for 李克强): the end of that slip when its sentence shows the
  // leader is meant, else 0. Such a slip is mostly another person's name (李克勤 is a singer,
  // 李克农 a general), so only the sentence decides: a word of context_cues (出访, 会见, 国务院,
  // 总理…) or a trip headline (李克勤拉美行), and no word of context_quiet (歌手, 演唱会, 将军…).
  // A slip that is a known or common personal name (context_namesakes: 李克勤, 江泽慧, 李克明)
  // needs more: a supreme office in the sentence (context_office_cues: 国务院, 总书记…) or the
  // trip headline, since such a person also attends and meets.
  // Letters that make a common word with their neighbour are the text's own wording (学习近年来
  // holds 习近 + 年, not a slip of 习近平).
  size_t ContextSlip(std::string_view text, size_t b, size_t e, uint32_t form) const {
    const std::u32string& name = letters_[form].chars;
    if (name.size() != 3 || e >= text.size()) return 0;
    size_t end = e;
    const char32_t x = utf8::Next(text, end);
    if (!utf8::IsHan(x) || x == name[2]) return 0;
    auto word = [&](char32_t p, char32_t q) {
      return options_.common_word && options_.common_word(p, q);
    };
    if (word(name[1], x)) return 0;
    if (end < text.size()) {
      size_t k = end;
      if (word(x, utf8::Next(text, k))) return 0;
    }
    if (b > 0) {
      size_t k = b;
      const char32_t before = utf8::Prev(text, k);
      if (utf8::IsHan(before) && word(before, name[0])) return 0;
    }
    constexpr size_t kReach = 180;
    const std::string_view sentence = SentenceAround(text, b, end, kReach);
    for (const std::string& w : context_quiet_) {
      if (sentence.find(w) != std::string_view::npos) return 0;
    }
    const bool namesake = context_namesakes_.count((static_cast<uint64_t>(form) << 32) | x) > 0;
    for (const std::string& w : namesake ? context_office_cues_ : context_cues_) {
      if (sentence.find(w) != std::string_view::npos) return end;
    }
    // A trip headline: the name, one to four letters of a place, 行, and the line's end or a
    // mark (李克勤拉美行, 习近平欧洲行：).
    size_t k = end;
    for (int letters = 0; k < text.size() && letters <= 5; ++letters) {
      const char32_t c = utf8::Next(text, k);
      if (c == U'行' && letters >= 1) {
        size_t n = k;
        return k >= text.size() || !utf8::IsHan(utf8::Next(text, n)) ? end : 0;
      }
      if (!utf8::IsHan(c)) break;
    }
    return 0;
  }

  // For `written` one edit from `name` (a letter replaced, dropped or inserted, two adjacent
  // ones swapped): twice the letters they share, plus one for a confusable replacement; -1 when
  // further apart.
  int OneEditRank(const std::u32string& name, const std::u32string& written) const {
    const size_t n = name.size(), m = written.size();
    if (name == written) return -1;
    size_t i = 0;
    while (i < std::min(n, m) && name[i] == written[i]) ++i;
    auto same_from = [&](size_t a, size_t b) {
      return name.compare(a, std::u32string::npos, written, b, std::u32string::npos) == 0;
    };
    const int shared = static_cast<int>(std::min(n, m));
    if (n == m) {
      if (same_from(i + 1, i + 1)) {
        const bool confusable = InPairs(confusable_, confusable_bits_, name[i], written[i]);
        return 2 * (shared - 1) + (confusable ? 1 : 0);
      }
      if (i + 1 < n && name[i] == written[i + 1] && name[i + 1] == written[i] &&
          same_from(i + 2, i + 2))
        return 2 * shared;
      return -1;
    }
    if (n == m + 1 && same_from(i + 1, i)) return 2 * shared;  // a letter dropped
    if (m == n + 1 && same_from(i, i + 1)) return 2 * shared;  // a letter added
    return -1;
  }

  bool InsertableChar(char32_t c) const {
    if (!utf8::IsHan(c)) return false;
    std::string s;
    utf8::Append(s, c);
    return insert_exclude_.find(s) == std::string::npos;
  }

  // Most pairs an alignment asks about are in neither set: a bit per hashed pair answers them
  // without a hash-table probe (the probes were the scan's largest cost after the alignment).
  using PairBits = std::bitset<1 << 20>;  // 128 KB: the confusion set has ~80,000 pairs
  static size_t PairBit(uint64_t key) { return (key * 0x9E3779B97F4A7C15ull) >> 44; }
  static bool InPairs(const std::unordered_set<uint64_t>& set, const PairBits& bits, char32_t x,
                      char32_t y) {
    const uint64_t key = (static_cast<uint64_t>(x) << 32) | y;
    return bits.test(PairBit(key)) && set.count(key) > 0;
  }

  PairBits confusable_bits_, common_word_bits_;
  NearMissOptions options_;                           // what every alignment shares
  std::u32string outer_exclude_;                      // see NearMissOptions::outer_exclude
  bool outer_any_ = false;                            // `outer_replace: any`: see MakeCanonicalRule
  std::unordered_map<char32_t, uint32_t> syllables_;  // character -> toneless syllable id
  size_t max_form_bytes_ = 0;
  std::unordered_set<uint64_t> common_words_;           // two-letter words, (first << 32) | second
  std::shared_ptr<const lm::WordFrequency> any_words_;  // `any_words`, shared with other rules
  std::u32string drop_exclude_;
  std::u32string fixed_letters_;             // `fixed_letters`: see NearMissOptions
  FormerNames former_names_;                 // `former_names`: see OnMatches
  OfficeTerms holders_;                      // `holders`: see HolderSuggestion
  std::unordered_set<uint64_t> confusable_;  // (right << 32) | wrong, from `confusion`
  std::vector<std::string> forms_;
  std::vector<NearMissForm> letters_;  // forms_ without separators
  std::vector<Entry> entries_;
  std::string insert_exclude_;
  std::u32string insert_exclude32_;
  std::vector<std::u32string> interchangeable_;
  std::vector<std::pair<std::string, std::u32string>> list_names_;
  std::set<uint32_t> name_forms_;
  std::vector<std::string> context_cues_, context_office_cues_, context_quiet_;
  std::unordered_set<uint64_t> context_namesakes_;  // (form << 32) | last letter
};

std::u32string Letters(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    char32_t c = utf8::Next(s, i);
    if (!IsSeparator(c)) out.push_back(c);
  }
  return out;
}

// The slogan with its key character dropped from each part: 不敢腐、不能腐、不想腐 written
// 不敢、不能、不想. Parts are separated by 、 or ，; all must end in the same character.
std::optional<std::string> CutShortSlogan(const std::vector<std::string>& chars) {
  std::vector<std::vector<std::string>> parts(1);
  for (const std::string& c : chars) {
    if (c == "、" || c == "，") {
      parts.emplace_back();
    } else {
      parts.back().push_back(c);
    }
  }
  if (parts.size() < 2) return std::nullopt;
  for (const auto& p : parts) {
    if (p.size() < 3 || p.back() != parts[0].back()) return std::nullopt;
  }
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += "、";
    out += Join(parts[i], 0, parts[i].size() - 1);
  }
  return out;
}

// The titles and every wording reached by replacing a short name of a body with its long one
// (中央军委副主席 -> 中央军事委员会副主席, 中央政治局常委 -> 中共中央政治局常委 ->
// 中共中央政治局常务委员会委员), each replacement once per title.
std::vector<std::string> WithVariants(
    const std::vector<std::string>& titles,
    const std::vector<std::pair<std::string, std::string>>& variants) {
  std::vector<std::string> out = titles;
  std::set<std::string> seen(titles.begin(), titles.end());
  // A bound against lists whose replacements feed each other without end.
  constexpr size_t kMaxForms = 256;
  for (size_t i = 0; i < out.size() && out.size() < kMaxForms; ++i) {
    for (const auto& [brief, full] : variants) {
      const size_t at = out[i].find(brief);
      if (at == std::string::npos || out[i].find(full) != std::string::npos) continue;
      std::string v = out[i];
      v.replace(at, brief.size(), full);
      if (seen.insert(v).second) out.push_back(std::move(v));
    }
  }
  return out;
}

// The other official wordings of offices, from the rule's `title_variants` file (short<TAB>long:
// 国家副主席, 中华人民共和国副主席); empty without the key.
Result<std::vector<std::pair<std::string, std::string>>> ReadTitleVariants(const YAML::Node& node,
                                                                           const LoadContext& ctx) {
  std::vector<std::pair<std::string, std::string>> variants;
  const YAML::Node list = node["title_variants"];
  if (!list) return variants;
  auto lines = ctx.ReadList(list.as<std::string>(""));
  if (!lines.ok()) return ctx.Error(list, lines.status().message());
  for (auto& [n, line] : *lines) {
    const size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0 || tab + 1 >= line.size()) {
      return Status::Error(list.as<std::string>("") + ":" + std::to_string(n) +
                           ": 每行应为“简称<TAB>全称”");
    }
    variants.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  return variants;
}

size_t IntOption(const YAML::Node& node, const char* key, size_t fallback) {
  const YAML::Node n = node[key];
  return n ? n.as<size_t>(fallback) : fallback;
}

}  // namespace

Result<std::unique_ptr<Rule>> MakeCanonicalRule(const YAML::Node& node, RuleInfo info,
                                                const LoadContext& ctx) {
  auto forms = ReadWords(node, ctx);
  if (!forms.ok()) return forms.status();
  // Forms that may be written with two edits once they are long enough: full law titles,
  // where two garbled characters still name the law, unlike a formulation, where two changed
  // characters mostly make another formulation.
  std::set<std::string> two_edit_forms;
  // One file or several: laws.txt and the generated regulations.txt.
  auto two_edit_files = ReadStrings(node, "two_edit_wordlist", ctx);
  if (!two_edit_files.ok()) return two_edit_files.status();
  for (const std::string& file : *two_edit_files) {
    auto lines = ctx.ReadList(file);
    if (!lines.ok()) return ctx.Error(node["two_edit_wordlist"], lines.status().message());
    for (auto& [n, text] : *lines) {
      forms->push_back(text);
      two_edit_forms.insert(text);
    }
  }
  if (forms->empty()) return ctx.Error(node, "canonical 规则需要 words 或 wordlist");
  // Confusable characters: "char<TAB>chars" lines.
  std::unordered_map<std::string, std::vector<std::string>> confusable;
  if (const YAML::Node c = node["confusion"]) {
    auto lines = ctx.ReadList(c.as<std::string>(""));
    if (!lines.ok()) return ctx.Error(c, lines.status().message());
    for (auto& [n, line] : *lines) {
      size_t tab = line.find('\t');
      if (tab == std::string::npos) continue;
      auto& list = confusable[line.substr(0, tab)];
      for (std::string& ch : SplitChars(line.substr(tab + 1))) {
        if (ch != " " && ch != "," && ch != "\t") list.push_back(std::move(ch));
      }
    }
  }
  // Near misses that are words or names in their own right (张生民 beside 张升民): never
  // reported, whatever the confusion set generates.
  std::set<std::string> own_words;
  if (const YAML::Node list = node["allow_list"]) {
    auto lines = ctx.ReadList(list.as<std::string>(""));
    if (!lines.ok()) return ctx.Error(list, lines.status().message());
    for (auto& [n, text] : *lines) own_words.insert(text);
  }
  // list_context: names (one a line) that make a list (习近平、李强、赵乐际): a near miss in
  // allow_list, or of a name listed here only, is reported as an item of such a list.
  std::vector<std::string> list_names;
  if (const YAML::Node list = node["list_context"]) {
    auto lines = ctx.ReadList(list.as<std::string>(""));
    if (!lines.ok()) return ctx.Error(list, lines.status().message());
    for (auto& [n, text] : *lines) list_names.push_back(text);
  }
  const size_t min_len = IntOption(node, "min_length", 4);
  const size_t min_omission = IntOption(node, "min_length_omission", 5);
  const size_t min_insertion = IntOption(node, "min_length_insertion", 5);
  std::string insert_exclude =
      node["insert_exclude"] ? node["insert_exclude"].as<std::string>("") : "的之和与及、，";
  const size_t approx_min = IntOption(node, "approx_min_length", 6);
  const size_t swap_distance = std::max<size_t>(IntOption(node, "swap_distance", 1), 1);
  const size_t two_edits_min = IntOption(node, "two_edits_min_length", 10);
  // `syllables`: "char<TAB>toneless syllable" lines; forms of `word_slip_min_length` letters or
  // more are then matched with a word of two letters typed as another of the same syllables.
  std::unordered_map<char32_t, uint32_t> syllables;
  if (const YAML::Node list = node["syllables"]) {
    auto lines = ctx.ReadList(list.as<std::string>(""));
    if (!lines.ok()) return ctx.Error(list, lines.status().message());
    std::unordered_map<std::string, uint32_t> ids;
    for (auto& [n, line] : *lines) {
      const size_t tab = line.find('\t');
      if (tab == std::string::npos || tab + 1 >= line.size()) continue;
      const std::u32string c = utf8::ToUtf32(line.substr(0, tab));
      if (c.size() != 1) continue;
      const auto id = ids.emplace(line.substr(tab + 1), static_cast<uint32_t>(ids.size()));
      syllables[c[0]] = id.first->second;
    }
  }
  const size_t word_slip_min = syllables.empty() ? 0 : IntOption(node, "word_slip_min_length", 0);
  // `drop_first: true`: the form less its first letter is a near miss too. For a title and a
  // name (国家主席江泽民 written 家主席江泽民) the rest names the leader and cannot be other
  // wording; a general form less its first letter mostly is (华人民 in 在华人民), so near
  // misses never drop an outer letter otherwise.
  const bool drop_first = node["drop_first"] && node["drop_first"].as<bool>(false);
  // `replace_only: true`: approximate matches replace or swap letters but never drop or add
  // one. A saying less a letter is mostly another saying (损人利己 / 损人不利己).
  const bool replace_only = node["replace_only"] && node["replace_only"].as<bool>(false);
  std::vector<std::u32string> interchangeable;
  if (const YAML::Node groups = node["interchangeable"]) {
    if (!groups.IsSequence()) return ctx.Error(groups, "interchangeable 应为字符组列表");
    for (const YAML::Node& g : groups) interchangeable.push_back(Letters(g.as<std::string>("")));
  }

  std::vector<std::string> kept_forms;
  for (const std::string& f : *forms) {
    if (utf8::CountCodePoints(f) >= min_len) kept_forms.push_back(f);
  }
  std::set<std::string> form_set(kept_forms.begin(), kept_forms.end());
  // The forms that hold each pair of letters: a variant can only lie inside a form that holds
  // every pair of it, so only the forms of its rarest pair are searched. Searching all forms
  // for each of some hundred thousand variants was a fifth of `cuomin check`'s start-up.
  // Letters are only found at the same bytes in valid UTF-8: other forms are always searched.
  std::unordered_map<std::string, std::vector<uint32_t>> forms_with_pair;
  std::vector<uint32_t> unindexed;
  for (uint32_t fi = 0; fi < kept_forms.size(); ++fi) {
    const std::string& f = kept_forms[fi];
    if (!utf8::IsValid(f)) {
      unindexed.push_back(fi);
      continue;
    }
    ForEachLetterPair(f, [&](const std::string& pair) {
      std::vector<uint32_t>& list = forms_with_pair[pair];
      if (list.empty() || list.back() != fi) list.push_back(fi);
      return true;
    });
  }
  auto is_benign = [&](const std::string& v) {
    // A variant that lies inside a canonical form is correct text, not a near miss.
    auto inside = [&](uint32_t fi) { return kept_forms[fi].find(v) != std::string::npos; };
    if (std::any_of(unindexed.begin(), unindexed.end(), inside)) return true;
    const std::vector<uint32_t>* rarest = nullptr;
    bool every_pair_indexed = true;
    if (utf8::IsValid(v)) {
      ForEachLetterPair(v, [&](const std::string& pair) {
        auto it = forms_with_pair.find(pair);
        if (it == forms_with_pair.end()) return every_pair_indexed = false;
        if (!rarest || it->second.size() < rarest->size()) rarest = &it->second;
        return true;
      });
    }
    if (!every_pair_indexed) return false;
    if (rarest) return std::any_of(rarest->begin(), rarest->end(), inside);
    for (uint32_t fi = 0; fi < kept_forms.size(); ++fi)  // one letter, or not valid UTF-8
      if (inside(fi)) return true;
    return false;
  };

  // How many forms contain each short piece: anchors are taken where forms differ, so that
  // the piece 中华人民 of three hundred law titles does not wake three hundred alignments.
  std::vector<NearMissForm> letters;
  std::unordered_map<std::u32string, uint32_t> piece_forms;
  for (const std::string& f : kept_forms) {
    letters.push_back(MakeNearMissForm(f));
    std::set<std::u32string> pieces;
    const std::u32string& l = letters.back().chars;
    for (size_t len = 2; len <= 4; ++len) {
      for (size_t b = 0; b + len <= l.size(); ++b) pieces.insert(l.substr(b, len));
    }
    for (const auto& p : pieces) ++piece_forms[p];
  }

  std::unordered_set<uint64_t> common_words;
  if (const YAML::Node list = node["common_words"]) {
    auto lines = ctx.ReadList(list.as<std::string>(""));
    if (!lines.ok()) return ctx.Error(list, lines.status().message());
    for (auto& [n, text] : *lines) {
      const std::u32string w = Letters(text);
      if (w.size() == 2) common_words.insert((static_cast<uint64_t>(w[0]) << 32) | w[1]);
    }
  }
  // A word-frequency list (word<TAB>count), the table other rules naming the file share: a
  // replaced last letter that makes no word of it, counted any_words_min_count times or more,
  // with its neighbour is a slip (NearMissOptions::any_word).
  std::shared_ptr<const lm::WordFrequency> any_words;
  float any_words_min_log_count = 0;
  if (const YAML::Node list = node["any_words"]) {
    auto table = lm::WordFrequency::Shared(ctx.Path(list.as<std::string>("")));
    if (!table.ok()) return ctx.Error(list, table.status().message());
    any_words = std::move(*table);
    const size_t min_count = IntOption(node, "any_words_min_count", 1);
    // A hair under, so that a word counted exactly min_count times is one (float log10).
    any_words_min_log_count =
        std::log10(static_cast<float>(std::max<size_t>(min_count, 1))) - 1e-4f;
  }
  using Entry = CanonicalRule::Entry;
  using Kind = CanonicalRule::Kind;
  std::vector<Entry> entries;
  std::set<std::string> seen_variants;
  for (uint32_t fi = 0; fi < kept_forms.size(); ++fi) {
    const std::string& form = kept_forms[fi];
    entries.push_back({form, Kind::kExact, fi});
    std::vector<std::string> chars = SplitChars(form);
    const size_t n = chars.size();
    std::vector<std::string> variants;
    auto is_han = [](const std::string& c) {
      size_t k = 0;
      return utf8::IsHan(utf8::Next(c, k));
    };
    // Two characters swapped: adjacent ones, and up to swap_distance apart (阴奉阳违 for
    // 阳奉阴违: the parallel halves of a formulation trade places).
    for (size_t d = 1; d <= swap_distance; ++d) {
      for (size_t i = 0; i + d < n; ++i) {
        if (chars[i] == chars[i + d] || !is_han(chars[i]) || !is_han(chars[i + d])) continue;
        std::vector<std::string> swapped = chars;
        std::swap(swapped[i], swapped[i + d]);
        variants.push_back(Join(swapped, 0, n));
      }
    }
    if (auto cut = CutShortSlogan(chars)) variants.push_back(*cut);
    if (drop_first && n > min_len && is_han(chars[0]) && is_han(chars[1])) {
      std::string head_dropped = Join(chars, 1, n);
      if (!form_set.count(head_dropped) && seen_variants.insert(head_dropped).second)
        entries.push_back({std::move(head_dropped), Kind::kHeadDropped, fi});
    }
    const std::u32string& l = letters[fi].chars;
    if (l.size() >= approx_min) {
      const bool two_edits = two_edit_forms.count(form) && l.size() >= two_edits_min;
      // Other long forms take a second edit only as a word slip (see IsWordSlip).
      const bool word_slip = !two_edits && word_slip_min > 0 && l.size() >= word_slip_min;
      const uint8_t edits = two_edits || word_slip ? 2 : 1;
      const size_t length = std::clamp<size_t>(l.size() / (edits + 1), 2, 4);
      // Letter index -> byte offset in the form, to cut anchors that are contiguous text.
      std::vector<size_t> at;
      std::vector<bool> joined;  // letter k and k + 1 are adjacent in the form
      for (size_t i = 0; i < form.size();) {
        size_t start = i;
        char32_t c = utf8::Next(form, i);
        if (IsSeparator(c)) {
          if (!joined.empty()) joined.back() = false;
          continue;
        }
        at.push_back(start);
        joined.push_back(true);
      }
      at.push_back(form.size());
      // An anchor wakes an alignment for every form that chose it, wherever the text has it:
      // pieces that many forms share cost most (中华人民 of three hundred law titles, in every
      // 中华人民共和国 of a text), then short ones, which the text has more often. Two letters
      // that are a common word (安全, 交通) would be met everywhere; two that straddle words
      // (路交 of 道路交通) are rare, and let a long title be anchored in its own words only.
      auto score = [&](std::u32string_view piece) -> size_t {
        const size_t b = static_cast<size_t>(piece.data() - l.data());  // a view into l
        for (size_t k = b; k + 1 < b + piece.size(); ++k) {
          if (!joined[k]) return kNoAnchor;
        }
        if (piece.size() == 2 &&
            common_words.count((static_cast<uint64_t>(piece[0]) << 32) | piece[1]))
          return kNoAnchor;
        return piece_forms[std::u32string(piece)] * (5 - std::min<size_t>(piece.size(), 4));
      };
      for (auto [ab, ae] : ChooseAnchors(l, edits + 1, length, score, 2)) {
        // The anchor's bytes end where its last letter ends, not where the next one starts.
        size_t last_end = at[ae - 1];
        utf8::Next(form, last_end);
        Entry anchor{form.substr(at[ab], last_end - at[ab]), Kind::kApproxAnchor, fi};
        anchor.anchor_begin = static_cast<uint16_t>(ab);
        anchor.anchor_end = static_cast<uint16_t>(ae);
        anchor.max_edits = edits;
        anchor.word_slip_only = word_slip;
        anchor.no_indels = replace_only || l.find_first_of(U"〇零一二三四五六七八九十百千两") !=
                                               std::u32string::npos;
        entries.push_back(std::move(anchor));
      }
      for (std::string& v : variants) {
        if (form_set.count(v) || own_words.count(v) || !seen_variants.insert(v).second ||
            is_benign(v))
          continue;
        entries.push_back({std::move(v), Kind::kVariant, fi});
      }
      continue;
    }
    for (size_t i = 0; i < n; ++i) {
      auto it = confusable.find(chars[i]);
      if (it == confusable.end()) continue;
      for (const std::string& c : it->second) {
        if (c == chars[i]) continue;
        variants.push_back(Join(chars, 0, i) + c + Join(chars, i + 1, n));
      }
    }
    if (n >= min_omission) {
      for (size_t i = 1; i + 1 < n; ++i) {
        if (chars[i] == chars[i - 1]) continue;  // same string as omitting the neighbour
        variants.push_back(Join(chars, 0, i) + Join(chars, i + 1, n));
      }
    }
    for (std::string& v : variants) {
      if (form_set.count(v) || own_words.count(v) || !seen_variants.insert(v).second ||
          is_benign(v))
        continue;
      entries.push_back({std::move(v), Kind::kVariant, fi});
    }
    if (n >= min_insertion) {
      const size_t p = (n + 2) / 2;  // see CanonicalRule::Entry
      entries.push_back({Join(chars, 0, p), Kind::kPrefixAnchor, fi});
      entries.push_back({Join(chars, p - 1, n), Kind::kSuffixAnchor, fi});
    }
  }
  // context_names: anchored on their first two letters (see CanonicalRule::ContextSlip).
  auto read_words = [&](const char* key) -> Result<std::vector<std::string>> {
    std::vector<std::string> out;
    if (const YAML::Node list = node[key]) {
      auto lines = ctx.ReadList(list.as<std::string>(""));
      if (!lines.ok()) return ctx.Error(list, lines.status().message());
      for (auto& [n, text] : *lines) out.push_back(text);
    }
    return out;
  };
  auto context_names = read_words("context_names");
  if (!context_names.ok()) return context_names.status();
  auto context_cues = read_words("context_cues");
  if (!context_cues.ok()) return context_cues.status();
  auto context_office_cues = read_words("context_office_cues");
  if (!context_office_cues.ok()) return context_office_cues.status();
  auto context_quiet = read_words("context_quiet");
  if (!context_quiet.ok()) return context_quiet.status();
  auto namesake_lines = read_words("context_namesakes");
  if (!namesake_lines.ok()) return namesake_lines.status();
  if (!context_names->empty() && (context_cues->empty() || context_office_cues->empty()))
    return ctx.Error(
        node, "context_names 需要 context_cues 和 context_office_cues（说明所指是领导人的词）");
  std::unordered_map<std::string, uint32_t> context_prefix;  // first two letters -> form
  for (const std::string& name : *context_names) {
    auto it = std::find(kept_forms.begin(), kept_forms.end(), name);
    const std::vector<std::string> chars = SplitChars(name);
    if (it == kept_forms.end() || chars.size() != 3) {
      return ctx.Error(node["context_names"],
                       "context_names 中的“" + name + "”应为 wordlist 中三个字的姓名");
    }
    const auto form = static_cast<uint32_t>(it - kept_forms.begin());
    context_prefix.emplace(Join(chars, 0, 2), form);
    entries.push_back({Join(chars, 0, 2), Kind::kContextAnchor, form});
  }
  // context_namesakes: "first two letters<TAB>last letters" of other people's names.
  std::unordered_set<uint64_t> namesakes;
  for (const std::string& line : *namesake_lines) {
    const size_t tab = line.find('\t');
    auto it =
        tab == std::string::npos ? context_prefix.end() : context_prefix.find(line.substr(0, tab));
    if (it == context_prefix.end()) {
      return ctx.Error(
          node["context_namesakes"],
          "context_namesakes 每行应为“context_names 中姓名的前两个字<TAB>末字列表”：" + line);
    }
    for (char32_t c : Letters(line.substr(tab + 1)))
      namesakes.insert((static_cast<uint64_t>(it->second) << 32) | c);
  }
  // Names of list_context that are forms are found as forms; the others are added.
  std::vector<std::pair<std::string, std::u32string>> list_letters;
  std::set<uint32_t> name_forms;
  for (const std::string& name : std::set<std::string>(list_names.begin(), list_names.end())) {
    list_letters.emplace_back(name, Letters(name));
    auto it = std::find(kept_forms.begin(), kept_forms.end(), name);
    if (it != kept_forms.end()) {
      name_forms.insert(static_cast<uint32_t>(it - kept_forms.begin()));
    } else if (!seen_variants.count(name) && !own_words.count(name)) {
      entries.push_back({name, Kind::kContext, 0});
    }
  }
  std::unordered_set<uint64_t> confusable_pairs;
  for (const auto& [right, wrongs] : confusable) {
    const std::u32string r = Letters(right);
    for (const std::string& w : wrongs) {
      const std::u32string l = Letters(w);
      if (r.size() == 1 && l.size() == 1) {
        confusable_pairs.insert((static_cast<uint64_t>(r[0]) << 32) | l[0]);
      }
    }
  }
  // `shapes`: similar shapes (dictionaries/shape/similar-shapes.txt) are confusable too. The
  // confusion list is mostly of sound; a shape slip of a form's first or last letter
  // (全国人民代表大会常务委员侩) was found nowhere else, since any character may stand there
  // only where it is confusable (see NearMissOptions::outer_confusable).
  if (const YAML::Node sh = node["shapes"]) {
    auto lines = ctx.ReadList(sh.as<std::string>(""));
    if (!lines.ok()) return ctx.Error(sh, lines.status().message());
    auto shapes = shape::SimilarShapes::Parse(*lines, sh.as<std::string>(""));
    if (!shapes.ok()) return ctx.Error(sh, shapes.status().message());
    shapes->ForEachPair([&](char32_t right, char32_t wrong) {
      confusable_pairs.insert((static_cast<uint64_t>(right) << 32) | wrong);
    });
  }
  // `outer_replace: any`: the form's first and last letters may be replaced by any character,
  // for forms whose outer letters are a name (国家主席习近乎): the title already says who.
  const bool outer_any =
      node["outer_replace"] && node["outer_replace"].as<std::string>("") == "any";
  auto rule = std::unique_ptr<CanonicalRule>(new CanonicalRule(
      std::move(info), std::move(kept_forms), std::move(letters), std::move(entries),
      insert_exclude, std::move(interchangeable), std::move(confusable_pairs),
      Letters(node["drop_exclude"] ? node["drop_exclude"].as<std::string>("") : "的之"),
      std::move(common_words)));
  rule->set_outer_any(outer_any);
  rule->set_fixed_letters(
      Letters(node["fixed_letters"] ? node["fixed_letters"].as<std::string>("") : ""));
  rule->set_intact_run(IntOption(node, "common_word_intact_run", 0));
  rule->set_any_words(std::move(any_words), any_words_min_log_count);
  rule->set_outer_intact_run(IntOption(node, "outer_intact_run", 0));
  rule->set_outer_exclude(
      Letters(node["outer_exclude"] ? node["outer_exclude"].as<std::string>("") : ""));
  rule->set_syllables(std::move(syllables));
  // `former_names`: name<TAB>year renamed<TAB>today's name<TAB>source[<TAB>local year] lines.
  if (const YAML::Node list = node["former_names"]) {
    auto lines = ctx.ReadList(list.as<std::string>(""));
    if (!lines.ok()) return ctx.Error(list, lines.status().message());
    FormerNames former;
    for (auto& [n, line] : *lines) {
      if (!former.Add(line))
        return ctx.Error(list,
                         list.as<std::string>("") + " 第 " + std::to_string(n) +
                             " 行应为：旧名<Tab>更名年份<Tab>现名<Tab>来源[<Tab>地方机构更名年份]");
    }
    rule->set_former_names(std::move(former));
  }
  // `holders`: name<TAB>office(years)|... lines (leaders-history.txt), each office also in the
  // wordings of `title_variants` (short<TAB>long): a near miss as near two holders' forms is
  // told apart by the years (see CanonicalRule::HolderSuggestion).
  if (const YAML::Node list = node["holders"]) {
    auto variants = ReadTitleVariants(node, ctx);
    if (!variants.ok()) return variants.status();
    auto lines = ctx.ReadList(list.as<std::string>(""));
    if (!lines.ok()) return ctx.Error(list, lines.status().message());
    OfficeTerms holders;
    for (auto& [n, line] : *lines) {
      auto held = ParseOfficeHistory(line);
      if (!held)
        return ctx.Error(list, list.as<std::string>("") + " 第 " + std::to_string(n) +
                                   " 行应为：姓名<Tab>职务(年份)|职务(年份)");
      for (const auto& [title, terms] : held->offices) {
        if (terms.empty()) continue;
        for (const std::string& t : WithVariants({title}, *variants))
          holders.Add(t + held->name, terms);
      }
    }
    rule->set_holders(std::move(holders));
  }
  rule->set_list_names(std::move(list_letters), std::move(name_forms));
  rule->set_context(std::move(*context_cues), std::move(*context_office_cues),
                    std::move(*context_quiet), std::move(namesakes));
  return std::unique_ptr<Rule>(std::move(rule));
}

const RuleType& CanonicalRuleType() {
  static const RuleType* type = new RuleType{MakeCanonicalRule,
                                             {"words",
                                              "wordlist",
                                              "two_edit_wordlist",
                                              "former_names",
                                              "confusion",
                                              "common_words",
                                              "min_length",
                                              "min_length_omission",
                                              "min_length_insertion",
                                              "approx_min_length",
                                              "two_edits_min_length",
                                              "insert_exclude",
                                              "drop_exclude",
                                              "interchangeable",
                                              "outer_replace",
                                              "shapes",
                                              "outer_intact_run",
                                              "outer_exclude",
                                              "fixed_letters",
                                              "allow_list",
                                              "list_context",
                                              "swap_distance",
                                              "common_word_intact_run",
                                              "any_words",
                                              "any_words_min_count",
                                              "drop_first",
                                              "replace_only",
                                              "context_names",
                                              "context_cues",
                                              "context_quiet",
                                              "context_office_cues",
                                              "context_namesakes",
                                              "syllables",
                                              "word_slip_min_length",
                                              "holders",
                                              "title_variants"}};
  return *type;
}

namespace {

class PersonTitleRule : public WordRule {
 public:
  struct Person {
    std::string name;
    std::vector<std::string> titles;       // as listed, for the message
    std::vector<std::string> title_forms;  // titles and their other official wordings
    std::vector<std::string> past_titles;  // only make a title held, never a leader's title
    // Listed in the current list (wordlist). The others are past leaders of `history`, whose
    // names are checked only for a slip of a title they held right after them (see
    // NearMissTitleAfter): their titles say nothing about anybody else's.
    bool current = true;
  };
  // A title held, current or past, prepared for NearMissTitleAfter.
  struct HeldTitle {
    std::string text;
    std::u32string letters;
    std::vector<size_t> at;  // byte offset of each letter in text
  };
  // Titles of the wrong kind for any national leader (董事长, 总经理, 村长) and the names that
  // say on their own which leader is meant (习近平, not 李鹏).
  struct WrongKind {
    std::vector<std::string> titles;  // longest first
    std::set<std::string> distinct_names;
  };
  PersonTitleRule(RuleInfo info, std::vector<Person> people,
                  std::unordered_set<uint64_t> confusable,
                  std::unordered_set<uint64_t> common_words, WrongKind wrong_kind)
      : WordRule(std::move(info)),
        people_(std::move(people)),
        confusable_(std::move(confusable)),
        common_words_(std::move(common_words)),
        wrong_kind_(std::move(wrong_kind)) {
    // Every title and each of its tails of two or more characters: text often says 总理 for
    // 国务院总理, so a tail identifies the title it ends.
    std::set<std::string> tails;
    for (const Person& p : people_) {
      if (!p.current) continue;
      for (const std::string& t : p.title_forms) {
        std::vector<std::string> chars = SplitChars(t);
        for (size_t k = 0; k + 2 <= chars.size(); ++k) tails.insert(Join(chars, k, chars.size()));
      }
    }
    tails_.assign(tails.begin(), tails.end());
    held_.resize(people_.size());
    for (size_t i = 0; i < people_.size(); ++i) {
      const Person& p = people_[i];
      if (p.current) full_titles_.insert(p.title_forms.begin(), p.title_forms.end());
      for (const auto* list : {&p.title_forms, &p.past_titles}) {
        for (const std::string& t : *list) {
          HeldTitle h{t, {}, {}};
          for (size_t k = 0; k < t.size();) {
            h.at.push_back(k);
            h.letters.push_back(utf8::Next(t, k));
          }
          held_[i].push_back(std::move(h));
        }
      }
    }
    std::sort(tails_.begin(), tails_.end(),
              [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  }

  void Words(const std::function<void(std::string_view, uint32_t)>& add) const override {
    for (uint32_t i = 0; i < people_.size(); ++i) add(people_[i].name, i);
  }

  void OnMatches(const WordContext& ctx, const std::vector<WordMatch>& matches,
                 std::vector<Hit>& out) const override {
    const std::string_view text = ctx.text;
    for (const WordMatch& m : matches) {
      const Person& p = people_[m.entry];
      // Spaces between title and name (国务院总理　李强, set in columns with a full-width space)
      // change nothing: the title is read as if it touched the name.
      const size_t title_end = SkipSpacesBack(text, m.begin);
      const size_t title_begin = SkipSpacesForward(text, m.end);
      const size_t before = out.size();
      NearMissTitleAfter(ctx, m.begin, title_end, title_begin, p, held_[m.entry], out);
      if (out.size() == before) WrongKindAfter(ctx, m.begin, title_end, title_begin, p, out);
      if (!p.current) continue;
      // The longest known title tail right before the name. A bare tail such as 书记 counts only
      // when it stands alone (县委书记李强 is somebody else's title); a complete title counts.
      for (const std::string& t : tails_) {
        if (title_end < t.size() || text.compare(title_end - t.size(), t.size(), t) != 0) continue;
        size_t before = title_end - t.size();
        size_t k = before;
        bool alone = k == 0 || !utf8::IsHan(utf8::Prev(text, k));
        if ((full_titles_.count(t) || alone) && !Holds(p, t) && !PastOffice(text, before)) {
          Report(ctx, before, m.end, p, t, out);
        }
        break;
      }
      // Right after the name only titles of three or more characters are trusted: 李强主席 or
      // 李强书记 may be a local official of the same name, 李强副总理 is not.
      for (const std::string& t : tails_) {
        if (text.compare(title_begin, t.size(), t) != 0) continue;
        if (utf8::CountCodePoints(t) >= 3 && !Holds(p, t)) {
          Report(ctx, m.begin, title_begin + t.size(), p, t, out);
        }
        break;
      }
    }
  }

 private:
  // Horizontal white space of any width: ASCII, no-break, the typographic spaces and U+3000.
  static bool IsSpace(char32_t c) {
    return c == U' ' || c == U'\t' || c == 0x00A0 || (c >= 0x2000 && c <= 0x200B) || c == 0x202F ||
           c == 0x205F || c == 0x3000;
  }
  static size_t SkipSpacesBack(std::string_view text, size_t at) {
    while (at > 0) {
      size_t k = at;
      if (!IsSpace(utf8::Prev(text, k))) break;
      at = k;
    }
    return at;
  }
  static size_t SkipSpacesForward(std::string_view text, size_t at) {
    while (at < text.size()) {
      size_t k = at;
      if (!IsSpace(utf8::Next(text, k))) break;
      at = k;
    }
    return at;
  }

  // Whether the title starting at `title` is named as an office held before: 原/前 right before
  // it (原国务院副总理), or 时任/曾任/历任/原任 earlier in its clause (时任中共中央总书记、国家
  // 主席江泽民). Historical wording is correct whatever the lists say about the person.
  static bool PastOffice(std::string_view text, size_t title) {
    size_t k = title;
    if (k > 0) {
      const char32_t c = utf8::Prev(text, k);
      if (c == U'原' || c == U'前') return true;
    }
    static constexpr std::u32string_view kEnds = U"，。；：！？,.;:!?\n";
    // The clause before the title, at most kClauseChars characters back.
    constexpr int kClauseChars = 40;
    char32_t next = 0;
    k = title;
    for (int n = 0; n < kClauseChars && k > 0; ++n) {
      const char32_t c = utf8::Prev(text, k);
      if (kEnds.find(c) != std::u32string_view::npos) break;
      if (next == U'任' && (c == U'时' || c == U'曾' || c == U'历' || c == U'原')) return true;
      next = c;
    }
    return false;
  }

  // A title right after the name one slip off a title the person held: a character inserted
  // inside it (李鹏总经理 for 李鹏总理) or one replaced by a confusable character, not the last
  // (付主席 for 副主席). A near miss of a held title is no other office, so 原/时任 change
  // nothing. The name must mean the leader: three characters or more, a title he held or the
  // rest of the slipped one right before it (国务院李鹏总经理); a two-character name alone is
  // mostly somebody else (公司李鹏总经理).
  void NearMissTitleAfter(const WordContext& ctx, size_t name_begin, size_t before_name,
                          size_t after_name, const Person& p, const std::vector<HeldTitle>& held,
                          std::vector<Hit>& out) const {
    const std::string_view text = ctx.text;
    constexpr size_t kMaxTitleLetters = 12;
    std::u32string after;
    for (size_t k = after_name; k < text.size() && after.size() < kMaxTitleLetters;) {
      const char32_t c = utf8::Next(text, k);
      if (!utf8::IsHan(c)) break;
      after.push_back(c);
    }
    if (after.size() < 2) return;
    // A title he held right before the name says who is meant too (时任国务院副总理李鹏总经理).
    const bool long_name =
        utf8::CountCodePoints(p.name) >= 3 ||
        std::any_of(held.begin(), held.end(), [&](const HeldTitle& t) {
          return before_name >= t.text.size() &&
                 text.compare(before_name - t.text.size(), t.text.size(), t.text) == 0;
        });
    std::u32string_view best_tail;
    size_t best_letters = 0;
    for (const HeldTitle& title : held) {
      for (size_t k = 0; k + 2 <= title.letters.size(); ++k) {
        const std::u32string_view tail = std::u32string_view(title.letters).substr(k);
        if (after.compare(0, tail.size(), tail) == 0) return;  // a title the person held
        const size_t letters = SlipOf(tail, after);
        if (letters == 0 || tail.size() <= best_tail.size()) continue;
        const size_t body = title.at[k];  // the title's bytes before the tail
        const bool body_before = body > 0 && before_name >= body &&
                                 text.compare(before_name - body, body, title.text, 0, body) == 0;
        if (!long_name && !body_before) continue;
        best_tail = tail;
        best_letters = letters;
      }
    }
    if (best_letters == 0) return;
    size_t end = after_name;
    for (size_t i = 0; i < best_letters; ++i) utf8::Next(text, end);
    std::string titles;
    for (const std::string& t : p.titles) titles += (titles.empty() ? "" : "、") + t;
    Hit h{ctx.block.index, name_begin, end, p.name + ToUtf8(best_tail), "", std::nullopt};
    h.message = "领导人职务疑似有误：" + p.name + (p.current ? "的职务是" : "担任过") + titles +
                "，“" + std::string(text.substr(after_name, end - after_name)) + "”疑为“" +
                ToUtf8(best_tail) + "”";
    out.push_back(std::move(h));
  }

  // A title no national leader holds right after the name (李鹏董事长, 习近平总经理): a company's
  // or a village's. Many people share a leader's name, so it is reported only where the leader
  // is meant: a name that says so on its own (习近平), or an office the person held right before
  // the name or elsewhere in the sentence (国务院总理李鹏董事长). A title the lists give the
  // person, or 时任/原 before the name, is his own past and stays quiet.
  void WrongKindAfter(const WordContext& ctx, size_t name_begin, size_t before_name,
                      size_t after_name, const Person& p, std::vector<Hit>& out) const {
    const std::string_view text = ctx.text;
    const std::string* wrong = nullptr;
    for (const std::string& t : wrong_kind_.titles) {
      if (text.compare(after_name, t.size(), t) == 0) {
        wrong = &t;
        break;
      }
    }
    if (!wrong || Holds(p, *wrong) || PastOffice(text, name_begin)) return;
    // A character that makes the title part of another word (经理人, 经理部) ends nothing.
    const size_t end = after_name + wrong->size();
    if (end < text.size()) {
      size_t k = end;
      const char32_t next = utf8::Next(text, k);
      if (next == U'人' || next == U'部' || next == U'室' || next == U'处') return;
    }
    if (!wrong_kind_.distinct_names.count(p.name) && !HeldTitleBefore(text, before_name, p) &&
        !HeldTitleInSentence(text, name_begin, end, p))
      return;
    std::string titles;
    for (const std::string& t : p.titles) titles += (titles.empty() ? "" : "、") + t;
    Hit h{ctx.block.index, name_begin, end, "", "", std::nullopt};
    h.message = "领导人职务疑似有误：" + p.name + (p.current ? "的职务是" : "担任过") + titles +
                "，不是“" + *wrong + "”";
    out.push_back(std::move(h));
  }

  static bool EndsWith(std::string_view text, size_t at, const std::string& t) {
    return at >= t.size() && text.compare(at - t.size(), t.size(), t) == 0;
  }
  static bool HeldTitleBefore(std::string_view text, size_t at, const Person& p) {
    for (const auto* list : {&p.title_forms, &p.past_titles})
      for (const std::string& t : *list)
        if (EndsWith(text, at, t)) return true;
    return false;
  }
  // One of the person's offices, in full, in the sentence around [begin, end).
  static bool HeldTitleInSentence(std::string_view text, size_t begin, size_t end,
                                  const Person& p) {
    const std::string_view sentence = SentenceAround(text, begin, end);
    for (const auto* list : {&p.title_forms, &p.past_titles})
      for (const std::string& t : *list)
        if (utf8::CountCodePoints(t) >= 4 && sentence.find(t) != std::string_view::npos)
          return true;
    return false;
  }

  // How many letters of `text` (from its start) are `title` with one Han character inserted
  // inside it or one letter replaced by a confusable one; 0 when neither. An inserted 副 or 代
  // makes another office (总理 → 副总理 is the regular check's business). The last letter
  // replaced (习近平总书纪, 李强总里) is a slip only where the character makes no common word
  // with the letter before it or the text's next one: there it may be the text's own wording.
  size_t SlipOf(std::u32string_view title, const std::u32string& text) const {
    const size_t n = title.size();
    for (size_t k = 1; k < n && text.size() > n; ++k) {
      if (text.compare(0, k, title, 0, k) != 0) break;
      const char32_t x = text[k];
      if (x == U'副' || x == U'代' || x == title[k]) continue;
      if (text.compare(k + 1, n - k, title, k, n - k) == 0) return n + 1;
    }
    if (text.size() >= n) {
      for (size_t k = 0; k < n; ++k) {
        if (text[k] == title[k]) continue;
        const uint64_t key = (static_cast<uint64_t>(title[k]) << 32) | text[k];
        if (k + 1 == n && !LastLetterSlip(text, k)) break;
        if (confusable_.count(key) && text.compare(0, k, title, 0, k) == 0 &&
            text.compare(k + 1, n - k - 1, title, k + 1, n - k - 1) == 0)
          return n;
        break;
      }
    }
    return 0;
  }

  // Whether text[k], a title's replaced last letter, makes no common word with its neighbours.
  bool LastLetterSlip(const std::u32string& text, size_t k) const {
    if (common_words_.empty() || k == 0) return false;
    auto word = [&](char32_t x, char32_t y) {
      return common_words_.count((static_cast<uint64_t>(x) << 32) | y) > 0;
    };
    return !word(text[k - 1], text[k]) && !(k + 1 < text.size() && word(text[k], text[k + 1]));
  }

  static std::string ToUtf8(std::u32string_view s) {
    std::string out;
    for (char32_t c : s) utf8::Append(out, c);
    return out;
  }

  static bool Holds(const Person& p, const std::string& tail) {
    for (const std::string& t : p.past_titles) {
      if (t.size() >= tail.size() && t.compare(t.size() - tail.size(), tail.size(), tail) == 0)
        return true;
    }
    for (const std::string& t : p.title_forms) {
      if (t.size() >= tail.size() && t.compare(t.size() - tail.size(), tail.size(), tail) == 0)
        return true;
    }
    return false;
  }
  void Report(const WordContext& ctx, size_t b, size_t e, const Person& p, const std::string& wrong,
              std::vector<Hit>& out) const {
    std::string titles;
    for (const std::string& t : p.titles) titles += (titles.empty() ? "" : "、") + t;
    Hit h{ctx.block.index, b, e, "", "", std::nullopt};
    h.message = "领导人姓名与职务不符：" + p.name + "的职务是" + titles + "，不是“" + wrong + "”";
    out.push_back(std::move(h));
  }

  std::vector<Person> people_;
  std::vector<std::vector<HeldTitle>> held_;   // per person
  std::unordered_set<uint64_t> confusable_;    // (right << 32) | wrong, from `confusion`
  std::unordered_set<uint64_t> common_words_;  // (first << 32) | second, from `common_words`
  std::vector<std::string> tails_;
  std::set<std::string> full_titles_;
  WrongKind wrong_kind_;
};

}  // namespace

Result<std::unique_ptr<Rule>> MakePersonTitleRule(const YAML::Node& node, RuleInfo info,
                                                  const LoadContext& ctx) {
  const YAML::Node list = node["wordlist"];
  if (!list) return ctx.Error(node, "person_title 规则需要 wordlist（姓名<TAB>职务|职务）");
  auto lines = ctx.ReadList(list.as<std::string>(""));
  if (!lines.ok()) return ctx.Error(list, lines.status().message());
  std::vector<PersonTitleRule::Person> people;
  for (auto& [n, line] : *lines) {
    size_t tab = line.find('\t');
    if (tab == std::string::npos) {
      return Status::Error(list.as<std::string>("") + ":" + std::to_string(n) +
                           ": 每行应为“姓名<TAB>职务|职务”");
    }
    PersonTitleRule::Person p{line.substr(0, tab), {}, {}, {}};
    std::string rest = line.substr(tab + 1);
    size_t s = 0;
    while (s <= rest.size()) {
      size_t bar = rest.find('|', s);
      std::string t = rest.substr(s, bar == std::string::npos ? bar : bar - s);
      while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.pop_back();
      if (!t.empty()) p.titles.push_back(t);
      if (bar == std::string::npos) break;
      s = bar + 1;
    }
    people.push_back(std::move(p));
  }
  // Offices held in the past (name<TAB>office(years)|...): a listed person named with one of
  // them is correct historical wording (时任国家副主席习近平), never reported.
  if (const YAML::Node history = node["history"]) {
    auto past = ctx.ReadList(history.as<std::string>(""));
    if (!past.ok()) return ctx.Error(history, past.status().message());
    for (auto& [n, line] : *past) {
      auto held = ParseOfficeHistory(line);
      if (!held)
        return ctx.Error(history, history.as<std::string>("") + " 第 " + std::to_string(n) +
                                      " 行应为：姓名<Tab>职务(年份)|职务(年份)");
      const std::string& name = held->name;
      std::vector<std::string> offices;
      for (const auto& office : held->offices) offices.push_back(office.first);
      auto it = std::find_if(people.begin(), people.end(),
                             [&](const PersonTitleRule::Person& p) { return p.name == name; });
      if (it != people.end()) {
        it->past_titles.insert(it->past_titles.end(), offices.begin(), offices.end());
      } else if (!offices.empty()) {
        PersonTitleRule::Person past{name, offices, offices, {}};
        past.current = false;
        people.push_back(std::move(past));
      }
    }
  }
  // Confusable characters (char<TAB>chars), for slips of a title after a name (付主席).
  std::unordered_set<uint64_t> confusable;
  if (const YAML::Node c = node["confusion"]) {
    auto lines = ctx.ReadList(c.as<std::string>(""));
    if (!lines.ok()) return ctx.Error(c, lines.status().message());
    for (auto& [n, line] : *lines) {
      const size_t tab = line.find('\t');
      if (tab == std::string::npos) continue;
      const std::u32string right = Letters(line.substr(0, tab));
      if (right.size() != 1) continue;
      for (char32_t w : Letters(line.substr(tab + 1)))
        confusable.insert((static_cast<uint64_t>(right[0]) << 32) | w);
    }
  }
  // Other official wordings of an office (short<TAB>long: 国家副主席, 中华人民共和国副主席): a
  // title written the long way is the same office, current or past.
  auto variants = ReadTitleVariants(node, ctx);
  if (!variants.ok()) return variants.status();
  for (PersonTitleRule::Person& person : people) {
    person.title_forms = WithVariants(person.titles, *variants);
    person.past_titles = WithVariants(person.past_titles, *variants);
  }
  PersonTitleRule::WrongKind wrong_kind;
  for (const char* key : {"wrong_titles", "distinct_names"}) {
    const YAML::Node list = node[key];
    if (!list) continue;
    auto lines = ctx.ReadList(list.as<std::string>(""));
    if (!lines.ok()) return ctx.Error(list, lines.status().message());
    for (auto& [n, line] : *lines) {
      if (std::string(key) == "wrong_titles")
        wrong_kind.titles.push_back(line);
      else
        wrong_kind.distinct_names.insert(line);
    }
  }
  std::sort(wrong_kind.titles.begin(), wrong_kind.titles.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  // Two-letter common words: a title's last letter replaced is a slip only where it makes none.
  std::unordered_set<uint64_t> common_words;
  if (const YAML::Node c = node["common_words"]) {
    auto words = ctx.ReadList(c.as<std::string>(""));
    if (!words.ok()) return ctx.Error(c, words.status().message());
    for (auto& [n, text] : *words) {
      const std::u32string w = Letters(text);
      if (w.size() == 2) common_words.insert((static_cast<uint64_t>(w[0]) << 32) | w[1]);
    }
  }
  return std::unique_ptr<Rule>(new PersonTitleRule(std::move(info), std::move(people),
                                                   std::move(confusable), std::move(common_words),
                                                   std::move(wrong_kind)));
}

const RuleType& PersonTitleRuleType() {
  static const RuleType* type = new RuleType{MakePersonTitleRule,
                                             {"wordlist", "history", "title_variants", "confusion",
                                              "common_words", "wrong_titles", "distinct_names"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
