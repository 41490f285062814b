#include "scanner/finding.h"

#include <algorithm>
#include <array>
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
// since a leaked ID number is a leak however blurred.
constexpr int kLowOcrConfidence = 70;

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
  bool lowers = f.category == Category::kTypo || f.category == Category::kPunctuation ||
                f.category == Category::kFormat;
  if (r->ocr && r->confidence >= 0 && r->confidence < kLowOcrConfidence && lowers &&
      f.severity > Severity::kInfo) {
    f.severity = static_cast<Severity>(static_cast<int>(f.severity) - 1);
    f.message += "（OCR 识别置信度 " + std::to_string(r->confidence) + "%，可能是识别错误）";
  }
}

}  // namespace cuomin::scanner
