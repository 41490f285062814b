// The one CSV writer of every export: what Excel and WPS need to open it in Chinese and to
// never run a cell as a formula.
#include "common/csv.h"

#include <gtest/gtest.h>

namespace cuomin {
namespace {

TEST(CsvWriterTest, BomHeaderAndQuotedCellsWithCrlf) {
  CsvWriter w({"编号", "原文", "说明"});
  w.Row({"1", "贯切", "疑似错别字：“贯切”应为“贯彻”"});
  EXPECT_EQ(w.rows(), 1);
  EXPECT_EQ(w.Take(),
            "\xEF\xBB\xBF编号,原文,说明\r\n"
            "\"1\",\"贯切\",\"疑似错别字：“贯切”应为“贯彻”\"\r\n");
}

TEST(CsvWriterTest, CommasQuotesAndLineBreaksStayInsideTheCell) {
  CsvWriter w({"a", "b"});
  w.Row({"一,二", "他说\"好\"\n第二行"});
  EXPECT_EQ(w.Take(),
            "\xEF\xBB\xBF"
            "a,b\r\n\"一,二\",\"他说\"\"好\"\"\n第二行\"\r\n");
}

TEST(CsvWriterTest, AFormulaIsWrittenAsText) {
  CsvWriter w({"x"});
  for (const char* v : {"=HYPERLINK(\"http://evil\")", "+1", "-2+3", "@SUM(A1)", "\tx", "=", ""}) {
    w.Row({v});
  }
  EXPECT_EQ(w.Take(),
            "\xEF\xBB\xBFx\r\n"
            "\"'=HYPERLINK(\"\"http://evil\"\")\"\r\n\"'+1\"\r\n\"'-2+3\"\r\n\"'@SUM(A1)\"\r\n"
            "\"'\tx\"\r\n\"'=\"\r\n\"\"\r\n");
}

TEST(CsvWriterTest, AnEmptyTableIsItsHeader) {
  CsvWriter w({"编号", "标题"});
  EXPECT_EQ(w.rows(), 0);
  EXPECT_EQ(w.Take(), "\xEF\xBB\xBF编号,标题\r\n");
}

}  // namespace
}  // namespace cuomin
