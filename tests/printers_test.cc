// The printers as users and tools see them: the exact text line, JSON Lines that parse back,
// a SARIF log with the structure code-scanning tools read, CSV that Excel/WPS open correctly.
#include "scanner/printers.h"
#include "scanner/finding_json.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace cuomin::scanner {
namespace {

using nlohmann::json;

Finding TypoFinding() {
  Finding f;
  f.source = "通知.txt";
  f.rule = "typo-words";
  f.category = Category::kTypo;
  f.severity = Severity::kMajor;
  f.message = "“一愁莫展”应为“一筹莫展”";
  f.text = "一愁莫展";
  f.suggestion = "一筹莫展";
  f.offset = 45;
  f.length = 12;
  f.line = 3;
  f.column = 12;
  f.end_line = 3;
  f.end_column = 15;
  f.context = "面对群众反映的问题，不能一愁莫展，要主动作为。";
  f.rule_file = "dictionaries/typo/typo-words.yml";
  return f;
}

Finding PrivacyFinding() {
  Finding f;
  f.source = "通知.txt";
  f.rule = "privacy-mobile";
  f.category = Category::kPrivacy;
  f.severity = Severity::kCritical;
  f.message = "疑似公开了个人手机号码";
  f.text = "13812345678";
  f.offset = 120;
  f.length = 11;
  f.line = 7;
  f.column = 6;
  f.end_line = 7;
  f.end_column = 16;
  f.context = "联系人：张三，13812345678。";
  f.rule_file = "dictionaries/privacy/mobile.yml";
  return f;
}

std::string Print(std::string_view format, const std::vector<Finding>& findings,
                  PrinterOptions options = {}) {
  std::ostringstream out;
  std::unique_ptr<FindingSink> p = MakePrinter(format, out, options);
  EXPECT_NE(p, nullptr) << format;
  if (!p) return "";
  p->OnDocument("通知.txt", findings);
  p->Finish();
  return out.str();
}

std::vector<std::string> Lines(const std::string& s, std::string_view eol = "\n") {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find(eol, start);
    if (end == std::string::npos) end = s.size();
    lines.push_back(s.substr(start, end - start));
    start = end + eol.size();
  }
  return lines;
}

TEST(PrintersTest, KnownFormats) {
  for (std::string_view f : {"text", "json", "sarif", "csv"}) EXPECT_TRUE(IsKnownFormat(f)) << f;
  EXPECT_FALSE(IsKnownFormat("xml"));
  EXPECT_FALSE(IsKnownFormat("JSON"));
  std::ostringstream out;
  EXPECT_EQ(MakePrinter("xml", out), nullptr);
}

TEST(TextPrinterTest, OneLinePerFindingInCompilerStyle) {
  std::string out = Print("text", {TypoFinding(), PrivacyFinding()});
  std::vector<std::string> lines = Lines(out);
  ASSERT_EQ(lines.size(), 2u) << out;
  EXPECT_EQ(
      lines[0],
      "通知.txt:3:12: major [typo/typo-words] “一愁莫展”应为“一筹莫展” → 一筹莫展 「一愁莫展」");
  // No suggestion: no arrow.
  EXPECT_EQ(
      lines[1],
      "通知.txt:7:6: critical [privacy/privacy-mobile] 疑似公开了个人手机号码 「13812345678」");
}

TEST(TextPrinterTest, NoColourUnlessAsked) {
  EXPECT_EQ(Print("text", {TypoFinding()}).find('\033'), std::string::npos);
  PrinterOptions opt;
  opt.color = true;
  std::string coloured = Print("text", {PrivacyFinding()}, opt);
  EXPECT_NE(coloured.find("\033[1;31mcritical\033[0m"), std::string::npos) << coloured;
}

TEST(TextPrinterTest, ControlCharactersAndLineBreaksCannotBreakTheLine) {
  Finding f = TypoFinding();
  f.text = "一愁\n莫展\033[2J";
  f.message = "含\xE2\x80\xAE反向字符";  // U+202E right-to-left override
  std::string out = Print("text", {f});
  EXPECT_EQ(Lines(out).size(), 1u) << out;
  EXPECT_NE(out.find("「一愁\\n莫展\\x1b[2J」"), std::string::npos) << out;
  EXPECT_NE(out.find("含<U+202E>反向字符"), std::string::npos) << out;
}

