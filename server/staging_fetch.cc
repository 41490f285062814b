#include "server/staging_fetch.h"

#include <httplib.h>

#include <algorithm>
#include <cstring>

#include "crawler/url.h"

namespace cuomin::server {

namespace {

bool Allowed(const crawler::Url& u, const StagingOptions& o) {
  std::string host_port = u.host + ":" + std::to_string(u.effective_port());
  return std::any_of(o.hosts.begin(), o.hosts.end(), [&](const std::string& h) {
    std::string lower = h;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower == u.host || lower == host_port;
  });
}

std::string FilenameFor(const crawler::Url& u, const std::string& content_type) {
  std::string path = u.path;
  std::string name = path.substr(path.rfind('/') + 1);
  std::string lower = name;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* ext : {".html", ".htm", ".shtml", ".txt", ".docx"}) {
    if (lower.size() > std::strlen(ext) && lower.ends_with(ext)) return name;
  }
  if (content_type.find("officedocument.wordprocessingml") != std::string::npos) {
    return "page.docx";
  }
  if (content_type.find("text/plain") != std::string::npos) return "page.txt";
  return "page.html";
}

}  // namespace

bool IsStagingUrl(const std::string& url, const StagingOptions& options) {
  std::optional<crawler::Url> u = crawler::ParseUrl(url);
  return u && Allowed(*u, options);
}

Result<Fetched> FetchFromStaging(const std::string& url, const StagingOptions& options) {
  if (options.hosts.empty())
    return Status::InvalidInput("本服务器未配置预发布主机，不能按网址提交");
  if (url.find('@') != std::string::npos) {
    return Status::InvalidInput(url + "：网址中不能含有用户名或密码");
  }
  std::optional<crawler::Url> u = crawler::ParseUrl(url);
  if (!u) return Status::InvalidInput(url + "：不是有效的 http/https 网址");
  for (int hop = 0; hop <= options.max_redirects; ++hop) {
    if (!Allowed(*u, options)) {
      return Status::InvalidInput(u->spec() + "：只能提交预发布主机上的网址" +
                                  (hop > 0 ? "（重定向到了其他主机）" : ""));
    }
    httplib::Client cli(u->origin());
    cli.set_follow_location(false);
    cli.set_connection_timeout(options.timeout_seconds);
    cli.set_read_timeout(options.timeout_seconds);
    cli.set_write_timeout(options.timeout_seconds);
    std::string body;
    bool too_big = false;
    httplib::Result r = cli.Get(u->target(), httplib::Headers{{"User-Agent", "cuomin-review"}},
                                [&](const char* data, size_t n) {
                                  if (body.size() + n > options.max_bytes) {
                                    too_big = true;
                                    return false;
                                  }
                                  body.append(data, n);
                                  return true;
                                });
    if (too_big) {
      return Status::InvalidInput(u->spec() + "：页面超过大小限制（" +
                                  std::to_string(options.max_bytes >> 20) + " MB）");
    }
    if (!r) {
      return Status::Unavailable(u->spec() + "：无法访问（" + httplib::to_string(r.error()) + "）");
    }
    int status = r->status;
    if (status >= 300 && status < 400 && r->has_header("Location")) {
      std::optional<crawler::Url> next = crawler::ResolveUrl(*u, r->get_header_value("Location"));
      if (!next) return Status::InvalidInput(u->spec() + "：重定向到了无效的网址");
      u = next;
      continue;
    }
    if (status != 200) {
      return Status::Unavailable(u->spec() + "：服务器返回 " + std::to_string(status));
    }
    Fetched f;
    f.url = u->spec();
    f.filename = FilenameFor(*u, r->get_header_value("Content-Type"));
    f.bytes = std::move(body);
    return f;
  }
  return Status::InvalidInput(url + "：重定向次数过多");
}

}  // namespace cuomin::server
