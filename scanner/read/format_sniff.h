// Which reader a file needs: from its magic bytes first, its name second. A file whose bytes
// say PDF is a PDF whatever it is called; a file called .pdf whose bytes are not PDF is an
// error, not text (a renamed binary read as text passed silently before).
#pragma once

#include <string>
#include <string_view>

namespace cuomin::scanner::internal {

// What the name's extension says: "text", "html", "docx", "xlsx", "xls", "doc", "pdf", "ofd",
// "image", "unsupported" (a known format cuomin does not read: .ppt, .zip, .wps ...) or ""
// when the name says nothing. A URL's query and fragment are ignored.
std::string FormatFromName(std::string_view source);

// What the bytes say: "pdf", "docx", "xlsx", "ofd", "zip" (another zip archive), "doc", "xls",
// "ole" (another OLE compound file: .ppt, .msg ...), "image", "html" or "text".
std::string FormatFromContent(std::string_view bytes);

// The format to read `bytes` named `source` as, or "" with *error set (Chinese, without the
// source) when the bytes are a kind cuomin cannot read or contradict the name.
std::string ChooseFormat(std::string_view source, std::string_view bytes, std::string* error);

// 中文 name of a format for messages: "PDF", "Excel 表格（.xls）", ...
std::string FormatDisplayName(std::string_view format);

}  // namespace cuomin::scanner::internal
