// Internal to store/: a fetched page's body as the site tables keep it, deflated. The per-page
// view reads it again with the scanner's reader, so that findings land where the scan put them;
// government pages are mostly markup, which deflate shrinks several times.
#pragma once

#include <string>
#include <string_view>

#include "common/status.h"

namespace cuomin::store {

std::string DeflateBody(std::string_view body);
// `size`: the body's length before deflating, as recorded beside it.
Result<std::string> InflateBody(std::string_view deflated, size_t size);

}  // namespace cuomin::store
