// robots.txt per RFC 9309: the group for our product token (else "*"), longest-match
// Allow/Disallow with '*' and '$', Allow winning ties; plus the non-standard but widely used
// Crawl-delay and the Sitemap lines.
//
//   Robots r = Robots::Parse(body, "cuomin");
//   if (!r.Allowed("/private/a.html")) ...   // path[?query] of the URL
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cuomin::crawler {

class Robots {
 public:
  // Everything allowed (robots.txt answered 4xx, RFC 9309 2.3.1.3).
  static Robots AllowAll();
  // Everything disallowed (5xx or unreachable, RFC 9309 2.3.1.4).
  static Robots DisallowAll();
  // Parses a robots.txt body; `product` is our User-agent token, matched case-insensitively.
  // Only the first 500 KiB are read (the RFC's minimum parsing limit).
  static Robots Parse(std::string_view body, std::string_view product);

  // `target` is the URL's path and query, percent-encoded as on the request line.
  bool Allowed(std::string_view target) const;
  // Seconds between requests the site asks for, if it does.
  std::optional<double> crawl_delay() const { return crawl_delay_; }
  // Sitemap URLs named in the file (any group).
  const std::vector<std::string>& sitemaps() const { return sitemaps_; }

 private:
  struct Rule {
    std::string pattern;
    bool allow;
  };
  std::vector<Rule> rules_;
  bool disallow_all_ = false;
  std::optional<double> crawl_delay_;
  std::vector<std::string> sitemaps_;
};

}  // namespace cuomin::crawler
