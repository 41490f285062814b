// PDF through poppler-cpp: the text of each page in reading order (poppler's text layout
// without physical spacing), laid out by AddPagedText (one Region per page). A page with a
// table is read from its words and their positions instead, so that the table's rows and
// columns become table cells as from HTML (pdf_layout.h).
#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "scanner/read/ocr.h"
#include "scanner/read/readers_internal.h"

namespace cuomin::scanner::internal {
namespace {

// poppler prints syntax warnings of damaged files to stderr; the reader reports what matters.
void Quiet(const std::string& /*message*/, void* /*closure*/) {}

Pix* RenderPage(const poppler::page& page, const ReadOptions& options) {
  poppler::rectf box = page.page_rect();
  double dpi = 300;
  double pixels = box.width() / 72 * dpi * box.height() / 72 * dpi;
  if (pixels <= 0) return nullptr;
  if (pixels > static_cast<double>(options.max_image_pixels)) {
    dpi *= std::sqrt(static_cast<double>(options.max_image_pixels) / pixels);
  }
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  poppler::image image = renderer.render_page(&page, dpi, dpi);
  if (!image.is_valid() || image.width() <= 0 || image.height() <= 0) return nullptr;
  Pix* pix = pixCreate(image.width(), image.height(), 8);
  if (pix == nullptr) return nullptr;
  pixSetResolution(pix, static_cast<l_int32>(dpi), static_cast<l_int32>(dpi));
  const char* src = image.const_data();
  l_uint32* dst = pixGetData(pix);
  int wpl = pixGetWpl(pix);
  for (int y = 0; y < image.height(); ++y) {
    const auto* row = reinterpret_cast<const unsigned char*>(src + y * image.bytes_per_row());
    l_uint32* line = dst + y * wpl;
    for (int x = 0; x < image.width(); ++x) SET_DATA_BYTE(line, x, row[x]);
  }
  return pix;
}

// The page's words with their positions, for rebuilding its tables.
std::vector<TextBox> Boxes(const poppler::page& page) {
  std::vector<TextBox> out;
  for (const poppler::text_box& box : page.text_list()) {
    poppler::byte_array utf8 = box.text().to_utf8();
    poppler::rectf r = box.bbox();
    out.push_back({std::string(utf8.data(), utf8.size()), r.x(), r.y(), r.width(), r.height(),
                   box.has_space_after()});
  }
  return out;
}

}  // namespace

Status ReadPdf(std::string_view bytes, const ReadOptions& options, Document& doc) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { poppler::set_debug_error_function(Quiet, nullptr); });
  if (bytes.size() > static_cast<size_t>(INT_MAX)) return Status::Error("PDF 文件过大");
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf) return Status::Error("不是有效的 PDF 文件（文件已损坏或不完整），未检查");
  if (pdf->is_locked()) {
    return Status::Error("PDF 文件已加密，需要密码才能打开，未检查");
  }
  int pages = pdf->pages();
  int read = std::min(pages, options.max_pdf_pages);
  std::vector<PageContent> texts(static_cast<size_t>(read));
  std::vector<OcrPage> ocr(static_cast<size_t>(read));
  TableCarry carry;  // a table's header columns, over page breaks
  for (int i = 0; i < read; ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    if (!page) continue;
    poppler::byte_array utf8 =
        page->text(page->page_rect(), poppler::page::non_raw_non_physical_layout).to_utf8();
    PageContent& content = texts[static_cast<size_t>(i)];
    content.text.assign(utf8.data(), utf8.size());
    if (content.text.find_first_not_of(" \n\r\t\f") != std::string::npos) {
      content.layout = std::move(LayOutPage(Boxes(*page), &carry).lines);
      continue;
    }
    if (!options.ocr) continue;
    // No text layer: a scanned page. Rendered in grey at 300 dpi (less for pages so large
    // that the picture would pass the image limit) and recognised.
    std::unique_ptr<Pix, void (*)(Pix*)> pix(RenderPage(*page, options), [](Pix* p) {
      if (p != nullptr) pixDestroy(&p);
    });
    if (!pix) continue;
    Result<OcrPage> read_page = Recognize(pix.get(), options);
    if (!read_page.ok()) return read_page.status();
    ocr[static_cast<size_t>(i)] = std::move(*read_page);
    content.ocr = &ocr[static_cast<size_t>(i)];
  }
  AddPagedText(texts, doc);
  if (pages > read) {
    doc.problems.push_back(
        {"PDF 共 " + std::to_string(pages) + " 页，只检查了前 " + std::to_string(read) + " 页",
         doc.original.size()});
  }
  return Status::Ok();
}

}  // namespace cuomin::scanner::internal
