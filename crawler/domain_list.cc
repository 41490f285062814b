#include "crawler/domain_list.h"

#include <cctype>
#include <fstream>

namespace cuomin::crawler {

Status DomainList::LoadFile(const std::string& path, const std::string& label) {
  std::ifstream in(path);
  if (!in) return Status::Error(path + ": 无法读取域名清单");
  domains_.reserve(domains_.size() + 4096);
  std::string line;
  while (std::getline(in, line)) {
    std::string_view v = line;
    v = v.substr(0, v.find('#'));
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.back()))) v.remove_suffix(1);
    size_t sp = v.find_last_of(" \t");
    if (sp != std::string_view::npos) v = v.substr(sp + 1);
    while (!v.empty() && std::isspace(static_cast<unsigned char>(v.front()))) v.remove_prefix(1);
    if (!v.empty()) Add(v, label);
  }
  return Status::Ok();
}

void DomainList::Add(std::string_view domain, const std::string& label) {
  std::string d(domain);
  for (char& c : d) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (d.rfind("www.", 0) == 0) d.erase(0, 4);
  if (labels_.empty() || labels_.back() != label) labels_.push_back(label);
  domains_.emplace(std::move(d), static_cast<uint16_t>(labels_.size() - 1));
}

const std::string* DomainList::Match(std::string_view host) const {
  // Walk from the full host up to its last two labels: "a.b.example.com", "b.example.com"...
  while (!host.empty()) {
    auto it = domains_.find(std::string(host));
    if (it != domains_.end()) return &labels_[it->second];
    size_t dot = host.find('.');
    if (dot == std::string_view::npos) break;
    host.remove_prefix(dot + 1);
    if (host.find('.') == std::string_view::npos) break;  // a bare TLD is never listed
  }
  return nullptr;
}

}  // namespace cuomin::crawler
