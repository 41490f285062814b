// The disclosure_report rule on annual government information disclosure reports
// (政府信息公开工作年度报告, 国办公开办函〔2021〕30号 format) in HTML and text: correct reports
// give nothing, planted errors in totals, sub-items, columns, prose and years are each found
// with a message naming the cells, and other documents are left alone.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "scanner/reader.h"
#include "scanner/rule_set.h"
#include "scanner/rules/disclosure/disclosure_model.h"
#include "test_paths.h"
#include "tests/disclosure_test_util.h"

namespace cuomin::scanner {
namespace {

namespace dr = rules::disclosure;

constexpr char kRuleId[] = "consistency-disclosure-report";
const std::string& kData = disclosure_test::DataDir();
using disclosure_test::ExpectEveryTableRead;
using disclosure_test::Replace;
using disclosure_test::Slurp;

// The fixture with `from` (which must occur exactly once) replaced by `to`.
std::string Plant(const std::string& fixture, const std::string& from, const std::string& to) {
  SCOPED_TRACE(fixture);
  return Replace(Slurp(kData + fixture), from, to);
}

std::unique_ptr<RuleSet> LoadRules(std::map<std::string, std::string> settings = {}) {
  RuleSetOptions opt;
  opt.rule_dirs = {cuomin::test_paths::Dictionaries() + "/consistency"};
  opt.settings = std::move(settings);
  auto rs = RuleSet::Load(opt);
  EXPECT_TRUE(rs.ok()) << rs.status().message();
  return rs.ok() ? std::move(*rs) : nullptr;
}

// The rule's findings of a problem; the info finding that says what was checked is tested
// on its own (DisclosurePdfTest).
std::vector<Finding> Check(const RuleSet& rules, const Document& doc) {
  std::vector<Finding> out;
  for (Finding& f : rules.Check(doc))
    if (f.rule == kRuleId && f.severity != Severity::kInfo) out.push_back(std::move(f));
  return out;
}

std::vector<Finding> CheckBytes(const std::string& name, const std::string& bytes) {
  auto rules = LoadRules();
  auto doc = ReadDocument(name, bytes);
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  return doc.ok() && rules ? Check(*rules, *doc) : std::vector<Finding>{};
}

std::string Messages(const std::vector<Finding>& found) {
  std::string s;
  for (const Finding& f : found)
    s += std::to_string(f.line) + ":" + std::to_string(f.column) + " 「" + f.text + "」 " +
         f.message + "\n";
  return s;
}

// The finding whose message is exactly `message`, or null.
const Finding* Find(const std::vector<Finding>& found, const std::string& message) {
  for (const Finding& f : found)
    if (f.message == message) return &f;
  return nullptr;
}

void ExpectFinding(const std::vector<Finding>& found, const std::string& message,
                   const std::string& text) {
  const Finding* f = Find(found, message);
  ASSERT_NE(f, nullptr) << "missing: " << message << "\nfound:\n" << Messages(found);
  EXPECT_EQ(f->text, text) << message;
  EXPECT_EQ(f->category, Category::kConsistency);
  EXPECT_EQ(f->severity, Severity::kMajor);
}

// ---- the fixtures are read completely and are right ----

class FixtureTest : public testing::TestWithParam<const char*> {};

TEST_P(FixtureTest, EveryTableIsReadAndNothingIsReported) {
  auto doc = ReadDocumentFile(kData + GetParam());
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  std::optional<dr::Report> report = dr::ReadReport(*doc);
  ExpectEveryTableRead(report);
  ASSERT_TRUE(report.has_value());
  EXPECT_TRUE(report->title_year.has_value());
  EXPECT_TRUE(report->period_start.has_value());
  EXPECT_TRUE(report->published.has_value());
  auto rules = LoadRules();
  ASSERT_NE(rules, nullptr);
  EXPECT_EQ(Messages(Check(*rules, *doc)), "");
}

INSTANTIATE_TEST_SUITE_P(Reports, FixtureTest,
                         testing::Values("county-2023.html", "bureau-2023.txt", "county-2022.txt"));

TEST(DisclosureReportTest, HtmlReaderPlacesMergedCellsOnTheGrid) {
  // 表三 of the HTML report: 三、本年度办理结果 spans 22 rows, （三）不予公开 8; the numbers of
  // every row must land in grid columns 3..9 after the covered label columns.
  auto doc = ReadDocumentFile(kData + "county-2023.html");
  ASSERT_TRUE(doc.ok());
  auto cell = [&](const std::string& text) -> const Block* {
    for (const Block& b : doc->blocks)
      if (b.text == text && b.kind == BlockKind::kTableCell) return &b;
    return nullptr;
  };
  const Block* parent = cell("（三）不予公开");
  const Block* second = cell("2.其他法律行政法规禁止公开");
  const Block* total = cell("（七）总计");
  const Block* carry = cell("四、结转下年度继续办理");
  ASSERT_TRUE(parent && second && total && carry);
  EXPECT_EQ(parent->column, 1);
  EXPECT_EQ(second->column, 2);
  EXPECT_EQ(second->row, parent->row + 1);
  EXPECT_EQ(total->column, 1);
  EXPECT_EQ(carry->column, 0);
  // The (七)总计 row's last number (199) sits in column 9, the 总计 column of the header.
  size_t i = static_cast<size_t>(total - doc->blocks.data());
  const Block& last = doc->blocks[i + 7];
  EXPECT_EQ(last.text, "199");
  EXPECT_EQ(last.column, 9);
  EXPECT_EQ(last.row, total->row);
}

// ---- a real published report ----

TEST(DisclosureReportTest, RealShanghaiOffice2019ReadOnItsGrid) {
  // 上海市人民政府办公厅2019年年报 as published (see testdata/disclosure/README.md): older
  // format, blank cells for zero, and the 总计 cell of every outcome row left blank. Its
  // columns add up (no column finding); each outcome row with applicants but a blank 总计 is
  // reported, a real defect of the published table. The （一） row's numbers must stay in
  // their columns although its label spans two grid columns and its 总计 is blank.
  auto doc = ReadDocumentFile(kData + "real-shanghai-office-2019.html");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  std::optional<dr::Report> report = dr::ReadReport(*doc);
  ASSERT_TRUE(report.has_value());
  ASSERT_TRUE(report->table3[dr::kNew] && report->table3[dr::kOutcomeTotal] &&
              report->table3[dr::kPublic]);
  EXPECT_EQ(report->table3[dr::kNew]->values[dr::kTotalColumn].value.number, 859);
  EXPECT_EQ(report->table3[dr::kOutcomeTotal]->values[dr::kTotalColumn].value.number, 805);
  EXPECT_EQ(report->table3[dr::kPublic]->values[0].value.number, 258);
  auto rules = LoadRules();
  ASSERT_NE(rules, nullptr);
  auto found = Check(*rules, *doc);
  EXPECT_EQ(found.size(), 11u) << Messages(found);
  for (const Finding& f : found) EXPECT_EQ(f.message.find("列"), std::string::npos) << f.message;
  ExpectFinding(found,
                "表三“（一）予以公开”行：自然人（258）+ 商业企业（12）+ 科研机构（0）+ "
                "社会公益组织（0）+ 法律服务机构（1）+ 其他（1）= 272，但总计栏为空",
                "（一）予以公开");
}

// The same report as published, with an error planted in a total, a sub-item and a column of
// 表三: each is found by a sum, besides the eleven blank 总计 of the report as published (left
// out here, but for the sub-item's row, whose blank-总计 finding then says the new sum).
TEST(DisclosureReportTest, RealShanghaiOffice2019PlantedErrorsAreFound) {
  const char* const kFile = "real-shanghai-office-2019.html";
  auto others = [](const std::vector<Finding>& found) {
    std::string s;
    for (const Finding& f : found)
      if (f.message.find("但总计栏为空") == std::string::npos ||
          f.message.find("= 13，") != std::string::npos)
        s += f.message + "\n";
    return s;
  };
  ASSERT_EQ(others(CheckBytes(kFile, Slurp(kData + kFile))), "");
  struct PlantCase {
    const char* from;
    const char* to;
    const char* expect;
  };
  for (const PlantCase& p : {
           // A total: 第一项's 总计 859 -> 860; the prose (受理…859件) disagrees with it too.
           PlantCase{"<p align=\"center\">859</p>", "<p align=\"center\">860</p>",
                     "正文所述本年新收政府信息公开申请（859件）与表三第一项总计（860）不一致\n"
                     "表三“第一项”行：自然人（821）+ 商业企业（35）+ 科研机构（0）+ "
                     "社会公益组织（0）+ 法律服务机构（2）+ 其他（1）= 859，与总计（860）不相等\n"
                     "表三“总计”列：第一项（860）+ 第二项（18）= 878，第三项总计（805）+ "
                     "第四项（72）= 877，不相等\n"},
           // A sub-item: （三）8 自然人 10 -> 11 (its 总计 blank as published).
           PlantCase{"8.属于行政查询事项</p></td><td><p align=\"center\">10</p>",
                     "8.属于行政查询事项</p></td><td><p align=\"center\">11</p>",
                     "表三“（三）不予公开第8项”行：自然人（11）+ 商业企业（2）+ 科研机构（0）+ "
                     "社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 13，但总计栏为空\n"
                     "表三“自然人”列：（一）予以公开（258）+ （二）部分公开（3）+ "
                     "（三）不予公开（33）+ （四）无法提供（321）+ （五）不予处理（153）+ "
                     "（六）其他处理（0）= 768，与（七）总计（767）不相等\n"},
           // A column: 第一项 自然人 821 -> 822, its row total left.
           PlantCase{"<p align=\"center\">821</p>", "<p align=\"center\">822</p>",
                     "表三“第一项”行：自然人（822）+ 商业企业（35）+ 科研机构（0）+ "
                     "社会公益组织（0）+ 法律服务机构（2）+ 其他（1）= 860，与总计（859）不相等\n"
                     "表三“自然人”列：第一项（822）+ 第二项（18）= 840，第三项总计（767）+ "
                     "第四项（72）= 839，不相等\n"},
       }) {
    SCOPED_TRACE(p.to);
    EXPECT_EQ(others(CheckBytes(kFile, Plant(kFile, p.from, p.to))), p.expect);
  }
}

// ---- real published tables, partial copies (see testdata/disclosure/README.md) ----

// The copies start at the tables, without the page's title: the title line is added here so
// that the report is recognised; the fixture bytes stay as published.
constexpr char kTitle2024[] = "2024年政府信息公开工作年度报告\n";

std::optional<dr::Report> ReadTitled(const std::string& fixture, const std::string& bytes) {
  auto doc = ReadDocument(fixture, kTitle2024 + bytes);
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  if (!doc.ok()) return std::nullopt;
  return dr::ReadReport(*doc);
}

int64_t Total(const std::optional<dr::Report>& r, int row) {
  if (!r || !r->table3[row]) return -1;
  auto c = r->table3[row]->values[dr::kTotalColumn].value.Count();
  return c ? *c : -1;
}

constexpr char kPdfText[] = "real-pdf-text-2024-section3-partial.txt";

TEST(DisclosureReportTest, RealPdfTextRowsAreReadThroughWrappedLabels) {
  // Text extracted from a published PDF: the header is broken over many lines, 三、本年度办理
  // 结果 is one character a line, （二）'s label wraps before its numbers, （三）不予公开 is split
  // ("（三）不" / "予公开") and （四）'s label is cut to "（四）无" beside its first sub-item.
  std::optional<dr::Report> r = ReadTitled(kPdfText, Slurp(kData + kPdfText));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(Total(r, dr::kNew), 3119);
  EXPECT_EQ(Total(r, dr::kCarried), 34);
  EXPECT_EQ(Total(r, dr::kPublic), 1362);
  EXPECT_EQ(Total(r, dr::kPartial), 454);
  const int64_t denied[] = {2, 31, 5, 6, 8, 12, 9, 105};
  for (int i = 0; i < 8; ++i) EXPECT_EQ(Total(r, dr::kDenied1 + i), denied[i]) << i;
  EXPECT_EQ(Total(r, dr::kUnable1), 769);
  ASSERT_TRUE(r->table3[dr::kUnable1].has_value());
  EXPECT_EQ(r->table3[dr::kUnable1]->values[4].value.number, 10);  // 法律服务机构
  EXPECT_EQ(Messages(CheckBytes(kPdfText, kTitle2024 + Slurp(kData + kPdfText))), "");
}

TEST(DisclosureReportTest, RealPdfTextPlantedRowErrors) {
  std::string text = kTitle2024 + Slurp(kData + kPdfText);
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"形，不计其他情形） 447 7", "形，不计其他情形） 448 7"},
           {"1.属于国家秘密 2 0", "1.属于国家秘密 3 0"},
           {"1.本机关不掌握相关政府信息 746 12 0 0 10 1 769",
            "1.本机关不掌握相关政府信息 746 12 0 0 10 1 768"}}) {
    size_t p = text.find(from);
    ASSERT_NE(p, std::string::npos) << from;
    text.replace(p, from.size(), to);
  }
  auto found = CheckBytes(kPdfText, text);
  EXPECT_EQ(found.size(), 3u) << Messages(found);
  ExpectFinding(found,
                "表三“（二）部分公开”行：自然人（448）+ 商业企业（7）+ 科研机构（0）+ "
                "社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 455，与总计（454）不相等",
                "形，不计其他情形）");
  ExpectFinding(found,
                "表三“（三）不予公开第1项”行：自然人（3）+ 商业企业（0）+ 科研机构（0）+ "
                "社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 3，与总计（2）不相等",
                "1.属于国家秘密");
  ExpectFinding(found,
                "表三“（四）无法提供第1项”行：自然人（746）+ 商业企业（12）+ 科研机构（0）+ "
                "社会公益组织（0）+ 法律服务机构（10）+ 其他（1）= 769，与总计（768）不相等",
                "（四）无 1.本机关不掌握相关政府信息");
}

