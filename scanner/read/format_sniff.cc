#include "scanner/read/format_sniff.h"

#include <array>
#include <cstring>

#include "common/strings.h"

namespace cuomin::scanner::internal {
namespace {

struct ExtensionFormat {
  const char* ext;
  const char* format;
};

// Extensions of formats cuomin reads, and of formats government sites publish that it does
// not (so that they are named in an error instead of being read as text).
constexpr ExtensionFormat kExtensions[] = {
    {"txt", "text"},         {"md", "text"},         {"text", "text"},       {"markdown", "text"},
    {"html", "html"},        {"htm", "html"},        {"shtml", "html"},      {"xhtml", "html"},
    {"docx", "docx"},        {"xlsx", "xlsx"},       {"xlsm", "xlsx"},       {"xls", "xls"},
    {"doc", "doc"},          {"pdf", "pdf"},         {"ofd", "ofd"},         {"png", "image"},
    {"jpg", "image"},        {"jpeg", "image"},      {"gif", "image"},       {"bmp", "image"},
    {"tif", "image"},        {"tiff", "image"},      {"webp", "image"},      {"ppt", "unsupported"},
    {"pptx", "unsupported"}, {"wps", "unsupported"}, {"et", "unsupported"},  {"dps", "unsupported"},
    {"zip", "unsupported"},  {"rar", "unsupported"}, {"7z", "unsupported"},  {"gz", "unsupported"},
    {"tar", "unsupported"},  {"exe", "unsupported"}, {"mp3", "unsupported"}, {"mp4", "unsupported"},
    {"avi", "unsupported"},  {"swf", "unsupported"}, {"caj", "unsupported"}, {"ceb", "unsupported"},
    {"wmv", "unsupported"},  {"flv", "unsupported"},
};

// A zip archive's kind, from the member names its headers carry (they are stored uncompressed
// in both the local headers and the central directory).
std::string ZipKind(std::string_view bytes) {
  if (bytes.find("word/document.xml") != std::string_view::npos) return "docx";
  if (bytes.find("xl/workbook.xml") != std::string_view::npos) return "xlsx";
  if (bytes.find("OFD.xml") != std::string_view::npos) return "ofd";
  return "zip";
}

// An OLE compound file's kind, from its stream names (UTF-16LE in the directory sectors).
std::string OleKind(std::string_view bytes) {
  auto has = [&](std::string_view ascii) {
    std::string wide;
    for (char c : ascii) {
      wide.push_back(c);
      wide.push_back('\0');
    }
    return bytes.find(wide) != std::string_view::npos;
  };
  if (has("WordDocument")) return "doc";
  if (has("Workbook") || has("Book")) return "xls";
  return "ole";
}

}  // namespace

std::string FormatFromName(std::string_view source) {
  size_t cut = source.find_first_of("?#");
  if (cut != std::string_view::npos && source.find("://") != std::string_view::npos) {
    source = source.substr(0, cut);
  }
  size_t slash = source.find_last_of("/\\");
  if (slash != std::string_view::npos) source = source.substr(slash + 1);
  size_t dot = source.rfind('.');
  if (dot == std::string_view::npos) return "";
  std::string ext = AsciiLower(source.substr(dot + 1));
  for (const ExtensionFormat& e : kExtensions) {
    if (ext == e.ext) return e.format;
  }
  return "";
}

std::string FormatFromContent(std::string_view bytes) {
  if (bytes.starts_with("PK\x03\x04")) return ZipKind(bytes);
  if (bytes.starts_with("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")) return OleKind(bytes);
  // PDF writers may put junk before the header; readers accept it within the first 1 KB.
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return "pdf";
  if (bytes.starts_with("\x89PNG\r\n\x1A\n") || bytes.starts_with("\xFF\xD8\xFF") ||
      bytes.starts_with("GIF87a") || bytes.starts_with("GIF89a") ||
      bytes.starts_with(std::string_view("II*\0", 4)) ||
      bytes.starts_with(std::string_view("MM\0*", 4)) ||
      (bytes.starts_with("RIFF") && bytes.substr(8, 4) == "WEBP") ||
      (bytes.starts_with("BM") && bytes.size() > 26 &&
       bytes.substr(6, 4) == std::string_view("\0\0\0\0", 4))) {
    return "image";
  }
  if (bytes.starts_with("Rar!") || bytes.starts_with("7z\xBC\xAF") ||
      bytes.starts_with("\x1F\x8B") ||
      bytes.starts_with("\x7F"
                        "ELF") ||
      bytes.starts_with("MZ")) {
    return "binary";
  }
  std::string_view rest = bytes;
  if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);
  size_t i = 0;
  while (i < rest.size() && (rest[i] == ' ' || rest[i] == '\t' || rest[i] == '\n' ||
                             rest[i] == '\r' || rest[i] == '\f')) {
    ++i;
  }
  if (i + 1 < rest.size() && rest[i] == '<') {
    char c = rest[i + 1];
    if (c == '!' || c == '?' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return "html";
  }
  return "text";
}

std::string FormatDisplayName(std::string_view format) {
  if (format == "pdf") return "PDF 文件";
  if (format == "docx") return "Word 文档（.docx）";
  if (format == "doc") return "Word 97-2003 文档（.doc）";
  if (format == "xlsx") return "Excel 表格（.xlsx）";
  if (format == "xls") return "Excel 97-2003 表格（.xls）";
  if (format == "ofd") return "OFD 版式文件";
  if (format == "image") return "图片";
  if (format == "zip") return "zip 压缩包";
  if (format == "ole") return "OLE 复合文档（如 .ppt）";
  if (format == "html") return "HTML 网页";
  if (format == "text") return "文本文件";
  return "二进制文件";
}

std::string ChooseFormat(std::string_view source, std::string_view bytes, std::string* error) {
  std::string by_name = FormatFromName(source);
  std::string by_content = FormatFromContent(bytes);
  bool content_is_text = by_content == "text" || by_content == "html";
  if (!content_is_text) {
    // A zip or OLE file named for a format of that container goes to that reader, which
    // says what is missing inside.
    if (by_content == "zip" && (by_name == "docx" || by_name == "xlsx" || by_name == "ofd")) {
      return by_name;
    }
    if (by_content == "ole" && (by_name == "doc" || by_name == "xls")) return by_name;
    // The bytes are a binary format: they decide, whatever the name says.
    if (by_content == "zip" || by_content == "ole" || by_content == "binary") {
      *error = "不支持的格式：" + FormatDisplayName(by_content) + "，文件未检查";
      return "";
    }
    return by_content;
  }
  if (by_name == "unsupported") {
    *error = "不支持的格式：" + std::string(source.substr(source.rfind('.'))) + " 文件，未检查";
    return "";
  }
  // Sites often publish HTML tables or tab-separated text under .xls and .doc names: read
  // what the bytes are. Other binary formats named but not present are an error.
  if (by_name == "xls" || by_name == "doc") return by_content;
  // A .docx that is no zip keeps the .docx reader's own message.
  if (by_name == "docx") return by_name;
  if (by_name == "pdf" || by_name == "xlsx" || by_name == "ofd" || by_name == "image") {
    *error =
        "扩展名表明是" + FormatDisplayName(by_name) + "，但内容不是（文件已损坏或被改名），未检查";
    return "";
  }
  if (by_name == "text" || by_name == "html") return by_name;
  return by_content;
}

}  // namespace cuomin::scanner::internal
