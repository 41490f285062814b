// What reading a large file costs in memory, measured in a process of its own
// (tests/read_probe.cc reports its resident set before reading and at its peak): a
// spreadsheet of a million rows, empty or full, and a PDF of 2,000 pages. The figures are
// bounds, not benchmarks: each is far from what holding the file's XML or pages whole would
// take, so that a reader that stops streaming fails here. Skipped under sanitizers, whose
// shadow memory and quarantine are not the program's.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "run_command.h"
#include "scanner/read/child_process.h"
#include "test_paths.h"
#include "tests/attachment_writers.h"

namespace {

using json = nlohmann::json;
namespace tw = cuomin::testing_writers;

// Reads `bytes` saved as `name` in read_probe; the probe's JSON, or null when it failed.
json Probe(const std::string& name, const std::string& bytes, size_t max_cells = 0) {
  std::string dir = (std::filesystem::temp_directory_path() / "cuomin-memory-XXXXXX").string();
  if (::mkdtemp(dir.data()) == nullptr) return nullptr;
  std::string path = dir + "/" + name;
  std::ofstream(path, std::ios::binary) << bytes;
  std::vector<std::string> argv = {cuomin::test_paths::ReadProbe(), path};
  if (max_cells > 0) argv.insert(argv.end(), {"--max-cells", std::to_string(max_cells)});
  cuomin::test_paths::CommandResult r = cuomin::test_paths::RunCommand(argv);
  std::filesystem::remove_all(dir);
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  if (r.exit_code != 0) return nullptr;
  json out = json::parse(r.out, nullptr, false);
  EXPECT_FALSE(out.is_discarded()) << r.out;
  return out.is_discarded() ? json(nullptr) : out;
}

// Megabytes the reading took above what the process held before it (the file's bytes
// included); printed for the record.
double GrowthMb(const json& probe, const char* what) {
  double mb = (probe["peak_rss_kb"].get<double>() - probe["start_rss_kb"].get<double>()) / 1024;
  std::printf("%s: reading took %.0f MB above the %.0f MB held before it\n", what, mb,
              probe["start_rss_kb"].get<double>() / 1024);
  return mb;
}

bool MeasuresMemory() { return cuomin::scanner::internal::AddressSpaceLimitApplies(); }

// A workbook of one sheet "名单" whose <sheetData> is `rows` (and `shared` strings).
std::string Workbook(const std::string& rows, const std::string& shared = "") {
  std::vector<std::pair<std::string, std::string>> members = {
      {"xl/workbook.xml", "<workbook><sheets><sheet name=\"名单\"/></sheets></workbook>"},
      {"xl/worksheets/sheet1.xml", "<worksheet><sheetData>" + rows + "</sheetData></worksheet>"}};
  if (!shared.empty()) members.push_back({"xl/sharedStrings.xml", "<sst>" + shared + "</sst>"});
  return tw::MakeZipArchive(members);
}

// A million rows, each of eight cells that are styled but hold nothing (as a template
// formatted down to row 1,048,576 leaves them), then one cell with text: about 200 MB of XML
// and 10 million elements, which a reader holding the sheet whole could not afford. It is
// streamed: the one cell is read, at its place, in a few megabytes.
TEST(XlsxMemory, AMillionRowsOfEmptyStyledCellsStreamInLittleMemory) {
  std::string rows;
  rows.reserve(size_t{210} << 20);
  for (int r = 1; r <= 1'000'000; ++r) {
    std::string n = std::to_string(r);
    rows += "<row r=\"" + n + "\">";
    for (char c = 'A'; c <= 'H'; ++c) rows += std::string("<c r=\"") + c + n + "\" s=\"1\"/>";
    rows += "</row>";
  }
  rows += "<row r=\"1048576\"><c r=\"B1048576\" t=\"inlineStr\"><is><t>末行按装</t></is></c></row>";
  ASSERT_GT(rows.size(), size_t{180} << 20);
  std::string xlsx = Workbook(rows);
  rows = std::string();
  json probe = Probe("空行.xlsx", xlsx);
  ASSERT_FALSE(probe.is_null());
  ASSERT_TRUE(probe["ok"].get<bool>()) << probe.dump();
  EXPECT_EQ(probe["blocks"], 1) << probe.dump();
  EXPECT_EQ(probe["last_text"], "末行按装");
  EXPECT_EQ(probe["last_cell"], "B1048576");
  EXPECT_TRUE(probe["problems"].empty()) << probe.dump();
  if (!MeasuresMemory()) GTEST_SKIP() << "sanitizer build: memory is not the program's own";
  EXPECT_LT(GrowthMb(probe, "1M rows of empty styled cells (xlsx)"), 32) << probe.dump();
}

// A 公示 list of a million rows: a name (one of a thousand shared strings), an ID number and a
// mobile in number cells, 3 million cells with content. Read up to the cell cap, the rest
// named; the memory taken follows the cells read, not the file: a tenth of the cap's cells
// take a fraction of the memory.
TEST(XlsxMemory, AMillionRowsWithContentAreReadUpToTheCellCapInMemoryOfTheCells) {
  std::string shared;
  for (int i = 0; i < 1000; ++i) shared += "<si><t>申请人" + std::to_string(i) + "号</t></si>";
  std::string rows;
  rows.reserve(size_t{120} << 20);
  for (int r = 1; r <= 1'000'000; ++r) {
    std::string n = std::to_string(r);
    rows += "<row r=\"" + n + "\"><c r=\"A" + n + "\" t=\"s\"><v>" + std::to_string(r % 1000) +
            "</v></c><c r=\"B" + n + "\"><v>" + std::to_string(330302199000000000 + r) +
            "</v></c><c r=\"C" + n + "\"><v>" + std::to_string(13800000000 + r) + "</v></c></row>";
  }
  std::string xlsx = Workbook(rows, shared);
  rows = std::string();

  json small = Probe("名单.xlsx", xlsx, 200'000);
  ASSERT_FALSE(small.is_null());
  ASSERT_TRUE(small["ok"].get<bool>()) << small.dump();
  EXPECT_EQ(small["blocks"], 200'000);
  // 66,666 whole rows, then A and B of the next.
  EXPECT_EQ(small["last_cell"], "B66667");
  EXPECT_EQ(small["last_text"], "330302199000066667");
  ASSERT_EQ(small["problems"].size(), 1u) << small.dump();
  EXPECT_EQ(small["problems"][0], "表格的非空单元格超过 200000 个，其余未检查");

  json full = Probe("名单.xlsx", xlsx);
  ASSERT_FALSE(full.is_null());
  ASSERT_TRUE(full["ok"].get<bool>()) << full.dump();
  EXPECT_EQ(full["blocks"], 2'000'000);
  EXPECT_EQ(full["last_cell"], "B666667");
  EXPECT_EQ(full["last_text"], "330302199000666667");
  ASSERT_EQ(full["problems"].size(), 1u) << full.dump();
  EXPECT_EQ(full["problems"][0], "表格的非空单元格超过 2000000 个，其余未检查");

  if (!MeasuresMemory()) GTEST_SKIP() << "sanitizer build: memory is not the program's own";
  double small_mb = GrowthMb(small, "1M rows of content, 200,000 cells read (xlsx)");
  double full_mb = GrowthMb(full, "1M rows of content, 2,000,000 cells read (xlsx)");
  // A cell read costs a block, a region and its text (about 300 bytes); 1 KB each is the bound.
  EXPECT_LT(small_mb, 200'000 / 1024.0) << small.dump();
  EXPECT_LT(full_mb, 2'000'000 / 1024.0) << full.dump();
  EXPECT_LT(small_mb * 4, full_mb) << "memory follows the cells read";
}

// The 2,001-page annual report of PdfReader.TwoThousandPagesAreReadAndThePageBeyondIsNamed,
// read alone: pages are read one at a time and only their text kept, so 2,000 pages of two
// lines take tens of megabytes, not the hundreds that holding poppler's pages would.
TEST(PdfMemory, TwoThousandPagesAreReadInBoundedMemory) {
  std::vector<std::vector<std::string>> pages(2001, {"本页为年度报告正文内容。", "第二行文字。"});
  pages[1999] = {"本页为年度报告正文内容。", "请各单位按装监控设备。"};
  json probe = Probe("年报.pdf", tw::MakePdf(pages));
  ASSERT_FALSE(probe.is_null());
  ASSERT_TRUE(probe["ok"].get<bool>()) << probe.dump();
  EXPECT_EQ(probe["last_page"], 2000) << probe.dump();
  ASSERT_EQ(probe["problems"].size(), 1u) << probe.dump();
  EXPECT_EQ(probe["problems"][0], "PDF 共 2001 页，只检查了前 2000 页");
  if (!MeasuresMemory()) GTEST_SKIP() << "sanitizer build: memory is not the program's own";
  EXPECT_LT(GrowthMb(probe, "2,001-page PDF"), 64) << probe.dump();
}

}  // namespace
