// More real annual reports, each in text and PDF form (tests/testdata/disclosure/README.md):
// no false finding on the report as published, and planted errors in a total, a sub-item and
// a column are each found in both forms. The prose is checked against the tables, and the
// other rules stay quiet on what every report has: its numbered table rows, article
// citations, and the office's contact mailbox.
#include <gtest/gtest.h>

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
using disclosure_test::ExpectEveryTableRead;
using disclosure_test::LayoutPdf;
using disclosure_test::Replace;
using disclosure_test::Slurp;

const std::string& kData = disclosure_test::DataDir();

// The findings of the rules in `folder` (a dictionaries/ folder) whose id is `rule`, or all
// of the folder's rules when `rule` is empty; info findings only when asked.
std::vector<Finding> CheckWith(const std::string& folder, const std::string& rule,
                               const std::string& name, const std::string& bytes,
                               bool with_info = false) {
  RuleSetOptions opt;
  opt.rule_dirs = {cuomin::test_paths::Dictionaries() + "/" + folder};
  auto rules = RuleSet::Load(opt);
  EXPECT_TRUE(rules.ok()) << rules.status().message();
  auto doc = ReadDocument(name, bytes);
  EXPECT_TRUE(doc.ok()) << name << ": " << doc.status().message();
  std::vector<Finding> out;
  if (!rules.ok() || !doc.ok()) return out;
  for (Finding& f : (*rules)->Check(*doc))
    if ((rule.empty() || f.rule == rule) && (with_info || f.severity != Severity::kInfo))
      out.push_back(std::move(f));
  return out;
}

std::vector<Finding> Consistency(const std::string& name, const std::string& bytes) {
  return CheckWith("consistency", "consistency-disclosure-report", name, bytes);
}

std::string Messages(const std::vector<Finding>& found) {
  std::string s;
  for (const Finding& f : found) s += "「" + f.text + "」 " + f.message + "\n";
  return s;
}

// A report's text form and its PDF form: (file name, bytes).
std::vector<std::pair<std::string, std::string>> BothForms(const std::string& layout_file,
                                                           const std::string& text) {
  std::string stem = layout_file.substr(0, layout_file.find("-layout.txt"));
  return {{layout_file, text}, {stem + ".pdf", LayoutPdf(text)}};
}

// ---- 金湖县 2023, rebuilt from its published numbers ----

constexpr char kJinhu[] = "jinhu-2023-rebuilt-layout.txt";

// The numbers as kept give 未经复议直接起诉 2 + 0 + 1 + 0 with 总计 0: a true finding on them.
const char* const kJinhuDirectSuit =
    "「0」 表四行政诉讼（未经复议直接起诉）：结果维持（2）+ 结果纠正（0）+ 其他结果（1）+ "
    "尚未审结（0）= 3，与总计（0）不相等\n";

TEST(DisclosureRealReportsTest, JinhuTablesAreReadInTextAndPdf) {
  for (const auto& [name, bytes] : BothForms(kJinhu, Slurp(kData + kJinhu))) {
    SCOPED_TRACE(name);
    auto doc = ReadDocument(name, bytes);
    ASSERT_TRUE(doc.ok()) << doc.status().message();
    std::optional<dr::Report> r = dr::ReadReport(*doc);
    ExpectEveryTableRead(r);
    ASSERT_TRUE(r.has_value() && r->table3[dr::kOutcomeTotal] && r->table3[dr::kOther1]);
    EXPECT_EQ(r->table3[dr::kNew]->values[dr::kTotalColumn].value.Count(), 143);
    EXPECT_EQ(r->table3[dr::kOther1]->values[0].value.Count(), 17);  // label over 3 lines
    EXPECT_EQ(r->table3[dr::kOutcomeTotal]->values[5].value.Count(), 2);
    EXPECT_EQ(Messages(Consistency(name, bytes)), kJinhuDirectSuit);
  }
}

