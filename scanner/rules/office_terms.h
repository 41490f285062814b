// Internal: who held an office when (leaders-history.txt), for the canonical rule's `holders:`.
// A title followed by a name one letter off two of its holders (国务院总理李朋: 李鹏 and 李强)
// is a slip of one of them; the years the text gives, the holders' terms and how close the
// written letter is to each decide which one the suggestion names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cuomin::scanner::rules {

struct Term {
  int from = 0, to = 0;  // to == 0: held still
};

// "office(1956-1969,1973-1976)", "office(2023-)", "office(1981)", "office": the office and its
// terms (none when the years are not given or do not parse).
std::pair<std::string, std::vector<Term>> ParseOfficeTerms(std::string_view office);

// One line of leaders-history.txt, "name<TAB>office(years)|office(years)|...": the person and
// each office held with its terms (an office without years has none).
struct OfficeHistory {
  std::string name;
  std::vector<std::pair<std::string, std::vector<Term>>> offices;
};
// nullopt when the line has no tab or no name before it.
std::optional<OfficeHistory> ParseOfficeHistory(std::string_view line);

class OfficeTerms {
 public:
  // `form` (an office's wording and the holder's name: 国务院总理李鹏) held in `terms`.
  void Add(const std::string& form, const std::vector<Term>& terms);
  bool empty() const { return terms_.empty(); }
  // The terms of `form`, or nullptr when it is no holder's form.
  const std::vector<Term>* Find(const std::string& form) const;
  // Held in `year`.
  static bool Covers(const std::vector<Term>& terms, int year);
  // Held still (a term without an end).
  static bool Current(const std::vector<Term>& terms);

 private:
  std::unordered_map<std::string, std::vector<Term>> terms_;
};

}  // namespace cuomin::scanner::rules
