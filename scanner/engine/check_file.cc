// RuleSet::CheckFile: a file read whole, or a large plain-text file or stream read and checked
// in pieces so that memory does not grow with the input.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "common/strings.h"
#include "common/utf8.h"
#include "scanner/engine/engine.h"
#include "scanner/read/encoding_internal.h"
#include "scanner/read/format_sniff.h"
#include "scanner/read/readers_internal.h"
#include "scanner/rule_set.h"

namespace cuomin::scanner {
namespace {

// Lines of one piece carried into the next as context (see PieceState::checked_before): enough
// for numbering and the other rules over neighbouring paragraphs, little to check twice.
constexpr size_t kOverlapLines = 16;
constexpr size_t kOverlapBytes = 8 * 1024;

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// Reads until `buf` holds `want` bytes or the input ends; false on a read error (errno set).
bool Fill(int fd, std::string& buf, size_t want, bool& eof) {
  while (buf.size() < want && !eof) {
    size_t old = buf.size();
    buf.resize(want);
    ssize_t n = ::read(fd, buf.data() + old, want - old);
    if (n < 0) {
      buf.resize(old);
      if (errno == EINTR) continue;
      return false;
    }
    buf.resize(old + static_cast<size_t>(n));
    if (n == 0) eof = true;
  }
  return true;
}

// Where the pieces' bytes come from.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Appends to `buf` until it holds at least `want` bytes or the input ends (eof set); false
  // on a read error (errno set).
  virtual bool Fill(std::string& buf, size_t want, bool& eof) = 0;
};

// The bytes of a file or a pipe as they are.
class RawSource : public ByteSource {
 public:
  explicit RawSource(int fd) : fd_(fd) {}
  bool Fill(std::string& buf, size_t want, bool& eof) override {
    return cuomin::scanner::Fill(fd_, buf, want, eof);
  }

 private:
  int fd_;
};

// UTF-8 decoded from an input whose own bytes cannot be cut at a newline byte: UTF-16 (where
// 0x0A is also half of 上, 个 ...), or an encoding the user forced (a stateful one such as
// ISO-2022 would lose its state at a cut).
class DecodingSource : public ByteSource {
 public:
  DecodingSource(int fd, std::string head, std::unique_ptr<encoding::StreamDecoder> decoder)
      : fd_(fd), raw_(std::move(head)), decoder_(std::move(decoder)) {}
  bool Fill(std::string& buf, size_t want, bool& eof) override {
    while (buf.size() < want && !eof) {
      if (raw_.empty() && !raw_eof_ && !cuomin::scanner::Fill(fd_, raw_, kRawChunk, raw_eof_)) {
        return false;
      }
      decoder_->Decode(raw_, raw_eof_, buf);
      raw_.clear();
      eof = raw_eof_;
    }
    return true;
  }
  const encoding::StreamDecoder& decoder() const { return *decoder_; }

 private:
  static constexpr size_t kRawChunk = 256 * 1024;
  int fd_;
  std::string raw_;  // read, not yet decoded
  bool raw_eof_ = false;
  std::unique_ptr<encoding::StreamDecoder> decoder_;
};

// Where to end a piece cut inside a line (one longer than four pieces): after the last byte
// below 0x30, which no multi-byte character of UTF-8, GB18030, Big5 or Shift_JIS contains;
// failing that, before a byte that starts a UTF-8 character; failing that, anywhere.
size_t CutInsideLine(std::string_view buf, size_t from) {
  for (size_t i = buf.size(); i > from; --i) {
    if (static_cast<unsigned char>(buf[i - 1]) < 0x30) return i;
  }
  for (size_t i = buf.size(); i > from + 1; --i) {
    if ((static_cast<unsigned char>(buf[i - 1]) & 0xC0) != 0x80) return i - 1;
  }
  return buf.size();
}

// The start of the last `lines` whole lines of `text` (which ends with '\n'), bounded so that
// they stay within max_bytes; text.size() when not even one fits.
size_t StartOfLastLines(std::string_view text, size_t lines, size_t max_bytes) {
  size_t start = text.size();
  for (size_t n = 0; n < lines && start > 0; ++n) {
    size_t nl = start >= 2 ? text.rfind('\n', start - 2) : std::string_view::npos;
    size_t line_start = nl == std::string_view::npos ? 0 : nl + 1;
    if (text.size() - line_start > max_bytes) break;
    start = line_start;
  }
  return start;
}

Status ReadFailure(const std::string& path) {
  return Status::Error(path + ": 无法读取：" + std::strerror(errno));
}

// The encoding to decode a text input with as a stream (DecodingSource), "" to cut its bytes
// as they are; `bom` gets the bytes of a byte-order mark to skip, as encoding::Decode does.
Result<std::string> StreamEncoding(std::string_view head, const std::string& forced, size_t& bom) {
  bom = 0;
  if (!forced.empty()) {
    std::string name = encoding::CanonicalName(forced);
    if (name.empty()) return Status::Error("未知的编码：" + forced);
    if ((name == "UTF-8" && head.substr(0, 3) == "\xEF\xBB\xBF") ||
        (name == "UTF-16LE" && head.substr(0, 2) == "\xFF\xFE") ||
        (name == "UTF-16BE" && head.substr(0, 2) == "\xFE\xFF")) {
      bom = name == "UTF-8" ? 3 : 2;
    }
    return name;
  }
  if (head.substr(0, 3) == "\xEF\xBB\xBF") return std::string();
  if (head.substr(0, 2) == "\xFF\xFE") {
    bom = 2;
    return std::string("UTF-16LE");
  }
  if (head.substr(0, 2) == "\xFE\xFF") {
    bom = 2;
    return std::string("UTF-16BE");
  }
  return std::string(encoding::SniffUtf16WithoutBom(head));
}

// Marks the first U+FFFD of a decoded stream, whose message is only known at the end.
constexpr const char* kLostBytesPending = "\x01lost-bytes";

}  // namespace

