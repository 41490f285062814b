#include "scanner/rules/rule_data_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "common/errno_text.h"

namespace cuomin::scanner::rules {
namespace {

struct Fd {
  int fd;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::string MiB(size_t bytes) { return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MB"; }

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer.
Result<int> OpenRegular(const std::string& path, struct stat* st) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) return Status::Error(path + ": 无法打开（" + ErrnoText(errno) + "）");
  if (::fstat(fd, st) != 0 || !S_ISREG(st->st_mode)) {
    ::close(fd);
    return Status::Error(path + ": 不是普通文件（设备、管道或目录），不予读取");
  }
  return fd;
}

}  // namespace

Result<std::string> ReadRuleDataFile(const std::string& path, size_t max_bytes) {
  struct stat st {};
  Result<int> opened = OpenRegular(path, &st);
  if (!opened.ok()) return opened.status();
  Fd file{*opened};
  auto too_large = [&] {
    return Status::Error(path + ": 文件过大（超过 " + MiB(max_bytes) + " 的上限），不予读取");
  };
  if (static_cast<unsigned long long>(st.st_size) > max_bytes) return too_large();
  std::string out;
  out.reserve(static_cast<size_t>(st.st_size));
  // Read to the end rather than to st_size: the file may have grown since; the cap still holds.
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(file.fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::Error(path + ": 读取失败（" + ErrnoText(errno) + "）");
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > max_bytes) return too_large();
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

Status CheckRegularFile(const std::string& path) {
  struct stat st {};
  Result<int> opened = OpenRegular(path, &st);
  if (!opened.ok()) return opened.status();
  ::close(*opened);
  return Status::Ok();
}

}  // namespace cuomin::scanner::rules
