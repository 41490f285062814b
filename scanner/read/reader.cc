// ReadDocument: size limit, format choice, binary check, decoding, then the format's reader.
#include "scanner/reader.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "common/errno_text.h"
#include "common/strings.h"
#include "scanner/read/encoding_internal.h"
#include "scanner/read/format_sniff.h"
#include "scanner/read/ocr.h"
#include "scanner/read/readers_internal.h"
#include "scanner/read/spaced_han.h"

namespace cuomin::scanner {
namespace internal {

std::string FormatMegabytes(size_t bytes) {
  char buf[32];
  double mb = static_cast<double>(bytes) / (1 << 20);
  if (bytes % (size_t{1} << 20) == 0) {
    std::snprintf(buf, sizeof buf, "%zu", bytes >> 20);
  } else {
    std::snprintf(buf, sizeof buf, mb < 0.1 ? "%.3f" : "%.1f", mb);
  }
  return buf;
}

std::string LostBytesMessage(size_t lost, std::string_view encoding) {
  return "有 " + std::to_string(lost) + " 个字节无法按 " + std::string(encoding) +
         " 解码，已替换为 �，这些位置的原文未检查";
}

}  // namespace internal

namespace {

bool HasUtf16Bom(std::string_view bytes) {
  return bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF";
}

Status Failure(const std::string& source, std::string_view what) {
  return Status::Error(source + ": " + std::string(what));
}

Result<Document> ReadBlocks(std::string source, std::string_view bytes, const ReadOptions& options,
                            std::string* owned) {
  if (bytes.size() > options.max_bytes) {
    return Failure(source, "文件过大（" + internal::FormatMegabytes(bytes.size()) + " MB，上限 " +
                               internal::FormatMegabytes(options.max_bytes) + " MB）");
  }
  Document doc;
  if (options.format.empty()) {
    std::string error;
    doc.format = internal::ChooseFormat(source, bytes, &error);
    if (doc.format.empty()) return Failure(source, error);
  } else {
    doc.format = AsciiLower(options.format);
  }
  // Binary formats: their reader fills original (UTF-8), blocks and regions.
  using BinaryReader = Status (*)(std::string_view, const ReadOptions&, Document&);
  BinaryReader binary = doc.format == "pdf"     ? internal::ReadPdf
                        : doc.format == "xlsx"  ? internal::ReadXlsx
                        : doc.format == "ofd"   ? internal::ReadOfd
                        : doc.format == "xls"   ? internal::ReadXls
                        : doc.format == "doc"   ? internal::ReadDoc
                        : doc.format == "image" ? internal::ReadImage
                                                : nullptr;
  if (binary != nullptr) {
    doc.source = std::move(source);
    if (Status s = binary(bytes, options, doc); !s.ok()) return Failure(doc.source, s.message());
    doc.encoding = "UTF-8";
    return doc;
  }
  if (doc.format != "text" && doc.format != "html" && doc.format != "docx") {
    if (options.format.empty()) {
      return Failure(source,
                     "暂不支持的格式：" + internal::FormatDisplayName(doc.format) + "，文件未检查");
    }
    return Failure(source, "未知的格式：" + options.format +
                               "（可用 text、html、docx、doc、pdf、xlsx、xls、ofd、image）");
  }
  doc.source = std::move(source);

  if (doc.format == "docx") {
    if (Status s = internal::ReadDocx(bytes, options, doc); !s.ok()) {
      return Failure(doc.source, s.message());
    }
    doc.encoding = "UTF-8";
    return doc;
  }

  if (options.encoding.empty() && !HasUtf16Bom(bytes) &&
      encoding::SniffUtf16WithoutBom(bytes).empty() && encoding::LooksBinary(bytes)) {
    return Failure(doc.source, "看起来不是文本文件（含有 NUL 字节或大量控制字符）");
  }
  std::string declared = options.declared_encoding;
  if (declared.empty() && doc.format == "html") declared = encoding::SniffMetaCharset(bytes);
  Result<Decoded> decoded = encoding::Decode(bytes, declared, options.encoding, owned);
  if (!decoded.ok()) return Failure(doc.source, decoded.status().message());
  doc.original = std::move(decoded->text);
  doc.encoding = std::move(decoded->encoding);
  if (decoded->lost_bytes > 0) {
    size_t first = doc.original.find("\xEF\xBF\xBD");
    doc.problems.push_back({internal::LostBytesMessage(decoded->lost_bytes, doc.encoding),
                            first == std::string::npos ? 0 : first});
  }
  if (doc.format == "html") {
    internal::ReadHtmlBlocks(doc, options.max_html_bytes);
  } else {
    internal::ReadTextBlocks(doc);
  }
  return doc;
}

Result<Document> ReadImpl(std::string source, std::string_view bytes, const ReadOptions& options,
                          std::string* owned) {
  Result<Document> doc = ReadBlocks(std::move(source), bytes, options, owned);
  if (doc.ok()) {
    internal::FoldSpacedHan(*doc);
    SplitLongBlocks(*doc);
  }
  return doc;
}

Status ReadError(const std::string& path, int err) {
  return Failure(path, "无法读取：" + ErrnoText(err));
}

}  // namespace

Result<Document> ReadDocument(std::string source, std::string_view bytes,
                              const ReadOptions& options) {
  return ReadImpl(std::move(source), bytes, options, nullptr);
}

Result<Document> ReadDocumentFile(const std::string& path, const ReadOptions& options) {
  bool is_stdin = path == "-";
  int fd = is_stdin ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ReadError(path, errno);
  struct FdCloser {
    int fd;
    bool close;
    ~FdCloser() {
      if (close) ::close(fd);
    }
  } closer{fd, !is_stdin};

  struct stat st;
  if (::fstat(fd, &st) != 0) return ReadError(path, errno);
  if (S_ISDIR(st.st_mode)) return ReadError(path, EISDIR);
  std::string bytes;
  // Regular files: refuse before reading, then read straight into one buffer. Pipes and
  // stdin: read in chunks, stopping one byte past the limit.
  size_t limit = options.max_bytes;
  if (S_ISREG(st.st_mode)) {
    auto size = static_cast<size_t>(st.st_size);
    if (size > limit) {
      return Failure(path, "文件过大（" + internal::FormatMegabytes(size) + " MB，上限 " +
                               internal::FormatMegabytes(limit) + " MB）");
    }
    bytes.resize(size);
  }
  // A regular file with a size is read to that size only (a file growing meanwhile is not
  // followed: that would cost a reallocation of the whole buffer).
  bool fixed = S_ISREG(st.st_mode) && !bytes.empty();
  size_t got = 0;
  for (;;) {
    if (got == bytes.size()) {
      if (fixed || bytes.size() > limit) break;
      bytes.resize(std::min(std::max<size_t>(bytes.size() * 2, 64 * 1024), limit + 1));
    }
    ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ReadError(path, errno);
    }
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  bytes.resize(got);
  std::string_view view(bytes);
  return ReadImpl(is_stdin ? "-" : path, view, options, &bytes);
}

}  // namespace cuomin::scanner
