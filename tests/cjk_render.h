// Chinese text typeset into a grey picture, as a scanner would see a printed page, for the OCR
// tests. The glyphs come from the Debian package fonts-noto-cjk (Noto Sans CJK SC, SIL Open
// Font License 1.1), found at run time; FreeType draws them. Poppler cannot do it for us: the
// fixture PDFs name a font they do not embed, so its fallback draws boxes for CJK.
#pragma once

#include <ft2build.h>
#include FT_FREETYPE_H

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "tests/scan_writers.h"

namespace cuomin::testing_writers {

// The first CJK font of these that is installed, or "" (the tests then skip and say why).
inline std::string FindCjkFont() {
  for (const char* path : {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                           "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
                           "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
                           "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"}) {
    if (std::filesystem::exists(path)) return path;
  }
  return "";
}

inline std::u32string Utf32(std::string_view s) {
  std::u32string out;
  for (size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    int n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : c & (0xFF >> (n + 1));
    for (int k = 1; k < n && i + k < s.size(); ++k) cp = (cp << 6) | (s[i + k] & 0x3F);
    out += cp;
    i += n;
  }
  return out;
}

// The simplified Chinese face of a font file at `pixel_size` pixels per em, drawing black
// text into a grey picture. `ok()` is false when the font cannot be loaded.
class CjkPen {
 public:
  CjkPen(const std::string& font_path, int pixel_size) {
    if (FT_Init_FreeType(&lib_) != 0) return;
    // A .ttc holds the Japanese, Korean, simplified and traditional Chinese faces; pick SC (the
    // shapes of simplified Chinese glyphs differ from the Japanese ones OCR was not trained on).
    for (FT_Long i = 0;; ++i) {
      FT_Face f = nullptr;
      if (FT_New_Face(lib_, font_path.c_str(), i, &f) != 0) break;
      std::string_view family = f->family_name ? f->family_name : "";
      bool sc = family.find(" SC") != std::string_view::npos;
      FT_Long faces = f->num_faces;  // read before f may be freed below
      if (face_ == nullptr || sc) {
        if (face_) FT_Done_Face(face_);
        face_ = f;
      } else {
        FT_Done_Face(f);
      }
      if (sc || i + 1 >= faces) break;
    }
    if (face_ != nullptr && FT_Set_Pixel_Sizes(face_, 0, pixel_size) != 0) {
      FT_Done_Face(face_);
      face_ = nullptr;
    }
  }
  ~CjkPen() {
    if (face_) FT_Done_Face(face_);
    if (lib_) FT_Done_FreeType(lib_);
  }
  CjkPen(const CjkPen&) = delete;
  CjkPen& operator=(const CjkPen&) = delete;
  bool ok() const { return face_ != nullptr; }

  // How far `text` advances the pen, in pixels.
  int Width(std::string_view text) {
    int w = 0;
    for (char32_t cp : Utf32(text)) {
      if (FT_Load_Char(face_, cp, FT_LOAD_DEFAULT) == 0)
        w += static_cast<int>(face_->glyph->advance.x >> 6);
    }
    return w;
  }

  // Draws `text` from pen position x on `baseline`.
  void Draw(GreyImage& out, int x, int baseline, std::string_view text) {
    for (char32_t cp : Utf32(text)) {
      if (FT_Load_Char(face_, cp, FT_LOAD_RENDER) != 0) continue;
      FT_GlyphSlot g = face_->glyph;
      for (unsigned y = 0; y < g->bitmap.rows; ++y) {
        for (unsigned gx = 0; gx < g->bitmap.width; ++gx) {
          int px = x + g->bitmap_left + static_cast<int>(gx);
          int py = baseline - g->bitmap_top + static_cast<int>(y);
          if (px < 0 || py < 0 || px >= out.width || py >= out.height) continue;
          unsigned char ink = g->bitmap.buffer[y * g->bitmap.pitch + gx];
          auto& p = out.pixels[static_cast<size_t>(py) * out.width + px];
          p = static_cast<char>(std::min<int>(static_cast<unsigned char>(p), 255 - ink));
        }
      }
      x += static_cast<int>(g->advance.x >> 6);
    }
  }

 private:
  FT_Library lib_ = nullptr;
  FT_Face face_ = nullptr;
};

// Black text on white, `pixel_size` pixels per em (50 is about 12 pt at 300 dpi), lines
// spaced 1.6 em, a margin of 2 em. Returns an empty image when the font cannot be loaded.
inline GreyImage RenderChinese(const std::string& font_path, const std::vector<std::string>& lines,
                               int pixel_size = 50) {
  GreyImage out;
  CjkPen pen(font_path, pixel_size);
  if (!pen.ok()) return out;
  int margin = 2 * pixel_size;
  int advance_y = pixel_size * 8 / 5;
  size_t longest = 0;
  for (const std::string& l : lines) longest = std::max(longest, Utf32(l).size());
  out.width = margin * 2 + static_cast<int>(longest) * pixel_size;
  out.height = margin * 2 + static_cast<int>(lines.size()) * advance_y;
  out.pixels.assign(static_cast<size_t>(out.width) * out.height, '\xFF');
  for (size_t row = 0; row < lines.size(); ++row) {
    pen.Draw(out, margin, margin + static_cast<int>(row) * advance_y + pixel_size, lines[row]);
  }
  return out;
}

// A printed table as a word processor lays it out: `lines` of text above it, then `rows` of
// cells, each column as wide as its widest cell plus a gutter of `gutter_em` em, cells set
// flush left (so the columns' right edges are ragged), an empty string an empty cell.
inline GreyImage RenderTable(const std::string& font_path, const std::vector<std::string>& lines,
                             const std::vector<std::vector<std::string>>& rows, int pixel_size = 50,
                             double gutter_em = 1.5) {
  GreyImage out;
  CjkPen pen(font_path, pixel_size);
  if (!pen.ok()) return out;
  std::vector<int> widths;
  for (const auto& row : rows) {
    if (widths.size() < row.size()) widths.resize(row.size(), 0);
    for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], pen.Width(row[c]));
  }
  const int gutter = static_cast<int>(gutter_em * pixel_size);
  const int margin = 2 * pixel_size;
  const int advance_y = pixel_size * 8 / 5;
  int table_width = 0;
  for (int w : widths) table_width += w + gutter;
  int text_width = 0;
  for (const std::string& l : lines) text_width = std::max(text_width, pen.Width(l));
  out.width = margin * 2 + std::max(table_width, text_width);
  out.height = margin * 2 + static_cast<int>(lines.size() + rows.size()) * advance_y;
  out.pixels.assign(static_cast<size_t>(out.width) * out.height, '\xFF');
  int baseline = margin + pixel_size;
  for (const std::string& l : lines) {
    pen.Draw(out, margin, baseline, l);
    baseline += advance_y;
  }
  for (const auto& row : rows) {
    int x = margin;
    for (size_t c = 0; c < row.size(); ++c) {
      pen.Draw(out, x, baseline, row[c]);
      x += widths[c] + gutter;
    }
    baseline += advance_y;
  }
  return out;
}

}  // namespace cuomin::testing_writers
