#include "scanner/rules/near_miss.h"

#include <algorithm>
#include <limits>

#include "common/utf8.h"

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
      if (!IsSeparator(c) || IsClauseSeparator(c)) out.push_back({c, start, i});
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

// Edits between `form` (in reading order away from the anchor) and a prefix of `tokens`, the
// text end free. separated[i]: the form has a separator after its i-th letter in this order
// (before the first when i = 0). Returns {edits, tokens used}; edits = kInfinite when over.
std::pair<int, size_t> AlignOneSide(const std::u32string& form, const std::vector<bool>& separated,
                                    const std::vector<Token>& tokens, bool forward,
                                    const NearMissOptions& o) {
  const size_t a = form.size(), m = tokens.size();
  if (a == 0) return {0, 0};
  const int limit = o.max_edits;
  // A text letter (or clause separator) standing where the form has none, after i letters.
  auto drop_cost = [&](size_t i) {
    if (o.no_indels || o.drop_exclude.find(form[i]) != std::u32string_view::npos) return kInfinite;
    return 1;
  };
  auto insert_cost = [&](size_t i, char32_t t) {
    if (IsClauseSeparator(t)) return i < a && separated[i] ? 0 : kInfinite;
    if (o.no_indels) return kInfinite;
    if (!utf8::IsHan(t) || o.insert_exclude.find(t) != std::u32string_view::npos) return kInfinite;
    return 1;
  };
  // Form letter i replaced by text token j.
  auto replace_cost = [&](size_t i, size_t j) {
    const char32_t f = form[i], t = tokens[j].cp;
    if (Interchangeable(f, t, o)) return 0;
    if (IsClauseSeparator(t) || !utf8::IsHan(t)) return kInfinite;
    const bool confusable = o.outer_confusable && o.outer_confusable(f, t);
    if (i + 1 == a && !confusable) return kInfinite;
    if (!confusable && o.common_word) {
      auto word = [&](size_t x, size_t y) {  // tokens x, y in this direction's order
        return forward ? o.common_word(tokens[x].cp, tokens[y].cp)
                       : o.common_word(tokens[y].cp, tokens[x].cp);
      };
      if ((j > 0 && word(j - 1, j)) || (j + 1 < tokens.size() && word(j, j + 1))) return kInfinite;
    }
    return 1;
  };
  // Rows of the (optimal string alignment) edit table, three kept for transpositions.
  thread_local std::vector<int> prev2, prev, cur;
  prev2.assign(m + 1, kInfinite);
  prev.assign(m + 1, kInfinite);
  cur.assign(m + 1, kInfinite);
  prev[0] = 0;
  for (size_t j = 1; j <= m; ++j) {
    prev[j] = std::min(kInfinite, prev[j - 1] + insert_cost(0, tokens[j - 1].cp));
  }
  for (size_t i = 1; i <= a; ++i) {
    const bool last = i == a;
    // The form's outermost letter (last in this direction) may not be dropped.
    cur[0] = last ? kInfinite : std::min(kInfinite, prev[0] + drop_cost(i - 1));
    int row_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      // The cheap cases first: a match, or a diagonal already over the limit.
      int best = form[i - 1] == tokens[j - 1].cp ? prev[j - 1]
                 : prev[j - 1] >= limit          ? kInfinite
                                                 : prev[j - 1] + replace_cost(i - 1, j - 1);
      if (!last) best = std::min(best, prev[j] + drop_cost(i - 1));  // form letter dropped
      if (!last) best = std::min(best, cur[j - 1] + insert_cost(i, tokens[j - 1].cp));  // added
      if (i > 1 && j > 1 && form[i - 1] == tokens[j - 2].cp && form[i - 2] == tokens[j - 1].cp &&
          form[i - 1] != form[i - 2]) {
        best = std::min(best, prev2[j - 2] + 1);  // two adjacent letters swapped
      }
      cur[j] = std::min(best, kInfinite);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return {kInfinite, 0};
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  int best = kInfinite;
  size_t used = 0;
  for (size_t j = 0; j <= m; ++j) {
    if (prev[j] < best) {
      best = prev[j];
      used = j;
    }
  }
  return {best, used};
}

}  // namespace

