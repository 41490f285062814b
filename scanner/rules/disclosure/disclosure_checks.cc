#include "scanner/rules/disclosure/disclosure_checks.h"

#include <re2/re2.h>

#include <functional>
#include <memory>
#include <string_view>
#include <utility>

namespace cuomin::scanner::rules::disclosure {
namespace {

using Count = std::optional<int64_t>;

std::string N(int64_t v) { return std::to_string(v); }

Count CellCount(const std::optional<Table3Line>& line, int column) {
  if (!line) return std::nullopt;
  return line->values[column].value.Count();
}

// Sum over the rows of an outcome group in one column; nullopt when a row is missing.
Count GroupSum(const Report& r, const OutcomeGroup& g, int column) {
  int64_t sum = 0;
  for (int row = g.first; row < g.first + g.count; ++row) {
    Count c = CellCount(r.table3[row], column);
    if (!c) return std::nullopt;
    sum += *c;
  }
  return sum;
}

bool IsCount(const Value& v) {
  return v.kind == Value::Kind::kBlank || v.kind == Value::Kind::kNotApplicable ||
         v.kind == Value::Kind::kInteger;
}

void CheckTable3(const Report& r, std::vector<Problem>& out, int& relations) {
  const auto& t = r.table3;
  for (int row = 0; row < kTable3Rows; ++row) {
    if (!t[row]) continue;
    for (int c = 0; c < kApplicantColumns; ++c) {
      const Number& n = t[row]->values[c];
      if (!IsCount(n.value)) {
        out.push_back({n.cell.span, "表三“" + Table3RowName(row) + "”行“" +
                                        kApplicantColumnNames[c] + "”列应为非负整数，实为“" +
                                        n.cell.text + "”"});
      }
    }
  }
  for (int c = 0; c < kApplicantColumns; ++c) {
    std::string column = std::string("表三“") + kApplicantColumnNames[c] + "”列：";
    // 本列数据的勾稽关系：第一项加第二项之和，等于第三项加第四项之和。
    Count a = CellCount(t[kNew], c), b = CellCount(t[kCarried], c);
    Count total = CellCount(t[kOutcomeTotal], c), d = CellCount(t[kCarryOver], c);
    if (a && b && total && d) ++relations;
    if (a && b && total && d && *a + *b != *total + *d) {
      out.push_back({t[kCarryOver]->values[c].cell.span,
                     column + "第一项（" + N(*a) + "）+ 第二项（" + N(*b) + "）= " + N(*a + *b) +
                         "，第三项总计（" + N(*total) + "）+ 第四项（" + N(*d) +
                         "）= " + N(*total + *d) + "，不相等"});
    }
    // （七）总计 is the sum of (一)…(六) with every sub-item. A 总计 cell left blank beside
    // counts is reported on its row; the column is not summed over it as a 0.
    bool blank_totals = false;
    for (int row = kPublic; c == kTotalColumn && row < kOutcomeTotal; ++row) {
      if (!t[row] || t[row]->values[kTotalColumn].value.kind != Value::Kind::kBlank) continue;
      for (int k = 0; k < kTotalColumn; ++k)
        blank_totals = blank_totals || CellCount(t[row], k).value_or(0) > 0;
    }
    if (total && !blank_totals) {
      std::string terms;
      int64_t sum = 0;
      bool complete = true;
      for (const OutcomeGroup& g : kOutcomeGroups) {
        Count s = GroupSum(r, g, c);
        if (!s) {
          complete = false;
          break;
        }
        terms += std::string(terms.empty() ? "" : "+ ") + g.name + "（" + N(*s) + "）";
        sum += *s;
      }
      if (complete) ++relations;
      if (complete && sum != *total) {
        out.push_back(
            {t[kOutcomeTotal]->values[c].cell.span,
             column + terms + "= " + N(sum) + "，与（七）总计（" + N(*total) + "）不相等"});
      }
    }
  }
  // Every row: 总计 = 自然人 + the five kinds of 法人或其他组织.
  for (int row = 0; row < kTable3Rows; ++row) {
    if (!t[row]) continue;
    std::string terms;
    int64_t sum = 0;
    bool complete = true;
    for (int c = 0; c < kTotalColumn && complete; ++c) {
      Count v = CellCount(t[row], c);
      if (!v) complete = false;
      if (!complete) break;
      terms +=
          std::string(terms.empty() ? "" : "+ ") + kApplicantColumnNames[c] + "（" + N(*v) + "）";
      sum += *v;
    }
    Count total = CellCount(t[row], kTotalColumn);
    if (complete && total) ++relations;
    if (complete && total && sum != *total) {
      // A blank 总计 beside non-zero counts is a total left out, not a total of 0.
      bool blank = t[row]->values[kTotalColumn].value.kind == Value::Kind::kBlank;
      out.push_back({t[row]->label.span,
                     "表三“" + Table3RowName(row) + "”行：" + terms + "= " + N(sum) +
                         (blank ? "，但总计栏为空" : "，与总计（" + N(*total) + "）不相等")});
    }
  }
}

void CheckTable4(const Report& r, std::vector<Problem>& out, int& relations) {
  if (!r.table4) return;
  const auto& v = *r.table4;
  for (int i = 0; i < 15; ++i) {
    if (!IsCount(v[i].value)) {
      out.push_back({v[i].cell.span, std::string("表四") + kReviewGroupNames[i / 5] + "“" +
                                         kReviewColumnNames[i % 5] + "”应为非负整数，实为“" +
                                         v[i].cell.text + "”"});
    }
  }
  for (int g = 0; g < 3; ++g) {
    std::string terms;
    int64_t sum = 0;
    bool complete = true;
    for (int k = 0; k < 4; ++k) {
      Count c = v[g * 5 + k].value.Count();
      if (!c) {
        complete = false;
        break;
      }
      terms += std::string(terms.empty() ? "" : "+ ") + kReviewColumnNames[k] + "（" + N(*c) + "）";
      sum += *c;
    }
    Count total = v[g * 5 + 4].value.Count();
    if (complete && total) ++relations;
    if (complete && total && sum != *total) {
      out.push_back({v[g * 5 + 4].cell.span, std::string("表四") + kReviewGroupNames[g] + "：" +
                                                 terms + "= " + N(sum) + "，与总计（" + N(*total) +
                                                 "）不相等"});
    }
  }
}

void CheckTable2(const Report& r, const PreviousReport* previous, std::vector<Problem>& out,
                 int& relations) {
  for (int item = 0; item < kTable2Items; ++item) {
    if (!r.table2[item]) continue;
    const Table2Line& line = *r.table2[item];
    for (size_t k = 0; k < line.values.size(); ++k) {
      const Value& v = line.values[k].value;
      bool ok = IsCount(v) || (item == kFees && v.kind == Value::Kind::kDecimal);
      if (ok) continue;
      std::string column = item <= kNormativeDocuments ? kDocumentColumnNames[k]
                           : item == kFees             ? "本年收费金额"
                                                       : "本年处理决定数量";
      out.push_back({line.values[k].cell.span, std::string("表二“") + kTable2ItemNames[item] +
                                                   "”的“" + column + "”应为" +
                                                   (item == kFees ? "非负数" : "非负整数") +
                                                   "，实为“" + line.values[k].cell.text + "”"});
    }
  }
  if (previous == nullptr) return;
  // Last year's report must be the year before; a directory of reports of other years is
  // checked without it.
  if (previous->year != 0 && r.title_year && previous->year != r.title_year->year - 1) return;
  for (int item : {kRegulations, kNormativeDocuments}) {
    if (!r.table2[item] || !previous->in_force[item]) continue;
    const auto& v = r.table2[item]->values;
    Count issued = v[0].value.Count(), repealed = v[1].value.Count(), now = v[2].value.Count();
    if (!issued || !repealed || !now) continue;
    ++relations;
    int64_t expected = *previous->in_force[item] + *issued - *repealed;
    if (*now == expected) continue;
    out.push_back({v[2].cell.span,
                   std::string("表二“") + kTable2ItemNames[item] + "”的现行有效件数（" + N(*now) +
                       "）与上年报告的现行有效件数（" + N(*previous->in_force[item]) +
                       "）+ 本年制发件数（" + N(*issued) + "）− 本年废止件数（" + N(*repealed) +
                       "）= " + N(expected) + " 不相等"});
  }
}

// This year's 上年结转 is last year's 结转下年度继续办理, column by column.
void CheckCarried(const Report& r, const PreviousReport* previous, std::vector<Problem>& out,
                  int& relations) {
  if (previous == nullptr || !r.table3[kCarried]) return;
  if (previous->year != 0 && r.title_year && previous->year != r.title_year->year - 1) return;
  for (int c = 0; c < kApplicantColumns; ++c) {
    Count now = CellCount(r.table3[kCarried], c);
    Count before = previous->carry_over[c];
    if (!now || !before) continue;
    ++relations;
    if (*now == *before) continue;
    out.push_back({r.table3[kCarried]->values[c].cell.span,
                   std::string("表三“") + kApplicantColumnNames[c] + "”列：第二项上年结转（" +
                       N(*now) + "）与上年报告（" + previous->source +
                       "）第四项结转下年度继续办理（" + N(*before) + "）不相等"});
  }
}

void CheckDates(const Report& r, std::vector<Problem>& out) {
  if (r.period_start) {
    const DateMention& s = *r.period_start;
    const DateMention& e = *r.period_end;
    std::string period = s.text + "至" + e.text;
    if (r.title_year && (s.year != r.title_year->year || (e.year != 0 && e.year != s.year))) {
      out.push_back({r.period_span, "统计期限（" + period + "）与报告标题的年份（" +
                                        N(r.title_year->year) + "年）不一致"});
    } else if (!r.title_year && e.year != 0 && e.year != s.year) {
      out.push_back({r.period_span, "统计期限（" + period + "）的起止年份不一致"});
    }
  }
  if (r.published && r.title_year && r.published->year <= r.title_year->year) {
    out.push_back({r.published->span, "发布日期（" + r.published->text + "）不晚于报告年度（" +
                                          N(r.title_year->year) +
                                          "年），年度报告应在次年发布，请核对年份"});
  }
}

// A number stated in the prose and the table cell it must equal.
struct ProseClaim {
  std::unique_ptr<RE2> pattern;  // group 1: the number
  std::string what;              // what the prose states
  std::string cell;              // the table cell it is compared with
  std::function<Count(const Report&)> value;
  std::string_view require;           // the sentence must also contain this ("" for none)
  std::shared_ptr<const RE2> refuse;  // sentences matching it are ambiguous: skipped
};

Count Table3Total(const Report& r, int row) { return CellCount(r.table3[row], kTotalColumn); }

const std::vector<ProseClaim>& Claims() {
  static const auto* claims = [] {
    auto* c = new std::vector<ProseClaim>;
    auto add = [&](const char* re, const char* what, const char* cell,
                   std::function<Count(const Report&)> value, std::string_view require = "",
                   std::string_view refuse = "") {
      c->push_back({std::make_unique<RE2>(re), what, cell, std::move(value), require,
                    refuse.empty() ? nullptr : std::make_shared<const RE2>(refuse)});
    };
    // Statements that include the carried-over applications (共收到…（含上年结转…）) are
    // not the new ones: skipped. 受理 is what most reports say of the same count (本年度共受理
    // 政府信息公开申请…件); only a 受理 of 信息公开/依申请 applications counts, so that 受理投诉
    // or 受理行政许可 are no claim.
    add(R"((?:(?:新收|收到)(?:各类)?(?:政府信息公开|信息公开|依申请公开)?|受理(?:各类)?(?:政府信息公开|信息公开|依申请公开))申请(?:共|合计|共计)?\s*(\d+)\s*件)",
        "本年新收政府信息公开申请", "表三第一项总计",
        [](const Report& r) { return Table3Total(r, kNew); }, "",
        "含[^，。；]{0,8}结转|结转[^，。；]{0,12}在内|加上");
    add(R"(上年结转(?:的)?(?:政府信息公开)?(?:申请)?\s*(\d+)\s*件)", "上年结转申请",
        "表三第二项总计", [](const Report& r) { return Table3Total(r, kCarried); });
    add(R"(结转(?:至)?下(?:一)?年度(?:继续办理)?(?:的)?(?:申请)?\s*(\d+)\s*件)",
        "结转下年度继续办理", "表三第四项总计",
        [](const Report& r) { return Table3Total(r, kCarryOver); });
    static const char* const kGroupRe[] = {R"(予以公开\s*(\d+)\s*件)", R"(部分公开\s*(\d+)\s*件)",
                                           R"(不予公开\s*(\d+)\s*件)", R"(无法提供\s*(\d+)\s*件)",
                                           R"(不予处理\s*(\d+)\s*件)", R"(其他处理\s*(\d+)\s*件)"};
    static const std::string kGroupCells[] = {
        "表三（一）予以公开总计",         "表三（二）部分公开总计",
        "表三（三）不予公开各项总计之和", "表三（四）无法提供各项总计之和",
        "表三（五）不予处理各项总计之和", "表三（六）其他处理各项总计之和"};
    for (int g = 0; g < 6; ++g) {
      std::string what = std::string(kOutcomeGroups[g].name).substr(std::string("（一）").size());
      c->push_back({std::make_unique<RE2>(kGroupRe[g]), what, kGroupCells[g],
                    [g](const Report& r) { return GroupSum(r, kOutcomeGroups[g], kTotalColumn); },
                    "申请", nullptr});
    }
    add(R"(行政复议(?:案件)?\s*(\d+)\s*(?:件|起))", "政府信息公开行政复议", "表四行政复议总计",
        [](const Report& r) -> Count {
          if (!r.table4) return std::nullopt;
          return (*r.table4)[4].value.Count();
        },
        "信息公开");
    add(R"(行政诉讼(?:案件)?\s*(\d+)\s*(?:件|起))", "政府信息公开行政诉讼",
        "表四行政诉讼总计（未经复议直接起诉与复议后起诉之和）",
        [](const Report& r) -> Count {
          if (!r.table4) return std::nullopt;
          Count a = (*r.table4)[9].value.Count(), b = (*r.table4)[14].value.Count();
          if (!a || !b) return std::nullopt;
          return *a + *b;
        },
        "信息公开");
    // Counts of other offices (各部门、各乡镇) are not this report's table.
    static const char* const kDocRe[] = {
        R"((?:制发|印发|出台)(?:了)?(?:行政)?规范性文件\s*(\d+)\s*件)",
        R"(废止(?:了)?(?:行政)?规范性文件\s*(\d+)\s*件)",
        R"(现行有效(?:的)?(?:行政)?规范性文件\s*(\d+)\s*件)"};
    static const char* const kDocWhat[] = {"本年制发行政规范性文件", "本年废止行政规范性文件",
                                           "现行有效行政规范性文件"};
    static const std::string kDocCells[] = {"表二行政规范性文件本年制发件数",
                                            "表二行政规范性文件本年废止件数",
                                            "表二行政规范性文件现行有效件数"};
    for (int k = 0; k < 3; ++k) {
      c->push_back(
          {std::make_unique<RE2>(kDocRe[k]), kDocWhat[k], kDocCells[k],
           [k](const Report& r) -> Count {
             if (!r.table2[kNormativeDocuments]) return std::nullopt;
             return r.table2[kNormativeDocuments]->values[k].value.Count();
           },
           "", std::make_shared<const RE2>("各部门|各乡镇|各镇|各街道|各单位|各地|部门|乡镇")});
    }
    return c;
  }();
  return *claims;
}

bool IsSentenceEnd(std::string_view text, size_t i, size_t& len) {
  for (std::string_view mark : {"。", "；", "！", "？"}) {
    if (text.compare(i, mark.size(), mark) == 0) {
      len = mark.size();
      return true;
    }
  }
  return false;
}

// The clause of a sentence around [begin, end): from the comma before it to the comma after
// it, with the next clause too when that one goes on about the same count (其中/含/包括). A
// qualification such as （含上年结转 5 件） belongs to its own number, not to the sentence:
// 共受理申请 3119 件，答复 3050 件（含上年度结转申请 34 件） states 3119 new applications.
std::string_view ClauseAround(std::string_view sentence, size_t begin, size_t end) {
  constexpr std::string_view kComma = "，";
  size_t from = sentence.rfind(kComma, begin);
  from = from == std::string_view::npos ? 0 : from + kComma.size();
  size_t to = sentence.find(kComma, end);
  if (to != std::string_view::npos) {
    std::string_view next = sentence.substr(to + kComma.size());
    for (std::string_view lead : {"其中", "含", "包括", "包含"}) {
      if (next.substr(0, lead.size()) == lead) {
        to = sentence.find(kComma, to + kComma.size());
        break;
      }
    }
  }
  if (to == std::string_view::npos) to = sentence.size();
  return sentence.substr(from, to - from);
}

// The prose as runs of consecutive non-table blocks joined: a text file or a PDF's text keeps
// each printed line a block, and a sentence (…受理政府 / 信息公开申请17件) runs over lines.
struct ProseRun {
  std::string text;
  std::vector<std::pair<size_t, size_t>> starts;  // (offset in text, block index), ascending
  Span SpanOf(size_t begin, size_t end) const {
    size_t i = starts.size() - 1;
    while (i > 0 && starts[i].first > begin) --i;
    size_t base = starts[i].first;
    return Span{starts[i].second, begin - base, end - base};
  }
};

std::vector<ProseRun> ProseRuns(const Document& doc) {
  std::vector<ProseRun> runs;
  bool open = false;
  for (size_t b = 0; b < doc.blocks.size(); ++b) {
    const Block& block = doc.blocks[b];
    if (block.kind == BlockKind::kTableCell) {
      open = false;
      continue;
    }
    if (!open) runs.emplace_back();
    open = true;
    runs.back().starts.emplace_back(runs.back().text.size(), b);
    runs.back().text += block.text;
  }
  return runs;
}

void CheckProse(const Document& doc, const Report& r, std::vector<Problem>& out, int& relations) {
  for (const ProseRun& run : ProseRuns(doc)) {
    const std::string& text = run.text;
    if (text.find("件") == std::string::npos) continue;
    size_t start = 0;
    while (start < text.size()) {
      size_t end = start, len = 0;
      while (end < text.size() && !IsSentenceEnd(text, end, len)) ++end;
      std::string_view sentence(text.data() + start, end - start);
      for (const ProseClaim& claim : Claims()) {
        if (!claim.require.empty() && sentence.find(claim.require) == std::string_view::npos)
          continue;
        re2::StringPiece input(sentence.data(), sentence.size());
        re2::StringPiece number;
        while (RE2::FindAndConsume(&input, *claim.pattern, &number)) {
          Count table = claim.value(r);
          if (!table) break;
          if (claim.refuse) {
            size_t at = static_cast<size_t>(number.data() - sentence.data());
            std::string_view clause = ClauseAround(sentence, at, at + number.size());
            if (RE2::PartialMatch(clause, *claim.refuse)) continue;
          }
          int64_t stated = std::stoll(std::string(number.substr(0, 15)));
          ++relations;
          if (stated == *table) continue;
          size_t at = number.data() - text.data();
          out.push_back({run.SpanOf(at, at + number.size()),
                         "正文所述" + claim.what + "（" + std::string(number) + "件）与" +
                             claim.cell + "（" + N(*table) + "）不一致"});
        }
      }
      start = end + len;
      if (len == 0) break;
    }
  }
}

}  // namespace

PreviousReport SummarizePrevious(const std::string& source, const Report& report) {
  PreviousReport p;
  p.source = source;
  if (report.title_year) p.year = report.title_year->year;
  for (int item : {kRegulations, kNormativeDocuments}) {
    if (report.table2[item]) p.in_force[item] = report.table2[item]->values[2].value.Count();
  }
  for (int c = 0; c < kApplicantColumns; ++c)
    p.carry_over[c] = CellCount(report.table3[kCarryOver], c);
  return p;
}

std::vector<Problem> CheckReport(const Document& doc, const Report& report,
                                 const PreviousReport* previous, int* relations) {
  std::vector<Problem> out;
  int checked = 0;
  CheckTable3(report, out, checked);
  CheckTable4(report, out, checked);
  CheckTable2(report, previous, out, checked);
  CheckCarried(report, previous, out, checked);
  CheckDates(report, out);
  if (report.has_table3() || report.table4 || report.table2[kNormativeDocuments])
    CheckProse(doc, report, out, checked);
  if (relations != nullptr) *relations = checked;
  return out;
}

}  // namespace cuomin::scanner::rules::disclosure
