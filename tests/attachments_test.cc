// Attachments: PDF, spreadsheets, Word 97, OFD and images, read into Documents whose findings
// say where a reviewer finds them (第3页:12:5, 名单!C17). Fixtures are made here from Chinese
// text with tests/attachment_writers.h.
#include <gtest/gtest.h>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "scanner/finding.h"
#include "scanner/printers.h"
#include "scanner/reader.h"
#include "scanner/rule_set.h"
#include "test_paths.h"
#include "tests/attachment_writers.h"

namespace cuomin::scanner {
namespace {

using testing_writers::ListRow;
using testing_writers::MakeList;
using testing_writers::MakePdf;
using testing_writers::MakeXlsx;
using testing_writers::XlsxCell;
using testing_writers::XlsxRow;
using testing_writers::XlsxSheet;

// What the privacy rules must find in MakeList(n): every complete valid ID number and
// mobile, nothing masked, no wrong check digit, no bank card.
struct ListCounts {
  size_t ids = 0;
  size_t mobiles = 0;
};
ListCounts Expected(const std::vector<ListRow>& rows) {
  ListCounts c;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i % 10 != 0 && i % 10 != 1) ++c.ids;
    if (i % 10 != 0) ++c.mobiles;
  }
  return c;
}

XlsxSheet ListSheet(const std::vector<ListRow>& rows) {
  XlsxSheet sheet{"名单", {}};
  sheet.rows.push_back({{"姓名"}, {"身份证号码"}, {"联系电话"}});
  for (const ListRow& r : rows) {
    // ID numbers as number cells where Excel would take them as numbers.
    bool number = r.id.find_first_not_of("0123456789") == std::string::npos;
    sheet.rows.push_back({{r.name}, {r.id, number}, {r.mobile, true}});
  }
  return sheet;
}

