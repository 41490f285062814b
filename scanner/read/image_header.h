// Picture sizes read from the file's own header, for the formats whose "header" leptonica reads
// by decoding the whole picture (GIF, BMP in leptonica 1.82): a 20000×20000 GIF of a few
// kilobytes would be decoded (1.6 GB) before its size could be refused.
#pragma once

#include <optional>
#include <string_view>

namespace cuomin::scanner::internal {

struct ImageSize {
  long width = 0;
  long height = 0;
};

// GIF: the largest of the logical screen and every image in the file (giflib allocates each
// image at its own size). BMP: the DIB header's width and height (negative height is a
// top-down picture). nullopt for other formats and for headers too short to hold the size.
std::optional<ImageSize> SizeFromHeader(std::string_view bytes);

}  // namespace cuomin::scanner::internal