// The reader joins the lines of a text wrapped inside a run of Han characters and folds spaced
// words (习 近 平) for the word rules, but a report's tables are read from its lines as
// written: the findings still name the cells' own characters, on their own lines.
TEST(DisclosureReportTest, RealPdfTextFindingsPointAtTheLinesAsWritten) {
  std::string text = kTitle2024 + Slurp(kData + kPdfText);
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"形，不计其他情形） 447 7", "形，不计其他情形） 448 7"},
           {"1.属于国家秘密 2 0", "1.属 于 国 家 秘 密 3 0"}}) {
    size_t p = text.find(from);
    ASSERT_NE(p, std::string::npos) << from;
    text.replace(p, from.size(), to);
  }
  auto doc = ReadDocument(kPdfText, text);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  // What the other rules see: the wrapped label is one block, the spaced one is folded.
  auto has_block = [&](const std::string& t) {
    return std::any_of(doc->blocks.begin(), doc->blocks.end(),
                       [&](const Block& b) { return b.text.find(t) != std::string::npos; });
  };
  ASSERT_TRUE(has_block("只计这一情形，不计其他情形）"));
  ASSERT_TRUE(has_block("1.属于国家秘密 3 0"));
  auto rules = LoadRules();
  ASSERT_NE(rules, nullptr);
  auto found = Check(*rules, *doc);
  EXPECT_EQ(found.size(), 2u) << Messages(found);
  auto line_of = [&](size_t offset) {
    return static_cast<size_t>(std::count(text.begin(), text.begin() + offset, '\n')) + 1;
  };
  // A finding's text is what the rules read (folded); its offset and length are the original's.
  for (const auto& [label, read] : std::vector<std::pair<std::string, std::string>>{
           {"形，不计其他情形）", "形，不计其他情形）"},
           {"1.属 于 国 家 秘 密", "1.属于国家秘密"}}) {
    const std::string& wanted = read;  // a lambda may not capture a structured binding (clang 14)
    auto f = std::find_if(found.begin(), found.end(),
                          [&wanted](const Finding& x) { return x.text == wanted; });
    ASSERT_NE(f, found.end()) << read << "\n" << Messages(found);
    const size_t at = text.find(label + " ");
    EXPECT_EQ(f->offset, at) << label;
    EXPECT_EQ(f->length, label.size()) << label;
    EXPECT_EQ(f->line, line_of(at)) << label;
    EXPECT_EQ(f->column, 1u) << label;
  }
}

