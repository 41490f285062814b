// What the engine reports: one flat Finding per problem, and the sink interface that printers
// and the store writer implement (matching apart from reporting).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scanner/document.h"

namespace cuomin::scanner {

enum class Severity { kInfo = 0, kMinor = 1, kMajor = 2, kCritical = 3 };

enum class Category {
  kTypo,         // 错别字
  kExpression,   // 严重表述错误
  kSensitive,    // 敏感词
  kPrivacy,      // 个人信息
  kSecrecy,      // 涉密标识
  kPunctuation,  // 标点符号
  kFormat,       // 格式（序号、日期、数字、全角半角、繁简）
  kLink,         // 链接
  kConsistency,  // 数据一致性
};

std::string_view ToString(Severity s);  // "critical", "major", "minor", "info"
std::string_view ToString(Category c);  // "typo", "expression", ...
std::optional<Severity> ParseSeverity(std::string_view s);
std::optional<Category> ParseCategory(std::string_view s);
std::string_view ChineseName(Severity s);  // 严重, 重要, 一般, 提示
std::string_view ChineseName(Category c);  // 错别字, 严重表述错误, ...

struct Finding {
  std::string source;  // file path or URL of the document
  std::string rule;    // rule id, e.g. "typo-words"
  Category category = Category::kTypo;
  Severity severity = Severity::kMajor;
  std::string message;     // Chinese explanation for the editor
  std::string text;        // the original text that was matched
  std::string suggestion;  // replacement text; empty when there is none to give
  size_t offset = 0;       // byte offset in Document::original (decoded UTF-8)
  size_t length = 0;       // byte length in Document::original
  size_t line = 0;         // 1-based, of offset
  size_t column = 0;       // 1-based, in code points
  size_t end_line = 0;     // of the last matched code point
  size_t end_column = 0;   // inclusive column of the last matched code point
  std::string context;     // the sentence around the match
  std::string rule_file;   // the rule file that produced it
  // Where in a paged or gridded file (PDF, OFD, spreadsheets, images); printers show only
  // what is set. For a finding with a page, `line` and `end_line` count from the page's top.
  int page = 0;            // 1-based page; 0 when the format has none
  std::string sheet;       // spreadsheet sheet, e.g. "名单"
  std::string cell;        // spreadsheet cell, e.g. "C17"
  std::optional<Box> box;  // OCR: the words' box in the image (or rendered page), in pixels
  bool ocr = false;        // the text was recognised by OCR from an image
};

// Fills page, sheet, cell, box and ocr from the region of doc holding f.offset, and makes
// line and end_line count from the page's top where the region says where the page starts.
// OCR text: the box is the one around every word the finding covers, and when their mean
// confidence over their characters is below the OCR threshold, a typo, punctuation or format
// finding is lowered one severity step and says so; privacy and secrecy keep theirs and ask for a
// look at the picture.
void SetRegionFields(const Document& doc, Finding& f);

// Deterministic order: by source, offset, length, rule.
bool FindingLess(const Finding& a, const Finding& b);

// Receives findings as documents are checked. Printers and the store writer implement it.
// Calls come from one thread at a time (the command serialises documents for output).
class FindingSink {
 public:
  virtual ~FindingSink() = default;
  // Called once per checked document with its findings, in FindingLess order.
  virtual void OnDocument(std::string_view source, const std::vector<Finding>& findings) = 0;
  // Called once after the last document.
  virtual void Finish() {}
};

}  // namespace cuomin::scanner
