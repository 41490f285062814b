// The 整改 figures of a period: what scans found on the sites, by unit, category, severity and
// rule, and how it stands now (waiting, overdue, fixed). The store counts; the service decides
// who may see what and folds the counts into the breakdowns a report needs.
#include <algorithm>
#include <functional>
#include <map>

#include "review/ledger_service.h"

namespace cuomin::review {
namespace {

void Add(store::LedgerCounts& to, const store::LedgerCounts& c) {
  to.total += c.total;
  to.waiting += c.waiting;
  to.overdue += c.overdue;
  to.flagged += c.flagged;
  to.claimed += c.claimed;
  to.fixed += c.fixed;
  to.not_error += c.not_error;
}

std::vector<SiteStatsLine> MostFoundFirst(std::map<std::string, SiteStatsLine> lines) {
  std::vector<SiteStatsLine> out;
  for (auto& [key, line] : lines) out.push_back(std::move(line));
  std::stable_sort(out.begin(), out.end(), [](const SiteStatsLine& a, const SiteStatsLine& b) {
    return a.counts.total > b.counts.total;
  });
  return out;
}

// Severities in their own order, the most severe first: a reader looks for 严重 at the top
// whatever the counts.
std::vector<SiteStatsLine> MostSevereFirst(
    std::map<scanner::Severity, SiteStatsLine, std::greater<>> lines) {
  std::vector<SiteStatsLine> out;
  for (auto& [severity, line] : lines) out.push_back(std::move(line));
  return out;
}

}  // namespace

Result<store::LedgerFilter> LedgerService::CountFilter(const Actor& actor, const LedgerQuery& q) {
  if (q.unit_id != 0 && !CanSeeUnit(actor, q.unit_id))
    return Status::PermissionDenied("您无权查看该单位的整改统计");
  store::LedgerFilter f;
  f.site_id = q.site_id;
  // Those who see every unit (they see one no user belongs to) count every unit; anyone else
  // their own.
  const bool sees_all = CanSeeUnit(actor, -1);
  f.unit_id = q.unit_id != 0 ? q.unit_id : (sees_all ? 0 : actor.unit_id);
  f.assigned_from = q.from;
  f.assigned_to = q.to;
  return f;
}

Result<SiteStats> LedgerService::Statistics(const Actor& actor, const LedgerQuery& q) {
  Result<store::LedgerFilter> f = CountFilter(actor, q);
  if (!f.ok()) return f.status();
  std::vector<store::LedgerStatsRow> rows;
  std::vector<store::Unit> units;
  Status st = store_->Read([&](store::ReviewTx& tx) -> Status {
    Result<std::vector<store::LedgerStatsRow>> r = tx.Ledger().StatsRows(*f, clock_->Now());
    if (!r.ok()) return r.status();
    rows = std::move(*r);
    Result<std::vector<store::Unit>> u = tx.ListUnits();
    if (!u.ok()) return u.status();
    units = std::move(*u);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  SiteStats out;
  out.total.key = "total";
  out.total.name = "合计";
  std::map<int64_t, size_t> unit_index;
  for (const store::Unit& u : units) {
    if (f->unit_id != 0 ? u.id != f->unit_id : !CanSeeUnit(actor, u.id)) continue;
    unit_index[u.id] = out.by_unit.size();
    SiteStatsLine line;
    line.key = std::to_string(u.id);
    line.name = u.name;
    line.counts.unit_id = u.id;
    out.by_unit.push_back(std::move(line));
  }
  std::map<std::string, SiteStatsLine> by_category, by_rule;
  std::map<scanner::Severity, SiteStatsLine, std::greater<>> by_severity;
  for (const store::LedgerStatsRow& r : rows) {
    Add(out.total.counts, r.counts);
    if (auto it = unit_index.find(r.counts.unit_id); it != unit_index.end()) {
      Add(out.by_unit[it->second].counts, r.counts);
    }
    auto category = static_cast<scanner::Category>(r.category);
    auto severity = static_cast<scanner::Severity>(r.severity);
    SiteStatsLine& cat = by_category[std::string(scanner::ToString(category))];
    cat.key = scanner::ToString(category);
    cat.name = scanner::ChineseName(category);
    Add(cat.counts, r.counts);
    SiteStatsLine& sev = by_severity[severity];
    sev.key = scanner::ToString(severity);
    sev.name = scanner::ChineseName(severity);
    Add(sev.counts, r.counts);
    SiteStatsLine& rule = by_rule[r.rule];
    rule.key = rule.name = r.rule;
    Add(rule.counts, r.counts);
    if (category == scanner::Category::kTypo) out.typos_corrected += r.counts.fixed;
    if (category == scanner::Category::kSensitive || category == scanner::Category::kLink) {
      out.sensitive_removed += r.counts.fixed;
    }
  }
  out.by_category = MostFoundFirst(std::move(by_category));
  out.by_severity = MostSevereFirst(std::move(by_severity));
  out.by_rule = MostFoundFirst(std::move(by_rule));
  return out;
}

Result<std::vector<store::LedgerMonth>> LedgerService::Months(const Actor& actor,
                                                              const LedgerQuery& q) {
  Result<store::LedgerFilter> f = CountFilter(actor, q);
  if (!f.ok()) return f.status();
  std::vector<store::LedgerMonth> out;
  Status st = store_->Read([&](store::ReviewTx& tx) -> Status {
    Result<std::vector<store::LedgerMonth>> m =
        tx.Ledger().CountByMonth(*f, options_.utc_offset_seconds);
    if (!m.ok()) return m.status();
    out = std::move(*m);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace cuomin::review
