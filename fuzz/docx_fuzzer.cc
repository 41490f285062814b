// Any bytes through the .docx path: libzip, the zip bomb guard, pugixml, the body walker.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "scanner/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cuomin::scanner::ReadOptions options;
  options.format = "docx";
  options.max_docx_xml_bytes = 8 << 20;  // keep each run fast
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = cuomin::scanner::ReadDocument("fuzz.docx", bytes, options);
  if (!doc.ok()) {
    if (doc.status().message().rfind("fuzz.docx: ", 0) != 0) std::abort();
    return 0;
  }
  for (const auto& block : doc->blocks) {
    size_t o = block.map.ToOriginal(0);
    if (doc->original.compare(o, block.text.size(), block.text) != 0) std::abort();
  }
  return 0;
}
