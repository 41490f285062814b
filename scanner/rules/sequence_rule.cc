// Heading numbering (一、 （一） 1. （1） 第一条 ...) out of order, repeated or skipped.
//
// A block is a heading of a level when the level's pattern matches at its start; group 1 is
// the number. Levels are listed outermost first: a heading restarts the count of every deeper
// level (a new 二、 restarts （一）), except levels marked `continuous` (第N条 counts on through
// the chapters of a regulation). Table cells are never headings, nor are the rows of a table
// copied as text and the label lines between them; a number followed by what a level's
// `not_before` matches is a citation (第二十条第（一）项), not a heading. A title block or a
// block matching `reset` (附件) starts the numbering afresh.
#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <string>
#include <vector>

#include "common/utf8.h"
#include "scanner/rules/types.h"

namespace cuomin::scanner::rules {
namespace {

enum class Numeral { kChinese, kArabic };

struct Level {
  std::string name;
  std::unique_ptr<RE2> pattern;
  Numeral numeral = Numeral::kChinese;
  bool continuous = false;
  // What may not follow the number for it to be a heading: "第二十条第（一）项" cites an
  // article, it does not start one.
  std::unique_ptr<RE2> not_before;
};

// Indentation: a page break (form feed, as pdftotext writes it) may start a heading's line.
bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v' || c == 0x3000 || c == 0xA0;
}

// A count as a table cell holds it: digits, maybe a decimal point, or "-" "/" for none.
bool IsCellNumber(std::string_view token) {
  if (token == "-" || token == "/" || token == "—") return true;
  bool digit = false;
  for (char c : token) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != '.' && c != ',') {
      return false;
    }
  }
  return digit;
}

// The numbers a line of a table copied as text ends in ("1.属于国家秘密   1   0   0   0   0
// 0   1": seven), each apart from the next; `wide` is set when the first of them stands at
// least kCellSpaces spaces after the text before it, as a table's first column does.
constexpr size_t kCellSpaces = 3;
int TrailingCells(std::string_view text, bool* wide) {
  int numbers = 0;
  size_t end = text.size();
  *wide = false;
  while (end > 0) {
    size_t i = end;
    size_t spaces = 0;
    while (i > 0) {  // skip spaces
      size_t j = i;
      if (!IsSpace(utf8::Prev(text, j))) break;
      i = j;
      ++spaces;
    }
    if (numbers > 0) *wide = spaces >= kCellSpaces;
    size_t token_end = i;
    while (i > 0) {
      size_t j = i;
      if (IsSpace(utf8::Prev(text, j))) break;
      i = j;
    }
    if (i == token_end || !IsCellNumber(text.substr(i, token_end - i))) break;
    ++numbers;
    end = i;
  }
  return numbers;
}

// Blocks that belong to a table copied as text. Its rows end in three or more numbers; in a
// table, a row whose other cells are blank ends in one or two standing apart (上海市 2019:
// "1.属于国家秘密     14"). The lines between two rows are labels wrapped or split between
// them when all of them are short, as labels are (上海市 2019: ten lines between 1.属于国家秘密
// and the "5" of 5.属于三类内部事务), or, between two full rows, when at most kTableGap lines
// stand there (淮安市 2024 prints "（六）其" / "他处理" beside the three-line labels of its
// sub-items: four lines) and none of them is a section's heading ("四、政府信息公开行政复议、
// 行政诉讼情况" between 表三 and 表四). A table, a heading and the next table's header are
// more lines apart, or longer.
constexpr size_t kTableGap = 4;
constexpr size_t kLabelLine = 16;  // code points

// The text after its indentation.
std::string_view Unindented(std::string_view t) {
  size_t start = 0;
  while (start < t.size()) {
    size_t j = start;
    if (!IsSpace(utf8::Next(t, j))) break;
    start = j;
  }
  return t.substr(start);
}

bool IsLabelLine(std::string_view t) {
  t = Unindented(t);
  return utf8::CountCodePoints(t) <= kLabelLine && t.find("。") == std::string_view::npos;
}

