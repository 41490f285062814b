// A private temporary copy of a document's bytes, for the readers whose library or tool reads
// only from a path (FreeXL for .xls, catdoc for .doc). The file is removed when it goes out of
// scope.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace cuomin::scanner::internal {

struct TempFile {
  TempFile() = default;
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  ~TempFile();
  std::string path;  // empty until WriteTempFile succeeds
};

// Writes bytes to a new file under $TMPDIR (or /tmp) made by mkstemp. `kind` names the format
// in the error message and the file name, e.g. "doc" gives "无法创建临时文件读取 .doc".
Status WriteTempFile(std::string_view bytes, std::string_view kind, TempFile& file);

}  // namespace cuomin::scanner::internal
