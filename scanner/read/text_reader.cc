// Plain text drafts: every line is a paragraph. Lines end at "\n", "\r\n" or a lone "\r"
// (old Mac files such as the 地名 word list), so no block ever holds a line break.
//
// Except a line break between two Han characters: text from pdftotext, OCR or a PDF pasted
// into a draft breaks lines where the page was full, inside a word (习近\n平, 中华人民共\n和国),
// and Chinese needs no space there, so such lines are one paragraph, as a browser joins them
// in HTML (CSS Text 3 segment breaks). A line that ends a sentence ends with a mark, a new
// paragraph starts indented, and a heading is numbered: those stay apart. ReadTextLines keeps
// every line a block, for lines that are paragraphs or table rows as written (a .doc through
// catdoc; the annual-report check, which reads a text's tables from its printed lines).
#include <cstring>

#include "common/utf8.h"
#include "scanner/read/readers_internal.h"

namespace cuomin::scanner::internal {
namespace {

// A line of nothing but spaces (ASCII, U+3000, U+00A0) carries nothing to check.
bool IsBlank(std::string_view line) {
  for (size_t i = 0; i < line.size();) {
    char c = line[i];
    if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
      ++i;
    } else if (line.compare(i, 3, "\xE3\x80\x80") == 0) {
      i += 3;
    } else if (line.compare(i, 2, "\xC2\xA0") == 0) {
      i += 2;
    } else {
      return false;
    }
  }
  return true;
}

// A line that starts with a heading number or an enumerator: 一、 十二、 第三章 第十条 一是
// (numbered items are lines of their own).
bool StartsNumbered(std::string_view line) {
  static constexpr std::u32string_view kNumerals = U"一二三四五六七八九十百零〇";
  size_t i = 0, n = 0;
  char32_t cp = utf8::Next(line, i);
  const bool ordinal = cp == U'第';
  if (ordinal) cp = i < line.size() ? utf8::Next(line, i) : 0;
  while ((kNumerals.find(cp) != std::u32string_view::npos || (cp >= '0' && cp <= '9')) &&
         i < line.size()) {
    ++n;
    cp = utf8::Next(line, i);
  }
  if (n == 0) return false;
  if (ordinal) return std::u32string_view(U"章节条款编部").find(cp) != std::u32string_view::npos;
  // 一、 and the enumerators of official writing: 一是 二是.
  return cp == U'、' || cp == U'是';
}

// A heading line: numbered and short (a wrapped article of a law is numbered and long).
bool IsHeading(std::string_view line) {
  return StartsNumbered(line) && utf8::CountCodePoints(line) < 25;
}

// Text laid out with spaces (pdftotext -layout columns, a table typed with spaces, a spaced
// headline): its lines are rows, not wrapped prose.
bool LaidOut(std::string_view line) {
  if (line.find("  ") != std::string_view::npos || line.find('\t') != std::string_view::npos)
    return true;
  // A headline spaced out between Han characters (习 近 平) is typeset, not wrapped.
  char32_t before = 0;
  for (size_t i = 0; i < line.size();) {
    const char32_t cp = utf8::Next(line, i);
    if ((cp == ' ' || cp == 0x3000) && utf8::IsHan(before) && i < line.size()) {
      size_t j = i;
      if (utf8::IsHan(utf8::Next(line, j))) return true;
    }
    before = cp;
  }
  return false;
}

// Does `next` continue `line` after one line break, inside a run of Han characters?
bool ContinuesHan(std::string_view line, std::string_view next) {
  if (line.empty() || next.empty()) return false;
  size_t end = line.size(), begin = 0;
  if (!utf8::IsHan(utf8::Prev(line, end)) || !utf8::IsHan(utf8::Next(next, begin))) return false;
  return !IsHeading(line) && !StartsNumbered(next) && !LaidOut(line) && !LaidOut(next);
}

// One block per line, or, when `join_wrapped`, a line that continues the one before inside a run
// of Han characters joins its block.
void ReadLines(Document& doc, bool join_wrapped) {
  std::string_view text = doc.original;
  size_t start = 0;
  // The last line added, and where it ended in the original: a line that continues it after
  // a single line break joins its block.
  std::string_view last;
  size_t last_end = 0;
  auto single_break = [&](size_t from, size_t to) {
    const std::string_view gap = text.substr(from, to - from);
    return gap == "\n" || gap == "\r\n" || gap == "\r";
  };
  while (start < text.size()) {
    // memchr for '\n' runs at memory speed; a lone '\r' inside the line is split below.
    const void* nl = std::memchr(text.data() + start, '\n', text.size() - start);
    size_t end = nl ? static_cast<const char*>(nl) - text.data() : text.size();
    size_t next = nl ? end + 1 : text.size();
    std::string_view line = text.substr(start, end - start);
    size_t piece_start = 0;
    for (;;) {
      size_t cr = line.find('\r', piece_start);
      std::string_view piece = line.substr(
          piece_start, cr == std::string_view::npos ? std::string_view::npos : cr - piece_start);
      const size_t at = start + piece_start;
      if (!piece.empty() && !IsBlank(piece)) {
        // The first line of a file is its title (关于…的通知), never wrapped into the text.
        if (join_wrapped && doc.blocks.size() > 1 && single_break(last_end, at) &&
            ContinuesHan(last, piece)) {
          Block& block = doc.blocks.back();
          // Where the line before ends, then where this one starts.
          block.map.Add(block.text.size(), last_end);
          block.map.Add(block.text.size(), at);
          block.text.append(piece);
        } else {
          Block block;
          block.text.assign(piece);
          block.map.Add(0, at);
          doc.blocks.push_back(std::move(block));
        }
        last = piece;
        last_end = at + piece.size();
      }
      if (cr == std::string_view::npos) break;
      piece_start = cr + 1;
    }
    start = next;
  }
}

}  // namespace

void ReadTextBlocks(Document& doc) { ReadLines(doc, /*join_wrapped=*/true); }

void ReadTextLines(Document& doc) { ReadLines(doc, /*join_wrapped=*/false); }

}  // namespace cuomin::scanner::internal
