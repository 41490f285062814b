// A large text file checked piece by piece (RuleSet::CheckFile) gives the findings of the same
// file checked whole: no finding lost or doubled at a seam, positions of the whole file, the
// per-rule cap and the grouped rules counted over the file. Small pieces put seams everywhere.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "common/utf8.h"
#include "scanner/reader.h"
#include "scanner/rule_set.h"
#include "test_paths.h"

namespace cuomin::scanner {
namespace {

namespace fs = std::filesystem;

class TempFile {
 public:
  explicit TempFile(const std::string& bytes) {
    path_ = (fs::temp_directory_path() /
             ("cuomin-pieces-" + std::to_string(::getpid()) + "-" + std::to_string(n_++) + ".txt"))
                .string();
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~TempFile() { fs::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  static inline int n_ = 0;
  std::string path_;
};

const RuleSet& ShippedRules() {
  static std::unique_ptr<RuleSet> rules = [] {
    RuleSetOptions opt;
    opt.rule_dirs = {cuomin::test_paths::Dictionaries()};
    auto rs = RuleSet::Load(opt);
    EXPECT_TRUE(rs.ok()) << rs.status().message();
    return std::move(*rs);
  }();
  return *rules;
}

// Real government text (tests/testdata/gov-text) with typos, numbering mistakes and
// half-width punctuation mixed in every few lines.
std::string GovTextWithMistakes(size_t max_bytes) {
  std::ifstream in(cuomin::test_paths::Testdata() + "/gov-text/reports-sample.jsonl");
  std::string line, text;
  size_t n = 0;
  const char* extra[] = {"面对困难决不能一愁莫展，要按装好设备。",
                         "一、总体要求",
                         "二、重点任务",
                         "四、保障措施",
                         "联系电话:12345，地址:某某路。",
                         "第一条　为了规范工作，制定本办法。",
                         "第三条　本办法自公布之日起施行。"};
  while (std::getline(in, line) && text.size() < max_bytes) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.contains("content")) continue;
    std::string content = j["content"].get<std::string>();
    size_t start = 0;
    for (size_t nl; (nl = content.find('\n', start)) != std::string::npos; start = nl + 1) {
      text += content.substr(start, nl - start) + "\n";
      if (++n % 5 == 0) text += std::string(extra[(n / 5) % 7]) + "\n";
      if (text.size() >= max_bytes) break;
    }
  }
  return text;
}

std::vector<Finding> Whole(const std::string& path, const ReadOptions& read = {}) {
  auto doc = ReadDocumentFile(path, read);
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  return ShippedRules().Check(*doc);
}

std::vector<Finding> InPieces(const std::string& path, size_t piece_bytes,
                              const ReadOptions& read = {}) {
  auto checked = ShippedRules().CheckFile(path, read, {}, piece_bytes);
  EXPECT_TRUE(checked.ok()) << checked.status().message();
  return checked.ok() ? checked->findings : std::vector<Finding>{};
}

std::string Show(const Finding& f) {
  return std::to_string(f.line) + ":" + std::to_string(f.column) + "-" +
         std::to_string(f.end_line) + ":" + std::to_string(f.end_column) + " @" +
         std::to_string(f.offset) + "+" + std::to_string(f.length) + " [" + f.rule + "] " + f.text +
         " | " + f.message + " | " + f.context;
}

void ExpectSame(const std::vector<Finding>& whole, const std::vector<Finding>& pieces,
                const std::string& what) {
  std::vector<std::string> a, b;
  for (const Finding& f : whole) a.push_back(Show(f));
  for (const Finding& f : pieces) b.push_back(Show(f));
  EXPECT_EQ(a.size(), b.size()) << what;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i] != b[i]) {
      ADD_FAILURE() << what << ": finding " << i << " differs\n whole:  " << a[i]
                    << "\n pieces: " << b[i];
      return;
    }
  }
}