constexpr char kLonggang[] = "real-longgang-dept-2024-partial.txt";

TEST(DisclosureReportTest, RealPipeTextTablesAreReadAndClean) {
  std::optional<dr::Report> r = ReadTitled(kLonggang, Slurp(kData + kLonggang));
  ASSERT_TRUE(r.has_value());
  ASSERT_TRUE(r->table2[dr::kNormativeDocuments].has_value());
  const auto& docs = r->table2[dr::kNormativeDocuments]->values;
  EXPECT_EQ(docs[0].value.number, 5);
  EXPECT_EQ(docs[1].value.number, 1);
  EXPECT_EQ(docs[2].value.number, 25);
  for (int item = 0; item < dr::kTable2Items; ++item)
    EXPECT_TRUE(r->table2[item].has_value()) << dr::kTable2ItemNames[item];
  EXPECT_EQ(Total(r, dr::kNew), 66);
  EXPECT_EQ(Total(r, dr::kCarried), 2);
  EXPECT_EQ(Total(r, dr::kPublic), 3);
  EXPECT_EQ(Total(r, dr::kPartial), 17);
  EXPECT_EQ(Total(r, dr::kDenied1 + 4), 1);
  ASSERT_TRUE(r->period_start.has_value());
  EXPECT_EQ(r->period_start->year, 2024);
  EXPECT_EQ(Messages(CheckBytes(kLonggang, kTitle2024 + Slurp(kData + kLonggang))), "");
}

