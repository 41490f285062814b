#include "scanner/read/pdf_layout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string_view>
#include <utility>

#include "common/utf8.h"

namespace cuomin::scanner::internal {
namespace {

// A page with more boxes than this is not a report page (a drawing, a dump of glyphs): it
// keeps poppler's own text, and the work here stays bounded.
constexpr size_t kMaxBoxes = 20000;
// A number is a table cell when the space to its neighbours on the line is at least this many
// times its height: a table's columns stand apart, a number in a sentence has a space around
// it (even in justified lines, where characters are spread, the gap stays under half a
// character). Measured on the 洪泽区 reports: 1.5 to 2.5 in tables, under 0.3 in prose.
constexpr double kCellGap = 0.9;
// Consecutive rows of numbers belong to one table while their centres are at most this many
// number heights apart (a row label wrapped over three lines is about three).
constexpr double kRowPitch = 4.0;
// Rows further apart still belong to one table when only row labels stand between them (no
// word reaches into the number columns) and they are at most this many heights apart: a
// label of three lines printed above, beside and below its numbers (淮安市 2024: (六)1, 7.4
// heights from the row before).
constexpr double kLabelledRowPitch = 10.0;
// Numbers whose x-centres are closer than this many heights stand in one column.
constexpr double kColumnSpread = 0.8;
// Words closer than this many heights on one line belong to one label.
constexpr double kWordGap = 1.0;
// In a table's header, words further apart than this many heights on one line are cells of
// their own: header cells stand side by side with only their padding between them (洪泽区
// 2023: "自然人" and "商业企业" 0.35 heights apart; 上海市 2019 as printed by LibreOffice:
// "科研", "社会公", "法律服务" 0.54 apart), while a cell's words are one box or a space apart
// (or single characters spaced out, which keep kWordGap).
constexpr double kHeaderWordGap = 0.3;
// A word this close beside a character (in heights) makes it part of a line, not of a
// vertical label ("1." 1 pt before "属于国家秘密" in the 洪泽区 reports).
constexpr double kBesideGap = 0.3;
// The characters of a vertical label are at most this many heights apart: 1 pt in the 洪泽区
// reports, a line's spacing (7.6 pt at 7.4) in 淮安市 2024.
constexpr double kStackGap = 1.2;
// A table's header is looked for this many number heights above its first row, at most
// kMaxHeaderLines lines (淮安市 2024 表三: seven lines over 11 heights), and ends at a gap of
// more than kHeaderGap line heights.
constexpr double kHeaderReach = 16.0;
constexpr int kMaxHeaderLines = 10;
constexpr double kHeaderGap = 2.5;
// A header line at most this many of its heights below a cell's last line, and aligned with
// it, may continue that cell ("商业企" / "业": 1.0 in 淮安市 2024).
constexpr double kHeaderWrapGap = 1.2;
// Narrow boxes looked at for vertical labels in one table, bounding the pairwise look.
constexpr size_t kMaxStackCandidates = 400;
// When a page's numbers are fitted row by row to the header of the page before, a number
// stands at most this many heights from its column as moved; and the fit is tried only while
// (pairs of columns of numbers) x (pairs of header cells) x (numbers x header cells) stays
// under kMaxRowFitWork.
constexpr double kRowFitReach = 2.5;
constexpr double kMaxRowFitWork = 2e7;

bool IsDigit(char32_t c) { return (c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19); }

// A count or amount as reports fill their cells: 12, 1,234, 7730.28, -3, or "/" "-" "—" for
// not applicable. "1." (a sub-item's number) is not one.
bool IsNumberText(std::string_view text) {
  static constexpr std::string_view kNone[] = {"/", "-", "--", "—", "——", "－", "／", "\\"};
  for (std::string_view n : kNone) {
    if (text == n) return true;
  }
  size_t digits = 0;
  bool point = false;
  bool after_point = false;
  for (size_t i = 0; i < text.size();) {
    size_t at = i;
    char32_t c = utf8::Next(text, i);
    if (IsDigit(c)) {
      ++digits;
      after_point = point;
    } else if ((c == '-' || c == 0x2212) && at == 0) {
      continue;
    } else if (c == ',' && digits > 0 && !point) {
      continue;
    } else if (c == '.' && digits > 0 && !point) {
      point = true;
    } else {
      return false;
    }
  }
  return digits > 0 && (!point || after_point);
}

// A label that starts an item of a list: "1." "2．" "（三）" "(3)".
bool StartsItem(std::string_view text) {
  size_t i = 0;
  if (text.empty()) return false;
  char32_t c = utf8::Next(text, i);
  if (IsDigit(c)) {
    while (i < text.size()) {
      size_t j = i;
      c = utf8::Next(text, j);
      if (!IsDigit(c)) return c == '.' || c == 0xFF0E || c == 0x3001;  // . ． 、
      i = j;
    }
    return false;
  }
  if (c != '(' && c != 0xFF08) return false;
  size_t digits = 0;
  while (i < text.size()) {
    c = utf8::Next(text, i);
    if (c == ')' || c == 0xFF09) return digits > 0;
    static constexpr std::u32string_view kNumerals = U"一二三四五六七八九十";
    if (!IsDigit(c) && kNumerals.find(c) == std::u32string_view::npos) return false;
    if (++digits > 3) return false;
  }
  return false;
}

double Centre(const TextBox& b) { return b.y + b.height / 2; }
double Right(const TextBox& b) { return b.x + b.width; }
double Bottom(const TextBox& b) { return b.y + b.height; }

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

// Control characters become spaces, so that a cell's text never breaks the page's lines.
void Clean(std::string& text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  size_t b = text.find_first_not_of(' ');
  size_t e = text.find_last_not_of(' ');
  text = b == std::string::npos ? std::string() : text.substr(b, e - b + 1);
}

// A horizontal range, points.
struct Extent {
  double left = 0;
  double right = 0;
};

// Boxes of one printed line, left to right.
struct Line {
  std::vector<size_t> boxes;
  double centre = 0;
};

// Groups boxes into printed lines: a box joins the line whose centre is within half its
// height (a number in a taller box and the label beside it share a line).
std::vector<Line> GroupLines(const std::vector<TextBox>& boxes, const std::vector<size_t>& which) {
  std::vector<size_t> order = which;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return Centre(boxes[a]) < Centre(boxes[b]); });
  std::vector<Line> lines;
  double line_height = 0;
  for (size_t i : order) {
    const TextBox& b = boxes[i];
    double tolerance = std::min(b.height, line_height) / 2;
    if (lines.empty() || std::abs(Centre(b) - lines.back().centre) > tolerance) {
      lines.push_back({{}, Centre(b)});
      line_height = b.height;
    } else {
      line_height = std::min(line_height, b.height);
    }
    lines.back().boxes.push_back(i);
  }
  for (Line& l : lines) {
    std::sort(l.boxes.begin(), l.boxes.end(),
              [&](size_t a, size_t b) { return boxes[a].x < boxes[b].x; });
  }
  return lines;
}