TEST(CheckInPieces, SameFindingsAsTheWholeFileWhereverTheSeamsFall) {
  TempFile file(GovTextWithMistakes(300 * 1024));
  std::vector<Finding> whole = Whole(file.path());
  ASSERT_GT(whole.size(), 100u);
  bool typo = false;
  for (const Finding& f : whole) typo = typo || f.text == "一愁莫展";
  ASSERT_TRUE(typo);
  // Piece sizes that put seams at every kind of line; 4 KB pieces are 75 seams.
  for (size_t piece : {size_t{4096}, size_t{10007}, size_t{65536}}) {
    ExpectSame(whole, InPieces(file.path(), piece), "pieces of " + std::to_string(piece));
  }
}

TEST(CheckInPieces, TheCapAndTheCountAreOverTheWholeFile) {
  // 2,500 typos: 1,000 listed, the last one counting the other 1,500, as for the whole file.
  std::string text;
  for (int i = 0; i < 2500; ++i) text += "第" + std::to_string(i) + "项：决不能一愁莫展。\n";
  TempFile file(text);
  std::vector<Finding> pieces = InPieces(file.path(), 2000);
  size_t listed = 0;
  std::string last;
  for (const Finding& f : pieces) {
    if (f.text != "一愁莫展") continue;
    ++listed;
    last = f.message;
  }
  EXPECT_EQ(listed, 1000u);
  EXPECT_NE(last.find("另有 1500 处同类问题"), std::string::npos) << last;
  ExpectSame(Whole(file.path()), pieces, "2,500 typos");
}

TEST(CheckInPieces, ALineLongerThanFourPiecesKeepsItsColumns) {
  // One line of 60 KB (no line break for more than four 4 KB pieces), a typo near its end.
  std::string line;
  while (line.size() < 60 * 1024) line += "各地区各部门要认真贯彻落实 ";
  std::string text = "第一行。\n" + line + "决不能一愁莫展。\n最后一行要按装设备。\n";
  TempFile file(text);
  std::vector<Finding> whole = Whole(file.path());
  std::vector<Finding> pieces = InPieces(file.path(), 4096);
  auto find = [](const std::vector<Finding>& fs, const std::string& t) {
    for (const Finding& f : fs)
      if (f.text == t) return Show(f).substr(0, Show(f).find(" | "));
    return std::string("missing");
  };
  EXPECT_EQ(find(whole, "一愁莫展"), find(pieces, "一愁莫展"));
  EXPECT_EQ(find(whole, "按装"), find(pieces, "按装"));
  EXPECT_NE(find(pieces, "一愁莫展"), "missing");
}

TEST(CheckInPieces, SmallFilesAndOtherFormatsAreReadWhole) {
  TempFile file("<html><body><p>决不能一愁莫展。</p></body></html>");
  auto html = ShippedRules().CheckFile(
      file.path(),
      [] {
        ReadOptions r;
        r.format = "html";
        return r;
      }(),
      {}, 8);
  ASSERT_TRUE(html.ok()) << html.status().message();
  ASSERT_EQ(html->findings.size(), 1u);
  EXPECT_EQ(html->findings[0].text, "一愁莫展");
  auto missing = ShippedRules().CheckFile(file.path() + ".none", {}, {}, 8);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find(".none"), std::string::npos);
}

// Standard input fed from a pipe by a thread while CheckFile("-") reads it; restored after.
class StdinPipe {
 public:
  explicit StdinPipe(std::string bytes) {
    int fds[2];
    EXPECT_EQ(::pipe(fds), 0);
    saved_ = ::dup(STDIN_FILENO);
    ::dup2(fds[0], STDIN_FILENO);
    ::close(fds[0]);
    writer_ = std::thread([fd = fds[1], bytes = std::move(bytes)] {
      for (size_t at = 0; at < bytes.size();) {
        ssize_t n = ::write(fd, bytes.data() + at, bytes.size() - at);
        if (n <= 0) break;
        at += static_cast<size_t>(n);
      }
      ::close(fd);
    });
  }
  ~StdinPipe() {
    // Whatever CheckFile left unread is drained so that the writer ends.
    char sink[4096];
    while (::read(STDIN_FILENO, sink, sizeof sink) > 0) {
    }
    writer_.join();
    ::dup2(saved_, STDIN_FILENO);
    ::close(saved_);
  }