TEST(DisclosureReportTest, RealPipeTextPlantedColumnTable2AndYear) {
  std::string text = kTitle2024 + Slurp(kData + kLonggang);
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           // A wrong 商业企业 cell in 第一项, a negative count in 表二, a wrong year.
           {"申请数量 | 58 | 7 |", "申请数量 | 58 | 8 |"},
           {"行政规范性文件 | 5 | 1 | 25 |", "行政规范性文件 | 5 | -1 | 25 |"},
           {"统计期限为2024年1月1日至2024年12月31日", "统计期限为2023年1月1日至2023年12月31日"}}) {
    size_t p = text.find(from);
    ASSERT_NE(p, std::string::npos) << from;
    text.replace(p, from.size(), to);
  }
  auto found = CheckBytes(kLonggang, text);
  EXPECT_EQ(found.size(), 3u) << Messages(found);
  ExpectFinding(found,
                "表三“第一项”行：自然人（58）+ 商业企业（8）+ 科研机构（0）+ 社会公益组织（0）+ "
                "法律服务机构（1）+ 其他（0）= 67，与总计（66）不相等",
                "一、本年新收政府信息公开申请数量");
  ExpectFinding(found, "表二“行政规范性文件”的“本年废止件数”应为非负整数，实为“-1”", "-1");
  ExpectFinding(found, "统计期限（2023年1月1日至2023年12月31日）与报告标题的年份（2024年）不一致",
                "2023年1月1日至2023年12月31日");
}

