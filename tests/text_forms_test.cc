// The same sentence in the forms real pages and attachments give it: a hard line break inside
// a word (pdftotext, OCR, a PDF pasted into a draft or a CMS as <br>), a headline with a space
// between every character. The rules see the words whole, and findings point at the original
// characters (bench/eval_forms.py measures this on the real-error cases).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scanner/document.h"
#include "scanner/reader.h"
#include "scanner/rule_set.h"
#include "shipped_rules_fixture.h"

namespace cuomin::scanner {
namespace {

std::vector<std::string> Texts(const Document& doc) {
  std::vector<std::string> out;
  for (const Block& b : doc.blocks) out.push_back(b.text);
  return out;
}

// The original bytes of block text [begin, end), ending where the text before `end` ends.
std::string Original(const Document& doc, const Block& b, size_t begin, size_t end) {
  const size_t ob = b.map.ToOriginal(begin), oe = b.map.ToOriginalEnd(end);
  if (oe < ob || oe > doc.original.size()) return "<out of range>";
  return doc.original.substr(ob, oe - ob);
}

std::string OriginalOf(const Document& doc, const Block& b, const std::string& word) {
  const size_t at = b.text.find(word);
  if (at == std::string::npos) return "<not in block>";
  return Original(doc, b, at, at + word.size());
}

TEST(TextLineBreaks, HanLinesBrokenInsideAWordAreOneParagraph) {
  const std::string text =
      "习近平会见外宾\n"  // a file's first line is its title: never joined
      "国家主席习近\n"
      "平在人民大会堂会见外宾，双方就《中华人民共\r\n"
      "和国对外关系法》交换意见。\n"
      "　　会议强调，要抓好落实。\n"  // an indented line starts a paragraph
      "一、总体要求\n"                // a heading and its body stay apart
      "各地区各部门要认真贯彻执行\n"
      "二、主要任务\n"
      "一是加强政策解读\n"  // enumerated items without marks stay apart
      "二是回应社会关切\n"
      "\n"
      "结尾";
  Result<Document> doc = ReadDocument("讲话.txt", text);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->original, text);
  const std::vector<std::string> want = {
      "习近平会见外宾",
      "国家主席习近平在人民大会堂会见外宾，双方就《中华人民共和国对外关系法》交换意见。",
      "　　会议强调，要抓好落实。",
      "一、总体要求",
      "各地区各部门要认真贯彻执行",
      "二、主要任务",
      "一是加强政策解读",
      "二是回应社会关切",
      "结尾"};
  EXPECT_EQ(Texts(*doc), want);
  const Block& b = doc->blocks[1];
  // A word across the break covers the break in the original; one before it ends before it.
  EXPECT_EQ(OriginalOf(*doc, b, "习近平"), "习近\n平");
  EXPECT_EQ(OriginalOf(*doc, b, "主席习近"), "主席习近");
  EXPECT_EQ(OriginalOf(*doc, b, "中华人民共和国"), "中华人民共\r\n和国");
  EXPECT_EQ(OriginalOf(*doc, b, "和国对外"), "和国对外");
  LineIndex lines(doc->original);
  const size_t at = b.map.ToOriginal(b.text.find("对外关系法"));
  EXPECT_EQ(lines.At(at).line, 4u);
  EXPECT_EQ(lines.At(at).column, 3u);
}

TEST(TextLineBreaks, BrInsideAHanWordJoinsButSeparatesSentences) {
  const std::string page =
      "<html><body><div class=\"TRS_Editor\"><p>国家主席习近<br>\n  平在北京会见外宾。<br>"
      "会议指出，要抓好落实。</p><p>第二段<br><br>标题<br/>2026年11月</p></div></body></html>";
  Result<Document> doc = ReadDocument("a.html", page);
  ASSERT_TRUE(doc.ok());
  // Two <br> make an empty line: a paragraph break, as is a <br> before a digit.
  const std::vector<std::string> want = {"国家主席习近平在北京会见外宾。", "会议指出，要抓好落实。",
                                         "第二段", "标题", "2026年11月"};
  EXPECT_EQ(Texts(*doc), want);
  EXPECT_EQ(OriginalOf(*doc, doc->blocks[0], "习近平"), "习近<br>\n  平");
  EXPECT_EQ(OriginalOf(*doc, doc->blocks[0], "平在北京"), "平在北京");
}

TEST(SpacedHeadlines, SpacesBetweenSingleHanCharactersAreFoldedWithExactMaps) {
  const std::string text =
      "习 近 平 在 北 京 会 见 外 宾\n"
      "李　强　主持会议\n"          // U+3000 between single characters
      "王  伟 同志、张 三丰同志\n"  // two spaces, and a single spaced pair: left alone
      "A 股 市 场 2026 年";
  Result<Document> doc = ReadDocument("标题.txt", text);
  ASSERT_TRUE(doc.ok());
  const std::vector<std::string> want = {"习近平在北京会见外宾", "李强主持会议",
                                         "王  伟 同志、张 三丰同志", "A 股市场 2026 年"};
  EXPECT_EQ(Texts(*doc), want);
  EXPECT_EQ(OriginalOf(*doc, doc->blocks[0], "习近平"), "习 近 平");
  EXPECT_EQ(OriginalOf(*doc, doc->blocks[0], "会见外宾"), "会 见 外 宾");
  EXPECT_EQ(OriginalOf(*doc, doc->blocks[1], "李强主持"), "李　强　主持");
  LineIndex lines(doc->original);
  EXPECT_EQ(lines.At(doc->blocks[0].map.ToOriginal(doc->blocks[0].text.find("北京"))).column, 9u);
}

TEST(SpacedHeadlines, HtmlHeadlineWithNbspIsFolded) {
  const std::string page =
      "<html><body><h1>习&nbsp;近&nbsp;平&nbsp;会&nbsp;见</h1>"
      "<p><span>国</span> <span>务</span> <span>院</span>办公厅</p></body></html>";
  Result<Document> doc = ReadDocument("a.html", page);
  ASSERT_TRUE(doc.ok());
  const std::vector<std::string> want = {"习近平会见", "国务院办公厅"};
  EXPECT_EQ(Texts(*doc), want);
  EXPECT_EQ(OriginalOf(*doc, doc->blocks[0], "近平"), "近&nbsp;平");
  EXPECT_EQ(OriginalOf(*doc, doc->blocks[1], "务院"), "务</span> <span>院");
}

// What the user sees: the leaders' rules find a slipped name across a line break or in a
// spaced headline, and the finding points at the characters on the page.
class FormsFindingsTest : public ShippedRulesTest {
 protected:
  static void SetUpTestSuite() { LoadShipped({"expression"}); }
  static std::vector<Finding> Leaders(const std::string& name, const std::string& bytes) {
    auto doc = ReadDocument(name, bytes);
    EXPECT_TRUE(doc.ok());
    std::vector<Finding> out;
    if (!doc.ok() || rules_ == nullptr) return out;
    for (Finding& f : rules_->Check(*doc))
      if (f.rule.rfind("expression-leader", 0) == 0 || f.rule == "expression-person-title")
        out.push_back(std::move(f));
    return out;
  }
  static void ExpectSlipAt(const std::string& name, const std::string& bytes,
                           const std::string& shown, const std::string& suggestion) {
    SCOPED_TRACE(name + ": " + bytes);
    auto f = Leaders(name, bytes);
    ASSERT_EQ(f.size(), 1u);
    EXPECT_EQ(f[0].severity, Severity::kCritical);
    EXPECT_EQ(bytes.substr(f[0].offset, f[0].length), shown);
    EXPECT_NE(f[0].suggestion.find(suggestion), std::string::npos) << f[0].suggestion;
  }
};

TEST_F(FormsFindingsTest, SlippedNameFoundInEveryForm) {
  // The rule reports the title with the name.
  ExpectSlipAt("a.txt", "国家主席习近乎在釜山同美国总统举行会晤。\n", "国家主席习近乎", "习近平");
  ExpectSlipAt("b.txt", "会晤\n国家主席习近\n乎在釜山同美国总统举行会晤。\n", "国家主席习近\n乎",
               "习近平");
  ExpectSlipAt("c.txt", "国 家 主 席 习 近 乎 在 釜 山 会 晤\n", "国 家 主 席 习 近 乎", "习近平");
  ExpectSlipAt("d.html", "<p>国家主席习<span>近</span><br>乎在釜山同美国总统举行会晤。</p>",
               "国家主席习<span>近</span><br>乎", "习近平");
}

TEST_F(FormsFindingsTest, CorrectNameAcrossABreakStaysQuiet) {
  EXPECT_TRUE(Leaders("a.txt", "会晤\n国家主席习近\n平在釜山同美国总统举行会晤。\n").empty());
  EXPECT_TRUE(Leaders("b.txt", "国 家 主 席 习 近 平 在 釜 山 会 晤\n").empty());
}

}  // namespace
}  // namespace cuomin::scanner
