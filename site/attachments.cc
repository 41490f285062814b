#include "site/attachments.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>

namespace cuomin::site {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

constexpr std::array<std::string_view, 6> kAttachmentExtensions = {".pdf", ".xls",  ".xlsx",
                                                                   ".doc", ".docx", ".ofd"};
constexpr std::array<std::string_view, 7> kImageExtensions = {".png", ".jpg", ".jpeg", ".gif",
                                                              ".bmp", ".tif", ".tiff"};
constexpr std::array<std::string_view, 7> kAttachmentMedia = {
    "application/pdf",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/ofd",
    "application/x-ofd"};

bool EndsWithAny(std::string_view s, const auto& suffixes) {
  for (std::string_view x : suffixes) {
    if (s.size() >= x.size() && s.substr(s.size() - x.size()) == x) return true;
  }
  return false;
}

// BLAKE2b of the parts one after another, in hex. libsodium is already the review server's;
// BLAKE2b hashes as fast as memory reads.
std::string Blake2bHex(std::initializer_list<std::string_view> parts) {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
  for (std::string_view part : parts) {
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(part.data()),
                              part.size());
  }
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash_final(&state, digest, sizeof digest);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace

std::string MegabytesText(size_t bytes) {
  if (bytes % (size_t{1} << 20) == 0) return std::to_string(bytes >> 20);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", static_cast<double>(bytes) / (1 << 20));
  return buf;
}

std::string ContentHash(std::string_view bytes) { return Blake2bHex({bytes}); }

std::string PageBodyHash(std::string_view charset, std::string_view body) {
  // The charset's end marked, so that no charset and body run into another pair's.
  return Blake2bHex({charset, std::string_view("\0", 1), body});
}

FileKind KindOf(std::string_view path, std::string_view media_type) {
  std::string p = Lower(path);
  if (EndsWithAny(p, kAttachmentExtensions)) return FileKind::kAttachment;
  if (EndsWithAny(p, kImageExtensions)) return FileKind::kImage;
  std::string m = Lower(media_type);
  for (std::string_view a : kAttachmentMedia) {
    if (m == a) return FileKind::kAttachment;
  }
  // SVG is markup, not a picture of text; icons and the like are not worth OCR either way.
  if (m.rfind("image/", 0) == 0 && m != "image/svg+xml") return FileKind::kImage;
  return FileKind::kNone;
}

bool Attachments::Enabled(FileKind kind) const {
  return (kind == FileKind::kAttachment && opt_.attachments) ||
         (kind == FileKind::kImage && opt_.images);
}

bool Attachments::Reserve(size_t bytes) {
  size_t used = used_.load();
  do {
    if (used + bytes > opt_.max_site_bytes) return false;
  } while (!used_.compare_exchange_weak(used, used + bytes));
  return true;
}

void Attachments::NoteLink(const std::string& target, const std::string& page) {
  std::lock_guard lock(mu_);
  linked_from_.try_emplace(target, page);
}

std::string Attachments::LinkedFrom(const std::string& target) const {
  std::lock_guard lock(mu_);
  auto it = linked_from_.find(target);
  return it == linked_from_.end() ? "" : it->second;
}

FileCheckPool::FileCheckPool(unsigned threads, size_t max_queued_bytes)
    : max_queued_bytes_(max_queued_bytes) {
  for (unsigned i = 0; i < std::max(1u, threads); ++i) threads_.emplace_back([this] { Work(); });
}

FileCheckPool::~FileCheckPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    queue_.clear();
    queued_bytes_ = 0;
  }
  changed_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void FileCheckPool::Submit(size_t bytes, std::function<void()> job) {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] {
    return stopping_ || queue_.empty() || queued_bytes_ + bytes <= max_queued_bytes_;
  });
  if (stopping_) return;
  queue_.push_back({bytes, std::move(job)});
  queued_bytes_ += bytes;
  changed_.notify_all();
}

void FileCheckPool::Drain() {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return queue_.empty() && running_ == 0; });
}

size_t FileCheckPool::DropQueued() {
  std::lock_guard lock(mu_);
  size_t n = queue_.size();
  queue_.clear();
  queued_bytes_ = 0;
  changed_.notify_all();
  return n;
}

size_t FileCheckPool::queued() const {
  std::lock_guard lock(mu_);
  return queue_.size();
}

void FileCheckPool::Work() {
  std::unique_lock lock(mu_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (stopping_) return;
    Job job = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= job.bytes;
    ++running_;
    // Room in the queue for a waiting Submit.
    changed_.notify_all();
    lock.unlock();
    job.run();
    lock.lock();
    --running_;
    changed_.notify_all();
  }
}

}  // namespace cuomin::site
