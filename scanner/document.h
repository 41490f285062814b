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
  // The map of the text bytes [begin, end), as a text of its own starting at 0.
  OffsetMap Slice(size_t begin, size_t end) const;

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
  // For table cells, when the reader knows it: how many columns the table has. A PDF table's
  // blank columns hold no cell, so its highest cell need not be its last column. 0 if unknown.
  int columns = 0;
};

// A hyperlink found in an HTML page (used by the crawler's link checks).
struct Link {
  std::string href;            // attribute value as written (entities decoded)
  std::string text;            // anchor text
  size_t original_offset = 0;  // byte offset of the <a> tag in Document::original
  bool hidden = false;         // made invisible by inline/<style> CSS or document.write
  std::string hidden_reason;   // Chinese, e.g. "display:none"
};

// Something a reader could not read in full: the rest of the document is still checked (or,
// when nothing could be read, nothing else is), and the engine reports each problem as one
// finding of rule kReadProblemRule so that no page or file is lost without a word.
struct ReadProblem {
  std::string message;  // Chinese, e.g. "页面标签嵌套超过 1000 层，未检查"
  size_t offset = 0;    // in Document::original, where the trouble starts
};
inline constexpr const char* kReadProblemRule = "read-incomplete";
// The finding of a document whose check ran out of time (CheckOptions::deadline): the blocks
// from the one it names on were not checked.
inline constexpr const char* kCheckIncompleteRule = "check-incomplete";

// A rectangle in an image or page, in pixels of the image OCR read (origin top left).
struct Box {
  int x = 0;
  int y = 0;
  int width = 0;
  int height = 0;
};

// Where a stretch of Document::original sits in a paged or gridded file: from `offset` up to
// the next region's offset. Readers of PDF, OFD, spreadsheets and images add them in offset
// order; findings inside a region carry its page, sheet and cell (see scanner/finding.h).
struct Region {
  size_t offset = 0;      // first byte in Document::original
  int page = 0;           // 1-based page (PDF, OFD, a multi-page image); 0 when none
  size_t first_line = 0;  // line of `original` where the page starts, so that a finding's
                          // line counts from the top of its page; 0 keeps document lines
  std::string sheet;      // spreadsheet sheet name; "" when none
  std::string cell;       // "C17"; "" when none
  int column = -1;        // 0-based spreadsheet column (for summaries per column); -1 none
  bool ocr = false;       // the text came from OCR
  int confidence = -1;    // OCR confidence 0..100 of the words here; -1 when not OCR
  bool has_box = false;   // `box` is set
  Box box;                // OCR: the words' box in the image or rendered page
};

struct Document {
  std::string source;    // file path or URL, as shown to users
  std::string original;  // the input decoded to UTF-8 (BOM removed); positions refer here
  std::string encoding;  // detected or declared encoding, e.g. "UTF-8", "GB18030"
  std::string format;    // "text", "html", "docx", "pdf", "xlsx", "xls", "doc", "ofd", "image"
  std::vector<Block> blocks;
  std::vector<Link> links;
  // HTML: the pictures a visitor sees (<img src>; href is the src, text the alt), whose text
  // a site scan reads by OCR.
  std::vector<Link> images;
  std::vector<ReadProblem> problems;  // what the reader could not read in full
  std::vector<Region> regions;        // sorted by offset; empty for formats without pages
};

// The region holding byte `offset` of doc.original, or nullptr.
const Region* RegionAt(const Document& doc, size_t offset);

// The longest block readers produce, in bytes. A longer paragraph (a text file that is one
// enormous line, a page without paragraph tags) is cut after a sentence end, or failing that
// at a character boundary, into consecutive blocks of the same kind: the engine's work and
// memory per block (it folds a block into 8 bytes per byte) then stay bounded. Measured before:
// a 100 MB file of one line took 157 s and 3.4 GB.
inline constexpr size_t kMaxBlockBytes = 64 * 1024;
// Cuts every block of `doc` longer than max_bytes (readers call this).
void SplitLongBlocks(Document& doc, size_t max_bytes = kMaxBlockBytes);

// Converts byte offsets of Document::original into 1-based line and column numbers counted
// in code points. Build once per document; lookups are O(log lines), plus counting at most
// kCheckpointBytes of a long line from its nearest checkpoint.
class LineIndex {
 public:
  explicit LineIndex(std::string_view original);
  struct Position {
    size_t line;
    size_t column;
  };
  Position At(size_t byte_offset) const;

 private:
  static constexpr size_t kCheckpointBytes = 4096;
  struct Checkpoint {
    size_t offset;  // a byte that starts a code point, inside a line longer than the stride
    size_t column;  // code points from the line start to it
  };
  std::string_view text_;
  std::vector<size_t> line_starts_;
  std::vector<Checkpoint> checkpoints_;  // sorted by offset
};

}  // namespace cuomin::scanner
