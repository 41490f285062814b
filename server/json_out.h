// The API's JSON writer is the one in common/ (shared with the finding serialiser).
#pragma once

#include "common/json_out.h"

namespace cuomin::server {
using JsonOut = cuomin::JsonOut;
}  // namespace cuomin::server
