// A document as the engine sees it: the decoded original text plus the visible text blocks
// extracted from it. Readers (text, HTML, .docx) produce it; rules consume it; the crawler
// produces it from fetched pages. Positions reported to users always refer to `original`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cuomin::scanner {

// Maps byte offsets in a block's text back to byte offsets in Document::original.
// Stored as anchors: text byte `text` corresponds to original byte `original`, and the bytes
// after it map one to one until the next anchor. Readers add an anchor wherever the mapping
// jumps (after a tag, an entity such as &amp;, a joined .docx run...).
class OffsetMap {
 public:
  void Add(size_t text_offset, size_t original_offset);
  // Original offset of text offset t, as the start of what follows: for t at an anchor, the
  // anchor's original offset.
  size_t ToOriginal(size_t t) const;
  // Original offset of t as the exclusive end of what precedes it: where the text before an
  // anchor ends in the original (before a following tag), not where the next run starts.
  size_t ToOriginalEnd(size_t t) const;
  bool empty() const { return anchors_.empty(); }

 private:
  struct Anchor {
    size_t text;
    size_t original;
    size_t end_before;  // where the text before this anchor ends in the original
  };
  std::vector<Anchor> anchors_;  // sorted by text offset
};

enum class BlockKind : uint8_t {
  kParagraph,  // body text, a line of a .txt file, a <p>
  kTitle,      // <title>, the document title (first heading of a .docx)
  kHeading,    // <h1>..<h6>, Word heading styles
  kListItem,   // <li>
  kTableCell,  // <td>/<th>, a Word table cell
};

struct Block {
  std::string text;  // visible text, UTF-8; never spans two paragraphs/cells/items
  BlockKind kind = BlockKind::kParagraph;
  OffsetMap map;  // text byte -> Document::original byte
  // For table cells: which table in the document (0-based), row and column (after merged
  // cells are expanded to their first position). -1 when not in a table.
  int table = -1;
  int row = -1;
  int column = -1;
};

// A hyperlink found in an HTML page (used by the crawler's link checks).
struct Link {
  std::string href;            // attribute value as written (entities decoded)
  std::string text;            // anchor text
  size_t original_offset = 0;  // byte offset of the <a> tag in Document::original
  bool hidden = false;         // made invisible by inline/<style> CSS or document.write
  std::string hidden_reason;   // Chinese, e.g. "display:none"
};

struct Document {
  std::string source;    // file path or URL, as shown to users
  std::string original;  // the input decoded to UTF-8 (BOM removed); positions refer here
  std::string encoding;  // detected or declared encoding, e.g. "UTF-8", "GB18030"
  std::string format;    // "text", "html", "docx"
  std::vector<Block> blocks;
  std::vector<Link> links;
};

// Converts byte offsets of Document::original into 1-based line and column numbers counted
// in code points. Build once per document; lookups are O(log lines).
class LineIndex {
 public:
  explicit LineIndex(std::string_view original);
  struct Position {
    size_t line;
    size_t column;
  };
  Position At(size_t byte_offset) const;

 private:
  std::string_view text_;
  std::vector<size_t> line_starts_;
};

}  // namespace cuomin::scanner
