// A ledger list as an export reads it: its ids once, by one walk of an index in list order,
// then the entries a slice at a time. Paging through List instead sorted every entry of the
// filter again for each page of 500 (a unit's 69,050 overdue entries took 4.5 s or more at
// 2 million entries; bench/sites_load.md).
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
    Result<std::vector<int64_t>> ids = tx.Ledger().ListEntryIds(*f);
    if (!ids.ok()) return ids.status();
    out.ids_ = std::move(*ids);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<LedgerView>> LedgerService::Views(const Actor& actor,
                                                     std::span<const int64_t> ids) {
  std::vector<LedgerView> out;
  Status st = store_->Read([&](store::ReviewTx& tx) -> Status {
    Result<std::vector<store::LedgerEntry>> entries = tx.Ledger().GetEntries(ids);
    if (!entries.ok()) return entries.status();
    Names names;
    for (const store::LedgerEntry& e : *entries) {
      if (!CanSeeUnit(actor, e.unit_id)) continue;
      Result<LedgerView> v = ViewOf(tx, e, names);
      if (!v.ok()) return v.status();
      out.push_back(std::move(*v));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<LedgerView>> LedgerExport::Next(size_t n) {
  const size_t end = std::min(ids_.size(), next_ + n);
  std::span<const int64_t> slice(ids_.data() + next_, end - next_);
  next_ = end;
  if (slice.empty()) return std::vector<LedgerView>();
  return service_->Views(actor_, slice);
}

}  // namespace cuomin::review