// "四、政府信息公开…情况": a section heading, longer than a label, numbered 一、 to 十、.
bool IsSectionHeading(std::string_view t) {
  t = Unindented(t);
  if (IsLabelLine(t)) return false;
  static constexpr std::u32string_view kNumerals = U"一二三四五六七八九十";
  size_t i = 0;
  if (t.empty() || kNumerals.find(utf8::Next(t, i)) == std::u32string_view::npos) return false;
  return t.substr(i).rfind("、", 0) == 0;
}

std::vector<bool> TextTableLines(const Document& doc) {
  const size_t n = doc.blocks.size();
  std::vector<bool> in(n, false);
  size_t last_row = n;  // none yet
  bool last_full = false;
  auto chained = [&](size_t to, bool full) {
    if (last_row == n) return false;
    bool labels = true;
    bool heading = false;
    for (size_t k = last_row + 1; k < to; ++k) {
      labels = labels && IsLabelLine(doc.blocks[k].text);
      heading = heading || IsSectionHeading(doc.blocks[k].text);
    }
    return labels || (full && last_full && to - last_row - 1 <= kTableGap && !heading);
  };
  for (size_t b = 0; b < n; ++b) {
    if (doc.blocks[b].kind == BlockKind::kTableCell) continue;
    bool wide = false;
    int cells = TrailingCells(doc.blocks[b].text, &wide);
    bool full = cells >= 3;
    bool joined = cells > 0 && chained(b, full);
    if (!full && !(wide && joined)) continue;
    in[b] = true;
    if (joined) {
      for (size_t k = last_row + 1; k < b; ++k) in[k] = true;
    }
    last_row = b;
    last_full = full;
  }
  return in;
}

// A table copied a cell a line (pdftotext without -layout, as PDF viewers copy): every cell
// stands on a line of its own, in poppler's reading order, so a row's label is no longer
// beside its numbers and nothing in the label's own line tells it from a heading. What tells
// the stretch apart is its density: lines that are only a count, one after another, with no
// more than short labels between them. A stretch runs from its first bare count to its last,
// across gaps that hold no sentence (。) and no section heading ("四、政府信息公开行政复议、
// 行政诉讼情况" between 表三 and 表四), and takes in the short labels poppler puts after the
// last count ("（五）不予处理" …) up to the first line numbered at the outermost level, which
// is where the next section starts ("五、存在的主要问题及改进情况"). It must hold at least
// kMinBareCells counts, and counts must be at least a third of its lines: page numbers on
// lines of their own between paragraphs never chain, being separated by prose.
constexpr int kMinBareCells = 8;
constexpr size_t kGapLongLines = 2;  // wrapped label lines longer than a label, per gap

bool IsBareCells(std::string_view t) {
  t = Unindented(t);
  bool any = false;
  size_t i = 0;
  while (i < t.size()) {
    size_t start = i;
    while (i < t.size()) {
      size_t j = i;
      if (IsSpace(utf8::Next(t, j))) break;
      i = j;
    }
    if (i > start) {
      if (!IsCellNumber(t.substr(start, i - start))) return false;
      any = true;
    }
    while (i < t.size()) {
      size_t j = i;
      if (!IsSpace(utf8::Next(t, j))) break;
      i = j;
    }
  }
  return any;
}

bool IsBlankText(std::string_view t) { return Unindented(t).empty(); }

// "五、…": numbered at the outermost level a report's sections use.
bool IsOuterNumbered(std::string_view t) {
  t = Unindented(t);
  static constexpr std::u32string_view kNumerals = U"一二三四五六七八九十";
  size_t i = 0;
  if (t.empty() || kNumerals.find(utf8::Next(t, i)) == std::u32string_view::npos) return false;
  while (i < t.size()) {
    size_t j = i;
    if (kNumerals.find(utf8::Next(t, j)) == std::u32string_view::npos) break;
    i = j;
  }
  return t.substr(i).rfind("、", 0) == 0;
}

