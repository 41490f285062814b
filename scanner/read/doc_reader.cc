// Word 97-2003 .doc through catdoc (Debian package catdoc), run as a child process because no
// maintained library in Debian reads .doc in-process: no shell (execv with an argv), the
// bytes in a private temporary file, CPU time and address space capped by setrlimit in the
// child, a wall-clock deadline and an output cap in the parent. catdoc -w writes one paragraph
// per line, so a finding's line is the paragraph's number.
#include <unistd.h>

#include <string>

#include "scanner/read/child_process.h"
#include "scanner/read/encoding_internal.h"
#include "scanner/read/readers_internal.h"
#include "scanner/read/temp_file.h"

namespace cuomin::scanner::internal {
Status ReadDoc(std::string_view bytes, const ReadOptions& options, Document& doc) {
  const std::string& program = options.catdoc_program;
  if (::access(program.c_str(), X_OK) != 0) {
    return Status::Error("无法读取 .doc（缺少 catdoc：请安装 Debian 软件包 catdoc）");
  }
  TempFile file;
  if (Status s = WriteTempFile(bytes, "doc", file); !s.ok()) return s;
  ChildLimits limits;
  limits.seconds = static_cast<int>(options.child_seconds);
  limits.address_space = options.child_memory_bytes;
  // Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
  const char* argv[] = {"catdoc", "-w", "-d", "utf-8", "--", file.path.c_str(), nullptr};
  Result<ChildOutcome> child = RunInChild(limits, [&] {
    ::execv(program.c_str(), const_cast<char* const*>(argv));
    return 127;
  });
  if (!child.ok()) return child.status();
  if (std::string limit = LimitReached(limits, *child); !limit.empty()) {
    return Status::Error("读取 .doc 时 catdoc " + limit + "，未检查");
  }
  if (child->signal != 0) {
    return Status::Error("读取 .doc 时 catdoc 异常终止（信号 " + std::to_string(child->signal) +
                         "：文件可能已损坏），未检查");
  }
  if (child->exit_code != 0) {
    return Status::Error("不是有效的 .doc 文件（catdoc 无法读取，文件已损坏或已加密），未检查");
  }
  std::string& text = child->output;
  Result<Decoded> decoded = encoding::Decode(text, "UTF-8", "", nullptr);
  if (!decoded.ok()) return decoded.status();
  doc.original = std::move(decoded->text);
  // Each line is a paragraph already: nothing was wrapped.
  ReadTextLines(doc);
  return Status::Ok();
}

}  // namespace cuomin::scanner::internal
