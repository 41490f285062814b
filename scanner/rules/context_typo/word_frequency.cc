#include "scanner/rules/context_typo/word_frequency.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <vector>

#include "common/utf8.h"
#include "scanner/rules/rule_data_file.h"

namespace cuomin::scanner::lm {

Result<std::shared_ptr<const WordFrequency>> WordFrequency::Parse(std::string_view text,
                                                                  const std::string& name) {
  auto table = std::make_shared<WordFrequency>();
  // About one word per 12 bytes: reserve once rather than rehash while growing.
  table->counts_.Reserve(text.size() / 12 + 16);
  std::vector<char32_t> cps;
  double total = 0;
  int number = 0;
  for (size_t from = 0; from < text.size();) {
    size_t nl = text.find('\n', from);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(from, nl - from);
    from = nl + 1;
    ++number;
    if (number == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.empty() || line[0] == '#') continue;
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos)
      return Status::Error(name + ":" + std::to_string(number) + ": 应为“词<TAB>词频”");
    cps.clear();
    for (size_t p = 0; p < tab;) cps.push_back(utf8::Next(line, p));
    const std::string count_text(line.substr(tab + 1));
    const double count = std::strtod(count_text.c_str(), nullptr);
    if (cps.empty() || !(count > 0)) continue;
    const size_t before = table->counts_.size();
    const float* stored =
        table->counts_.Insert(HashWord(cps), static_cast<float>(std::log10(count)));
    // A word listed twice keeps its first count, here as in LogCount.
    if (table->counts_.size() != before && cps.size() >= 3 && *stored >= kCommonLogCount) {
      table->common_chars_.insert(table->common_chars_.end(), cps.begin(), cps.end());
      table->common_ends_.push_back(static_cast<uint32_t>(table->common_chars_.size()));
    }
    total += count;
  }
  table->log_total_ = total > 0 ? static_cast<float>(std::log10(total)) : 0;
  return std::shared_ptr<const WordFrequency>(std::move(table));
}

Result<std::shared_ptr<const WordFrequency>> WordFrequency::Shared(const std::string& path) {
  struct Entry {
    std::filesystem::file_time_type mtime;
    uintmax_t size = 0;
    std::shared_ptr<const WordFrequency> table;
  };
  static std::mutex mu;
  static auto* cache = new std::map<std::string, Entry>();
  if (Status regular = rules::CheckRegularFile(path); !regular.ok()) return regular;
  std::error_code ec;
  const std::string key = std::filesystem::weakly_canonical(path, ec).string();
  const auto mtime = std::filesystem::last_write_time(path, ec);
  const uintmax_t size = ec ? 0 : std::filesystem::file_size(path, ec);
  if (ec) return Status::Error(path + ": 无法读取词表文件");
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = cache->find(key);
      it != cache->end() && it->second.mtime == mtime && it->second.size == size)
    return it->second.table;
  Result<std::string> text = rules::ReadRuleDataFile(path);
  if (!text.ok()) return text.status();
  auto table = Parse(*text, path);
  if (!table.ok()) return table.status();
  (*cache)[key] = Entry{mtime, size, *table};
  return *table;
}

}  // namespace cuomin::scanner::lm