TEST(DisclosureRealReportsTest, JinhuPlantedErrorsAreFoundInTextAndPdf) {
  struct Plant {
    const char* from;
    const char* to;
    const char* expect;
  };
  const std::string text = Slurp(kData + kJinhu);
  for (const Plant& p : {
           // A total: (七)总计's 总计 143 -> 145.
           Plant{"2      143\n四", "2      145\n四",
                 "「（七）总计」 表三“（七）总计”行：自然人（140）+ 商业企业（1）+ 科研机构（0）+ "
                 "社会公益组织（0）+ 法律服务机构（0）+ 其他（2）= 143，与总计（145）不相等\n"
                 "「145」 表三“总计”列：（一）予以公开（62）+ （二）部分公开（4）+ "
                 "（三）不予公开（5）+ （四）无法提供（48）+ （五）不予处理（5）+ "
                 "（六）其他处理（19）= 143，与（七）总计（145）不相等\n"
                 "「0」 表三“总计”列：第一项（143）+ 第二项（0）= 143，第三项总计（145）+ "
                 "第四项（0）= 145，不相等\n"},
           // A sub-item: (三)4 保护第三方合法权益, 自然人 2 -> 3.
           Plant{"4.保护第三方合法权益              2", "4.保护第三方合法权益              3",
                 "「4.保护第三方合法权益」 表三“（三）不予公开第4项”行：自然人（3）+ "
                 "商业企业（0）+ 科研机构（0）+ 社会公益组织（0）+ 法律服务机构（0）+ 其他（0）= "
                 "3，与总计（2）不相等\n"
                 "「140」 表三“自然人”列：（一）予以公开（61）+ （二）部分公开（4）+ "
                 "（三）不予公开（6）+ （四）无法提供（46）+ （五）不予处理（5）+ "
                 "（六）其他处理（19）= 141，与（七）总计（140）不相等\n"},
           // A column: 第一项 其他 2 -> 4 and its row total with it.
           // The prose (共收到…143 件) now disagrees with the table too.
           Plant{"2      143\n二", "4      145\n二",
                 "「143」 正文所述本年新收政府信息公开申请（143件）与表三第一项总计（145）不一致\n"
                 "「0」 表三“其他”列：第一项（4）+ 第二项（0）= 4，第三项总计（2）+ 第四项（0）= "
                 "2，不相等\n"
                 "「0」 表三“总计”列：第一项（145）+ 第二项（0）= 145，第三项总计（143）+ "
                 "第四项（0）= 143，不相等\n"},
       }) {
    SCOPED_TRACE(p.from);
    for (const auto& [name, bytes] : BothForms(kJinhu, Replace(text, p.from, p.to))) {
      SCOPED_TRACE(name);
      EXPECT_EQ(Messages(Consistency(name, bytes)), std::string(p.expect) + kJinhuDirectSuit);
    }
  }
}

// ---- the prose against the tables ----

TEST(DisclosureRealReportsTest, Hongze2024ProseSaysSeventeenApplicationsWhereTable3Has95) {
  // 2024 年，区政府办代表区政府受理政府信息公开申请 17 件 (a sentence wrapped over two lines of
  // the PDF) while 表三's 第一项总计 is 95: the report as published contradicts itself.
  const char* const kExpect =
      "「17」 正文所述本年新收政府信息公开申请（17件）与表三第一项总计（95）不一致\n";
  for (const char* file : {"hongze-2024.pdf", "hongze-2024-layout.txt"}) {
    SCOPED_TRACE(file);
    auto found = Consistency(file, Slurp(kData + file));
    EXPECT_EQ(Messages(found), kExpect);
    for (const Finding& f : found) EXPECT_EQ(f.severity, Severity::kMajor);
  }
}

