#include "cmd/rule_dirs.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#ifndef CUOMIN_DICTIONARY_DIR
#define CUOMIN_DICTIONARY_DIR "dictionaries"
#endif

namespace cuomin::cmd {
namespace fs = std::filesystem;
namespace {

bool IsDirectory(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

}  // namespace

Result<std::string> DefaultDictionaryDir() {
  if (const char* env = std::getenv("CUOMIN_DICTIONARIES"); env != nullptr && *env != '\0') {
    if (!IsDirectory(env))
      return Status::Error(std::string("环境变量 CUOMIN_DICTIONARIES 指向的目录不存在：") + env);
    return std::string(env);
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "cuomin" / "dictionaries";
    if (IsDirectory(installed)) return installed.string();
  }
  if (IsDirectory(CUOMIN_DICTIONARY_DIR)) return std::string(CUOMIN_DICTIONARY_DIR);
  return Status::Error(
      "找不到内置规则目录（可设置环境变量 CUOMIN_DICTIONARIES，或用 --rules 指定规则目录）");
}

Result<std::vector<std::string>> ResolveRuleDirs(bool no_default,
                                                 const std::vector<std::string>& extra) {
  std::vector<std::string> dirs;
  if (!no_default) {
    Result<std::string> d = DefaultDictionaryDir();
    if (!d.ok()) return d.status();
    dirs.push_back(*d);
  }
  for (const std::string& e : extra) {
    if (!IsDirectory(e)) return Status::Error(e + ": 规则目录不存在或不是目录");
    dirs.push_back(e);
  }
  return dirs;
}

}  // namespace cuomin::cmd
