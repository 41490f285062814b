// Blocklists of domains (gambling, pornography, fraud sites): a host matches when it is a
// listed domain or a subdomain of one.
//
//   DomainList list;
//   list.LoadFile("dictionaries/links/gambling-domains.txt", "赌博");
//   if (const std::string* label = list.Match("www.bet365.com")) ...   // "赌博"
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/status.h"

namespace cuomin::crawler {

class DomainList {
 public:
  // One domain a line; '#' starts a comment; hosts-file lines ("0.0.0.0 example.com") are
  // read too. `label` (e.g. 赌博) is what Match returns for its domains.
  Status LoadFile(const std::string& path, const std::string& label);
  void Add(std::string_view domain, const std::string& label);
  // The label of the longest listed domain that `host` is or is under; nullptr if none.
  const std::string* Match(std::string_view host) const;
  size_t size() const { return domains_.size(); }

 private:
  // Domain -> index into labels_ (a handful of labels for ~55,000 shipped domains, loaded
  // at every start). A deque: Match hands out pointers that must outlive later Adds.
  std::unordered_map<std::string, uint16_t> domains_;
  std::deque<std::string> labels_;
};

}  // namespace cuomin::crawler
