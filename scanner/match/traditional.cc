#include "scanner/match/traditional.h"

#include <unicode/translit.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <memory>

#include "common/utf8.h"

namespace cuomin::scanner {
namespace {

// Calls f(code point, converted text) for every Han character that transliterator `id`
// changes. One call per character of the source set (about 3,500) takes a few milliseconds
// once per process; the earlier fold transliterated all 27,000 code points of U+3400..U+9FFF
// as one string, which took ten times longer and saw neither other planes nor multi-character
// forms.
template <typename F>
std::string ForEachChanged(const char* id, F f) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> t(
      icu::Transliterator::createInstance(id, UTRANS_FORWARD, status));
  if (U_FAILURE(status) || !t)
    return std::string("ICU 缺少 ") + id + " 转换：" + u_errorName(status);
  icu::UnicodeSet source;
  t->getSourceSet(source);
  for (int32_t r = 0; r < source.getRangeCount(); ++r) {
    for (UChar32 c = source.getRangeStart(r); c <= source.getRangeEnd(r); ++c) {
      if (!utf8::IsHan(static_cast<char32_t>(c))) continue;  // 「」 are mapped too
      icu::UnicodeString in(c), out(c);
      t->transliterate(out);
      if (out == in) continue;
      std::string s;
      out.toUTF8String(s);
      f(static_cast<char32_t>(c), std::move(s));
    }
  }
  return "";
}

}  // namespace

TraditionalTable::TraditionalTable() : bmp_(0x10000, 0) {
  error_ = ForEachChanged("Traditional-Simplified", [this](char32_t c, std::string s) {
    size_t i = 0;
    const char32_t first = utf8::Next(s, i);
    if (i == s.size()) {
      if (c < 0x10000 && first < 0x10000)
        bmp_[c] = static_cast<char16_t>(first);
      else if (c >= 0x10000)
        single_supplementary_.emplace(c, first);
    }
    simplified_.emplace(c, std::move(s));
  });
  if (!error_.empty()) return;
  error_ = ForEachChanged("Simplified-Traditional", [this](char32_t c, std::string) {
    if (!simplified_.count(c)) simplified_only_.push_back(c);
  });
  std::sort(simplified_only_.begin(), simplified_only_.end());
}

bool TraditionalTable::IsSimplifiedOnly(char32_t c) const {
  return std::binary_search(simplified_only_.begin(), simplified_only_.end(), c);
}

const TraditionalTable& Traditional() {
  static const TraditionalTable* table = new TraditionalTable();
  return *table;
}

char32_t ToSimplified(char32_t c) { return Traditional().SimplifiedChar(c); }

}  // namespace cuomin::scanner
