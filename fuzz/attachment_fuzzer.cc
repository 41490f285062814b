// Any bytes through one attachment reader (CUOMIN_FUZZ_FORMAT: pdf, xlsx, xls, ofd or image),
// built once per format by fuzz/CMakeLists.txt. The limits are lowered so that each input stays
// fast, the paths behind them (page cap, cell cap, image size refusal) are what is fuzzed.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "scanner/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  cuomin::scanner::ReadOptions options;
  options.format = CUOMIN_FUZZ_FORMAT;
  options.max_pdf_pages = 20;
  options.max_cells = 20'000;
  // Recognition of a picture is seconds of work, too slow for fuzzing; the image fuzzer checks
  // the header checks and decoding (Leptonica) and refuses anything over a small size, while
  // PDF pages without text are left to the read-incomplete finding.
  options.ocr = false;
  options.max_image_pixels = 256 * 256;
  options.child_seconds = 2;
  static const std::string kSource = std::string("fuzz.") + CUOMIN_FUZZ_FORMAT;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto doc = cuomin::scanner::ReadDocument(kSource, bytes, options);
  if (!doc.ok()) {
    // Every error names the file.
    if (doc.status().message().rfind(kSource + ": ", 0) != 0) std::abort();
    return 0;
  }
  // Regions (pages, cells, boxes) are in offset order inside the text.
  size_t last = 0;
  for (const auto& r : doc->regions) {
    if (r.offset < last || r.offset > doc->original.size()) std::abort();
    last = r.offset;
  }
  return 0;
}
