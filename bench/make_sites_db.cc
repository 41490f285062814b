// Generates a database of site scans for the server's load test (bench/sites_load.sh): S sites
// (by default 200) of one host each, every site scanned N times (50) a week apart, each scan
// finding F new problems (200) on pages of its own and finding again, less one each, those of
// the scan before; so by default 2,000,000 findings, each with its 整改 ledger entry, over
// 10,000 scans and a year. Between scans units claim fixes (some confirmed by a reviewer, some
// found still on the page by the next scan: reopened and flagged) and not-an-error (some
// confirmed); what nobody touches goes past its deadline. Pages map to U units (20) by URL
// prefix. Users: admin and
// reviewer1 of the city office, editor1..editorU of the units (password "bench-password").
//
//   build/bench/make_sites_db [--sites S] [--scans N] [--findings-per-scan F] [--units U] FILE
//
// Everything goes in through the site store and the ledger service, as the server's scans
// write it (SiteStore::CommitPages, FinishScan, LedgerService::ApplyScan, ClaimFixed, Confirm),
// so that the indexes and any counts kept by the store are what a real database has. A scan's
// pages go in one transaction and each site's store stays open: the full size takes minutes,
// not hours (bench/sites_load.md).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "review/audit_chain.h"
#include "review/clock.h"
#include "review/crypto.h"
#include "review/ledger_service.h"
#include "store/review_store.h"
#include "store/site_store.h"

using namespace cuomin;

