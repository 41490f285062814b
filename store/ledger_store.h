// The site and ledger tables behind an interface, inside a review store transaction:
//
//   store->Write([&](ReviewTx& tx) -> Status {
//     Result<LedgerEntry> e = tx.Ledger().GetEntry(id);   // re-read in the transaction
//     ... tx.Ledger().UpdateEntry(*e); tx.Ledger().InsertEvent(...); tx.AppendAudit(...);
//   });
//
// so that an entry, its history and the audit log change together. SQLite implements it
// (store/sqlite_ledger_tx.cc); PostgreSQL can later do the same.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/status.h"
#include "store/ledger_types.h"
#include "store/review_types.h"

namespace cuomin::store {

class LedgerTx {
 public:
  virtual ~LedgerTx() = default;

  virtual Result<int64_t> InsertSite(const Site& site) = 0;
  // Writes every field but id and created_at.
  virtual Status UpdateSite(const Site& site) = 0;
  virtual Result<Site> GetSite(int64_t id) = 0;
  virtual Result<std::vector<Site>> ListSites() = 0;

  virtual Result<int64_t> InsertPrefix(const UnitPrefix& prefix) = 0;
  virtual Status DeletePrefix(int64_t site_id, int64_t prefix_id) = 0;
  // Longest prefix first.
  virtual Result<std::vector<UnitPrefix>> ListPrefixes(int64_t site_id) = 0;

  // A named setting; nullopt when never set.
  virtual Result<std::optional<std::string>> GetSetting(const std::string& name) = 0;
  virtual Status SetSetting(const std::string& name, const std::string& value) = 0;

  virtual Result<SiteScanRow> GetScan(int64_t scan_id) = 0;
  // Gives a whole-database scan (cuomin crawl --db, site 0) to a site: the pages and findings
  // site 0 recorded become the site's, where the site has no record of its own of them.
  virtual Status SetScanSite(int64_t scan_id, int64_t site_id) = 0;
  // The site's scans, newest first, at most `limit`.
  virtual Result<std::vector<SiteScanRow>> ListScans(int64_t site_id, int64_t limit) = 0;
  virtual Result<ScanCounts> CountScan(int64_t scan_id) = 0;
  // Findings the scan recorded (`fixed` false: found by it) or told fixed (`fixed` true), in
  // row order after `after_row`, at most `limit`.
  virtual Result<std::vector<ScannedFinding>> ScanFindings(int64_t scan_id, bool fixed,
                                                           int64_t after_row, int64_t limit) = 0;

  virtual Result<int64_t> InsertEntry(const LedgerEntry& entry) = 0;
  // Writes unit, the finding's texts, status, claim, reason, flagged, last_seen_scan,
  // deadline, claimed_at/by and updated_at.
  virtual Status UpdateEntry(const LedgerEntry& entry) = 0;
  virtual Result<LedgerEntry> GetEntry(int64_t id) = 0;
  virtual Result<std::optional<LedgerEntry>> FindEntry(int64_t site_id, const std::string& source,
                                                       const std::string& identity) = 0;
  // Earliest deadline first.
  virtual Result<Page<LedgerEntry>> ListEntries(const LedgerFilter& filter) = 0;
  // The ids of the entries the filter selects, in ListEntries' order, at most `limit` (after
  // and offset ignored), by one walk of an index: an export reads its whole list once rather
  // than a page at a time, each page sorting every entry of the filter again.
  virtual Result<std::vector<int64_t>> ListEntryIds(const LedgerFilter& filter) = 0;
  // How many entries the filter selects (ListEntries' total; after, offset and limit
  // ignored): from the counts kept by migration 14 where the filter allows, so that an export
  // too long to send is refused before any id is read.
  virtual Result<int64_t> CountEntries(const LedgerFilter& filter) = 0;
  // The export's columns of the entries of `ids`, in that order, by one statement for the
  // whole span (ids no longer in the ledger are left out); stops at the first error `row`
  // returns and returns it.
  virtual Status ExportRows(std::span<const int64_t> ids,
                            const std::function<Status(const LedgerExportRow&)>& row) = 0;

  // Counts by unit of the entries the filter selects (offset, limit and overdue_at ignored),
  // overdue at `now`; units without entries are left out.
  virtual Result<std::vector<LedgerCounts>> CountByUnit(const LedgerFilter& filter,
                                                        int64_t now) = 0;

  // The page `url` of the site as the site's last scan that visited it left it; nullopt when no
  // scan of the site recorded it (another site's record of the same URL is not this one).
  virtual Result<std::optional<ScannedPage>> GetScannedPage(int64_t site_id,
                                                            const std::string& url) = 0;
  // Every entry of the site's page `url`, in offset order of their findings (by id).
  virtual Result<std::vector<LedgerEntry>> EntriesOfPage(int64_t site_id,
                                                         const std::string& url) = 0;

  // The counts of CountByUnit, by unit, category, severity and rule, for the statistics.
  virtual Result<std::vector<LedgerStatsRow>> StatsRows(const LedgerFilter& filter,
                                                        int64_t now) = 0;
  // Entries the filter selects (site, unit, period) by the month they were assigned, local
  // time `utc_offset` seconds ahead of UTC; oldest first, months without any left out.
  virtual Result<std::vector<LedgerMonth>> CountByMonth(const LedgerFilter& filter,
                                                        int64_t utc_offset) = 0;

  virtual Result<int64_t> InsertEvent(const LedgerEvent& event) = 0;
  // Oldest first.
  virtual Result<std::vector<LedgerEvent>> ListEvents(int64_t entry_id) = 0;
};

}  // namespace cuomin::store
