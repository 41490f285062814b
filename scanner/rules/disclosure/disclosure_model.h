// Internal to the disclosure_report rule: an annual government information disclosure report
// (政府信息公开工作年度报告) in the format of 国办公开办函〔2021〕30号, read into its tables.
//
//   表二 主动公开政府信息情况: 规章 / 行政规范性文件 (本年制发件数, 本年废止件数, 现行有效件数);
//        行政许可, 行政处罚, 行政强制 (本年处理决定数量); 行政事业性收费 (本年收费金额, 万元).
//   表三 收到和处理政府信息公开申请情况: rows 一 二 三(一)…(七) 四 (with the sub-items of
//        (三) 1–8, (四) 1–3, (五) 1–5, (六) 1–3) by seven columns 自然人, 商业企业, 科研机构,
//        社会公益组织, 法律服务机构, 其他, 总计.
//   表四 政府信息公开行政复议、行政诉讼情况: 行政复议, 未经复议直接起诉, 复议后起诉, each
//        结果维持, 结果纠正, 其他结果, 尚未审结, 总计.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "scanner/document.h"
#include "scanner/rules/disclosure/disclosure_cells.h"

namespace cuomin::scanner::rules::disclosure {

struct Number {
  Value value;
  Cell cell;  // cell.span may be invalid for an empty HTML cell
};

// ---- 表三 ----
inline constexpr int kApplicantColumns = 7;
inline constexpr int kTotalColumn = 6;
inline constexpr std::array<const char*, kApplicantColumns> kApplicantColumnNames = {
    "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"};

// Rows of 表三 in template order. The (三)…(六) outcomes are their sub-items.
enum Table3Row : int {
  kNew = 0,                     // 一、本年新收政府信息公开申请数量
  kCarried,                     // 二、上年结转政府信息公开申请数量
  kPublic,                      // （一）予以公开
  kPartial,                     // （二）部分公开
  kDenied1,                     // （三）不予公开 1…8
  kUnable1 = kDenied1 + 8,      // （四）无法提供 1…3
  kNotHandled1 = kUnable1 + 3,  // （五）不予处理 1…5
  kOther1 = kNotHandled1 + 5,   // （六）其他处理 1…3
  kOutcomeTotal = kOther1 + 3,  // （七）总计
  kCarryOver,                   // 四、结转下年度继续办理
  kTable3Rows,
};

// The outcome groups (一)…(六) as ranges of rows, for sums and messages.
struct OutcomeGroup {
  const char* name;  // "（三）不予公开"
  int first;
  int count;
};
inline constexpr std::array<OutcomeGroup, 6> kOutcomeGroups = {{
    {"（一）予以公开", kPublic, 1},
    {"（二）部分公开", kPartial, 1},
    {"（三）不予公开", kDenied1, 8},
    {"（四）无法提供", kUnable1, 3},
    {"（五）不予处理", kNotHandled1, 5},
    {"（六）其他处理", kOther1, 3},
}};

// Short Chinese name of a row for messages: "第一项", "（三）不予公开第2项".
std::string Table3RowName(int row);

struct Table3Line {
  Cell label;  // the most specific label cell ("1.属于国家秘密")
  std::array<Number, kApplicantColumns> values;
};

// ---- 表二 ----
enum Table2Item : int {
  kRegulations = 0,     // 规章
  kNormativeDocuments,  // 行政规范性文件
  kLicensing,           // 行政许可
  kPenalties,           // 行政处罚
  kCompulsoryMeasures,  // 行政强制
  kFees,                // 行政事业性收费 (万元, may be a decimal)
  kTable2Items,
};
inline constexpr std::array<const char*, kTable2Items> kTable2ItemNames = {
    "规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"};
// Columns of 规章 and 行政规范性文件.
inline constexpr std::array<const char*, 3> kDocumentColumnNames = {"本年制发件数", "本年废止件数",
                                                                    "现行有效件数"};

struct Table2Line {
  Cell label;
  std::vector<Number> values;  // 3 for documents, 1 for the others
};

// ---- 表四 ----
inline constexpr std::array<const char*, 3> kReviewGroupNames = {
    "行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"};
inline constexpr std::array<const char*, 5> kReviewColumnNames = {"结果维持", "结果纠正",
                                                                  "其他结果", "尚未审结", "总计"};

// A date or year written in the text.
struct DateMention {
  int year = 0;
  int month = 0;
  int day = 0;
  Span span;
  std::string text;
};

struct Report {
  std::optional<DateMention> title_year;  // the year in the report's title
  // 统计期限: start and end (end.year 0 when written "至12月31日").
  std::optional<DateMention> period_start;
  std::optional<DateMention> period_end;
  Span period_span;
  std::optional<DateMention> published;  // 落款 date after section 六, or 发布日期 of the page
  // Where the body shows that the document is such a report, title or not: its 统计期限
  // sentence, the 勾稽 note of 表三, or the tables' headings (invalid when none does).
  Span body_sign;
  // Whether the headings of 表二, 表三, 表四 begin a line of the document: a table whose
  // heading is there but which was not read is said to be unread, not passed over.
  std::array<bool, 3> table_headings{};

  std::array<std::optional<Table2Line>, kTable2Items> table2;
  std::array<std::optional<Table3Line>, kTable3Rows> table3;
  std::optional<std::array<Number, 15>> table4;

  bool has_table3() const;
};

// Cheap test run on every document: does one of its first blocks name such a report?
bool MentionsReport(const Document& doc);

// Where the body of a report shows itself when its title is lost (a PDF whose first page is a
// picture, a copy that starts at the tables): the 统计期限 sentence of the report, the 勾稽
// note over 表三's first column, or two of the tables' headings, in a document that speaks of
// 政府信息公开. Invalid when there is none.
Span BodySign(const Document& doc);

// Reads the report; nullopt when the document is not one (neither MentionsReport nor a
// BodySign).
std::optional<Report> ReadReport(const Document& doc);

}  // namespace cuomin::scanner::rules::disclosure