std::unique_ptr<RuleSet> TestRules() {
  RuleSetOptions opt;
  opt.rule_dirs = {cuomin::test_paths::Testdata() + "/cli/rules",
                   cuomin::test_paths::Dictionaries() + "/privacy"};
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
// The pointers point into `all`, so a temporary would leave them dangling.
std::vector<const Finding*> OfRule(std::vector<Finding>&& all, std::string_view rule) = delete;

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
  // With OCR off (with it on, the blank page is recognised as blank: tests/ocr_test.cc).
  ReadOptions options;
  options.ocr = false;
  Result<Document> doc = ReadDocument("扫描件.pdf", MakePdf({{"封面"}, {}, {"正文。"}}), options);
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

// Encrypted PDFs made by qpdf (Debian package qpdf, installed by scripts/install-deps.sh) from
// a MakePdf file, in a directory of this process's own.
std::string EncryptWithQpdf(const std::string& pdf, const std::string& user_password) {
  char dir_template[] = "/tmp/cuomin-encrypt-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) return "";
  std::string dir = dir_template;
  std::string in = dir + "/in.pdf", out = dir + "/out.pdf";
  std::ofstream(in, std::ios::binary) << pdf;
  std::vector<std::string> args = {"qpdf", "--encrypt", user_password, "owner-secret", "256", "--",
                                   in,     out};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  std::string bytes;
  int status = 0;
  if (posix_spawnp(&pid, "qpdf", nullptr, nullptr, argv.data(), environ) == 0 &&
      waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0) {
    std::ifstream f(out, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(f), {});
  }
  std::filesystem::remove_all(dir);
  return bytes;
}

TEST(PdfReader, EncryptedWithAnEmptyPasswordIsReadOtherwiseNamed) {
  std::string plain = MakePdf({{"封面"}, {"各单位要按装监控设备。"}});
  std::string open_to_all = EncryptWithQpdf(plain, "");
  if (open_to_all.empty()) GTEST_SKIP() << "未安装 qpdf（Debian 软件包 qpdf），无法生成加密 PDF";
  ASSERT_NE(open_to_all.find("/Encrypt"), std::string::npos) << "qpdf did not encrypt";
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  // Encrypted only against editing: anyone opens it, so it is checked like any PDF.
  Result<Document> doc = ReadDocument("仅限制编辑.pdf", open_to_all);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  std::vector<Finding> found = rules->Check(*doc);
  auto typos = OfRule(found, "test-typo");
  ASSERT_EQ(typos.size(), 1u);
  EXPECT_EQ(typos[0]->text, "按装");
  EXPECT_EQ(typos[0]->page, 2);

  std::string locked = EncryptWithQpdf(plain, "user-secret");
  ASSERT_FALSE(locked.empty());
  Result<Document> refused = ReadDocument("需要密码.pdf", locked);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(), "需要密码.pdf: PDF 文件已加密，需要密码才能打开，未检查");
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

// A 2,001-page annual report, at the default cap of 2,000 pages: the first 2,000 are read (a
// typo on page 2,000 is found there), page 2,001 is named as unread, and the rules run on all
// of it. CTest's timeout bounds the time; the test's figure is printed for the table.
TEST(PdfReader, TwoThousandPagesAreReadAndThePageBeyondIsNamed) {
  std::vector<std::vector<std::string>> pages(2001, {"本页为年度报告正文内容。", "第二行文字。"});
  pages[1999] = {"本页为年度报告正文内容。", "请各单位按装监控设备。"};
  pages[2000] = {"本页为年度报告正文内容。", "此页按装不应被检查。"};
  std::string pdf = MakePdf(pages);
  auto start = std::chrono::steady_clock::now();
  Result<Document> doc = ReadDocument("年报.pdf", pdf);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  ASSERT_EQ(doc->problems.size(), 1u);
  EXPECT_EQ(doc->problems[0].message, "PDF 共 2001 页，只检查了前 2000 页");
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  auto found = rules->Check(*doc);
  auto typos = OfRule(found, "test-typo");
  ASSERT_EQ(typos.size(), 1u);
  EXPECT_EQ(typos[0]->page, 2000);
  EXPECT_EQ(typos[0]->line, 2u);
  std::printf("2,001-page PDF (%zu KB): read and checked in %.1f s\n", pdf.size() >> 10,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
}

TEST(XlsxReader, EverySheetAndCellWithSharedInlineAndNumberValues) {
  std::string xlsx = MakeXlsx({{"说明", {{{"2024年度补贴发放名单"}}}},
                               {"名单",
                                {{{"序号"}, {"姓名"}, {"身份证号码"}},
                                 {{"1", true}, {"张建国"}, {"330302199003071231", true}},
                                 {},
                                 {{"2", true}, {"王秀英"}, {"3.30302199003071E+17", true}}}}});
  Result<Document> doc = ReadDocument("名单.xlsx", xlsx);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->format, "xlsx");
  struct Want {
    const char* text;
    const char* sheet;
    const char* cell;
  };
  const Want want[] = {{"2024年度补贴发放名单", "说明", "A1"},
                       {"序号", "名单", "A1"},
                       {"姓名", "名单", "B1"},
                       {"身份证号码", "名单", "C1"},
                       {"1", "名单", "A2"},
                       {"张建国", "名单", "B2"},
                       // 18 digits in a number cell: every digit kept, no 3.3E+17.
                       {"330302199003071231", "名单", "C2"},
                       {"2", "名单", "A4"},
                       {"王秀英", "名单", "B4"},
                       // Stored in E notation (as Excel saves it): the digits Excel shows.
                       {"330302199003071000", "名单", "C4"}};
  ASSERT_EQ(doc->blocks.size(), std::size(want));
  ASSERT_EQ(doc->regions.size(), std::size(want));
  for (size_t i = 0; i < std::size(want); ++i) {
    SCOPED_TRACE(want[i].text);
    EXPECT_EQ(doc->blocks[i].text, want[i].text);
    EXPECT_EQ(doc->regions[i].sheet, want[i].sheet);
    EXPECT_EQ(doc->regions[i].cell, want[i].cell);
    const Block& b = doc->blocks[i];
    EXPECT_EQ(doc->original.substr(b.map.ToOriginal(0), b.text.size()), b.text);
  }
}

TEST(XlsxReader, FindingsNameSheetAndCell) {
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  std::string xlsx = MakeXlsx({{"名单", {{{"姓名"}, {"备注"}}, {{"张建国"}, {"请按装监控。"}}}}});
  Result<Document> doc = ReadDocument("名单.xlsx", xlsx);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  auto found = rules->Check(*doc);
  auto typo = OfRule(found, "test-typo");
  ASSERT_EQ(typo.size(), 1u);
  EXPECT_EQ(typo[0]->sheet, "名单");
  EXPECT_EQ(typo[0]->cell, "B2");
}

TEST(XlsxReader, BadPackagesAreClearErrors) {
  Result<Document> no_workbook =
      ReadDocument("a.xlsx", testing_writers::MakeZipArchive({{"xl/workbook.xml.bak", "<x/>"}}));
  ASSERT_FALSE(no_workbook.ok());
  EXPECT_NE(no_workbook.status().message().find("xl/workbook.xml"), std::string::npos)
      << no_workbook.status().message();
  Result<Document> bad_xml = ReadDocument(
      "b.xlsx", testing_writers::MakeZipArchive({{"xl/workbook.xml", "<workbook><sheets>"}}));
  ASSERT_FALSE(bad_xml.ok());
  EXPECT_EQ(bad_xml.status().message().rfind("b.xlsx: ", 0), 0u);
  EXPECT_NE(bad_xml.status().message().find("不是有效的 XML"), std::string::npos);
}

// A zip bomb: a package small on the wire whose XML inflates past the cap (lowered here so
// that the test stays small; by default 256 MB, ReadOptions::max_docx_xml_bytes). The reader
// refuses it, naming the file and the part, rather than inflating it; under the cap the same
// file is read. The cap is checked on the bytes read, not only on the size the zip states.
TEST(XlsxReader, AZipBombIsRefusedNamingTheFile) {
  XlsxSheet sheet{"名单", {}};
  for (int i = 0; i < 4000; ++i) sheet.rows.push_back({{"加强安全生产监督管理"}});
  std::string xlsx = MakeXlsx({sheet});
  ASSERT_LT(xlsx.size(), 64u * 1024);
  ReadOptions options;
  options.max_docx_xml_bytes = 64 * 1024;
  Result<Document> doc = ReadDocument("公示名单.xlsx", xlsx, options);
  ASSERT_FALSE(doc.ok());
  const std::string& message = doc.status().message();
  EXPECT_EQ(
      message,
      "公示名单.xlsx: xl/sharedStrings.xml 解压后 0.2 MB，超过上限 0.062 MB（疑似 zip 炸弹）");
  options.max_docx_xml_bytes = 4 << 20;
  Result<Document> ok = ReadDocument("公示名单.xlsx", xlsx, options);
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(ok->blocks.size(), 4000u);
}

TEST(XlsxReader, AMillionEmptyRowsEndQuicklyAndCellsAreCapped) {
  // A million empty row elements (17 MB of XML, a DOM of a million nodes: well under the reader's
  // cap of 4 million elements); CTest's timeout bounds the time.
  std::string rows;
  rows.reserve(18'000'000);
  for (int r = 1; r <= 1'000'000; ++r) rows += "<row r=\"" + std::to_string(r) + "\"/>";
  std::string sheet = "<worksheet><sheetData>" + rows +
                      "<row r=\"1048576\"><c r=\"A1048576\" t=\"inlineStr\"><is><t>末行按装</t>"
                      "</is></c></row></sheetData></worksheet>";
  std::string xlsx = testing_writers::MakeZipArchive(
      {{"xl/workbook.xml", "<workbook><sheets><sheet name=\"表1\"/></sheets></workbook>"},
       {"xl/worksheets/sheet1.xml", sheet}});
  Result<Document> doc = ReadDocument("空行.xlsx", xlsx);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  ASSERT_EQ(doc->blocks.size(), 1u);
  EXPECT_EQ(doc->blocks[0].text, "末行按装");
  EXPECT_EQ(doc->regions[0].cell, "A1048576");

  ReadOptions options;
  options.max_cells = 2;
  Result<Document> capped =
      ReadDocument("多.xlsx", MakeXlsx({{"表", {{{"a"}, {"b"}, {"c"}}, {{"d"}}}}}), options);
  ASSERT_TRUE(capped.ok());
  EXPECT_EQ(capped->blocks.size(), 2u);
  ASSERT_EQ(capped->problems.size(), 1u);
  EXPECT_EQ(capped->problems[0].message, "表格的非空单元格超过 2 个，其余未检查");
}

// The main case: a 公示 list of 1,000 people in every format cuomin reads. The text output
// summarises each kind in one line, "第2列共 800 个完整身份证号", where `where` is the column for
// a spreadsheet (ID numbers in column 2, B; mobiles in 3, C) and the pages or the whole file
// for a format without columns.
struct ListSummary {
  std::string ids;      // e.g. "工作表“名单”第2列", "全文（第1–25页）", "全文"
  std::string mobiles;  // the same for the mobiles
};
void ExpectListFindings(const std::string& name, const std::string& bytes,
                        const std::vector<ListRow>& rows, bool has_cells,
                        const ListSummary& where) {
  SCOPED_TRACE(name);
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  Result<Document> doc = ReadDocument(name, bytes);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  auto found = rules->Check(*doc);
  ListCounts want = Expected(rows);
  auto ids = OfRule(found, "privacy-id-card");
  auto mobiles = OfRule(found, "privacy-mobile");
  EXPECT_EQ(ids.size(), want.ids);
  EXPECT_EQ(mobiles.size(), want.mobiles);
  EXPECT_TRUE(OfRule(found, "privacy-bank-card").empty())
      << OfRule(found, "privacy-bank-card")[0]->text;
  // Exactly the complete valid numbers, each once.
  std::set<std::string> valid_ids, found_ids;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i % 10 != 0 && i % 10 != 1) valid_ids.insert(rows[i].id);
  }
  for (const Finding* f : ids) found_ids.insert(f->text);
  EXPECT_EQ(found_ids, valid_ids);
  for (const Finding* f : ids) {
    EXPECT_EQ(f->severity, Severity::kCritical);
    if (has_cells) {
      EXPECT_EQ(f->sheet, "名单");
      EXPECT_EQ(f->cell[0], 'B') << f->cell;
    }
  }
  std::ostringstream text;
  auto printer = MakePrinter("text", text, {});
  printer->OnDocument(doc->source, found);
  printer->Finish();
  std::string out = text.str();
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2) << "one line for each kind:\n" << out;
  std::string id_line = "critical [privacy/privacy-id-card] " + where.ids + "共 " +
                        std::to_string(want.ids) + " 个完整身份证号（" +
                        (has_cells ? "B 列，" : "") + "另见 ";
  std::string mobile_line = "major [privacy/privacy-mobile] " + where.mobiles + "共 " +
                            std::to_string(want.mobiles) + " 个完整手机号（" +
                            (has_cells ? "C 列，" : "") + "另见 ";
  EXPECT_NE(out.find(name + ":"), std::string::npos) << out;
  EXPECT_NE(out.find(id_line), std::string::npos) << id_line << "\n" << out;
  EXPECT_NE(out.find(mobile_line), std::string::npos) << mobile_line << "\n" << out;
}