Result<CheckedFile> RuleSet::CheckFile(const std::string& path, const ReadOptions& read,
                                       const CheckOptions& options, size_t piece_bytes) const {
  auto checked = [&](const Result<Document>& doc) -> Result<CheckedFile> {
    if (!doc.ok()) return doc.status();
    CheckedFile out;
    out.source = doc->source;
    out.findings = Check(*doc, options);
    return out;
  };
  auto whole = [&] { return checked(ReadDocumentFile(path, read)); };
  auto from_memory = [&](std::string_view bytes) {
    return checked(ReadDocument(path, bytes, read));
  };
  if (piece_bytes == 0) return whole();
  // Standard input and other pipes are read in pieces too: a pipe's size shows only by
  // reading it, so its first piece decides.
  const bool is_stdin = path == "-";
  Fd file{is_stdin ? -1 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  const int fd = is_stdin ? STDIN_FILENO : file.fd;
  struct stat st;
  if (fd < 0 || ::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) return whole();
  const bool regular = S_ISREG(st.st_mode);
  std::string buf;
  bool eof = false;
  size_t size = 0;  // a regular file's
  if (regular) {
    size = static_cast<size_t>(st.st_size);
    if (size <= piece_bytes) return whole();
    if (!Fill(fd, buf, 64 * 1024, eof)) return ReadFailure(path);
  } else {
    if (!Fill(fd, buf, piece_bytes + 1, eof)) return ReadFailure(path);
    if (eof) return from_memory(buf);
  }

  std::string format = AsciiLower(read.format);
  if (format.empty()) {
    std::string error;
    format = internal::ChooseFormat(path, std::string_view(buf).substr(0, 64 * 1024), &error);
    if (format.empty()) return regular ? whole() : Status::Error(path + ": " + error);
  }
  if (format == "html") {
    // A page too large to parse is named, not read: a pipe is read only up to the limit.
    bool known = regular;
    if (!regular) {
      if (!Fill(fd, buf, read.max_html_bytes + 1, eof)) return ReadFailure(path);
      known = eof;
      size = buf.size();
    }
    if (size <= read.max_html_bytes) return regular ? whole() : from_memory(buf);
    Document doc;
    doc.source = path;
    doc.format = "html";
    doc.problems.push_back({internal::HtmlTooLargeMessage(size, read.max_html_bytes, known), 0});
    CheckedFile out;
    out.source = path;
    out.findings = Check(doc, options);
    return out;
  }
  if (format != "text") {
    if (regular) return whole();
    if (!Fill(fd, buf, read.max_bytes + 1, eof)) return ReadFailure(path);
    return from_memory(buf);
  }

  size_t bom = 0;
  Result<std::string> stream_encoding = StreamEncoding(buf, read.encoding, bom);
  if (!stream_encoding.ok()) return Status::Error(path + ": " + stream_encoding.status().message());
  ReadOptions piece_read = read;
  piece_read.format = "text";
  piece_read.max_bytes = SIZE_MAX;  // a piece is held, never the whole input
  std::unique_ptr<ByteSource> source;
  DecodingSource* decoding = nullptr;
  if (!stream_encoding->empty()) {
    Result<std::unique_ptr<encoding::StreamDecoder>> decoder =
        encoding::StreamDecoder::Open(*stream_encoding);
    if (!decoder.ok()) return Status::Error(path + ": " + decoder.status().message());
    buf.erase(0, bom);
    auto d = std::make_unique<DecodingSource>(fd, std::move(buf), std::move(*decoder));
    decoding = d.get();
    source = std::move(d);
    buf = std::string();
    piece_read.encoding = "UTF-8";  // what the source gives, U+FFFD where bytes were lost
  } else {
    source = std::make_unique<RawSource>(fd);
  }
  bool placed_lost = false;  // the U+FFFD of the lost-bytes finding
  PieceState state;
  CheckedFile out;
  out.source = path;
  size_t overlap = 0;        // bytes at the front of buf already checked with the last piece
  size_t overlap_lines = 0;  // the line breaks among them
  size_t base_column = 0;    // code points of the current line before buf (a piece cut mid-line)
  for (;;) {
    if (!source->Fill(buf, overlap + piece_bytes, eof)) return ReadFailure(path);
    size_t cut = buf.size();
    bool mid_line = false;
    if (!eof) {
      size_t nl = buf.rfind('\n');
      while (nl == std::string::npos || nl < overlap) {
        // A line longer than a piece: read on to its end, up to four pieces.
        size_t had = buf.size();
        if (had >= overlap + 4 * piece_bytes) break;
        if (!source->Fill(buf, std::min(had + piece_bytes, overlap + 4 * piece_bytes), eof)) {
          return ReadFailure(path);
        }
        if (eof) break;
        nl = buf.find('\n', had);
      }
      if (eof) {
        cut = buf.size();
      } else if (nl != std::string::npos && nl >= overlap) {
        cut = nl + 1;
      } else {
        cut = CutInsideLine(buf, overlap);
        mid_line = true;
      }
    }
    // The lines after the piece come along as what follows it (see report_before).
    size_t ext = cut;
    if (!mid_line && !(eof && cut == buf.size())) {
      if (!source->Fill(buf, cut + kOverlapBytes, eof)) return ReadFailure(path);
      std::string_view after = std::string_view(buf).substr(cut, kOverlapBytes);
      for (size_t n = 0, at = 0; n < kOverlapLines; ++n) {
        size_t nl = after.find('\n', at);
        if (nl == std::string_view::npos) break;
        at = nl + 1;
        ext = cut + at;
      }
    }
    std::string_view piece(buf.data(), cut);
    Result<Document> doc = ReadDocument(path, std::string_view(buf.data(), ext), piece_read);
    if (!doc.ok()) return doc.status();
    const std::string& whole_text = doc->original;
    auto after_lines = [&](size_t lines) {
      size_t at = 0;
      for (size_t n = 0; n < lines; ++n) {
        size_t nl = whole_text.find('\n', at);
        if (nl == std::string::npos) return whole_text.size();
        at = nl + 1;
      }
      return at;
    };
    state.checked_before = after_lines(overlap_lines);
    const size_t own_end =
        ext == cut ? whole_text.size()
                   : after_lines(static_cast<size_t>(std::count(piece.begin(), piece.end(), '\n')));
    state.report_before = ext == cut ? SIZE_MAX : own_end;
    const std::string_view text = std::string_view(whole_text).substr(0, own_end);
    if (decoding != nullptr && !placed_lost && decoding->decoder().lost_bytes() > 0) {
      // As for a file read whole: one finding at the first U+FFFD, counting every lost byte.
      size_t at = text.find("\xEF\xBF\xBD", state.checked_before);
      if (at != std::string_view::npos) {
        doc->problems.push_back({kLostBytesPending, at});
        placed_lost = true;
      }
    }
    std::vector<Finding> found =
        engine_->Check(*doc, nullptr, options.deadline, options.now, &state);
    bool cut_short = false;
    for (Finding& f : found) {
      // Columns of a line begun in the piece before count on from there.
      if (base_column > 0 && f.line == state.base_line + 1) f.column += base_column;
      if (base_column > 0 && f.end_line == state.base_line + 1) f.end_column += base_column;
      cut_short = cut_short || f.rule == kCheckIncompleteRule;
      out.findings.push_back(std::move(f));
    }
    if (ext == cut && cut == buf.size() && eof) break;
    if (cut_short) break;

    // The next piece starts with this one's last lines (or, cut inside a line, right after).
    const size_t text_lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
    size_t keep_text = text.size();  // where the next piece starts, in this piece's text
    size_t keep_bytes = cut;         // and in its bytes
    if (!mid_line) {
      keep_bytes = StartOfLastLines(piece, kOverlapLines, kOverlapBytes);
      size_t carried = static_cast<size_t>(
          std::count(piece.begin() + static_cast<std::ptrdiff_t>(keep_bytes), piece.end(), '\n'));
      keep_text = StartOfLastLines(text, carried, SIZE_MAX);
      overlap_lines = carried;
    } else {
      overlap_lines = 0;
    }
    const size_t lines_before = static_cast<size_t>(
        std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(keep_text), '\n'));
    if (mid_line) {
      size_t line_start = text.rfind('\n');
      line_start = line_start == std::string::npos ? 0 : line_start + 1;
      size_t cps = utf8::CountCodePoints(text.substr(line_start));
      base_column = (text_lines == 0 ? base_column : 0) + cps;
    } else {
      base_column = 0;
    }
    state.base_offset += keep_text;
    state.base_line += lines_before;
    overlap = cut - keep_bytes;
    buf.erase(0, keep_bytes);
  }
  engine_->FinishPieces(state, out.findings);
  if (placed_lost) {
    for (Finding& f : out.findings) {
      if (f.rule != kReadProblemRule || f.message != kLostBytesPending) continue;
      f.message =
          internal::LostBytesMessage(decoding->decoder().lost_bytes(), decoding->decoder().name());
    }
  }
  return out;
}

}  // namespace cuomin::scanner
