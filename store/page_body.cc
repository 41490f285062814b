#include "store/page_body.h"

#include <zlib.h>

#include "store/site_store.h"

namespace cuomin::store {
namespace {

// Level 1: a scan writes every page it fetches; the fastest level already shrinks markup
// several times.
constexpr int kLevel = 1;

// One deflate stream per thread, reset for each body: compress2 sets up and frees ~270 KB of
// zlib state per call, which cost a small page three to four times its compression. A reset
// stream gives the same bytes as compress2 at the same level.
class Deflater {
 public:
  Deflater() { ok_ = deflateInit(&zs_, kLevel) == Z_OK; }
  ~Deflater() {
    if (ok_) deflateEnd(&zs_);
  }
  Deflater(const Deflater&) = delete;
  Deflater& operator=(const Deflater&) = delete;

  std::string Deflate(std::string_view body) {
    if (!ok_ || deflateReset(&zs_) != Z_OK) return std::string();
    std::string out(deflateBound(&zs_, static_cast<uLong>(body.size())), '\0');
    zs_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
    zs_.avail_in = static_cast<uInt>(body.size());
    zs_.next_out = reinterpret_cast<Bytef*>(out.data());
    zs_.avail_out = static_cast<uInt>(out.size());
    // deflateBound leaves room for the whole body in one call.
    if (deflate(&zs_, Z_FINISH) != Z_STREAM_END) return std::string();
    out.resize(zs_.total_out);
    return out;
  }

 private:
  z_stream zs_ = {};
  bool ok_ = false;
};

}  // namespace

std::string DeflateBody(std::string_view body) {
  // Bodies past what one call takes (4 GB) are not kept: the crawler's limit is far below.
  if (body.size() > 0xffffffffu / 2) return std::string();
  thread_local Deflater deflater;
  return deflater.Deflate(body);
}

std::string DeflatePageBody(std::string_view body) { return DeflateBody(body); }

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
