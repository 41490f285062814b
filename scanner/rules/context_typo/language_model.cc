#include "scanner/rules/context_typo/language_model.h"

#include <libime/core/languagemodel.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>

#include "scanner/rules/rule_data_file.h"

namespace cuomin::scanner::lm {
namespace {

// Debian's zh_CN.lm is 17 MB; a model is read whole for its vocabulary.
constexpr size_t kMaxModelBytes = size_t{1} << 30;

constexpr std::string_view kKenLmMagic = "mmap lm http://kheafield.com/code format version 5";

// KenLM writes the vocabulary after the model data as NUL-terminated words, starting with
// <unk>; libime offers no way to enumerate it, so it is read from the file directly.
Result<std::vector<std::string>> ReadVocabulary(const std::string& path) {
  Result<std::string> read = rules::ReadRuleDataFile(path, kMaxModelBytes);
  if (!read.ok()) return read.status();
  const std::string& data = *read;
  static constexpr std::string_view kUnk("<unk>\0", 6);
  size_t start = data.rfind(kUnk);
  if (start == std::string::npos)
    return Status::Error(path + ": 语言模型文件末尾没有词表（不是 KenLM 二进制格式？）");
  std::vector<std::string> words;
  for (size_t p = start; p < data.size();) {
    size_t e = data.find('\0', p);
    if (e == std::string::npos) e = data.size();
    if (e > p) words.emplace_back(data.data() + p, e - p);
    p = e + 1;
  }
  return words;
}

}  // namespace

struct LanguageModel::Impl {
  explicit Impl(const std::string& path) : model(path.c_str()) {}
  libime::LanguageModel model;
};

LanguageModel::~LanguageModel() = default;

Status LanguageModel::Probe(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    // libime opens the file itself: a device or a FIFO must not reach it.
    if (Status regular = rules::CheckRegularFile(path); !regular.ok()) return regular;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::Error(path +
                         ": 找不到语言模型文件（上下文错字检查需要它：apt-get install "
                         "libime-data-language-model）");
  }
  std::string head(kKenLmMagic.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  if (head != kKenLmMagic) return Status::Error(path + ": 不是 KenLM 二进制语言模型文件");
  return Status::Ok();
}

Result<std::shared_ptr<const LanguageModel>> LanguageModel::Open(const std::string& path) {
  static std::mutex mu;
  static auto* cache = new std::map<std::string, std::weak_ptr<const LanguageModel>>();
  std::lock_guard<std::mutex> lock(mu);
  if (auto found = (*cache)[path].lock()) return found;
  Status probe = Probe(path);
  if (!probe.ok()) return probe;
  std::shared_ptr<LanguageModel> lm(new LanguageModel());
  lm->path_ = path;
  // libime reports a broken file by throwing; it must not cross into the engine.
  try {
    lm->impl_ = std::make_unique<Impl>(path);
  } catch (const std::exception& e) {
    return Status::Error(path + ": 语言模型加载失败：" + e.what());
  }
  auto vocabulary = ReadVocabulary(path);
  if (!vocabulary.ok()) return vocabulary.status();
  lm->vocabulary_ = std::move(*vocabulary);
  (*cache)[path] = lm;
  return std::shared_ptr<const LanguageModel>(lm);
}

bool LanguageModel::Known(std::string_view word) const {
  return impl_->model.index(word) != impl_->model.unknown();
}

float LanguageModel::UnigramScore(std::string_view word) const {
  return impl_->model.singleWordScore(word);
}

float LanguageModel::UnknownScore() const { return impl_->model.singleWordScore("\x01"); }

float LanguageModel::SequenceScore(const std::vector<std::string_view>& words) const {
  return impl_->model.wordsScore(impl_->model.nullState(), words);
}

}  // namespace cuomin::scanner::lm
