#include <re2/re2.h>

#include <algorithm>
#include <filesystem>

#include "scanner/rules/context_typo/word_frequency.h"
#include "scanner/rules/rule.h"
#include "scanner/rules/rule_data_file.h"

namespace cuomin::scanner::rules {

std::string LoadContext::Path(const std::string& relative) const {
  return (std::filesystem::path(file).parent_path() / relative).string();
}

Result<std::shared_ptr<const lm::WordFrequency>> LoadContext::Vocabulary(
    const YAML::Node& rule) const {
  const YAML::Node v = rule["vocabulary"];
  if (!v) return std::shared_ptr<const lm::WordFrequency>();
  if (!v.IsScalar()) return Error(v, "vocabulary 应为词频表文件名");
  auto table = lm::WordFrequency::Shared(Path(v.as<std::string>("")));
  if (!table.ok()) return Error(v, table.status().message());
  return std::shared_ptr<const lm::WordFrequency>(std::move(*table));
}

Result<std::vector<std::pair<int, std::string>>> LoadContext::ReadList(
    const std::string& relative) const {
  Result<std::string> text = ReadRuleDataFile(Path(relative));
  if (!text.ok()) return text.status();
  std::vector<std::pair<int, std::string>> out;
  int number = 0;
  for (size_t from = 0; from < text->size();) {
    size_t nl = text->find('\n', from);
    if (nl == std::string::npos) nl = text->size();
    std::string line = text->substr(from, nl - from);
    from = nl + 1;
    ++number;
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // BOM
    size_t b = line.find_first_not_of(" \t\r");
    if (b == std::string::npos) continue;
    size_t e = line.find_last_not_of(" \t\r");
    line = line.substr(b, e - b + 1);
    if (line[0] == '#') continue;
    out.emplace_back(number, std::move(line));
  }
  return out;
}

Status LoadContext::Error(const YAML::Node& node, const std::string& message) const {
  int line = node.IsDefined() ? node.Mark().line + 1 : 0;
  if (line <= 0) return Status::Error(file + ": " + message);
  return Status::Error(file + ":" + std::to_string(line) + ": " + message);
}

Status LoadContext::CheckKeys(const YAML::Node& node, const std::vector<std::string>& keys,
                              const std::string& what) const {
  if (!node.IsMap()) return Status::Ok();
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>("");
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    std::string known;
    for (const std::string& k : keys) known += (known.empty() ? "" : "、") + k;
    return Error(kv.first, what + "中有未知字段 '" + key + "'（可用：" + known + "）");
  }
  return Status::Ok();
}

Status LoadContext::CheckRegexCost(const YAML::Node& node, const re2::RE2& re) const {
  if (!re.ok() || re.ProgramSize() <= kMaxRegexProgramSize) return Status::Ok();
  return Error(node, "正则表达式过于复杂（编译后 " + std::to_string(re.ProgramSize()) +
                         " 条指令，上限 " + std::to_string(kMaxRegexProgramSize) +
                         "），会拖慢每一段文本的检查：请缩小重复次数或拆成几条规则"
                         " (regex too costly to run on every block)");
}

}  // namespace cuomin::scanner::rules
