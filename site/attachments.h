// Attachments and pictures of a site scan: which in-scope URLs are files to read (PDF,
// spreadsheets, Word, OFD) or pictures to OCR, by extension or Content-Type; the byte limits
// per file and per site; and the page that first linked to each, which its findings name.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace cuomin::site {

enum class FileKind { kNone, kAttachment, kImage };

// A byte limit as users gave it in megabytes: "50", "0.5", "0.001" (never "0" for a limit
// under 1 MB).
std::string MegabytesText(size_t bytes);

// By the URL path's extension (.pdf .xls .xlsx .doc .docx .ofd; .png .jpg .jpeg .gif .bmp .tif
// .tiff), else by the media type (application/pdf, image/png ...); kNone for web pages.
FileKind KindOf(std::string_view path, std::string_view media_type = "");

// A hash of a file's bytes (BLAKE2b, 32 bytes as hex): equal for the same bytes, so that a
// re-crawl tells an unchanged attachment or picture without reading it (store::PageRecord).
std::string ContentHash(std::string_view bytes);

// A hash of a web page's body as the store keeps it, with the charset it is read in (BLAKE2b,
// hex): a rescan that fetches the same bytes under the same charset neither deflates nor
// writes the body again (store::PageRecord::content_hash). Never equal to a file's
// ContentHash, so a URL that turns from page to file is read.
std::string PageBodyHash(std::string_view charset, std::string_view body);

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

// Reads and checks of attachments and pictures, off the crawler's workers: a fetched file is
// queued and a thread of this pool reads it, so a burst of scanned pictures waits here for the
// OCR engines while the crawler's workers go on fetching and checking pages. The queue holds at
// most `max_queued_bytes` of bodies; past that, Submit waits (the crawl slows down rather than
// memory growing). A file larger than the bound alone is taken when the queue is empty.
class FileCheckPool {
 public:
  FileCheckPool(unsigned threads, size_t max_queued_bytes);
  ~FileCheckPool();  // drops what is queued, waits for the jobs running

  // Queues `job`, which holds a body of `bytes`.
  void Submit(size_t bytes, std::function<void()> job);
  // Waits until every queued job has run.
  void Drain();
  // Drops the jobs not yet started (a cancelled scan); returns how many.
  size_t DropQueued();

  size_t queued() const;
  unsigned threads() const { return static_cast<unsigned>(threads_.size()); }

 private:
  struct Job {
    size_t bytes;
    std::function<void()> run;
  };
  void Work();

  const size_t max_queued_bytes_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Job> queue_;
  size_t queued_bytes_ = 0;
  unsigned running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace cuomin::site