std::vector<bool> CellALineTables(const Document& doc) {
  const size_t n = doc.blocks.size();
  std::vector<bool> in(n, false);
  auto text = [&](size_t b) -> std::string_view { return doc.blocks[b].text; };
  auto usable = [&](size_t b) {
    return doc.blocks[b].kind != BlockKind::kTableCell && !IsBlankText(text(b));
  };
  // Whether the lines strictly between two counts may belong to the same table.
  auto joins = [&](size_t from, size_t to) {
    size_t long_lines = 0;
    for (size_t k = from + 1; k < to; ++k) {
      if (!usable(k)) continue;
      std::string_view t = text(k);
      if (t.find("。") != std::string_view::npos || IsSectionHeading(t)) return false;
      if (!IsLabelLine(t) && ++long_lines > kGapLongLines) return false;
    }
    return true;
  };
  size_t b = 0;
  while (b < n) {
    if (!usable(b) || !IsBareCells(text(b))) {
      ++b;
      continue;
    }
    const size_t first = b;
    size_t last = b;
    int cells = 1;
    for (size_t k = b + 1; k < n; ++k) {
      if (!usable(k) || !IsBareCells(text(k))) continue;
      if (!joins(last, k)) break;
      last = k;
      ++cells;
    }
    size_t lines = 0;
    for (size_t k = first; k <= last; ++k) lines += usable(k) ? 1 : 0;
    size_t end = last + 1;
    if (cells >= kMinBareCells && static_cast<size_t>(cells) * 3 >= lines) {
      while (end < n && (!usable(end) || (IsLabelLine(text(end)) && !IsOuterNumbered(text(end)))))
        ++end;
      // The first row's label stands right before its counts, in reading order: a line
      // followed by a lone count is a row label, not a heading
      // ("一、本年新收政府信息公开申请数量").
      size_t begin = first;
      for (size_t k = first; k-- > 0;) {
        if (!usable(k)) continue;
        if (IsLabelLine(text(k))) begin = k;
        break;
      }
      for (size_t k = begin; k < end; ++k) in[k] = true;
    }
    b = std::max(last + 1, end);
  }
  return in;
}

int ChineseDigitValue(char32_t c) {
  static constexpr std::u32string_view kDigits = U"零一二三四五六七八九";
  if (c == U'〇' || c == U'○') return 0;
  if (c == U'两') return 2;
  size_t p = kDigits.find(c);
  return p == std::u32string_view::npos ? -1 : static_cast<int>(p);
}

// 一 .. 九百九十九 as used in numbering; 0 when it is not such a numeral.
int ParseChinese(std::string_view s) {
  int total = 0, digit = -1;
  bool any = false;
  for (size_t i = 0; i < s.size();) {
    char32_t c = utf8::Next(s, i);
    int d = ChineseDigitValue(c);
    if (d >= 0) {
      digit = d;
      any = true;
    } else if (c == U'十' || c == U'百') {
      int unit = c == U'十' ? 10 : 100;
      total += (digit < 0 ? 1 : digit) * unit;
      digit = -1;
      any = true;
    } else {
      return 0;
    }
  }
  if (!any) return 0;
  return total + (digit > 0 ? digit : 0);
}

int ParseArabic(std::string_view s) {
  int v = 0;
  bool any = false;
  for (size_t i = 0; i < s.size();) {
    char32_t c = utf8::Next(s, i);
    if (c >= 0xFF10 && c <= 0xFF19) c = c - 0xFF10 + '0';
    if (c < '0' || c > '9') return 0;
    if (v < 100000) v = v * 10 + static_cast<int>(c - '0');
    any = true;
  }
  return any ? v : 0;
}

std::string FormatChinese(int n) {
  static const char* const kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n <= 0 || n >= 1000) return std::to_string(n);
  std::string out;
  int hundreds = n / 100, tens = n / 10 % 10, ones = n % 10;
  if (hundreds) out += std::string(kDigits[hundreds]) + "百";
  if (tens) {
    if (!(tens == 1 && !hundreds)) out += kDigits[tens];
    out += "十";
  } else if (hundreds && ones) {
    out += "零";
  }
  if (ones) out += kDigits[ones];
  return out;
}

