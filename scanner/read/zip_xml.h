// Zip + XML packages (.xlsx, .ofd): archive members read under a size cap (zip bomb guard)
// and parsed with an element cap, so memory follows the caps whatever the archive claims; or
// streamed through expat a piece at a time (a worksheet), so memory follows what the reader
// keeps, not the member's size.
#pragma once

#include <zip.h>

#include <cstddef>
#include <memory>
#include <pugixml.hpp>
#include <string>
#include <string_view>

#include "common/status.h"

namespace cuomin::scanner::internal {

// What a streamed XML member reports, in document order. Names are local ("c" for "x:c").
class XmlEvents {
 public:
  virtual ~XmlEvents() = default;
  // `attrs`: name, value, name, value..., null-terminated; names as written (with a prefix).
  virtual void Start(std::string_view name, const char** attrs) = 0;
  virtual void End(std::string_view name) = 0;
  // Character data, in pieces (one element's text may come in several).
  virtual void Text(std::string_view text) = 0;
  // Polled between pieces: true stops the stream early, with no error.
  virtual bool Done() const { return false; }
};

// The value of the attribute with local name `local` in expat's `attrs`, or null.
const char* AttrOf(const char** attrs, std::string_view local);

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
  // Inflates member `name` a piece at a time into an expat parser that calls `events`; the
  // member's size cap still holds (the time a zip bomb could take). A DTD that declares
  // entities is refused (no entity expansion, no billion laughs).
  Status StreamXml(const std::string& name, XmlEvents& events) const;

 private:
  ZipPackage() = default;
  // Opens member `name` after the checks every read makes; `stated` gets its stated size.
  Status OpenMember(const std::string& name, zip_file_t*& file, size_t& stated) const;
  Status TooBig(const std::string& name, size_t size) const;
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
