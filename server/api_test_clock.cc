// The test clock's route: an end-to-end test of a running server moves its time forward to
// see what a later day shows (a deadline passed, an entry overdue) without touching the
// database behind the server's back. Served only by `cuomin serve --test-clock`, on loopback.
#include <iostream>

#include "server/api.h"
#include "server/api_parse.h"

namespace cuomin::server {

using api_parse::Int;
using api_parse::Json;
using api_parse::ParseBody;

const std::vector<Route>& Api::TestRoutes() {
  static const std::vector<Route> routes = {
      {"POST", "/api/test/clock", Access::kUser, 4 << 10, &Api::AdvanceClock},
  };
  return routes;
}

ApiResponse Api::AdvanceClock(const ApiRequest& r) {
  if (options_.test_clock == nullptr) return Error(404, "not_found", "没有这个接口：" + r.path);
  if (r.actor->role != store::Role::kAdmin) {
    return Error(Status::PermissionDenied("只有管理员可以拨动测试时钟"));
  }
  Result<api_parse::json> body = ParseBody(r);
  if (!body.ok()) return Error(body.status());
  constexpr int64_t kMaxStep = 366 * 24 * 3600;
  Result<int64_t> seconds = Int(*body, "advance_seconds", 0);
  if (!seconds.ok()) return Error(seconds.status());
  if (*seconds < 1 || *seconds > kMaxStep) {
    return Error(Status::InvalidInput("advance_seconds 应在 1 到 " + std::to_string(kMaxStep) +
                                      " 之间（时钟只能向前拨）"));
  }
  options_.test_clock->Advance(*seconds);
  const int64_t now = options_.test_clock->Now();
  std::cerr << "cuomin serve: 测试时钟拨快 " << *seconds << " 秒，现在是 " << review::FormatUtc(now)
            << "\n";
  return Json(200, {{"now", now},
                    {"now_utc", review::FormatUtc(now)},
                    {"offset_seconds", options_.test_clock->offset()}});
}

}  // namespace cuomin::server
