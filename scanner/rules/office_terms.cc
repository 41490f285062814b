#include "scanner/rules/office_terms.h"

#include <algorithm>
#include <charconv>

namespace cuomin::scanner::rules {
namespace {

// A year of 1900-2099, or 0.
int Year(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() && v >= 1900 && v < 2100 ? v : 0;
}

}  // namespace

std::pair<std::string, std::vector<Term>> ParseOfficeTerms(std::string_view office) {
  const size_t open = office.find('(');
  std::string title(office.substr(0, open));
  while (!title.empty() && (title.back() == ' ' || title.back() == '\t')) title.pop_back();
  std::vector<Term> terms;
  if (open == std::string_view::npos) return {std::move(title), terms};
  const size_t close = office.find(')', open);
  if (close == std::string_view::npos) return {std::move(title), terms};
  std::string_view years = office.substr(open + 1, close - open - 1);
  while (!years.empty()) {
    const size_t comma = years.find(',');
    const std::string_view span = years.substr(0, comma);
    years = comma == std::string_view::npos ? std::string_view() : years.substr(comma + 1);
    const size_t dash = span.find('-');
    Term t;
    t.from = Year(span.substr(0, dash));
    if (dash == std::string_view::npos) {
      t.to = t.from;  // one year (1981)
    } else {
      const std::string_view to = span.substr(dash + 1);
      t.to = to.empty() ? 0 : Year(to);
      // An end that does not parse is no open term: such a line says nothing.
      if (!to.empty() && t.to == 0) continue;
    }
    if (t.from == 0 || (t.to != 0 && t.to < t.from)) continue;
    terms.push_back(t);
  }
  return {std::move(title), std::move(terms)};
}

std::optional<OfficeHistory> ParseOfficeHistory(std::string_view line) {
  const size_t tab = line.find('\t');
  if (tab == std::string_view::npos || tab == 0) return std::nullopt;
  OfficeHistory h;
  h.name = std::string(line.substr(0, tab));
  const std::string_view rest = line.substr(tab + 1);
  for (size_t from = 0; from <= rest.size();) {
    size_t bar = rest.find('|', from);
    if (bar == std::string_view::npos) bar = rest.size();
    auto office = ParseOfficeTerms(rest.substr(from, bar - from));
    from = bar + 1;
    if (!office.first.empty()) h.offices.push_back(std::move(office));
  }
  return h;
}

void OfficeTerms::Add(const std::string& form, const std::vector<Term>& terms) {
  std::vector<Term>& held = terms_[form];
  held.insert(held.end(), terms.begin(), terms.end());
}

const std::vector<Term>* OfficeTerms::Find(const std::string& form) const {
  auto it = terms_.find(form);
  return it == terms_.end() ? nullptr : &it->second;
}

bool OfficeTerms::Covers(const std::vector<Term>& terms, int year) {
  return std::any_of(terms.begin(), terms.end(),
                     [&](const Term& t) { return t.from <= year && (t.to == 0 || year <= t.to); });
}

bool OfficeTerms::Current(const std::vector<Term>& terms) {
  return std::any_of(terms.begin(), terms.end(), [](const Term& t) { return t.to == 0; });
}

}  // namespace cuomin::scanner::rules