TEST(PrivacyInLists, XlsxOfAThousandRows) {
  auto rows = MakeList(1000);
  ExpectListFindings("公示名单.xlsx", MakeXlsx({ListSheet(rows)}), rows, true,
                     {"工作表“名单”第2列", "工作表“名单”第3列"});
}

// Past the 1,000 findings a rule lists per document by default: a list of 3,000 people has 2,400
// valid ID numbers and 2,700 mobiles, and each one must be found to be masked (the summary
// counts them all, not the first thousand).
TEST(PrivacyInLists, XlsxOfThreeThousandRowsHasEveryNumberFound) {
  auto rows = MakeList(3000);
  ExpectListFindings("公示名单.xlsx", MakeXlsx({ListSheet(rows)}), rows, true,
                     {"工作表“名单”第2列", "工作表“名单”第3列"});
}

TEST(PrivacyInLists, TextOutputSummarisesPerColumnJsonKeepsEveryCell) {
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  auto rows = MakeList(1000);
  Result<Document> doc = ReadDocument("公示名单.xlsx", MakeXlsx({ListSheet(rows)}));
  ASSERT_TRUE(doc.ok());
  auto found = rules->Check(*doc);
  std::ostringstream text, json;
  auto t = MakePrinter("text", text, {});
  t->OnDocument(doc->source, found);
  t->Finish();
  auto j = MakePrinter("json", json, {});
  j->OnDocument(doc->source, found);
  j->Finish();
  std::string out = text.str();
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 2) << out;
  EXPECT_NE(out.find("公示名单.xlsx:名单!B4: critical [privacy/privacy-id-card] "
                     "工作表“名单”第2列共 800 个完整身份证号（B 列，另见 B5、B6、B7、B8、B9 等"),
            std::string::npos)
      << out;
  EXPECT_NE(
      out.find("名单!C3: major [privacy/privacy-mobile] 工作表“名单”第3列共 900 个完整手机号"),
      std::string::npos)
      << out;
  std::string lines = json.str();
  EXPECT_EQ(std::count(lines.begin(), lines.end(), '\n'), 1700);
}