TEST(DisclosureRealReportsTest, CorrectProseOfRealReportsStaysQuiet) {
  // 洪泽区 2023: 全区受理政府信息公开申请 21 件 = 表三 21; 金湖县 2023: 共收到…143 件 = 143.
  // Only the table findings of the reports as published remain.
  auto hongze = Consistency("hongze-2023-layout.txt", Slurp(kData + "hongze-2023-layout.txt"));
  for (const Finding& f : hongze) EXPECT_EQ(f.message.find("正文所述"), std::string::npos);
  auto jinhu = Consistency(kJinhu, Slurp(kData + kJinhu));
  EXPECT_EQ(Messages(jinhu), kJinhuDirectSuit);
}

TEST(DisclosureRealReportsTest, PlantedProseErrorsAreFoundQuotingBothPlaces) {
  struct Plant {
    const char* from;
    const char* to;
    const char* expect;
  };
  const std::string text = Slurp(kData + kJinhu);
  for (const Plant& p : {
           Plant{"共收到政府信息公开申", "共受理政府信息公开申",  // a variant: quiet when right
                 ""},
           Plant{
               "请143件，依", "请145件，依",
               "「145」 正文所述本年新收政府信息公开申请（145件）与表三第一项总计（143）不一致\n"},
           // A qualification (含上年结转) counts against its own number only: here 145 is
           // the new applications and is wrong; with the carried ones it is no claim.
           Plant{
               "请143件，依", "请145件，答复150件（含上年度结转申请7件），依",
               "「145」 正文所述本年新收政府信息公开申请（145件）与表三第一项总计（143）不一致\n"},
           Plant{"请143件，依", "请145件（含上年度结转申请2件），依", ""},
           Plant{"无其他需要说明事项。",
                 "无其他需要说明事项。本年度发生政府信息公开行政复议案件 8 件，行政诉讼 4 件。",
                 "「8」 正文所述政府信息公开行政复议（8件）与表四行政复议总计（7）不一致\n"
                 "「4」 正文所述政府信息公开行政诉讼（4件）与表四行政诉讼总计（未经复议直接起诉与"
                 "复议后起诉之和）（1）不一致\n"},
       }) {
    SCOPED_TRACE(p.to);
    for (const auto& [name, bytes] : BothForms(kJinhu, Replace(text, p.from, p.to))) {
      SCOPED_TRACE(name);
      auto found = Consistency(name, bytes);
      std::string prose;
      for (const Finding& f : found) {
        if (f.message.find("正文所述") == std::string::npos) continue;
        prose += "「" + f.text + "」 " + f.message + "\n";
        EXPECT_EQ(f.severity, Severity::kMajor);
      }
      EXPECT_EQ(prose, p.expect);
    }
  }
}

// ---- heading numbering on the real reports ----

std::vector<Finding> Headings(const std::string& name, const std::string& bytes) {
  return CheckWith("format", "format-heading-numbering", name, bytes);
}

TEST(DisclosureRealReportsTest, HeadingNumberingOnTheRealReports) {
  // Table rows (1.属于国家秘密…, （三）不予公开 between them), 第二十条第（一）项 and the
  // form feeds of pdftotext before a page's first heading raise nothing. 淮安市 2024's text
  // has four lines of labels between two rows of 表三 ("（六）其", "2、申请人…", "他处理");
  // 上海市 2019's ten (labels of rows left blank wrapped around the rows' one or two numbers:
  // "1.属于国家秘密     14", "5.属于三类内部事务" / "5" / "信息"), and its 表三 ends in
  // "四、结转下年度继续办理   72   72" before the section 四、. county-2022.txt (tabs) has a
  // row of one number (行政事业性收费 41.3) before the section 三、 and 表三's header.
  for (const char* file :
       {"hongze-2023-layout.txt", "hongze-2023.pdf", "hongze-2024-layout.txt", "hongze-2024.pdf",
        kJinhu, "huaian-2024-layout.txt", "huaian-2024.pdf", "shanghai-2019-layout.txt",
        "shanghai-2019.pdf", "real-shanghai-office-2019.html", "county-2022.txt"}) {
    SCOPED_TRACE(file);
    EXPECT_EQ(Messages(Headings(file, Slurp(kData + file))), "");
  }
  EXPECT_EQ(Messages(Headings("jinhu-2023-rebuilt.pdf", LayoutPdf(Slurp(kData + kJinhu)))), "");
}

