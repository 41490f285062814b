#include "server/api_parse.h"

#include <charconv>

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

}  // namespace cuomin::server::api_parse
