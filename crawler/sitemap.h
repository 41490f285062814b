// sitemap.xml (sitemaps.org 0.9): page URLs from a <urlset>, child sitemaps from a
// <sitemapindex>. Read with pugixml; a broken file yields what could be read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cuomin::crawler {

struct Sitemap {
  std::vector<std::string> pages;     // <url><loc>
  std::vector<std::string> children;  // <sitemap><loc> of a sitemap index
};

Sitemap ParseSitemap(std::string_view xml);

}  // namespace cuomin::crawler