TEST(PrivacyInLists, PdfOfAThousandRows) {
  auto rows = MakeList(1000);
  std::vector<std::vector<std::string>> pages;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i % 40 == 0) pages.push_back({"序号  姓名  身份证号码  联系电话"});
    pages.back().push_back(std::to_string(i + 1) + "  " + rows[i].name + "  " + rows[i].id + "  " +
                           rows[i].mobile);
  }
  ExpectListFindings("公示名单.pdf", MakePdf(pages), rows, false,
                     {"全文（第1–25页）", "全文（第1–25页）"});
}

TEST(OfdReader, TextObjectsInPositionOrderWithPages) {
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  std::string ofd = testing_writers::MakeOfd({{"关于开展安全生产检查的通知", "各乡镇人民政府："},
                                              {"第二页第一行。", "请各单位按装监控设备。"}},
                                             /*reverse=*/true);
  Result<Document> doc = ReadDocument("通知.ofd", ofd);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->format, "ofd");
  ASSERT_EQ(doc->blocks.size(), 4u) << doc->original;
  EXPECT_EQ(doc->blocks[0].text, "关于开展安全生产检查的通知");
  EXPECT_EQ(doc->blocks[3].text, "请各单位按装监控设备。");
  std::vector<Finding> found = rules->Check(*doc);
  auto typo = OfRule(found, "test-typo");
  ASSERT_EQ(typo.size(), 1u);
  EXPECT_EQ(typo[0]->page, 2);
  EXPECT_EQ(typo[0]->line, 2u);
  EXPECT_EQ(typo[0]->column, 5u);
}

