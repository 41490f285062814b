// Whether a body served as a web page is in fact binary (an image, an archive, a PDF): then it
// is not read as HTML, where it would turn into pages of mojibake and random findings, but
// counted and reported as unreadable.
#pragma once

#include <optional>
#include <string_view>

namespace cuomin::site {

// The kind of binary content in Chinese ("PNG 图片", "二进制数据"...), or nullopt for text.
// A few signatures plus WHATWG MIME Sniffing's "binary data byte" test over the first 1,024
// bytes (control bytes no text encoding of a web page uses; UTF-16 with a BOM is text). Written
// here rather than with libmagic: a dozen constants, and no new system dependency.
std::optional<std::string_view> SniffBinary(std::string_view body);

}  // namespace cuomin::site