// Whether a side can be within max_edits at all: with at most d edits, one of the first d + 1
// text letters equals a form letter at most d places from it. Most anchors are met in other
// wording (社会主义 of 社会主义市场经济 inside 社会主义民主), and this spares them the table.
bool SideCanMatch(const std::u32string& part, std::string_view text, size_t from, bool forward,
                  int d) {
  if (part.size() <= static_cast<size_t>(d)) return true;
  size_t i = from;
  for (int k = 0; k <= d; ++k) {
    char32_t c = 0;
    while (true) {
      if (forward ? i >= text.size() : i == 0) return k > 0;
      c = forward ? utf8::Next(text, i) : utf8::Prev(text, i);
      if (!IsSeparator(c) || IsClauseSeparator(c)) break;
    }
    for (int q = std::max(0, k - d); q <= k + d && q < static_cast<int>(part.size()); ++q) {
      if (part[q] == c) return true;
    }
  }
  return false;
}

NearMissAlignment AlignAround(const NearMissForm& form, size_t form_begin, size_t form_end,
                              std::string_view text, size_t text_begin, size_t text_end,
                              const NearMissOptions& options) {
  NearMissAlignment out;
  const size_t slack = static_cast<size_t>(options.max_edits);
  thread_local std::vector<Token> tokens;
  thread_local std::u32string part;

  thread_local std::vector<bool> separated;
  part.assign(form.chars, form_end, std::u32string::npos);
  separated.assign(form.separated.begin() + static_cast<long>(form_end), form.separated.end() - 1);
  if (!SideCanMatch(part, text, text_end, true, options.max_edits)) return out;
  CollectTokens(text, text_end, true, part.size() + slack + 2, tokens);
  auto [after, after_used] = AlignOneSide(part, separated, tokens, true, options);
  if (after > options.max_edits) return out;
  const size_t end = after_used == 0 ? text_end : tokens[after_used - 1].end;

  part.assign(form.chars.rbegin() + static_cast<long>(form.chars.size() - form_begin),
              form.chars.rend());
  separated.clear();
  for (size_t k = form_begin; k >= 1; --k) separated.push_back(form.separated[k]);
  if (!SideCanMatch(part, text, text_begin, false, options.max_edits)) return out;
  CollectTokens(text, text_begin, false, part.size() + slack + 2, tokens);
  auto [before, before_used] = AlignOneSide(part, separated, tokens, false, options);
  if (before + after > options.max_edits) return out;
  out.edits = before + after;
  out.begin = before_used == 0 ? text_begin : tokens[before_used - 1].begin;
  out.end = end;
  return out;
}

std::vector<std::pair<size_t, size_t>> ChooseAnchors(
    const std::u32string& chars, size_t pieces, size_t length,
    const std::function<size_t(std::u32string_view)>& score) {
  std::vector<std::pair<size_t, size_t>> best;
  if (length == 0 || chars.size() < length) return best;
  const std::u32string_view view(chars);
  std::vector<size_t> scores;
  for (size_t b = 0; b + length <= chars.size(); ++b)
    scores.push_back(score(view.substr(b, length)));
  // Every set of disjoint pieces (forms are short, pieces few): the most pieces, then the
  // rarest worst piece, then the rarest in sum.
  size_t best_worst = kNoAnchor, best_sum = kNoAnchor;
  std::vector<std::pair<size_t, size_t>> current;
  std::function<void(size_t, size_t, size_t)> walk = [&](size_t from, size_t worst, size_t sum) {
    const bool better = current.size() > best.size() ||
                        (current.size() == best.size() &&
                         (worst < best_worst || (worst == best_worst && sum < best_sum)));
    if (!current.empty() && better) {
      best = current;
      best_worst = worst;
      best_sum = sum;
    }
    if (current.size() == pieces) return;
    for (size_t b = from; b < scores.size(); ++b) {
      if (scores[b] == kNoAnchor) continue;
      current.push_back({b, b + length});
      walk(b + length, std::max(worst, scores[b]), sum + scores[b]);
      current.pop_back();
    }
  };
  walk(0, 0, 0);
  return best;
}

}  // namespace cuomin::scanner::rules
