// The dashboard's static files (web/ and the few npm files it uses), compiled into the binary at
// build time by web/CMakeLists.txt, so that `cuomin serve` needs no files beside it and no
// outside network. The table is generated into the build directory; nothing generated is in git.
//
//   if (const Asset* a = FindAsset(request_path)) {
//     // 200 with a->content_type and a->bytes; ETag a->etag (quoted), 304 on If-None-Match.
//   }
//
// Link the target `cuomin_web_assets` to use it.
#pragma once

#include <string_view>

namespace cuomin::server {

struct Asset {
  std::string_view path;          // URL path, e.g. "/app/draft.js"; "/" is "/index.html"
  std::string_view content_type;  // e.g. "text/javascript; charset=utf-8"
  std::string_view bytes;         // the file's contents, exactly as in web/
  std::string_view etag;          // first 16 hex digits of the SHA-256 of `bytes`, unquoted
};

// The asset served at `path` ("/" and "" give "/index.html"; a query string is not part of the
// path), or nullptr. The table is immutable: safe from any thread, pointers valid forever.
const Asset* FindAsset(std::string_view path);

// Every asset, sorted by path (for tests and a start-up log line).
const Asset* AssetsBegin();
const Asset* AssetsEnd();

}  // namespace cuomin::server