bool StartsWithDigit(std::string_view s) {
  if (s.empty()) return false;
  size_t i = 0;
  char32_t c = utf8::Next(s, i);
  return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19);
}

class SequenceRule : public Rule {
 public:
  SequenceRule(RuleInfo info, std::vector<Level> levels, std::unique_ptr<RE2> reset)
      : Rule(std::move(info)), levels_(std::move(levels)), reset_(std::move(reset)) {
    // Most paragraphs are no heading: one anchored DFA pass over the set of level patterns
    // says which levels can match, instead of one RE2 call per level (each ~600 instructions
    // even when it fails at the first character).
    for (const Level& level : levels_)
      set_ok_ = set_ok_ && set_.Add(level.pattern->pattern(), nullptr) >= 0;
    set_ok_ = set_ok_ && set_.Compile();
  }

  void CheckDocument(const Document& document, std::vector<Hit>& out) const override {
    std::vector<int> last(levels_.size(), 0);
    std::vector<bool> table_lines = TextTableLines(document);
    const std::vector<bool> cell_lines = CellALineTables(document);
    for (size_t b = 0; b < table_lines.size(); ++b)
      table_lines[b] = table_lines[b] || cell_lines[b];
    for (size_t b = 0; b < document.blocks.size(); ++b) {
      const Block& block = document.blocks[b];
      if (block.kind == BlockKind::kTableCell || table_lines[b]) continue;
      std::string_view text = block.text;
      if (block.kind == BlockKind::kTitle || (reset_ && RE2::PartialMatch(text, *reset_))) {
        std::fill(last.begin(), last.end(), 0);
        continue;
      }
      // Headings are often indented with spaces or U+3000.
      size_t start = 0;
      while (start < text.size()) {
        size_t j = start;
        if (!IsSpace(utf8::Next(text, j))) break;
        start = j;
      }
      std::string_view body = text.substr(start);
      thread_local std::vector<int> possible;
      possible.clear();
      if (set_ok_) {
        if (!set_.Match(body, &possible)) continue;
        std::sort(possible.begin(), possible.end());
      } else {
        for (size_t k = 0; k < levels_.size(); ++k) possible.push_back(static_cast<int>(k));
      }
      for (int pk : possible) {
        const size_t k = static_cast<size_t>(pk);
        const Level& level = levels_[k];
        re2::StringPiece groups[2];
        if (!level.pattern->Match(body, 0, body.size(), RE2::ANCHOR_START, groups, 2)) continue;
        const std::string_view m[2] = {{groups[0].data(), groups[0].size()},
                                       {groups[1].data(), groups[1].size()}};
        std::string_view rest = body.substr(m[0].size());
        // "1.5亿元" and "3.2万人" begin paragraphs; they are numbers, not headings.
        if (level.numeral == Numeral::kArabic && StartsWithDigit(rest)) continue;
        if (level.not_before && RE2::PartialMatch(rest, *level.not_before)) continue;
        int n = level.numeral == Numeral::kChinese ? ParseChinese(m[1]) : ParseArabic(m[1]);
        if (n <= 0) continue;
        Check(b, start, body, m, level, n, last[k], out);
        for (size_t d = k + 1; d < levels_.size(); ++d)
          if (!levels_[d].continuous) last[d] = 0;
        break;
      }
    }
  }

 private:
  void Check(size_t block, size_t start, std::string_view body, const std::string_view m[2],
             const Level& level, int n, int& last, std::vector<Hit>& out) const {
    const int expected = last + 1;
    std::string label(m[0]);
    auto expected_label = [&] {
      size_t num_at = static_cast<size_t>(m[1].data() - m[0].data());
      std::string e =
          level.numeral == Numeral::kChinese ? FormatChinese(expected) : std::to_string(expected);
      return label.substr(0, num_at) + e + label.substr(num_at + m[1].size());
    };
    std::string message;
    if (n == expected || (n == 1 && last > 1)) {
      // In order, or a new list starting under an unnumbered parent.
    } else if (n == last) {
      message = "序号重复：" + label;
    } else if (n > expected) {
      message = "序号跳号：应为" + expected_label();
    } else {
      message = "序号顺序错误：应为" + expected_label();
    }
    if (!message.empty()) {
      Hit h;
      h.block = block;
      h.begin = start + static_cast<size_t>(m[0].data() - body.data());
      h.end = h.begin + m[0].size();
      h.message = std::move(message);
      if (n > expected) h.suggestion = expected_label();
      out.push_back(std::move(h));
    }
    last = n == 1 ? 1 : std::max(last, n);  // after an error, go on from what was written
  }

