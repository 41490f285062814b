#include "scanner/rules/disclosure/disclosure_lines.h"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <string_view>

#include "scanner/read/readers_internal.h"

namespace cuomin::scanner::rules::disclosure {
namespace {

// Whether a block holds what ReadReport needs before it reads a document as a report: the
// topic (MentionsReport and BodySign both ask for it) or the 勾稽 note (BodySign's one sign
// without it). A line of the file holds these words only if the reader's blocks do (the
// reader joins lines and folds spaces; it cuts only a block over kMaxBlockBytes, which no
// report's line is), so a document without them has no report in its lines either, and most
// text files are spared reading their lines a second time.
bool MayHoldReport(const Document& doc) {
  static constexpr std::string_view kTopic = "政府信息公开";
  static constexpr std::string_view kNote = "勾稽关系";
  static const std::boyer_moore_horspool_searcher topic(kTopic.begin(), kTopic.end());
  static const std::boyer_moore_horspool_searcher note(kNote.begin(), kNote.end());
  return std::any_of(doc.blocks.begin(), doc.blocks.end(), [](const Block& b) {
    std::string_view t = b.text;
    return std::search(t.begin(), t.end(), topic) != t.end() ||
           std::search(t.begin(), t.end(), note) != t.end();
  });
}

}  // namespace

ReportSource::ReportSource(const Document& doc) : doc_(doc) {
  if (doc.format != "text" || !MayHoldReport(doc)) return;
  Document& lines = lines_.emplace();
  lines.source = doc.source;
  lines.format = doc.format;
  lines.encoding = doc.encoding;
  lines.original = doc.original;
  scanner::internal::ReadTextLines(lines);
  // As the reader cuts them, so that no block the rule reads is longer than the engine's.
  SplitLongBlocks(lines);
}

Span ReportSource::ToDocument(const Span& span) const {
  if (!lines_ || !span.valid()) return span;
  if (span.block >= lines_->blocks.size()) return Span{};
  const OffsetMap& from = lines_->blocks[span.block].map;
  const size_t begin = from.ToOriginal(span.begin);
  const size_t end = std::max(begin, from.ToOriginalEnd(span.end));
  // A text file's blocks stand in the order of the original: the last one starting at or
  // before `begin` holds it (a character the reader dropped, a folded space, maps to what
  // follows it).
  const std::vector<Block>& blocks = doc_.blocks;
  auto after = std::partition_point(blocks.begin(), blocks.end(),
                                    [&](const Block& b) { return b.map.ToOriginal(0) <= begin; });
  if (after == blocks.begin()) return Span{};
  const size_t index = static_cast<size_t>(after - blocks.begin()) - 1;
  const Block& block = blocks[index];
  // Offsets in a block map to the original in increasing order, so both ends are found by
  // bisection: the first byte at or after `begin`, the first end at or after `end`.
  size_t lo = 0, hi = block.text.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (block.map.ToOriginal(mid) < begin) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  const size_t out_begin = lo;
  if (end == begin) return Span{index, out_begin, out_begin};
  hi = block.text.size();
  while (lo < hi) {
    const size_t mid = lo + (hi - lo) / 2;
    if (block.map.ToOriginalEnd(mid) < end) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  // An end just past a dropped space falls inside the next character: it ends after it.
  while (lo < block.text.size() && (static_cast<unsigned char>(block.text[lo]) & 0xC0) == 0x80)
    ++lo;
  return Span{index, out_begin, lo};
}

}  // namespace cuomin::scanner::rules::disclosure
