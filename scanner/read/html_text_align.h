// Internal to the HTML reader: maps a text node's decoded text back onto its source bytes.
#pragma once

#include <cstddef>
#include <string_view>

namespace cuomin::scanner::internal {

inline bool IsAsciiSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Walks a text node's decoded text alongside its source bytes and reports, for each decoded
// code point, the source byte range it came from. Gumbo gives only the decoded text and the
// raw slice, so entity extents are recovered here: a candidate reading of each '&' is accepted
// when the literal bytes that follow it agree on both sides.
class HtmlTextAligner {
 public:
  // `raw` is the node's source slice, starting at byte `raw_base` of the whole source.
  HtmlTextAligner(std::string_view decoded, std::string_view raw, size_t raw_base);

  // Next code point; false at the end. raw_begin/raw_end are offsets in the whole source.
  bool Next(char32_t& cp, size_t& raw_begin, size_t& raw_end);

 private:
  size_t DecodedCp(size_t j, char32_t& cp) const;
  bool Agrees(size_t i, size_t j) const;
  bool MatchEntity(char32_t& cp, size_t& raw_begin, size_t& raw_end);

  std::string_view d_;
  std::string_view r_;
  size_t base_;
  size_t i_ = 0;
  size_t j_ = 0;
  bool lost_ = false;
  bool second_pending_ = false;
};

}  // namespace cuomin::scanner::internal