TEST(DisclosureRealReportsTest, ASkipInTheReportsOwnHeadingsIsStillFound) {
  // Neither 洪泽区 report as published skips a heading (一、…六、, （一）…（五）): the skip is
  // planted, （五）政府信息公开监督保障情况 renumbered （六）, in the text and in a PDF of it.
  const std::string text =
      Replace(Slurp(kData + "hongze-2024-layout.txt"), "（五）政府信息公开监督保障情况",
              "（六）政府信息公开监督保障情况");
  for (const auto& [name, bytes] : BothForms("hongze-2024-layout.txt", text)) {
    SCOPED_TRACE(name);
    auto found = Headings(name, bytes);
    ASSERT_EQ(found.size(), 1u) << Messages(found);
    EXPECT_EQ(found[0].text, "（六）");
    EXPECT_EQ(found[0].message, "序号跳号：应为（五）");
  }
}

TEST(DisclosureRealReportsTest, ASkipInTheHeadingsAfterTheTablesOfALayoutCopyIsFound) {
  // 上海市 2019 as pdftotext -layout gives it, （二）改进措施 renumbered （三）: past the rows
  // and labels of 表三 and 表四, section 五's headings are headings.
  auto found = Headings(
      "shanghai-2019-layout.txt",
      Replace(Slurp(kData + "shanghai-2019-layout.txt"), "（二）改进措施", "（三）改进措施"));
  EXPECT_EQ(Messages(found), "「（三）」 序号跳号：应为（二）\n");
}

TEST(DisclosureRealReportsTest, TheRowsOfATableCopiedACellALineAreNoHeadings) {
  // 洪泽区 2023 as pdftotext without -layout gives it (as PDF viewers copy): each cell on a
  // line of its own, 表三's row labels (二、上年结转…, （三）不予公开, 4.保护第三方合法权益,
  // （七）总计, 四、结转下年度继续办理, （五）不予处理 …) on lines of their own among the
  // lines that are only a count. They raised nine findings; the stretch thick with lone
  // counts is a table, and the section count goes on across it.
  EXPECT_EQ(Messages(Headings("hongze-2023-plain.txt", Slurp(kData + "hongze-2023-plain.txt"))),
            "");
}

TEST(DisclosureRealReportsTest, ASkipAroundATableCopiedACellALineIsFound) {
  const std::string plain = Slurp(kData + "hongze-2023-plain.txt");
  // The section right after 表三 renumbered: counted on from 三、 before the table, past its
  // rows 一、二、四、, so 五、 is a skip (and the real 五、 after it a repeat).
  EXPECT_EQ(Messages(Headings("hongze-2023-plain.txt",
                              Replace(plain, "四、政府信息公开行政复议、行政诉讼情况",
                                      "五、政府信息公开行政复议、行政诉讼情况"))),
            "「五、」 序号跳号：应为四、\n「五、」 序号重复：五、\n");
  // The section after 表四, whose last cells run straight into its heading.
  EXPECT_EQ(Messages(Headings("hongze-2023-plain.txt",
                              Replace(plain, "六、其他需要报告的事项", "七、其他需要报告的事项"))),
            "「七、」 序号跳号：应为六、\n");
  // Before the tables.
  EXPECT_EQ(
      Messages(Headings("hongze-2023-plain.txt", Replace(plain, "（四）政府信息公开平台建设情况",
                                                         "（五）政府信息公开平台建设情况"))),
      "「（五）」 序号跳号：应为（四）\n「（五）」 序号重复：（五）\n");
}

