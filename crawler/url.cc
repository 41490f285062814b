// Hand-written because no URL library is packaged for Debian 12 that we may depend on (ada and
// uriparser are not installed); the crawler needs only http(s) and RFC 3986 resolution.
#include "crawler/url.h"

#include <arpa/inet.h>

#include <array>
#include <cctype>
#include <vector>

#include "common/strings.h"

namespace cuomin::crawler {
namespace {

// Query parameters that carry a session, not content: dropped so that one page visited under
// many sessions is crawled once (a classic crawler trap).
constexpr std::array<std::string_view, 8> kSessionParams = {
    "jsessionid", "phpsessid", "aspsessionid", "sessionid", "sid", "session_id", "cfid", "cftoken"};

bool IsUnreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~';
}

// Characters kept literally in a path or query; others are percent-encoded.
bool IsAllowedLiteral(unsigned char c, bool query) {
  if (IsUnreserved(c)) return true;
  switch (c) {
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')':
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
    case ':':
    case '@':
    case '/':
      return true;
    case '?':
      return query;
    default:
      return false;
  }
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Uppercases escapes, decodes escaped unreserved characters, escapes what must be.
std::string NormalizeEncoding(std::string_view s, bool query) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      unsigned char v = static_cast<unsigned char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      if (IsUnreserved(v)) {
        out.push_back(static_cast<char>(v));
      } else {
        out.push_back('%');
        out.push_back(kHex[v >> 4]);
        out.push_back(kHex[v & 15]);
      }
      i += 2;
    } else if (c == '%') {
      out += "%25";
    } else if (IsAllowedLiteral(c, query)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

// RFC 3986 5.2.4.
std::string RemoveDotSegments(std::string_view path) {
  std::string in(path);
  std::string out;
  size_t i = 0;
  auto rest = [&] { return std::string_view(in).substr(i); };
  auto pop = [&] {
    size_t s = out.rfind('/');
    out.erase(s == std::string::npos ? 0 : s);
  };
  while (i < in.size()) {
    std::string_view r = rest();
    if (r.substr(0, 3) == "../") {
      i += 3;
    } else if (r.substr(0, 2) == "./") {
      i += 2;
    } else if (r.substr(0, 3) == "/./") {
      i += 2;
    } else if (r == "/.") {
      in.replace(i, 2, "/");
    } else if (r.substr(0, 4) == "/../") {
      i += 3;
      pop();
    } else if (r == "/..") {
      in.replace(i, 3, "/");
      pop();
    } else if (r == "." || r == "..") {
      i = in.size();
    } else {
      size_t next = in.find('/', i + 1);
      if (next == std::string::npos) next = in.size();
      out.append(in, i, next - i);
      i = next;
    }
  }
  if (out.empty() || out[0] != '/') out.insert(out.begin(), '/');
  return out;
}

std::string StripSessionParams(std::string_view query) {
  std::string out;
  size_t i = 0;
  while (i <= query.size()) {
    size_t j = query.find('&', i);
    if (j == std::string_view::npos) j = query.size();
    std::string_view pair = query.substr(i, j - i);
    std::string key = AsciiLower(pair.substr(0, pair.find('=')));
    bool session = false;
    for (std::string_view p : kSessionParams) {
      if (key == p || (p == "aspsessionid" && key.rfind(p, 0) == 0)) session = true;
    }
    if (!pair.empty() && !session) {
      if (!out.empty()) out.push_back('&');
      out.append(pair);
    }
    i = j + 1;
  }
  return out;
}

// ";jsessionid=..." path parameters (Java servlet containers).
std::string StripPathSession(std::string path) {
  std::string lower = AsciiLower(path);
  size_t p = lower.find(";jsessionid=");
  if (p == std::string::npos) return path;
  size_t end = path.find('/', p);
  path.erase(p, end == std::string::npos ? std::string::npos : end - p);
  return path;
}

// Browsers drop tabs and newlines anywhere in a URL and read '\' as '/' in http(s) URLs.
std::string Clean(std::string_view href) {
  std::string out;
  out.reserve(href.size());
  for (char c : TrimControls(href)) {
    if (c == '\t' || c == '\n' || c == '\r') continue;
    out.push_back(c == '\\' ? '/' : c);
  }
  return out;
}

struct Parts {
  std::string scheme;
  bool has_authority = false;
  std::string authority;
  std::string path;
  bool has_query = false;
  std::string query;
};

Parts Split(std::string_view s) {
  Parts p;
  size_t hash = s.find('#');
  if (hash != std::string_view::npos) s = s.substr(0, hash);
  size_t colon = s.find(':');
  size_t first_delim = s.find_first_of("/?");
  if (colon != std::string_view::npos && colon > 0 &&
      (first_delim == std::string_view::npos || colon < first_delim) &&
      std::isalpha(static_cast<unsigned char>(s[0]))) {
    bool ok = true;
    for (size_t i = 0; i < colon; ++i) {
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (!std::isalnum(c) && c != '+' && c != '-' && c != '.') ok = false;
    }
    if (ok) {
      p.scheme = AsciiLower(s.substr(0, colon));
      s.remove_prefix(colon + 1);
    }
  }
  if (s.substr(0, 2) == "//") {
    p.has_authority = true;
    s.remove_prefix(2);
    size_t end = s.find_first_of("/?");
    if (end == std::string_view::npos) end = s.size();
    p.authority = std::string(s.substr(0, end));
    s.remove_prefix(end);
  }
  size_t q = s.find('?');
  if (q != std::string_view::npos) {
    p.has_query = true;
    p.query = std::string(s.substr(q + 1));
    s = s.substr(0, q);
  }
  p.path = std::string(s);
  return p;
}

std::optional<Url> Build(const std::string& scheme, std::string_view authority,
                         std::string_view path, std::string_view query) {
  if (scheme != "http" && scheme != "https") return std::nullopt;
  size_t at = authority.rfind('@');
  if (at != std::string_view::npos) authority.remove_prefix(at + 1);  // drop userinfo
  Url u;
  u.scheme = scheme;
  std::string_view host = authority;
  std::string_view port;
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) return std::nullopt;
    host = authority.substr(0, close + 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') return std::nullopt;
      port = authority.substr(close + 2);
    }
  } else {
    size_t c = authority.rfind(':');
    if (c != std::string_view::npos) {
      host = authority.substr(0, c);
      port = authority.substr(c + 1);
    }
  }
  while (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (host.empty() || host.size() > 253) return std::nullopt;
  for (char c : host) {
    unsigned char uc = static_cast<unsigned char>(c);
    if (uc <= ' ' || c == '/' || c == '\\' || c == '%' || c == '<' || c == '>' || c == '"')
      return std::nullopt;
  }
  u.host = AsciiLower(host);
  if (u.host.front() == '[') {
    // An IPv6 literal (RFC 3986 IP-literal) in the one spelling RFC 5952 gives it, so that
    // [::FFFF:A9FE:A9FE] and [0:0:0:0:0:ffff:a9fe:a9fe] are one host; anything else in
    // brackets (a zone id, IPvFuture, junk) is no address we connect to.
    std::string inner = u.host.substr(1, u.host.size() - 2);
    in6_addr v6;
    char text[INET6_ADDRSTRLEN] = {};
    if (u.host.back() != ']' || inet_pton(AF_INET6, inner.c_str(), &v6) != 1 ||
        inet_ntop(AF_INET6, &v6, text, sizeof text) == nullptr) {
      return std::nullopt;
    }
    u.host = "[" + std::string(text) + "]";
  }
  if (!port.empty()) {
    int v = 0;
    for (char c : port) {
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
      if (v > 65535) return std::nullopt;
    }
    u.port = v;
  }
  if ((scheme == "http" && u.port == 80) || (scheme == "https" && u.port == 443)) u.port = 0;
  std::string p = StripPathSession(NormalizeEncoding(path, false));
  u.path = RemoveDotSegments(p.empty() ? "/" : p);
  u.query = StripSessionParams(NormalizeEncoding(query, true));
  return u;
}

// Merges a relative path with the base path (RFC 3986 5.2.3).
std::string Merge(const Url& base, std::string_view rel) {
  size_t slash = base.path.rfind('/');
  std::string out = slash == std::string::npos ? "/" : base.path.substr(0, slash + 1);
  out.append(rel);
  return out;
}

}  // namespace

