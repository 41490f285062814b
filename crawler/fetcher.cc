#include "crawler/fetcher.h"

#include <cctype>

#include "common/strings.h"

namespace cuomin::crawler {

std::string_view ToString(FetchError e) {
  switch (e) {
    case FetchError::kNone:
      return "none";
    case FetchError::kDns:
      return "dns";
    case FetchError::kConnect:
      return "connect";
    case FetchError::kTimeout:
      return "timeout";
    case FetchError::kTls:
      return "tls";
    case FetchError::kRead:
      return "read";
    case FetchError::kOther:
      return "other";
    case FetchError::kBlocked:
      return "blocked-address";
    case FetchError::kUnsupportedScheme:
      return "unsupported-scheme";
  }
  return "other";
}

bool IsTransient(FetchError e) {
  return e != FetchError::kBlocked && e != FetchError::kUnsupportedScheme;
}

std::string_view ChineseName(FetchError e) {
  switch (e) {
    case FetchError::kNone:
      return "无";
    case FetchError::kDns:
      return "域名无法解析";
    case FetchError::kConnect:
      return "无法连接";
    case FetchError::kTimeout:
      return "超时";
    case FetchError::kTls:
      return "HTTPS 证书或握手错误";
    case FetchError::kRead:
      return "连接中断";
    case FetchError::kOther:
      return "其他错误";
    case FetchError::kBlocked:
      return "目标是本机、内网或链路本地地址，默认不访问";
    case FetchError::kUnsupportedScheme:
      return "重定向到非 http/https 协议，不访问";
  }
  return "其他错误";
}

std::string_view FetchResponse::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

std::string CharsetOf(std::string_view content_type) {
  std::string lower = AsciiLower(content_type);
  size_t p = lower.find("charset=");
  if (p == std::string::npos) return "";
  std::string_view v = std::string_view(content_type).substr(p + 8);
  v = v.substr(0, v.find(';'));
  v = Trim(v);
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
  return std::string(Trim(v));
}

std::string MediaTypeOf(std::string_view content_type) {
  return AsciiLower(Trim(content_type.substr(0, content_type.find(';'))));
}

}  // namespace cuomin::crawler