TEST(DisclosureRealReportsTest, ShortItemsAndPageNumbersOfAnOrdinaryCopyAreStillHeadings) {
  // A notice copied from a PDF a line at a time: short list items, page numbers on lines of
  // their own and a few counts in a list. Lone counts here are too few, and prose stands
  // between them: no table, and the skips are found.
  const std::string notice =
      "一、工作目标\n"
      "全年完成以下任务，各项指标如下。\n"
      "1.新建\n12\n2.改建\n8\n4.维修\n30\n"
      "1\n"
      "二、重点任务\n"
      "（一）强化源头治理。\n"
      "（三）加强督查检查。\n"
      "2\n"
      "四、保障措施\n"
      "各单位要高度重视，认真组织实施，确保各项任务按期完成。\n";
  EXPECT_EQ(
      Messages(Headings("notice.txt", notice)),
      "「4.」 序号跳号：应为3.\n「（三）」 序号跳号：应为（二）\n「四、」 序号跳号：应为三、\n");
  // Ten pages, each a short heading and a paragraph, each page number on a line of its own:
  // ten lone counts, but each pair has a sentence between them.
  std::string pages = "一、主要任务\n";
  for (int p = 1; p <= 10; ++p) {
    static const char* const kNumbers[] = {"一", "二", "三", "四", "五",
                                           "六", "七", "八", "九", "十"};
    pages += std::string("（") + kNumbers[p == 6 ? 6 : p - 1] + "）任务\n落实责任，按期完成。\n" +
             std::to_string(p) + "\n";
  }
  EXPECT_EQ(Messages(Headings("pages.txt", pages)),
            "「（七）」 序号跳号：应为（六）\n「（七）」 序号重复：（七）\n");
}

TEST(DisclosureRealReportsTest, AHeadingAfterAFormFeedIsAHeading) {
  // pdftotext starts each page with a form feed: the page's first line is still a heading,
  // so that a skip there is found and the numbering goes on from it.
  EXPECT_EQ(
      Messages(Headings("report-layout.txt",
                        "一、总体情况\n（一）主动公开情况。\n\f   （三）政府信息管理情况。\n")),
      "「（三）」 序号跳号：应为（二）\n");
  EXPECT_EQ(Messages(Headings("report-layout.txt",
                              "一、总体情况\n（一）主动公开情况。\n\f   （二）依申请公开情况。\n"
                              "（三）政府信息管理情况。\n")),
            "");
}

// ---- the office's mailbox in the contact sentence ----

std::vector<Finding> Emails(const std::string& name, const std::string& bytes) {
  return CheckWith("privacy", "privacy-email", name, bytes, /*with_info=*/true);
}

TEST(DisclosureRealReportsTest, TheOfficesContactMailboxIsNotPersonalData) {
  // 洪泽区 2023: 如对本报告有疑问，请与淮安市洪泽区人民政府办公室联系（地址：…，电 子 邮 箱 ：
  // hzzwgk@126.com）。— a free mailbox, but the office's, in the report's contact sentence.
  // 淮安市 2024 likewise (…电 / 子邮箱：hazwgkc@163.com）。).
  for (const char* file : {"hongze-2023.pdf", "hongze-2023-layout.txt", "hongze-2023-plain.txt",
                           "huaian-2024.pdf", "huaian-2024-layout.txt"}) {
    SCOPED_TRACE(file);
    EXPECT_EQ(Messages(Emails(file, Slurp(kData + file))), "");
  }
}

TEST(DisclosureRealReportsTest, APersonalMailboxElsewhereInTheReportIsStillFound) {
  const std::string text = Replace(Slurp(kData + "hongze-2023-layout.txt"), "均在法定期限答复。",
                                   "均在法定期限答复，其中申请人王某某（wangmm1987@qq.com）的"
                                   "申请已办结。");
  // The text, and a PDF printed from it.
  for (const auto& [name, bytes] : BothForms("hongze-2023-layout.txt", text)) {
    SCOPED_TRACE(name);
    auto found = Emails(name, bytes);
    ASSERT_EQ(found.size(), 1u) << Messages(found);
    EXPECT_EQ(found[0].text, "wangmm1987@qq.com");
    EXPECT_EQ(found[0].severity, Severity::kMinor);
  }
}

// ---- a report whose title is lost ----

