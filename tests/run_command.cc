// fork and execve rather than posix_spawn: the child may need a resource limit and a signal
// ignored before exec, which posix_spawn's attributes cannot say. The test process has threads
// (the loopback servers), so the child makes only async-signal-safe calls before exec.
#include "run_command.h"

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <thread>

#include "test_paths.h"

extern char** environ;

namespace cuomin::test_paths {
namespace {

// Both ends close on exec; the child's ends are dup2'd onto 0, 1 and 2, which do not.
bool Pipe(int fds[2]) { return ::pipe2(fds, O_CLOEXEC) == 0; }

void CloseFd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

[[noreturn]] void ExecChild(const char* path, char* const* argv, int in, int out, int err,
                            int report, const CommandOptions& options) {
  if (::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(err, 2) < 0) {
    int e = errno;
    (void)!::write(report, &e, sizeof e);
    ::_exit(127);
  }
  // As from a terminal: no signal blocked, SIGPIPE at its default (the test process may
  // ignore it, and an ignored signal stays ignored across exec).
  sigset_t none;
  ::sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  struct sigaction dfl = {};
  dfl.sa_handler = SIG_DFL;
  ::sigaction(SIGPIPE, &dfl, nullptr);
  if (options.file_size_limit) {
    struct rlimit lim = {static_cast<rlim_t>(*options.file_size_limit),
                         static_cast<rlim_t>(*options.file_size_limit)};
    struct sigaction ign = {};
    ign.sa_handler = SIG_IGN;
    ::setrlimit(RLIMIT_FSIZE, &lim);
    ::sigaction(SIGXFSZ, &ign, nullptr);
  }
  if (options.run_as) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(options.run_as->second) != 0 ||
        ::setuid(options.run_as->first) != 0) {
      int e = errno;
      (void)!::write(report, &e, sizeof e);
      ::_exit(127);
    }
  }
  ::execve(path, argv, environ);
  int e = errno;
  (void)!::write(report, &e, sizeof e);
  ::_exit(127);
}

// Writes what fits of `data` from `*written` on; SIGPIPE (the program closed its standard input
// early) is taken here instead of ending the test process.
bool WriteSome(int fd, const std::string& data, size_t* written) {
  sigset_t pipe_set, old;
  ::sigemptyset(&pipe_set);
  ::sigaddset(&pipe_set, SIGPIPE);
  ::pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
  ssize_t n = ::write(fd, data.data() + *written, data.size() - *written);
  bool ok = n >= 0 || errno == EAGAIN || errno == EINTR;
  if (n < 0 && errno == EPIPE) {
    struct timespec zero = {0, 0};
    ::sigtimedwait(&pipe_set, nullptr, &zero);
  }
  ::pthread_sigmask(SIG_SETMASK, &old, nullptr);
  if (n > 0) *written += static_cast<size_t>(n);
  return ok;
}

// Appends what is there to read; false at end of file or on an error.
bool ReadSome(int fd, std::string* to) {
  char buf[65536];
  ssize_t n = ::read(fd, buf, sizeof buf);
  if (n > 0) {
    to->append(buf, static_cast<size_t>(n));
    return true;
  }
  return n < 0 && (errno == EINTR || errno == EAGAIN);
}

// `name` as a shell finds it: itself when it has a slash, else the first executable file of
// that name in PATH. Looked up before fork, as the child may not allocate.
std::string FindProgram(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
  size_t i = 0;
  while (i <= dirs.size()) {
    size_t e = dirs.find(':', i);
    if (e == std::string::npos) e = dirs.size();
    std::string dir = e > i ? dirs.substr(i, e - i) : ".";
    std::string candidate = dir + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    i = e + 1;
  }
  return name;  // execve fails with ENOENT, which is reported
}

}  // namespace

std::string CommandResult::Describe() const {
  std::string how;
  if (!start_error.empty()) {
    how = "not started: " + start_error;
  } else if (timed_out) {
    how = "killed at its time limit";
  } else if (signal != 0) {
    how = "ended by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  } else {
    how = "exit " + std::to_string(exit_code);
  }
  return how + "; stderr:\n" + err;
}