TEST(OfdReader, APackageWithoutPagesIsAnError) {
  Result<Document> doc = ReadDocument(
      "空.ofd",
      testing_writers::MakeZipArchive({{"OFD.xml", "<ofd:OFD><ofd:DocBody/></ofd:OFD>"}}));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "空.ofd: OFD 文件中没有页面（OFD.xml 未指向任何文档页）");
}

// As for .xlsx, but an OFD's pages are read one by one: a page whose Content.xml inflates
// past the cap is named as unread (a finding on the file, as for a damaged page), and the
// other pages are still read and checked.
TEST(OfdReader, AZipBombPageIsNamedAndTheOtherPagesRead) {
  std::vector<std::string> lines(4000, "加强安全生产监督管理");
  std::string ofd = testing_writers::MakeOfd({lines, {"请各单位按装监控设备。"}});
  ASSERT_LT(ofd.size(), 64u * 1024);
  ReadOptions options;
  options.max_docx_xml_bytes = 64 * 1024;
  Result<Document> doc = ReadDocument("通知.ofd", ofd, options);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  std::vector<Finding> found = rules->Check(*doc);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].source, "通知.ofd");
  EXPECT_EQ(found[0].rule, "read-incomplete");
  EXPECT_EQ(found[0].page, 1);
  EXPECT_EQ(found[0].message,
            "第 1 页无法读取：Doc_0/Pages/Page_0/Content.xml 解压后 0.6 MB，超过上限 0.062 MB"
            "（疑似 zip 炸弹）");
  EXPECT_EQ(found[1].rule, "test-typo");
  EXPECT_EQ(found[1].page, 2);

  // A bomb in OFD.xml, which leads to every page, leaves nothing to read: the file is refused.
  std::string root = testing_writers::MakeZipArchive(
      {{"OFD.xml", "<ofd:OFD>" + std::string(200'000, ' ') + "</ofd:OFD>"}});
  ASSERT_LT(root.size(), 64u * 1024);
  Result<Document> refused = ReadDocument("炸弹.ofd", root, options);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().message(),
            "炸弹.ofd: OFD.xml 解压后 0.2 MB，超过上限 0.062 MB（疑似 zip 炸弹）");
}

TEST(PrivacyInLists, OfdOfAThousandRows) {
  auto rows = MakeList(1000);
  std::vector<std::vector<std::string>> pages;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (i % 40 == 0) pages.push_back({"序号 姓名 身份证号码 联系电话"});
    pages.back().push_back(std::to_string(i + 1) + " " + rows[i].name + " " + rows[i].id + " " +
                           rows[i].mobile);
  }
  ExpectListFindings("公示名单.ofd", testing_writers::MakeOfd(pages), rows, false,
                     {"全文（第1–25页）", "全文（第1–25页）"});
}

TEST(XlsReader, SheetsAndCellsOfABiff8Workbook) {
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  std::string xls =
      testing_writers::MakeXls({{"说明", {{{"2024年度补贴发放名单"}}}},
                                {"名单",
                                 {{{"姓名"}, {"身份证号码"}, {"序号"}},
                                  {{"张建国"}, {"330302199003071231"}, {"1", true}},
                                  {{"王秀英"}, {"330302199003071231", true}, {"2.5", true}}}}});
  Result<Document> doc = ReadDocument("名单.xls", xls);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->format, "xls");
  std::vector<std::string> got;
  for (size_t i = 0; i < doc->blocks.size(); ++i) {
    got.push_back(doc->regions[i].sheet + "!" + doc->regions[i].cell + "=" + doc->blocks[i].text);
  }
  // The ID number typed as a number was rounded to a double by the format itself: shown as
  // Excel shows it, and not a complete ID number.
  EXPECT_EQ(got, (std::vector<std::string>{
                     "说明!A1=2024年度补贴发放名单", "名单!A1=姓名", "名单!B1=身份证号码",
                     "名单!C1=序号", "名单!A2=张建国", "名单!B2=330302199003071231", "名单!C2=1",
                     "名单!A3=王秀英", "名单!B3=330302199003071000", "名单!C3=2.5"}));
  std::vector<Finding> found = rules->Check(*doc);
  auto ids = OfRule(found, "privacy-id-card");
  ASSERT_EQ(ids.size(), 1u);
  EXPECT_EQ(ids[0]->cell, "B2");
}

