// Tables in a picture, rebuilt from where OCR put its words. A scanned 公示 list is a grid of
// cells, but OCR gives lines of words: to count "第2列共 812 个完整身份证号" as for a
// spreadsheet, the columns are found again. Each line's ink (or, without the picture, its
// words' boxes) falls into runs; a gap of about a character's height or more parts two cells.
// Lines of two runs or more, one below the other, are the rows of a table; its columns are
// the stretches of x that its rows' runs cover, parted at the gutters that (almost) no row
// crosses; each word goes to the column its box's middle is in. The ink is read rather than
// the boxes alone because Tesseract's boxes of Chinese words stray by half a character,
// into the gutters. Everything is first turned by the page's skew, measured from the slope of
// its lines, so that a scan a few degrees askew keeps its columns upright.
#pragma once

#include <functional>
#include <vector>

#include "scanner/read/ocr.h"

namespace cuomin::scanner::internal {

// Whether the pixel at (x, y) of the recognised picture is ink (false outside it).
using InkAt = std::function<bool(int x, int y)>;

// Finds the page's tables (none when no three lines in a row form one). Without `ink`, the
// runs come from the words' boxes.
std::vector<OcrLinePlace> PlaceOcrLines(const OcrPage& page, const InkAt& ink = nullptr);

}  // namespace cuomin::scanner::internal
