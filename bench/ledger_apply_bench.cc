// How fast the 整改 ledger takes a scan (LedgerService::ApplyScan) and answers its lists, on a
// database in a temporary directory: `ledger_apply_bench [PAGES] [FINDINGS_PER_PAGE] [SCANS]`.
// Each scan after the first fixes one finding in ten and adds as many new ones.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "review/ledger_service.h"
#include "review/review_service.h"
#include "store/site_store.h"

namespace {

using Steady = std::chrono::steady_clock;

double Seconds(Steady::time_point since) {
  return std::chrono::duration<double>(Steady::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace cuomin;
  const int pages = argc > 1 ? std::atoi(argv[1]) : 2000;
  const int per_page = argc > 2 ? std::atoi(argv[2]) : 10;
  const int scans = argc > 3 ? std::atoi(argv[3]) : 3;
  char dir[] = "/tmp/cuomin-ledger-bench-XXXXXX";
  if (::mkdtemp(dir) == nullptr) return 1;
  const std::string db = std::string(dir) + "/b.db";
  FakeClock clock;
  auto store = store::OpenSqliteReviewStore(db);
  if (!store.ok()) return std::fprintf(stderr, "%s\n", store.status().message().c_str()), 1;
  review::ReviewService svc(store->get(), nullptr, &clock);
  review::Actor admin = review::CommandLineActor();
  admin.role = store::Role::kAdmin;
  int64_t office = svc.CreateUnit(admin, "市政府办公室", true)->id;
  int64_t edu = svc.CreateUnit(admin, "教育局", false)->id;
  review::LedgerService ledger(store->get(), &clock);
  store::Site s;
  s.name = "bench";
  s.unit_id = office;
  s.start_urls = {"https://www.example.gov.cn/"};
  int64_t site = ledger.CreateSite(admin, s)->id;
  (void)ledger.AddPrefix(admin, site, "/zwgk/bm/jyj/", edu);
  auto sites = store::OpenSqliteSiteStore(db, &clock, site);
  if (!sites.ok()) return 1;
  for (int n = 0; n < scans; ++n) {
    clock.Advance(86400);
    (void)(*sites)->BeginScan("bench");
    auto t = Steady::now();
    for (int p = 0; p < pages; ++p) {
      std::string url = "https://www.example.gov.cn/" +
                        std::string(p % 2 ? "zwgk/bm/jyj/" : "xw/") + std::to_string(p) + ".html";
      std::vector<scanner::Finding> fs;
      for (int k = 0; k < per_page; ++k) {
        // One finding in ten changes with each scan: fixed on this one, new on the next.
        int version = k % 10 == 0 ? n : 0;
        scanner::Finding f;
        f.source = url;
        f.rule = "typo-words";
        f.text = "按装" + std::to_string(k) + "-" + std::to_string(version);
        f.context = "请按装软件" + f.text;
        f.offset = static_cast<size_t>(k) * 40;
        f.length = f.text.size();
        fs.push_back(std::move(f));
      }
      store::PageRecord rec;
      (void)(*sites)->CommitPage(url, &rec, fs);
    }
    (void)(*sites)->FinishScan(nullptr);
    double record = Seconds(t);
    int64_t id = (*sites)->Scans(1)->front().id;
    t = Steady::now();
    auto sum = ledger.ApplyScan(site, id);
    double apply = Seconds(t);
    if (!sum.ok()) return std::fprintf(stderr, "%s\n", sum.status().message().c_str()), 1;
    int64_t n_findings = static_cast<int64_t>(pages) * per_page;
    std::printf(
        "scan %d: %lld findings recorded in %.2f s; ApplyScan %.2f s (%.0f findings/s): "
        "assigned %lld, still %lld, reopened %lld, fixed %lld\n",
        n + 1, static_cast<long long>(n_findings), record, apply, n_findings / apply,
        static_cast<long long>(sum->assigned), static_cast<long long>(sum->still),
        static_cast<long long>(sum->reopened), static_cast<long long>(sum->fixed));
  }
  review::LedgerQuery q;
  q.unit_id = edu;
  auto t = Steady::now();
  constexpr int kRounds = 20;
  for (int i = 0; i < kRounds; ++i) (void)ledger.List(admin, q);
  double list = Seconds(t) / kRounds;
  t = Steady::now();
  for (int i = 0; i < kRounds; ++i) (void)ledger.CountByUnit(admin, {});
  double counts = Seconds(t) / kRounds;
  std::printf("List (one unit, first 100): %.1f ms; CountByUnit: %.1f ms\n", list * 1000,
              counts * 1000);
  std::filesystem::remove_all(dir);
  return 0;
}
