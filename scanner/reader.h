// Turns the bytes of a draft or a fetched page into a Document: decodes the encoding, then
// extracts visible text blocks (plain text, HTML via Gumbo, .docx via libzip + pugixml).
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "scanner/document.h"

namespace cuomin::scanner {

struct ReadOptions {
  // Format of the bytes: "text", "html", "docx", "pdf", or "" to decide from the magic bytes
  // (%PDF, a zip holding word/document.xml ...) and, for text, from the source name's
  // extension (.txt .md -> text; .html .htm .shtml -> html). A binary format cuomin cannot
  // read, or a name that promises one the bytes are not, is an error (see read/format_sniff.h).
  std::string format;
  // Encoding forced by the user (--encoding), e.g. "GBK"; "" to detect.
  std::string encoding;
  // Encoding named by the transport (HTTP Content-Type charset); "" when none. A BOM wins over
  // it, and so do bytes that contradict it (a page declared GB2312 that is valid UTF-8).
  std::string declared_encoding;
  // Inputs larger than this are refused with an error rather than read into memory.
  size_t max_bytes = size_t{512} << 20;
  // HTML: a larger page is not parsed; it becomes one read-incomplete finding naming the
  // limit. HTML cannot be checked in pieces as text is (what a tag hides or a style sets
  // reaches across any cut), and Gumbo holds the whole tree: about 11 times the page (16 MB of
  // HTML took 270 MB with the rules), so 300 MB would take 3.5 GB and -j more.
  size_t max_html_bytes = size_t{16} << 20;
  // .docx: the most bytes the document part may inflate to (zip bomb guard).
  size_t max_docx_xml_bytes = size_t{256} << 20;
  // PDF: pages read; the rest of a longer file is named in a read-incomplete finding.
  int max_pdf_pages = 2000;
  // Spreadsheets: non-empty cells read; the rest is named in a read-incomplete finding.
  size_t max_cells = 2'000'000;
  // OCR (images, PDF pages without text): off leaves such pages as read-incomplete findings.
  bool ocr = true;
  // Recognition time per page or image; what is left after it is named in a finding.
  double ocr_page_seconds = 60;
  // The clock that times it (steady_clock::now when empty); tests inject one, so that a page
  // over its time is a fact of the test, not of the machine's load.
  std::function<std::chrono::steady_clock::time_point()> ocr_clock;
  // .doc and .xls are read in a child process (catdoc; FreeXL): the seconds it may run (wall
  // clock and CPU) and the address space it may use.
  double child_seconds = 30;
  size_t child_memory_bytes = size_t{1} << 30;
  // The catdoc program run for .doc (Debian's by default; tests run stand-ins that misbehave).
  std::string catdoc_program = "/usr/bin/catdoc";
  // Larger images are refused before decoding (a 20000×20000 picture would need 1.6 GB).
  size_t max_image_pixels = 60'000'000;
};

// Reads one document from memory. `source` is the file path or URL used in messages and
// findings. Errors are one line naming the source and what is wrong, in Chinese, e.g.
// "a.docx: 不是有效的 .docx 文件（不是 zip 压缩包）".
Result<Document> ReadDocument(std::string source, std::string_view bytes,
                              const ReadOptions& options = {});

// Reads a file from disk (or standard input when path is "-") and calls ReadDocument.
Result<Document> ReadDocumentFile(const std::string& path, const ReadOptions& options = {});

// Decoding alone, for callers that have bytes and want UTF-8 text (the crawler uses it).
struct Decoded {
  std::string text;       // UTF-8, BOM removed
  std::string encoding;   // canonical name of what was used: "UTF-8", "UTF-16LE", "GB18030", ...
                          // or "UTF-8+GB18030" for a file decoded line by line (mixed)
  size_t lost_bytes = 0;  // input bytes that could not be decoded (each stretch became U+FFFD)
};
// `declared` is a charset named by the transport or a <meta> tag ("" when none);
// `forced` (from --encoding) wins over everything. GB2312 and GBK are decoded as GB18030,
// their superset. Invalid sequences become U+FFFD; never fails on any bytes unless `forced`
// names an encoding ICU does not know.
Result<Decoded> DecodeBytes(std::string_view bytes, std::string_view declared = "",
                            std::string_view forced = "");

}  // namespace cuomin::scanner
