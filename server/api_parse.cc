#include "server/api_parse.h"

#include <charconv>
#include <cstdio>

#include "scanner/finding.h"

namespace cuomin::server::api_parse {

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

ApiResponse Json(int status, const json& j) {
  ApiResponse r;
  r.status = status;
  r.body = Dump(j);
  return r;
}

ApiResponse NoContent() {
  ApiResponse r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

ApiResponse Csv(std::string body, const std::string& filename) {
  ApiResponse r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

std::optional<std::string> QueryValue(const ApiRequest& r, const std::string& name) {
  auto it = r.query.find(name);
  if (it == r.query.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

Result<int64_t> QueryInt(const ApiRequest& r, const std::string& name, int64_t fallback) {
  std::optional<std::string> v = QueryValue(r, name);
  if (!v) return fallback;
  int64_t n = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || p != v->data() + v->size()) {
    return Status::InvalidInput("参数 " + name + " 应为整数：" + *v);
  }
  return n;
}

Result<int64_t> ParamId(const ApiRequest& r, size_t i) {
  int64_t n = 0;
  const std::string& s = r.params.at(i);
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || p != s.data() + s.size()) return Status::NotFound("不存在：" + s);
  return n;
}

Result<json> ParseBody(const ApiRequest& r) {
  if (r.body.empty()) return json::object();
  json j = json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidInput("请求体不是有效的 JSON 对象");
  return j;
}

Result<std::string> Str(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::string();
  if (!it->is_string()) return Status::InvalidInput(std::string("字段 ") + key + " 应为字符串");
  return it->get<std::string>();
}

Result<int64_t> Int(const json& j, const char* key, int64_t fallback) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return fallback;
  if (!it->is_number_integer())
    return Status::InvalidInput(std::string("字段 ") + key + " 应为整数");
  return it->get<int64_t>();
}

bool Bool(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_boolean() && it->get<bool>();
}

ApiResponse JsonText(int status, std::string body) {
  ApiResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil): the
// periods of lists and statistics are given as dates, and <chrono>'s calendar is missing from
// libstdc++ 12.
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

std::optional<int64_t> LocalDayStart(const std::string& date, int64_t utc_offset) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
      y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31) {
    return std::nullopt;
  }
  return DaysFromCivil(y, m, d) * 86400 - utc_offset;
}

Result<std::optional<int>> QuerySeverity(const ApiRequest& r) {
  std::optional<std::string> v = QueryValue(r, "severity");
  if (!v) return std::optional<int>();
  std::optional<scanner::Severity> s = scanner::ParseSeverity(*v);
  if (!s) return Status::InvalidInput("未知的严重程度：" + *v);
  return std::optional<int>(static_cast<int>(*s));
}

Result<std::optional<int>> QueryCategory(const ApiRequest& r) {
  std::optional<std::string> v = QueryValue(r, "category");
  if (!v) return std::optional<int>();
  std::optional<scanner::Category> c = scanner::ParseCategory(*v);
  if (!c) return Status::InvalidInput("未知的类别：" + *v);
  return std::optional<int>(static_cast<int>(*c));
}

Result<Filters> ReadFilters(const ApiRequest& r) {
  Filters f;
  Result<std::optional<int>> severity = QuerySeverity(r);
  if (!severity.ok()) return severity.status();
  f.severity = *severity;
  Result<std::optional<int>> category = QueryCategory(r);
  if (!category.ok()) return category.status();
  f.category = *category;
  if (auto v = QueryValue(r, "stage")) {
    f.stage = store::ParseStage(*v);
    if (!f.stage) return Status::InvalidInput("未知的阶段：" + *v);
  }
  if (auto v = QueryValue(r, "status")) {
    f.status = store::ParseIssueStatus(*v);
    if (!f.status) return Status::InvalidInput("未知的状态：" + *v);
  }
  return f;
}

namespace {

// What the drafts' and the findings' lists filter alike: unit, stage, severity, category;
// `filters` gets the rest of what ReadFilters read.
template <typename Query>
Result<Query> ReadListQuery(const ApiRequest& r, Filters& filters) {
  Result<Filters> f = ReadFilters(r);
  if (!f.ok()) return f.status();
  Result<int64_t> unit = QueryInt(r, "unit", 0);
  if (!unit.ok()) return unit.status();
  Query q;
  q.unit_id = *unit;
  q.stage = f->stage;
  q.severity = f->severity;
  q.category = f->category;
  filters = std::move(*f);
  return q;
}

}  // namespace

Result<review::DraftQuery> ReadDraftQuery(const ApiRequest& r) {
  Filters f;
  Result<review::DraftQuery> q = ReadListQuery<review::DraftQuery>(r, f);
  if (!q.ok()) return q;
  q->waiting = QueryValue(r, "waiting").value_or("0") == "1";
  q->title_contains = QueryValue(r, "q").value_or("");
  return q;
}

Result<review::FindingQuery> ReadFindingQuery(const ApiRequest& r) {
  Filters f;
  Result<review::FindingQuery> q = ReadListQuery<review::FindingQuery>(r, f);
  if (!q.ok()) return q;
  q->status = f.status;
  return q;
}

}  // namespace cuomin::server::api_parse
