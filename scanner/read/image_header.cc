#include "scanner/read/image_header.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>

namespace cuomin::scanner::internal {
namespace {

unsigned Byte(std::string_view b, size_t at) { return static_cast<unsigned char>(b[at]); }
long Le16(std::string_view b, size_t at) { return Byte(b, at) | Byte(b, at + 1) << 8; }
long Le32(std::string_view b, size_t at) {
  return static_cast<int32_t>(static_cast<uint32_t>(Byte(b, at)) | Byte(b, at + 1) << 8 |
                              Byte(b, at + 2) << 16 | static_cast<uint32_t>(Byte(b, at + 3)) << 24);
}

// Skips a chain of GIF data sub-blocks (a length byte, that many bytes, ... a zero length);
// returns the offset after the terminator, or npos when the file ends first.
size_t SkipSubBlocks(std::string_view b, size_t at) {
  while (at < b.size()) {
    size_t length = Byte(b, at);
    if (length == 0) return at + 1;
    at += 1 + length;
  }
  return std::string_view::npos;
}

ImageSize GifSize(std::string_view b) {
  ImageSize size{Le16(b, 6), Le16(b, 8)};
  size_t at = 13;
  if (Byte(b, 10) & 0x80) at += 3 * (size_t{2} << (Byte(b, 10) & 7));  // global colour table
  // Walks the blocks up to the trailer or the first thing that is not a block: what giflib
  // would decode is within what was walked.
  while (at < b.size()) {
    unsigned kind = Byte(b, at);
    if (kind == 0x21 && at + 1 < b.size()) {  // extension: label, then sub-blocks
      at = SkipSubBlocks(b, at + 2);
    } else if (kind == 0x2C && at + 10 <= b.size()) {  // image descriptor
      size.width = std::max(size.width, Le16(b, at + 5));
      size.height = std::max(size.height, Le16(b, at + 7));
      unsigned packed = Byte(b, at + 9);
      at += 10;
      if (packed & 0x80) at += 3 * (size_t{2} << (packed & 7));  // local colour table
      at = SkipSubBlocks(b, at + 1);                             // after the LZW code size
    } else {
      break;
    }
  }
  return size;
}

}  // namespace

std::optional<ImageSize> SizeFromHeader(std::string_view bytes) {
  if (bytes.size() >= 13 && (bytes.substr(0, 6) == "GIF87a" || bytes.substr(0, 6) == "GIF89a")) {
    return GifSize(bytes);
  }
  if (bytes.size() >= 26 && bytes.substr(0, 2) == "BM") {
    if (Le32(bytes, 14) == 12) return ImageSize{Le16(bytes, 18), Le16(bytes, 20)};  // OS/2 core
    return ImageSize{std::labs(Le32(bytes, 18)), std::labs(Le32(bytes, 22))};
  }
  return std::nullopt;
}

}  // namespace cuomin::scanner::internal