// ---- planted errors, HTML ----

TEST(DisclosureReportTest, HtmlSubItemError) {
  // （四）无法提供 1. 自然人 38 -> 39: the row no longer adds up, nor does the column.
  auto found = CheckBytes(
      "county-2023.html",
      Plant("county-2023.html",
            "1.本机关不掌握相关政府信息</span></p></td><td><p align=\"center\"><span>38<",
            "1.本机关不掌握相关政府信息</span></p></td><td><p align=\"center\"><span>39<"));
  EXPECT_EQ(found.size(), 2u) << Messages(found);
  ExpectFinding(found,
                "表三“（四）无法提供第1项”行：自然人（39）+ 商业企业（3）+ 科研机构（0）+ "
                "社会公益组织（1）+ 法律服务机构（1）+ 其他（1）= 45，与总计（44）不相等",
                "1.本机关不掌握相关政府信息");
  ExpectFinding(found,
                "表三“自然人”列：（一）予以公开（82）+ （二）部分公开（15）+ （三）不予公开（13）+ "
                "（四）无法提供（48）+ （五）不予处理（13）+ （六）其他处理（7）= 178，与（七）总计"
                "（177）不相等",
                "177");
}

TEST(DisclosureReportTest, HtmlGrandTotalError) {
  // （七）总计 / 总计 199 -> 198: column 总计 fails both column checks, the row fails too.
  auto found = CheckBytes("county-2023.html",
                          Plant("county-2023.html", "<span>199</span>", "<span>198</span>"));
  EXPECT_EQ(found.size(), 3u) << Messages(found);
  ExpectFinding(found,
                "表三“总计”列：第一项（210）+ 第二项（8）= 218，第三项总计（198）+ 第四项（19）= "
                "217，不相等",
                "19");
  const Finding* sub = nullptr;
  for (const Finding& f : found)
    if (f.message.find("= 199，与（七）总计（198）不相等") != std::string::npos) sub = &f;
  ASSERT_NE(sub, nullptr) << Messages(found);
  EXPECT_EQ(sub->text, "198");
  ExpectFinding(
      found,
      "表三“（七）总计”行：自然人（177）+ 商业企业（14）+ 科研机构（0）+ 社会公益组织（1）"
      "+ 法律服务机构（5）+ 其他（2）= 199，与总计（198）不相等",
      "（七）总计");
}

