#include "scanner/rules/disclosure/disclosure_model.h"

#include <re2/re2.h>

#include <algorithm>
#include <functional>
#include <string_view>
#include <utility>

namespace cuomin::scanner::rules::disclosure {
namespace {

// How far into a document its title may be: CMS pages put navigation before the article.
constexpr size_t kTitleBlocks = 150;
// Rows after the 行政复议 header in which 表四's numbers must appear.
constexpr int kTable4Window = 12;
// Bytes of label-only text lines joined to the next line's label (a wrapped 表三 label is a
// few dozen characters; prose paragraphs are longer and are not joined).
constexpr size_t kMaxPendingLabel = 240;

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// The cells of a row split into labels and the values after the last label.
struct RowParts {
  std::vector<const Cell*> labels;
  std::vector<const Cell*> values;  // cells after the last label, blanks included
  std::string folded;               // the labels joined and folded
  bool grid = false;                // cells sit at the table's grid columns (HTML, .docx)
  bool exact = false;               // Row::exact
};

RowParts SplitRow(const Row& row) {
  RowParts parts;
  parts.grid = row.from_table;
  parts.exact = row.exact;
  size_t last_label = std::string::npos;
  for (size_t i = 0; i < row.cells.size(); ++i) {
    const Cell& c = row.cells[i];
    if (!c.text.empty() && !IsValueText(c.text)) {
      parts.labels.push_back(&c);
      parts.folded += FoldLabel(c.text);
      last_label = i;
    }
  }
  for (size_t i = last_label == std::string::npos ? 0 : last_label + 1; i < row.cells.size(); ++i)
    parts.values.push_back(&row.cells[i]);
  return parts;
}

// The last `want` cells of `values` once trailing blanks beyond `want` are dropped (a text copy
// ends rows with "| ||"; a flattened colspan adds a blank before the numbers). Empty when
// fewer than `want` remain. On a table grid the blanks before the numbers are the positions
// a colspan label covers: they go first, so that a blank 总计 in the last column (reports
// leave cells blank) is kept rather than the numbers shifted one column right. On an exact
// grid (a table rebuilt from a text) the blanks at the right are columns its header names: a
// row wider than `want` is not this table's row (上海市 2019's text, whose 表四 header run into
// two lines gives sixteen columns).
std::vector<const Cell*> TakeValues(std::vector<const Cell*> values, size_t want, bool grid = false,
                                    bool exact = false) {
  if (grid)
    while (values.size() > want && values.front()->text.empty()) values.erase(values.begin());
  if (exact && values.size() != want) return {};
  while (values.size() > want && values.back()->text.empty()) values.pop_back();
  if (values.size() < want) return {};
  return std::vector<const Cell*>(values.end() - want, values.end());
}

Number ToNumber(const Cell* c, const Cell* fallback) {
  Number n{ParseValue(c->text), *c};
  // An empty <td> has no text to point at: findings point at the row label instead.
  if (!n.cell.span.valid() || n.cell.span.begin == n.cell.span.end) n.cell.span = fallback->span;
  return n;
}

// "1." / "2、" in a folded label: the sub-item number, 0 when none.
int SubItemNumber(std::string_view folded) {
  for (size_t i = 0; i + 1 < folded.size(); ++i) {
    char c = folded[i];
    if (c < '1' || c > '9') continue;
    if (i > 0 && folded[i - 1] >= '0' && folded[i - 1] <= '9') continue;
    std::string_view rest = folded.substr(i + 1);
    bool mark = rest.rfind(".", 0) == 0 || rest.rfind("、", 0) == 0;
    if (!mark) continue;
    size_t after = rest[0] == '.' ? 1 : std::string_view("、").size();
    if (after < rest.size() && rest[after] >= '0' && rest[after] <= '9') continue;  // 1.5
    return c - '0';
  }
  return 0;
}

// The sub-items of (三)…(六) by the words of their template labels, so that a row is placed
// by what it says rather than by its number alone: PDF copies lose or split the parent label
// ("（四）无" on one line, "法提供" on the next), and a number then points into the wrong group.
// (六)3 "其他" has no distinctive word and is placed by its number.
struct SubItemWords {
  int group;  // index into kOutcomeGroups
  int item;   // 1-based
  std::string_view words;
};
constexpr SubItemWords kSubItemWords[] = {
    {2, 1, "国家秘密"},   {2, 2, "行政法规禁止"}, {2, 3, "三安全一稳定"}, {2, 4, "第三方合法权益"},
    {2, 5, "内部事务"},   {2, 6, "过程性信息"},   {2, 7, "行政执法案卷"}, {2, 8, "行政查询"},
    {3, 1, "不掌握"},     {3, 2, "另行制作"},     {3, 3, "仍不明确"},     {4, 1, "信访举报"},
    {4, 2, "重复申请"},   {4, 3, "公开出版物"},   {4, 4, "大量"},         {4, 5, "重新出具"},
    {5, 1, "逾期不补正"}, {5, 2, "收费通知"},
};

// The sub-item a label names by its words: {group, item}, or {-1, 0}.
std::pair<int, int> SubItemByWords(std::string_view folded) {
  for (const SubItemWords& w : kSubItemWords) {
    // Some copies write (五)4 as "无正当理由大量重复申请": that is not (五)2 "重复申请".
    if (Contains(folded, w.words)) {
      if (w.group == 4 && w.item == 2 && Contains(folded, "大量")) continue;
      return {w.group, w.item};
    }
  }
  return {-1, 0};
}

// The outcome group (2 = (三) … 5 = (六)) a label names, -1 when none.
int ParentGroup(std::string_view folded) {
  if (Contains(folded, "不予公开")) return 2;
  if (Contains(folded, "无法提供")) return 3;
  if (Contains(folded, "不予处理")) return 4;
  if (Contains(folded, "其他处理")) return 5;
  return -1;
}

// A four-digit year followed by 年 ("2023 年" in PDF text): navigation links to the column
// "政府信息公开年报" have none.
bool HasYear(std::string_view t) {
  for (size_t p = t.find("年"); p != std::string_view::npos; p = t.find("年", p + 1)) {
    size_t q = p;
    while (q > 0 && t[q - 1] == ' ') --q;
    if (q >= 4 && std::all_of(t.begin() + q - 4, t.begin() + q,
                              [](char c) { return c >= '0' && c <= '9'; })) {
      return true;
    }
  }
  return false;
}

// Past the "日" that follows the day digits ending at `end`, if there is one.
size_t DayEnd(std::string_view text, size_t end) {
  constexpr std::string_view kDay = "日";
  return text.compare(end, kDay.size(), kDay) == 0 ? end + kDay.size() : end;
}

class Reader {
 public:
  Reader(const Document& doc, std::vector<Row> rows) : doc_(doc), rows_(std::move(rows)) {}

