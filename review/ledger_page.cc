// The per-page view of a scanned page: its kept body read again by the reader the scan used,
// laid out as a draft's text is (review/draft_text.h), so that the dashboard highlights a
// page's findings with the draft view's renderer.
#include <map>

#include "review/ledger_service.h"
#include "scanner/reader.h"

namespace cuomin::review {

Result<ScannedPageView> LedgerService::Page(const Actor& actor, int64_t site_id,
                                            const std::string& url) {
  ScannedPageView out;
  std::optional<store::ScannedPage> page;
  std::vector<store::LedgerEntry> entries;
  // Absent, another site's, or another unit's: the same answer, so nothing is told.
  const Status not_found = Status::NotFound("该网站的扫描记录中没有页面 " + url);
  Status st = store_->Read([&](store::ReviewTx& tx) -> Status {
    Result<store::Site> site = tx.Ledger().GetSite(site_id);
    if (!site.ok()) return site.status();
    Result<std::optional<store::ScannedPage>> p = tx.Ledger().GetScannedPage(site_id, url);
    if (!p.ok()) return p.status();
    if (!*p || (*p)->site_id != site_id) return not_found;
    Result<std::vector<store::UnitPrefix>> prefixes = tx.Ledger().ListPrefixes(site_id);
    if (!prefixes.ok()) return prefixes.status();
    int64_t unit_id = UnitFor(*site, *prefixes, url);
    if (!CanSeeUnit(actor, unit_id)) return not_found;
    Result<store::Unit> unit = tx.GetUnit(unit_id);
    if (!unit.ok()) return unit.status();
    Result<std::vector<store::LedgerEntry>> e = tx.Ledger().EntriesOfPage(site_id, url);
    if (!e.ok()) return e.status();
    Names names;
    std::map<std::string, LedgerView> by_identity;
    for (const store::LedgerEntry& x : *e) {
      Result<LedgerView> v = ViewOf(tx, x, names);
      if (!v.ok()) return v.status();
      by_identity.emplace(x.identity, std::move(*v));
    }
    out.site = std::move(*site);
    out.unit = std::move(*unit);
    page = std::move(*p);
    std::vector<scanner::Finding> findings;
    for (const auto& [identity, f] : page->findings) findings.push_back(f);
    bool placed = false;
    if (page->has_body) {
      scanner::ReadOptions read;
      read.format = "html";  // only pages read as HTML keep their body (site/site_scan.cc)
      read.declared_encoding = page->charset;
      Result<scanner::Document> doc = scanner::ReadDocument(url, page->body, read);
      if (doc.ok()) {
        LaidOutText laid = LayOut(*doc, findings);
        out.has_text = placed = true;
        out.text = std::move(laid.text);
        for (PlacedFinding& placed : laid.findings) out.findings.push_back({std::move(placed), {}});
      } else {
        out.read_error = doc.status().message();
      }
    }
    if (!placed) {
      for (scanner::Finding& f : findings) out.findings.push_back({{std::move(f), 0, 0}, {}});
    }
    for (size_t i = 0; i < out.findings.size(); ++i) {
      auto it = by_identity.find(page->findings[i].first);
      if (it != by_identity.end()) out.findings[i].entry = it->second;
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  out.url = url;
  out.scan_id = page->scan_id;
  // Links in page order, each with the link findings at its tag.
  std::map<int64_t, size_t> at;
  for (const store::PageLinkRow& l : page->links) {
    at.emplace(l.offset, out.links.size());
    out.links.push_back({l.target, l.line, l.column, {}});
  }
  for (const PageFindingView& v : out.findings) {
    const scanner::Finding& f = v.placed.finding;
    if (f.category != scanner::Category::kLink) continue;
    auto it = at.find(static_cast<int64_t>(f.offset));
    if (it == at.end()) {
      // A link the page record does not hold (a script link, one written by script).
      at.emplace(static_cast<int64_t>(f.offset), out.links.size());
      out.links.push_back(
          {f.text, static_cast<int64_t>(f.line), static_cast<int64_t>(f.column), {f}});
    } else {
      out.links[it->second].problems.push_back(f);
    }
  }
  return out;
}

}  // namespace cuomin::review
