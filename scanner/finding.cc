#include "scanner/finding.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>

namespace cuomin::scanner {
namespace {

struct SeverityName {
  Severity value;
  std::string_view id;
  std::string_view chinese;
};
constexpr std::array<SeverityName, 4> kSeverities{{
    {Severity::kCritical, "critical", "严重"},
    {Severity::kMajor, "major", "重要"},
    {Severity::kMinor, "minor", "一般"},
    {Severity::kInfo, "info", "提示"},
}};

struct CategoryName {
  Category value;
  std::string_view id;
  std::string_view chinese;
};
constexpr std::array<CategoryName, 9> kCategories{{
    {Category::kTypo, "typo", "错别字"},
    {Category::kExpression, "expression", "严重表述错误"},
    {Category::kSensitive, "sensitive", "敏感词"},
    {Category::kPrivacy, "privacy", "个人信息"},
    {Category::kSecrecy, "secrecy", "涉密标识"},
    {Category::kPunctuation, "punctuation", "标点符号"},
    {Category::kFormat, "format", "格式规范"},
    {Category::kLink, "link", "链接"},
    {Category::kConsistency, "consistency", "数据一致性"},
}};

}  // namespace

std::string_view ToString(Severity s) {
  for (const auto& n : kSeverities)
    if (n.value == s) return n.id;
  return "?";
}
std::string_view ToString(Category c) {
  for (const auto& n : kCategories)
    if (n.value == c) return n.id;
  return "?";
}
std::string_view ChineseName(Severity s) {
  for (const auto& n : kSeverities)
    if (n.value == s) return n.chinese;
  return "?";
}
std::string_view ChineseName(Category c) {
  for (const auto& n : kCategories)
    if (n.value == c) return n.chinese;
  return "?";
}
std::optional<Severity> ParseSeverity(std::string_view s) {
  for (const auto& n : kSeverities)
    if (n.id == s) return n.value;
  return std::nullopt;
}
std::optional<Category> ParseCategory(std::string_view s) {
  for (const auto& n : kCategories)
    if (n.id == s) return n.value;
  return std::nullopt;
}

bool FindingLess(const Finding& a, const Finding& b) {
  return std::tie(a.source, a.offset, a.length, a.rule, a.text) <
         std::tie(b.source, b.offset, b.length, b.rule, b.text);
}

// Below this OCR confidence (0..100, Tesseract's word mean) a typo may be the scanner's, not
// the author's: such findings are lowered one step. Privacy and secrecy keep their severity,
// since a leaked ID number is a leak however blurred; they only ask for a look at the picture.
constexpr int kLowOcrConfidence = 70;

namespace {

// The OCR words a finding covers: their confidence, as the mean over their characters, and
// the box around them. Tesseract cuts Han text into words of one or two characters, so a typo
// of two characters is often two words, and one of them read badly makes the typo doubtful.
// The mean rather than the least: Tesseract is unsure of some clear glyphs (一 at 24% on a
// clean page), which alone must not lower a typo of four characters read well.
struct OcrSpan {
  int confidence = -1;
  std::optional<Box> box;
};

// Code points of `text` other than spaces and line breaks.
size_t Characters(std::string_view text) {
  size_t n = 0;
  for (char c : text) {
    auto b = static_cast<unsigned char>(c);
    if ((b & 0xC0) != 0x80 && b != ' ' && b != '\n') ++n;
  }
  return n;
}

void Widen(std::optional<Box>& box, const Box& b) {
  if (!box) {
    box = b;
    return;
  }
  int right = std::max(box->x + box->width, b.x + b.width);
  int bottom = std::max(box->y + box->height, b.y + b.height);
  box->x = std::min(box->x, b.x);
  box->y = std::min(box->y, b.y);
  box->width = right - box->x;
  box->height = bottom - box->y;
}

OcrSpan CoveredWords(const Document& doc, const Region* first, const Finding& f) {
  OcrSpan span;
  const size_t end = f.offset + std::max<size_t>(f.length, 1);
  const Region* last = doc.regions.data() + doc.regions.size();
  long long sum = 0, characters = 0;
  for (const Region* r = first; r != last && r->offset < end; ++r) {
    // A finding does not reach across pages; a word of another page is not its own.
    if (!r->ocr || r->page != first->page) break;
    size_t stop = r + 1 != last ? (r + 1)->offset : doc.original.size();
    size_t n = Characters(std::string_view(doc.original).substr(r->offset, stop - r->offset));
    if (r->confidence >= 0 && n > 0) {
      sum += static_cast<long long>(r->confidence) * static_cast<long long>(n);
      characters += static_cast<long long>(n);
    }
    if (r->has_box) Widen(span.box, r->box);
  }
  if (characters > 0) span.confidence = static_cast<int>((sum + characters / 2) / characters);
  return span;
}

}  // namespace

void SetRegionFields(const Document& doc, Finding& f) {
  const Region* r = RegionAt(doc, f.offset);
  if (r == nullptr) return;
  f.page = r->page;
  f.sheet = r->sheet;
  f.cell = r->cell;
  if (r->has_box) f.box = r->box;
  f.ocr = r->ocr;
  if (r->first_line > 0 && f.line >= r->first_line) {
    f.end_line -= std::min(f.end_line, r->first_line - 1);
    f.line -= r->first_line - 1;
  }
  if (!r->ocr) return;
  OcrSpan words = CoveredWords(doc, r, f);
  if (words.box) f.box = words.box;
  if (words.confidence < 0 || words.confidence >= kLowOcrConfidence) return;
  const std::string percent = std::to_string(words.confidence) + "%";
  bool lowers = f.category == Category::kTypo || f.category == Category::kPunctuation ||
                f.category == Category::kFormat;
  if (lowers && f.severity > Severity::kInfo) {
    f.severity = static_cast<Severity>(static_cast<int>(f.severity) - 1);
    f.message += "（OCR 识别置信度 " + percent + "，可能是识别错误）";
  } else if (f.category == Category::kPrivacy || f.category == Category::kSecrecy) {
    f.message += "（OCR 识别置信度 " + percent + "，请对照原图核对）";
  }
}

}  // namespace cuomin::scanner