std::string JoinLine(const std::vector<TextBox>& boxes, const std::vector<size_t>& line) {
  std::string out;
  for (size_t k = 0; k < line.size(); ++k) {
    // Words far apart (the cells of a table's header) keep a space between them.
    if (k > 0 && (boxes[line[k - 1]].space_after ||
                  boxes[line[k]].x - Right(boxes[line[k - 1]]) >= kWordGap * boxes[line[k]].height))
      out += ' ';
    out += boxes[line[k]].text;
  }
  return out;
}

// A label: words next to each other on one line, or the characters of a vertical label.
struct Segment {
  std::string text;
  double left = 0;
  double right = 0;
  double top = 0;
  double bottom = 0;
  std::vector<size_t> boxes;  // the boxes of `text`, in its order
  double centre() const { return (top + bottom) / 2; }
};

struct Table {
  std::vector<std::vector<size_t>> rows;  // number boxes of each row
  std::vector<double> centres;            // each row's centre
  double height = 0;                      // median number height
};

class PageBuilder {
 public:
  PageBuilder(std::vector<TextBox> boxes, std::vector<size_t> ids, std::vector<Extent> carried)
      : boxes_(std::move(boxes)), ids_(std::move(ids)), carried_(std::move(carried)) {}

  // The header columns of the page's last table that had a header (its own or carried).
  const std::vector<Extent>& last_header() const { return last_header_; }

  PageLayout Build() {
    PageLayout out;
    std::vector<size_t> all(boxes_.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    std::vector<Line> lines = GroupLines(boxes_, all);
    std::vector<Table> tables = FindTables(lines);
    used_.assign(boxes_.size(), false);
    struct Item {
      double centre;
      LayoutLine line;
    };
    std::vector<Item> items;
    for (const Table& t : tables) {
      table_header_.clear();
      std::vector<double> centres;
      std::vector<LayoutLine> rows = BuildTable(t, out.tables, centres);
      if (rows.empty()) continue;
      if (!table_header_.empty()) last_header_ = table_header_;
      for (size_t r = 0; r < rows.size(); ++r) items.push_back({centres[r], std::move(rows[r])});
      ++out.tables;
    }
    if (out.tables == 0) return out;
    std::vector<size_t> rest;
    for (size_t i = 0; i < boxes_.size(); ++i) {
      if (!used_[i]) rest.push_back(i);
    }
    for (const Line& l : GroupLines(boxes_, rest)) {
      LayoutLine line;
      line.text = JoinLine(boxes_, l.boxes);
      items.push_back({l.centre, std::move(line)});
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const Item& a, const Item& b) { return a.centre < b.centre; });
    for (Item& i : items) out.lines.push_back(std::move(i.line));
    return out;
  }

 private:
  // Rows of numbers that stand apart from their neighbours, grouped into tables.
  std::vector<Table> FindTables(const std::vector<Line>& lines) {
    std::vector<std::vector<size_t>> rows;
    std::vector<double> centres;
    // For each row: did a line between it and the row before reach into the number columns
    // (a header, a heading, prose)? Then a wide gap ends the table.
    std::vector<bool> crossed;
    // For each row: the centre of the last line before it that continues the table, the row
    // before or a row label after it. Rows whose cells a report leaves blank are label lines
    // only (上海市 2019: four such rows, eight lines, between （三）1 and （三）5).
    std::vector<double> reached;
    double reach = -std::numeric_limits<double>::infinity();
    double numbers_left = std::numeric_limits<double>::infinity();
    bool crossing = false;
    for (const Line& l : lines) {
      std::vector<size_t> cells;
      for (size_t k = 0; k < l.boxes.size(); ++k) {
        const TextBox& b = boxes_[l.boxes[k]];
        if (!IsNumberText(b.text)) continue;
        double gap = kCellGap * b.height;
        bool apart_left = k == 0 || b.x - Right(boxes_[l.boxes[k - 1]]) >= gap;
        bool apart_right = k + 1 == l.boxes.size() || boxes_[l.boxes[k + 1]].x - Right(b) >= gap;
        if (apart_left && apart_right) cells.push_back(l.boxes[k]);
      }
      if (cells.empty()) {
        std::vector<double> heights;
        for (size_t i : l.boxes) {
          crossing = crossing || Right(boxes_[i]) > numbers_left;
          heights.push_back(boxes_[i].height);
        }
        if (!crossing && l.centre - reach <= kLabelledRowPitch * Median(heights)) reach = l.centre;
        continue;
      }
      // The number columns start at the row's first number (a row label may stand where
      // the previous table had numbers, never the other way).
      numbers_left = boxes_[cells.front()].x;
      for (size_t i : cells) numbers_left = std::min(numbers_left, boxes_[i].x);
      rows.push_back(std::move(cells));
      centres.push_back(l.centre);
      crossed.push_back(crossing);
      reached.push_back(reach);
      reach = l.centre;
      crossing = false;
    }
    std::vector<Table> tables;
    for (size_t r = 0; r < rows.size(); ++r) {
      std::vector<double> heights;
      for (size_t i : rows[r]) heights.push_back(boxes_[i].height);
      double h = Median(heights);
      double gap = tables.empty() ? 0 : centres[r] - tables.back().centres.back();
      bool same =
          !tables.empty() && (gap <= kRowPitch * h ||
                              (!crossed[r] && centres[r] - reached[r] <= kLabelledRowPitch * h));
      if (!same) {
        tables.emplace_back();
        tables.back().height = h;
      }
      tables.back().rows.push_back(rows[r]);
      tables.back().centres.push_back(centres[r]);
    }
    for (Table& t : tables) {
      std::vector<double> heights;
      for (const auto& row : t.rows) {
        for (size_t i : row) heights.push_back(boxes_[i].height);
      }
      t.height = Median(heights);
    }
    return tables;
  }

