// Generates a review database for load tests: N drafts spread over units and stages, each with
// one version and F findings (by default 10,000 drafts and 200,000 findings), plus one user per
// role (password "bench-password").
//
//   build/bench/make_review_db --drafts 10000 --findings-per-draft 20 /tmp/load.db
//
// Rows go in through the ReviewStore interface, as the service writes them, in transactions of
// 500 drafts.
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>

#include "review/audit_chain.h"
#include "review/clock.h"
#include "review/crypto.h"
#include "store/review_store.h"

using namespace cuomin;

int main(int argc, char** argv) {
  int drafts = 10000, per_draft = 20, units = 12;
  std::string path;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--drafts" && i + 1 < argc) {
      drafts = std::atoi(argv[++i]);
    } else if (a == "--findings-per-draft" && i + 1 < argc) {
      per_draft = std::atoi(argv[++i]);
    } else if (a == "--units" && i + 1 < argc) {
      units = std::atoi(argv[++i]);
    } else {
      path = a;
    }
  }
  if (path.empty() || drafts <= 0 || per_draft < 0 || units < 2) {
    std::cerr << "usage: make_review_db [--drafts N] [--findings-per-draft F] [--units U] FILE\n";
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
  std::string now = review::FormatUtc(review::SystemClock().Now());
  std::vector<int64_t> unit_ids, editors;
  int64_t reviewer1 = 0;
  Status s = st.Write([&](store::ReviewTx& tx) -> Status {
    for (int u = 0; u < units; ++u) {
      store::Unit unit{0, u == 0 ? "市政府办公室" : "单位" + std::to_string(u), u == 0};
      auto id = tx.InsertUnit(unit);
      if (!id.ok()) return id.status();
      unit_ids.push_back(*id);
      store::User editor{0,
                         "editor" + std::to_string(u),
                         "编辑" + std::to_string(u),
                         *id,
                         store::Role::kEditor,
                         *hash,
                         false,
                         now};
      auto e = tx.InsertUser(editor);
      if (!e.ok()) return e.status();
      editors.push_back(*e);
    }
    for (auto [name, role] : {std::pair{"reviewer1", store::Role::kReviewer1},
                              {"reviewer2", store::Role::kReviewer2},
                              {"reviewer3", store::Role::kReviewer3},
                              {"admin", store::Role::kAdmin}}) {
      store::User u{0, name, name, unit_ids[0], role, *hash, false, now};
      auto id = tx.InsertUser(u);
      if (!id.ok()) return id.status();
      if (role == store::Role::kReviewer1) reviewer1 = *id;
    }
    return Status::Ok();
  });
  if (!s.ok()) {
    std::cerr << s.message() << "\n";
    return 1;
  }
  (void)reviewer1;
  std::mt19937 rng(42);
  const store::Stage stages[] = {store::Stage::kDraft,    store::Stage::kReview1,
                                 store::Stage::kReview1,  store::Stage::kReview2,
                                 store::Stage::kReview3,  store::Stage::kApproved,
                                 store::Stage::kPublished};
  const char* words[][2] = {{"贯切", "贯彻"}, {"布署", "部署"}, {"按装", "安装"},
                            {"既使", "即使"}, {"内部资料", ""}, {"13800138000", ""}};
  std::string paragraph =
      "为贯彻落实市委、市政府关于做好年终各项工作的部署要求，现将有关事项通知如下。"
      "各单位要高度重视，精心组织，确保各项任务按时完成。";
  int done = 0;
  while (done < drafts) {
    int batch = std::min(500, drafts - done);
    s = st.Write([&](store::ReviewTx& tx) -> Status {
      for (int k = 0; k < batch; ++k) {
        int n = done + k;
        size_t u = static_cast<size_t>(rng() % unit_ids.size());
        store::Draft d;
        d.unit_id = unit_ids[u];
        d.editor_id = editors[u];
        d.title = "关于做好2026年度第" + std::to_string(n + 1) + "项工作的通知";
        d.stage = stages[rng() % std::size(stages)];
        d.current_version = 1;
        d.created_at = d.updated_at = review::FormatUtc(1796428800 + n * 60);
        auto id = tx.InsertDraft(d);
        if (!id.ok()) return id.status();
        d.id = *id;
        store::Version v;
        v.draft_id = d.id;
        v.number = 1;
        v.author_id = d.editor_id;
        v.format = "text";
        for (int p = 0; p < 10; ++p) v.text += paragraph + "\n";
        v.finding_count = per_draft;
        v.created_at = d.created_at;
        auto vid = tx.InsertVersion(v);
        if (!vid.ok()) return vid.status();
        for (int f = 0; f < per_draft; ++f) {
          auto& w = words[rng() % std::size(words)];
          int severity = std::string(w[0]) == "内部资料" ? 3 : rng() % 3;
          int category = severity == 3 ? 4 : (w[1][0] ? 0 : 3);
          store::Issue is;
          is.draft_id = d.id;
          is.rule = category == 0   ? "typo-words"
                    : category == 4 ? "secrecy-internal-notice"
                                    : "privacy-mobile";
          is.text = w[0];
          is.context = paragraph;
          is.severity = severity;
          is.category = category;
          is.status = rng() % 5 == 0 ? store::IssueStatus::kAccepted : store::IssueStatus::kOpen;
          if (is.status != store::IssueStatus::kOpen) is.reason = "专有名词";
          is.first_version = 1;
          auto iid = tx.InsertIssue(is);
          if (!iid.ok()) return iid.status();
          store::FindingRow row;
          row.draft_id = d.id;
          row.unit_id = d.unit_id;
          row.version_id = *vid;
          row.issue_id = *iid;
          row.rule = is.rule;
          row.category = category;
          row.severity = severity;
          row.status = is.status;
          row.message = "疑似错别字：“" + is.text + "”应为“" + w[1] + "”";
          row.suggestion = w[1];
          row.text = is.text;
          row.context = paragraph;
          row.start = f * 40;
          row.end = f * 40 + 2;
          row.line = f / 2 + 1;
          row.column = 5;
          auto fid = tx.InsertFinding(row);
          if (!fid.ok()) return fid.status();
        }
        Status rc = tx.UpdateDraft(d);
        if (rc.ok()) rc = tx.RecountOpen(d.id);
        if (!rc.ok()) return rc;
      }
      return Status::Ok();
    });
    if (!s.ok()) {
      std::cerr << s.message() << "\n";
      return 1;
    }
    done += batch;
  }
  std::cerr << path << ": " << drafts << " drafts, " << static_cast<int64_t>(drafts) * per_draft
            << " findings, " << units << " units; users editor0.." << units - 1
            << ", reviewer1-3, admin (password bench-password)\n";
  return 0;
}