TEST(TextPrinterTest, NoFindingsPrintsNothing) { EXPECT_EQ(Print("text", {}), ""); }

TEST(JsonPrinterTest, OneObjectPerLineWithAllKeys) {
  std::string out = Print("json", {TypoFinding(), PrivacyFinding()});
  std::vector<std::string> lines = Lines(out);
  ASSERT_EQ(lines.size(), 2u) << out;
  json j = json::parse(lines[0]);
  for (const char* key :
       {"source", "line", "column", "end_line", "end_column", "offset", "length", "rule",
        "category", "severity", "message", "text", "suggestion", "context", "rule_file"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["source"], "通知.txt");
  EXPECT_EQ(j["line"], 3);
  EXPECT_EQ(j["column"], 12);
  EXPECT_EQ(j["end_column"], 15);
  EXPECT_EQ(j["offset"], 45);
  EXPECT_EQ(j["rule"], "typo-words");
  EXPECT_EQ(j["category"], "typo");
  EXPECT_EQ(j["severity"], "major");
  EXPECT_EQ(j["text"], "一愁莫展");
  EXPECT_EQ(j["suggestion"], "一筹莫展");
  EXPECT_EQ(j["context"], "面对群众反映的问题，不能一愁莫展，要主动作为。");
  json k = json::parse(lines[1]);
  EXPECT_EQ(k["severity"], "critical");
  EXPECT_EQ(k["suggestion"], "");
}

// The printer writes what the shared finding writer writes (the API uses it too): the same
// fields, in this order, byte for byte.
TEST(JsonPrinterTest, WritesTheSharedFindingJsonOneALine) {
  Finding f = TypoFinding();
  std::string expected =
      "{\"source\":\"通知.txt\",\"line\":3,\"column\":12,\"end_line\":3,\"end_column\":15,"
      "\"offset\":45,\"length\":12,\"rule\":\"typo-words\",\"category\":\"typo\","
      "\"severity\":\"major\",\"message\":\"“一愁莫展”应为“一筹莫展”\",\"text\":\"一愁莫展\","
      "\"suggestion\":\"一筹莫展\",\"context\":\"面对群众反映的问题，不能一愁莫展，要主动作为。\","
      "\"rule_file\":\"dictionaries/typo/typo-words.yml\",\"status\":\"still\"}";
  std::ostringstream out;
  ScanStatus still[] = {ScanStatus::kStill};
  MakePrinter("json", out)->OnDocumentWithStatus("", {f}, still);
  EXPECT_EQ(out.str(), expected + "\n");
  JsonOut o;
  WriteFindingJson(o, f, {"", ScanStatus::kStill});
  EXPECT_EQ(o.str(), expected);
}

TEST(JsonPrinterTest, EscapesQuotesAndReplacesInvalidUtf8) {
  Finding f = TypoFinding();
  f.text = "\"引号\"\\\n";
  f.context = "GBK 字节\xB9\xFA未解码";  // 国 in GBK: not UTF-8
  std::string out = Print("json", {f});
  ASSERT_EQ(Lines(out).size(), 1u) << out;
  json j = json::parse(out);  // throws (fails the test) on invalid JSON or UTF-8
  EXPECT_EQ(j["text"], "\"引号\"\\\n");
  EXPECT_EQ(j["context"], "GBK 字节\xEF\xBF\xBD\xEF\xBF\xBD未解码");
}

TEST(SarifPrinterTest, HasTheStructureCodeScanningToolsRead) {
  Finding minor = TypoFinding();
  minor.rule = "half-width-comma";
  minor.category = Category::kPunctuation;
  minor.severity = Severity::kMinor;
  Finding info = TypoFinding();
  info.rule = "long-sentence";
  info.severity = Severity::kInfo;
  info.suggestion.clear();
  PrinterOptions opt;
  opt.tool_version = "0.1.0";
  opt.rules = {{"typo-words", "常见错别字", Category::kTypo, Severity::kMajor}};
  std::string out = Print("sarif", {TypoFinding(), PrivacyFinding(), minor, info}, opt);
  json log = json::parse(out);
  EXPECT_EQ(log["version"], "2.1.0");
  ASSERT_EQ(log["runs"].size(), 1u);
  const json& run = log["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "cuomin");
  EXPECT_EQ(run["tool"]["driver"]["version"], "0.1.0");
  const json& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 4u) << rules.dump();
  EXPECT_EQ(rules[0]["id"], "typo-words");
  EXPECT_EQ(rules[0]["shortDescription"]["text"], "常见错别字");
  EXPECT_EQ(rules[0]["defaultConfiguration"]["level"], "error");
  const json& results = run["results"];
  ASSERT_EQ(results.size(), 4u);
  for (const json& r : results) {
    // ruleIndex points at the rule with the same id.
    EXPECT_EQ(rules[r["ruleIndex"].get<size_t>()]["id"], r["ruleId"]);
  }

  const json& typo = results[0];
  EXPECT_EQ(typo["ruleId"], "typo-words");
  EXPECT_EQ(typo["level"], "error");
  EXPECT_EQ(typo["message"]["text"], "“一愁莫展”应为“一筹莫展”");
  const json& loc = typo["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "%E9%80%9A%E7%9F%A5.txt");
  EXPECT_EQ(loc["region"]["startLine"], 3);
  EXPECT_EQ(loc["region"]["startColumn"], 12);
  EXPECT_EQ(loc["region"]["endLine"], 3);
  EXPECT_EQ(loc["region"]["endColumn"], 16);  // exclusive
  EXPECT_EQ(loc["region"]["snippet"]["text"], "一愁莫展");
  EXPECT_EQ(typo["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"]["text"],
            "一筹莫展");
  EXPECT_EQ(typo["properties"]["category"], "typo");
  EXPECT_EQ(typo["properties"]["severity"], "major");

  EXPECT_EQ(results[1]["level"], "error");  // critical
  EXPECT_FALSE(results[1].contains("fixes"));
  EXPECT_EQ(results[2]["level"], "warning");
  EXPECT_EQ(results[3]["level"], "note");
}

TEST(SarifPrinterTest, EmptyRunIsStillAValidLog) {
  json log = json::parse(Print("sarif", {}));
  EXPECT_TRUE(log["runs"][0]["results"].empty());
  EXPECT_TRUE(log["runs"][0]["tool"]["driver"]["rules"].empty());
}

TEST(SarifPrinterTest, ResultsOfSeveralDocumentsInOneRun) {
  std::ostringstream out;
  auto p = MakePrinter("sarif", out);
  Finding a = TypoFinding();
  Finding b = PrivacyFinding();
  b.source = "/srv/网站/首页.html";
  p->OnDocument(a.source, {a});
  p->OnDocument("空白.txt", {});
  p->OnDocument(b.source, {b});
  p->Finish();
  json log = json::parse(out.str());
  const json& results = log["runs"][0]["results"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "file:///srv/%E7%BD%91%E7%AB%99/%E9%A6%96%E9%A1%B5.html");
}

TEST(CsvPrinterTest, BomChineseHeaderAndRfc4180Quoting) {
  Finding f = TypoFinding();
  f.context = "他说：\"一愁莫展\",然后\n换行";
  std::string out = Print("csv", {f, PrivacyFinding()});
  ASSERT_EQ(out.substr(0, 3), "\xEF\xBB\xBF");
  std::vector<std::string> rows = Lines(out.substr(3), "\r\n");
  ASSERT_EQ(rows.size(), 3u) << out;
  EXPECT_EQ(rows[0],
            "文件,行,列,结束行,结束列,严重程度,类别,规则,说明,原文,建议,上下文,规则文件,页,工作表,"
            "单元格,图中位置,OCR");
  EXPECT_EQ(rows[1],
            "通知.txt,3,12,3,15,重要,错别字,typo-words,“一愁莫展”应为“一筹莫展”,一愁莫展,一筹莫展,"
            "\"他说：\"\"一愁莫展\"\",然后\n换行\",dictionaries/typo/typo-words.yml,,,,,");
  EXPECT_EQ(rows[2],
            "通知.txt,7,6,7,16,严重,个人信息,privacy-mobile,疑似公开了个人手机号码,13812345678,,"
            "联系人：张三，13812345678。,dictionaries/privacy/mobile.yml,,,,,");
}

TEST(CsvPrinterTest, FormulaLikeTextIsDefused) {
  Finding f = TypoFinding();
  f.text = "=HYPERLINK(\"http://x\")";
  std::string out = Print("csv", {f});
  EXPECT_NE(out.find(",\"'=HYPERLINK(\"\"http://x\"\")\","), std::string::npos) << out;
}

TEST(CsvPrinterTest, EmptyResultStillHasBomAndHeader) {
  std::string out = Print("csv", {});
  EXPECT_EQ(
      out,
      "\xEF\xBB\xBF文件,行,列,结束行,结束列,严重程度,类别,规则,说明,原文,建议,上下文,规则文件,页,"
      "工作表,单元格,图中位置,OCR\r\n");
}

// Re-crawls with --db mark each finding against the last scan; every format shows it, and
// only when it is set (cuomin check has no history).
std::vector<Finding> WithStatuses() {
  Finding c = TypoFinding();
  c.line = 9;
  return {TypoFinding(), PrivacyFinding(), c};
}
constexpr ScanStatus kStatuses[] = {ScanStatus::kNew, ScanStatus::kStill, ScanStatus::kFixed};

// The status travels beside the findings, not in them.
std::string PrintWithStatus(std::string_view format, PrinterOptions options = {},
                            std::vector<Finding> untracked = {}) {
  std::ostringstream out;
  std::unique_ptr<Printer> p = MakePrinter(format, out, options);
  p->OnDocumentWithStatus("通知.txt", WithStatuses(), kStatuses);
  if (!untracked.empty()) p->OnDocument("通知.txt", untracked);
  p->Finish();
  return out.str();
}

TEST(ScanStatusTest, TextShowsAChineseTagBeforeTheMessage) {
  std::vector<std::string> lines = Lines(PrintWithStatus("text"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0],
            "通知.txt:3:12: major [typo/typo-words] 【新发现】“一愁莫展”应为“一筹莫展” → 一筹莫展 "
            "「一愁莫展」");
  EXPECT_NE(lines[1].find("] 【仍存在】疑似公开了个人手机号码"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find("] 【已修复】“一愁莫展”"), std::string::npos) << lines[2];
  EXPECT_EQ(Print("text", {TypoFinding()}).find("【"), std::string::npos);
}

TEST(ScanStatusTest, JsonHasAStatusKeyOnlyWhenSet) {
  std::vector<std::string> lines = Lines(PrintWithStatus("json"));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(json::parse(lines[0])["status"], "new");
  EXPECT_EQ(json::parse(lines[1])["status"], "still");
  EXPECT_EQ(json::parse(lines[2])["status"], "fixed");
  EXPECT_EQ(json::parse(lines[0])["message"], "“一愁莫展”应为“一筹莫展”") << "not a prefix";
  EXPECT_FALSE(json::parse(Print("json", {TypoFinding()})).contains("status"));
}

TEST(ScanStatusTest, SarifUsesBaselineState) {
  json log = json::parse(PrintWithStatus("sarif"));
  const json& results = log["runs"][0]["results"];
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0]["baselineState"], "new");
  EXPECT_EQ(results[1]["baselineState"], "unchanged");
  EXPECT_EQ(results[2]["baselineState"], "absent");
  json plain = json::parse(Print("sarif", {TypoFinding()}));
  EXPECT_FALSE(plain["runs"][0]["results"][0].contains("baselineState"));
}

TEST(ScanStatusTest, CsvHasAStatusColumnWhenTheRunTracksIt) {
  PrinterOptions opt;
  opt.scan_status_column = true;
  // A page whose store write failed has no status: an empty cell.
  std::vector<std::string> rows =
      Lines(PrintWithStatus("csv", opt, {PrivacyFinding()}).substr(3), "\r\n");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0],
            "文件,行,列,结束行,结束列,严重程度,类别,规则,说明,原文,建议,上下文,规则文件,页,工作表,"
            "单元格,图中位置,OCR,状态");
  EXPECT_EQ(rows[1].substr(rows[1].size() - 10), ",新发现");
  EXPECT_EQ(rows[2].substr(rows[2].size() - 10), ",仍存在");
  EXPECT_EQ(rows[3].substr(rows[3].size() - 10), ",已修复");
  EXPECT_EQ(rows[4].substr(rows[4].size() - 16), "mobile.yml,,,,,,") << "empty cell, same columns";
  EXPECT_EQ(Print("csv", {}, opt),
            "\xEF\xBB\xBF文件,行,列,结束行,结束列,严重程度,类别,规则,说明,原文,建议,上下文,"
            "规则文件,页,工作表,单元格,图中位置,OCR,状态\r\n");
}

