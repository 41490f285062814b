// Running a reader's risky work in a child process, so that a hostile file can at worst kill
// the child: no crash, hang or runaway memory in the process that scans a whole site. Used for
// catdoc (.doc, an external program) and for FreeXL (.xls, a library that fuzzing showed to
// overflow a stack buffer and leak on damaged files).
#pragma once

#include <sys/resource.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

#include "common/status.h"

namespace cuomin::scanner::internal {

struct ChildLimits {
  int seconds = 30;                        // wall clock (parent) and CPU (child)
  rlim_t address_space = rlim_t{1} << 30;  // not applied in sanitizer builds
  size_t max_output = size_t{64} << 20;    // bytes read from the child's stdout
};

struct ChildOutcome {
  std::string output;      // what the child wrote to stdout, up to max_output
  bool timed_out = false;  // killed at the deadline
  bool too_long = false;   // killed when the output passed max_output
  int signal = 0;          // the signal that ended it, or 0
  int exit_code = -1;      // its exit code when it exited
  size_t peak_rss = 0;     // the most memory it held, in bytes (from wait4)
};

// Whether `address_space` is applied: not in sanitizer builds (see child_process.cc).
bool AddressSpaceLimitApplies();

// Forks; the child gets the limits, /dev/null as stdin and stderr, a pipe as stdout, and runs
// `body`, then exits with what body returns (or 127 if it throws). `body` may exec. It runs
// in a copy of a possibly multi-threaded process: it must not wait on locks that another
// thread could have held at the fork (the deadline ends it if it does). Errors only if the
// child could not be started.
Result<ChildOutcome> RunInChild(const ChildLimits& limits, const std::function<int()>& body);

// The limit that ended the child, in words for a message ("超过 30 秒的时限", "用到了 1024 MB
// 的内存上限", "的输出超过 64 MB 的上限"), or "" when it ended by itself. Hitting the address
// space shows as a failed allocation: a crash or an error exit, after the child held much of it;
// half is taken as the sign, as no program is told apart by how it reports running out.
std::string LimitReached(const ChildLimits& limits, const ChildOutcome& outcome);

// Writes all of `bytes` to fd, retrying short writes; false on error.
bool WriteAll(int fd, std::string_view bytes);

}  // namespace cuomin::scanner::internal
