// Word 97-2003 .doc through catdoc (Debian package catdoc), run as a child process because no
// maintained library in Debian reads .doc in-process: no shell (execv with an argv), the
// bytes in a private temporary file, CPU time and address space capped by setrlimit in the
// child, a wall-clock deadline and an output cap in the parent. catdoc -w writes one paragraph
// per line, so a finding's line is the paragraph's number.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <string>

#include "scanner/read/encoding_internal.h"
#include "scanner/read/readers_internal.h"
#include "scanner/read/temp_file.h"

namespace cuomin::scanner::internal {
namespace {

constexpr const char* kCatdoc = "/usr/bin/catdoc";
constexpr rlim_t kChildAddressSpace = rlim_t{1} << 30;  // 1 GB
constexpr size_t kMaxOutput = size_t{64} << 20;

}  // namespace

Status ReadDoc(std::string_view bytes, const ReadOptions& options, Document& doc) {
  if (::access(kCatdoc, X_OK) != 0) {
    return Status::Error("无法读取 .doc（缺少 catdoc：请安装 Debian 软件包 catdoc）");
  }
  TempFile file;
  if (Status s = WriteTempFile(bytes, "doc", file); !s.ok()) return s;
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return Status::Error("无法启动 catdoc（pipe）");
  int seconds = static_cast<int>(options.child_seconds);
  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  const char* argv[] = {"catdoc", "-w", "-d", "utf-8", "--", file.path.c_str(), nullptr};
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(out[0]);
    ::close(out[1]);
    return Status::Error("无法启动 catdoc（fork）");
  }
  if (pid == 0) {
    struct rlimit cpu = {static_cast<rlim_t>(seconds), static_cast<rlim_t>(seconds) + 1};
    struct rlimit as = {kChildAddressSpace, kChildAddressSpace};
    ::setrlimit(RLIMIT_CPU, &cpu);
    ::setrlimit(RLIMIT_AS, &as);
    int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, STDIN_FILENO);
    ::dup2(devnull, STDERR_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    ::execv(kCatdoc, const_cast<char* const*>(argv));
    ::_exit(127);
  }
  ::close(out[1]);
  std::string text;
  bool timed_out = false, too_long = false;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  char buf[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    struct pollfd p = {out[0], POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      timed_out = true;
      break;
    }
    ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    text.append(buf, static_cast<size_t>(n));
    if (text.size() > kMaxOutput) {
      too_long = true;
      break;
    }
  }
  ::close(out[0]);
  if (timed_out || too_long) ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (timed_out) {
    return Status::Error("读取 .doc 超时（" + std::to_string(seconds) + " 秒），未检查");
  }
  if (too_long) return Status::Error(".doc 的文字超过 64 MB，未检查");
  if (WIFSIGNALED(status)) {
    return Status::Error("读取 .doc 时 catdoc 异常终止（信号 " + std::to_string(WTERMSIG(status)) +
                         "：文件可能已损坏或超出资源上限），未检查");
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Status::Error("不是有效的 .doc 文件（catdoc 无法读取，文件已损坏或已加密），未检查");
  }
  Result<Decoded> decoded = encoding::Decode(text, "UTF-8", "", nullptr);
  if (!decoded.ok()) return decoded.status();
  doc.original = std::move(decoded->text);
  ReadTextBlocks(doc);
  return Status::Ok();
}

}  // namespace cuomin::scanner::internal
