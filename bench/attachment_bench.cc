// Attachment readers' speed on generated files: PDF text (pages/s), .xlsx (cells/s) and OCR of
// a scanned A4 page at 300 dpi (seconds per page). The files are made in memory by the tests'
// writers (tests/attachment_writers.h, tests/cjk_render.h), so the figures need no corpus.
//
// usage: attachment_bench [--pdf-pages N] [--xlsx-rows N] [--ocr-pages N] [--repeat R]
//   defaults: 200 PDF pages of 40 lines, 20,000 rows × 4 columns, 2 OCR pages, 3 repeats;
//   --ocr-pages 0 skips OCR (it needs fonts-noto-cjk to draw the page).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/reader.h"
#include "tests/attachment_writers.h"
#include "tests/cjk_render.h"

using namespace cuomin;
using testing_writers::MakeList;

namespace {

double SecondsOf(const std::string& name, const std::string& bytes, int repeat,
                 scanner::ReadOptions options = {}) {
  double best = 1e9;
  for (int r = 0; r < repeat; ++r) {
    auto start = std::chrono::steady_clock::now();
    Result<scanner::Document> doc = scanner::ReadDocument(name, bytes, options);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!doc.ok()) {
      std::fprintf(stderr, "%s\n", doc.status().message().c_str());
      std::exit(1);
    }
    best = std::min(best, s);
  }
  return best;
}

// A page of a 公示 notice: 40 lines of prose and list rows.
std::vector<std::string> PageLines(size_t page) {
  auto rows = MakeList(30);
  std::vector<std::string> lines;
  for (int i = 0; i < 10; ++i) {
    lines.push_back("根据《中华人民共和国政府信息公开条例》，现将第" + std::to_string(page + 1) +
                    "批补贴发放情况公示如下。");
  }
  for (const auto& r : rows) lines.push_back(r.name + "  " + r.id + "  " + r.mobile);
  return lines;
}

}  // namespace

int main(int argc, char** argv) {
  size_t pdf_pages = 200, xlsx_rows = 20000, ocr_pages = 2;
  int repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string_view a = argv[i];
    size_t v = std::strtoul(argv[i + 1], nullptr, 10);
    if (a == "--pdf-pages") {
      pdf_pages = v;
    } else if (a == "--xlsx-rows") {
      xlsx_rows = v;
    } else if (a == "--ocr-pages") {
      ocr_pages = v;
    } else if (a == "--repeat") {
      repeat = static_cast<int>(std::max<size_t>(v, 1));
    } else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  if (pdf_pages > 0) {
    std::vector<std::vector<std::string>> pages;
    for (size_t p = 0; p < pdf_pages; ++p) pages.push_back(PageLines(p));
    std::string pdf = testing_writers::MakePdf(pages);
    double s = SecondsOf("bench.pdf", pdf, repeat);
    std::printf("PDF text: %zu pages in %.3f s = %.0f pages/s\n", pdf_pages, s, pdf_pages / s);
  }
  if (xlsx_rows > 0) {
    testing_writers::XlsxSheet sheet{"名单", {}};
    auto rows = MakeList(xlsx_rows);
    for (size_t i = 0; i < rows.size(); ++i) {
      sheet.rows.push_back(
          {{std::to_string(i + 1), true}, {rows[i].name}, {rows[i].id}, {rows[i].mobile, true}});
    }
    std::string xlsx = testing_writers::MakeXlsx({sheet});
    double s = SecondsOf("bench.xlsx", xlsx, repeat);
    size_t cells = xlsx_rows * 4;
    std::printf(".xlsx: %zu cells in %.3f s = %.0f cells/s\n", cells, s, cells / s);
  }
  if (ocr_pages > 0) {
    std::string font = testing_writers::FindCjkFont();
    if (font.empty()) {
      std::fprintf(stderr, "OCR skipped: no CJK font (Debian package fonts-noto-cjk)\n");
      return 0;
    }
    // An A4 page at 300 dpi is 2480×3508 pixels; 12 pt text is 50 pixels, 40 lines of it.
    auto image = testing_writers::RenderChinese(font, PageLines(0), 50);
    testing_writers::GreyImage page{2480, 3508, std::string(size_t{2480} * 3508, '\xFF')};
    for (int y = 0; y < std::min(image.height, page.height); ++y) {
      for (int x = 0; x < std::min(image.width, page.width); ++x) {
        page.pixels[static_cast<size_t>(y) * page.width + x] =
            image.pixels[static_cast<size_t>(y) * image.width + x];
      }
    }
    std::string png = testing_writers::PngOf(page);
    double total = 0;
    for (size_t p = 0; p < ocr_pages; ++p) total += SecondsOf("bench.png", png, 1);
    std::printf("OCR: %zu A4 pages at 300 dpi in %.2f s = %.2f s/page\n", ocr_pages, total,
                total / ocr_pages);
  }
  return 0;
}