// Findings in attachments: a PDF page, a spreadsheet cell, a box in an OCR'd image. Every
// machine format carries the positions that are set, and only those.
Finding CellFinding() {
  Finding f = PrivacyFinding();
  f.source = "名单.xlsx";
  f.sheet = "名单";
  f.cell = "C17";
  f.line = 17;
  f.column = 1;
  return f;
}

Finding OcrFinding() {
  Finding f = TypoFinding();
  f.source = "扫描件.pdf";
  f.severity = Severity::kMinor;
  f.page = 3;
  f.line = 2;
  f.end_line = 2;
  f.box = Box{120, 340, 96, 28};
  f.ocr = true;
  return f;
}

TEST(PositionsTest, JsonHasPageSheetCellBoxAndOcrWhereSet) {
  std::vector<std::string> lines = Lines(Print("json", {CellFinding(), OcrFinding()}));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[0].find(R"("rule_file":"dictionaries/privacy/mobile.yml","sheet":"名单",)"
                          R"("cell":"C17"})"),
            std::string::npos)
      << lines[0];
  EXPECT_NE(lines[1].find(R"("rule_file":"dictionaries/typo/typo-words.yml","page":3,)"
                          R"("box":{"x":120,"y":340,"width":96,"height":28},"ocr":true})"),
            std::string::npos)
      << lines[1];
  json plain = json::parse(Print("json", {TypoFinding()}));
  for (const char* key : {"page", "sheet", "cell", "box", "ocr"}) {
    EXPECT_FALSE(plain.contains(key)) << key;
  }
}

