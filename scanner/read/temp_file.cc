#include "scanner/read/temp_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace cuomin::scanner::internal {

TempFile::~TempFile() {
  if (!path.empty()) ::unlink(path.c_str());
}

Status WriteTempFile(std::string_view bytes, std::string_view kind, TempFile& file) {
  const char* dir = std::getenv("TMPDIR");
  std::string pattern = std::string(dir != nullptr && *dir ? dir : "/tmp") + "/cuomin-" +
                        std::string(kind) + "-XXXXXX";
  int fd = ::mkstemp(pattern.data());
  if (fd < 0) return Status::Error("无法创建临时文件读取 ." + std::string(kind));
  file.path = pattern;
  for (size_t done = 0; done < bytes.size();) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return Status::Error("无法写入临时文件读取 ." + std::string(kind));
    }
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  return Status::Ok();
}

}  // namespace cuomin::scanner::internal
