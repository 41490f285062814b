#include "scanner/rules/validators.h"

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/utf8.h"

namespace cuomin::scanner::rules {
namespace {

// Province-level codes of GB/T 2260 that can start a resident ID number (GB 11643).
bool IsProvinceCode(int code) {
  return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) || (code >= 31 && code <= 37) ||
         (code >= 41 && code <= 46) || (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
         code == 71 || code == 81 || code == 82 || code == 83;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int year, int month) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && (year == 0 || IsLeapYear(year))) return 29;  // year 0: unknown, allow 29
  return kDays[month - 1];
}

}  // namespace

int YearOf(int64_t unix_seconds) {
  const std::chrono::sys_days day = std::chrono::floor<std::chrono::days>(
      std::chrono::sys_seconds{std::chrono::seconds{unix_seconds}});
  return static_cast<int>(std::chrono::year_month_day{day}.year());
}

int CurrentYear() { return YearOf(DefaultClock().Now()); }

namespace {

int Digit(char c) { return c - '0'; }

int ParseFixed(std::string_view s, size_t pos, size_t len) {
  int v = 0;
  for (size_t i = pos; i < pos + len; ++i) v = v * 10 + Digit(s[i]);
  return v;
}

bool AllDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool IsValidDate(int y, int m, int d) {
  return m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

// Keeps ASCII digits and letters of a match, turning full-width digits/letters into ASCII and
// dropping separators (spaces, dashes, dots), so "110105 1949 1001 123X" reads as one number.
std::string CompactAlnum(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    char32_t c = utf8::Next(text, i);
    if (c >= 0xFF10 && c <= 0xFF19) c = c - 0xFF10 + '0';
    if (c >= 0xFF21 && c <= 0xFF3A) c = c - 0xFF21 + 'A';
    if (c >= 0xFF41 && c <= 0xFF5A) c = c - 0xFF41 + 'a';
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
      out.push_back(static_cast<char>(c));
  }
  return out;
}

// ---- dates -------------------------------------------------------------------------------

// A number written in a date, with the character that follows it.
struct DateNumber {
  int value = 0;
  int digits = 0;      // how many digit characters were written
  char32_t after = 0;  // the character right after the number (年, 月, -, ...), 0 at the end
};

int ChineseDigit(char32_t c) {
  switch (c) {
    case U'〇':
    case U'零':
    case U'○':
    case U'Ｏ':
      return 0;
    case U'一':
      return 1;
    case U'二':
    case U'两':
      return 2;
    case U'三':
      return 3;
    case U'四':
      return 4;
    case U'五':
      return 5;
    case U'六':
      return 6;
    case U'七':
      return 7;
    case U'八':
      return 8;
    case U'九':
      return 9;
    default:
      return -1;
  }
}

// "二〇二三" -> 2023 (digit by digit), "三十一" -> 31, "十二" -> 12.
int ChineseNumberValue(const std::u32string& s) {
  if (s.find(U'十') == std::u32string::npos) {
    int v = 0;
    for (char32_t c : s) v = v * 10 + ChineseDigit(c);
    return v;
  }
  int v = 0, cur = 0;
  for (char32_t c : s) {
    if (c == U'十') {
      v += (cur == 0 ? 1 : cur) * 10;
      cur = 0;
    } else {
      cur = ChineseDigit(c);
    }
  }
  return v + cur;
}

std::vector<DateNumber> DateNumbers(std::string_view text) {
  std::vector<DateNumber> out;
  size_t i = 0;
  std::optional<DateNumber> cur;
  std::u32string chinese;
  auto flush = [&](char32_t after) {
    if (!chinese.empty()) {
      cur = DateNumber{ChineseNumberValue(chinese), static_cast<int>(chinese.size()), 0};
      chinese.clear();
    }
    if (cur) {
      cur->after = after;
      out.push_back(*cur);
      cur.reset();
    }
  };
  while (i < text.size()) {
    char32_t c = utf8::Next(text, i);
    if (c >= 0xFF10 && c <= 0xFF19) c = c - 0xFF10 + '0';
    if (c >= '0' && c <= '9') {
      if (!cur) cur = DateNumber{};
      if (cur->value < 100000) cur->value = cur->value * 10 + static_cast<int>(c - '0');
      ++cur->digits;
    } else if (ChineseDigit(c) >= 0 || c == U'十') {
      chinese.push_back(c);
    } else {
      flush(c);
    }
  }
  flush(0);
  return out;
}

}  // namespace

