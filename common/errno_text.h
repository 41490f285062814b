// What a failed open or read tells the user, in the users' language: one table for the
// readers of documents and the loaders of rule files, so the same failure reads the same.
#pragma once

#include <string>

namespace cuomin {

// The reason for errno `err` in Chinese where a user meets it (a missing file, no permission, a
// directory); any other as the C library words it.
std::string ErrnoText(int err);

}  // namespace cuomin
