// URLs as the crawler keys them: parsed, resolved against a base and normalised so that two
// spellings of one page (case of scheme and host, default port, fragment, percent-encoding,
// dot segments, session ids) dedupe to one string.
//
//   std::optional<Url> u = ResolveUrl(page_url, "../news/index.html#top");
//   if (u) frontier.Add(u->spec());   // "http://www.example.gov.cn/news/index.html"
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cuomin::crawler {

struct Url {
  std::string scheme;  // "http" or "https", lower case
  std::string host;    // lower case; IPv6 literals keep their brackets
  int port = 0;        // 0 when the scheme's default
  std::string path;    // starts with '/', dot segments removed, percent-encoding normalised
  std::string query;   // without '?', session ids removed; empty when none

  // The normalised form: scheme://host[:port]path[?query] (never a fragment).
  std::string spec() const;
  // scheme://host[:port], the key of per-host politeness and robots.txt.
  std::string origin() const;
  // The port to connect to (80/443 when defaulted).
  int effective_port() const;
  // path[?query], what goes on the request line.
  std::string target() const;
};

// Parses an absolute http(s) URL and normalises it; nullopt for other schemes or malformed
// input.
std::optional<Url> ParseUrl(std::string_view spec);

// Resolves `href` (as written in a page, entities decoded) against `base` per RFC 3986 with
// the browser's leniencies (surrounding whitespace, backslashes); nullopt when the result is
// not http(s) — mailto:, javascript:, data:, tel: — or malformed.
std::optional<Url> ResolveUrl(const Url& base, std::string_view href);

// The scheme of `href` in lower case ("javascript", "mailto"...), "" when relative.
std::string HrefScheme(std::string_view href);

// True when `host` is `domain` or a subdomain of it ("a.b.gov.cn" is under "gov.cn").
bool HostIsUnder(std::string_view host, std::string_view domain);

}  // namespace cuomin::crawler