TEST(XlsReader, AWorkbookProtectedByAPasswordIsNamedAsSuch) {
  std::string xls = testing_writers::MakeXls({ListSheet(MakeList(3))}, true);
  Result<Document> doc = ReadDocument("加密名单.xls", xls);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(), "加密名单.xls: .xls 文件已加密，无法读取，未检查");
}

TEST(XlsReader, DamagedFileIsAClearError) {
  std::string xls = testing_writers::MakeXls({{"名单", {{{"姓名"}}}}});
  Result<Document> doc = ReadDocument("坏.xls", xls.substr(0, 600));
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message().rfind("坏.xls: ", 0), 0u) << doc.status().message();
}

// Bytes the xls fuzzer found, read as .xls by choice (format sniffing alone would call them
// binary junk): FreeXL leaked 640 KB on them. Without the OLE2 signature the reader refuses
// them before FreeXL sees them.
TEST(XlsReader, BytesWithoutTheOle2SignatureAreAClearError) {
  ReadOptions as_xls;
  as_xls.format = "xls";
  const unsigned char junk[] = {9, 0,  0, 0, 0, 0,  9, 0, 0, 0,  10, 0, 0, 0,  0, 16, 10, 0,
                                0, 10, 0, 0, 0, 33, 0, 0, 0, 10, 44, 0, 0, 10, 0, 0,  9};
  Result<Document> doc = ReadDocument(
      "公示.xls", std::string(reinterpret_cast<const char*>(junk), sizeof junk), as_xls);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message(),
            "公示.xls: 不是有效的 .xls 文件（缺少 Excel 97-2003 的 OLE2 文件头），未检查");
}