  Report Read() {
    ReadTitleYear();
    ReadPeriod();
    for (size_t i = 0; i < rows_.size(); ++i) ReadRow(rows_[i]);
    ReadPublished();
    return std::move(report_);
  }

 private:
  void ReadTitleYear() {
    static const RE2 kTitle(
        R"(((?:19|20)\d{2})\s*年度?[^，。；！？]{0,30}?政府信息公开[^，。；]{0,8}?报告)");
    std::optional<DateMention> any;
    size_t n = std::min(doc_.blocks.size(), kTitleBlocks);
    for (size_t b = 0; b < n; ++b) {
      const Block& block = doc_.blocks[b];
      re2::StringPiece year;
      re2::StringPiece text(block.text);
      if (!RE2::PartialMatch(text, kTitle, &year)) continue;
      DateMention m;
      m.year = std::stoi(std::string(year));
      m.span = Span{b, static_cast<size_t>(year.data() - block.text.data()),
                    static_cast<size_t>(year.data() - block.text.data()) + year.size()};
      m.text = std::string(year) + "年";
      if (block.kind == BlockKind::kTitle || block.kind == BlockKind::kHeading) {
        report_.title_year = m;
        return;
      }
      if (!any) any = m;
    }
    report_.title_year = any;
  }

  void ReadPeriod() {
    static const RE2 kPeriod(
        R"(统计(?:期限|时限|期间|区间|时间|周期|范围)[^。；]*?((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[^。；\d]*?(?:((?:19|20)\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日)");
    for (size_t b = 0; b < doc_.blocks.size(); ++b) {
      const Block& block = doc_.blocks[b];
      if (block.kind == BlockKind::kTableCell || !Contains(block.text, "统计")) continue;
      re2::StringPiece g[7];
      if (!kPeriod.Match(block.text, 0, block.text.size(), RE2::UNANCHORED, g, 7)) continue;
      auto at = [&](re2::StringPiece p) {
        return static_cast<size_t>(p.data() - block.text.data());
      };
      auto num = [](re2::StringPiece p) { return p.empty() ? 0 : std::stoi(std::string(p)); };
      DateMention start{num(g[1]), num(g[2]), num(g[3]),
                        Span{b, at(g[1]), DayEnd(block.text, at(g[3]) + g[3].size())}, ""};
      DateMention end{
          num(g[4]), num(g[5]), num(g[6]),
          Span{b, at(g[4].empty() ? g[5] : g[4]), DayEnd(block.text, at(g[6]) + g[6].size())}, ""};
      start.text = block.text.substr(start.span.begin, start.span.end - start.span.begin);
      end.text = block.text.substr(end.span.begin, end.span.end - end.span.begin);
      report_.period_start = start;
      report_.period_end = end;
      report_.period_span = Span{b, start.span.begin, end.span.end};
      return;
    }
  }