 private:
  int saved_ = -1;
  std::thread writer_;
};

Result<CheckedFile> CheckStdin(const std::string& bytes, size_t piece_bytes,
                               const ReadOptions& read = {}) {
  StdinPipe in(bytes);
  return ShippedRules().CheckFile("-", read, {}, piece_bytes);
}

// A reader that refuses more than 100 KB held at once: the inputs below are three times that,
// so they are checked only if they are never held whole.
ReadOptions HoldingAtMost100K() {
  ReadOptions r;
  r.max_bytes = 100 * 1024;
  return r;
}

TEST(CheckInPieces, StandardInputIsCheckedInPiecesWithTheFindingsOfTheFile) {
  const std::string text = GovTextWithMistakes(300 * 1024);
  TempFile file(text);
  std::vector<Finding> whole = Whole(file.path());
  ASSERT_GT(whole.size(), 100u);
  for (size_t piece : {size_t{4096}, size_t{65536}}) {
    Result<CheckedFile> in = CheckStdin(text, piece, HoldingAtMost100K());
    ASSERT_TRUE(in.ok()) << in.status().message();
    EXPECT_EQ(in->source, "-");
    ExpectSame(whole, in->findings, "stdin in pieces of " + std::to_string(piece));
    ASSERT_FALSE(in->findings.empty());
    EXPECT_EQ(in->findings[0].source, "-");
  }
  // Less than a piece is read whole, as before.
  Result<CheckedFile> small = CheckStdin("决不能一愁莫展。\n", 4096);
  ASSERT_TRUE(small.ok()) << small.status().message();
  ASSERT_EQ(small->findings.size(), 1u);
  EXPECT_EQ(small->findings[0].text, "一愁莫展");
  EXPECT_EQ(small->findings[0].source, "-");
}

std::string ToUtf16(std::string_view utf8, bool big_endian) {
  std::string out;
  auto unit = [&](char16_t u) {
    char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
    out += big_endian ? hi : lo;
    out += big_endian ? lo : hi;
  };
  for (char32_t c : utf8::ToUtf32(utf8)) {
    if (c >= 0x10000) {
      unit(static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10)));
      unit(static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF)));
    } else {
      unit(static_cast<char16_t>(c));
    }
  }
  return out;
}

