// Any bytes through the HTML path: charset sniffing, decoding, Gumbo, block extraction.
// Checks that every block maps inside the document, not just that nothing crashes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/utf8.h"
#include "scanner/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cuomin::scanner::ReadOptions options;
  options.format = "html";
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = cuomin::scanner::ReadDocument("fuzz.html", bytes, options);
  if (!doc.ok()) return 0;
  for (const auto& block : doc->blocks) {
    if (block.text.empty()) std::abort();
    // At code point boundaries (where findings start and end) the map is monotonic and
    // inside the document; inside a code point it need not be.
    size_t prev = 0;
    for (size_t t = 0;;) {
      size_t o = block.map.ToOriginal(t);
      if (o > doc->original.size() || o < prev) std::abort();
      prev = o;
      if (t == block.text.size()) break;
      cuomin::utf8::Next(block.text, t);
    }
  }
  for (const auto& link : doc->links) {
    if (link.original_offset >= doc->original.size()) std::abort();
  }
  return 0;
}
