// Any bytes through the HTML path: charset sniffing, decoding, Gumbo, block extraction (with
// <br> inside Han words and spaced headlines folded); then the same bytes as a text file (lines
// joined inside Han words, spaced headlines folded), whose blocks must map the same way.
// Checks that every block maps inside the document, not just that nothing crashes; then cuts
// the blocks with a small limit (as readers cut paragraphs over kMaxBlockBytes) and checks that
// the pieces are the blocks' bytes in order, within the limit, with the same maps.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/utf8.h"
#include "scanner/document.h"
#include "scanner/reader.h"

namespace {

// At code point boundaries (where findings start and end) the map is monotonic and inside the
// document, and the text before each ends after its last character starts; inside a code point
// they need not.
void CheckMaps(const cuomin::scanner::Document& doc) {
  for (const auto& block : doc.blocks) {
    if (block.text.empty()) std::abort();
    size_t prev = 0;
    for (size_t t = 0;;) {
      size_t o = block.map.ToOriginal(t);
      if (o > doc.original.size() || o < prev) std::abort();
      // The text before t ends inside the document, after its last character starts.
      const size_t end = block.map.ToOriginalEnd(t);
      if (t > 0 && (end < prev || end > doc.original.size())) std::abort();
      prev = o;
      if (t == block.text.size()) break;
      cuomin::utf8::Next(block.text, t);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cuomin::scanner::ReadOptions options;
  options.format = "text";
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  if (auto text = cuomin::scanner::ReadDocument("fuzz.txt", bytes, options); text.ok())
    CheckMaps(*text);
  options.format = "html";
  auto doc = cuomin::scanner::ReadDocument("fuzz.html", bytes, options);
  if (!doc.ok()) return 0;
  CheckMaps(*doc);
  for (const auto& link : doc->links) {
    if (link.original_offset >= doc->original.size()) std::abort();
  }

  cuomin::scanner::Document cut = *doc;
  const size_t limit = 1 + (size > 0 ? data[0] % 48 : 0);
  cuomin::scanner::SplitLongBlocks(cut, limit);
  size_t next = 0;
  for (const auto& block : doc->blocks) {
    for (size_t begin = 0; begin < block.text.size();) {
      if (next >= cut.blocks.size()) std::abort();
      const auto& piece = cut.blocks[next++];
      if (piece.text.empty() || (block.text.size() > limit && piece.text.size() > limit))
        std::abort();
      if (block.text.compare(begin, piece.text.size(), piece.text) != 0) std::abort();
      if (piece.kind != block.kind || piece.table != block.table) std::abort();
      for (size_t t = 0; t <= piece.text.size(); ++t)
        if (piece.map.ToOriginal(t) != block.map.ToOriginal(begin + t)) std::abort();
      begin += piece.text.size();
    }
  }
  if (next != cut.blocks.size()) std::abort();
  return 0;
}