// The lines of `text` from the one holding `first` up to (not including) the one holding
// `end`.
std::string LinesBetween(const std::string& text, const std::string& first,
                         const std::string& end) {
  size_t from = text.find(first);
  size_t to = text.find(end, from);
  EXPECT_NE(from, std::string::npos) << first;
  EXPECT_NE(to, std::string::npos) << end;
  if (from == std::string::npos || to == std::string::npos) return "";
  from = text.rfind('\n', from) + 1;  // npos + 1 == 0 for the first line
  to = text.rfind('\n', to) + 1;
  return text.substr(from, to - from);
}

std::string Findings(const std::vector<Finding>& found) {
  std::string s;
  for (const Finding& f : found)
    s += std::string(ToString(f.severity)) + " 「" + f.text + "」 " + f.message + "\n";
  return s;
}

constexpr char kUnread[] =
    "minor 「%s」 文档是政府信息公开工作年度报告，但未能读出其中的表二、表三、表四（表格可能是"
    "图片或格式无法识别），表格数据未核对\n";

std::string Unread(const std::string& at) {
  std::string s = kUnread;
  return s.replace(s.find("%s"), 2, at);
}

TEST(DisclosureRealReportsTest, AReportWithoutItsTitleIsRecognisedByItsBody) {
  // 洪泽区 2024 as copied from its PDF, without the two title lines: read whole, the true
  // finding found, and what was checked is said at the 统计期限 sentence.
  std::string text = Slurp(kData + "hongze-2024-layout.txt");
  std::string untitled = Replace(text, LinesBetween(text, "淮安市洪泽区人民政府", "本报告由"), "");
  auto found = CheckWith("consistency", "consistency-disclosure-report", "untitled.txt", untitled,
                         /*with_info=*/true);
  EXPECT_EQ(Findings(found),
            "info 「统计期限」 已核对：表二、表三（7列×25项）、表四，共 43 处勾稽关系\n"
            "major 「17」 正文所述本年新收政府信息公开申请（17件）与表三第一项总计（95）不一致\n");
}

TEST(DisclosureRealReportsTest, AnUntitledReportWhoseTablesAreLostSaysSoByAnyOfItsSigns) {
  // The report's real lines, its tables left out (as when they are pictures) and no title:
  // each sign of a report alone is enough for the minor finding.
  std::string text = Slurp(kData + "hongze-2024-layout.txt");
  std::string period = LinesBetween(text, "本报告由", "一、总体情况");
  std::string prose = LinesBetween(text, "一、总体情况", "（三）政府信息管理情况");
  std::string note = LinesBetween(text, "勾稽关系", "于第三项加第四项之和");
  std::string heading2 = LinesBetween(text, "二、主动公开政府信息情况", "第二十条第（一）项");
  std::string heading3 = LinesBetween(text, "三、收到和处理政府信息公开申请情况", "申请人情况");
  auto check = [](const std::string& bytes) {
    return Findings(CheckWith("consistency", "consistency-disclosure-report", "report.txt", bytes,
                              /*with_info=*/true));
  };
  EXPECT_EQ(check(period + prose), Unread("统计期限"));
  EXPECT_EQ(check(prose + note), Unread("勾稽关系"));
  EXPECT_EQ(check(prose + heading2 + heading3), Unread("收到和处理政府信息公开申请情况"));
  // Without any of them, with one table heading only (a work summary has such a section),
  // or with 勾稽关系 in another sense, it is no report.
  EXPECT_EQ(check(prose), "");
  EXPECT_EQ(check(prose + heading3), "");
  EXPECT_EQ(check(prose + heading3 + "财务报表之间的勾稽关系须逐项核对。\n"), "");
  // A statistical bulletin dates its figures too, but is about no 政府信息公开.
  EXPECT_EQ(check("2023年国民经济和社会发展统计公报\n"
                  "本报告统计期限自2023年1月1日起至2023年12月31日止。\n"
                  "一、主要经济指标\n二、财政收支情况\n"),
            "");
}

}  // namespace
}  // namespace cuomin::scanner