std::string Url::spec() const {
  std::string s = origin();
  s += path;
  if (!query.empty()) {
    s.push_back('?');
    s += query;
  }
  return s;
}

std::string Url::origin() const {
  std::string s = scheme + "://" + host;
  if (port != 0) s += ":" + std::to_string(port);
  return s;
}

int Url::effective_port() const {
  if (port != 0) return port;
  return scheme == "https" ? 443 : 80;
}

std::string Url::target() const { return query.empty() ? path : path + "?" + query; }

std::optional<Url> ParseUrl(std::string_view spec) {
  Parts p = Split(Clean(spec));
  if (!p.has_authority) return std::nullopt;
  return Build(p.scheme, p.authority, p.path, p.query);
}

std::optional<Url> ResolveUrl(const Url& base, std::string_view href) {
  std::string cleaned = Clean(href);
  Parts r = Split(cleaned);
  if (!r.scheme.empty()) {
    if (r.scheme != "http" && r.scheme != "https") return std::nullopt;
    // "http:page.html" with the base's scheme is relative in browsers.
    if (!r.has_authority) {
      if (r.scheme != base.scheme) return std::nullopt;
      r.scheme.clear();
    } else {
      return Build(r.scheme, r.authority, r.path, r.query);
    }
  }
  if (r.has_authority) return Build(base.scheme, r.authority, r.path, r.query);
  std::string authority = base.host + (base.port ? ":" + std::to_string(base.port) : "");
  if (r.path.empty()) {
    return Build(base.scheme, authority, base.path, r.has_query ? r.query : base.query);
  }
  std::string path = r.path[0] == '/' ? r.path : Merge(base, r.path);
  return Build(base.scheme, authority, path, r.query);
}

std::string HrefScheme(std::string_view href) {
  std::string cleaned = Clean(href);
  return Split(cleaned).scheme;
}

bool HostIsUnder(std::string_view host, std::string_view domain) {
  if (domain.empty() || host.size() < domain.size()) return false;
  if (host.size() == domain.size()) return host == domain;
  return host.substr(host.size() - domain.size()) == domain &&
         host[host.size() - domain.size() - 1] == '.';
}

}  // namespace cuomin::crawler
