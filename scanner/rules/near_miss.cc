#include "scanner/rules/near_miss.h"

#include <algorithm>
#include <limits>

#include "common/utf8.h"
#include "scanner/match/traditional.h"

namespace cuomin::scanner::rules {

bool IsSeparator(char32_t c) {
  if (c < 0x80) {
    return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
  }
  return c == 0x00A0 || c == 0x00B7 || (c >= 0x2000 && c <= 0x206F) ||  // spaces, “”‘’…—
         (c >= 0x3000 && c <= 0x303F) ||                                // 、。《》「」〔〕
         c == 0x30FB || (c >= 0xFE10 && c <= 0xFE6F) ||                 // ・ vertical/small
         (c >= 0xFF00 && c <= 0xFF0F) || (c >= 0xFF1A && c <= 0xFF20) ||  // ！（），：；？
         (c >= 0xFF3B && c <= 0xFF40) || (c >= 0xFF5B && c <= 0xFF65);
}

bool IsClauseSeparator(char32_t c) {
  switch (c) {
    case U'、':
    case U'，':
    case U'；':
    case U'。':
    case U'：':
    case U'！':
    case U'？':
    case U',':
    case U';':
    case U':':
    case U'!':
    case U'?':
      return true;
    default:
      return false;
  }
}

NearMissForm MakeNearMissForm(std::string_view form) {
  NearMissForm out;
  out.separated.push_back(false);
  for (size_t i = 0; i < form.size();) {
    char32_t c = utf8::Next(form, i);
    if (IsSeparator(c)) {
      out.separated.back() = !out.chars.empty();
      continue;
    }
    out.chars.push_back(c);
    out.separated.push_back(false);
  }
  return out;
}

namespace {

struct Token {
  char32_t cp;
  size_t begin, end;
  // Forward tokens only: a separator (or the line's or text's end) follows it in the text.
  bool closed = false;
};

constexpr int kInfinite = 1 << 20;

// Text letters after `from` (forward) or before it (backward), at most `limit` of them.
void CollectTokens(std::string_view text, size_t from, bool forward, size_t limit,
                   std::vector<Token>& out) {
  out.clear();
  size_t i = from;
  while (out.size() < limit) {
    if (forward ? i >= text.size() : i == 0) break;
    size_t start = i;
    char32_t c;
    if (forward) {
      c = utf8::Next(text, i);
      if (c == '\n') break;
      if (!IsSeparator(c) || IsClauseSeparator(c)) {
        size_t k = i;
        const bool closed = i >= text.size() || IsSeparator(utf8::Next(text, k));
        out.push_back({c, start, i, closed});
      }
    } else {
      c = utf8::Prev(text, i);
      if (c == '\n') break;
      if (!IsSeparator(c) || IsClauseSeparator(c)) out.push_back({c, i, start});
    }
  }
}

bool Interchangeable(char32_t a, char32_t b, const NearMissOptions& o) {
  if (a == b) return true;
  if (o.interchangeable == nullptr) return false;
  for (const std::u32string& group : *o.interchangeable) {
    if (group.find(a) != std::u32string::npos && group.find(b) != std::u32string::npos) {
      return true;
    }
  }
  return false;
}

// Whether form letter i, replaced by token j, stands beside a run of at least
// o.intact_run letters of the form written as they are: the anchor and the letters up to i on
// the near side (with the letters written as they are beyond the anchor), or the letters after
// i on the far side. Such a run shows that the form is
// meant, so a replacement that makes a common word is still a slip (中国人民共和国: 中国 is a
// word, 人民共和国 says the state's name is meant), while 中国人民进行 beside 中国人民银行
// (four letters intact) stays the text's own wording.
bool BesideIntactRun(const std::u32string& form, const std::vector<Token>& tokens, size_t i,
                     size_t j, size_t intact_before, const NearMissOptions& o) {
  if (o.intact_run == 0) return false;
  size_t near = 0;
  if (i == j) {
    size_t k = 0;
    while (k < i && tokens[k].cp == form[k]) ++k;
    if (k == i) near = intact_before + i;
  }
  size_t far = 0;
  while (i + 1 + far < form.size() && j + 1 + far < tokens.size() &&
         tokens[j + 1 + far].cp == form[i + 1 + far])
    ++far;
  return std::max(near, far) >= o.intact_run;
}

// Edits between `form` (in reading order away from the anchor) and a prefix of `tokens`, the
// text end free. separated[i]: the form has a separator after its i-th letter in this order
// (before the first when i = 0). Returns {edits, tokens used}; edits = kInfinite when over.
//
// Only the cells that can still be within max_edits are computed: a row's live cells are those
// reachable from the previous rows' live cells (one step down, diagonal or transposition)
// plus a run of insertions to the right. Most anchors sit in other wording and die within
// max_edits + 1 rows; the costs that depend on one letter only are worked out once per call,
// not per cell (the per-cell lookups in the exclusion lists were three quarters of the scan).
std::pair<int, size_t> AlignOneSide(const std::u32string& form, const std::vector<bool>& separated,
                                    const std::vector<Token>& tokens, bool forward,
                                    size_t intact_before, char32_t anchor_last,
                                    const NearMissOptions& o) {
  const size_t a = form.size(), m = tokens.size();
  if (a == 0) return {0, 0};
  const int limit = o.max_edits;
  // A form letter the text leaves out.
  thread_local std::vector<int> drop;
  drop.resize(a);
  for (size_t i = 0; i < a; ++i) {
    drop[i] =
        o.no_indels || o.drop_exclude.find(form[i]) != std::u32string_view::npos ? kInfinite : 1;
  }
  // A text token standing where the form has none: clause separators are free where the form
  // has a separator (the row decides), letters cost one unless excluded.
  thread_local std::vector<int> insert;
  thread_local std::vector<bool> clause;
  insert.resize(m);
  clause.resize(m);
  for (size_t j = 0; j < m; ++j) {
    const char32_t t = tokens[j].cp;
    clause[j] = IsClauseSeparator(t);
    insert[j] = clause[j] || o.no_indels || !utf8::IsHan(t) ||
                        o.insert_exclude.find(t) != std::u32string_view::npos
                    ? kInfinite
                    : 1;
  }
  auto insert_cost = [&](size_t i, size_t j) {
    if (clause[j]) return i < a && separated[i] ? 0 : kInfinite;
    return insert[j];
  };
  // Form letter i replaced by text token j.
  auto replace_cost = [&](size_t i, size_t j) {
    const char32_t f = form[i], t = tokens[j].cp;
    if (Interchangeable(f, t, o)) return 0;
    // A traditional character is the same letter (毛澤东主席 in a report of 1957): the script
    // rule, not a near miss, is what reports traditional script in a simplified text.
    if (ToSimplified(t) == f) return 0;
    if (clause[j] || !utf8::IsHan(t)) return kInfinite;
    auto confusable = [&] { return o.outer_confusable && o.outer_confusable(f, t); };
    auto word = [&](size_t x, size_t y) {  // tokens x, y in this direction's order
      if (!o.common_word) return false;
      return forward ? o.common_word(tokens[x].cp, tokens[y].cp)
                     : o.common_word(tokens[y].cp, tokens[x].cp);
    };
    const auto makes_word = [&] {
      return (j > 0 && word(j - 1, j)) || (j + 1 < tokens.size() && word(j, j + 1));
    };
    if (i + 1 == a) {
      if (confusable()) return 1;
      if (o.insert_exclude.find(t) != std::u32string_view::npos ||
          o.outer_exclude.find(t) != std::u32string_view::npos)
        return kInfinite;
      // Beside outer_intact_run letters of the form written as they are, where the character
      // makes no common word with a neighbour.
      const auto beside_intact_run = [&] {
        if (o.outer_intact_run == 0 || i != j || intact_before + i < o.outer_intact_run ||
            makes_word())
          return false;
        // The form's letter right after: a word put in before it (中国民用航空总局), not a slip.
        if (j + 1 < tokens.size() && tokens[j + 1].cp == f) return false;
        for (size_t k = 0; k < i; ++k)
          if (tokens[k].cp != form[k]) return false;
        return true;
      };
      // The form's last letter, closed by a separator, replaced by a character that makes no
      // word with the text's letter before it (see NearMissOptions::any_word).
      const auto closed_in_no_word = [&] {
        if (!forward || !o.any_word || !tokens[j].closed) return false;
        const char32_t before = j > 0 ? tokens[j - 1].cp : anchor_last;
        return utf8::IsHan(before) && !o.any_word(before, t);
      };
      return beside_intact_run() || closed_in_no_word() ? 1 : kInfinite;
    }
    if (o.fixed_letters.find(f) != std::u32string_view::npos) return confusable() ? 1 : kInfinite;
    // A character whose insertion is other wording (的, 和, 副) is other wording where it stands
    // for a content letter too, unless it is a slip of a confusable one (的 for 地):
    // 中华人民共和国的法律 is no garbled 中华人民共和国水法. For another such character it is a
    // slip of the name (发展与改革委员会).
    if (o.insert_exclude.find(t) != std::u32string_view::npos &&
        o.insert_exclude.find(f) == std::u32string_view::npos && !confusable())
      return kInfinite;
    if (makes_word() && !confusable() && !BesideIntactRun(form, tokens, i, j, intact_before, o))
      return kInfinite;
    return 1;
  };
  // Rows of the (optimal string alignment) edit table, three kept for transpositions, and the
  // live range [lo, hi] of each (cells outside are kInfinite).
  thread_local std::vector<int> prev2, prev, cur;
  prev2.assign(m + 1, kInfinite);
  prev.assign(m + 1, kInfinite);
  cur.assign(m + 1, kInfinite);
  prev[0] = 0;
  size_t lo = 0, hi = 0, lo2 = m + 1, hi2 = 0;
  for (size_t j = 1; j <= m; ++j) {
    const int v = prev[j - 1] + insert_cost(0, j - 1);
    if (v > limit) break;
    prev[j] = v;
    hi = j;
  }
  for (size_t i = 1; i <= a; ++i) {
    const bool last = i == a;
    size_t new_lo = m + 1, new_hi = 0;
    // Cells left of the live ranges stay kInfinite; clear what the previous use of `cur` left.
    const size_t from = std::min(lo, lo2 == m + 1 ? lo : lo2 + 2);
    const size_t reach = std::max(hi + 1, hi2 + 2);  // beyond: only insertions in this row
    for (size_t j = 0; j <= m; ++j) cur[j] = kInfinite;
    for (size_t j = from; j <= m; ++j) {
      int best;
      if (j == 0) {
        // The form's outermost letter (last in this direction) may not be dropped.
        best = last ? kInfinite : prev[0] + drop[i - 1];
      } else {
        // The cheap cases first: a match, or a diagonal already over the limit.
        best = form[i - 1] == tokens[j - 1].cp ? prev[j - 1]
               : prev[j - 1] >= limit
                   ? (ToSimplified(tokens[j - 1].cp) == form[i - 1] ? prev[j - 1] : kInfinite)
                   : prev[j - 1] + replace_cost(i - 1, j - 1);
        if (!last) {
          best = std::min(best, prev[j] + drop[i - 1]);               // form letter dropped
          best = std::min(best, cur[j - 1] + insert_cost(i, j - 1));  // text letter added
        }
        if (i > 1 && j > 1 && form[i - 1] == tokens[j - 2].cp && form[i - 2] == tokens[j - 1].cp &&
            form[i - 1] != form[i - 2]) {
          best = std::min(best, prev2[j - 2] + 1);  // two adjacent letters swapped
        }
      }
      if (best <= limit) {
        cur[j] = best;
        new_lo = std::min(new_lo, j);
        new_hi = j;
      } else if (j >= reach) {
        break;
      }
    }
    if (new_hi < new_lo) return {kInfinite, 0};
    std::swap(prev2, prev);
    std::swap(prev, cur);
    lo2 = lo;
    hi2 = hi;
    lo = new_lo;
    hi = new_hi;
  }
  int best = kInfinite;
  size_t used = 0;
  for (size_t j = lo; j <= hi; ++j) {
    if (prev[j] < best) {
      best = prev[j];
      used = j;
    }
  }
  return {best, used};
}

}  // namespace

// A necessary condition for a side to be within max_edits, read straight from the text and
// stopped at the first hopeless letter: with d edits the text's letters stray at most d places
// from the form's, and each edit spoils at most one of the first `part.size()` text letters, so
// at least part.size() - d of them equal a form letter at most d places away (or are
// interchangeable). Clause separators are left out: an alignment may only use them where the
// form has one, for nothing. Most anchors are a common piece of the form met in other wording
// (社会主义 of 社会主义市场经济 inside 社会主义民主) and fail within a few letters, before any
// token is collected or table filled.
bool CanBeWithin(const std::u32string& part, std::string_view text, size_t from, bool forward,
                 const NearMissOptions& o) {
  const int d = o.max_edits;
  const size_t n = part.size();
  int misses = 0;
  size_t k = 0;  // text letters seen
  for (size_t i = from; k < n;) {
    if (forward ? i >= text.size() : i == 0) break;
    const char32_t t = forward ? utf8::Next(text, i) : utf8::Prev(text, i);
    if (t == '\n') break;
    if (IsSeparator(t)) continue;  // clause separators too, see above
    bool near = false;
    const size_t lo = k >= static_cast<size_t>(d) ? k - d : 0;
    const char32_t simplified = ToSimplified(t);  // see replace_cost in AlignOneSide
    for (size_t q = lo; q <= k + d && q < n && !near; ++q)
      near = part[q] == t || part[q] == simplified;
    if (!near && o.interchangeable != nullptr) {
      for (const std::u32string& group : *o.interchangeable) {
        near |= group.find(t) != std::u32string::npos;
      }
    }
    if (!near && ++misses > d) return false;
    ++k;
  }
  return misses + static_cast<int>(n - k) <= d;  // letters the text ran out of are misses too
}

NearMissAlignment AlignAround(const NearMissForm& form, size_t form_begin, size_t form_end,
                              std::string_view text, size_t text_begin, size_t text_end,
                              const NearMissOptions& options) {
  NearMissAlignment out;
  const size_t slack = static_cast<size_t>(options.max_edits);
  thread_local std::vector<Token> tokens;
  thread_local std::u32string part;

  thread_local std::vector<bool> separated;
  // The form's letters written as they are on each side of the anchor, for BesideIntactRun: a
  // replacement on one side sees the anchor and this run beyond it.
  size_t exact_before = 0, exact_after = 0;
  if (options.intact_run > 0) {
    for (size_t k = text_begin; exact_before < form_begin && k > 0;) {
      if (utf8::Prev(text, k) != form.chars[form_begin - 1 - exact_before]) break;
      ++exact_before;
    }
    for (size_t k = text_end; form_end + exact_after < form.chars.size() && k < text.size();) {
      if (utf8::Next(text, k) != form.chars[form_end + exact_after]) break;
      ++exact_after;
    }
  }
  const size_t anchor = form_end - form_begin;
  part.assign(form.chars, form_end, std::u32string::npos);
  separated.assign(form.separated.begin() + static_cast<long>(form_end), form.separated.end() - 1);
  if (!CanBeWithin(part, text, text_end, true, options)) return out;
  CollectTokens(text, text_end, true, part.size() + slack + 2, tokens);
  auto [after, after_used] = AlignOneSide(part, separated, tokens, true, anchor + exact_before,
                                          form.chars[form_end - 1], options);
  if (after > options.max_edits) return out;
  const size_t end = after_used == 0 ? text_end : tokens[after_used - 1].end;

  part.assign(form.chars.rbegin() + static_cast<long>(form.chars.size() - form_begin),
              form.chars.rend());
  separated.clear();
  for (size_t k = form_begin; k >= 1; --k) separated.push_back(form.separated[k]);
  if (!CanBeWithin(part, text, text_begin, false, options)) return out;
  CollectTokens(text, text_begin, false, part.size() + slack + 2, tokens);
  auto [before, before_used] = AlignOneSide(part, separated, tokens, false, anchor + exact_after,
                                            form.chars[form_begin], options);
  if (before + after > options.max_edits) return out;
  out.edits = before + after;
  out.begin = before_used == 0 ? text_begin : tokens[before_used - 1].begin;
  out.end = end;
  return out;
}

std::vector<std::pair<size_t, size_t>> ChooseAnchors(
    const std::u32string& chars, size_t pieces, size_t length,
    const std::function<size_t(std::u32string_view)>& score, size_t min_length) {
  std::vector<std::pair<size_t, size_t>> best;
  if (min_length == 0 || min_length > length) min_length = length;
  const size_t n = chars.size();
  if (length == 0 || n < min_length || pieces == 0) return best;
  const std::u32string_view view(chars);
  // scores[len - min_length][b]: the piece of len letters from b.
  std::vector<std::vector<size_t>> scores(length - min_length + 1);
  std::vector<size_t> thresholds;
  for (size_t len = min_length; len <= length; ++len) {
    for (size_t b = 0; b + len <= n; ++b) {
      scores[len - min_length].push_back(score(view.substr(b, len)));
      if (scores[len - min_length].back() != kNoAnchor)
        thresholds.push_back(scores[len - min_length].back());
    }
  }
  std::sort(thresholds.begin(), thresholds.end());
  thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
  // For a bound on the worst score, the set with the most pieces, then the lowest sum, then
  // the most letters is a shortest path over (letter, pieces to place); the bound is raised
  // until no more pieces fit. Of equal sets the one with the earliest pieces is taken. (A
  // search over every set of pieces took too long once pieces may have several lengths.)
  struct Cell {
    bool reached = false;
    size_t sum = 0, letters = 0;
  };
  auto better = [](const Cell& a, const Cell& b) {
    return a.reached && (!b.reached || a.sum < b.sum || (a.sum == b.sum && a.letters > b.letters));
  };
  auto same = [](const Cell& a, const Cell& b) {
    return a.reached == b.reached && a.sum == b.sum && a.letters == b.letters;
  };
  size_t best_count = 0;
  // cells[p][k]: the best way to place k pieces within letters [p, n).
  std::vector<std::vector<Cell>> cells(n + 1, std::vector<Cell>(pieces + 1));
  auto with_piece = [&](size_t p, size_t len, size_t k, size_t bound) {
    const size_t s = scores[len - min_length][p];
    const Cell& rest = cells[p + len][k - 1];
    if (s == kNoAnchor || s > bound || !rest.reached) return Cell{};
    return Cell{true, rest.sum + s, rest.letters + len};
  };
  for (size_t bound : thresholds) {
    for (auto& row : cells) std::fill(row.begin(), row.end(), Cell{});
    cells[n][0].reached = true;
    for (size_t p = n; p-- > 0;) {
      cells[p] = cells[p + 1];  // letter p in no piece
      for (size_t k = 1; k <= pieces; ++k) {
        for (size_t len = min_length; len <= length && p + len <= n; ++len) {
          const Cell c = with_piece(p, len, k, bound);
          if (better(c, cells[p][k])) cells[p][k] = c;
        }
      }
    }
    size_t count = 0;
    for (size_t k = pieces; k > 0 && count == 0; --k) {
      if (cells[0][k].reached) count = k;
    }
    if (count <= best_count) continue;  // a higher bound only counts for more pieces
    best_count = count;
    best.clear();
    for (size_t p = 0, k = count; k > 0 && p < n; ++p) {
      for (size_t len = std::min(length, n - p); len >= min_length; --len) {
        if (same(with_piece(p, len, k, bound), cells[p][k])) {
          best.push_back({p, p + len});
          p += len - 1;  // the loop adds one
          --k;
          break;
        }
        if (len == min_length) break;
      }
    }
    if (best_count == pieces) break;
  }
  return best;
}

}  // namespace cuomin::scanner::rules
