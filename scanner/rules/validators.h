// Internal: validators that a pattern rule names with `validator:`. A validator sees the whole
// match and says whether it is a real finding (an ID number whose check digit is right, a date
// that does not exist, ...). Pure functions, no state.
#pragma once

#include <string_view>

namespace cuomin::scanner::rules {

using Validator = bool (*)(std::string_view matched);

// The validator of that name, or nullptr. Names: id_card, luhn, impossible_date, not_round_number,
// mobile.
Validator FindValidator(std::string_view name);

// Exposed for tests.
bool IsValidResidentId(std::string_view digits);  // 18 digits (+X) or 15 digits, separators removed
bool PassesLuhn(std::string_view digits);         // digits only
bool IsImpossibleDate(
    std::string_view text);  // "2023年2月29日", "13月" ... true when it cannot exist
bool IsNotRoundNumberWithApprox(std::string_view text);  // "1287余人" -> true, "1200余人" -> false
bool IsMobileNumber(std::string_view text);

}  // namespace cuomin::scanner::rules