  std::vector<Level> levels_;
  std::unique_ptr<RE2> reset_;
  RE2::Set set_{RE2::DefaultOptions, RE2::ANCHOR_START};
  bool set_ok_ = true;
};

Result<std::unique_ptr<RE2>> Compile(const YAML::Node& node, const LoadContext& ctx,
                                     const std::string& what) {
  if (!node || !node.IsScalar() || node.Scalar().empty())
    return ctx.Error(node, what + " 应为非空的正则表达式");
  RE2::Options opt;
  opt.set_log_errors(false);
  auto re = std::make_unique<RE2>(node.Scalar(), opt);
  if (!re->ok()) return ctx.Error(node, what + " 正则表达式错误：" + re->error());
  if (Status cost = ctx.CheckRegexCost(node, *re); !cost.ok()) return cost;
  return re;
}

}  // namespace

Result<std::unique_ptr<Rule>> MakeSequenceRule(const YAML::Node& node, RuleInfo info,
                                               const LoadContext& ctx) {
  const YAML::Node levels_node = node["levels"];
  if (!levels_node || !levels_node.IsSequence() || levels_node.size() == 0)
    return ctx.Error(levels_node ? levels_node : node, "sequence 规则需要非空的 levels 列表");
  std::vector<Level> levels;
  for (const YAML::Node& l : levels_node) {
    if (!l.IsMap()) return ctx.Error(l, "levels 的每一项应为映射（name, pattern, numeral）");
    if (Status keys = ctx.CheckKeys(l, {"name", "pattern", "numeral", "continuous", "not_before"},
                                    "levels 的一项");
        !keys.ok())
      return keys;
    Level level;
    level.name = l["name"] && l["name"].IsScalar() ? l["name"].Scalar() : "";
    auto re = Compile(l["pattern"], ctx, "levels 的 pattern");
    if (!re.ok()) return re.status();
    if ((*re)->NumberOfCapturingGroups() < 1)
      return ctx.Error(l["pattern"], "levels 的 pattern 需要用第 1 组捕获序号数字");
    level.pattern = std::move(*re);
    std::string numeral = l["numeral"] && l["numeral"].IsScalar() ? l["numeral"].Scalar() : "";
    if (numeral == "chinese") {
      level.numeral = Numeral::kChinese;
    } else if (numeral == "arabic") {
      level.numeral = Numeral::kArabic;
    } else {
      return ctx.Error(l["numeral"] ? l["numeral"] : l,
                       "numeral 应为 chinese 或 arabic，而不是“" + numeral + "”");
    }
    if (const YAML::Node c = l["continuous"]) {
      try {
        level.continuous = c.as<bool>();
      } catch (const YAML::Exception&) {
        return ctx.Error(c, "continuous 应为 true 或 false");
      }
    }
    if (l["not_before"]) {
      auto nb = Compile(l["not_before"], ctx, "levels 的 not_before");
      if (!nb.ok()) return nb.status();
      level.not_before = std::move(*nb);
    }
    levels.push_back(std::move(level));
  }
  std::unique_ptr<RE2> reset;
  if (node["reset"]) {
    auto re = Compile(node["reset"], ctx, "reset");
    if (!re.ok()) return re.status();
    reset = std::move(*re);
  }
  return std::unique_ptr<Rule>(
      new SequenceRule(std::move(info), std::move(levels), std::move(reset)));
}

const RuleType& SequenceRuleType() {
  static const RuleType* type = new RuleType{MakeSequenceRule, {"levels", "reset"}};
  return *type;
}

}  // namespace cuomin::scanner::rules
