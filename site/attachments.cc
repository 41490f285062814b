#include "site/attachments.h"

#include <array>

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

}  // namespace

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

}  // namespace cuomin::site