  void ReadPublished() {
    static const RE2 kSigned(R"(^\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$)");
    static const RE2 kMeta(
        R"((?:发布|成文|公开|印发)(?:日期|时间)\s*[:：]\s*((?:19|20)\d{2})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2}))");
    auto mention = [&](size_t b, const re2::StringPiece* g) {
      const std::string& t = doc_.blocks[b].text;
      size_t begin = g[1].data() - t.data();
      size_t end = DayEnd(t, g[3].data() - t.data() + g[3].size());
      return DateMention{std::stoi(std::string(g[1])), std::stoi(std::string(g[2])),
                         std::stoi(std::string(g[3])), Span{b, begin, end},
                         t.substr(begin, end - begin)};
    };
    re2::StringPiece g[4];
    if (section6_block_ != kNoBlock) {
      for (size_t b = section6_block_ + 1; b < doc_.blocks.size(); ++b) {
        const std::string& t = doc_.blocks[b].text;
        if (t.size() > 40 || doc_.blocks[b].kind == BlockKind::kTableCell) continue;
        if (kSigned.Match(t, 0, t.size(), RE2::UNANCHORED, g, 4)) {
          report_.published = mention(b, g);
          return;
        }
      }
    }
    size_t n = std::min(doc_.blocks.size(), kTitleBlocks);
    for (size_t b = 0; b < n; ++b) {
      const std::string& t = doc_.blocks[b].text;
      if (kMeta.Match(t, 0, t.size(), RE2::UNANCHORED, g, 4)) {
        report_.published = mention(b, g);
        return;
      }
    }
  }

