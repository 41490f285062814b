#include "scanner/finding.h"

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

}  // namespace cuomin::scanner
