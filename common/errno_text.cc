#include "common/errno_text.h"

#include <cerrno>
#include <cstring>

namespace cuomin {

std::string ErrnoText(int err) {
  switch (err) {
    case ENOENT:
      return "没有那个文件或目录";
    case EACCES:
    case EPERM:
      return "权限不够";
    case EISDIR:
      return "是一个目录";
    case ENOTDIR:
      return "路径中有一部分不是目录";
    case ENOMEM:
      return "内存不足";
    case ELOOP:
      return "符号链接层数过多";
    case ENAMETOOLONG:
      return "文件名过长";
    case EIO:
      return "输入/输出错误";
    default:
      return std::strerror(err);
  }
}

}  // namespace cuomin