  // The table's rows as cells; empty when what was found is no table (one lone number).
  // `centres` gets each row's centre.
  std::vector<LayoutLine> BuildTable(const Table& t, int index, std::vector<double>& centres) {
    const double h = t.height;
    std::map<size_t, int> number_column;
    const int number_columns = NumberColumns(t, number_column);
    // Row bands: from halfway to the previous row to halfway to the next; the first and last
    // reach one number height out, so that a header above is not taken for a label.
    const size_t n = t.rows.size();
    std::vector<double> top(n), bottom(n);
    for (size_t r = 0; r < n; ++r) {
      top[r] = r == 0 ? t.centres[r] - h : (t.centres[r - 1] + t.centres[r]) / 2;
      bottom[r] = r + 1 == n ? t.centres[r] + h : (t.centres[r] + t.centres[r + 1]) / 2;
    }
    std::vector<bool> number(boxes_.size(), false);
    for (const auto& row : t.rows) {
      for (size_t i : row) number[i] = true;
    }
    // The other boxes inside the bands are labels.
    std::vector<size_t> labels;
    for (size_t i = 0; i < boxes_.size(); ++i) {
      if (used_[i] || number[i]) continue;
      double c = Centre(boxes_[i]);
      if (c >= top.front() && c < bottom.back()) labels.push_back(i);
    }
    std::vector<Segment> segments = Segments(labels);
    // Each label to the row whose band holds its centre.
    std::vector<std::vector<Segment>> row_labels(n);
    for (Segment& s : segments) {
      size_t r = 0;
      while (r + 1 < n && s.centre() >= bottom[r]) ++r;
      row_labels[r].push_back(std::move(s));
    }
    bool labelled =
        std::any_of(row_labels.begin(), row_labels.end(), [](const auto& l) { return !l.empty(); });
    // Rows without numbers (a report leaves zero cells blank) are label-only rows in the bands
    // of the rows with numbers.
    std::vector<double> row_centre = t.centres;
    for (size_t r = 0; r < n; ++r) {
      for (auto& [centre, segments] : LabelOnlyRows(row_labels[r], t.centres[r])) {
        row_labels.push_back(std::move(segments));
        row_centre.push_back(centre);
      }
    }
    const size_t all_rows = row_labels.size();
    if (!labelled && number_columns < 2) return {};
    // Where the number columns are: text there (two numbers too close to tell apart, a
    // note) takes the number column it stands in, so that no count is read past it.
    double numbers_left = std::numeric_limits<double>::infinity();
    std::map<int, std::pair<double, int>> column_centres;  // column -> (sum of x, count)
    for (const auto& [i, column] : number_column) {
      numbers_left = std::min(numbers_left, boxes_[i].x);
      auto& [sum, count] = column_centres[column];
      sum += boxes_[i].x + boxes_[i].width / 2;
      ++count;
    }
    auto in_numbers = [&](const Segment& s) { return s.left >= numbers_left - h / 2; };
    auto nearest_number_column = [&](const Segment& s) {
      double x = (s.left + s.right) / 2, best = std::numeric_limits<double>::infinity();
      int column = 0;
      for (const auto& [k, sc] : column_centres) {
        double d = std::abs(sc.first / sc.second - x);
        if (d < best) {
          best = d;
          column = k;
        }
      }
      return column;
    };
    // Label columns from the left edges of the label cells of all rows.
    std::vector<std::vector<Segment>> row_cells(all_rows);
    std::vector<double> lefts;
    for (size_t r = 0; r < all_rows; ++r) {
      row_cells[r] = Cells(std::move(row_labels[r]));
      for (const Segment& c : row_cells[r]) {
        if (!in_numbers(c)) lefts.push_back(c.left);
      }
    }
    std::sort(lefts.begin(), lefts.end());
    std::vector<double> label_columns;
    for (double x : lefts) {
      if (label_columns.empty() || x - label_columns.back() > kColumnSpread * h) {
        label_columns.push_back(x);
      }
    }
    auto label_column = [&](double left) {
      int c = 0;
      for (size_t k = 0; k < label_columns.size(); ++k) {
        if (left >= label_columns[k] - 0.5) c = static_cast<int>(k);
      }
      return c;
    };
    const int first_number = static_cast<int>(label_columns.size());
    std::vector<LayoutLine> out(all_rows);
    for (size_t r = 0; r < all_rows; ++r) {
      std::map<int, LayoutCell> cells;
      for (const Segment& s : row_cells[r]) {
        int column = in_numbers(s) ? first_number + nearest_number_column(s) : label_column(s.left);
        LayoutCell& cell = cells[column];
        if (!cell.text.empty() && in_numbers(s)) cell.text += ' ';
        cell.text += s.text;
        for (size_t i : s.boxes) cell.boxes.push_back(ids_[i]);
      }
      for (size_t i : r < n ? t.rows[r] : std::vector<size_t>()) {
        LayoutCell& cell = cells[first_number + number_column[i]];
        if (!cell.text.empty()) cell.text += ' ';
        cell.text += boxes_[i].text;
        cell.boxes.push_back(ids_[i]);
      }
      out[r].table = index;
      out[r].columns = first_number + number_columns;
      out[r].label_columns = first_number;
      for (auto& [column, cell] : cells) {
        cell.column = column;
        out[r].cells.push_back(std::move(cell));
      }
    }
    // Rows top to bottom.
    std::vector<size_t> order(all_rows);
    for (size_t r = 0; r < all_rows; ++r) order[r] = r;
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return row_centre[a] < row_centre[b]; });
    std::vector<LayoutLine> sorted;
    centres.clear();
    for (size_t r : order) {
      if (out[r].cells.empty()) continue;
      out[r].row = static_cast<int>(sorted.size());
      sorted.push_back(std::move(out[r]));
      centres.push_back(row_centre[r]);
    }
    out = std::move(sorted);
    for (size_t i : labels) used_[i] = true;
    for (const auto& row : t.rows) {
      for (size_t i : row) used_[i] = true;
    }
    return out;
  }

  // The labels of rows without numbers, taken out of `segments` (the labels in the band of
  // the row centred at `centre`): where one label column holds two items ("7.属于行政执法案卷"
  // above "8.属于行政查询事项" and its numbers), each item with the lines wrapped under it is a
  // row, and the rows but the one nearest `centre` have no numbers. Returns them with their
  // centres.
  static std::vector<std::pair<double, std::vector<Segment>>> LabelOnlyRows(
      std::vector<Segment>& segments, double centre) {
    std::sort(segments.begin(), segments.end(),
              [](const Segment& a, const Segment& b) { return a.top < b.top; });
    // Item groups: an item's first line and the lines under it up to the next item.
    struct Group {
      std::vector<size_t> members;
      double left, right, top, bottom;
      double line;  // the height of its first line
    };
    std::vector<Group> groups;
    std::vector<int> group_of(segments.size(), -1);
    for (size_t k = 0; k < segments.size(); ++k) {
      const Segment& s = segments[k];
      if (StartsItem(s.text)) {
        groups.push_back({{k}, s.left, s.right, s.top, s.bottom, s.bottom - s.top});
        group_of[k] = static_cast<int>(groups.size() - 1);
        continue;
      }
      // A wrapped line joins the lowest item above it in its column.
      for (size_t g = groups.size(); g-- > 0;) {
        Group& o = groups[g];
        if (s.left < o.right && o.left < s.right && s.top >= o.top) {
          o.members.push_back(k);
          o.right = std::max(o.right, s.right);
          o.bottom = std::max(o.bottom, s.bottom);
          group_of[k] = static_cast<int>(g);
          break;
        }
      }
    }
    // Which groups stand in one column with another, their items starting within three line
    // heights of each other (上海市 2019 indents （五）'s items more than （四）'s): only those can
    // be rows of their own. A group label run into a sub-item's line ("（六）其他处理正、行政
    // 机关…" beside "1.申请人…" in 金湖县 2023's text, seven heights left of it) is no row.
    auto same_column = [&](const Group& a, const Group& b) {
      double h = std::min(a.line, b.line);
      return std::abs(a.left - b.left) <= 3 * h && a.left < b.right && b.left < a.right;
    };
    std::vector<bool> stacked(groups.size(), false);
    for (size_t a = 0; a < groups.size(); ++a) {
      for (size_t b = a + 1; b < groups.size(); ++b) {
        if (same_column(groups[a], groups[b])) stacked[a] = stacked[b] = true;
      }
    }
    // In each column the group nearest the numbers keeps them.
    std::vector<bool> keeps(groups.size(), false);
    for (size_t a = 0; a < groups.size(); ++a) {
      if (!stacked[a]) continue;
      auto distance = [&](const Group& g) {
        return centre < g.top ? g.top - centre : centre > g.bottom ? centre - g.bottom : 0.0;
      };
      bool nearest = true;
      for (size_t b = 0; b < groups.size(); ++b) {
        if (b != a && same_column(groups[a], groups[b]) &&
            (distance(groups[b]) < distance(groups[a]) ||
             (distance(groups[b]) == distance(groups[a]) && b < a)))
          nearest = false;
      }
      keeps[a] = nearest;
    }
    std::vector<std::pair<double, std::vector<Segment>>> out;
    std::vector<bool> moved(segments.size(), false);
    for (size_t g = 0; g < groups.size(); ++g) {
      if (!stacked[g] || keeps[g]) continue;
      std::vector<Segment> row;
      for (size_t k : groups[g].members) {
        row.push_back(segments[k]);
        moved[k] = true;
      }
      out.emplace_back((groups[g].top + groups[g].bottom) / 2, std::move(row));
    }
    std::vector<Segment> kept;
    for (size_t k = 0; k < segments.size(); ++k) {
      if (!moved[k]) kept.push_back(std::move(segments[k]));
    }
    segments = std::move(kept);
    return out;
  }

  // The column of each number of the table (left to right; a column no number fills still
  // counts when the header names it); returns the number of columns. Numbers whose x-ranges
  // overlap, or whose centres are close, stand in one column; the header's columns then
  // decide: numbers under one header cell are one column even when they sit a few points
  // apart, and a header cell over no number is a blank column, as reports leave zero cells
  // empty. Without a header the numbers alone give the columns.
  int NumberColumns(const Table& t, std::map<size_t, int>& column_of) {
    const double h = t.height;
    std::vector<size_t> numbers;
    for (const auto& row : t.rows) numbers.insert(numbers.end(), row.begin(), row.end());
    auto centre_x = [&](size_t i) { return boxes_[i].x + boxes_[i].width / 2; };
    std::sort(numbers.begin(), numbers.end(),
              [&](size_t a, size_t b) { return centre_x(a) < centre_x(b); });
    struct Cluster {
      Extent extent;
      double centre = 0;
      int members = 0;
      std::vector<size_t> boxes;
    };
    std::vector<Cluster> clusters;
    for (size_t i : numbers) {
      const TextBox& b = boxes_[i];
      Cluster* last = clusters.empty() ? nullptr : &clusters.back();
      bool joins = last != nullptr && (centre_x(i) - last->centre <= kColumnSpread * h ||
                                       (b.x < last->extent.right && Right(b) > last->extent.left));
      if (!joins) {
        clusters.push_back({{b.x, Right(b)}, 0, 0, {}});
        last = &clusters.back();
      }
      last->centre = (last->centre * last->members + centre_x(i)) / (last->members + 1);
      ++last->members;
      last->extent.left = std::min(last->extent.left, b.x);
      last->extent.right = std::max(last->extent.right, Right(b));
      last->boxes.push_back(i);
    }
    if (clusters.empty()) return 0;
    const Extent area{clusters.front().extent.left - h / 2, clusters.back().extent.right + h / 2};
    std::vector<Extent> header = HeaderColumns(t, area);
    // A table continued from the page before, or below a row the page leaves out, without
    // its header again: the header in force.
    if (header.size() < 2) {
      header.clear();
      std::vector<double> centres;
      for (const Cluster& c : clusters) centres.push_back(c.centre);
      std::vector<Extent> fitted =
          last_header_.empty() ? Fitted(carried_, centres, h) : last_header_;
      if (fitted.empty()) {
        int columns = FittedByRow(t, carried_, centres, column_of);
        if (columns > 0) return columns;
      }
      for (const Extent& e : fitted) {
        if (e.left < area.right && e.right > area.left) header.push_back(e);
      }
    }
    // Each cluster under the header cell it overlaps most; -1 when none.
    std::vector<int> under(clusters.size(), -1);
    for (size_t c = 0; c < clusters.size() && !header.empty(); ++c) {
      double best = 0;
      for (size_t k = 0; k < header.size(); ++k) {
        double overlap = std::min(clusters[c].extent.right, header[k].right) -
                         std::max(clusters[c].extent.left, header[k].left);
        if (overlap > best) {
          best = overlap;
          under[c] = static_cast<int>(k);
        }
      }
    }
    // A number just beside a header cell over no other number stands under it: a text copied
    // from a PDF rounds positions to whole characters (上海市 2019's text sets 法律服务机构's
    // 2 one character right of its header word), so a number a character off its cell is
    // the cell's, the columns kept in order. Numbers are placed left to right and right to
    // left, and the way that places more is taken (a number midway between two free cells
    // goes to the one the next number does not need).
    if (!header.empty()) {
      auto place = [&](bool rightwards) {
        std::vector<int> placed = under;
        for (size_t n = 0; n < clusters.size(); ++n) {
          size_t c = rightwards ? n : clusters.size() - 1 - n;
          if (placed[c] >= 0) continue;
          int below = -1, above = static_cast<int>(header.size());
          for (size_t o = 0; o < clusters.size(); ++o) {
            if (placed[o] < 0) continue;
            if (o < c) below = std::max(below, placed[o]);
            if (o > c) above = std::min(above, placed[o]);
          }
          double best = h;
          for (int k = below + 1; k < above; ++k) {
            const Extent& e = header[static_cast<size_t>(k)];
            double gap =
                std::max(e.left - clusters[c].extent.right, clusters[c].extent.left - e.right);
            bool taken = std::find(placed.begin(), placed.end(), k) != placed.end();
            if (!taken && gap <= best && (placed[c] < 0 || gap < best)) {
              best = gap;
              placed[c] = k;
            }
          }
        }
        return placed;
      };
      std::vector<int> right = place(true), left = place(false);
      auto count = [](const std::vector<int>& v) {
        return std::count_if(v.begin(), v.end(), [](int u) { return u >= 0; });
      };
      under = count(left) > count(right) ? left : right;
    }
    // A report table names every column in its header: numbers under no header cell, and
    // fewer cells than columns of numbers, is no header of them (a text copied from a PDF
    // runs the words of a header of several rows into each other's lines: 洪泽区 2024's).
    if (header.size() < clusters.size() && std::count(under.begin(), under.end(), -1) > 0)
      header.clear();
    // A header cell over columns far apart is no header (a line of prose above the table).
    for (size_t c = 1; c < clusters.size(); ++c) {
      if (under[c] >= 0 && under[c] == under[c - 1] &&
          clusters[c].centre - clusters[c - 1].centre > 2 * h)
        header.clear();
    }
    if (header.size() < 2) {
      header.clear();
      std::fill(under.begin(), under.end(), -1);
    }
    // The columns: the header's, and the clusters under none, by position.
    struct Column {
      double left;
      int header;   // index in `header`, or -1
      int cluster;  // a cluster under no header cell, or -1
    };
    std::vector<Column> columns;
    for (size_t k = 0; k < header.size(); ++k)
      columns.push_back({header[k].left, static_cast<int>(k), -1});
    for (size_t c = 0; c < clusters.size(); ++c) {
      if (under[c] < 0) columns.push_back({clusters[c].extent.left, -1, static_cast<int>(c)});
    }
    // The header as carried to the next page covers its numbers too: where a text copied
    // from a PDF set them is what the next page's numbers are fitted to.
    table_header_ = header;
    for (size_t c = 0; c < clusters.size(); ++c) {
      if (under[c] < 0) continue;
      Extent& e = table_header_[static_cast<size_t>(under[c])];
      e.left = std::min(e.left, clusters[c].extent.left);
      e.right = std::max(e.right, clusters[c].extent.right);
    }
    std::stable_sort(columns.begin(), columns.end(),
                     [](const Column& a, const Column& b) { return a.left < b.left; });
    for (size_t k = 0; k < columns.size(); ++k) {
      for (size_t c = 0; c < clusters.size(); ++c) {
        bool mine = columns[k].header >= 0 ? under[c] == columns[k].header
                                           : static_cast<int>(c) == columns[k].cluster;
        if (!mine) continue;
        for (size_t i : clusters[c].boxes) column_of[i] = static_cast<int>(k);
      }
    }
    return static_cast<int>(columns.size());
  }

  // The header of the page before, placed over this page's number columns (centres, left to
  // right): as it stands when every number falls under one of its cells, else moved and
  // stretched (x -> a·x + b) so that every number stands within a height of a column, each
  // cell widened over its numbers; none when no such move is found. A text copied from a PDF
  // counts columns in characters, and its page after a break may set the same columns a few
  // characters further right (上海市 2019's text: 自然人 at 22 on one page, at 27 on the
  // next) — or, as in that text, unevenly (商业企业 4 further, 法律服务机构 11): then no move
  // is returned, and FittedByRow fits the rows one by one.
  static std::vector<Extent> Fitted(const std::vector<Extent>& header,
                                    const std::vector<double>& centres, double h) {
    if (header.size() < 2 || centres.size() < 2) return header;
    auto middle = [](const Extent& e) { return (e.left + e.right) / 2; };
    // How many numbers stand within a height of a column's middle as moved, and how far off.
    auto score = [&](double a, double b) {
      int near = 0;
      double off = 0;
      for (double c : centres) {
        double d = std::numeric_limits<double>::infinity();
        for (const Extent& e : header) d = std::min(d, std::abs(c - a * middle(e) - b));
        if (d <= h) ++near;
        off += std::min(d, 2 * h);
      }
      return std::pair<int, double>(near, -off);
    };
    auto under = [&](double a, double b) {
      int n = 0;
      for (double c : centres) {
        for (const Extent& e : header) {
          if (c >= a * e.left + b && c <= a * e.right + b) {
            ++n;
            break;
          }
        }
      }
      return n;
    };
    const int all = static_cast<int>(centres.size());
    if (under(1, 0) == all) return header;
    auto best = score(1, 0);
    double best_a = 1, best_b = 0;
    for (size_t i = 0; i < centres.size(); ++i) {
      for (size_t k = i + 1; k < centres.size(); ++k) {
        for (size_t j = 0; j < header.size(); ++j) {
          for (size_t l = j + 1; l < header.size(); ++l) {
            double a = (centres[k] - centres[i]) / (middle(header[l]) - middle(header[j]));
            if (!(a >= 0.75 && a <= 1.34)) continue;
            double b = centres[i] - a * middle(header[j]);
            auto s = score(a, b);
            if (s > best) {
              best = s;
              best_a = a;
              best_b = b;
            }
          }
        }
      }
    }
    // A page whose numbers no move and stretch brings near the columns does not continue
    // them as far as can be told: its numbers alone give its columns.
    if (best.first < all) return {};
    // Each moved cell widened over the numbers nearest to it, so that they stand under it.
    std::vector<Extent> out;
    for (const Extent& e : header)
      out.push_back({best_a * e.left + best_b, best_a * e.right + best_b});
    for (double c : centres) {
      size_t nearest = 0;
      for (size_t k = 1; k < out.size(); ++k) {
        if (std::abs(c - middle(out[k])) < std::abs(c - middle(out[nearest]))) nearest = k;
      }
      if (std::abs(c - middle(out[nearest])) > h) continue;
      out[nearest].left = std::min(out[nearest].left, c);
      out[nearest].right = std::max(out[nearest].right, c);
    }
    return out;
  }

  // The header of the page before over a page whose numbers no one move and stretch brings
  // near its columns (Fitted): a text copied from a PDF sets each line on a character grid of
  // its own, so that the same column stands a few characters apart from line to line
  // (上海市 2019's second page of 表三, against its first: 自然人 5 characters right, 商业企业
  // 4 or 7, 法律服务机构 11, 总计 9). Each row's numbers, left to right, take distinct columns
  // in order; the move and stretch (x -> a·x + b) is the one under which they stand nearest
  // their columns in all, each within kRowFitReach heights. Sets each number's column and
  // returns the header's column count; 0 when no move places every row.
  int FittedByRow(const Table& t, const std::vector<Extent>& header,
                  const std::vector<double>& centres, std::map<size_t, int>& column_of) {
    const size_t columns = header.size();
    if (columns < 2 || centres.size() < 2) return 0;
    const double reach = kRowFitReach * t.height;
    auto centre_x = [&](size_t i) { return boxes_[i].x + boxes_[i].width / 2; };
    std::vector<std::vector<size_t>> rows;
    double numbers = 0;
    for (const auto& row : t.rows) {
      if (row.size() > columns) return 0;
      rows.push_back(row);
      std::sort(rows.back().begin(), rows.back().end(),
                [&](size_t a, size_t b) { return centre_x(a) < centre_x(b); });
      numbers += static_cast<double>(row.size());
    }
    const double pairs = static_cast<double>(centres.size()) * (centres.size() - 1) / 2 *
                         static_cast<double>(columns) * (columns - 1) / 2;
    if (pairs * numbers * static_cast<double>(columns) > kMaxRowFitWork) return 0;
    std::vector<double> middle;
    for (const Extent& e : header) middle.push_back((e.left + e.right) / 2);
    const double inf = std::numeric_limits<double>::infinity();
    // The least total distance of the rows' numbers to their columns as moved (infinity when a
    // row cannot be placed); with `place`, each number's column.
    auto cost = [&](double a, double b, std::map<size_t, int>* place) {
      double total = 0;
      std::vector<double> best;
      for (const auto& row : rows) {
        const size_t n = row.size();
        // best[i * (columns + 1) + k]: the first i numbers in the first k columns.
        best.assign((n + 1) * (columns + 1), inf);
        auto at = [&](size_t i, size_t k) -> double& { return best[i * (columns + 1) + k]; };
        for (size_t k = 0; k <= columns; ++k) at(0, k) = 0;
        for (size_t i = 1; i <= n; ++i) {
          for (size_t k = i; k <= columns; ++k) {
            double d = std::abs(centre_x(row[i - 1]) - (a * middle[k - 1] + b));
            at(i, k) = std::min(at(i, k - 1), d <= reach ? at(i - 1, k - 1) + d : inf);
          }
        }
        if (!(at(n, columns) < inf)) return inf;
        total += at(n, columns);
        if (place == nullptr) continue;
        for (size_t i = n, k = columns; i > 0; --k) {
          if (at(i, k) == at(i, k - 1)) continue;  // column k-1 left blank
          (*place)[row[i - 1]] = static_cast<int>(k - 1);
          --i;
        }
      }
      return total;
    };
    double best = inf, best_a = 1, best_b = 0;
    for (size_t i = 0; i < centres.size(); ++i) {
      for (size_t k = i + 1; k < centres.size(); ++k) {
        for (size_t j = 0; j < columns; ++j) {
          for (size_t l = j + 1; l < columns; ++l) {
            double a = (centres[k] - centres[i]) / (middle[l] - middle[j]);
            if (!(a >= 0.75 && a <= 1.34)) continue;
            double b = centres[i] - a * middle[j];
            double c = cost(a, b, nullptr);
            if (c < best) {
              best = c;
              best_a = a;
              best_b = b;
            }
          }
        }
      }
    }
    if (!(best < inf)) return 0;
    std::map<size_t, int> place;
    cost(best_a, best_b, &place);
    // The header as carried on: moved, each cell widened over its numbers.
    table_header_.clear();
    for (const Extent& e : header)
      table_header_.push_back({best_a * e.left + best_b, best_a * e.right + best_b});
    for (const auto& [box, column] : place) {
      Extent& e = table_header_[static_cast<size_t>(column)];
      e.left = std::min(e.left, boxes_[box].x);
      e.right = std::max(e.right, Right(boxes_[box]));
      column_of[box] = column;
    }
    return static_cast<int>(columns);
  }

  // The header's lowest cells over the number columns, left to right: the lines right above
  // the table's first row, up to a line in a larger font (the section's title) or a wide gap;
  // words wrapped in one cell ("商业企" / "业") are one cell; a cell with another below it
  // ("法人或其他组织" over "商业企业") spans columns and is left out.
  std::vector<Extent> HeaderColumns(const Table& t, const Extent& area) {
    const double h = t.height;
    const double first_top = t.centres.front() - h;
    std::vector<size_t> above;
    for (size_t i = 0; i < boxes_.size(); ++i) {
      double c = Centre(boxes_[i]);
      if (!used_[i] && c < first_top && c > first_top - kHeaderReach * h) above.push_back(i);
    }
    std::vector<Line> lines = GroupLines(boxes_, above);
    std::vector<size_t> header;
    double reference = 0;  // the height of the header's lowest line
    double upper = first_top;
    int taken = 0;
    for (size_t k = lines.size(); k-- > 0 && taken < kMaxHeaderLines; ++taken) {
      std::vector<double> heights;
      double top = upper, bottom = 0;
      for (size_t i : lines[k].boxes) {
        heights.push_back(boxes_[i].height);
        top = std::min(top, boxes_[i].y);
        bottom = std::max(bottom, Bottom(boxes_[i]));
      }
      double height = Median(heights);
      if (reference == 0) reference = height;
      if (height > 1.5 * reference || upper - bottom > kHeaderGap * std::max(reference, h)) break;
      header.insert(header.end(), lines[k].boxes.begin(), lines[k].boxes.end());
      upper = top;
    }
    std::vector<Segment> segments = Segments(header, kHeaderWordGap);
    std::sort(segments.begin(), segments.end(),
              [](const Segment& a, const Segment& b) { return a.top < b.top; });
    std::vector<Segment> cells;
    for (Segment& s : segments) {
      double height = s.bottom - s.top;
      auto wrapped = std::find_if(cells.begin(), cells.end(), [&](const Segment& c) {
        bool below = s.top >= c.bottom - height / 2 && s.top - c.bottom <= kHeaderWrapGap * height;
        bool aligned = std::abs(s.left - c.left) <= height / 2 ||
                       std::abs((s.left + s.right) - (c.left + c.right)) <= height;
        if (!below || !aligned) return false;
        // Other words of its line under the same cell make the line the header's next row
        // ("科研" "社会公" "法律服务" under "法人或其他组织"), not the cell's wrapped text.
        return std::none_of(segments.begin(), segments.end(), [&](const Segment& o) {
          return &o != &s && std::abs(o.top - s.top) < height / 2 && o.left < c.right &&
                 c.left < o.right;
        });
      });
      if (wrapped == cells.end()) {
        cells.push_back(std::move(s));
        continue;
      }
      wrapped->right = std::max(wrapped->right, s.right);
      wrapped->left = std::min(wrapped->left, s.left);
      wrapped->bottom = std::max(wrapped->bottom, s.bottom);
    }
    std::vector<Extent> out;
    for (const Segment& c : cells) {
      bool spans = std::any_of(cells.begin(), cells.end(), [&](const Segment& o) {
        return &o != &c && o.top >= c.bottom - (c.bottom - c.top) / 2 && o.left < c.right &&
               c.left < o.right;
      });
      // Columns right of the last number are blank columns (上海市 2019 表四 leaves all five
      // of 复议后起诉 blank); left of the first number the header names the row labels.
      if (!spans && c.right > area.left) out.push_back({c.left, c.right});
    }
    std::sort(out.begin(), out.end(),
              [](const Extent& a, const Extent& b) { return a.left < b.left; });
    return out;
  }

  // Label boxes as segments: a vertical label (a stack of narrow boxes, one or two characters
  // each, at one x) is one segment; words next to each other on a line are one segment.
  std::vector<Segment> Segments(const std::vector<size_t>& labels, double word_gap = kWordGap) {
    std::vector<bool> taken(boxes_.size(), false);
    std::vector<Segment> out;
    std::vector<size_t> narrow;
    // A character with a word right beside it on its line ("1." before "属于国家秘密", 1 pt
    // apart) is not part of a vertical label; a group label 4 pt beside it is another cell.
    auto alone = [&](size_t i) {
      const TextBox& b = boxes_[i];
      for (size_t j : labels) {
        const TextBox& o = boxes_[j];
        if (j == i || o.y >= Bottom(b) || b.y >= Bottom(o)) continue;
        double gap = o.x >= b.x ? o.x - Right(b) : b.x - Right(o);
        if (gap < kBesideGap * std::min(b.height, o.height)) return false;
      }
      return true;
    };
    for (size_t i : labels) {
      // One character, or two ("三、"), each about as wide as high.
      size_t chars = utf8::CountCodePoints(boxes_[i].text);
      if (chars <= 2 && boxes_[i].width <= boxes_[i].height * 1.2 * static_cast<double>(chars))
        narrow.push_back(i);
    }
    if (narrow.size() > kMaxStackCandidates) narrow.clear();
    std::erase_if(narrow, [&](size_t i) { return !alone(i); });
    std::sort(narrow.begin(), narrow.end(), [&](size_t a, size_t b) {
      return boxes_[a].y < boxes_[b].y || (boxes_[a].y == boxes_[b].y && a < b);
    });
    for (size_t k = 0; k < narrow.size(); ++k) {
      if (taken[narrow[k]]) continue;
      std::vector<size_t> stack = {narrow[k]};
      for (size_t j = k + 1; j < narrow.size(); ++j) {
        const TextBox& last = boxes_[stack.back()];
        const TextBox& b = boxes_[narrow[j]];
        if (taken[narrow[j]] || std::abs(b.x - last.x) > last.width / 2) continue;
        // Characters of a vertical label follow each other with almost no gap.
        if (b.y - Bottom(last) > kStackGap * last.height) break;
        if (b.y >= Bottom(last) - last.height / 2) stack.push_back(narrow[j]);
      }
      if (stack.size() < 3) continue;
      Segment s;
      s.left = boxes_[stack[0]].x;
      s.top = boxes_[stack[0]].y;
      s.right = s.left;
      for (size_t i : stack) {
        taken[i] = true;
        s.text += boxes_[i].text;
        s.boxes.push_back(i);
        s.right = std::max(s.right, Right(boxes_[i]));
        s.bottom = std::max(s.bottom, Bottom(boxes_[i]));
      }
      s.text.erase(std::remove(s.text.begin(), s.text.end(), ' '), s.text.end());
      out.push_back(std::move(s));
    }
    std::vector<size_t> rest;
    for (size_t i : labels) {
      if (!taken[i]) rest.push_back(i);
    }
    for (const Line& l : GroupLines(boxes_, rest)) {
      for (size_t k = 0; k < l.boxes.size(); ++k) {
        const TextBox& b = boxes_[l.boxes[k]];
        // Single characters spaced out to fill a cell ("总  计") stay one word.
        double gap = k > 0 && utf8::CountCodePoints(b.text) == 1 &&
                             utf8::CountCodePoints(boxes_[l.boxes[k - 1]].text) == 1
                         ? std::max(word_gap, kWordGap)
                         : word_gap;
        bool joins = k > 0 && b.x - out.back().right < gap * b.height;
        if (!joins) {
          out.push_back({"", b.x, Right(b), b.y, Bottom(b), {}});
        } else if (boxes_[l.boxes[k - 1]].space_after) {
          out.back().text += ' ';
        }
        Segment& s = out.back();
        s.text += b.text;
        s.boxes.push_back(l.boxes[k]);
        s.right = std::max(s.right, Right(b));
        s.top = std::min(s.top, b.y);
        s.bottom = std::max(s.bottom, Bottom(b));
      }
    }
    return out;
  }

  // The segments of one row as cells: segments whose x-ranges overlap are one cell (a label
  // wrapped over lines), read top to bottom; cells left to right.
  static std::vector<Segment> Cells(std::vector<Segment> segments) {
    std::sort(segments.begin(), segments.end(), [](const Segment& a, const Segment& b) {
      return a.top < b.top || (a.top == b.top && a.left < b.left);
    });
    std::vector<Segment> cells;
    for (Segment& s : segments) {
      auto it = std::find_if(cells.begin(), cells.end(), [&](const Segment& c) {
        return s.left < c.right && c.left < s.right;
      });
      if (it == cells.end()) {
        cells.push_back(std::move(s));
        continue;
      }
      it->text += s.text;
      it->boxes.insert(it->boxes.end(), s.boxes.begin(), s.boxes.end());
      it->left = std::min(it->left, s.left);
      it->right = std::max(it->right, s.right);
      it->bottom = std::max(it->bottom, s.bottom);
    }
    std::sort(cells.begin(), cells.end(),
              [](const Segment& a, const Segment& b) { return a.left < b.left; });
    return cells;
  }

  std::vector<TextBox> boxes_;
  std::vector<size_t> ids_;  // each box's index in LayOutPage's argument
  std::vector<bool> used_;
  std::vector<Extent> carried_;       // the previous page's last header
  std::vector<Extent> last_header_;   // the last header on this page
  std::vector<Extent> table_header_;  // the header of the table being built
};

}  // namespace

