#include "scanner/rules/former_names.h"

#include <algorithm>
#include <charconv>

#include "common/utf8.h"

namespace cuomin::scanner::rules {
namespace {

int DigitOf(char32_t c) {
  if (c >= U'0' && c <= U'9') return static_cast<int>(c - U'0');
  if (c >= U'０' && c <= U'９') return static_cast<int>(c - U'０');
  static constexpr std::u32string_view kHan = U"〇一二三四五六七八九";
  if (c == U'零') return 0;
  size_t k = kHan.find(c);
  return k == std::u32string_view::npos ? -1 : static_cast<int>(k);
}

int ParseInt(std::string_view s) {
  int v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && p == s.data() + s.size() ? v : 0;
}

}  // namespace

std::vector<int> YearsIn(std::string_view text) {
  std::vector<int> years;
  const std::u32string letters = utf8::ToUtf32(text);
  for (size_t i = 0; i + 4 < letters.size(); ++i) {
    if (letters[i + 4] != U'年') continue;
    // Four digits of one script, not the tail of a longer number.
    if (i > 0 && DigitOf(letters[i - 1]) >= 0) continue;
    int year = 0;
    bool ok = true;
    for (size_t k = 0; k < 4 && ok; ++k) {
      int d = DigitOf(letters[i + k]);
      ok = d >= 0;
      year = year * 10 + d;
    }
    if (ok && year >= 1900 && year < 2100) years.push_back(year);
  }
  return years;
}

bool FormerNames::Add(std::string_view line) {
  std::vector<std::string_view> cols;
  size_t from = 0;
  while (from <= line.size()) {
    size_t to = line.find('\t', from);
    if (to == std::string_view::npos) to = line.size();
    cols.push_back(line.substr(from, to - from));
    from = to + 1;
  }
  if (cols.size() < 4 || cols[0].empty() || cols[3].empty()) return false;
  Name n{std::string(cols[0]), ParseInt(cols[1]), cols.size() > 4 ? ParseInt(cols[4]) : 0};
  if (n.renamed < 1900 || (cols.size() > 4 && n.local_renamed < n.renamed)) return false;
  names_.push_back(std::move(n));
  return true;
}

bool FormerNames::Dated(const Name& n, std::string_view text, std::string_view sentence,
                        size_t at) const {
  // 原国家计委, 时任卫生部部长: the writer says the body was so named then.
  for (std::string_view marker : {"原", "时任", "前", "当时", "当时的"}) {
    if (at >= marker.size() && text.substr(at - marker.size(), marker.size()) == marker)
      return true;
  }
  int renamed = n.renamed;
  if (n.local_renamed > 0 && at > 0) {
    size_t k = at;
    // 北京市国家税务局: a level word before the name makes it a local office.
    static constexpr std::u32string_view kLevels = U"省市县区州盟旗";
    if (kLevels.find(utf8::Prev(text, k)) != std::u32string_view::npos) renamed = n.local_renamed;
  }
  const std::vector<int> years = YearsIn(sentence);
  return !years.empty() &&
         std::all_of(years.begin(), years.end(), [&](int y) { return y < renamed; });
}

bool FormerNames::InItsTime(std::string_view text, std::string_view sentence, size_t begin,
                            size_t end) const {
  for (const Name& n : names_) {
    // Occurrences that overlap [begin, end) start at most one name's length before it.
    size_t from = begin >= n.name.size() ? begin - n.name.size() + 1 : 0;
    for (size_t at = text.find(n.name, from); at != std::string_view::npos && at < end;
         at = text.find(n.name, at + 1)) {
      if (at + n.name.size() > begin && Dated(n, text, sentence, at)) return true;
    }
  }
  return false;
}

}  // namespace cuomin::scanner::rules