// FreeXL overflows a stack buffer on this file (tests/testdata/readers/xls/README.md). It runs
// in a child process: the scanner gets a clear error or what could be read, never a crash
// (under AddressSanitizer, CI's unit-test build, the overflow ends the child).
TEST(XlsReader, AFileThatOverflowsFreeXlCannotHarmTheScanner) {
  std::ifstream in(cuomin::test_paths::Testdata() + "/readers/xls/freexl-stack-overflow.xls",
                   std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 512u);
  Result<Document> doc = ReadDocument("坏.xls", bytes);
  if (!doc.ok()) {
    EXPECT_EQ(doc.status().message().rfind("坏.xls: 不是有效的 .xls 文件", 0), 0u)
        << doc.status().message();
  }
  // The reader still works afterwards, in the same process.
  Result<Document> good =
      ReadDocument("名单.xls", testing_writers::MakeXls({ListSheet(MakeList(3))}));
  ASSERT_TRUE(good.ok()) << good.status().message();
  EXPECT_NE(good->original.find("姓名"), std::string::npos);
}

TEST(PrivacyInLists, XlsOfAThousandRows) {
  auto rows = MakeList(1000);
  XlsxSheet sheet = ListSheet(rows);
  // In .xls every ID number is text: a number cell could not hold 18 digits.
  for (XlsxRow& row : sheet.rows) row[1].number = false;
  ExpectListFindings("公示名单.xls", testing_writers::MakeXls({sheet}), rows, true,
                     {"工作表“名单”第2列", "工作表“名单”第3列"});
}

