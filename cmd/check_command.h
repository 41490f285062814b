// `cuomin check`: checks files, directories or standard input against the rules and prints
// the findings in one of the printer formats.
#pragma once

#include <string_view>
#include <vector>

namespace cuomin::cmd {

// Runs `cuomin check` with the arguments after "check"; returns the process exit code
// (kExitOk, kExitFindings, kExitError).
int RunCheck(const std::vector<std::string_view>& args);

// The help text of `cuomin check`.
extern const char kCheckHelp[];

}  // namespace cuomin::cmd
