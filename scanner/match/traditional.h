// The one traditional → simplified table of the scanner: the fold (sensitive words match 賭博
// as 赌博), the script rule (國務院 in a simplified notice) and the context-typo detector (a
// traditional quotation is out of its model's reach) all read it, so they cannot disagree on
// which characters are traditional or what they become.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace cuomin::scanner {

// Built once per process from ICU's "Traditional-Simplified" and "Simplified-Traditional"
// transliterators (the CLDR data of the system's ICU), one character at a time over each
// transliterator's source set: that is every character it can change, in every plane, and a
// character is judged alone, as the fold and the script rule judge it.
class TraditionalTable {
 public:
  // Why the table is empty (ICU lacks a transliterator), or "".
  const std::string& error() const { return error_; }

  // The simplified form of a traditional Han character (ICU may give more than one code
  // point), or nullptr when T→S leaves c unchanged.
  const std::string* Simplified(char32_t c) const {
    auto it = simplified_.find(c);
    return it == simplified_.end() ? nullptr : &it->second;
  }
  // The simplified form when it is one code point, else c itself. A table lookup: the
  // context-typo detector asks for every character.
  char32_t SimplifiedChar(char32_t c) const {
    if (c < 0x10000) return bmp_[c] ? bmp_[c] : c;
    auto it = single_supplementary_.find(c);
    return it == single_supplementary_.end() ? c : it->second;
  }
  // True when only simplified text uses c: S→T changes it and T→S does not (国, 务).
  bool IsSimplifiedOnly(char32_t c) const;

  // Every traditional character and its simplified form, in code point order.
  const std::map<char32_t, std::string>& all() const { return simplified_; }
  const std::vector<char32_t>& simplified_only() const { return simplified_only_; }

 private:
  friend const TraditionalTable& Traditional();
  TraditionalTable();

  std::string error_;
  std::map<char32_t, std::string> simplified_;
  std::vector<char16_t> bmp_;  // per BMP code point: its one-code-point simplified form, or 0
  std::map<char32_t, char32_t> single_supplementary_;
  std::vector<char32_t> simplified_only_;  // sorted
};

const TraditionalTable& Traditional();

// Traditional().SimplifiedChar(c).
char32_t ToSimplified(char32_t c);

}  // namespace cuomin::scanner
