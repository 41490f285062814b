#include "scanner/read/ocr_table.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <utility>

namespace cuomin::scanner::internal {
namespace {

// Past this many words a page is left as lines: the slope is measured pairwise per line and
// the coverage walks the page's width, both cheap, but a page of noise need not be laid out.
constexpr size_t kMaxWords = 20000;
// Pixels read to find the lines' ink, at most, on one page (an A4 page at 300 dpi has 8.7
// million); lines past it are laid out by their boxes.
constexpr double kMaxInkSamples = 16e6;
// The widest table laid out, in pixels: its columns are counted pixel by pixel.
constexpr double kMaxTableWidth = 1 << 20;
// A gap between two words of a line at least this many text heights wide separates cells. A
// word processor's table leaves more between its columns; words of one cell (the characters of
// a name, the parts of an address) sit closer.
constexpr double kCellGap = 0.9;
// A gutter may be crossed by this share of a table's rows (a header spanning two columns, a
// speck read as a word) and still part its columns.
constexpr double kCrossingRows = 0.1;
// The steepest skew measured; a picture turned further is read as it is.
constexpr double kMaxSlope = 0.18;  // about 10 degrees

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// A stretch of a line with no cell gap inside, in turned coordinates.
struct Run {
  double left = 0;
  double right = 0;
};

struct LineShape {
  std::vector<Run> runs;
  std::vector<double> centres;  // each word's middle along the line
  double v = 0;                 // the line's height on the turned page
};

// The slope (dy/dx) of the page's lines: per line of two words or more spanning some width,
// the least-squares slope of its words' centres; their median.
double PageSlope(const OcrPage& page, double height) {
  std::vector<double> slopes;
  for (const OcrLine& line : page.lines) {
    if (line.words.size() < 2) continue;
    double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
    double lo = 1e18, hi = -1e18;
    for (const OcrWord& w : line.words) {
      double x = w.box.x + w.box.width / 2.0, y = w.box.y + w.box.height / 2.0;
      n += 1;
      sx += x;
      sy += y;
      sxx += x * x;
      sxy += x * y;
      lo = std::min(lo, x);
      hi = std::max(hi, x);
    }
    double den = n * sxx - sx * sx;
    if (hi - lo < 4 * height || den <= 0) continue;
    slopes.push_back((n * sxy - sx * sy) / den);
  }
  return std::clamp(Median(std::move(slopes)), -kMaxSlope, kMaxSlope);
}

// Columns of the rows `rows` (indices into shapes): the stretches their runs cover, parted at
// gutters at least `min_gutter` wide that at most a tenth of the rows cross. Turns each
// word's centre into its column; returns the number of columns.
int FindColumns(std::vector<LineShape>& shapes, const std::vector<size_t>& rows,
                double min_gutter) {
  double lo = 1e18, hi = -1e18;
  for (size_t r : rows) {
    for (const Run& run : shapes[r].runs) {
      lo = std::min(lo, run.left);
      hi = std::max(hi, run.right);
    }
  }
  if (!(hi - lo < kMaxTableWidth)) return 1;
  const auto first = static_cast<long>(std::floor(lo));
  const size_t width = static_cast<size_t>(std::ceil(hi) - static_cast<double>(first)) + 2;
  // How many rows cover each pixel column, as a difference array.
  std::vector<int> cover(width + 1, 0);
  for (size_t r : rows) {
    for (const Run& run : shapes[r].runs) {
      auto a = static_cast<size_t>(std::floor(run.left) - static_cast<double>(first));
      auto b = static_cast<size_t>(std::ceil(run.right) - static_cast<double>(first));
      ++cover[a];
      --cover[b + 1];
    }
  }
  const int crossing = static_cast<int>(static_cast<double>(rows.size()) * kCrossingRows);
  std::vector<double> gutters;  // the middle of each gutter, in turned coordinates
  int count = 0;
  bool seen_ink = false;
  size_t gap_start = 0;
  for (size_t u = 0; u < width; ++u) {
    count += cover[u];
    bool ink = count > crossing;
    if (ink) {
      if (seen_ink && gap_start > 0 && static_cast<double>(u - gap_start) >= min_gutter) {
        gutters.push_back(static_cast<double>(first) + (static_cast<double>(gap_start + u)) / 2);
      }
      seen_ink = true;
      gap_start = 0;
    } else if (seen_ink && gap_start == 0) {
      gap_start = u;
    }
  }
  for (size_t r : rows) {
    for (double& centre : shapes[r].centres) {
      centre = static_cast<double>(std::upper_bound(gutters.begin(), gutters.end(), centre) -
                                   gutters.begin());
    }
  }
  return static_cast<int>(gutters.size()) + 1;
}

}  // namespace

std::vector<OcrLinePlace> PlaceOcrLines(const OcrPage& page, const InkAt& ink) {
  std::vector<OcrLinePlace> places(page.lines.size());
  std::vector<double> heights;
  for (const OcrLine& line : page.lines) {
    for (const OcrWord& w : line.words) {
      if (w.box.height > 0) heights.push_back(w.box.height);
    }
  }
  if (heights.empty() || heights.size() > kMaxWords) return places;
  const double height = Median(heights);
  const double slope = PageSlope(page, height);
  // Turned by the skew: u runs along the lines, v across them.
  const double cos_a = 1 / std::sqrt(1 + slope * slope), sin_a = slope * cos_a;
  auto along = [&](double x, double y) { return x * cos_a + y * sin_a; };
  auto across = [&](double x, double y) { return -x * sin_a + y * cos_a; };

  const double gap = kCellGap * height;
  double ink_budget = kMaxInkSamples;
  std::vector<LineShape> shapes(page.lines.size());
  for (size_t l = 0; l < page.lines.size(); ++l) {
    const std::vector<OcrWord>& words = page.lines[l].words;
    if (words.empty()) continue;
    LineShape& shape = shapes[l];
    std::vector<std::pair<double, double>> spans;  // ink or boxes along the line
    std::vector<double> v, tops, bottoms;
    for (const OcrWord& w : words) {
      const Box& b = w.box;
      double cx = b.x + b.width / 2.0, cy = b.y + b.height / 2.0;
      shape.centres.push_back(along(cx, cy));
      spans.emplace_back(along(b.x, cy), along(b.x + static_cast<double>(b.width), cy));
      v.push_back(across(cx, cy));
      tops.push_back(across(cx, b.y));
      bottoms.push_back(across(cx, b.y + static_cast<double>(b.height)));
    }
    shape.v = Median(v);
    const double top = Median(tops), bottom = Median(bottoms);
    double from = 1e18, to = -1e18;
    for (const auto& [a, b] : spans) {
      from = std::min(from, a);
      to = std::max(to, b);
    }
    from -= height;
    to += height;
    const double samples = (to - from + 1) * (bottom - top + 1);
    if (ink && samples <= ink_budget) {
      ink_budget -= samples;
      // The line's band, from its words' usual top to their usual bottom, read across its
      // whole width and a little beyond: each stretch of u with ink in the band is a span.
      spans.clear();
      bool in = false;
      for (double u = from; u <= to; u += 1) {
        bool any = false;
        for (double vv = top; vv <= bottom && !any; vv += 1) {
          any = ink(static_cast<int>(std::lround(u * cos_a - vv * sin_a)),
                    static_cast<int>(std::lround(u * sin_a + vv * cos_a)));
        }
        if (any && !in) spans.emplace_back(u, u);
        if (any) spans.back().second = u + 1;
        in = any;
      }
    }
    std::sort(spans.begin(), spans.end());
    for (const auto& [a, b] : spans) {
      if (shape.runs.empty() || a - shape.runs.back().right >= gap) shape.runs.push_back({a, b});
      shape.runs.back().right = std::max(shape.runs.back().right, b);
    }
  }

  // Tables: lines of two runs or more, one after another down the page, at least three of
  // them; a line of one run between two rows is a row with empty cells.
  int tables = 0;
  size_t l = 0;
  while (l < page.lines.size()) {
    if (shapes[l].runs.size() < 2) {
      ++l;
      continue;
    }
    std::vector<size_t> rows = {l};
    size_t multi = 1;
    size_t next = l + 1;
    while (next < page.lines.size()) {
      // The next row: directly below, or below one line of a single run.
      size_t k = next;
      if (k < page.lines.size() && shapes[k].runs.size() == 1) ++k;
      if (k >= page.lines.size() || shapes[k].runs.size() < 2) break;
      double step = shapes[k].v - shapes[rows.back()].v;
      if (step <= 0 || step > 3 * height * static_cast<double>(k - rows.back())) break;
      if (k != next) rows.push_back(next);
      rows.push_back(k);
      ++multi;
      next = k + 1;
    }
    l = next;
    if (multi < 3) continue;
    int columns = FindColumns(shapes, rows, gap / 2);
    if (columns < 2) continue;
    std::vector<size_t> by_height = rows;
    std::sort(by_height.begin(), by_height.end(),
              [&](size_t a, size_t b) { return shapes[a].v < shapes[b].v; });
    for (size_t i = 0; i < by_height.size(); ++i) {
      size_t line = by_height[i];
      OcrLinePlace& place = places[line];
      place.table = tables;
      place.row = static_cast<int>(i);
      place.columns = columns;
      for (double column : shapes[line].centres) {
        place.word_columns.push_back(static_cast<int>(column));
      }
    }
    ++tables;
  }
  return places;
}

}  // namespace cuomin::scanner::internal
