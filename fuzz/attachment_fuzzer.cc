// Any bytes through one attachment reader (CUOMIN_FUZZ_FORMAT: pdf, xlsx, xls, ofd or image),
// built once per format by fuzz/CMakeLists.txt, and once more as ocr_fuzzer (image with OCR
// on, CUOMIN_FUZZ_OCR). .doc has its own, doc_fuzzer.cc. The limits are lowered so that each input
// stays fast, the paths behind them (page cap, cell cap, image size refusal) are what is fuzzed.
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
#ifdef CUOMIN_FUZZ_OCR
  // ocr_fuzzer: Tesseract itself on what Leptonica decodes. Pictures are kept to 64×64 (tens of
  // milliseconds of recognition each, after the engine's start of about half a second) and
  // each has a 2 s time limit, well inside libFuzzer's -timeout=10, so a hang in Tesseract
  // shows as the time limit's finding or as a libFuzzer timeout, never as a stuck run.
  options.ocr = true;
  options.max_image_pixels = 64 * 64;
  options.ocr_page_seconds = 2;
#else
  // Recognition of a larger picture is seconds of work, too slow for fuzzing; the image fuzzer
  // checks the header checks and decoding (Leptonica) and refuses anything over a small size,
  // while PDF pages without text are left to the read-incomplete finding. ocr_fuzzer (above)
  // runs the recognition on small pictures.
  options.ocr = false;
  options.max_image_pixels = 256 * 256;
#endif
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
