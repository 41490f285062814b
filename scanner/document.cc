#include "scanner/document.h"

#include <algorithm>
#include <iterator>

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
  // Checkpoints in long lines, so that a column is never counted from far away (a file of one
  // long line with many findings was quadratic). A byte that is not a UTF-8 continuation byte
  // starts a code point however the line is decoded from its start, so counts add up there.
  for (size_t l = 0; l < line_starts_.size(); ++l) {
    const size_t start = line_starts_[l];
    const size_t end = l + 1 < line_starts_.size() ? line_starts_[l + 1] : original.size();
    size_t at = start, column = 0;
    for (size_t next = start + kCheckpointBytes; next < end; next += kCheckpointBytes) {
      size_t cut = next;
      while (cut > at && (static_cast<unsigned char>(original[cut]) & 0xC0) == 0x80) --cut;
      if (cut == at) continue;
      column += utf8::CountCodePoints(original.substr(at, cut - at));
      at = cut;
      checkpoints_.push_back({at, column});
    }
  }
}

LineIndex::Position LineIndex::At(size_t byte_offset) const {
  byte_offset = std::min(byte_offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte_offset);
  size_t line = static_cast<size_t>(it - line_starts_.begin());  // 1-based
  size_t from = line_starts_[line - 1], column = 0;
  auto cp = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), byte_offset,
                             [](size_t v, const Checkpoint& c) { return v < c.offset; });
  if (cp != checkpoints_.begin() && std::prev(cp)->offset >= from) {
    from = std::prev(cp)->offset;
    column = std::prev(cp)->column;
  }
  return {line, column + utf8::CountCodePoints(text_.substr(from, byte_offset - from)) + 1};
}

namespace {

// Where to end a piece of a long block that starts at `begin`: after a sentence end in the
// second half of [begin, limit), preferably one where no bracket or quotation mark is open and
// the next sentence does not start like a heading number (rules that look at block starts and
// paired marks then see the text as they would have); else at the last code point start.
size_t CutPoint(std::string_view text, size_t begin, size_t limit) {
  static constexpr std::string_view kEnds[] = {"。", "！", "？", "；", "\n"};
  static constexpr std::string_view kOpen[] = {"（", "《", "〈", "“", "‘", "【", "〔", "("};
  static constexpr std::string_view kClose[] = {"）", "》", "〉", "”", "’", "】", "〕", ")"};
  static constexpr std::string_view kNumbering[] = {"一", "二", "三", "四", "五", "六", "七",
                                                    "八", "九", "十", "第", "（", "("};
  auto at = [&](size_t p, std::string_view s) { return text.substr(p, s.size()) == s; };
  size_t best = 0, any = 0;
  int depth = 0;
  for (size_t p = begin; p < limit;) {
    // Every mark above starts with one of these bytes.
    const unsigned char b = static_cast<unsigned char>(text[p]);
    if (b != 0xE2 && b != 0xE3 && b != 0xEF && b != '\n' && b != '(' && b != ')') {
      ++p;
      continue;
    }
    size_t next = p + 1;
    for (std::string_view o : kOpen)
      if (at(p, o)) ++depth, next = p + o.size();
    for (std::string_view c : kClose)
      if (at(p, c)) depth = std::max(depth - 1, 0), next = p + c.size();
    for (std::string_view e : kEnds) {
      if (!at(p, e)) continue;
      next = p + e.size();
      if (next <= limit && next > begin + (limit - begin) / 2) {
        any = next;
        const bool numbering = std::any_of(std::begin(kNumbering), std::end(kNumbering),
                                           [&](std::string_view n) { return at(next, n); }) ||
                               (next < text.size() && text[next] >= '0' && text[next] <= '9');
        if (depth == 0 && !numbering) best = next;
      }
    }
    p = next;
  }
  if (best) return best;
  if (any) return any;
  size_t cut = limit;
  while (cut > begin && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return cut > begin ? cut : limit;
}

}  // namespace

OffsetMap OffsetMap::Slice(size_t begin, size_t end) const {
  OffsetMap out;
  out.anchors_.push_back({0, ToOriginal(begin), ToOriginal(begin)});
  auto it = std::upper_bound(anchors_.begin(), anchors_.end(), begin,
                             [](size_t v, const Anchor& a) { return v < a.text; });
  for (; it != anchors_.end() && it->text <= end; ++it)
    out.anchors_.push_back({it->text - begin, it->original, it->end_before});
  return out;
}

void SplitLongBlocks(Document& doc, size_t max_bytes) {
  if (max_bytes == 0 || std::none_of(doc.blocks.begin(), doc.blocks.end(),
                                     [&](const Block& b) { return b.text.size() > max_bytes; }))
    return;
  std::vector<Block> blocks;
  for (Block& b : doc.blocks) {
    if (b.text.size() <= max_bytes) {
      blocks.push_back(std::move(b));
      continue;
    }
    const std::string_view text = b.text;
    for (size_t begin = 0; begin < text.size();) {
      const size_t end =
          text.size() - begin <= max_bytes ? text.size() : CutPoint(text, begin, begin + max_bytes);
      Block part;
      part.text = std::string(text.substr(begin, end - begin));
      part.kind = b.kind;
      part.map = b.map.Slice(begin, end);
      part.table = b.table;
      part.row = b.row;
      part.column = b.column;
      part.columns = b.columns;
      blocks.push_back(std::move(part));
      begin = end;
    }
  }
  doc.blocks = std::move(blocks);
}

const Region* RegionAt(const Document& doc, size_t offset) {
  auto it = std::upper_bound(doc.regions.begin(), doc.regions.end(), offset,
                             [](size_t v, const Region& r) { return v < r.offset; });
  if (it == doc.regions.begin()) return nullptr;
  return &*std::prev(it);
}

}  // namespace cuomin::scanner