TEST(DisclosureReportTest, HtmlColumnErrorInNewApplications) {
  // 第一项 商业企业 15 -> 16 with the row total left at 210.
  auto found = CheckBytes(
      "county-2023.html",
      Plant("county-2023.html",
            "一、本年新收政府信息公开申请数量</span></p></td><td><p align=\"center\"><span>186</"
            "span></p></td><td><p align=\"center\"><span>15<",
            "一、本年新收政府信息公开申请数量</span></p></td><td><p align=\"center\"><span>186</"
            "span></p></td><td><p align=\"center\"><span>16<"));
  EXPECT_EQ(found.size(), 2u) << Messages(found);
  ExpectFinding(found,
                "表三“第一项”行：自然人（186）+ 商业企业（16）+ 科研机构（0）+ 社会公益组织（1）+ "
                "法律服务机构（6）+ 其他（2）= 211，与总计（210）不相等",
                "一、本年新收政府信息公开申请数量");
  ExpectFinding(found,
                "表三“商业企业”列：第一项（16）+ 第二项（1）= 17，第三项总计（14）+ 第四项（2）= "
                "16，不相等",
                "2");
}

TEST(DisclosureReportTest, HtmlReviewTotalProseAndDates) {
  std::string html = Slurp(kData + "county-2023.html");
  // 表四 行政复议 总计 4 -> 5 (the first "1 | 4" pair of cells is 尚未审结, 总计).
  std::string cells = "<span>1</span></p></td><td><p align=\"center\"><span>4</span>";
  size_t at = html.find(cells);
  ASSERT_NE(at, std::string::npos);
  html.replace(at, cells.size(), "<span>1</span></p></td><td><p align=\"center\"><span>5</span>");
  // The prose says 212 new applications; the period is 2022; the signature predates 2024.
  for (auto [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"共新收政府信息公开申请210件", "共新收政府信息公开申请212件"},
           {"统计期限自2023年1月1日起至2023年12月31日止",
            "统计期限自2022年1月1日起至2022年12月31日止"},
           {"<p style=\"text-align:right;\">2024年1月26日",
            "<p style=\"text-align:right;\">2023年1月26日"}}) {
    size_t p = html.find(from);
    ASSERT_NE(p, std::string::npos) << from;
    html.replace(p, from.size(), to);
  }
  auto found = CheckBytes("county-2023.html", html);
  EXPECT_EQ(found.size(), 5u) << Messages(found);
  ExpectFinding(found,
                "表四行政复议：结果维持（2）+ 结果纠正（1）+ 其他结果（0）+ 尚未审结（1）= 4，"
                "与总计（5）不相等",
                "5");
  ExpectFinding(found, "正文所述政府信息公开行政复议（4件）与表四行政复议总计（5）不一致", "4");
  ExpectFinding(found, "正文所述本年新收政府信息公开申请（212件）与表三第一项总计（210）不一致",
                "212");
  ExpectFinding(found, "统计期限（2022年1月1日至2022年12月31日）与报告标题的年份（2023年）不一致",
                "2022年1月1日起至2022年12月31日");
  ExpectFinding(
      found, "发布日期（2023年1月26日）不晚于报告年度（2023年），年度报告应在次年发布，请核对年份",
      "2023年1月26日");
}