bool IsValidResidentId(std::string_view digits) {
  if (digits.size() == 18) {
    if (!AllDigits(digits.substr(0, 17))) return false;
    char last = digits[17];
    if (!((last >= '0' && last <= '9') || last == 'X' || last == 'x')) return false;
    if (!IsProvinceCode(ParseFixed(digits, 0, 2))) return false;
    int y = ParseFixed(digits, 6, 4), m = ParseFixed(digits, 10, 2), d = ParseFixed(digits, 12, 2);
    if (y < 1900 || y > CurrentYear() || !IsValidDate(y, m, d)) return false;
    // ISO 7064 MOD 11-2: weights 2^(17-i) mod 11.
    static constexpr std::array<int, 17> kWeights{7, 9, 10, 5,  8, 4, 2, 1, 6,
                                                  3, 7, 9,  10, 5, 8, 4, 2};
    static constexpr std::string_view kCheck = "10X98765432";
    int sum = 0;
    for (size_t i = 0; i < 17; ++i) sum += Digit(digits[i]) * kWeights[i];
    char expected = kCheck[sum % 11];
    return expected == (last == 'x' ? 'X' : last);
  }
  if (digits.size() == 15) {
    if (!AllDigits(digits)) return false;
    if (!IsProvinceCode(ParseFixed(digits, 0, 2))) return false;
    int y = 1900 + ParseFixed(digits, 6, 2), m = ParseFixed(digits, 8, 2),
        d = ParseFixed(digits, 10, 2);
    return IsValidDate(y, m, d);
  }
  return false;
}

bool PassesLuhn(std::string_view digits) {
  if (!AllDigits(digits)) return false;
  int sum = 0;
  bool dbl = false;
  for (size_t i = digits.size(); i-- > 0;) {
    int v = Digit(digits[i]);
    if (dbl) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    dbl = !dbl;
  }
  return sum % 10 == 0;
}

bool IsImpossibleDate(std::string_view text) {
  std::vector<DateNumber> nums = DateNumbers(text);
  if (nums.empty()) return false;
  int year = 0, month = -1, day = -1;
  bool marked = false;
  for (const DateNumber& n : nums) {
    if (n.after == U'年') year = n.value, marked = true;
    if (n.after == U'月') month = n.value, marked = true;
    if (n.after == U'日' || n.after == U'号') day = n.value, marked = true;
  }
  if (!marked) {
    // Separator forms: 2023-02-30, 2023.2.30, 2023/2/30; without a 4-digit year, M-D.
    size_t k = 0;
    if (nums[0].digits == 4) year = nums[k++].value;
    if (k < nums.size()) month = nums[k++].value;
    if (k < nums.size()) day = nums[k++].value;
  }
  if (month == -1) return false;  // a day alone ("60日内") is a duration, not a date
  if (month < 1 || month > 12) return true;
  if (day == -1) return false;
  return day < 1 || day > DaysInMonth(year, month);
}

bool IsNotRoundNumberWithApprox(std::string_view text) {
  // The number immediately before the first 余 or 多.
  size_t approx = std::string_view::npos;
  for (std::string_view mark : {std::string_view("余"), std::string_view("多")}) {
    size_t p = text.find(mark);
    if (p != std::string_view::npos && p < approx) approx = p;
  }
  if (approx == std::string_view::npos || approx == 0) return false;
  size_t b = approx;
  while (b > 0 &&
         ((text[b - 1] >= '0' && text[b - 1] <= '9') || text[b - 1] == '.' || text[b - 1] == ','))
    --b;
  std::string number;
  for (size_t i = b; i < approx; ++i)
    if (text[i] != ',') number.push_back(text[i]);
  if (number.empty() || number.front() == '.') return false;  // Chinese numerals: left alone
  size_t dot = number.find('.');
  if (dot != std::string::npos) {
    std::string_view frac = std::string_view(number).substr(dot + 1);
    if (frac.find_first_not_of('0') != std::string_view::npos) return true;  // 3.5余万
    number.resize(dot);
  }
  if (!AllDigits(number)) return false;
  // 1200余 and 20多 are round; a single digit (5多) is left alone; 1287余 and 15余 are exact
  // numbers that 余/多 cannot follow.
  return number.size() >= 2 && number.back() != '0';
}