// BIFF8 holds at most 65,536 rows a sheet, but a sheet's DIMENSIONS record may claim any
// number, and FreeXL sizes its cell table by the claim. A list of 20 rows whose sheet claims
// 1,048,576 rows of 3 columns is read with every cell and its ID numbers found; one claiming a
// million rows of 256 columns (268 million positions) is named, not walked nor passed silently.
// Each ends within seconds: the cells of the first are few, and the child's limits bound FreeXL.
TEST(XlsReader, ASheetClaimingAMillionRowsEndsQuicklyWithFindingsOrANamedLimit) {
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  auto rows = MakeList(20);
  XlsxSheet sheet = ListSheet(rows);
  for (XlsxRow& row : sheet.rows) row[1].number = false;

  auto start = std::chrono::steady_clock::now();
  Result<Document> narrow =
      ReadDocument("百万行.xls", testing_writers::MakeXls({sheet}, false, 1'048'576, 3));
  ASSERT_TRUE(narrow.ok()) << narrow.status().message();
  EXPECT_TRUE(narrow->problems.empty()) << narrow->problems[0].message;
  EXPECT_EQ(narrow->blocks.size(), 3u * 21);
  auto found = rules->Check(*narrow);
  EXPECT_EQ(OfRule(found, "privacy-id-card").size(), Expected(rows).ids);

  Result<Document> wide =
      ReadDocument("百万行.xls", testing_writers::MakeXls({sheet}, false, 1'048'576, 256));
  if (wide.ok()) {
    ASSERT_EQ(wide->problems.size(), 1u) << wide->blocks.size() << " blocks";
    // Named by cuomin's cap, or refused by FreeXL (Debian 12's 1.0.6 refuses it).
    EXPECT_TRUE(wide->problems[0].message ==
                    "工作表“名单”声称有 1048576 行 × 256 列，超出上限，未检查" ||
                wide->problems[0].message ==
                    "工作表“名单”无法读取（FreeXL 拒绝了它声称的大小或内容），未检查" ||
                wide->problems[0].message ==
                    "FreeXL 在文件中找不到可读取的工作表（文件已损坏，或声称的大小超出其能力），"
                    "未检查")
        << wide->problems[0].message;
    EXPECT_TRUE(wide->blocks.empty());
  } else {
    // FreeXL allocated its table by the claim and met the child's memory limit.
    EXPECT_EQ(wide.status().message(),
              "百万行.xls: 读取 .xls 时 FreeXL 用到了 1024 MB 的内存上限，未检查");
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("two .xls claiming a million rows: read in %.1f s\n", seconds);
}

// The most rows a BIFF8 sheet holds, 65,536: a list of 65,535 people under its header, every
// ID number read in its cell of column B.
TEST(XlsReader, TheMostRowsASheetHoldsAreRead) {
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  auto rows = MakeList(65'535);
  XlsxSheet sheet = ListSheet(rows);
  for (XlsxRow& row : sheet.rows) row[1].number = false;
  for (XlsxRow& row : sheet.rows) row.resize(2);  // name and ID: the file stays under 7 MB
  Result<Document> doc = ReadDocument("满表.xls", testing_writers::MakeXls({sheet}));
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_TRUE(doc->problems.empty()) << doc->problems[0].message;
  ASSERT_EQ(doc->regions.size(), 2u * 65'536);
  EXPECT_EQ(doc->regions.back().cell, "B65536");
  // Every ID number in its cell (the checks themselves stop at 1,000 findings a rule).
  size_t wrong = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (doc->blocks[2 * (i + 1) + 1].text != rows[i].id) ++wrong;
  }
  EXPECT_EQ(wrong, 0u);
  auto found = rules->Check(*doc);
  EXPECT_FALSE(OfRule(found, "privacy-id-card").empty());
}

TEST(DocReader, ParagraphsOfAWord97FileThroughCatdoc) {
  auto rules = TestRules();
  ASSERT_NE(rules, nullptr);
  std::string doc_bytes =
      testing_writers::MakeDoc({"关于开展安全生产检查的通知", "请各单位按装监控设备。",
                                "申请人张某，身份证号码330302199003071231。"});
  Result<Document> doc = ReadDocument("通知.doc", doc_bytes);
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->format, "doc");
  ASSERT_EQ(doc->blocks.size(), 3u) << doc->original;
  auto found = rules->Check(*doc);
  auto typo = OfRule(found, "test-typo");
  ASSERT_EQ(typo.size(), 1u);
  EXPECT_EQ(typo[0]->line, 2u);  // the second paragraph
  EXPECT_EQ(typo[0]->column, 5u);
  EXPECT_EQ(OfRule(found, "privacy-id-card").size(), 1u);
}

TEST(DocReader, AnOleFileThatIsNoWordDocumentIsAClearError) {
  // A compound file with a WordDocument stream whose FIB is not Word's.
  std::string bad = testing_writers::MakeCompoundFile("WordDocument", std::string(2048, 'x'));
  Result<Document> doc = ReadDocument("坏.doc", bad);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().message().rfind("坏.doc: ", 0), 0u) << doc.status().message();
}

TEST(PrivacyInLists, DocOfAThousandRows) {
  auto rows = MakeList(1000);
  std::vector<std::string> paragraphs = {"序号\t姓名\t身份证号码\t联系电话"};
  for (size_t i = 0; i < rows.size(); ++i) {
    paragraphs.push_back(std::to_string(i + 1) + "\t" + rows[i].name + "\t" + rows[i].id + "\t" +
                         rows[i].mobile);
  }
  ExpectListFindings("公示名单.doc", testing_writers::MakeDoc(paragraphs), rows, false,
                     {"全文", "全文"});
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
