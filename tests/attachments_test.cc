// Attachments: PDF, spreadsheets, Word 97, OFD and images, read into Documents whose findings
// say where a reviewer finds them (第3页:12:5, 名单!C17). Fixtures are made here from Chinese
// text with tests/attachment_writers.h.
#include <gtest/gtest.h>

#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "scanner/finding.h"
#include "scanner/printers.h"
#include "scanner/reader.h"
#include "scanner/rule_set.h"
#include "tests/attachment_writers.h"

namespace cuomin::scanner {
namespace {

using testing_writers::MakePdf;

std::unique_ptr<RuleSet> TestRules() {
  RuleSetOptions opt;
  opt.rule_dirs = {std::string(CUOMIN_TESTDATA_DIR) + "/cli/rules",
                   std::string(CUOMIN_DICTIONARY_DIR) + "/privacy"};
  auto rs = RuleSet::Load(opt);
  EXPECT_TRUE(rs.ok()) << rs.status().message();
  return rs.ok() ? std::move(*rs) : nullptr;
}

std::vector<const Finding*> OfRule(const std::vector<Finding>& all, std::string_view rule) {
  std::vector<const Finding*> out;
  for (const Finding& f : all) {
    if (f.rule == rule) out.push_back(&f);
  }
  return out;
}

TEST(PdfReader, PagesInOrderWithWrappedLinesJoined) {
  std::string pdf =
      MakePdf({{"关于开展安全生产检查的通知", "各乡镇人民政府："},
               {"为切实加强安全生产工作，全面排查各类隐患，有效防范和遏制重特大事故发",
                "生，现就有关事项通知如下。"}});
  Result<Document> doc = ReadDocument("通知.pdf", pdf);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->format, "pdf");
  std::vector<std::string> texts;
  for (const Block& b : doc->blocks) texts.push_back(b.text);
  ASSERT_EQ(texts.size(), 3u) << doc->original;
  EXPECT_EQ(texts[0], "关于开展安全生产检查的通知");
  EXPECT_EQ(texts[1], "各乡镇人民政府：");
  // The wrapped line continues its paragraph: 事故发|生 is one word again.
  EXPECT_EQ(texts[2],
            "为切实加强安全生产工作，全面排查各类隐患，有效防范和遏制重特大事故发生，现就有关事项"
            "通知如下。");
  ASSERT_EQ(doc->regions.size(), 2u);
  EXPECT_EQ(doc->regions[0].page, 1);
  EXPECT_EQ(doc->regions[1].page, 2);
  EXPECT_TRUE(doc->problems.empty());
}

TEST(PdfReader, FindingsCarryThePageAndTheLineOnIt) {
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  std::string pdf = MakePdf(
      {{"第一页标题", "第一页正文。"},
       {"第二页标题", "请各单位按装监控设备。", "申请人张某，身份证号码330302199003071231。"}});
  Result<Document> doc = ReadDocument("附件.pdf", pdf);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  std::vector<Finding> found = rules->Check(*doc);
  auto typo = OfRule(found, "test-typo");
  ASSERT_EQ(typo.size(), 1u);
  EXPECT_EQ(typo[0]->page, 2);
  EXPECT_EQ(typo[0]->line, 2u);
  EXPECT_EQ(typo[0]->column, 5u);
  EXPECT_EQ(typo[0]->text, "按装");
  auto id = OfRule(found, "privacy-id-card");
  ASSERT_EQ(id.size(), 1u);
  EXPECT_EQ(id[0]->page, 2);
  EXPECT_EQ(id[0]->line, 3u);
  EXPECT_EQ(id[0]->text, "330302199003071231");
}

TEST(PdfReader, APageWithoutTextIsNamedNotPassed) {
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  Result<Document> doc = ReadDocument("扫描件.pdf", MakePdf({{"封面"}, {}, {"正文。"}}));
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  std::vector<Finding> found = rules->Check(*doc);
  auto problems = OfRule(found, kReadProblemRule);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0]->message.find("第 2 页没有可提取的文字"), std::string::npos)
      << problems[0]->message;
  EXPECT_EQ(problems[0]->page, 2);
  EXPECT_GE(problems[0]->severity, Severity::kMajor);
}

TEST(PdfReader, DamagedAndTruncatedFilesAreClearErrors) {
  std::string pdf = MakePdf({{"正文内容"}});
  for (size_t cut : {size_t{20}, pdf.size() / 2}) {
    Result<Document> doc = ReadDocument("坏.pdf", pdf.substr(0, cut));
    if (doc.ok()) continue;  // poppler may rebuild the xref of a truncated file
    EXPECT_EQ(doc.status().message().rfind("坏.pdf: ", 0), 0u) << doc.status().message();
  }
  Result<Document> junk = ReadDocument("坏.pdf", "%PDF-1.4\n" + std::string(500, 'x'));
  ASSERT_FALSE(junk.ok());
  EXPECT_NE(junk.status().message().find("不是有效的 PDF 文件"), std::string::npos)
      << junk.status().message();
}

TEST(PdfReader, PagesBeyondTheCapAreNamed) {
  std::vector<std::vector<std::string>> pages(5, {"内容。"});
  ReadOptions options;
  options.max_pdf_pages = 3;
  Result<Document> doc = ReadDocument("长.pdf", MakePdf(pages), options);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  ASSERT_EQ(doc->problems.size(), 1u);
  EXPECT_EQ(doc->problems[0].message, "PDF 共 5 页，只检查了前 3 页");
}

TEST(TextPrinter, PagesCellsAndBoxesAsReviewersLookThemUp) {
  Finding pdf;
  pdf.source = "年报.pdf";
  pdf.rule = "test-typo";
  pdf.message = "“按装”应为“安装”";
  pdf.text = "按装";
  pdf.line = 12;
  pdf.column = 5;
  pdf.page = 3;
  Finding cell = pdf;
  cell.source = "名单.xlsx";
  cell.page = 0;
  cell.sheet = "名单";
  cell.cell = "C17";
  Finding ocr = pdf;
  ocr.source = "扫描件.png";
  ocr.page = 0;
  ocr.ocr = true;
  ocr.box = Box{120, 48, 96, 30};
  std::ostringstream out;
  auto printer = MakePrinter("text", out, {});
  printer->OnDocument("", {pdf, cell, ocr});
  printer->Finish();
  std::string s = out.str();
  EXPECT_NE(s.find("年报.pdf:第3页:12:5: major [typo/test-typo]"), std::string::npos) << s;
  EXPECT_NE(s.find("名单.xlsx:名单!C17: major"), std::string::npos) << s;
  EXPECT_NE(s.find("扫描件.png:12:5:[120,48 96×30]: major [typo/test-typo] 【OCR】“按装”"),
            std::string::npos)
      << s;
}

}  // namespace
}  // namespace cuomin::scanner
