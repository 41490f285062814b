// Chinese text typeset into a grey picture, as a scanner would see a printed page, for the OCR
// tests. The glyphs come from the Debian package fonts-noto-cjk (Noto Sans CJK SC, SIL Open
// Font License 1.1), found at run time; FreeType draws them. Poppler cannot do it for us: the
// fixture PDFs name a font they do not embed, so its fallback draws boxes for CJK.
#pragma once

#include <ft2build.h>
#include FT_FREETYPE_H

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

// Black text on white, `pixel_size` pixels per em (50 is about 12 pt at 300 dpi), lines
// spaced 1.6 em, a margin of 2 em. Returns an empty image when the font cannot be loaded.
inline GreyImage RenderChinese(const std::string& font_path, const std::vector<std::string>& lines,
                               int pixel_size = 50) {
  GreyImage out;
  FT_Library lib = nullptr;
  if (FT_Init_FreeType(&lib) != 0) return out;
  // A .ttc holds the Japanese, Korean, simplified and traditional Chinese faces; pick SC (the
  // shapes of simplified Chinese glyphs differ from the Japanese ones OCR was not trained on).
  FT_Face face = nullptr;
  for (FT_Long i = 0;; ++i) {
    FT_Face f = nullptr;
    if (FT_New_Face(lib, font_path.c_str(), i, &f) != 0) break;
    std::string_view family = f->family_name ? f->family_name : "";
    bool sc = family.find(" SC") != std::string_view::npos;
    FT_Long faces = f->num_faces;  // read before f may be freed below
    if (face == nullptr || sc) {
      if (face) FT_Done_Face(face);
      face = f;
    } else {
      FT_Done_Face(f);
    }
    if (sc || i + 1 >= faces) break;
  }
  if (face == nullptr || FT_Set_Pixel_Sizes(face, 0, pixel_size) != 0) {
    FT_Done_FreeType(lib);
    return out;
  }
  int margin = 2 * pixel_size;
  int advance_y = pixel_size * 8 / 5;
  size_t longest = 0;
  for (const std::string& l : lines) longest = std::max(longest, Utf32(l).size());
  out.width = margin * 2 + static_cast<int>(longest) * pixel_size;
  out.height = margin * 2 + static_cast<int>(lines.size()) * advance_y;
  out.pixels.assign(static_cast<size_t>(out.width) * out.height, '\xFF');
  for (size_t row = 0; row < lines.size(); ++row) {
    int pen_x = margin;
    int baseline = margin + static_cast<int>(row) * advance_y + pixel_size;
    for (char32_t cp : Utf32(lines[row])) {
      if (FT_Load_Char(face, cp, FT_LOAD_RENDER) != 0) continue;
      FT_GlyphSlot g = face->glyph;
      for (unsigned y = 0; y < g->bitmap.rows; ++y) {
        for (unsigned x = 0; x < g->bitmap.width; ++x) {
          int px = pen_x + g->bitmap_left + static_cast<int>(x);
          int py = baseline - g->bitmap_top + static_cast<int>(y);
          if (px < 0 || py < 0 || px >= out.width || py >= out.height) continue;
          unsigned char ink = g->bitmap.buffer[y * g->bitmap.pitch + x];
          auto& p = out.pixels[static_cast<size_t>(py) * out.width + px];
          p = static_cast<char>(std::min<int>(static_cast<unsigned char>(p), 255 - ink));
        }
      }
      pen_x += static_cast<int>(g->advance.x >> 6);
    }
  }
  FT_Done_Face(face);
  FT_Done_FreeType(lib);
  return out;
}

}  // namespace cuomin::testing_writers