  void ReadRow(const Row& row) {
    RowParts parts = SplitRow(row);
    const std::string& f = parts.folded;
    if (parts.labels.size() == 1 && parts.values.empty() && Contains(f, "六、") &&
        Contains(f, "其他需要报告")) {
      section6_block_ = parts.labels[0]->span.block;
    }
    if (Contains(f, "本年制发件数") || Contains(f, "现行有效件数")) table2_header_ = true;
    bool label_only = !row.from_table && !parts.labels.empty() && parts.values.empty();
    if (!(table2_header_ && ReadTable2(row)) && !ReadTable3(parts)) ReadTable4(row, parts);
    // Keep the text of label-only lines for the next line's label; a few lines at most, so
    // that prose never becomes a label.
    if (label_only && pending_label_.size() + f.size() <= kMaxPendingLabel) {
      if (pending_label_.empty()) pending_cell_ = *parts.labels.front();
      pending_label_ += f;
    } else {
      pending_label_.clear();
    }
  }

  bool ReadTable2(const Row& row) {
    // The item's name is the first non-empty cell, exactly.
    size_t first = 0;
    while (first < row.cells.size() && row.cells[first].text.empty()) ++first;
    if (first + 1 >= row.cells.size()) return false;
    std::string name = FoldLabel(row.cells[first].text);
    int item = -1;
    for (int i = 0; i < kTable2Items; ++i) {
      if (name == kTable2ItemNames[i]) item = i;
    }
    if (name == "规范性文件") item = kNormativeDocuments;
    if (item < 0 || report_.table2[item]) return item >= 0;
    size_t want = item <= kNormativeDocuments ? 3 : 1;
    std::vector<const Cell*> values;
    for (size_t i = first + 1; i < row.cells.size(); ++i) values.push_back(&row.cells[i]);
    while (values.size() > want && values.back()->text.empty()) values.pop_back();
    if (values.size() < want) return true;
    values.resize(want);
    Table2Line line{row.cells[first], {}};
    for (const Cell* c : values) line.values.push_back(ToNumber(c, &row.cells[first]));
    report_.table2[item] = std::move(line);
    return true;
  }

  bool ReadTable3(const RowParts& parts) {
    // A text copy may put a row's numbers on a line of their own, after its label's lines.
    const bool numbers_only = parts.labels.empty() && !parts.grid && !pending_label_.empty();
    if (parts.labels.empty() && !numbers_only) return false;
    const Cell* label = numbers_only ? &pending_cell_ : parts.labels.back();
    // A label wrapped over several lines of a text copy ("（三）不" / "予公开" /
    // "1.属于国家秘密 2 0 …") is read whole.
    const std::string f = parts.grid ? parts.folded : pending_label_ + parts.folded;
    std::vector<const Cell*> values =
        TakeValues(parts.values, kApplicantColumns, parts.grid, parts.exact);
    // The table starts at its first row even when that row's numbers cannot be read.
    if (Contains(f, "本年新收")) in_table3_ = true;
    if (values.empty()) return false;
    int row = -1;
    int parent = ParentGroup(f);
    if (Contains(f, "本年新收")) {
      row = kNew;
      in_table3_ = true;
    } else if (Contains(f, "上年结转")) {
      row = kCarried;
    } else if (Contains(f, "结转下年度")) {
      row = kCarryOver;
    } else if (!in_table3_) {
      return false;
    } else if (auto [group, item] = SubItemByWords(parts.folded).first >= 0
                                        ? SubItemByWords(parts.folded)
                                        : SubItemByWords(f);
               group >= 0) {
      row = kOutcomeGroups[group].first + item - 1;
      parent_ = group;
    } else if (int sub = SubItemNumber(f); sub > 0 && (parent >= 0 || parent_ >= 0)) {
      const OutcomeGroup& g = kOutcomeGroups[parent >= 0 ? parent : parent_];
      if (sub > g.count) return false;
      row = g.first + sub - 1;
      parent_ = parent >= 0 ? parent : parent_;
    } else if (Contains(f, "予以公开")) {
      row = kPublic;
    } else if (Contains(f, "部分公开")) {
      row = kPartial;
    } else if (Contains(f, "总计")) {
      row = kOutcomeTotal;
    } else if (parent == 5 && SubItemNumber(f) == 0) {
      // （六）其他处理 in one row, as many offices print it: its count is the group's, kept
      // as the first sub-item with the other two empty so that the sums hold.
      row = kOther1;
      for (int k = 1; k < kOutcomeGroups[5].count; ++k) {
        if (report_.table3[kOther1 + k]) continue;
        Table3Line empty;
        empty.label = *label;
        for (Number& n : empty.values) n.cell = *label;
        report_.table3[kOther1 + k] = std::move(empty);
      }
    }
    if (row < 0) return false;
    if (row < kDenied1 || row >= kOutcomeTotal) parent_ = -1;
    if (row == kCarryOver) in_table3_ = false;
    if (report_.table3[row]) return true;
    Table3Line line;
    line.label = *label;
    for (int c = 0; c < kApplicantColumns; ++c) line.values[c] = ToNumber(values[c], label);
    report_.table3[row] = std::move(line);
    return true;
  }

