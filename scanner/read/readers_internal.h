// The per-format readers behind ReadDocument (reader.cc picks one). Each fills `doc.blocks`
// (and `doc.original` where the format defines it); messages in returned errors do not name
// the source, ReadDocument prefixes it.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"
#include "scanner/document.h"
#include "scanner/reader.h"

namespace cuomin::scanner::internal {

// "1.5", "512", "0.004": a byte count in MB for messages such as 文件过大.
std::string FormatMegabytes(size_t bytes);

// Plain text: one kParagraph block per non-blank line of doc.original.
void ReadTextBlocks(Document& doc);

// HTML: doc.original holds the decoded page; fills blocks and links.
void ReadHtmlBlocks(Document& doc);

// .docx: sets doc.original to the extracted text (one block per line) and the blocks.
Status ReadDocx(std::string_view bytes, const ReadOptions& options, Document& doc);

// PDF (poppler-cpp): sets doc.original to the pages' text, the blocks and one Region per page.
Status ReadPdf(std::string_view bytes, const ReadOptions& options, Document& doc);

}  // namespace cuomin::scanner::internal
