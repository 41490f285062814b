#include "scanner/read/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

namespace cuomin::scanner::internal {
namespace {

// ASan and its kin reserve terabytes of shadow address space, so an address-space limit
// would make every allocation in the child fail.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

}  // namespace

bool AddressSpaceLimitApplies() { return !kSanitized; }

std::string LimitReached(const ChildLimits& limits, const ChildOutcome& outcome) {
  if (outcome.timed_out || outcome.signal == SIGXCPU) {
    return "超过 " + std::to_string(limits.seconds) + " 秒的时限";
  }
  if (outcome.too_long)
    return "的输出超过 " + std::to_string(limits.max_output >> 20) + " MB 的上限";
  bool failed = outcome.signal != 0 || outcome.exit_code != 0;
  if (failed && AddressSpaceLimitApplies() && outcome.peak_rss >= limits.address_space / 2) {
    return "用到了 " + std::to_string(limits.address_space >> 20) + " MB 的内存上限";
  }
  return "";
}

bool WriteAll(int fd, std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

Result<ChildOutcome> RunInChild(const ChildLimits& limits, const std::function<int()>& body) {
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return Status::Error("无法启动子进程（pipe）");
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(out[0]);
    ::close(out[1]);
    return Status::Error("无法启动子进程（fork）");
  }
  if (pid == 0) {
    struct rlimit cpu = {static_cast<rlim_t>(limits.seconds),
                         static_cast<rlim_t>(limits.seconds) + 1};
    ::setrlimit(RLIMIT_CPU, &cpu);
    if (!kSanitized) {
      struct rlimit as = {limits.address_space, limits.address_space};
      ::setrlimit(RLIMIT_AS, &as);
    }
    int devnull = ::open("/dev/null", O_RDWR);
    ::dup2(devnull, STDIN_FILENO);
    ::dup2(devnull, STDERR_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    int code = 127;
    try {
      code = body();
    } catch (...) {
    }
    // _exit: no destructors or atexit handlers of the parent's objects run in the copy.
    ::_exit(code);
  }
  ::close(out[1]);
  ChildOutcome outcome;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limits.seconds);
  char buf[65536];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) {
      outcome.timed_out = true;
      break;
    }
    struct pollfd p = {out[0], POLLIN, 0};
    int ready = ::poll(&p, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      outcome.timed_out = true;
      break;
    }
    ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    outcome.output.append(buf, static_cast<size_t>(n));
    if (outcome.output.size() > limits.max_output) {
      outcome.too_long = true;
      break;
    }
  }
  ::close(out[0]);
  if (outcome.timed_out || outcome.too_long) ::kill(pid, SIGKILL);
  int status = 0;
  struct rusage usage = {};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  outcome.peak_rss = static_cast<size_t>(usage.ru_maxrss) * 1024;  // Linux gives kilobytes
  if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  return outcome;
}

}  // namespace cuomin::scanner::internal