namespace {

// What a government page gets wrong, with its category and severity.
struct Problem {
  const char* rule;
  scanner::Category category;
  scanner::Severity severity;
  const char* text;
  const char* suggestion;
};
constexpr Problem kProblems[] = {
    {"typo-words", scanner::Category::kTypo, scanner::Severity::kMajor, "贯切", "贯彻"},
    {"typo-words", scanner::Category::kTypo, scanner::Severity::kMajor, "布署", "部署"},
    {"typo-words", scanner::Category::kTypo, scanner::Severity::kMajor, "按装", "安装"},
    {"typo-common", scanner::Category::kTypo, scanner::Severity::kMinor, "既使", "即使"},
    {"privacy-mobile", scanner::Category::kPrivacy, scanner::Severity::kMajor, "13800138000", ""},
    {"link-dead", scanner::Category::kLink, scanner::Severity::kMinor, "http://old.example.gov.cn/",
     ""},
    {"punctuation-halfwidth", scanner::Category::kPunctuation, scanner::Severity::kInfo, ",", "，"},
    {"expression-state-name", scanner::Category::kExpression, scanner::Severity::kCritical,
     "中华民国", ""},
};

scanner::Finding MakeFinding(const std::string& url, int page, int k) {
  const Problem& p = kProblems[static_cast<size_t>(page * 7 + k) % std::size(kProblems)];
  scanner::Finding f;
  f.source = url;
  f.rule = p.rule;
  f.category = p.category;
  f.severity = p.severity;
  f.text = p.text;
  f.suggestion = p.suggestion;
  f.message = std::string("疑似问题：“") + p.text + "”";
  // The sentence tells findings of one page apart (the identity is rule, text and sentence).
  f.context = "第" + std::to_string(k + 1) + "条：各单位要认真" + p.text + "落实上级部署要求。";
  f.offset = static_cast<size_t>(k) * 120;
  f.length = f.text.size();
  f.line = static_cast<size_t>(k) + 1;
  f.column = 5;
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  int sites = 200, scans = 50, per_scan = 200, units = 20;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--sites" && i + 1 < argc) {
      sites = std::atoi(argv[++i]);
    } else if (a == "--scans" && i + 1 < argc) {
      scans = std::atoi(argv[++i]);
    } else if (a == "--findings-per-scan" && i + 1 < argc) {
      per_scan = std::atoi(argv[++i]);
    } else if (a == "--units" && i + 1 < argc) {
      units = std::atoi(argv[++i]);
    } else {
      path = a;
    }
  }
  constexpr int kPerPage = 10;
  if (path.empty() || sites <= 0 || scans <= 0 || per_scan < kPerPage || units < 1) {
    std::cerr << "usage: make_sites_db [--sites S] [--scans N] [--findings-per-scan F>=10] "
                 "[--units U] FILE\n";
    return 2;
  }
  auto opened = store::OpenSqliteReviewStore(path);
  if (!opened.ok()) {
    std::cerr << opened.status().message() << "\n";
    return 1;
  }
  store::ReviewStore& st = **opened;
  auto hash = review::HashPassword("bench-password");
  if (!hash.ok()) return 1;
  // A year of weekly scans ending now, so that the default period of the statistics (this
  // year) and the overdue deadlines are as on a server in use.
  const int64_t start = review::SystemClock().Now() - static_cast<int64_t>(scans) * 7 * 86400;
  FakeClock clock(start);
  std::string now = review::FormatUtc(start);
  std::vector<int64_t> unit_ids, user_ids;
  Status s = st.Write([&](store::ReviewTx& tx) -> Status {
    for (int u = 0; u <= units; ++u) {
      store::Unit unit{0, u == 0 ? "市政府办公室" : "单位" + std::to_string(u), u == 0};
      auto id = tx.InsertUnit(unit);
      if (!id.ok()) return id.status();
      unit_ids.push_back(*id);
      std::string name = u == 0 ? "reviewer1" : "editor" + std::to_string(u);
      store::User user{
          0,     name,  name, *id, u == 0 ? store::Role::kReviewer1 : store::Role::kEditor,
          *hash, false, now};
      auto user_id = tx.InsertUser(user);
      if (!user_id.ok()) return user_id.status();
      user_ids.push_back(*user_id);
    }
    store::User admin{0, "admin", "admin", unit_ids[0], store::Role::kAdmin, *hash, false, now};
    if (auto e = tx.InsertUser(admin); !e.ok()) return e.status();
    return Status::Ok();
  });
  if (!s.ok()) {
    std::cerr << path << ": " << s.message() << "\n";
    return 1;
  }
  // A scan's ledger entries in batches of a scan's size: one transaction each.
  review::LedgerOptions options;
  options.apply_batch = 5000;
  review::LedgerService ledger(&st, &clock, options);
  review::Actor admin = review::CommandLineActor();
  admin.role = store::Role::kAdmin;
  std::vector<int64_t> site_ids;
  for (int i = 0; i < sites; ++i) {
    store::Site site;
    site.name = "网站" + std::to_string(i + 1);
    site.unit_id = unit_ids[0];
    site.start_urls = {"https://www" + std::to_string(i + 1) + ".example.gov.cn/"};
    Result<store::Site> made = ledger.CreateSite(admin, site);
    if (!made.ok()) {
      std::cerr << path << ": " << made.status().message() << "\n";
      return 1;
    }
    site_ids.push_back(made->id);
    // Five departments' sections per site, of units in turn.
    for (int d = 0; d < 5 && d < units; ++d) {
      int64_t unit = unit_ids[1 + static_cast<size_t>(i * 5 + d) % static_cast<size_t>(units)];
      if (auto p = ledger.AddPrefix(admin, made->id, "/zwgk/bm/d" + std::to_string(d) + "/", unit);
          !p.ok()) {
        std::cerr << path << ": " << p.status().message() << "\n";
        return 1;
      }
    }
  }
  // Each site's store stays open for all its scans, as a server's scan runner keeps it for a
  // scan; scans of the sites take turns week by week, as scheduled scans do.
  std::vector<std::unique_ptr<store::SiteStore>> stores;
  for (int64_t id : site_ids) {
    auto store = store::OpenSqliteSiteStore(path, &clock, id);
    if (!store.ok()) {
      std::cerr << store.status().message() << "\n";
      return 1;
    }
    stores.push_back(std::move(*store));
  }
  review::Actor reviewer;
  reviewer.user_id = user_ids[0];
  reviewer.name = reviewer.display_name = "reviewer1";
  reviewer.role = store::Role::kReviewer1;
  reviewer.unit_id = unit_ids[0];
  reviewer.oversees_all = true;
  auto editor_of = [&](int64_t unit_id) {
    review::Actor a;
    for (size_t u = 1; u < unit_ids.size(); ++u) {
      if (unit_ids[u] != unit_id) continue;
      a.user_id = user_ids[u];
      a.name = a.display_name = "editor" + std::to_string(u);
      a.unit_id = unit_id;
    }
    return a;
  };
  const int pages_per_scan = per_scan / kPerPage;
  auto url_of = [&](size_t site, int page) {
    return "https://www" + std::to_string(site + 1) + ".example.gov.cn/" +
           (page % 6 == 5 ? "xwzx/" : "zwgk/bm/d" + std::to_string(page % 5) + "/") +
           std::to_string(page) + ".html";
  };
  auto entries_of = [&](size_t site, int page) {
    std::vector<store::LedgerEntry> out;
    Status r = st.Read([&](store::ReviewTx& tx) -> Status {
      auto e = tx.Ledger().EntriesOfPage(site_ids[site], url_of(site, page));
      if (!e.ok()) return e.status();
      out = std::move(*e);
      return Status::Ok();
    });
    if (!r.ok()) std::cerr << path << ": " << r.message() << "\n";
    return out;
  };
  auto t0 = std::chrono::steady_clock::now();
  int64_t recorded = 0, actions = 0;
  const store::PageRecord rec;
  for (int n = 0; n < scans; ++n) {
    clock.Advance(7 * 86400);
    for (size_t i = 0; i < site_ids.size(); ++i) {
      store::SiteStore& ss = *stores[i];
      if (Status b = ss.BeginScan("bench"); !b.ok()) {
        std::cerr << b.message() << "\n";
        return 1;
      }
      // This scan's new pages, and the last scan's again with its first finding fixed: the
      // whole scan in one transaction.
      std::vector<store::SiteStore::PageCommit> batch;
      for (int scan : {n - 1, n}) {
        if (scan < 0) continue;
        for (int p = 0; p < pages_per_scan; ++p) {
          int page = scan * pages_per_scan + p;
          store::SiteStore::PageCommit c{url_of(i, page), &rec, {}};
          for (int k = scan < n ? 1 : 0; k < kPerPage; ++k)
            c.findings.push_back(MakeFinding(c.source, page, k));
          recorded += static_cast<int64_t>(c.findings.size());
          batch.push_back(std::move(c));
        }
      }
      if (auto r = ss.CommitPages(batch); !r.ok()) {
        std::cerr << r.status().message() << "\n";
        return 1;
      }
      if (auto f = ss.FinishScan(nullptr); !f.ok()) {
        std::cerr << f.status().message() << "\n";
        return 1;
      }
      if (auto a = ledger.ApplyScan(site_ids[i], ss.scan_id()); !a.ok()) {
        std::cerr << a.status().message() << "\n";
        return 1;
      }
      // What units and reviewers do between scans, through the service as the dashboard's
      // buttons do: on a new page, fixes claimed that the next scan finds still there
      // (reopened, flagged); on the last scan's pages, which no later scan visits, fixes and
      // not-an-error claims, some confirmed by a reviewer.
      auto act = [&](const Result<review::LedgerView>& r) {
        ++actions;
        if (!r.ok()) std::cerr << path << ": " << r.status().message() << "\n";
        return r.ok();
      };
      // Pages of the site's own office (no prefix: /xwzx/) have no editor here: left alone.
      auto editors = [&](std::vector<store::LedgerEntry> entries) {
        std::erase_if(entries,
                      [&](const store::LedgerEntry& e) { return e.unit_id == unit_ids[0]; });
        return entries;
      };
      if (pages_per_scan > 1) {
        std::vector<store::LedgerEntry> fresh = editors(entries_of(i, n * pages_per_scan + 1));
        for (size_t k = 0; k < fresh.size() && k < 3; ++k)
          if (!act(ledger.ClaimFixed(editor_of(fresh[k].unit_id), fresh[k].id))) return 1;
      }
      if (n > 0 && pages_per_scan > 3) {
        std::vector<store::LedgerEntry> old = editors(entries_of(i, (n - 1) * pages_per_scan + 2));
        for (size_t k = 1; k < old.size() && k < 4; ++k) {
          if (!act(ledger.ClaimFixed(editor_of(old[k].unit_id), old[k].id))) return 1;
          if (k < 3 && !act(ledger.Confirm(reviewer, old[k].id))) return 1;
        }
        old = editors(entries_of(i, (n - 1) * pages_per_scan + 3));
        for (size_t k = 1; k < old.size() && k < 3; ++k) {
          if (!act(ledger.ClaimNotError(editor_of(old[k].unit_id), old[k].id,
                                        "经核实为引用原文，不是错误")))
            return 1;
          if (k < 2 && !act(ledger.Confirm(reviewer, old[k].id))) return 1;
        }
      }
    }
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "scan %d of %d: %lld findings recorded, %lld actions, %.0f s\n", n + 1,
                 scans, static_cast<long long>(recorded), static_cast<long long>(actions), secs);
  }
  std::cerr << path << ": " << sites << " sites, " << static_cast<int64_t>(sites) * scans
            << " scans, " << static_cast<int64_t>(sites) * scans * pages_per_scan * kPerPage
            << " findings; users admin, reviewer1, editor1.." << units
            << " (password bench-password)\n";
  return 0;
}
