// A ledger list as an export reads it: counted first (a list too long to send is refused
// before any id is read), then its ids once, by one walk of an index in list order, then the
// exported columns a slice at a time by one statement each. Paging through List instead
// sorted every entry of the filter again for each page of 500 (a unit's 69,050 overdue
// entries took 4.5 s or more at 2 million entries), and reading whole entries one id at a
// time spent 41 % of an export in SQLite's lookups and 28 % allocating (bench/sites_load.md).
#include <algorithm>

#include "review/ledger_service.h"

namespace cuomin::review {

Result<LedgerExport> LedgerService::Export(const Actor& actor, const LedgerQuery& q,
                                           int64_t max_rows) {
  Result<store::LedgerFilter> f = ListFilter(actor, q);
  if (!f.ok()) return f.status();
  f->limit = max_rows + 1;
  LedgerExport out;
  out.service_ = this;
  out.actor_ = actor;
  Status st = store_->Read([&](store::ReviewTx& tx) -> Status {
    Result<int64_t> n = tx.Ledger().CountEntries(*f);
    if (!n.ok()) return n.status();
    out.total_ = *n;
    if (*n > max_rows) return Status::Ok();
    Result<std::vector<int64_t>> ids = tx.Ledger().ListEntryIds(*f);
    if (!ids.ok()) return ids.status();
    out.ids_ = std::move(*ids);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  // The ids are read in the count's transaction, so they agree with it; were the kept counts
  // ever behind, the ids' own number still bounds the export.
  out.accepted_ = static_cast<int64_t>(out.ids_.size()) <= max_rows && out.total_ <= max_rows;
  if (!out.accepted_) {
    out.total_ = std::max(out.total_, static_cast<int64_t>(out.ids_.size()));
    out.ids_.clear();
  }
  return out;
}

Status LedgerService::ExportLines(const Actor& actor, std::span<const int64_t> ids,
                                  const std::function<void(const LedgerExportLine&)>& line) {
  const int64_t now = clock_->Now();
  return store_->Read([&](store::ReviewTx& tx) -> Status {
    Names names;
    return tx.Ledger().ExportRows(ids, [&](const store::LedgerExportRow& r) -> Status {
      if (!CanSeeUnit(actor, r.unit_id)) return Status::Ok();
      auto unit = names.units.find(r.unit_id);
      if (unit == names.units.end()) {
        Result<store::Unit> u = tx.GetUnit(r.unit_id);
        if (!u.ok()) return u.status();
        unit = names.units.emplace(r.unit_id, u->name).first;
      }
      auto site = names.sites.find(r.site_id);
      if (site == names.sites.end()) {
        Result<store::Site> s = tx.Ledger().GetSite(r.site_id);
        if (!s.ok()) return s.status();
        site = names.sites.emplace(r.site_id, s->name).first;
      }
      line(LedgerExportLine{
          r, unit->second, site->second,
          (r.status == store::LedgerStatus::kOpen || r.status == store::LedgerStatus::kReopened) &&
              r.deadline < now});
      return Status::Ok();
    });
  });
}

Status LedgerExport::Next(size_t n, const std::function<void(const LedgerExportLine&)>& line) {
  const size_t end = std::min(ids_.size(), next_ + n);
  std::span<const int64_t> slice(ids_.data() + next_, end - next_);
  next_ = end;
  if (slice.empty()) return Status::Ok();
  return service_->ExportLines(actor_, slice, line);
}

}  // namespace cuomin::review
