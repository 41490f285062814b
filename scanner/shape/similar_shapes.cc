#include "scanner/shape/similar_shapes.h"

#include <algorithm>
#include <fstream>

#include "common/utf8.h"

namespace cuomin::scanner::shape {

Result<SimilarShapes> SimilarShapes::Parse(const std::vector<std::pair<int, std::string>>& lines,
                                           const std::string& file) {
  SimilarShapes set;
  std::vector<std::pair<char32_t, char32_t>> reverse;  // (b, a): a lists b
  for (const auto& [number, line] : lines) {
    size_t tab = line.find('\t');
    std::string_view head = std::string_view(line).substr(0, tab);
    size_t p = 0;
    char32_t c = head.empty() ? 0 : utf8::Next(head, p);
    if (tab == std::string::npos || c == 0 || c == utf8::kReplacement || p != head.size()) {
      return Status::Error(file + ":" + std::to_string(number) + ": 应为“字<TAB>形近字”");
    }
    std::string_view rest = std::string_view(line).substr(tab + 1);
    auto& list = set.by_char_[c];
    for (size_t q = 0; q < rest.size();) {
      char32_t o = utf8::Next(rest, q);
      if (o == utf8::kReplacement || o == '\t' || o == ' ')
        return Status::Error(file + ":" + std::to_string(number) + ": 形近字列应只含汉字");
      if (o == c || std::find(list.begin(), list.end(), o) != list.end()) continue;
      list.push_back(o);
      reverse.emplace_back(o, c);
    }
  }
  for (const auto& [b, a] : reverse) {
    auto& list = set.by_char_[b];
    if (std::find(list.begin(), list.end(), a) == list.end()) list.push_back(a);
  }
  return set;
}

Result<SimilarShapes> SimilarShapes::Load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::Error(path + ": 无法读取形近字表");
  std::vector<std::pair<int, std::string>> lines;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    lines.emplace_back(number, std::move(line));
  }
  return Parse(lines, path);
}

bool SimilarShapes::Similar(char32_t a, char32_t b) const {
  if (a == b) return false;
  auto list = Of(a);
  return std::find(list.begin(), list.end(), b) != list.end();
}

}  // namespace cuomin::scanner::shape