TEST(PositionsTest, CsvHasOneColumnEachAndTheSameColumnsOnEveryRow) {
  std::vector<std::string> rows =
      Lines(Print("csv", {CellFinding(), OcrFinding()}).substr(3), "\r\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_TRUE(rows[1].ends_with(",dictionaries/privacy/mobile.yml,,名单,C17,,")) << rows[1];
  EXPECT_TRUE(rows[2].ends_with(",dictionaries/typo/typo-words.yml,3,,,x=120 y=340 宽=96 高=28,是"))
      << rows[2];
}

TEST(PositionsTest, SarifCarriesThemAsResultProperties) {
  json log = json::parse(Print("sarif", {CellFinding(), OcrFinding()}));
  const json& results = log["runs"][0]["results"];
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(results[0]["properties"]["sheet"], "名单");
  EXPECT_EQ(results[0]["properties"]["cell"], "C17");
  EXPECT_FALSE(results[0]["properties"].contains("page"));
  EXPECT_FALSE(results[0]["properties"].contains("ocr"));
  EXPECT_EQ(results[1]["properties"]["page"], 3);
  EXPECT_EQ(results[1]["properties"]["box"],
            json({{"x", 120}, {"y", 340}, {"width", 96}, {"height", 28}}));
  EXPECT_EQ(results[1]["properties"]["ocr"], true);
  EXPECT_FALSE(results[1]["properties"].contains("sheet"));
}

}  // namespace
}  // namespace cuomin::scanner
