#include "crawler/sitemap.h"

#include <pugixml.hpp>

#include "common/strings.h"

namespace cuomin::crawler {
namespace {

// Element name without a namespace prefix ("ns:loc" -> "loc").
std::string_view LocalName(const pugi::xml_node& n) {
  std::string_view name = n.name();
  size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

}  // namespace

Sitemap ParseSitemap(std::string_view xml) {
  Sitemap out;
  pugi::xml_document doc;
  doc.load_buffer(xml.data(), xml.size(), pugi::parse_default, pugi::encoding_auto);
  for (pugi::xml_node root : doc.children()) {
    if (root.type() != pugi::node_element) continue;
    bool index = LocalName(root) == "sitemapindex";
    for (pugi::xml_node entry : root.children()) {
      if (LocalName(entry) != (index ? "sitemap" : "url")) continue;
      for (pugi::xml_node loc : entry.children()) {
        if (LocalName(loc) != "loc") continue;
        std::string v(TrimControls(loc.child_value()));
        if (v.empty()) continue;
        (index ? out.children : out.pages).push_back(std::move(v));
      }
    }
  }
  return out;
}

}  // namespace cuomin::crawler
