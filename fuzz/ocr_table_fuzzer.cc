// Any OCR words at any positions, over any ink, through the table rebuilding of pictures
// (ocr_table.h) and into a document (AppendOcrPage). Fuzzing the image reader reaches this
// code only through Tesseract on tiny pictures; here the boxes and the ink are the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "scanner/document.h"
#include "scanner/read/ocr.h"
#include "scanner/read/ocr_table.h"

namespace {

constexpr const char* kWords[] = {
    "张", "建国", "330302199003071231", "138", "0000", "”", "—", "", " ", "\xe4", "A", "1"};
constexpr size_t kWordBytes = 8;
constexpr int kInkSide = 64;  // the ink is a 64×64 bitmap, tiled over the picture

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace cuomin::scanner;
  using namespace cuomin::scanner::internal;
  // The first 512 bytes are the ink, the rest the words.
  std::vector<bool> ink(kInkSide * kInkSide, false);
  size_t i = 0;
  for (; i < size && i < ink.size() / 8; ++i) {
    for (int bit = 0; bit < 8; ++bit) ink[i * 8 + bit] = (data[i] >> bit) & 1;
  }
  OcrPage page;
  for (; i + kWordBytes <= size && page.lines.size() < 400; i += kWordBytes) {
    const uint8_t* b = data + i;
    if (page.lines.empty() || (b[7] & 0x80)) page.lines.emplace_back();
    OcrWord w;
    w.text = kWords[b[0] % (sizeof(kWords) / sizeof(kWords[0]))];
    // On a grid of 4 px over a picture up to 16384 px, some far off it or huge.
    w.box.x = ((b[1] << 8 | b[2]) % 4096) * 4 - (b[7] & 0x40 ? 100000 : 0);
    w.box.y = ((b[3] << 8 | b[4]) % 4096) * 4;
    w.box.width = b[5] * (b[7] & 0x20 ? 100000 : 2);
    w.box.height = (b[6] & 0x7F) + (b[7] & 0x10 ? 1000000 : 0);
    w.confidence = b[6] & 0x7F;
    page.lines.back().words.push_back(std::move(w));
  }
  page.places = PlaceOcrLines(page, [&](int x, int y) {
    return x >= 0 && y >= 0 && ink[(y % kInkSide) * kInkSide + x % kInkSide];
  });
  if (page.places.size() != page.lines.size()) std::abort();
  for (size_t l = 0; l < page.lines.size(); ++l) {
    const OcrLinePlace& p = page.places[l];
    if (p.table < 0) continue;
    if (p.row < 0 || p.columns < 2 || p.word_columns.size() != page.lines[l].words.size()) {
      std::abort();
    }
    for (int c : p.word_columns) {
      if (c < 0 || c >= p.columns) std::abort();
    }
  }
  Document doc;
  AppendOcrPage(page, 1, 0, doc);
  for (size_t r = 0; r < doc.regions.size(); ++r) {
    if (doc.regions[r].offset > doc.original.size()) std::abort();
    if (r > 0 && doc.regions[r].offset < doc.regions[r - 1].offset) std::abort();
  }
  return 0;
}