TEST(CheckInPieces, Utf16IsDecodedInPiecesWithTheFindingsOfTheWholeFile) {
  // Chinese text is full of 上 (U+4E0A), whose UTF-16LE bytes 0A 4E would be a line break to a
  // cut made in the raw bytes. An unpaired surrogate in the middle loses two bytes, counted
  // once for the file at its place.
  std::string text = GovTextWithMistakes(150 * 1024);
  const size_t middle = text.find('\n', text.size() / 2) + 1;
  std::string le = "\xFF\xFE" + ToUtf16(text.substr(0, middle), false) +
                   std::string("\x00\xD8", 2) + ToUtf16(text.substr(middle), false);
  std::string be = "\xFE\xFF" + ToUtf16(text, true);
  std::string forced = ToUtf16(text, false);  // no BOM: only --encoding says what it is
  ReadOptions bounded;  // three times less than the file (see HoldingAtMost100K)
  bounded.max_bytes = 32 * 1024;
  ASSERT_GT(le.size(), 3 * bounded.max_bytes);

  struct Case {
    std::string name, bytes, encoding;
  };
  for (const Case& c : {Case{"UTF-16LE with a BOM", le, ""}, Case{"UTF-16BE with a BOM", be, ""},
                        Case{"--encoding UTF-16LE", forced, "UTF-16LE"}}) {
    TempFile file(c.bytes);
    ReadOptions read;
    read.encoding = c.encoding;
    std::vector<Finding> whole = Whole(file.path(), read);
    ASSERT_GT(whole.size(), 100u) << c.name;
    bounded.encoding = c.encoding;
    for (size_t piece : {size_t{4096}, size_t{10007}}) {
      ExpectSame(whole, InPieces(file.path(), piece, bounded),
                 c.name + ", pieces of " + std::to_string(piece));
      // Through a pipe the first piece ends at piece + 1 bytes: odd, inside a UTF-16 unit.
      Result<CheckedFile> in = CheckStdin(c.bytes, piece, bounded);
      ASSERT_TRUE(in.ok()) << in.status().message();
      ExpectSame(whole, in->findings, c.name + ", stdin in pieces of " + std::to_string(piece));
    }
  }
  // The loss is named as for the whole file: once, at its place, with its encoding.
  TempFile file(le);
  size_t lost = 0;
  bounded.encoding.clear();
  for (const Finding& f : InPieces(file.path(), 4096, bounded)) {
    if (f.rule != kReadProblemRule) continue;
    ++lost;
    EXPECT_EQ(f.message, "有 2 个字节无法按 UTF-16LE 解码，已替换为 �，这些位置的原文未检查");
    EXPECT_EQ(f.offset, middle);
  }
  EXPECT_EQ(lost, 1u);
}

TEST(CheckInPieces, HtmlOverItsLimitIsOneFindingNamingTheLimitNotReadWhole) {
  std::string page = "<html><body>";
  while (page.size() < 40 * 1024) page += "<p>各地区各部门要认真贯彻落实，决不能一愁莫展。</p>\n";
  page += "</body></html>";
  TempFile file(page);
  ReadOptions read;
  read.format = "html";
  read.max_html_bytes = 32 * 1024;
  auto expect_refused = [&](const Result<CheckedFile>& checked, const std::string& source,
                            const std::string& says) {
    ASSERT_TRUE(checked.ok()) << checked.status().message();
    ASSERT_EQ(checked->findings.size(), 1u) << source;
    const Finding& f = checked->findings[0];
    EXPECT_EQ(f.rule, kReadProblemRule);
    EXPECT_EQ(f.source, source);
    EXPECT_EQ(f.line, 1);
    EXPECT_NE(f.message.find(says), std::string::npos) << f.message;
    EXPECT_NE(f.message.find("未检查其内容"), std::string::npos) << f.message;
  };
  // A file: its size and the limit. A pipe is not read past the limit, so only the limit.
  expect_refused(ShippedRules().CheckFile(file.path(), read, {}, 4096), file.path(),
                 "HTML 页面过大（0.039 MB，上限 0.031 MB）");
  expect_refused(CheckStdin(page, 4096, read), "-", "HTML 页面超过上限（0.031 MB）");
  // Read from memory (a crawled page, a draft) the reader says the same.
  Result<Document> doc = ReadDocument("page.html", page, read);
  ASSERT_TRUE(doc.ok());
  ASSERT_EQ(doc->problems.size(), 1u);
  EXPECT_NE(doc->problems[0].message.find("HTML 页面过大"), std::string::npos);
  EXPECT_TRUE(doc->blocks.empty());
  // Under the limit the page is read and checked.
  read.max_html_bytes = 64 * 1024;
  Result<CheckedFile> read_whole = ShippedRules().CheckFile(file.path(), read, {}, 4096);
  ASSERT_TRUE(read_whole.ok());
  size_t typos = 0;
  for (const Finding& f : read_whole->findings) typos += f.text == "一愁莫展";
  EXPECT_GT(typos, 100u);
}

}  // namespace
}  // namespace cuomin::scanner
