// The link findings of a site scan (category link): what can be told from a page alone
// (hidden links, blocklisted domains, javascript:/data: targets, outbound non-government
// links) at once, and what needs the target fetched (dead, unverified, turned bad) once the
// crawler has the answer. Findings carry the linking page's URL as their source. The
// fetch-dependent ones are handed out as soon as both the link and its target's answer are
// in, so nothing but the URL set and links to still-unanswered targets is held.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "crawler/crawler.h"
#include "crawler/domain_list.h"
#include "crawler/url.h"
#include "scanner/document.h"
#include "scanner/finding.h"

namespace cuomin::site {

// Rule ids of the link findings.
inline constexpr char kRuleDead[] = "link-dead";
inline constexpr char kRuleUnverified[] = "link-unverified";
inline constexpr char kRuleTls[] = "link-tls";
inline constexpr char kRuleHidden[] = "link-hidden";
inline constexpr char kRuleBlocklisted[] = "link-blocklisted";
inline constexpr char kRuleTurnedBad[] = "link-turned-bad";
inline constexpr char kRuleExternal[] = "link-external";
inline constexpr char kRuleScript[] = "link-script";
inline constexpr char kRuleTruncated[] = "page-truncated";
inline constexpr char kRuleUnreadable[] = "page-unreadable";  // binary content served as a page
// Refusals: the target was not fetched on purpose, so nothing is known of it being dead.
inline constexpr char kRulePrivateAddress[] = "link-private-address";
inline constexpr char kRuleBadRedirect[] = "link-bad-redirect";

// True for rules whose findings depend on fetching the target (not carried over from the
// last crawl when a page is unchanged: they are checked afresh).
bool IsFetchDependentRule(const std::string& rule);

// Where a link sits on its page.
struct LinkPlace {
  std::string page;  // the linking page's URL
  size_t offset = 0;
  size_t length = 0;
  size_t line = 0;
  size_t column = 0;
  std::string href;  // as written
};

class LinkChecks {
 public:
  // Receives fetch-dependent findings, all of one linking page per call, from any thread.
  using Emit = std::function<void(std::vector<scanner::Finding>)>;
  // `in_scope` tells links inside the crawled site from outbound ones.
  LinkChecks(std::function<bool(const crawler::Url&)> in_scope, crawler::DomainList blocklist,
             Emit emit);

  // Checks one link of a page; appends the findings that need no fetch to `out`. Returns the
  // normalised target to crawl or check, nullopt for targets that are not http(s).
  std::optional<std::string> OnLink(const crawler::Url& base, const scanner::Link& link,
                                    const LinkPlace& place, std::vector<scanner::Finding>& out);
  // Remembers that `place` links to `target` (already normalised) for the fetch-dependent
  // checks; emits its finding at once when the target's answer is already in.
  void AddRef(const std::string& target, const LinkPlace& place);
  // The target's page shows gambling/porn content: `evidence` lists the words found.
  void SetBadContent(const std::string& url, std::string evidence);
  // What SetBadContent said of `url` and OnResult has not used yet; "" when nothing.
  std::string BadContent(const std::string& url);
  // The crawler's final word on a URL: emits a finding for each link to it so far when it
  // is a problem.
  void OnResult(const crawler::UrlResult& result);

  size_t dead_count() const { return dead_; }

 private:
  struct Problem {
    std::string rule;
    scanner::Severity severity;
    std::string message;
  };
  struct Ref {
    uint32_t page;  // index into pages_
    uint32_t offset, length, line, column;
  };
  struct Target {
    bool final = false;
    std::optional<Problem> problem;
    std::vector<Ref> refs;
  };

  scanner::Finding MakeFinding(const std::string& target, const Problem& problem,
                               const Ref& ref) const;

  std::function<bool(const crawler::Url&)> in_scope_;
  crawler::DomainList blocklist_;
  Emit emit_;
  std::mutex mu_;
  std::unordered_map<std::string, Target> targets_;
  std::unordered_map<std::string, std::string> bad_content_;
  std::unordered_map<std::string, uint32_t> page_ids_;
  std::vector<std::string> pages_;
  size_t dead_ = 0;
};

// Government hosts: gov.cn and its subdomains, and a few other official suffixes.
bool IsGovernmentHost(std::string_view host);

}  // namespace cuomin::site
