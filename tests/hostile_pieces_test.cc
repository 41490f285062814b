// A large text file checked piece by piece (RuleSet::CheckFile) gives the findings of the same
// file checked whole: no finding lost or doubled at a seam, positions of the whole file, the
// per-rule cap and the grouped rules counted over the file. Small pieces put seams everywhere.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

std::vector<Finding> Whole(const std::string& path) {
  auto doc = ReadDocumentFile(path);
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  return ShippedRules().Check(*doc);
}

std::vector<Finding> InPieces(const std::string& path, size_t piece_bytes) {
  auto checked = ShippedRules().CheckFile(path, {}, {}, piece_bytes);
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

}  // namespace
}  // namespace cuomin::scanner
