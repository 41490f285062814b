// What every route file of the API shares: reading the query, the path's ids and the JSON
// body, and writing a JSON response. Plain functions over server/api.h's structs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "common/status.h"
#include "server/api.h"

namespace cuomin::server::api_parse {

using json = nlohmann::json;

// Messages are Chinese and may quote user text cut anywhere; invalid UTF-8 is replaced rather
// than let the serializer throw.
std::string Dump(const json& j);
ApiResponse Json(int status, const json& j);
ApiResponse JsonText(int status, std::string body);
ApiResponse NoContent();
// A CSV export (common/csv.h's text) as a download named `filename` (ASCII).
ApiResponse Csv(std::string body, const std::string& filename);

std::optional<std::string> QueryValue(const ApiRequest& r, const std::string& name);
// An integer query parameter; `fallback` when absent; an error when not a number.
Result<int64_t> QueryInt(const ApiRequest& r, const std::string& name, int64_t fallback);
// The route pattern's capture `i` as an id (kNotFound when it is not one).
Result<int64_t> ParamId(const ApiRequest& r, size_t i);
// The body as a JSON object ({} when empty).
Result<json> ParseBody(const ApiRequest& r);
// A string field; "" when absent; an error when of another type.
Result<std::string> Str(const json& j, const char* key);
Result<int64_t> Int(const json& j, const char* key, int64_t fallback);
bool Bool(const json& j, const char* key);
// "YYYY-MM-DD" of local time (`utc_offset` seconds ahead of UTC) as seconds since the epoch at
// the start of that day; nullopt unless it is one.
std::optional<int64_t> LocalDayStart(const std::string& date, int64_t utc_offset);

// ?severity= and ?category= by name (nullopt when absent; an error when unknown), as every
// list of findings reads them: the drafts', the versions' and the 整改 ledger's.
Result<std::optional<int>> QuerySeverity(const ApiRequest& r);
Result<std::optional<int>> QueryCategory(const ApiRequest& r);

// Common filters of the drafts' lists: severity, category, stage, status by name.
struct Filters {
  std::optional<int> severity, category;
  std::optional<store::Stage> stage;
  std::optional<store::IssueStatus> status;
};
Result<Filters> ReadFilters(const ApiRequest& r);
// The filters of GET /api/drafts and GET /api/findings, shared by their CSV exports (paging is
// the caller's).
Result<review::DraftQuery> ReadDraftQuery(const ApiRequest& r);
Result<review::FindingQuery> ReadFindingQuery(const ApiRequest& r);

}  // namespace cuomin::server::api_parse
