// Zip + XML packages (.xlsx, .ofd): archive members read under a size cap (zip bomb guard)
// and parsed with an element cap, so memory follows the caps whatever the archive claims.
#pragma once

#include <zip.h>

#include <cstddef>
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "common/status.h"

namespace cuomin::scanner::internal {

class ZipPackage {
 public:
  // Opens `bytes` (kept by the caller for the package's life). `kind` names the format in
  // messages ("xlsx"). `member_cap`: the most bytes one member may inflate to.
  static Result<std::unique_ptr<ZipPackage>> Open(std::string_view bytes, std::string kind,
                                                  size_t member_cap);
  ~ZipPackage();

  bool Has(const std::string& name) const;
  // Reads member `name` (case-insensitive) into `out`; a missing member is an error naming it.
  Status Read(const std::string& name, std::string& out) const;
  // Reads and parses member `name` into `doc` (`buffer` must outlive `doc`); at most
  // `max_elements` elements.
  Status ReadXml(const std::string& name, size_t max_elements, std::string& buffer,
                 pugi::xml_document& doc) const;

 private:
  ZipPackage() = default;
  zip_t* zip_ = nullptr;
  std::string kind_;
  size_t member_cap_ = 0;
};

// Local name of an element or attribute: "w:t" -> "t", "ofd:TextCode" -> "TextCode".
std::string_view LocalNameOf(const char* name);
// First child element / attribute with local name `local`.
pugi::xml_node ChildByLocalName(const pugi::xml_node& node, std::string_view local);
const char* AttrByLocalName(const pugi::xml_node& node, std::string_view local);

// Appends XML text, line breaks as spaces and malformed UTF-8 as U+FFFD.
void AppendCleanText(std::string_view text, std::string& out);

}  // namespace cuomin::scanner::internal
