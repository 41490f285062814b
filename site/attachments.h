// Attachments and pictures of a site scan: which in-scope URLs are files to read (PDF,
// spreadsheets, Word, OFD) or pictures to OCR, by extension or Content-Type; the byte limits
// per file and per site; and the page that first linked to each, which its findings name.
#pragma once

#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace cuomin::site {

enum class FileKind { kNone, kAttachment, kImage };

// By the URL path's extension (.pdf .xls .xlsx .doc .docx .ofd; .png .jpg .jpeg .gif .bmp .tif
// .tiff), else by the media type (application/pdf, image/png ...); kNone for web pages.
FileKind KindOf(std::string_view path, std::string_view media_type = "");

struct AttachmentOptions {
  bool attachments = true;  // --no-attachments turns off
  bool images = true;       // --no-images turns off
  size_t max_file_bytes = size_t{50} << 20;
  size_t max_site_bytes = size_t{2} << 30;  // all attachments and pictures of one scan
};

// Thread-safe: called from the crawler's workers.
class Attachments {
 public:
  explicit Attachments(AttachmentOptions options) : opt_(options) {}

  // Whether this kind is read at all.
  bool Enabled(FileKind kind) const;
  // Whether a body of `bytes` more still fits in the site's total; counts it when it does.
  bool Reserve(size_t bytes);
  // Remembers the first page linking to `target`.
  void NoteLink(const std::string& target, const std::string& page);
  // The first page that linked to `target`, or "" when none did (a seed).
  std::string LinkedFrom(const std::string& target) const;
  const AttachmentOptions& options() const { return opt_; }

 private:
  AttachmentOptions opt_;
  std::atomic<size_t> used_{0};
  mutable std::mutex mu_;
  std::unordered_map<std::string, std::string> linked_from_;
};

}  // namespace cuomin::site
