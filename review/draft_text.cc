#include "review/draft_text.h"

#include <algorithm>

namespace cuomin::review {

namespace {

// UTF-16 index of every byte offset that starts a character (and of the end).
std::vector<int64_t> Utf16Index(const std::string& s) {
  std::vector<int64_t> idx(s.size() + 1, 0);
  int64_t u = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    idx[i] = u;
    unsigned char c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;  // a continuation byte: same index as its lead
    u += c >= 0xF0 ? 2 : 1;            // four-byte sequences are surrogate pairs
  }
  idx[s.size()] = u;
  return idx;
}

struct Span {
  size_t orig_begin, orig_end;  // of the block in Document::original
  size_t text_begin;            // of the block in the laid-out text
  const scanner::Block* block;
};

}  // namespace

LaidOutText LayOut(const scanner::Document& doc, const std::vector<scanner::Finding>& findings) {
  LaidOutText out;
  std::vector<size_t> byte_start(findings.size()), byte_end(findings.size());
  if (doc.format == "text") {
    out.text = doc.original;
    for (size_t i = 0; i < findings.size(); ++i) {
      byte_start[i] = std::min(findings[i].offset, out.text.size());
      byte_end[i] = std::min(findings[i].offset + findings[i].length, out.text.size());
    }
  } else {
    std::vector<Span> spans;
    for (const scanner::Block& b : doc.blocks) {
      if (b.text.empty()) continue;
      if (!out.text.empty()) out.text += '\n';
      spans.push_back(
          {b.map.ToOriginal(0), b.map.ToOriginalEnd(b.text.size()), out.text.size(), &b});
      out.text += b.text;
    }
    // The original offset o as a byte of the laid-out text: the first block byte that maps at
    // or after it (maps are monotonic, so a binary search over the block's bytes finds it).
    auto place = [&](size_t o, bool is_end) -> size_t {
      auto it = std::find_if(spans.begin(), spans.end(), [&](const Span& s) {
        return is_end ? o <= s.orig_end : o < s.orig_end;
      });
      if (it == spans.end()) return out.text.size();
      if (o <= it->orig_begin) return it->text_begin;
      size_t lo = 0, hi = it->block->text.size();
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (it->block->map.ToOriginal(mid) < o) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return it->text_begin + lo;
    };
    for (size_t i = 0; i < findings.size(); ++i) {
      byte_start[i] = place(findings[i].offset, false);
      byte_end[i] = std::max(byte_start[i], place(findings[i].offset + findings[i].length, true));
    }
  }
  std::vector<int64_t> u16 = Utf16Index(out.text);
  out.findings.reserve(findings.size());
  for (size_t i = 0; i < findings.size(); ++i) {
    out.findings.push_back({findings[i], u16[byte_start[i]], u16[byte_end[i]]});
  }
  return out;
}

}  // namespace cuomin::review
