// Internal to the disclosure_report rule: the arithmetic an inspector does on an annual
// disclosure report — the sums of 表三 and 表四, the counts of 表二 (against last year's report
// when given), the numbers stated in the prose, and the report's year against its dates.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "scanner/document.h"
#include "scanner/rules/disclosure/disclosure_model.h"

namespace cuomin::scanner::rules::disclosure {

struct Problem {
  Span span;
  std::string message;  // Chinese, naming the cells and their numbers
};

// What is needed of last year's report (--previous).
struct PreviousReport {
  std::string source;
  int year = 0;  // 0 when its title has no year
  // 现行有效件数 of 规章 and 行政规范性文件; nullopt when the cell was missing or not a count.
  std::array<std::optional<int64_t>, 2> in_force;
  // 表三 第四项 结转下年度继续办理 by column; nullopt where missing.
  std::array<std::optional<int64_t>, kApplicantColumns> carry_over;
};
PreviousReport SummarizePrevious(const std::string& source, const Report& report);

// `relations`: set to the number of sums and prose statements that could be compared (for
// the finding that says what was checked).
std::vector<Problem> CheckReport(const Document& doc, const Report& report,
                                 const PreviousReport* previous, int* relations = nullptr);

}  // namespace cuomin::scanner::rules::disclosure
