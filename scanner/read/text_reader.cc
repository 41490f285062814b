// Plain text drafts: every line is a paragraph. Lines end at "\n", "\r\n" or a lone "\r"
// (old Mac files such as the 地名 word list), so no block ever holds a line break.
#include <cstring>

#include "scanner/read/readers_internal.h"

namespace cuomin::scanner::internal {
namespace {

// A line of nothing but spaces (ASCII, U+3000, U+00A0) carries nothing to check.
bool IsBlank(std::string_view line) {
  for (size_t i = 0; i < line.size();) {
    char c = line[i];
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
      ++i;
    } else if (line.compare(i, 3, "\xE3\x80\x80") == 0) {
      i += 3;
    } else if (line.compare(i, 2, "\xC2\xA0") == 0) {
      i += 2;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

void ReadTextBlocks(Document& doc) {
  std::string_view text = doc.original;
  size_t start = 0;
  while (start < text.size()) {
    // memchr for '\n' runs at memory speed; a lone '\r' inside the line is split below.
    const void* nl = std::memchr(text.data() + start, '\n', text.size() - start);
    size_t end = nl ? static_cast<const char*>(nl) - text.data() : text.size();
    size_t next = nl ? end + 1 : text.size();
    std::string_view line = text.substr(start, end - start);
    size_t piece_start = 0;
    for (;;) {
      size_t cr = line.find('\r', piece_start);
      std::string_view piece = line.substr(
          piece_start, cr == std::string_view::npos ? std::string_view::npos : cr - piece_start);
      if (!piece.empty() && !IsBlank(piece)) {
        Block block;
        block.text.assign(piece);
        block.map.Add(0, start + piece_start);
        doc.blocks.push_back(std::move(block));
      }
      if (cr == std::string_view::npos) break;
      piece_start = cr + 1;
    }
    start = next;
  }
}

}  // namespace cuomin::scanner::internal
