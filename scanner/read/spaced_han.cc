#include "scanner/read/spaced_han.h"

#include <string>
#include <string_view>

#include "common/utf8.h"

namespace cuomin::scanner::internal {
namespace {

// One space of a spaced headline: ASCII space, U+3000 or U+00A0; its length in bytes or 0.
size_t SpaceAt(std::string_view text, size_t i) {
  if (i < text.size() && text[i] == ' ') return 1;
  if (text.substr(i, 3) == "\xE3\x80\x80") return 3;
  if (text.substr(i, 2) == "\xC2\xA0") return 2;
  return 0;
}

// The spaces to drop in `text`: those of runs H s H s H... (three or more Han characters).
std::vector<std::pair<size_t, size_t>> SpacedHanGaps(std::string_view text) {
  std::vector<std::pair<size_t, size_t>> gaps, run;
  for (size_t i = 0; i < text.size();) {
    if (!utf8::IsHan(utf8::Next(text, i))) {
      run.clear();
      continue;
    }
    const size_t sp = SpaceAt(text, i);
    size_t next = i + sp;
    if (sp > 0 && next < text.size() && utf8::IsHan(utf8::Next(text, next))) {
      run.push_back({i, i + sp});
      i += sp;
      continue;
    }
    // The run ends with this character: two gaps or more make three characters or more.
    if (run.size() >= 2) gaps.insert(gaps.end(), run.begin(), run.end());
    run.clear();
  }
  return gaps;
}

}  // namespace

void DropBytes(Block& block, const std::vector<std::pair<size_t, size_t>>& dropped) {
  if (dropped.empty()) return;
  const std::string& old = block.text;
  const OffsetMap& map = block.map;
  OffsetMap out;
  std::string text;
  text.reserve(old.size());
  // Anchors are added wherever the old mapping jumps, and after every cut: first where the
  // text before it ends in the original, then where the kept text starts (OffsetMap::Add).
  auto keep = [&](size_t begin, size_t end, size_t end_before) {
    for (size_t t = begin; t < end; ++t) {
      const size_t o = map.ToOriginal(t);
      if (t == begin) {
        out.Add(text.size(), end_before);
        out.Add(text.size(), o);
      } else if (o != map.ToOriginal(t - 1) + 1 || map.ToOriginalEnd(t) != o) {
        out.Add(text.size(), map.ToOriginalEnd(t));
        out.Add(text.size(), o);
      }
      text.push_back(old[t]);
    }
  };
  size_t from = 0, end_before = map.ToOriginal(0);
  for (const auto& range : dropped) {
    if (range.first < from || range.second <= range.first || range.second > old.size()) continue;
    keep(from, range.first, from == 0 ? map.ToOriginal(0) : end_before);
    end_before = map.ToOriginalEnd(range.first);
    from = range.second;
  }
  keep(from, old.size(), from == 0 ? map.ToOriginal(0) : end_before);
  // The end of the text: where its last byte ends in the original.
  out.Add(text.size(), from == old.size() ? end_before : map.ToOriginalEnd(old.size()));
  out.Add(text.size(), map.ToOriginal(old.size()));
  block.text = std::move(text);
  block.map = std::move(out);
}

void FoldSpacedHan(Document& doc) {
  for (Block& b : doc.blocks) {
    if (b.text.find(' ') == std::string::npos && b.text.find("\xE3\x80\x80") == std::string::npos &&
        b.text.find("\xC2\xA0") == std::string::npos)
      continue;
    DropBytes(b, SpacedHanGaps(b.text));
  }
}

}  // namespace cuomin::scanner::internal