PageLayout LayOutPage(std::vector<TextBox> boxes, TableCarry* carry) {
  if (boxes.size() > kMaxBoxes) return {};
  std::vector<TextBox> kept;
  std::vector<size_t> ids;
  kept.reserve(boxes.size());
  for (size_t id = 0; id < boxes.size(); ++id) {
    TextBox& b = boxes[id];
    Clean(b.text);
    bool finite = std::isfinite(b.x) && std::isfinite(b.y) && std::isfinite(b.width) &&
                  std::isfinite(b.height);
    // Coordinates beyond any page size (damaged files) are not placed.
    bool sane = finite && b.width >= 0 && b.height > 0 && std::abs(b.x) < 1e6 &&
                std::abs(b.y) < 1e6 && b.width < 1e6 && b.height < 1e6;
    if (sane && !b.text.empty()) {
      kept.push_back(std::move(b));
      ids.push_back(id);
    }
  }
  std::vector<Extent> carried;
  if (carry != nullptr) {
    for (const auto& [left, right] : carry->columns) {
      if (std::isfinite(left) && std::isfinite(right) && left < right)
        carried.push_back({left, right});
    }
  }
  PageBuilder builder(std::move(kept), std::move(ids), std::move(carried));
  PageLayout out = builder.Build();
  if (carry != nullptr) {
    carry->columns.clear();
    for (const Extent& e : builder.last_header()) carry->columns.emplace_back(e.left, e.right);
  }
  return out;
}

}  // namespace cuomin::scanner::internal
