// Internal: approximate matching of a known form around an anchor, for the near-miss rules
// (canonical forms, leaders' names).
//
// A form of n characters written with up to D edits (a character replaced, dropped, inserted,
// or two adjacent characters swapped) keeps at least one of D + 1 disjoint pieces of itself
// intact. The engine's word automaton finds those pieces (anchors); around each occurrence
// AlignAround() compares the text with the whole form, character by character, and says how
// many edits apart they are. Punctuation and spaces count for nothing on either side, so a form
// written with quotes or different separators inside it (不忘初心，牢记使命) is the form.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace cuomin::scanner::rules {

// True for characters that separate words but carry no letters: punctuation (ASCII and CJK),
// spaces, quotes and brackets.
bool IsSeparator(char32_t c);

// True for separators that divide clauses or list items (、，；。：！？): in the text they are
// free only where the form has a separator too, so that 十九届二中、三中全会 is not read as a
// garbled 十九届三中全会. Quotes, brackets and spaces are free anywhere.
bool IsClauseSeparator(char32_t c);

// A form prepared for approximate matching: its letters, without separators.
struct NearMissForm {
  std::u32string chars;
  // separated[k]: the form has a separator between letters k - 1 and k (size chars.size() + 1).
  std::vector<bool> separated;
};

// The form's letters and where separators stood.
NearMissForm MakeNearMissForm(std::string_view form);

struct NearMissOptions {
  int max_edits = 1;
  // Groups of characters that stand for each other without making another form wrong
  // (全国 / 全省 人民代表大会; numerals): replacing one by another of its group costs nothing.
  const std::vector<std::u32string>* interchangeable = nullptr;
  // Characters whose insertion turns the form into other correct wording (的, 和, 副): an
  // alignment that needs to insert one is no near miss.
  std::u32string_view insert_exclude;
  // Letters of the form whose omission leaves correct wording (的: 中华民族伟大复兴的中国梦).
  std::u32string_view drop_exclude;
  // Letters of the form that only a confusable character may replace, wherever they stand: the
  // fixed words of forms whose other part is a name (总理 of 李强总理: 张春桥当总理 is other
  // wording, not a slip of 张春桥副总理).
  std::u32string_view fixed_letters;
  // Only replacements and swaps, no dropped or inserted letters: for forms with numbers
  // (十九届四中全会), where a numeral or 届 more or less names another meeting.
  bool no_indels = false;
  // Whether `wrong` may stand for `right` at the form's first or last letter. A replaced outer
  // letter is often the text's own next word (国家知识产权局 / 国家知识产权战略), so only
  // confusable characters count there; interior letters may be replaced by anything.
  std::function<bool(char32_t right, char32_t wrong)> outer_confusable;
  // An outer letter may be replaced by any character that makes no common word with either
  // neighbour and is no insert_exclude character, when the form's other letters on that side
  // of it, this many or more, are written as they are (全国人民代表大会常务委员侩: twelve letters
  // say the form is meant; 国家知识产权战略 stays quiet, 战略 being a word); 0: never.
  size_t outer_intact_run = 0;
  // Characters that end the name of a body or a law (局, 部, 厅, 法): where one replaces an outer
  // letter under outer_intact_run, the text names another body (中华人民共和国专利局 beside
  // 中华人民共和国专利法), not a slip.
  std::u32string_view outer_exclude;
  // Whether two letters in reading order are a common word. A non-confusable replacement
  // that makes a common word with its neighbour in the text is the text's own wording
  // (中国人民进行 beside 中国人民银行), not a near miss.
  std::function<bool(char32_t first, char32_t second)> common_word;
  // Whether two letters in reading order are a word at all (jieba's dictionary, not only its
  // common words). A last letter that only a confusable character may replace (see
  // outer_confusable) may be replaced by any Han character where the text closes the form
  // there (a separator follows: 》, a quote, punctuation, the line's end) and the character
  // makes no word with the letter before it: 推进乡村全面振心。 is no other wording, while
  // 国家知识产权战略 (战略 runs on) and 全国人民代表大厅 (大厅 is a word) are.
  std::function<bool(char32_t first, char32_t second)> any_word;
  // A replacement beside this many letters of the form written as they are is a slip even when
  // it makes a common word (中国人民共和国); 0: never.
  size_t intact_run = 0;
};

// The text span that matches a form best, and how many edits it needed.
struct NearMissAlignment {
  int edits = -1;    // -1: not within max_edits
  size_t begin = 0;  // byte offsets into the text
  size_t end = 0;
};

// Compares `form` with the text around an anchor: the form's letters [form_begin, form_end)
// (indices into form.chars) were found exactly at text bytes [text_begin, text_end). The
// form's first and last letters may be replaced but not dropped (an omitted first character
// is usually the text's own wording: 华人民 in 在华人民).
NearMissAlignment AlignAround(const NearMissForm& form, size_t form_begin, size_t form_end,
                              std::string_view text, size_t text_begin, size_t text_end,
                              const NearMissOptions& options);

// Chooses `pieces` disjoint anchors of min_length to length letters in a form (they need not
// cover it: D + 1 disjoint pieces are enough for D edits), preferring pieces with a low score
// (score(piece) is called for candidate substrings, e.g. how many forms contain them;
// kNoAnchor rules a piece out): the most pieces, then the lowest worst score, then the lowest
// sum, then the most letters. Returns letter index ranges [begin, end) in order, fewer when
// the form is too short.
inline constexpr size_t kNoAnchor = static_cast<size_t>(-1);
std::vector<std::pair<size_t, size_t>> ChooseAnchors(
    const std::u32string& chars, size_t pieces, size_t length,
    const std::function<size_t(std::u32string_view)>& score, size_t min_length = 0);

}  // namespace cuomin::scanner::rules
