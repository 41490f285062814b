// Internal: validators that a pattern rule names with `validator:`. A validator sees the whole
// match and says whether it is a real finding (an ID number whose check digit is right, a date
// that does not exist, ...). Pure functions, no state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace cuomin::scanner::rules {

using Validator = bool (*)(std::string_view matched);

// The validator of that name, or nullptr. Names: id_card, luhn, impossible_date, not_round_number,
// mobile.
Validator FindValidator(std::string_view name);

// A suggester computes the correct text of a match where no rewrite template can: the
// replacement depends on the letters found. Empty when it knows no correction.
using Suggester = std::string (*)(std::string_view matched);

// The suggester of that name (`suggest:` of a pattern rule), or nullptr. Names: ganzhi,
// year_zero, roc_year.
Suggester FindSuggester(std::string_view name);

// A sexagenary (干支) pair that cannot exist, made one by putting back the character it was
// taken for: 已亥 -> 己亥, 乙已 -> 乙巳, 甲戍 -> 甲戌, 戌戌 -> 戊戌. Empty for a real pair or
// one that no such change mends.
std::string GanzhiCorrection(std::string_view pair);
// A Chinese-numeral year with 零 for zero written with 〇 (GB/T 15835): 二零一二 -> 二〇一二.
std::string YearZeroCorrection(std::string_view year);

// Exposed for tests.
bool IsValidResidentId(std::string_view digits);  // 18 digits (+X) or 15 digits, separators removed
bool PassesLuhn(std::string_view digits);         // digits only
// The year (UTC) of a time in seconds since the epoch, and this year by the system clock: an
// identity number's birth year after it cannot be real. Rules that date things by "today"
// take the injected clock of their LoadContext instead (tests, `serve --test-clock`).
int YearOf(int64_t unix_seconds);
int CurrentYear();
bool IsImpossibleDate(
    std::string_view text);  // "2023年2月29日", "13月" ... true when it cannot exist
bool IsNotRoundNumberWithApprox(std::string_view text);  // "1287余人" -> true, "1200余人" -> false
bool IsMobileNumber(std::string_view text);

}  // namespace cuomin::scanner::rules
