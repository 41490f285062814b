// Entity alignment: which source bytes each decoded code point of an HTML text node came from.
#include "scanner/read/html_text_align.h"

#include <algorithm>
#include <cctype>

#include "common/utf8.h"

namespace cuomin::scanner::internal {
namespace {

size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

bool IsAlnum(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

HtmlTextAligner::HtmlTextAligner(std::string_view decoded, std::string_view raw, size_t raw_base)
    : d_(decoded), r_(raw), base_(raw_base) {}

// Next code point; false at the end. raw_begin/raw_end are offsets in the whole source.
bool HtmlTextAligner::Next(char32_t& cp, size_t& raw_begin, size_t& raw_end) {
  if (second_pending_ && j_ < d_.size()) {
    second_pending_ = false;
    cp = utf8::Next(d_, j_);
    raw_begin = raw_end = base_ + i_;
    return true;
  }
  while (j_ < d_.size()) {
    if (lost_) {
      cp = utf8::Next(d_, j_);
      raw_begin = raw_end = base_ + std::min(i_, r_.size());
      return true;
    }
    if (i_ >= r_.size()) {
      lost_ = true;
      continue;
    }
    char rc = r_[i_];
    char dc = d_[j_];
    if (rc == '\r' && dc == '\n') {  // the tokenizer turns CR LF and lone CR into LF
      size_t len = i_ + 1 < r_.size() && r_[i_ + 1] == '\n' ? 2 : 1;
      ++j_;
      cp = '\n';
      raw_begin = base_ + i_;
      raw_end = raw_begin + len;
      i_ += len;
      return true;
    }
    if (rc == '&' && MatchEntity(cp, raw_begin, raw_end)) return true;
    if (rc == dc) {
      size_t len = Utf8Length(static_cast<unsigned char>(dc));
      if (r_.compare(i_, len, d_, j_, len) == 0) {
        size_t start = j_;
        cp = utf8::Next(d_, j_);
        if (j_ - start != len) j_ = start + len;
        raw_begin = base_ + i_;
        raw_end = raw_begin + len;
        i_ += len;
        return true;
      }
    }
    // Source bytes with no decoded counterpart: an ignored tag or comment inside the run of
    // character tokens, a stripped newline after <pre>, a dropped NUL.
    if (rc == '<') {
      size_t close;
      if (r_.compare(i_, 4, "<!--") == 0) {
        close = r_.find("-->", i_ + 4);
        close = close == std::string_view::npos ? r_.size() : close + 3;
      } else {
        close = r_.find('>', i_);
        close = close == std::string_view::npos ? r_.size() : close + 1;
      }
      i_ = close;
      continue;
    }
    if (d_.compare(j_, 3, "\xEF\xBF\xBD") == 0) {
      // The tokenizer replaced a NUL or control character by U+FFFD.
      size_t len = std::min(Utf8Length(static_cast<unsigned char>(rc)), r_.size() - i_);
      cp = utf8::kReplacement;
      j_ += 3;
      raw_begin = base_ + i_;
      raw_end = raw_begin + len;
      i_ += len;
      return true;
    }
    if (IsAsciiSpace(static_cast<unsigned char>(rc)) || rc == '\0') {
      ++i_;
      continue;
    }
    lost_ = true;
  }
  return false;
}

// Reads the code point at decoded offset j into cp and returns its end, or npos.
size_t HtmlTextAligner::DecodedCp(size_t j, char32_t& cp) const {
  if (j >= d_.size()) return std::string_view::npos;
  cp = utf8::Next(d_, j);
  return j;
}

// True when the literal source after raw offset i agrees with the decoded text after j.
bool HtmlTextAligner::Agrees(size_t i, size_t j) const {
  for (size_t k = 0; k < 16; ++k, ++i, ++j) {
    if (i >= r_.size()) return j >= d_.size();
    char c = r_[i];
    if (c == '&' || c == '\r' || c == '<' || c == '\0') return true;
    if (j >= d_.size() || d_[j] != c) return false;
  }
  return true;
}

bool HtmlTextAligner::MatchEntity(char32_t& cp, size_t& raw_begin, size_t& raw_end) {
  // Longest extent a character reference can have here.
  size_t k = i_ + 1;
  bool numeric = k < r_.size() && r_[k] == '#';
  if (numeric) {
    ++k;
    bool hex = k < r_.size() && (r_[k] == 'x' || r_[k] == 'X');
    if (hex) ++k;
    while (k < r_.size() && (hex ? std::isxdigit(static_cast<unsigned char>(r_[k]))
                                 : (r_[k] >= '0' && r_[k] <= '9'))) {
      ++k;
    }
  } else {
    while (k < r_.size() && IsAlnum(r_[k])) ++k;
  }
  size_t name_end = k;
  if (k < r_.size() && r_[k] == ';') ++k;
  size_t full_end = k;
  if (name_end == i_ + 1) return false;  // a bare '&'

  auto try_extent = [&](size_t end, int cps) {
    size_t j = j_;
    char32_t first = 0;
    size_t first_end = 0;
    for (int n = 0; n < cps; ++n) {
      char32_t c;
      j = DecodedCp(j, c);
      if (j == std::string_view::npos) return false;
      if (n == 0) first = c, first_end = j;
    }
    if (!Agrees(end, j)) return false;
    cp = first;
    raw_begin = base_ + i_;
    raw_end = base_ + end;
    j_ = first_end;
    i_ = end;
    // The second code point of a two-code-point reference maps to an empty range at the
    // entity's end.
    second_pending_ = cps == 2;
    return true;
  };
  if (try_extent(full_end, 1)) return true;
  if (!numeric) {
    // Legacy references without ';' ("&copy2" is "©2"), then the few named references
    // that stand for two code points.
    for (size_t end = name_end; end > i_ + 2; --end) {
      if (try_extent(end, 1)) return true;
    }
    if (full_end > name_end && try_extent(full_end, 2)) return true;
  }
  return false;  // a literal '&': handled by the byte-equality path
}

}  // namespace cuomin::scanner::internal
