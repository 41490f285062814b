#include "crawler/frontier.h"

#include <functional>
#include <utility>

namespace cuomin::crawler {

Frontier::Frontier(const CrawlOptions& opt, const CrawlScope& scope, int year)
    : opt_(opt), scope_(scope), traps_(opt, year) {}

bool Frontier::MarkSeen(const std::string& spec) {
  return seen_.insert(std::hash<std::string>{}(spec)).second;
}

void Frontier::MarkSettled(const std::string& spec) {
  std::optional<Url> u = ParseUrl(spec);
  if (!u || !MarkSeen(u->spec())) return;
  if (scope_.InScope(*u)) {
    ++page_count_;
  } else {
    ++outbound_count_;
  }
}

std::optional<Frontier::Admitted> Frontier::Add(const std::string& spec, int depth,
                                                std::vector<UrlResult>& skipped,
                                                CrawlStats& stats) {
  std::optional<Url> u = ParseUrl(spec);
  if (!u) return std::nullopt;
  std::string norm = u->spec();
  if (!MarkSeen(norm)) return std::nullopt;
  auto skip = [&](Outcome o, std::string detail, UrlRole role) {
    UrlResult r;
    r.url = norm;
    r.role = role;
    r.outcome = o;
    r.detail = std::move(detail);
    r.depth = depth;
    skipped.push_back(std::move(r));
    return std::nullopt;
  };
  if (!scope_.InScope(*u)) {
    if (!opt_.check_outbound) {
      ++stats.scope_skipped;
      return skip(Outcome::kOutOfScope, "", UrlRole::kOutbound);
    }
    if (outbound_count_ >= opt_.max_outbound) {
      ++stats.limit_skipped;
      return skip(Outcome::kLimit, "超过站外链接检查上限", UrlRole::kOutbound);
    }
    ++outbound_count_;
    return Admitted{std::move(*u), std::move(norm), UrlRole::kOutbound};
  }
  if (depth > opt_.max_depth) {
    ++stats.limit_skipped;
    return skip(Outcome::kLimit, "超过最大深度", UrlRole::kPage);
  }
  if (std::string trap = traps_.TrapKind(*u); !trap.empty()) {
    ++stats.trap_skipped;
    return skip(Outcome::kTrap, trap, UrlRole::kPage);
  }
  if (scope_.Excluded(norm)) {
    ++stats.excluded;
    return skip(Outcome::kExcluded, "", UrlRole::kPage);
  }
  if (page_count_ >= opt_.max_pages) {
    ++stats.limit_skipped;
    return skip(Outcome::kLimit, "超过最大页面数", UrlRole::kPage);
  }
  ++page_count_;
  return Admitted{std::move(*u), std::move(norm), UrlRole::kPage};
}

}  // namespace cuomin::crawler
