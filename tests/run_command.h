// Runs a program the way a test needs it: standard output, standard error and the exit code
// apart, without a shell (each argument reaches the program as it is, a path with a space or
// a quote included), with an optional standard input and a time limit that ends a hang
// instead of stalling the suite.
#pragma once

#include <sys/types.h>

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cuomin::test_paths {

// A program that is running, as `CommandOptions::while_running` sees it.
struct RunningCommand {
  pid_t pid = 0;
  // What it has written to standard output so far (a copy; safe to call from any thread).
  std::function<std::string()> out_so_far;
};

struct CommandOptions {
  // Written to the program's standard input, which is then closed (it reads EOF at once when
  // this is empty).
  std::string stdin_text;
  // After this many seconds the program is killed (SIGKILL) and `timed_out` set.
  double time_limit_seconds = 300;
  // RLIMIT_FSIZE for the program, with SIGXFSZ ignored: a write past it fails with EFBIG, as
  // on a full disk.
  std::optional<off_t> file_size_limit;
  // Run as this user and group (the test process must be root to give them).
  std::optional<std::pair<uid_t, gid_t>> run_as;
  // Called on a thread of its own once the program has started, while its output is being
  // read: a test that signals the program mid-run does it here, after waiting for what the
  // program has printed rather than for a time (which a loaded machine stretches). The program
  // is not reaped before this returns, so the pid cannot be another process's.
  std::function<void(const RunningCommand&)> while_running;
};

struct CommandResult {
  int exit_code = -1;  // -1 unless it exited
  int signal = 0;      // the signal that ended it, 0 if it exited
  bool timed_out = false;
  std::string out;  // standard output
  std::string err;  // standard error
  // Why the program could not be started ("" when it was).
  std::string start_error;

  // One line for a failed expectation: how it ended, then its standard error.
  std::string Describe() const;
};

// Runs argv[0] (a path, or a name looked up in PATH) with argv[1..].
CommandResult RunCommand(const std::vector<std::string>& argv, const CommandOptions& options = {});

// Runs the cuomin binary of this build with `args`.
CommandResult RunCuomin(const std::vector<std::string>& args, const CommandOptions& options = {});

// The non-empty lines of `text` (JSON Lines output, one finding a line).
std::vector<std::string> NonEmptyLines(const std::string& text);

}  // namespace cuomin::test_paths