  void ReadTable4(const Row& row, const RowParts& parts) {
    if (Contains(parts.folded, "行政复议")) {
      table4_rows_left_ = kTable4Window;
      return;
    }
    if (table4_rows_left_ <= 0 || report_.table4) return;
    --table4_rows_left_;
    if (!parts.labels.empty()) return;
    std::vector<const Cell*> values = TakeValues(parts.values, 15, parts.grid, parts.exact);
    if (values.empty()) return;
    const Cell* anchor = nullptr;
    for (const Cell& c : row.cells) {
      if (c.span.valid() && !c.text.empty()) {
        anchor = &c;
        break;
      }
    }
    if (anchor == nullptr) return;
    std::array<Number, 15> numbers;
    for (int i = 0; i < 15; ++i) numbers[i] = ToNumber(values[i], anchor);
    report_.table4 = numbers;
  }

  const Document& doc_;
  std::vector<Row> rows_;
  Report report_;
  bool table2_header_ = false;
  bool in_table3_ = false;
  int parent_ = -1;  // the outcome group of the last sub-item row (rowspan flattened away)
  std::string pending_label_;  // folded label-only text lines just before this one
  Cell pending_cell_;          // the first of those lines' labels
  int table4_rows_left_ = 0;
  size_t section6_block_ = kNoBlock;
};

}  // namespace

std::string Table3RowName(int row) {
  switch (row) {
    case kNew:
      return "第一项";
    case kCarried:
      return "第二项";
    case kOutcomeTotal:
      return "（七）总计";
    case kCarryOver:
      return "第四项";
    default:
      break;
  }
  for (const OutcomeGroup& g : kOutcomeGroups) {
    if (row < g.first || row >= g.first + g.count) continue;
    if (g.count == 1) return g.name;
    return std::string(g.name) + "第" + std::to_string(row - g.first + 1) + "项";
  }
  return "";
}

bool Report::has_table3() const {
  return std::any_of(table3.begin(), table3.end(), [](const auto& r) { return r.has_value(); });
}

bool MentionsReport(const Document& doc) {
  // Every document is asked this: a skipping search, since string_view::find stops at every
  // byte 0xE6 (the first byte of 政 and of thousands of other characters).
  static constexpr std::string_view kTopic = "政府信息公开";
  static const std::boyer_moore_horspool_searcher topic(kTopic.begin(), kTopic.end());
  size_t n = std::min(doc.blocks.size(), kTitleBlocks);
  for (size_t b = 0; b < n; ++b) {
    std::string_view t = doc.blocks[b].text;
    if (std::search(t.begin(), t.end(), topic) != t.end() && Contains(t, "报告") && HasYear(t))
      return true;
  }
  return false;
}

namespace {

// The headings of 表二, 表三, 表四 ("三、收到和处理…"), in that order.
constexpr std::string_view kTableHeadings[] = {
    "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议"};

// Which table's heading begins the line (past its spaces and a numbering such as "三、" or
// "（三）"), and where; -1 when none.
int TableHeadingAt(std::string_view t, size_t* begin) {
  size_t start = 0;
  while (start < t.size() && t[start] == ' ') ++start;
  if (t.compare(start, 3, "\xE3\x80\x80") == 0) start += 3;
  std::string_view rest = t.substr(start);
  for (size_t k = 0; k < std::size(kTableHeadings); ++k) {
    // At most a numbering (9 bytes) before it.
    size_t at = rest.substr(0, 9 + kTableHeadings[k].size()).find(kTableHeadings[k]);
    if (at == std::string_view::npos) continue;
    *begin = start + at;
    return static_cast<int>(k);
  }
  return -1;
}

}  // namespace

Span BodySign(const Document& doc) {
  static constexpr std::string_view kTopic = "政府信息公开";
  static const std::boyer_moore_horspool_searcher topic(kTopic.begin(), kTopic.end());
  // The sentence that dates the report's figures, in a block that names the report ("本报告中
  // 所列数据统计期限自…"); a statistical bulletin's period sentence is about no 政府信息公开.
  static const RE2 kPeriodWords(
      R"((统计(?:期限|时限|期间|区间|时间|周期|范围))[^。；]{0,24}?(?:19|20)\d{2}\s*年)");
  // The headings of 表二, 表三, 表四 at the start of their lines ("三、收到和处理…"): a report
  // has all three; a work summary may have one such section, not two.
  bool heading_seen[std::size(kTableHeadings)] = {};
  int headings = 0;
  bool topic_seen = false;
  Span sign;  // the first period sentence or second heading, if the topic is seen
  for (size_t i = 0; i < doc.blocks.size(); ++i) {
    std::string_view t = doc.blocks[i].text;
    // The note over 表三's first column is the national template's own words: enough alone.
    if (size_t at = t.find("勾稽关系"); at != std::string_view::npos && Contains(t, "第一项"))
      return Span{i, at, at + std::string_view("勾稽关系").size()};
    if (!topic_seen) topic_seen = std::search(t.begin(), t.end(), topic) != t.end();
    if (sign.valid()) {
      if (topic_seen) break;
      continue;
    }
    re2::StringPiece words;
    if (Contains(t, "统计") && Contains(t, "报告") &&
        RE2::PartialMatch(re2::StringPiece(t.data(), t.size()), kPeriodWords, &words)) {
      size_t at = static_cast<size_t>(words.data() - t.data());
      sign = Span{i, at, at + words.size()};
      continue;
    }
    size_t at = 0;
    int k = TableHeadingAt(t, &at);
    if (k < 0 || heading_seen[k]) continue;
    heading_seen[k] = true;
    if (++headings == 2) sign = Span{i, at, at + kTableHeadings[k].size()};
  }
  return topic_seen ? sign : Span{};
}

std::optional<Report> ReadReport(const Document& doc) {
  bool titled = MentionsReport(doc);
  Span sign = BodySign(doc);
  if (!titled && !sign.valid()) return std::nullopt;
  Report report = Reader(doc, BuildRows(doc)).Read();
  // A text copied from a PDF whose lines give no table (上海市 2019's: labels wrapped around
  // their numbers, blank cells, the header one word a line) is read again with its tables
  // rebuilt from where its words stand, as a PDF's are.
  auto none = [](const Report& r) {
    return !r.has_table3() && !r.table4 &&
           std::none_of(r.table2.begin(), r.table2.end(),
                        [](const auto& l) { return l.has_value(); });
  };
  if (doc.format == "text" && none(report)) {
    std::vector<Row> rows = LaidOutRows(doc);
    if (!rows.empty()) report = Reader(doc, std::move(rows)).Read();
  }
  report.body_sign = sign;
  for (const Block& block : doc.blocks) {
    size_t at = 0;
    if (int k = TableHeadingAt(block.text, &at); k >= 0) report.table_headings[k] = true;
  }
  return report;
}

}  // namespace cuomin::scanner::rules::disclosure
