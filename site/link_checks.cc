#include "site/link_checks.h"

#include <algorithm>
#include <map>

#include "common/strings.h"

namespace cuomin::site {
namespace {

namespace sc = cuomin::scanner;

constexpr std::string_view kGovernmentSuffixes[] = {"gov.cn", "gov",    "mil.cn",
                                                    "gov.hk", "gov.mo", "gov.tw"};
// Harmless script links every CMS template carries: no finding.
constexpr std::string_view kBenignScripts[] = {
    "javascript:void(0)", "javascript:void(0);", "javascript:;",
    "javascript:",        "javascript://",       "javascript:void(null)"};

sc::Finding Make(const LinkPlace& p, const char* rule, sc::Severity sev, std::string message) {
  sc::Finding f;
  f.source = p.page;
  f.rule = rule;
  f.category = sc::Category::kLink;
  f.severity = sev;
  f.message = std::move(message);
  f.text = p.href;
  f.offset = p.offset;
  f.length = p.length;
  f.line = p.line;
  f.column = p.column;
  f.end_line = p.line;
  f.end_column = p.column;
  f.rule_file = "cuomin crawl";
  return f;
}

}  // namespace

bool IsFetchDependentRule(const std::string& rule) {
  return rule == kRuleDead || rule == kRuleUnverified || rule == kRuleTls ||
         rule == kRuleTurnedBad || rule == kRulePrivateAddress || rule == kRuleBadRedirect;
}

bool IsGovernmentHost(std::string_view host) {
  for (std::string_view s : kGovernmentSuffixes) {
    if (crawler::HostIsUnder(host, s)) return true;
  }
  return false;
}

LinkChecks::LinkChecks(std::function<bool(const crawler::Url&)> in_scope,
                       crawler::DomainList blocklist, Emit emit)
    : in_scope_(std::move(in_scope)), blocklist_(std::move(blocklist)), emit_(std::move(emit)) {}

std::optional<std::string> LinkChecks::OnLink(const crawler::Url& base, const sc::Link& link,
                                              const LinkPlace& place,
                                              std::vector<sc::Finding>& out) {
  std::string scheme = crawler::HrefScheme(link.href);
  if (scheme == "javascript" || scheme == "data") {
    std::string compact;
    for (char c : AsciiLower(link.href)) {
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') compact.push_back(c);
    }
    if (scheme == "javascript" &&
        std::find(std::begin(kBenignScripts), std::end(kBenignScripts), compact) !=
            std::end(kBenignScripts) &&
        !link.hidden)
      return std::nullopt;
    out.push_back(Make(place, kRuleScript, sc::Severity::kInfo,
                       scheme == "data" ? "链接目标是 data: 内联数据，请确认其内容"
                                        : "链接目标是 javascript: 脚本，请确认其行为"));
    return std::nullopt;
  }
  std::optional<crawler::Url> target = crawler::ResolveUrl(base, link.href);
  if (!target) return std::nullopt;
  bool outside = !in_scope_(*target);
  if (const std::string* label = blocklist_.Match(target->host)) {
    out.push_back(Make(place, kRuleBlocklisted, sc::Severity::kCritical,
                       "链接指向" + *label + "网站黑名单中的域名：" + target->host +
                           "，政府网站不得链接，请立即删除"));
  }
  if (link.hidden) {
    std::string msg = "隐藏链接（暗链）：" + link.hidden_reason;
    if (outside) msg += "，指向站外 " + target->host + "，疑似被植入，请核查网页源码和服务器";
    if (!link.text.empty()) msg += "；链接文字“" + link.text.substr(0, 120) + "”";
    out.push_back(Make(place, kRuleHidden, outside ? sc::Severity::kCritical : sc::Severity::kMajor,
                       std::move(msg)));
  }
  if (outside && !IsGovernmentHost(target->host)) {
    out.push_back(
        Make(place, kRuleExternal, sc::Severity::kInfo,
             "外部链接指向非政府网站：" + target->host + "，请确认链接内容合规且仍然有效"));
  }
  return target->spec();
}

void LinkChecks::AddRef(const std::string& target, const LinkPlace& place) {
  std::vector<sc::Finding> now;
  {
    std::lock_guard lock(mu_);
    Target& t = targets_[target];
    if (t.final && !t.problem) return;
    auto [it, inserted] = page_ids_.try_emplace(place.page, static_cast<uint32_t>(pages_.size()));
    if (inserted) pages_.push_back(place.page);
    Ref ref{it->second, static_cast<uint32_t>(place.offset), static_cast<uint32_t>(place.length),
            static_cast<uint32_t>(place.line), static_cast<uint32_t>(place.column)};
    if (t.final) {
      now.push_back(MakeFinding(target, *t.problem, ref));
    } else {
      t.refs.push_back(ref);
    }
  }
  if (!now.empty()) emit_(std::move(now));
}

sc::Finding LinkChecks::MakeFinding(const std::string& target, const Problem& problem,
                                    const Ref& ref) const {
  LinkPlace place;
  place.page = pages_[ref.page];
  place.offset = ref.offset;
  place.length = ref.length;
  place.line = ref.line;
  place.column = ref.column;
  place.href = target;
  return Make(place, problem.rule.c_str(), problem.severity, problem.message);
}

void LinkChecks::SetBadContent(const std::string& url, std::string evidence) {
  std::lock_guard lock(mu_);
  bad_content_[url] = std::move(evidence);
}

std::string LinkChecks::BadContent(const std::string& url) {
  std::lock_guard lock(mu_);
  auto it = bad_content_.find(url);
  return it == bad_content_.end() ? std::string() : it->second;
}

void LinkChecks::OnResult(const crawler::UrlResult& r) {
  std::optional<Problem> p;
  using crawler::Outcome;
  switch (r.outcome) {
    case Outcome::kHttpError:
      if (r.status == 401 || r.status == 403 || r.status == 429) {
        p = Problem{kRuleUnverified, sc::Severity::kInfo,
                    "链接无法验证：HTTP " + std::to_string(r.status) +
                        "（需要登录、禁止访问或请求过多），请人工确认"};
      } else {
        p = Problem{kRuleDead, sc::Severity::kMajor,
                    "死链：HTTP " + std::to_string(r.status) + "（已重试确认）"};
      }
      break;
    case Outcome::kFetchError:
      if (r.error == crawler::FetchError::kTls) {
        p = Problem{kRuleTls, sc::Severity::kMajor,
                    "链接目标的 HTTPS 证书或握手有问题：" + r.detail};
      } else if (r.error == crawler::FetchError::kBlocked) {
        // Not a dead link: it was never asked. A public page pointing into an intranet (or a
        // redirect aimed at 169.254.169.254) is a problem of its own.
        p = Problem{kRulePrivateAddress, sc::Severity::kMajor,
                    "链接目标（或其重定向）指向本机、内网或链路本地地址，出于安全未访问" +
                        (r.detail.empty() ? std::string() : "（" + r.detail + "）") +
                        "；公开网页不应链接内网地址，请核查。内网站点可用 "
                        "--allow-private-addresses 允许访问"};
      } else if (r.error == crawler::FetchError::kUnsupportedScheme) {
        p = Problem{kRuleBadRedirect, sc::Severity::kMajor,
                    "链接目标重定向到非 http/https 协议，未跟随" +
                        (r.detail.empty() ? std::string() : "（" + r.detail + "）") +
                        "；请确认链接是否被篡改"};
      } else {
        p = Problem{kRuleDead, sc::Severity::kMajor,
                    "死链：" + std::string(crawler::ChineseName(r.error)) + "（已重试确认）"};
      }
      break;
    case Outcome::kOutOfScope:
      // A page of the site redirecting off it, not followed (a server's scan reaches only its
      // configured site): where it leads is for a person to check.
      if (r.status >= 300 && r.status < 400 && !r.detail.empty()) {
        p = Problem{
            kRuleUnverified, sc::Severity::kInfo,
            "链接重定向到站外（" + r.detail + "），扫描只访问所配置的网站，未跟随，请人工确认"};
      }
      break;
    case Outcome::kRedirectLoop:
      p = Problem{kRuleDead, sc::Severity::kMajor, "死链：重定向循环（" + r.detail + "）"};
      break;
    case Outcome::kTooManyRedirects:
      p = Problem{kRuleDead, sc::Severity::kMajor, "死链：重定向次数过多"};
      break;
    case Outcome::kRobots:
      // Only a start URL speaks for the site: robots.txt that cannot be read stops the crawl.
      if (r.depth != 0) break;
      if (r.error == crawler::FetchError::kTls) {
        p = Problem{
            kRuleTls, sc::Severity::kMajor,
            "站点的 HTTPS 证书或握手有问题（" + r.detail + "），无法读取 robots.txt，未抓取"};
      } else if (r.error != crawler::FetchError::kNone || r.status != 0) {
        std::string why = r.error != crawler::FetchError::kNone
                              ? std::string(crawler::ChineseName(r.error))
                              : "HTTP " + std::to_string(r.status);
        p = Problem{kRuleUnverified, sc::Severity::kMajor,
                    "站点的 robots.txt 无法读取（" + why +
                        "），按 RFC 9309 视为全部禁止，未抓取；请检查服务器"};
      }
      break;
    case Outcome::kOk: {
      std::lock_guard lock(mu_);
      auto it = bad_content_.find(r.url);
      if (it != bad_content_.end()) {
        p = Problem{kRuleTurnedBad, sc::Severity::kCritical,
                    "链接目标页面现含赌博、色情等违法内容（" + it->second +
                        "），可能是域名过期后被抢注，请立即删除该链接"};
        bad_content_.erase(it);
      }
      break;
    }
    default:
      break;
  }
  // Per linking page, in the order the links were found (offset order within a page).
  std::map<uint32_t, std::vector<sc::Finding>> by_page;
  {
    std::lock_guard lock(mu_);
    Target& t = targets_[r.url];
    t.final = true;
    t.problem = p;
    if (t.problem) {
      if (t.problem->rule == kRuleDead) ++dead_;
      for (const Ref& ref : t.refs)
        by_page[ref.page].push_back(MakeFinding(r.url, *t.problem, ref));
    }
    std::vector<Ref>().swap(t.refs);
  }
  for (auto& [page, findings] : by_page) emit_(std::move(findings));
  // A start URL has no page linking to it: its own failure (an expired certificate, a dead
  // home page) is a finding about the site itself.
  if (p && r.depth == 0 && r.role == crawler::UrlRole::kPage) {
    LinkPlace place;
    place.page = r.url;
    place.href = r.url;
    emit_({Make(place, p->rule.c_str(), p->severity, "起始网址本身有问题：" + p->message)});
  }
}

}  // namespace cuomin::site
