// Annual disclosure reports as offices publish them: PDF. The tables of the two real 洪泽区
// reports (tests/testdata/disclosure/README.md) are rebuilt from the words' positions — row
// labels wrapped over lines, 三、本年度办理结果 one character a line, a three-row header, 表三
// broken over two pages — and checked; planted errors in a total, a sub-item and a column are
// each found, in the PDF and in the text `pdftotext -layout` gives of it.
#include <gtest/gtest.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scanner/reader.h"
#include "scanner/rule_set.h"
#include "scanner/rules/disclosure/disclosure_model.h"
#include "test_paths.h"
#include "tests/attachment_writers.h"
#include "tests/disclosure_test_util.h"

namespace cuomin::scanner {
namespace {

namespace dr = rules::disclosure;
using testing_writers::MakePlacedPdf;
using testing_writers::PlacedText;

constexpr char kRuleId[] = "consistency-disclosure-report";
const std::string& kData = disclosure_test::DataDir();
using disclosure_test::ExpectEveryTableRead;
using disclosure_test::Replace;
using disclosure_test::Slurp;

// The rule's findings; with_info adds the one that says what was checked.
std::vector<Finding> CheckDoc(const Document& doc, bool with_info = false) {
  RuleSetOptions opt;
  opt.rule_dirs = {cuomin::test_paths::Dictionaries() + "/consistency"};
  auto rules = RuleSet::Load(opt);
  EXPECT_TRUE(rules.ok()) << rules.status().message();
  std::vector<Finding> out;
  if (!rules.ok()) return out;
  for (Finding& f : (*rules)->Check(doc))
    if (f.rule == kRuleId && (with_info || f.severity != Severity::kInfo))
      out.push_back(std::move(f));
  return out;
}

std::vector<Finding> CheckBytes(const std::string& name, const std::string& bytes) {
  auto doc = ReadDocument(name, bytes);
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  return doc.ok() ? CheckDoc(*doc) : std::vector<Finding>{};
}

std::string Messages(const std::vector<Finding>& found) {
  std::string s;
  for (const Finding& f : found) s += "「" + f.text + "」 " + f.message + "\n";
  return s;
}

int64_t Total(const std::optional<dr::Report>& r, int row) {
  if (!r || !r->table3[row]) return -1;
  return r->table3[row]->values[dr::kTotalColumn].value.Count().value_or(-2);
}

// ---- the real reports are read whole ----

TEST(DisclosurePdfTest, HongzeReportsTablesAreRebuiltFromThePageLayout) {
  struct Expect {
    const char* file;
    int64_t received, public_, not_held, review_total;
    double fees;
  };
  for (const Expect& e : {Expect{"hongze-2023.pdf", 21, 0, 10, 0, 7730.28},
                          Expect{"hongze-2024.pdf", 95, 50, 31, 2, 7545}}) {
    SCOPED_TRACE(e.file);
    auto doc = ReadDocumentFile(kData + e.file);
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    std::optional<dr::Report> r = dr::ReadReport(*doc);
    ExpectEveryTableRead(r);
    ASSERT_TRUE(r.has_value() && r->table4.has_value());
    EXPECT_EQ(Total(r, dr::kNew), e.received);
    EXPECT_EQ(Total(r, dr::kPublic), e.public_);
    EXPECT_EQ(Total(r, dr::kUnable1), e.not_held);       // page 3 of 2023, page 4 of 2024
    EXPECT_EQ(Total(r, dr::kOutcomeTotal), e.received);  // on the page after the break
    EXPECT_EQ((*r->table4)[4].value.Count(), e.review_total);
    ASSERT_TRUE(r->table2[dr::kFees].has_value());
    EXPECT_DOUBLE_EQ(r->table2[dr::kFees]->values[0].value.number, e.fees);
    // The rows are table cells, as from HTML: the checks point at a cell, not a line.
    ASSERT_TRUE(r->table3[dr::kDenied1].has_value());
    const Block& label = doc->blocks[r->table3[dr::kDenied1]->label.span.block];
    EXPECT_EQ(label.kind, BlockKind::kTableCell);
    EXPECT_EQ(label.text, "1.属于国家秘密");
  }
}

// The 2024 report as published says 区政府办代表区政府受理政府信息公开申请 17 件 where its
// 表三 has 95 new applications: a true finding (tests/disclosure_real_reports_test.cc).
const char* const kHongze2024Prose =
    "「17」 正文所述本年新收政府信息公开申请（17件）与表三第一项总计（95）不一致\n";

TEST(DisclosurePdfTest, Hongze2024TablesAddUpAnd2023HasItsRealReviewTotalError) {
  EXPECT_EQ(Messages(CheckDoc(*ReadDocumentFile(kData + "hongze-2024.pdf"))), kHongze2024Prose);
  // The 2023 report as published gives 行政复议 结果维持 10, 结果纠正 1 and 总计 0.
  // 复议后起诉 likewise: 5 and 总计 0. Both are true findings on the published report.
  EXPECT_EQ(Messages(CheckDoc(*ReadDocumentFile(kData + "hongze-2023.pdf"))),
            "「0」 表四行政复议：结果维持（10）+ 结果纠正（1）+ 其他结果（0）+ 尚未审结（0）= "
            "11，与总计（0）不相等\n"
            "「0」 表四行政诉讼（复议后起诉）：结果维持（5）+ 结果纠正（0）+ 其他结果（0）+ "
            "尚未审结（0）= 5，"
            "与总计（0）不相等\n");
  EXPECT_EQ(Messages(CheckDoc(*ReadDocumentFile(kData + "hongze-2023-layout.txt"))),
            "「0」 表四行政复议：结果维持（10）+ 结果纠正（1）+ 其他结果（0）+ 尚未审结（0）= "
            "11，与总计（0）不相等\n"
            "「0」 表四行政诉讼（复议后起诉）：结果维持（5）+ 结果纠正（0）+ 其他结果（0）+ "
            "尚未审结（0）= 5，"
            "与总计（0）不相等\n");
}

// ---- saying what was checked ----

TEST(DisclosurePdfTest, ARecognisedReportSaysWhatWasChecked) {
  // 表三: 7 columns x 25 rows; relations: 7 column identities, 7 (七)总计 sums, 25 row sums,
  // 3 表四 totals, 1 number of the prose (受理…17 件).
  for (const char* file : {"hongze-2024.pdf", "hongze-2024-layout.txt"}) {
    auto found = CheckDoc(*ReadDocumentFile(kData + file), /*with_info=*/true);
    ASSERT_EQ(found.size(), 2u) << file;
    EXPECT_EQ(found[0].severity, Severity::kInfo);
    EXPECT_EQ(found[0].message, "已核对：表二、表三（7列×25项）、表四，共 43 处勾稽关系");
    EXPECT_EQ(found[0].text, "2024");
    EXPECT_EQ(found[1].text, "17");
  }
}

TEST(DisclosurePdfTest, AReportWhoseTablesCannotBeReadSaysSo) {
  using testing_writers::MakePdf;
  std::string pdf =
      MakePdf({{"洪泽区人民政府2024年政府信息公开工作年度报告",
                "本报告中所列数据统计期限自2024年1月1日起至2024年12月31日止。",
                "三、收到和处理政府信息公开申请情况",
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"}});
  auto found = CheckBytes("scan.pdf", pdf);
  ASSERT_EQ(found.size(), 1u) << Messages(found);
  EXPECT_EQ(found[0].severity, Severity::kMinor);
  EXPECT_EQ(found[0].message,
            "文档是政府信息公开工作年度报告，但未能读出其中的表二、表三、表四（表格可能是图片或格式"
            "无法识别），表格数据未核对");
  // A page that only mentions such a report is not one.
  EXPECT_EQ(Messages(CheckBytes("news.pdf", MakePdf({{"我区发布2024年政府信息公开工作年度报告",
                                                      "全文请见政府门户网站。"}}))),
            "");
}

// ---- planted errors, in the PDF ----

// What each planted error gives, the same from the PDF and from its text.
const char* const kPlantedTotal =
    "「（七）总计」 表三“（七）总计”行：自然人（95）+ 商业企业（0）+ 科研机构（0）+ "
    "社会公益组织（0）+ "
    "法律服务机构（0）+ 其他（0）= 95，与总计（96）不相等\n"
    "「96」 表三“总计”列：（一）予以公开（50）+ （二）部分公开（9）+ （三）不予公开（3）+ "
    "（四）无法提供（32）+ （五）不予处理（1）+ （六）其他处理（0）= 95，与（七）总计（96）不相等\n"
    "「0」 表三“总计”列：第一项（95）+ 第二项（0）= 95，第三项总计（96）+ 第四项（0）= "
    "96，不相等\n";
const char* const kPlantedSubItem =
    "「1.属于国家秘密」 表三“（三）不予公开第1项”行：自然人（2）+ 商业企业（0）+ 科研机构（0）+ "
    "社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 2，与总计（0）不相等\n"
    "「95」 表三“自然人”列：（一）予以公开（50）+ （二）部分公开（9）+ （三）不予公开（5）+ "
    "（四）无法提供（32）+ （五）不予处理（1）+ （六）其他处理（0）= "
    "97，与（七）总计（95）不相等\n";
const char* const kPlantedColumn =
    "「一、本年新收政府信息公开申请数量」 表三“第一项”行：自然人（97）+ 商业企业（0）+ "
    "科研机构（0）+ "
    "社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 97，与总计（95）不相等\n"
    "「0」 表三“自然人”列：第一项（97）+ 第二项（0）= 97，第三项总计（95）+ 第四项（0）= "
    "95，不相等\n";

// The words of the real PDF with their boxes, to print again with one number changed.
std::vector<std::vector<PlacedText>> PdfRuns(const std::string& path) {
  std::string bytes = Slurp(path);
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  std::vector<std::vector<PlacedText>> pages;
  if (!pdf) return pages;
  for (int i = 0; i < pdf->pages(); ++i) {
    std::unique_ptr<poppler::page> page(pdf->create_page(i));
    pages.emplace_back();
    for (const poppler::text_box& b : page->text_list()) {
      poppler::byte_array u = b.text().to_utf8();
      poppler::rectf r = b.bbox();
      pages.back().push_back(
          {std::string(u.data(), u.size()), r.x(), r.y(), r.width(), r.height()});
    }
  }
  return pages;
}

// Sets the `column`-th number (0-based, left to right) on the line of the word `label` to `to`.
void SetNumber(std::vector<std::vector<PlacedText>>& pages, const std::string& label, int column,
               const std::string& to) {
  for (auto& runs : pages) {
    for (const PlacedText& l : runs) {
      if (l.text != label) continue;
      double centre = l.y + l.height / 2;
      std::vector<PlacedText*> numbers;
      for (PlacedText& r : runs) {
        bool digits =
            !r.text.empty() && r.text.find_first_not_of("0123456789.") == std::string::npos;
        if (digits && r.x > l.x && std::abs(r.y + r.height / 2 - centre) < l.height)
          numbers.push_back(&r);
      }
      std::sort(numbers.begin(), numbers.end(),
                [](const PlacedText* a, const PlacedText* b) { return a->x < b->x; });
      ASSERT_LT(static_cast<size_t>(column), numbers.size()) << label;
      numbers[column]->text = to;
      return;
    }
  }
  ADD_FAILURE() << "no word " << label;
}

TEST(DisclosurePdfTest, RetypesetRealReportReadsTheSame) {
  // The writer puts every word back where poppler found it: the copy gives what the original
  // gives (its one true prose finding), so the planted errors below are the only difference.
  auto pages = PdfRuns(kData + "hongze-2024.pdf");
  ASSERT_EQ(pages.size(), 5u);
  EXPECT_EQ(Messages(CheckBytes("hongze-2024.pdf", MakePlacedPdf(pages))), kHongze2024Prose);
}

TEST(DisclosurePdfTest, PlantedErrorsInTheRealPdfAreFound) {
  struct Plant {
    const char* label;
    int column;
    const char* to;
    const char* expect;  // the findings
  };
  for (const Plant& p : {
           // A total: 表三 (七)总计's 总计 95 -> 96.
           Plant{"（七）总计", 6, "96", kPlantedTotal},
           // A sub-item: (三)1 属于国家秘密, 自然人 0 -> 2.
           Plant{"属于国家秘密", 0, "2", kPlantedSubItem},
           // A column: 第一项 自然人 95 -> 97, its row total left.
           Plant{"一、本年新收政府信息公开申请数量", 0, "97", kPlantedColumn},
       }) {
    SCOPED_TRACE(p.label);
    auto pages = PdfRuns(kData + "hongze-2024.pdf");
    SetNumber(pages, p.label, p.column, p.to);
    auto found = CheckBytes("hongze-2024.pdf", MakePlacedPdf(pages));
    EXPECT_EQ(Messages(found), kHongze2024Prose + std::string(p.expect));
  }
}

// ---- the same, in the text pdftotext -layout gives ----

TEST(DisclosurePdfTest, LayoutTextOfTheRealReports) {
  for (const char* file : {"hongze-2023-layout.txt", "hongze-2024-layout.txt"}) {
    SCOPED_TRACE(file);
    auto doc = ReadDocumentFile(kData + file);
    ASSERT_TRUE(doc.ok());
    ExpectEveryTableRead(dr::ReadReport(*doc));
  }
  EXPECT_EQ(Messages(CheckDoc(*ReadDocumentFile(kData + "hongze-2024-layout.txt"))),
            kHongze2024Prose);
}

// ---- across years ----

// The rule's findings with last year's report (--previous).
std::vector<Finding> CheckWithPrevious(const std::string& previous, const Document& doc,
                                       bool with_info = false) {
  RuleSetOptions opt;
  opt.rule_dirs = {cuomin::test_paths::Dictionaries() + "/consistency"};
  opt.settings["previous_report"] = previous;
  auto rules = RuleSet::Load(opt);
  EXPECT_TRUE(rules.ok()) << rules.status().message();
  std::vector<Finding> out;
  if (!rules.ok()) return out;
  for (Finding& f : (*rules)->Check(doc))
    if (f.rule == kRuleId && (with_info || f.severity != Severity::kInfo))
      out.push_back(std::move(f));
  return out;
}

// 洪泽区 2023 as last year's report of 洪泽区 2024, each in its PDF and its text: this year's
// 上年结转 is last year's 结转下年度继续办理 column by column, and 现行有效件数 carries over
// (43 relations become 52), and nothing is found but the 2024 prose's own 17 件. With last
// year's 结转下年度继续办理 changed in one column (自然人 0 -> 2), this year's 上年结转 of that
// column is a major finding naming both numbers and last year's file — from either form.
TEST(DisclosurePdfTest, PreviousYearsCarryOverIsCheckedColumnByColumn) {
  const std::string text_2023 = Slurp(kData + "hongze-2023-layout.txt");
  const std::string carry = "四、结转下年度继续办理                            0";
  ASSERT_NE(text_2023.find(carry), std::string::npos);
  const std::string planted_text = testing::TempDir() + "/hongze-2023-carried.txt";
  std::ofstream(planted_text, std::ios::binary)
      << Replace(text_2023, carry, carry.substr(0, carry.size() - 1) + "2");
  auto pages = PdfRuns(kData + "hongze-2023.pdf");
  SetNumber(pages, "四、结转下年度继续办理", 0, "2");
  const std::string planted_pdf = testing::TempDir() + "/hongze-2023-carried.pdf";
  std::ofstream(planted_pdf, std::ios::binary) << MakePlacedPdf(pages);
  for (const char* now : {"hongze-2024.pdf", "hongze-2024-layout.txt"}) {
    auto doc = ReadDocumentFile(kData + now);
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    for (const char* before : {"hongze-2023.pdf", "hongze-2023-layout.txt"}) {
      SCOPED_TRACE(std::string(before) + " -> " + now);
      auto found = CheckWithPrevious(kData + before, *doc, /*with_info=*/true);
      ASSERT_FALSE(found.empty());
      EXPECT_EQ(found.front().message, "已核对：表二、表三（7列×25项）、表四，共 52 处勾稽关系");
      EXPECT_EQ(Messages(CheckWithPrevious(kData + before, *doc)), kHongze2024Prose);
    }
    for (const std::string& before : {planted_text, planted_pdf}) {
      SCOPED_TRACE(before + " -> " + now);
      auto found = CheckWithPrevious(before, *doc);
      ASSERT_EQ(found.size(), 2u) << Messages(found);
      // Findings come in the order of the text: the prose's 17 件 stands above 表三.
      EXPECT_EQ(Messages({found[0]}), kHongze2024Prose);
      EXPECT_EQ(found[1].severity, Severity::kMajor);
      EXPECT_EQ(found[1].text, "0");
      EXPECT_EQ(found[1].message, "表三“自然人”列：第二项上年结转（0）与上年报告（" + before +
                                      "）第四项结转下年度继续办理（2）不相等");
    }
  }
}

// The other text a user gets from a PDF: `pdftotext` without -layout, as PDF viewers copy it,
// a cell per line. Its lines follow poppler's reading order, not the rows: 表三's labels come
// first, then its numbers column by column in blocks, broken by the page number; a blank cell
// leaves no line, and no line says where it stood. Which number is which row's cannot be told
// from this text, so the report says that its tables were not read (and not that they add up).
TEST(DisclosurePdfTest, ATextACellALineSaysItsTablesWereNotRead) {
  auto doc = ReadDocumentFile(kData + "hongze-2023-plain.txt");
  ASSERT_TRUE(doc.ok());
  std::optional<dr::Report> r = dr::ReadReport(*doc);
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->has_table3());
  EXPECT_FALSE(r->table4.has_value());
  auto found = CheckDoc(*doc, /*with_info=*/true);
  ASSERT_EQ(found.size(), 1u) << Messages(found);
  EXPECT_EQ(found[0].severity, Severity::kMinor);
  EXPECT_EQ(found[0].text, "2023");
  EXPECT_EQ(found[0].message,
            "文档是政府信息公开工作年度报告，但未能读出其中的表二、表三、表四（表格可能是图片或格式"
            "无法识别），表格数据未核对");
}

TEST(DisclosurePdfTest, PlantedErrorsInTheLayoutTextAreFound) {
  const std::string text = Slurp(kData + "hongze-2024-layout.txt");
  struct Plant {
    const char* from;
    const char* to;
    const char* expect;
  };
  for (const Plant& p : {
           Plant{"（七）总计                             95   0   0   0    0    0   95",
                 "（七）总计                             95   0   0   0    0    0   96",
                 kPlantedTotal},
           Plant{"1.属于国家秘密         0     0", "1.属于国家秘密         2     0",
                 kPlantedSubItem},
           Plant{"一、本年新收政府信息公开申请数量                             95",
                 "一、本年新收政府信息公开申请数量                             97", kPlantedColumn},
       }) {
    SCOPED_TRACE(p.from);
    auto found = CheckBytes("hongze-2024-layout.txt", Replace(text, p.from, p.to));
    EXPECT_EQ(Messages(found), kHongze2024Prose + std::string(p.expect));
  }
}

// 洪泽区 2023's text: its two true 表四 findings as published, and each planted error besides.
TEST(DisclosurePdfTest, Hongze2023PlantedErrorsInTheLayoutTextAreFound) {
  const std::string text = Slurp(kData + "hongze-2023-layout.txt");
  const std::string published =
      "「0」 表四行政复议：结果维持（10）+ 结果纠正（1）+ 其他结果（0）+ 尚未审结（0）= "
      "11，与总计（0）不相等\n"
      "「0」 表四行政诉讼（复议后起诉）：结果维持（5）+ 结果纠正（0）+ 其他结果（0）+ "
      "尚未审结（0）= 5，与总计（0）不相等\n";
  EXPECT_EQ(Messages(CheckBytes("hongze-2023-layout.txt", text)), published);
  struct Plant {
    const char* from;
    const char* to;
    const char* expect;
  };
  for (
      const Plant& p : {
          // A total: （七）总计's 总计 21 -> 22.
          Plant{
              "（七）总计                             21   0   0   0    0    0   21",
              "（七）总计                             21   0   0   0    0    0   22",
              "「（七）总计」 表三“（七）总计”行：自然人（21）+ 商业企业（0）+ 科研机构（0）+ "
              "社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 21，与总计（22）不相等\n"
              "「22」 表三“总计”列：（一）予以公开（0）+ （二）部分公开（4）+ （三）不予公开（3）+ "
              "（四）无法提供（13）+ （五）不予处理（1）+ （六）其他处理（0）= 21，"
              "与（七）总计（22）不相等\n"
              "「0」 表三“总计”列：第一项（21）+ 第二项（0）= 21，第三项总计（22）+ 第四项（0）= "
              "22，不相等\n"},
          // A sub-item: （三）1 自然人 1 -> 2, its row total left.
          Plant{"1.属于国家秘密         1     0", "1.属于国家秘密         2     0",
                "「1.属于国家秘密」 表三“（三）不予公开第1项”行：自然人（2）+ 商业企业（0）+ "
                "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 2，与总计（1）"
                "不相等\n"
                "「21」 表三“自然人”列：（一）予以公开（0）+ （二）部分公开（4）+ "
                "（三）不予公开（4）+ "
                "（四）无法提供（13）+ （五）不予处理（1）+ （六）其他处理（0）= 22，"
                "与（七）总计（21）不相等\n"},
          // A column: 第一项 自然人 21 -> 23, its row total left.
          Plant{
              "一、本年新收政府信息公开申请数量                             21",
              "一、本年新收政府信息公开申请数量                             23",
              "「一、本年新收政府信息公开申请数量」 表三“第一项”行：自然人（23）+ 商业企业（0）+ "
              "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 23，与总计（21）"
              "不相等\n"
              "「0」 表三“自然人”列：第一项（23）+ 第二项（0）= 23，第三项总计（21）+ 第四项（0）= "
              "21，不相等\n"},
      }) {
    SCOPED_TRACE(p.to);
    ASSERT_NE(text.find(p.from), std::string::npos);
    // The rule reports table 三 before table 四.
    EXPECT_EQ(Messages(CheckBytes("hongze-2023-layout.txt", Replace(text, p.from, p.to))),
              p.expect + published);
  }
}

// 洪泽区 2023 as published, the PDF: the same planted errors as in its text above give the same
// findings (their messages; the words a finding points at are the PDF's boxes), each besides
// the report's two true 表四 findings.
TEST(DisclosurePdfTest, Hongze2023PlantedErrorsInThePdfAreFound) {
  auto bodies = [](const std::vector<Finding>& found) {
    std::string s;
    for (const Finding& f : found) s += f.message + "\n";
    return s;
  };
  const std::string published =
      "表四行政复议：结果维持（10）+ 结果纠正（1）+ 其他结果（0）+ 尚未审结（0）= 11，与总计（0）"
      "不相等\n"
      "表四行政诉讼（复议后起诉）：结果维持（5）+ 结果纠正（0）+ 其他结果（0）+ 尚未审结（0）= 5，"
      "与总计（0）不相等\n";
  EXPECT_EQ(
      bodies(CheckBytes("hongze-2023.pdf", MakePlacedPdf(PdfRuns(kData + "hongze-2023.pdf")))),
      published);
  struct Plant {
    const char* label;
    int column;
    const char* to;
    const char* expect;
  };
  for (const Plant& p : {
           // A total: （七）总计's 总计 21 -> 22.
           Plant{
               "（七）总计", 6, "22",
               "表三“（七）总计”行：自然人（21）+ 商业企业（0）+ 科研机构（0）+ 社会公益组织（0）+ "
               "法律服务机构（0）+ 其他（0）= 21，与总计（22）不相等\n"
               "表三“总计”列：（一）予以公开（0）+ （二）部分公开（4）+ （三）不予公开（3）+ "
               "（四）无法提供（13）+ （五）不予处理（1）+ （六）其他处理（0）= "
               "21，与（七）总计（22）"
               "不相等\n"
               "表三“总计”列：第一项（21）+ 第二项（0）= 21，第三项总计（22）+ 第四项（0）= 22，"
               "不相等\n"},
           // A sub-item: （三）1 自然人 1 -> 2, its row total left.
           Plant{"属于国家秘密", 0, "2",
                 "表三“（三）不予公开第1项”行：自然人（2）+ 商业企业（0）+ 科研机构（0）+ "
                 "社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 2，与总计（1）不相等\n"
                 "表三“自然人”列：（一）予以公开（0）+ （二）部分公开（4）+ （三）不予公开（4）+ "
                 "（四）无法提供（13）+ （五）不予处理（1）+ （六）其他处理（0）= "
                 "22，与（七）总计（21）"
                 "不相等\n"},
           // A column: 第一项 自然人 21 -> 23, its row total left.
           Plant{
               "一、本年新收政府信息公开申请数量", 0, "23",
               "表三“第一项”行：自然人（23）+ 商业企业（0）+ 科研机构（0）+ 社会公益组织（0）+ "
               "法律服务机构（0）+ 其他（0）= 23，与总计（21）不相等\n"
               "表三“自然人”列：第一项（23）+ 第二项（0）= 23，第三项总计（21）+ 第四项（0）= 21，"
               "不相等\n"},
       }) {
    SCOPED_TRACE(p.label);
    auto pages = PdfRuns(kData + "hongze-2023.pdf");
    SetNumber(pages, p.label, p.column, p.to);
    EXPECT_EQ(bodies(CheckBytes("hongze-2023.pdf", MakePlacedPdf(pages))), p.expect + published);
  }
}

// ---- 淮安市 2024, the complete real PDF ----

// Its 表三 prints the labels of （二）, （五）5 and （六）1–3 over two or three lines above, beside
// and below their numbers, so far from the rows around them that only the row labels between
// tell that the table goes on; 三、本年度办理结果 is one character a line, a line's spacing
// apart. Every number was compared with the rendered pages (README.md). The prose agrees with
// the tables: 受理 3119 件 (its 含上年度结转 qualifies the 答复 that follows), 行政复议 351 件,
// 行政诉讼 46 件 (26 + 20). Relations: 7 column identities, 7 (七)总计 sums, 25 row sums,
// 3 表四 totals, 3 numbers of the prose.
TEST(DisclosurePdfTest, Huaian2024RealReportIsReadWholeWithoutFalseFindings) {
  for (const char* file : {"huaian-2024.pdf", "huaian-2024-layout.txt"}) {
    SCOPED_TRACE(file);
    auto doc = ReadDocumentFile(kData + file);
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    std::optional<dr::Report> r = dr::ReadReport(*doc);
    ExpectEveryTableRead(r);
    EXPECT_EQ(Total(r, dr::kNew), 3119);
    EXPECT_EQ(Total(r, dr::kPartial), 454);
    EXPECT_EQ(Total(r, dr::kNotHandled1 + 4), 1);  // （五）5, label above and below
    EXPECT_EQ(Total(r, dr::kOther1), 71);          // （六）1, three lines
    EXPECT_EQ(Total(r, dr::kOther1 + 1), 6);
    EXPECT_EQ(Total(r, dr::kOther1 + 2), 110);
    EXPECT_EQ(Total(r, dr::kOutcomeTotal), 3050);  // on the page after the break
    EXPECT_EQ(Total(r, dr::kCarryOver), 103);
    auto found = CheckDoc(*doc, /*with_info=*/true);
    ASSERT_EQ(found.size(), 1u) << Messages(found);
    EXPECT_EQ(found[0].severity, Severity::kInfo);
    EXPECT_EQ(found[0].message, "已核对：表二、表三（7列×25项）、表四，共 45 处勾稽关系");
  }
}

const char* const kHuaianPlantedTotal =
    "「（七）总计」 表三“（七）总计”行：自然人（2932）+ 商业企业（53）+ 科研机构（0）+ "
    "社会公益组织（0）+ 法律服务机构（61）+ 其他（4）= 3050，与总计（3051）不相等\n"
    "「3051」 表三“总计”列：（一）予以公开（1362）+ （二）部分公开（454）+ （三）不予公开（178）+ "
    "（四）无法提供（781）+ （五）不予处理（88）+ （六）其他处理（187）= 3050，与（七）总计（3051）"
    "不相等\n"
    "「103」 表三“总计”列：第一项（3119）+ 第二项（34）= 3153，第三项总计（3051）+ 第四项（103）= "
    "3154，不相等\n";
const char* const kHuaianPlantedSubItem =
    "「1.属于国家秘密」 表三“（三）不予公开第1项”行：自然人（3）+ 商业企业（0）+ 科研机构（0）+ "
    "社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 3，与总计（2）不相等\n"
    "「2932」 表三“自然人”列：（一）予以公开（1288）+ （二）部分公开（447）+ "
    "（三）不予公开（177）+ "
    "（四）无法提供（758）+ （五）不予处理（82）+ （六）其他处理（181）= 2933，与（七）总计（2932）"
    "不相等\n";
const char* const kHuaianPlantedColumn =
    "「一、本年新收政府信息公开申请数量」 表三“第一项”行：自然人（3002）+ 商业企业（53）+ "
    "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（61）+ 其他（4）= 3120，与总计（3119）不相等\n"
    "「103」 表三“自然人”列：第一项（3002）+ 第二项（34）= 3036，第三项总计（2932）+ "
    "第四项（103）= "
    "3035，不相等\n";

TEST(DisclosurePdfTest, Huaian2024PlantedErrorsAreFoundInThePdf) {
  struct Plant {
    const char* label;
    int column;
    const char* to;
    const char* expect;
  };
  for (const Plant& p : {
           // A total: (七)总计's 总计 3050 -> 3051.
           Plant{"（七）总计", 6, "3051", kHuaianPlantedTotal},
           // A sub-item: (三)1 属于国家秘密, 自然人 2 -> 3.
           Plant{"1.属于国家秘密", 0, "3", kHuaianPlantedSubItem},
           // A column: 第一项 自然人 3001 -> 3002, its row total left.
           Plant{"一、本年新收政府信息公开申请数量", 0, "3002", kHuaianPlantedColumn},
       }) {
    SCOPED_TRACE(p.label);
    auto pages = PdfRuns(kData + "huaian-2024.pdf");
    SetNumber(pages, p.label, p.column, p.to);
    EXPECT_EQ(Messages(CheckBytes("huaian-2024.pdf", MakePlacedPdf(pages))), p.expect);
  }
}

TEST(DisclosurePdfTest, Huaian2024PlantedErrorsAreFoundInTheLayoutText) {
  const std::string text = Slurp(kData + "huaian-2024-layout.txt");
  struct Plant {
    const char* from;
    const char* to;
    const char* expect;
  };
  for (const Plant& p : {
           Plant{"61        4   3050", "61        4   3051", kHuaianPlantedTotal},
           Plant{"1.属于国家秘密            2", "1.属于国家秘密            3",
                 kHuaianPlantedSubItem},
           Plant{"申请数量                3001", "申请数量                3002",
                 kHuaianPlantedColumn},
       }) {
    SCOPED_TRACE(p.from);
    EXPECT_EQ(Messages(CheckBytes("huaian-2024-layout.txt", Replace(text, p.from, p.to))),
              p.expect);
  }
}

// ---- columns from the header ----

// 淮安市 2024 with the 0s of 科研机构 and 社会公益组织 left blank, as offices print zero cells
// (上海市 2019 leaves these two columns blank throughout): no number stands under them in any
// row, on either page of the table. The columns come from the header (and, on the page after
// the break, from the header of the page before), so the numbers keep their columns and the
// blank cells count as 0.
TEST(DisclosurePdfTest, BlankColumnsAreFoundFromTheHeader) {
  auto pages = PdfRuns(kData + "huaian-2024.pdf");
  ASSERT_EQ(pages.size(), 6u);
  for (size_t p : {3u, 4u}) {  // 表三 is on pages 4 and 5
    std::erase_if(pages[p], [](const PlacedText& t) {
      return t.text == "0" && t.x > 330 && t.x < 390 && t.y > 80 && t.y < 780;
    });
  }
  const std::string pdf = MakePlacedPdf(pages);
  auto doc = ReadDocument("huaian-2024-blank.pdf", pdf);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  std::optional<dr::Report> r = dr::ReadReport(*doc);
  ExpectEveryTableRead(r);
  ASSERT_TRUE(r && r->table3[dr::kNew] && r->table3[dr::kOutcomeTotal]);
  EXPECT_EQ(r->table3[dr::kNew]->values[4].cell.text, "61");  // 法律服务机构, after two blanks
  EXPECT_EQ(r->table3[dr::kNew]->values[2].value.kind, dr::Value::Kind::kBlank);
  EXPECT_EQ(r->table3[dr::kOutcomeTotal]->values[4].cell.text, "61");  // page 5
  EXPECT_EQ(Total(r, dr::kOutcomeTotal), 3050);
  EXPECT_EQ(Total(r, dr::kOther1 + 2), 110);
  auto found = CheckDoc(*doc, /*with_info=*/true);
  ASSERT_EQ(found.size(), 1u) << Messages(found);
  EXPECT_EQ(found[0].message, "已核对：表二、表三（7列×25项）、表四，共 45 处勾稽关系");
  // A planted error is still found in its column: （七）总计 法律服务机构 61 -> 62.
  SetNumber(pages, "（七）总计", 2, "62");
  EXPECT_EQ(Messages(CheckBytes("huaian-2024-blank.pdf", MakePlacedPdf(pages))),
            "「（七）总计」 表三“（七）总计”行：自然人（2932）+ 商业企业（53）+ 科研机构（0）+ "
            "社会公益组织（0）+ 法律服务机构（62）+ 其他（4）= 3051，与总计（3050）不相等\n"
            "「62」 表三“法律服务机构”列：（一）予以公开（50）+ （二）部分公开（0）+ "
            "（三）不予公开（0）+ （四）无法提供（10）+ （五）不予处理（0）+ （六）其他处理（1）= "
            "61，与（七）总计（62）不相等\n"
            "「0」 表三“法律服务机构”列：第一项（61）+ 第二项（0）= 61，第三项总计（62）+ "
            "第四项（0）= 62，不相等\n");
}

// Numbers a few points off their column (every other row of 商业企业 set 7 pt to the right,
// past the width of a digit): they are still under the header's 商业企业, one column, not two.
TEST(DisclosurePdfTest, NumbersSlightlyOffTheirColumnStayInIt) {
  auto pages = PdfRuns(kData + "huaian-2024.pdf");
  ASSERT_EQ(pages.size(), 6u);
  int shifted = 0;
  for (size_t p : {3u, 4u}) {
    std::vector<double> rows;  // the y of each 表三 row's 商业企业 number, top to bottom
    for (const PlacedText& t : pages[p])
      if (t.x > 295 && t.x < 305 && t.y > 80 && t.y < 450 + (p == 3 ? 330 : 0)) rows.push_back(t.y);
    std::sort(rows.begin(), rows.end());
    for (PlacedText& t : pages[p]) {
      auto at = std::find(rows.begin(), rows.end(), t.y);
      if (t.x > 295 && t.x < 305 && at != rows.end() && (at - rows.begin()) % 2 == 1) {
        t.x += 7;
        ++shifted;
      }
    }
  }
  ASSERT_GT(shifted, 8);
  auto doc = ReadDocument("huaian-2024-shifted.pdf", MakePlacedPdf(pages));
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  std::optional<dr::Report> r = dr::ReadReport(*doc);
  ExpectEveryTableRead(r);
  ASSERT_TRUE(r && r->table3[dr::kNew] && r->table3[dr::kDenied1 + 4]);
  EXPECT_EQ(r->table3[dr::kNew]->values[1].cell.text, "53");
  EXPECT_EQ(r->table3[dr::kDenied1 + 4]->values[1].cell.text, "1");  // （三）5 商业企业
  auto found = CheckDoc(*doc, /*with_info=*/true);
  ASSERT_EQ(found.size(), 1u) << Messages(found);
  EXPECT_EQ(found[0].message, "已核对：表二、表三（7列×25项）、表四，共 45 处勾稽关系");
}

// Two numbers printed too close to be a table's columns (第一项's 其他 4 moved up to its 总计
// 3119, 4 pt apart) are neither read as the count 43119 nor shifted into other columns: the
// row is left unread and the info finding says so, with no false finding.
TEST(DisclosurePdfTest, NumbersTooCloseToTellApartLeaveTheRowUnread) {
  auto pages = PdfRuns(kData + "huaian-2024.pdf");
  ASSERT_EQ(pages.size(), 6u);
  int moved = 0;
  for (PlacedText& t : pages[3]) {
    if (t.text == "4" && t.x > 460 && t.x < 470 && t.y > 460 && t.y < 470) {
      t.x = 496.3 - t.width - 4;
      ++moved;
    }
  }
  ASSERT_EQ(moved, 1);
  auto found = CheckDoc(*ReadDocument("huaian-2024.pdf", MakePlacedPdf(pages)), true);
  ASSERT_EQ(found.size(), 1u) << Messages(found);
  EXPECT_EQ(
      found[0].message,
      "已核对：表二、表三（7列×24项）、表四，共 36 处勾稽关系（表三应有 25 项，其余未能读出）");
}

// ---- 上海市 2019 as a PDF (printed by LibreOffice from the published page) ----

// The published table leaves every outcome row's 总计 blank: eleven true findings, the same as
// on the HTML page (DisclosureReportTest.RealShanghaiOffice2019ReadOnItsGrid).
std::string ShanghaiBlankTotals(const std::string& sub8 =
                                    "（10）+ 商业企业（2）+ 科研机构（0）+ "
                                    "社会公益组织（0）+ 法律服务机构（0）+ "
                                    "其他（0）= 12") {
  return "「三、本年 （一）予以公开度办理结」 表三“（一）予以公开”行：自然人（258）+ "
         "商业企业（12）+ "
         "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（1）+ 其他（1）= 272，但总计栏为空\n"
         "「（二）部分公开（区分处理的，只计这一情形，不计其他情形）」 "
         "表三“（二）部分公开”行：自然人（3）+ "
         "商业企业（0）+ 科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= "
         "3，但总计栏为空\n"
         "「1.属于国家秘密」 表三“（三）不予公开第1项”行：自然人（14）+ 商业企业（0）+ "
         "科研机构（0）+ "
         "社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 14，但总计栏为空\n"
         "「定”5.属于三类内部事务信息」 表三“（三）不予公开第5项”行：自然人（5）+ 商业企业（0）+ "
         "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 5，但总计栏为空\n"
         "「6.属于四类过程性信息」 表三“（三）不予公开第6项”行：自然人（3）+ 商业企业（1）+ "
         "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 4，但总计栏为空\n"
         "「8.属于行政查询事项」 表三“（三）不予公开第8项”行：自然人" +
         sub8 +
         "，但总计栏为空\n"
         "「（四） 1.本机关不掌握相关无法提 政府信息」 表三“（四）无法提供第1项”行：自然人（252）+ "
         "商业企业（12）+ 科研机构（0）+ 社会公益组织（0）+ 法律服务机构（1）+ 其他（0）= 265，"
         "但总计栏为空\n"
         "「2.没有现成信息需要另行制作」 表三“（四）无法提供第2项”行：自然人（44）+ 商业企业（3）+ "
         "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 47，但总计栏为空\n"
         "「3.补正后申请内容仍」 表三“（四）无法提供第3项”行：自然人（25）+ 商业企业（0）+ "
         "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 25，但总计栏为空\n"
         "「1.信访举报投诉类申请」 表三“（五）不予处理第1项”行：自然人（148）+ 商业企业（1）+ "
         "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 149，但总计栏为空\n"
         "「2.重复申请」 表三“（五）不予处理第2项”行：自然人（5）+ 商业企业（4）+ 科研机构（0）+ "
         "社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 9，但总计栏为空\n";
}

// Its 表三 leaves most cells blank: 科研机构 and 社会公益组织 throughout, and whole rows (（三）2–4
// and 7, （五）3–5, （六）) are labels only, their lines between the rows that have numbers.
// The header's columns are told apart although their cells are a little over half a line
// apart, and the blank rows are rows of their own: all 25 rows are read, in their columns.
TEST(DisclosurePdfTest, Shanghai2019PdfIsReadWithItsBlankRowsAndColumns) {
  auto doc = ReadDocumentFile(kData + "shanghai-2019.pdf");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  std::optional<dr::Report> r = dr::ReadReport(*doc);
  ASSERT_TRUE(r.has_value());
  for (int row = 0; row < dr::kTable3Rows; ++row)
    EXPECT_TRUE(r->table3[row].has_value()) << "表三 " << dr::Table3RowName(row);
  EXPECT_EQ(Total(r, dr::kNew), 859);
  EXPECT_EQ(Total(r, dr::kOutcomeTotal), 805);
  EXPECT_EQ(r->table3[dr::kPublic]->values[4].value.number, 1);  // 法律服务机构
  EXPECT_EQ(r->table3[dr::kPublic]->values[2].value.number, 0);  // 科研机构, blank
  auto info = CheckDoc(*doc, true);
  ASSERT_FALSE(info.empty());
  // 表四's five 复议后起诉 columns are blank at the right edge: the table is as wide as its
  // header says, not as its last number, so its fifteen columns are read.
  ASSERT_TRUE(r->table4.has_value());
  EXPECT_EQ((*r->table4)[4].value.number, 7);  // 行政复议 总计
  EXPECT_EQ((*r->table4)[9].value.number, 9);  // 未经复议直接起诉 总计
  EXPECT_EQ((*r->table4)[14].value.kind, dr::Value::Kind::kBlank);  // 复议后起诉 总计
  // Its 表二 is in the older format of 2019 (本年新制作数量…), not read, and said so.
  EXPECT_EQ(info.front().message,
            "已核对：表三（7列×25项）、表四，共 43 处勾稽关系；表二未能读出，未核对");
  EXPECT_EQ(Messages(CheckDoc(*doc)), ShanghaiBlankTotals());
}

// Sets the number in `column` (0-based, left to right, blank cells not counted) of 表四's row
// of numbers: the first row of numbers below the word 复议后起诉 in its header.
void SetTable4Number(std::vector<std::vector<PlacedText>>& pages, int column,
                     const std::string& to) {
  auto digits = [](const PlacedText& r) {
    return !r.text.empty() && r.text.find_first_not_of("0123456789") == std::string::npos;
  };
  for (auto& runs : pages) {
    for (const PlacedText& h : runs) {
      if (h.text.find("复议后起诉") == std::string::npos) continue;
      double row = std::numeric_limits<double>::infinity();
      for (const PlacedText& r : runs)
        if (digits(r) && r.y > h.y) row = std::min(row, r.y);
      std::vector<PlacedText*> numbers;
      for (PlacedText& r : runs)
        if (digits(r) && std::abs(r.y - row) < h.height / 2) numbers.push_back(&r);
      std::sort(numbers.begin(), numbers.end(),
                [](const PlacedText* a, const PlacedText* b) { return a->x < b->x; });
      ASSERT_LT(static_cast<size_t>(column), numbers.size());
      numbers[column]->text = to;
      return;
    }
  }
  ADD_FAILURE() << "no 复议后起诉";
}

TEST(DisclosurePdfTest, Shanghai2019PlantedErrorInTable4IsFound) {
  auto pages = PdfRuns(kData + "shanghai-2019.pdf");
  // 行政复议 总计 7 -> 8 (5 维持, 2 尚未审结, 7 总计): the sum and the prose (行政复议 7 件)
  // differ.
  SetTable4Number(pages, 2, "8");
  EXPECT_EQ(
      Messages(CheckBytes("shanghai-2019.pdf", MakePlacedPdf(pages))),
      "「7」 正文所述政府信息公开行政复议（7件）与表四行政复议总计（8）不一致\n" +
          ShanghaiBlankTotals() +
          "「8」 表四行政复议：结果维持（5）+ 结果纠正（0）+ 其他结果（0）+ 尚未审结（2）= 7，"
          "与总计（8）不相等\n");
  // A sub-item: 未经复议直接起诉 尚未审结 1 -> 2 (8 维持, 1 尚未审结, 9 总计), its total left.
  pages = PdfRuns(kData + "shanghai-2019.pdf");
  SetTable4Number(pages, 4, "2");
  EXPECT_EQ(Messages(CheckBytes("shanghai-2019.pdf", MakePlacedPdf(pages))),
            ShanghaiBlankTotals() +
                "「9」 表四行政诉讼（未经复议直接起诉）：结果维持（8）+ 结果纠正（0）+ "
                "其他结果（0）+ 尚未审结（2）= 10，与总计（9）不相等\n");
}

// 复议后起诉's five columns are blank throughout: a number printed in one of them (结果维持,
// under the last 维持 of 表四's header, on the row of numbers) is read in its column, and
// the group's blank 总计 no longer adds up (the finding points at the row's first number: a
// blank cell has no text to point at).
TEST(DisclosurePdfTest, Shanghai2019NumberInTable4sBlankColumnsIsFound) {
  auto pages = PdfRuns(kData + "shanghai-2019.pdf");
  bool planted = false;
  for (auto& runs : pages) {
    const PlacedText* title = nullptr;
    for (const PlacedText& h : runs)
      if (h.text.find("复议后起诉") != std::string::npos) title = &h;
    if (title == nullptr) continue;
    const PlacedText* kept = nullptr;  // the last 维持 of the header
    for (const PlacedText& h : runs)
      if (h.text == "维持" && h.y > title->y && (kept == nullptr || h.x > kept->x)) kept = &h;
    const PlacedText* number = nullptr;  // a number of the row, for its line and size
    for (const PlacedText& r : runs)
      if (r.text == "9" && r.y > title->y && (number == nullptr || r.y < number->y)) number = &r;
    ASSERT_NE(kept, nullptr);
    ASSERT_NE(number, nullptr);
    PlacedText three = *number;
    three.text = "3";
    three.x = kept->x + (kept->width - number->width) / 2;
    runs.push_back(three);
    planted = true;
    break;
  }
  ASSERT_TRUE(planted);
  auto doc = ReadDocument("shanghai-2019.pdf", MakePlacedPdf(pages));
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  std::optional<dr::Report> r = dr::ReadReport(*doc);
  ASSERT_TRUE(r && r->table4);
  EXPECT_EQ((*r->table4)[10].value.number, 3);  // 复议后起诉 结果维持
  EXPECT_EQ((*r->table4)[9].value.number, 9);   // 未经复议直接起诉 总计, unmoved
  EXPECT_EQ(Messages(CheckDoc(*doc)),
            ShanghaiBlankTotals() +
                "「5」 表四行政诉讼（复议后起诉）：结果维持（3）+ 结果纠正（0）+ 其他结果（0）+ "
                "尚未审结（0）= 3，与总计（0）不相等\n");
}

TEST(DisclosurePdfTest, Shanghai2019PlantedErrorsInThePdfAreFound) {
  struct Plant {
    const char* label;
    int column;
    const char* to;
    std::string expect;
  };
  for (const Plant& p : {
           // A total: （七）总计's 总计 805 -> 806.
           Plant{"（七）总计", 4, "806",
                 ShanghaiBlankTotals() +
                     "「（七）总计」 表三“（七）总计”行：自然人（767）+ 商业企业（35）+ "
                     "科研机构（0）+ "
                     "社会公益组织（0）+ 法律服务机构（2）+ 其他（1）= 805，与总计（806）不相等\n"
                     "「72」 表三“总计”列：第一项（859）+ 第二项（18）= 877，第三项总计（806）+ "
                     "第四项（72）= 878，不相等\n"},
           // A sub-item: （三）8 属于行政查询事项, 自然人 10 -> 11.
           Plant{"8.属于行政查询事项", 0, "11",
                 ShanghaiBlankTotals("（11）+ 商业企业（2）+ 科研机构（0）+ 社会公益组织（0）+ "
                                     "法律服务机构（0）+ 其他（0）= 13") +
                     "「767」 表三“自然人”列：（一）予以公开（258）+ （二）部分公开（3）+ "
                     "（三）不予公开（33）+ （四）无法提供（321）+ （五）不予处理（153）+ "
                     "（六）其他处理（0）= 768，与（七）总计（767）不相等\n"},
           // A column: 第一项 自然人 821 -> 822, its row total left.
           Plant{"一、本年新收政府信息公开申请数量", 0, "822",
                 "「一、本年新收政府信息公开申请数量」 表三“第一项”行：自然人（822）+ "
                 "商业企业（35）+ "
                 "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（2）+ 其他（1）= 860，"
                 "与总计（859）不相等\n" +
                     ShanghaiBlankTotals() +
                     "「72」 表三“自然人”列：第一项（822）+ 第二项（18）= 840，第三项总计（767）+ "
                     "第四项（72）= 839，不相等\n"},
       }) {
    SCOPED_TRACE(p.label);
    auto pages = PdfRuns(kData + "shanghai-2019.pdf");
    SetNumber(pages, p.label, p.column, p.to);
    EXPECT_EQ(Messages(CheckBytes("shanghai-2019.pdf", MakePlacedPdf(pages))), p.expect);
  }
}

// The text `pdftotext -layout` gives of it does not split into cells line by line (the labels
// wrapped around their numbers, blank cells, the header a word a line): its tables are rebuilt
// from where the words stand, as the PDF's are (scanner/read/text_boxes.h). 表三's first page
// takes its columns from its header — 2 (法律服务机构) and 1 (其他) a character right of their
// header words. After the page break each line's numbers stand a different few characters
// right of the first page's (自然人 5, 商业企业 4 and 7, 法律服务机构 11, 总计 9): no one move
// puts every number within a height of a column, and each row's numbers, in order, take the
// columns nearest them under the move that brings them nearest in all. All 25 rows are read.
// 表四 is not: its header of three rows is run into two lines of CJK words, one column a
// character, while its one line of numbers is spread over half as many columns again (its 7,
// the 行政复议 总计, stands where the header has 未经复议直接起诉's 结果维持); nothing in the text
// tells that stretch, and the row is left unread rather than misread. The eleven blank 总计 of
// the published report are found, and nothing else.
const char* const kShanghaiTextBlankTotals =
    "「三、本年」 表三“（一）予以公开”行：自然人（258）+ 商业企业（12）+ 科研机构（0）+ "
    "社会公益组织（0）+ 法律服务机构（1）+ 其他（1）= 272，但总计栏为空\n"
    "「（二）部分公开（区分处理」 表三“（二）部分公开”行：自然人（3）+ 商业企业（0）+ "
    "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 3，但总计栏为空\n"
    "「1.属于国家秘密」 表三“（三）不予公开第1项”行：自然人（14）+ 商业企业（0）+ 科研机构（0）+ "
    "社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 14，但总计栏为空\n"
    "「5.属于三类内部事务」 表三“（三）不予公开第5项”行：自然人（5）+ 商业企业（0）+ "
    "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 5，但总计栏为空\n"
    "「6.属于四类过程性信」 表三“（三）不予公开第6项”行：自然人（3）+ 商业企业（1）+ "
    "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 4，但总计栏为空\n"
    "「8.属于行政查询事项」 表三“（三）不予公开第8项”行：自然人（10）+ 商业企业（2）+ "
    "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 12，但总计栏为空\n"
    "「（四）」 表三“（四）无法提供第1项”行：自然人（252）+ 商业企业（12）+ 科研机构（0）+ "
    "社会公益组织（0）+ 法律服务机构（1）+ 其他（0）= 265，但总计栏为空\n"
    "「2.没有现成信息需要」 表三“（四）无法提供第2项”行：自然人（44）+ 商业企业（3）+ "
    "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 47，但总计栏为空\n"
    "「3.补正后申请内容仍」 表三“（四）无法提供第3项”行：自然人（25）+ 商业企业（0）+ "
    "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 25，但总计栏为空\n"
    "「1.信访举报投诉类申」 表三“（五）不予处理第1项”行：自然人（148）+ 商业企业（1）+ "
    "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 149，但总计栏为空\n"
    "「2.重复申请」 表三“（五）不予处理第2项”行：自然人（5）+ 商业企业（4）+ "
    "科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= 9，但总计栏为空\n";
TEST(DisclosurePdfTest, Shanghai2019LayoutTextIsReadWholeButTable4) {
  auto doc = ReadDocumentFile(kData + "shanghai-2019-layout.txt");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  std::optional<dr::Report> r = dr::ReadReport(*doc);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(Total(r, dr::kNew), 859);
  EXPECT_EQ(Total(r, dr::kCarried), 18);
  EXPECT_EQ(r->table3[dr::kNew]->values[4].value.number, 2);  // 法律服务机构
  EXPECT_EQ(r->table3[dr::kNew]->values[5].value.number, 1);  // 其他
  EXPECT_EQ(r->table3[dr::kNew]->values[2].value.kind, dr::Value::Kind::kBlank);  // 科研机构
  // After the page break: every row, each number in its own column.
  auto row = [&](int item) {
    std::string s;
    if (!r->table3[item]) return s;
    for (const dr::Number& n : r->table3[item]->values)
      s += (s.empty() ? "" : " ") + std::to_string(n.value.Count().value_or(-1));
    return s;
  };
  EXPECT_EQ(row(dr::kNotHandled1), "148 1 0 0 0 0 0");
  EXPECT_EQ(row(dr::kNotHandled1 + 1), "5 4 0 0 0 0 0");
  EXPECT_EQ(row(dr::kOther1 + 2), "0 0 0 0 0 0 0");
  EXPECT_EQ(row(dr::kOutcomeTotal), "767 35 0 0 2 1 805");
  EXPECT_EQ(row(dr::kCarryOver), "72 0 0 0 0 0 72");
  EXPECT_FALSE(r->table4.has_value());
  auto found = CheckDoc(*doc, true);
  ASSERT_FALSE(found.empty());
  // 表四 is named as not read: its absence from the list is not "checked and right".
  EXPECT_EQ(found.front().message,
            "已核对：表三（7列×25项），共 39 处勾稽关系；表二、表四未能读出，未核对");
  EXPECT_EQ(Messages(CheckDoc(*doc)), kShanghaiTextBlankTotals);
}

TEST(DisclosurePdfTest, Shanghai2019PlantedErrorsInTheLayoutTextAreFound) {
  const std::string text = Slurp(kData + "shanghai-2019-layout.txt");
  const std::string row1 =
      "一、本年新收政府信息公开申请数量      821    35             2   1   859";
  struct Plant {
    std::string from;
    std::string to;
    std::string expect;
  };
  for (const Plant& p : {
           // A total: 第一项's 总计 859 -> 860; the prose (申请 859 件) disagrees with it too,
           // and 总计's column no longer adds up.
           Plant{row1, Replace(row1, "859", "860"),
                 "「859」 正文所述本年新收政府信息公开申请（859件）与表三第一项总计（860）不一致\n"
                 "「一、本年新收政府信息公开申请数量」 表三“第一项”行：自然人（821）+ "
                 "商业企业（35）+ 科研机构（0）+ 社会公益组织（0）+ 法律服务机构（2）+ "
                 "其他（1）= 859，与总计（860）不相等\n" +
                     std::string(kShanghaiTextBlankTotals) +
                     "「72」 表三“总计”列：第一项（860）+ 第二项（18）= 878，第三项总计（805）+ "
                     "第四项（72）= 877，不相等\n"},
           // A sub-item: （三）8 自然人 10 -> 11. Its 总计 is blank as published: the row's
           // finding says the new sum, and 自然人's column no longer adds up to （七）总计.
           Plant{"8.属于行政查询事项   10", "8.属于行政查询事项   11",
                 Replace(kShanghaiTextBlankTotals,
                         "自然人（10）+ 商业企业（2）+ 科研机构（0）+ 社会公益组织（0）+ "
                         "法律服务机构（0）+ 其他（0）= 12",
                         "自然人（11）+ 商业企业（2）+ 科研机构（0）+ 社会公益组织（0）+ "
                         "法律服务机构（0）+ 其他（0）= 13") +
                     "「767」 表三“自然人”列：（一）予以公开（258）+ （二）部分公开（3）+ "
                     "（三）不予公开（33）+ （四）无法提供（321）+ （五）不予处理（153）+ "
                     "（六）其他处理（0）= 768，与（七）总计（767）不相等\n"},
           // A column: 第一项 自然人 821 -> 822, its row total left.
           Plant{row1, Replace(row1, "821", "822"),
                 "「一、本年新收政府信息公开申请数量」 表三“第一项”行：自然人（822）+ "
                 "商业企业（35）+ 科研机构（0）+ 社会公益组织（0）+ 法律服务机构（2）+ "
                 "其他（1）= 860，与总计（859）不相等\n" +
                     std::string(kShanghaiTextBlankTotals) +
                     "「72」 表三“自然人”列：第一项（822）+ 第二项（18）= 840，第三项总计（767）+ "
                     "第四项（72）= 839，不相等\n"},
       }) {
    SCOPED_TRACE(p.to);
    ASSERT_NE(text.find(p.from), std::string::npos);
    EXPECT_EQ(Messages(CheckBytes("shanghai-2019-layout.txt", Replace(text, p.from, p.to))),
              p.expect);
  }
}

// The words of a text laid out are bounded (ten thousand; a real report's text has hundreds):
// tables past that many words are left to the text's lines, which here read none of them. The
// same words after the tables change nothing.
TEST(DisclosurePdfTest, OnlyTheFirstTenThousandWordsOfATextAreLaidOut) {
  const std::string text = Slurp(kData + "shanghai-2019-layout.txt");
  std::string filler;
  for (int i = 0; i < 2600; ++i) filler += "甲 乙 丙 丁\n";  // 10,400 words
  const std::string heading = "三、收到和处理政府信息公开申请情况";
  ASSERT_NE(text.find(heading), std::string::npos);
  auto info = [](const std::string& bytes) {
    auto doc = ReadDocument("report.txt", bytes);
    EXPECT_TRUE(doc.ok());
    auto found = doc.ok() ? CheckDoc(*doc, /*with_info=*/true) : std::vector<Finding>{};
    return found.empty() ? std::string() : found.front().message;
  };
  EXPECT_EQ(info(text + "\f" + filler),
            "已核对：表三（7列×25项），共 39 处勾稽关系；表二、表四未能读出，未核对");
  EXPECT_EQ(info(Replace(text, heading, filler + "\f" + heading)),
            "文档是政府信息公开工作年度报告，但未能读出其中的表二、表三、表四"
            "（表格可能是图片或格式无法识别），表格数据未核对");
}

// ---- the grid of a rebuilt table ----

// 洪泽区 2023's 表三 as rebuilt has exactly the report's columns: its row labels, then the
// seven applicant columns, the last of them 总计 — no blank column at the right edge — on both
// pages of the table; 表四 has its fifteen.
TEST(DisclosurePdfTest, Hongze2023RebuiltTablesHaveTheReportsColumns) {
  auto doc = ReadDocumentFile(kData + "hongze-2023.pdf");
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  std::map<int, int> last_column, rows_with_seven;
  std::map<std::pair<int, int>, std::vector<const Block*>> cells;  // (table, row) -> cells
  for (const Block& b : doc->blocks) {
    if (b.table < 0) continue;
    last_column[b.table] = std::max(last_column[b.table], b.column);
    cells[{b.table, b.row}].push_back(&b);
  }
  int table3_rows = 0, table4 = -1;
  for (const auto& [at, row] : cells) {
    std::vector<const Block*> numbers;
    for (const Block* b : row) {
      if (b->text.find_first_not_of("0123456789.") == std::string::npos) numbers.push_back(b);
    }
    if (numbers.size() == 15) table4 = at.first;
    if (numbers.size() != 7) continue;
    ++table3_rows;
    // The seven numbers stand in seven neighbouring columns ending at the table's last.
    for (size_t k = 0; k < 7; ++k)
      EXPECT_EQ(numbers[k]->column, last_column[at.first] - 6 + static_cast<int>(k))
          << "table " << at.first << " row " << at.second << " " << numbers[k]->text;
  }
  EXPECT_EQ(table3_rows, 23);  // its （六）其他处理 is one printed row, not three
  ASSERT_GE(table4, 0);
  std::vector<int> columns;
  for (const auto& [at, row] : cells) {
    if (at.first != table4) continue;
    for (const Block* b : row) columns.push_back(b->column);
  }
  std::vector<int> expected(15);
  for (int k = 0; k < 15; ++k) expected[k] = k;
  EXPECT_EQ(columns, expected);
}

}  // namespace
}  // namespace cuomin::scanner
