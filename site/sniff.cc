#include "site/sniff.h"

#include <algorithm>

namespace cuomin::site {
namespace {

struct Signature {
  std::string_view magic;
  std::string_view kind;
};

constexpr Signature kSignatures[] = {
    {"\x89PNG\r\n\x1A\n", "PNG 图片"},
    {"GIF87a", "GIF 图片"},
    {"GIF89a", "GIF 图片"},
    {"\xFF\xD8\xFF", "JPEG 图片"},
    {"RIFF", "RIFF（WebP 图片、音视频）"},
    {"%PDF-", "PDF 文件"},
    {std::string_view("PK\x03\x04", 4), "ZIP 压缩包或 Office 文档"},
    {"\x1F\x8B", "gzip 压缩数据"},
    {"Rar!", "RAR 压缩包"},
    {"7z\xBC\xAF\x27\x1C", "7z 压缩包"},
    {"\xD0\xCF\x11\xE0", "旧版 Office 文档"},
    {"\x7F"
     "ELF",
     "可执行文件"},
};

bool IsBinaryDataByte(unsigned char c) {
  return c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1A) || (c >= 0x1C && c <= 0x1F);
}

}  // namespace

std::optional<std::string_view> SniffBinary(std::string_view body) {
  for (const Signature& s : kSignatures) {
    if (body.substr(0, s.magic.size()) == s.magic) return s.kind;
  }
  if (body.substr(0, 2) == "\xFF\xFE" || body.substr(0, 2) == "\xFE\xFF") return std::nullopt;
  std::string_view head = body.substr(0, 1024);
  if (std::any_of(head.begin(), head.end(),
                  [](char c) { return IsBinaryDataByte(static_cast<unsigned char>(c)); })) {
    return "二进制数据";
  }
  return std::nullopt;
}

}  // namespace cuomin::site