bool IsMobileNumber(std::string_view text) {
  std::string d = CompactAlnum(text);
  if (!AllDigits(d)) return false;
  if (d.size() == 15 && d.rfind("0086", 0) == 0) d.erase(0, 4);
  if (d.size() == 13 && d.rfind("86", 0) == 0) d.erase(0, 2);
  return d.size() == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

namespace {

bool IdCardValidator(std::string_view m) { return IsValidResidentId(CompactAlnum(m)); }

bool LuhnValidator(std::string_view m) {
  std::string d = CompactAlnum(m);
  return d.size() >= 13 && d.size() <= 19 && PassesLuhn(d);
}

}  // namespace

std::string GanzhiCorrection(std::string_view pair) {
  static const std::u32string kStems = U"甲乙丙丁戊己庚辛壬癸";
  static const std::u32string kBranches = U"子丑寅卯辰巳午未申酉戌亥";
  // Characters written for one another: 己/已/巳 differ by a stroke's length, 戊/戌/戍 by one.
  static const std::u32string kGroups[] = {U"己已巳", U"戊戌戍"};
  std::u32string p;
  for (size_t i = 0; i < pair.size();) p.push_back(utf8::Next(pair, i));
  if (p.size() != 2) return "";
  auto valid = [&](char32_t s, char32_t b) {
    size_t si = kStems.find(s), bi = kBranches.find(b);
    return si != std::u32string::npos && bi != std::u32string::npos && si % 2 == bi % 2;
  };
  if (valid(p[0], p[1])) return "";
  auto options = [&](char32_t c) {
    std::u32string o(1, c);
    for (const auto& g : kGroups) {
      if (g.find(c) != std::u32string::npos) o = c + g;
    }
    return o;
  };
  // The fewest changes; a tie between two mends is no suggestion.
  std::u32string best;
  int best_changes = 3, ties = 0;
  for (char32_t s : options(p[0])) {
    for (char32_t b : options(p[1])) {
      if (!valid(s, b)) continue;
      int changes = (s != p[0]) + (b != p[1]);
      if (changes < best_changes) {
        best = {s, b};
        best_changes = changes;
        ties = 0;
      } else if (changes == best_changes && best != std::u32string{s, b}) {
        ++ties;
      }
    }
  }
  if (best.empty() || ties > 0) return "";
  std::string out;
  for (char32_t c : best) utf8::Append(out, c);
  return out;
}

std::string YearZeroCorrection(std::string_view year) {
  std::string out;
  bool changed = false;
  for (size_t i = 0; i < year.size();) {
    char32_t c = utf8::Next(year, i);
    if (c == U'零') {
      c = U'〇';
      changed = true;
    }
    utf8::Append(out, c);
  }
  return changed ? out : "";
}

// 民国N年 (N in digits or Chinese numerals up to 一百一十九) as 公元 1911 + N: 民国六十年 ->
// 1971年. Anything else (no 民国, a numeral it cannot read) gives no suggestion.
std::string RocYearCorrection(std::string_view matched) {
  const size_t at = matched.find("民国");
  if (at == std::string_view::npos) return "";
  std::u32string n;
  for (size_t i = at + std::string_view("民国").size(); i < matched.size();) {
    const char32_t c = utf8::Next(matched, i);
    if (c == U'年') break;
    n.push_back(c);
  }
  auto digit = [](char32_t c) -> int {
    static const std::u32string kDigits = U"〇一二三四五六七八九";
    if (c >= U'0' && c <= U'9') return static_cast<int>(c - U'0');
    if (c == U'零') return 0;
    const size_t k = kDigits.find(c);
    return k == std::u32string::npos ? -1 : static_cast<int>(k);
  };
  int value = 0;
  if (!n.empty() && n[0] >= U'0' && n[0] <= U'9') {
    for (char32_t c : n) {
      if (c < U'0' || c > U'9' || value > 1000) return "";
      value = value * 10 + static_cast<int>(c - U'0');
    }
  } else {
    // 一百零五, 一百一十, 六十三, 三十九: hundreds, tens, units.
    int pending = 0;
    for (char32_t c : n) {
      if (c == U'百') {
        value += (pending == 0 ? 1 : pending) * 100;
        pending = 0;
      } else if (c == U'十') {
        value += (pending == 0 ? 1 : pending) * 10;
        pending = 0;
      } else {
        const int d = digit(c);
        if (d < 0) return "";
        pending = d;
      }
    }
    value += pending;
  }
  if (value <= 0 || value > 200) return "";
  return std::to_string(1911 + value) + "年";
}

Suggester FindSuggester(std::string_view name) {
  if (name == "ganzhi") return GanzhiCorrection;
  if (name == "roc_year") return RocYearCorrection;
  if (name == "year_zero") return YearZeroCorrection;
  return nullptr;
}

namespace {
bool GanzhiValidator(std::string_view m) { return !GanzhiCorrection(m).empty(); }
}  // namespace

Validator FindValidator(std::string_view name) {
  if (name == "ganzhi") return GanzhiValidator;
  if (name == "id_card") return IdCardValidator;
  if (name == "luhn") return LuhnValidator;
  if (name == "impossible_date") return IsImpossibleDate;
  if (name == "not_round_number") return IsNotRoundNumberWithApprox;
  if (name == "mobile") return IsMobileNumber;
  return nullptr;
}

}  // namespace cuomin::scanner::rules
