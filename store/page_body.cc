#include "store/page_body.h"

#include <zlib.h>

namespace cuomin::store {

std::string DeflateBody(std::string_view body) {
  uLongf n = compressBound(static_cast<uLong>(body.size()));
  std::string out(n, '\0');
  // Level 1: a scan writes every page it fetches; the fastest level already shrinks markup
  // several times.
  if (compress2(reinterpret_cast<Bytef*>(out.data()), &n,
                reinterpret_cast<const Bytef*>(body.data()), static_cast<uLong>(body.size()),
                1) != Z_OK) {
    return std::string();
  }
  out.resize(n);
  return out;
}

Result<std::string> InflateBody(std::string_view deflated, size_t size) {
  std::string out(size, '\0');
  uLongf n = static_cast<uLongf>(size);
  int rc = uncompress(reinterpret_cast<Bytef*>(out.data()), &n,
                      reinterpret_cast<const Bytef*>(deflated.data()),
                      static_cast<uLong>(deflated.size()));
  if (rc != Z_OK || n != size) return Status::Internal("页面正文已损坏，无法读取");
  return out;
}

}  // namespace cuomin::store
