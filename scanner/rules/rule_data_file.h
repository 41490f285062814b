// Internal: reads a file that a rule file (or an allow file on the command line) names.
//
// Such a path is whatever the rule's author, or a fuzzer, wrote: /dev/zero would be read
// forever and a FIFO would block the open until someone writes to it. Only regular files are
// read, up to a size cap, and the open itself cannot block.
#pragma once

#include <cstddef>
#include <string>

#include "common/status.h"

namespace cuomin::scanner::rules {

// The largest word list, frequency table or rule file read (the largest shipped is 6 MB).
inline constexpr size_t kMaxRuleDataBytes = size_t{64} << 20;

// The whole file at `path`. Errors name the path and say what is wrong (not found, not a
// regular file, over `max_bytes`); the caller adds the rule file and line.
Result<std::string> ReadRuleDataFile(const std::string& path, size_t max_bytes = kMaxRuleDataBytes);

// Ok when `path` can be opened without blocking and is a regular file; for files another
// library then opens itself (the language model).
Status CheckRegularFile(const std::string& path);

}  // namespace cuomin::scanner::rules
