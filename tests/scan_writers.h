// "Scans" for the OCR tests: a page of Chinese text typeset by MakePdf, rendered by poppler at
// 300 dpi in grey (the CJK glyphs come from fontconfig: fonts-noto-cjk), then saved as a PNG or
// wrapped as the only image of a PDF page without a text layer, as a scanner would.
#pragma once

#include <leptonica/allheaders.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-image.h>
#include <poppler/cpp/poppler-page-renderer.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "tests/attachment_writers.h"

namespace cuomin::testing_writers {

struct GreyImage {
  int width = 0;
  int height = 0;
  std::string pixels;  // one byte per pixel, rows top-down
};

inline GreyImage RenderLines(const std::vector<std::string>& lines, double dpi = 300) {
  std::string pdf = MakePdf({lines});
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
  std::unique_ptr<poppler::page> page(doc->create_page(0));
  poppler::page_renderer renderer;
  renderer.set_image_format(poppler::image::format_gray8);
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  poppler::image image = renderer.render_page(page.get(), dpi, dpi);
  // Only the top of the page, where the lines are: OCR time follows the pixels.
  GreyImage out;
  out.width = image.width();
  out.height = std::min(image.height(), static_cast<int>((lines.size() * 18 + 80) * dpi / 72));
  for (int y = 0; y < out.height; ++y) {
    out.pixels.append(image.const_data() + y * image.bytes_per_row(),
                      static_cast<size_t>(image.width()));
  }
  return out;
}

// The picture as a leptonica 8-bit Pix (the caller destroys it).
inline Pix* PixOf(const GreyImage& g) {
  Pix* pix = pixCreate(g.width, g.height, 8);
  l_uint32* data = pixGetData(pix);
  int wpl = pixGetWpl(pix);
  for (int y = 0; y < g.height; ++y) {
    for (int x = 0; x < g.width; ++x) {
      SET_DATA_BYTE(data + y * wpl, x,
                    static_cast<unsigned char>(g.pixels[static_cast<size_t>(y) * g.width + x]));
    }
  }
  return pix;
}

// The picture saved by leptonica (the library Tesseract reads with) in `format`, an IFF_*
// constant: IFF_PNG, IFF_JFIF_JPEG, IFF_GIF, IFF_BMP, IFF_TIFF_ZIP. Empty if it cannot write it.
inline std::string ImageOf(const GreyImage& g, int format) {
  Pix* pix = PixOf(g);
  pixSetResolution(pix, 300, 300);
  l_uint8* bytes = nullptr;
  size_t size = 0;
  std::string out;
  if (pixWriteMem(&bytes, &size, pix, format) == 0 && bytes != nullptr) {
    out.assign(reinterpret_cast<char*>(bytes), size);
  }
  lept_free(bytes);
  pixDestroy(&pix);
  return out;
}

inline std::string PngOf(const GreyImage& g) { return ImageOf(g, IFF_PNG); }

// The picture turned `degrees` clockwise about its centre (as a sheet laid askew on a
// scanner), corners brought in white, the same size.
inline GreyImage Rotated(const GreyImage& g, double degrees) {
  Pix* pix = PixOf(g);
  Pix* turned = pixRotate(pix, static_cast<float>(degrees * 3.14159265358979 / 180),
                          L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
  GreyImage out;
  out.width = g.width;
  out.height = g.height;
  out.pixels.resize(g.pixels.size());
  const l_uint32* data = pixGetData(turned);
  const int wpl = pixGetWpl(turned);
  for (int y = 0; y < g.height; ++y) {
    for (int x = 0; x < g.width; ++x) {
      out.pixels[static_cast<size_t>(y) * g.width + x] =
          static_cast<char>(GET_DATA_BYTE(data + y * wpl, x));
    }
  }
  pixDestroy(&turned);
  pixDestroy(&pix);
  return out;
}

// A PDF whose pages each hold only a picture (no text layer), at the top of an A4 page: at
// its size at 300 dpi, or stretched to the page's width.
inline std::string ScannedPdfPages(const std::vector<GreyImage>& pages, bool a4_wide = false) {
  std::string kids;
  for (size_t i = 0; i < pages.size(); ++i) kids += std::to_string(3 + 3 * i) + " 0 R ";
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages.size()) + " >>"};
  for (size_t i = 0; i < pages.size(); ++i) {
    const GreyImage& g = pages[i];
    size_t first = 3 + 3 * i;
    std::string image =
        "<< /Type /XObject /Subtype /Image /Width " + std::to_string(g.width) + " /Height " +
        std::to_string(g.height) + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Length " +
        std::to_string(g.pixels.size()) + " >>\nstream\n" + g.pixels + "\nendstream";
    int width = a4_wide ? 595 : g.width * 72 / 300;
    int height = g.height * 72 / 300;
    std::string content = "q " + std::to_string(width) + " 0 0 " + std::to_string(height) + " 0 " +
                          std::to_string(842 - height) + " cm /Im1 Do Q\n";
    objects.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << "
        "/XObject << /Im1 " +
        std::to_string(first + 1) + " 0 R >> >> /Contents " + std::to_string(first + 2) +
        " 0 R >>");
    objects.push_back(image);
    objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content +
                      "endstream");
  }
  return PdfFile(objects);
}

// A PDF of one page holding only `g` as an A4-sized picture (no text layer).
inline std::string ScannedPdf(const GreyImage& g) { return ScannedPdfPages({g}, true); }

}  // namespace cuomin::testing_writers
