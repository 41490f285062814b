#include "scanner/document.h"

#include <algorithm>

#include "common/utf8.h"

namespace cuomin::scanner {

void OffsetMap::Add(size_t text_offset, size_t original_offset) {
  if (!anchors_.empty() && anchors_.back().text == text_offset) {
    anchors_.back().original = original_offset;
    return;
  }
  // A second anchor at the same text offset moves where the following text starts and keeps
  // where the preceding text ended (readers add the end of a run, then the start of the next).
  anchors_.push_back({text_offset, original_offset, original_offset});
}

size_t OffsetMap::ToOriginalEnd(size_t t) const {
  auto it = std::lower_bound(anchors_.begin(), anchors_.end(), t,
                             [](const Anchor& a, size_t v) { return a.text < v; });
  if (it != anchors_.end() && it->text == t && it != anchors_.begin()) return it->end_before;
  return ToOriginal(t);
}

size_t OffsetMap::ToOriginal(size_t t) const {
  if (anchors_.empty()) return t;
  auto it = std::upper_bound(anchors_.begin(), anchors_.end(), t,
                             [](size_t v, const Anchor& a) { return v < a.text; });
  if (it == anchors_.begin()) return anchors_.front().original;
  --it;
  return it->original + (t - it->text);
}

LineIndex::LineIndex(std::string_view original) : text_(original) {
  line_starts_.push_back(0);
  for (size_t i = 0; i < original.size(); ++i) {
    if (original[i] == '\n') line_starts_.push_back(i + 1);
  }
}

LineIndex::Position LineIndex::At(size_t byte_offset) const {
  byte_offset = std::min(byte_offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
  size_t line = static_cast<size_t>(it - line_starts_.begin());  // 1-based
  size_t start = line_starts_[line - 1];
  std::string_view prefix = text_.substr(start, byte_offset - start);
  return {line, utf8::CountCodePoints(prefix) + 1};
}

}  // namespace cuomin::scanner