TEST(DisclosureReportTest, HtmlReportInsideALayoutTable) {
  // Older CMS templates put the whole article in a layout <table>: the report's tables are
  // nested in one of its cells and must still be read as tables.
  std::string html =
      Plant("county-2023.html", "<div class=\"content\" id=\"zoom\">",
            "<table width=\"100%\"><tr><td>栏目导航</td><td><div class=\"content\">");
  size_t footer = html.find("<div class=\"footer\">");
  ASSERT_NE(footer, std::string::npos);
  html.insert(footer, "</td></tr></table>");
  EXPECT_EQ(Messages(CheckBytes("layout.html", html)), "");
  size_t total = html.find("<span>199</span>");
  ASSERT_NE(total, std::string::npos);
  html.replace(total, std::string("<span>199</span>").size(), "<span>198</span>");
  auto found = CheckBytes("layout.html", html);
  EXPECT_EQ(found.size(), 3u) << Messages(found);
  ExpectFinding(found,
                "表三“总计”列：第一项（210）+ 第二项（8）= 218，第三项总计（198）+ 第四项（19）= "
                "217，不相等",
                "19");
}

// ---- planted errors, text ----

TEST(DisclosureReportTest, PipeTextCarryOverError) {
  // 四、结转下年度继续办理 自然人 2 -> 3 in a table copied with '|' separators.
  auto found = CheckBytes(
      "bureau-2023.txt",
      Plant("bureau-2023.txt", "| 四、结转下年度继续办理 | 2 |", "| 四、结转下年度继续办理 | 3 |"));
  EXPECT_EQ(found.size(), 2u) << Messages(found);
  ExpectFinding(found,
                "表三“自然人”列：第一项（41）+ 第二项（3）= 44，第三项总计（42）+ 第四项（3）= "
                "45，不相等",
                "3");
  ExpectFinding(found,
                "表三“第四项”行：自然人（3）+ 商业企业（1）+ 科研机构（0）+ 社会公益组织（0）+ "
                "法律服务机构（0）+ 其他（0）= 4，与总计（3）不相等",
                "四、结转下年度继续办理");
}

TEST(DisclosureReportTest, PipeTextTable2AndProse) {
  std::string text = Plant("bureau-2023.txt", "| 行政规范性文件 | 2 | 0 | 15 |",
                           "| 行政规范性文件 | 2 | -1 | 15 |");
  size_t p = text.find("全年制发行政规范性文件2件");
  ASSERT_NE(p, std::string::npos);
  text.replace(p, std::string("全年制发行政规范性文件2件").size(), "全年制发行政规范性文件3件");
  auto found = CheckBytes("bureau-2023.txt", text);
  EXPECT_EQ(found.size(), 2u) << Messages(found);
  ExpectFinding(found, "表二“行政规范性文件”的“本年废止件数”应为非负整数，实为“-1”", "-1");
  ExpectFinding(found,
                "正文所述本年制发行政规范性文件（3件）与表二行政规范性文件本年制发件数（2）不一致",
                "3");
}

TEST(DisclosureReportTest, TabTextSubItemError) {
  // （五）不予处理 3.要求提供公开出版物 自然人 0 -> 2 in a tab-separated copy.
  auto found = CheckBytes("county-2022.txt", Plant("county-2022.txt", "3.要求提供公开出版物\t0",
                                                   "3.要求提供公开出版物\t2"));
  EXPECT_EQ(found.size(), 2u) << Messages(found);
  ExpectFinding(found,
                "表三“（五）不予处理第3项”行：自然人（2）+ 商业企业（0）+ 科研机构（0）+ "
                "社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 2，与总计（0）不相等",
                "3.要求提供公开出版物");
  ExpectFinding(found,
                "表三“自然人”列：（一）予以公开（70）+ （二）部分公开（12）+ （三）不予公开（6）+ "
                "（四）无法提供（42）+ （五）不予处理（12）+ （六）其他处理（8）= 150，与（七）总计"
                "（148）不相等",
                "148");
}

