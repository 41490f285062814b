// `cuomin rules test|list`: runs the rules' own examples, lists the rules.
#pragma once

#include <string_view>
#include <vector>

namespace cuomin::cmd {

// Runs `cuomin rules` with the arguments after "rules"; returns the process exit code.
//   test [DIR]...: kExitOk when every example holds, kExitFindings when one fails,
//                  kExitError when a rule file is broken.
//   list:          kExitOk, or kExitError when the rules cannot be loaded.
int RunRules(const std::vector<std::string_view>& args);

extern const char kRulesHelp[];

}  // namespace cuomin::cmd
