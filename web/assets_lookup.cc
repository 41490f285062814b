#include <algorithm>
#include <cstddef>
#include <string_view>

#include "server/assets.h"

namespace cuomin::server {
namespace internal {
// Defined in the generated web_assets.cc, sorted by path.
extern const Asset kAssets[];
extern const std::size_t kAssetCount;
}  // namespace internal

const Asset* AssetsBegin() { return internal::kAssets; }
const Asset* AssetsEnd() { return internal::kAssets + internal::kAssetCount; }

const Asset* FindAsset(std::string_view path) {
  if (size_t q = path.find_first_of("?#"); q != std::string_view::npos) path = path.substr(0, q);
  if (path.empty() || path == "/") path = "/index.html";
  const Asset* end = AssetsEnd();
  const Asset* it = std::lower_bound(AssetsBegin(), end, path,
                                     [](const Asset& a, std::string_view p) { return a.path < p; });
  return it != end && it->path == path ? it : nullptr;
}

}  // namespace cuomin::server
