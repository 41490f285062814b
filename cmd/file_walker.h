// Turns the PATH arguments of `cuomin check` into the list of inputs, in a deterministic order:
// arguments as given, directories walked recursively in sorted name order.
#pragma once

#include <string>
#include <vector>

namespace cuomin::cmd {

struct Input {
  std::string path;   // file path, or "-" for standard input
  std::string error;  // non-empty: this input cannot be read (one Chinese line naming it)
};

// File name endings checked inside directories (case-insensitive). Files named on the command
// line are checked whatever their name.
inline constexpr const char* kCheckedExtensions[] = {
    ".txt", ".md", ".html", ".htm", ".shtml", ".docx", ".pdf", ".xlsx", ".xls", ".doc", ".ofd"};

// Expands `paths`: "-" and files stay as they are; directories are walked recursively, skipping
// hidden entries (".git", ".DS_Store"), Office lock files ("~$通知.docx") and directories
// already visited (symlink loops). A path that does not exist or a directory that cannot be
// listed becomes an Input with an error, in its place in the order.
std::vector<Input> ExpandPaths(const std::vector<std::string>& paths);

}  // namespace cuomin::cmd
