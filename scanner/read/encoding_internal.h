// Encoding helpers shared by the readers (and usable by the crawler's charset code).
// DecodeBytes in reader.h is the public entry point; these expose the pieces it is built from.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "scanner/reader.h"

namespace cuomin::scanner::encoding {

// The charset named by a <meta charset=...> or <meta http-equiv=... content="...charset=...">
// in the first kMetaSniffBytes of raw HTML bytes, lower-cased as written ("gb2312"), or "".
inline constexpr size_t kMetaSniffBytes = 8192;
std::string SniffMetaCharset(std::string_view html_bytes);

// True when s is well-formed UTF-8. Skips ASCII eight bytes at a time: it runs over every
// input, including 200 MB drafts, so it must cost far less than the scan itself.
bool IsValidUtf8(std::string_view s);

// "UTF-16LE" or "UTF-16BE" when the bytes look like BOM-less UTF-16 (NUL bytes on one side
// of most pairs), else "".
std::string_view SniffUtf16WithoutBom(std::string_view bytes);

// Binary junk: NUL bytes (in text that is not UTF-16) or many control characters near the
// start, like git's heuristic.
bool LooksBinary(std::string_view bytes);

// The canonical name used for a charset label: GB2312/GBK/CP936/... -> "GB18030",
// utf8 -> "UTF-8", otherwise ICU's IANA/MIME name; "" when ICU does not know the label.
std::string CanonicalName(std::string_view label);

// Decodes a stream in one encoding (a UTF-16 file checked in pieces) to UTF-8, chunk by chunk:
// a character split between two chunks is carried over. Malformed sequences become U+FFFD and
// are counted as in DecodeBytes.
class StreamDecoder {
 public:
  // `name` is a canonical name (CanonicalName); an error when ICU does not know it.
  static Result<std::unique_ptr<StreamDecoder>> Open(const std::string& name);
  ~StreamDecoder();
  StreamDecoder(const StreamDecoder&) = delete;
  StreamDecoder& operator=(const StreamDecoder&) = delete;

  // Appends the UTF-8 of `bytes` to `out`; `last` ends the stream (an incomplete character
  // at its end is lost and counted).
  void Decode(std::string_view bytes, bool last, std::string& out);
  size_t lost_bytes() const { return counts_[1]; }
  const std::string& name() const { return name_; }

 private:
  StreamDecoder() = default;
  struct Converters;
  std::unique_ptr<Converters> cnv_;
  std::string name_;
  size_t counts_[2] = {0, 0};  // substituted sequences, the bytes they covered
};

// DecodeBytes, but when `owned` holds the same bytes and they are already UTF-8 the buffer is
// moved into the result instead of copied (the 200 MB case).
Result<Decoded> Decode(std::string_view bytes, std::string_view declared, std::string_view forced,
                       std::string* owned);

}  // namespace cuomin::scanner::encoding
