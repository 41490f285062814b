#include "crawler/crawl_scope.h"

#include <cstdlib>
#include <functional>

namespace cuomin::crawler {
namespace {

// Public suffixes with two labels that Chinese government pages link into; enough to tell
// "www.beijing.gov.cn" belongs to "beijing.gov.cn" without shipping the whole list.
constexpr std::string_view kTwoLabelSuffixes[] = {
    "gov.cn", "com.cn", "net.cn", "org.cn", "edu.cn", "ac.cn", "mil.cn", "gov.hk",
    "com.hk", "org.hk", "gov.mo", "com.tw", "co.uk",  "co.jp", "com.au", "gov.uk"};

bool IsIp(std::string_view host) {
  if (!host.empty() && host[0] == '[') return true;
  for (char c : host) {
    if (!((c >= '0' && c <= '9') || c == '.')) return false;
  }
  return true;
}

}  // namespace

std::string StripWww(std::string_view host, int port) {
  if (host.substr(0, 4) == "www.") host.remove_prefix(4);
  return port == 0 ? std::string(host) : std::string(host) + ":" + std::to_string(port);
}

std::string RegistrableDomain(std::string_view host) {
  if (IsIp(host)) return std::string(host);
  size_t last = host.rfind('.');
  if (last == std::string_view::npos || last == 0) return std::string(host);
  size_t second = host.rfind('.', last - 1);
  if (second == std::string_view::npos) return std::string(host);
  std::string_view two = host.substr(second + 1);
  for (std::string_view s : kTwoLabelSuffixes) {
    if (two == s) {
      if (second == 0) return std::string(host);
      size_t third = host.rfind('.', second - 1);
      return std::string(third == std::string_view::npos ? host : host.substr(third + 1));
    }
  }
  return std::string(two);
}

CrawlScope::CrawlScope(const CrawlOptions& opt) : scope_(opt.scope) {
  for (const std::string& s : opt.seeds) {
    if (std::optional<Url> u = ParseUrl(s)) {
      seeds_.push_back(*u);
      seed_hosts_.insert(StripWww(u->host, u->port));
      seed_domains_.push_back(RegistrableDomain(u->host));
      std::string spec = u->spec();
      seed_prefixes_.push_back(
          spec.substr(0, spec.find('?')).substr(0, spec.substr(0, spec.find('?')).rfind('/') + 1));
    }
  }
  if (!opt.include_regex.empty()) include_ = std::make_unique<RE2>(opt.include_regex);
  if (!opt.exclude_regex.empty()) exclude_ = std::make_unique<RE2>(opt.exclude_regex);
}

Status CrawlScope::Validate() const {
  if (include_ && !include_->ok())
    return Status::Error("--include 的正则表达式无效：" + include_->error());
  if (exclude_ && !exclude_->ok())
    return Status::Error("--exclude 的正则表达式无效：" + exclude_->error());
  return Status::Ok();
}

bool CrawlScope::InScope(const Url& u) const {
  switch (scope_) {
    case Scope::kHost:
      return seed_hosts_.count(StripWww(u.host, u.port)) > 0;
    case Scope::kDomain:
      for (const std::string& d : seed_domains_) {
        if (HostIsUnder(u.host, d)) return true;
      }
      return false;
    case Scope::kPrefix: {
      std::string spec = u.spec();
      for (const std::string& p : seed_prefixes_) {
        if (spec.rfind(p, 0) == 0) return true;
      }
      return false;
    }
  }
  return false;
}

bool CrawlScope::Excluded(const std::string& spec) const {
  return (include_ && !RE2::PartialMatch(spec, *include_)) ||
         (exclude_ && RE2::PartialMatch(spec, *exclude_));
}

TrapPolicy::TrapPolicy(const CrawlOptions& opt, int year)
    : max_url_length_(opt.max_url_length),
      max_repeated_segment_(opt.max_repeated_segment),
      max_query_variants_(opt.max_query_variants),
      year_(year),
      calendar_re_(
          R"((?:^|[^0-9])((?:19|20|21)[0-9]{2})(?:[-/_.](?:0?[1-9]|1[0-2])(?:[^0-9]|$)|(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])(?:[^0-9]|$)))"),
      year_param_re_(R"((?i)(?:^|[&?])(?:year|yr|y|nian)=([0-9]{4}))") {}

std::string TrapPolicy::TrapKind(const Url& u) {
  std::string spec = u.spec();
  if (spec.size() > max_url_length_) return "网址过长";
  std::unordered_map<std::string_view, int> segs;
  std::string_view path = u.path;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    std::string_view seg = path.substr(i, j - i);
    if (!seg.empty() && ++segs[seg] > max_repeated_segment_) return "路径段重复";
    i = j + 1;
  }
  std::string target = u.target();
  re2::StringPiece in(target);
  std::string year;
  while (RE2::FindAndConsume(&in, calendar_re_, &year)) {
    int y = std::atoi(year.c_str());
    if (y > year_ + 2 || y < 1900) return "日历陷阱（年份 " + year + "）";
  }
  if (RE2::PartialMatch(u.query, year_param_re_, &year)) {
    int y = std::atoi(year.c_str());
    if (y > year_ + 2 || y < 1900) return "日历陷阱（年份 " + year + "）";
  }
  if (!u.query.empty()) {
    size_t key = std::hash<std::string>{}(u.origin() + u.path);
    if (++query_variants_[key] > max_query_variants_) return "同一路径的查询参数组合过多";
  }
  return "";
}

}  // namespace cuomin::crawler
