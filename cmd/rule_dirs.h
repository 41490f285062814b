// Where rules come from: the shipped dictionaries (found at run time) plus the user's --rules
// directories.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"

namespace cuomin::cmd {

// The shipped dictionaries directory, first found of:
//   1. $CUOMIN_DICTIONARIES (an error when set but not a directory: the user meant it);
//   2. <executable dir>/../share/cuomin/dictionaries (an installed cuomin);
//   3. the source tree's dictionaries/ (CUOMIN_DICTIONARY_DIR, for a build tree).
Result<std::string> DefaultDictionaryDir();

// The rule directories to load: the shipped one unless `no_default`, then `extra` in order.
// Every directory must exist; the error names the first that does not.
Result<std::vector<std::string>> ResolveRuleDirs(bool no_default,
                                                 const std::vector<std::string>& extra);

}  // namespace cuomin::cmd