TEST(DisclosureReportTest, SpaceSeparatedReviewTable) {
  // 表四 of the 2022 report is separated by runs of spaces: 复议后起诉 总计 1 -> 2.
  auto found = CheckBytes("county-2022.txt", Plant("county-2022.txt", "1    0    0    0    1\n",
                                                   "1    0    0    0    2\n"));
  EXPECT_EQ(found.size(), 1u) << Messages(found);
  ExpectFinding(found,
                "表四行政诉讼（复议后起诉）：结果维持（1）+ 结果纠正（0）+ 其他结果（0）+ 尚未审结"
                "（0）= 1，与总计（2）不相等",
                "2");
}

// ---- --previous ----

TEST(DisclosureReportTest, PreviousReportInForceCount) {
  auto doc = ReadDocumentFile(kData + "county-2023.html");
  ASSERT_TRUE(doc.ok());
  auto rules = LoadRules({{"previous_report", kData + "county-2022.txt"}});
  ASSERT_NE(rules, nullptr);
  EXPECT_EQ(Messages(Check(*rules, *doc)), "");

  std::string prev =
      Plant("county-2022.txt", "行政规范性文件    5    3    37", "行政规范性文件    5    3    36");
  std::string path = testing::TempDir() + "/previous-2022.txt";
  std::ofstream(path, std::ios::binary) << prev;
  auto wrong = LoadRules({{"previous_report", path}});
  ASSERT_NE(wrong, nullptr);
  auto found = Check(*wrong, *doc);
  ASSERT_EQ(found.size(), 1u) << Messages(found);
  ExpectFinding(found,
                "表二“行政规范性文件”的现行有效件数（41）与上年报告的现行有效件数（36）+ "
                "本年制发件数（6）− 本年废止件数（2）= 40 不相等",
                "41");
  // A report of another year is not compared with it.
  EXPECT_EQ(Messages(Check(*wrong, *ReadDocumentFile(kData + "county-2022.txt"))), "");
}

TEST(DisclosureReportTest, PreviousReportErrors) {
  RuleSetOptions opt;
  opt.rule_dirs = {cuomin::test_paths::Dictionaries() + "/consistency"};
  opt.settings["previous_report"] = kData + "no-such-2022.html";
  auto rs = RuleSet::Load(opt);
  ASSERT_FALSE(rs.ok());
  EXPECT_NE(rs.status().message().find("no-such-2022.html"), std::string::npos)
      << rs.status().message();

  std::string path = testing::TempDir() + "/not-a-report.txt";
  std::ofstream(path, std::ios::binary) << "关于做好2024年春节期间安全生产工作的通知\n各乡镇：\n";
  opt.settings["previous_report"] = path;
  rs = RuleSet::Load(opt);
  ASSERT_FALSE(rs.ok());
  EXPECT_NE(rs.status().message().find("不是政府信息公开工作年度报告"), std::string::npos)
      << rs.status().message();
}

// ---- other documents ----

TEST(DisclosureReportTest, OtherDocumentsAreLeftAlone) {
  // A news article about the report, with its numbers, and a notice with a table.
  EXPECT_EQ(Messages(CheckBytes(
                "news.txt",
                "我县发布2023年政府信息公开工作年度报告\n"
                "近日，县政府办公室发布2023年度政府信息公开工作年度报告。报告显示，全县全年共新收"
                "政府信息公开申请210件，其中予以公开91件。\n")),
            "");
  EXPECT_EQ(Messages(CheckBytes("notice.txt",
                                "关于2023年度全县安全生产目标考核结果的通报\n"
                                "| 单位 | 得分 | 总计 |\n| 城关镇 | 95 | 96 |\n"
                                "本通报统计期限自2022年1月1日起至2023年12月31日止。\n")),
            "");
  auto page =
      ReadDocumentFile(cuomin::test_paths::Testdata() + "/pages/deqing-county-article.html");
  ASSERT_TRUE(page.ok()) << page.status().message();
  auto rules = LoadRules();
  ASSERT_NE(rules, nullptr);
  EXPECT_EQ(Messages(Check(*rules, *page)), "");
  EXPECT_FALSE(dr::ReadReport(*page).has_value() && dr::ReadReport(*page)->has_table3());
}

}  // namespace
}  // namespace cuomin::scanner
