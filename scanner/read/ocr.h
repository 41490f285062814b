// Text in pictures: Tesseract (chi_sim + eng) on images and on PDF pages without a text layer.
// Recognition runs on a bounded pool of engines (kMaxOcrEngines at once, whatever the number
// of checking threads), each page under a deadline, so scanned attachments cannot starve the
// checks of ordinary pages.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "scanner/document.h"
#include "scanner/reader.h"

struct Pix;

namespace cuomin::scanner::internal {

struct OcrWord {
  std::string text;
  Box box;              // in pixels of the recognised image
  int confidence = -1;  // 0..100
};
struct OcrLine {
  std::vector<OcrWord> words;
};
// Where each line of an OcrPage sits in a table: one entry per line, in the page's order.
struct OcrLinePlace {
  int table = -1;   // table on the page, 0-based; -1 for a line of text
  int row = -1;     // row in its table, 0-based, top down
  int columns = 0;  // the table's width in columns
  // For a table row, the 0-based column of each of the line's words (line.words order).
  std::vector<int> word_columns;
};

struct OcrPage {
  std::vector<OcrLine> lines;
  // Where each line sits in a table of the picture (ocr_table.h); empty until laid out.
  std::vector<OcrLinePlace> places;
  bool timed_out = false;    // the deadline cut recognition short
  double limit_seconds = 0;  // the deadline's length, for the message
};

// Recognises `pix` (any depth leptonica reads). An error when no engine can start (language
// data missing: names the Debian package).
Result<OcrPage> Recognize(Pix* pix, const ReadOptions& options);

// Appends recognised lines to doc: one block per line, words joined (no space between Han
// words, one between Latin ones), one OCR Region per word with its box and confidence.
// `page` and `first_line` go into the regions (0 for a single image).
void AppendOcrPage(const OcrPage& page, int page_number, size_t first_line, Document& doc);

// Images (.png .jpg .gif .bmp .tif .webp): decoded by leptonica after a look at the header
// (a picture over options.max_image_pixels is refused before decoding), then recognised.
Status ReadImage(std::string_view bytes, const ReadOptions& options, Document& doc);

}  // namespace cuomin::scanner::internal