CommandResult RunCommand(const std::vector<std::string>& argv, const CommandOptions& options) {
  CommandResult r;
  if (argv.empty()) {
    r.start_error = "no program given";
    return r;
  }
  const std::string program = FindProgram(argv[0]);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);

  int in[2] = {-1, -1}, out[2] = {-1, -1}, err[2] = {-1, -1}, report[2] = {-1, -1};
  auto close_all = [&] {
    for (int* p : {in, out, err, report}) {
      CloseFd(p[0]);
      CloseFd(p[1]);
    }
  };
  if (!Pipe(in) || !Pipe(out) || !Pipe(err) || !Pipe(report)) {
    r.start_error = std::string("pipe: ") + std::strerror(errno);
    close_all();
    return r;
  }
  pid_t pid = ::fork();
  if (pid < 0) {
    r.start_error = std::string("fork: ") + std::strerror(errno);
    close_all();
    return r;
  }
  if (pid == 0) ExecChild(program.c_str(), args.data(), in[0], out[1], err[1], report[1], options);
  CloseFd(in[0]);
  CloseFd(out[1]);
  CloseFd(err[1]);
  CloseFd(report[1]);

  // The exec either happened (the report pipe closes, empty) or failed (it carries errno).
  int exec_errno = 0;
  ssize_t got;
  do {
    got = ::read(report[0], &exec_errno, sizeof exec_errno);
  } while (got < 0 && errno == EINTR);
  CloseFd(report[0]);
  if (got == static_cast<ssize_t>(sizeof exec_errno)) {
    r.start_error = argv[0] + ": " + std::strerror(exec_errno);
    close_all();
    int status;
    ::waitpid(pid, &status, 0);
    return r;
  }

  // r.out grows on this thread while while_running may read it on its own.
  std::mutex out_mutex;
  RunningCommand running;
  running.pid = pid;
  running.out_so_far = [&] {
    std::lock_guard<std::mutex> lock(out_mutex);
    return r.out;
  };
  std::thread beside;
  if (options.while_running) beside = std::thread(options.while_running, std::cref(running));
  for (int fd : {in[1], out[0], err[0]}) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  size_t written = 0;
  if (options.stdin_text.empty()) CloseFd(in[1]);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::duration<double>(options.time_limit_seconds));
  while (out[0] >= 0 || err[0] >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      ::kill(pid, SIGKILL);
      r.timed_out = true;
      break;
    }
    pollfd fds[3] = {{in[1], POLLOUT, 0}, {out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int n = ::poll(fds, 3, static_cast<int>(std::min<long long>(left.count(), 1000)));
    if (n < 0 && errno != EINTR) break;
    if (n <= 0) continue;
    if (fds[0].revents != 0) {
      if (!WriteSome(in[1], options.stdin_text, &written) || written == options.stdin_text.size() ||
          (fds[0].revents & (POLLERR | POLLHUP)))
        CloseFd(in[1]);
    }
    if (fds[1].revents != 0) {
      std::string got_out;
      bool open = ReadSome(out[0], &got_out);
      {
        std::lock_guard<std::mutex> lock(out_mutex);
        r.out += got_out;
      }
      if (!open) CloseFd(out[0]);
    }
    if (fds[2].revents != 0 && !ReadSome(err[0], &r.err)) CloseFd(err[0]);
  }
  close_all();
  if (beside.joinable()) beside.join();
  int status = 0;
  pid_t w;
  do {
    w = ::waitpid(pid, &status, 0);
  } while (w < 0 && errno == EINTR);
  if (w == pid && WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (w == pid && WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  return r;
}

CommandResult RunCuomin(const std::vector<std::string>& args, const CommandOptions& options) {
  std::vector<std::string> argv = {Binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, options);
}

std::vector<std::string> NonEmptyLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t i = 0;
  while (i < text.size()) {
    size_t e = text.find('\n', i);
    if (e == std::string::npos) e = text.size();
    if (e > i) lines.push_back(text.substr(i, e - i));
    i = e + 1;
  }
  return lines;
}

}  // namespace cuomin::test_paths
