#include "cmd/file_walker.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <set>
#include <system_error>
#include <utility>

namespace cuomin::cmd {
namespace fs = std::filesystem;
namespace {

bool HasCheckedExtension(const std::string& name) {
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* ext : kCheckedExtensions) {
    std::string_view e(ext);
    if (lower.size() > e.size() && lower.compare(lower.size() - e.size(), e.size(), e) == 0)
      return true;
  }
  return false;
}

bool IsSkippedName(const std::string& name) {
  return name.empty() || name[0] == '.' || name.rfind("~$", 0) == 0;
}

// In Chinese, like every message users see; the system's English text only as a last resort.
std::string Reason(const std::error_code& ec) {
  if (ec == std::errc::permission_denied || ec == std::errc::operation_not_permitted) {
    return "没有读取权限";
  }
  if (ec == std::errc::no_such_file_or_directory) return "文件或目录不存在";
  if (ec == std::errc::too_many_symbolic_link_levels) return "符号链接形成循环或层数过多";
  if (ec == std::errc::filename_too_long) return "路径过长";
  if (ec == std::errc::not_a_directory) return "路径中有一部分不是目录";
  if (ec == std::errc::io_error) return "输入/输出错误";
  return "无法访问（" + ec.message() + "）";
}

class Walker {
 public:
  explicit Walker(std::vector<Input>& out) : out_(out) {}

  void Walk(const fs::path& dir) {
    // stat() follows symlinks, so a linked directory is recognised by what it points at.
    struct stat st;
    if (::stat(dir.c_str(), &st) != 0) return;
    if (!visited_.insert({st.st_dev, st.st_ino}).second) return;  // a loop or a second link

    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      out_.push_back({dir.string(), dir.string() + ": 无法读取目录（" + Reason(ec) + "）"});
      return;
    }
    std::vector<std::pair<std::string, fs::path>> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      std::string name = it->path().filename().string();
      if (!IsSkippedName(name)) entries.emplace_back(name, it->path());
    }
    if (ec) {
      out_.push_back({dir.string(), dir.string() + ": 读取目录时出错（" + Reason(ec) + "）"});
    }
    std::sort(entries.begin(), entries.end());
    for (const auto& [name, path] : entries) {
      std::error_code sec;
      fs::file_status status = fs::status(path, sec);  // follows symlinks
      if (fs::is_directory(status)) {
        Walk(path);
      } else if (HasCheckedExtension(name)) {
        if (sec && sec != std::errc::no_such_file_or_directory) {
          out_.push_back({path.string(), path.string() + ": " + Reason(sec)});
        } else if (sec || !fs::exists(status)) {
          out_.push_back(
              {path.string(), path.string() + ": 文件不存在（符号链接指向的目标不存在）"});
        } else if (fs::is_regular_file(status)) {
          out_.push_back({path.string(), ""});
        }
      }
    }
  }

 private:
  std::vector<Input>& out_;
  std::set<std::pair<dev_t, ino_t>> visited_;
};

}  // namespace

std::vector<Input> ExpandPaths(const std::vector<std::string>& paths) {
  std::vector<Input> out;
  Walker walker(out);
  for (const std::string& p : paths) {
    if (p == "-") {
      out.push_back({p, ""});
      continue;
    }
    std::error_code ec;
    fs::file_status status = fs::status(p, ec);
    if (!fs::exists(status)) {
      std::string why =
          ec && ec != std::errc::no_such_file_or_directory ? Reason(ec) : "文件或目录不存在";
      out.push_back({p, p + ": " + why});
    } else if (fs::is_directory(status)) {
      walker.Walk(p);
    } else {
      // Named explicitly: checked whatever its extension; the reader reports what it cannot
      // read (permissions, a FIFO, a device).
      out.push_back({p, ""});
    }
  }
  return out;
}

}  // namespace cuomin::cmd
