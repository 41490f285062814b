// cuomin serve / user / unit / audit: the review server and its administration.
#pragma once

#include <string_view>
#include <vector>

namespace cuomin::cmd {

int RunServe(const std::vector<std::string_view>& args);
int RunUser(const std::vector<std::string_view>& args);
int RunUnit(const std::vector<std::string_view>& args);
int RunAudit(const std::vector<std::string_view>& args);

}  // namespace cuomin::cmd
