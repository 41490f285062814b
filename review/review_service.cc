#include "review/review_service.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "common/csv.h"
#include "common/strings.h"
#include "review/draft_text.h"
#include "scanner/reader.h"

namespace cuomin::review {

using store::Draft;
using store::IssueStatus;
using store::ReviewTx;
using store::Role;
using store::Stage;

namespace {

bool IsReviewer(Role r) {
  return r == Role::kReviewer1 || r == Role::kReviewer2 || r == Role::kReviewer3;
}

bool InReview(Stage s) {
  return s == Stage::kReview1 || s == Stage::kReview2 || s == Stage::kReview3;
}

// The role that signs a stage.
Role SignerOf(Stage s) {
  return s == Stage::kReview1   ? Role::kReviewer1
         : s == Stage::kReview2 ? Role::kReviewer2
                                : Role::kReviewer3;
}

Stage After(Stage s) {
  return s == Stage::kReview1   ? Stage::kReview2
         : s == Stage::kReview2 ? Stage::kReview3
                                : Stage::kApproved;
}

std::string StageName(Stage s) { return std::string(store::ChineseName(s)); }
std::string DraftObject(int64_t id) { return "draft:" + std::to_string(id); }

// The format a file name asks for, or "" when it is not one we take.
std::string FormatOf(const std::string& filename) {
  if (filename.empty()) return "text";
  size_t dot = filename.rfind('.');
  if (dot == std::string::npos) return "";
  std::string ext = filename.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "txt" || ext == "text" || ext == "md") return "text";
  if (ext == "html" || ext == "htm" || ext == "shtml") return "html";
  if (ext == "docx") return "docx";
  return "";
}

size_t CountChars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool EditorOfUnit(const Actor& a, int64_t unit_id) {
  return a.role == Role::kEditor && a.unit_id == unit_id;
}

Status RequireAdmin(const Actor& a) {
  if (a.role != Role::kAdmin) return Status::PermissionDenied("只有管理员可以进行此操作");
  return Status::Ok();
}

}  // namespace

bool CanSeeUnit(const Actor& actor, int64_t unit_id) {
  if (actor.role == Role::kAdmin) return true;
  if (actor.oversees_all && IsReviewer(actor.role)) return true;
  return actor.unit_id == unit_id;
}

Actor CommandLineActor() {
  Actor a;
  a.name = "cli";
  a.display_name = "命令行";
  a.role = Role::kAdmin;
  a.oversees_all = true;
  a.address = "local";
  return a;
}

struct ReviewService::Checked {
  std::string format;
  LaidOutText laid;
};

ReviewService::ReviewService(store::ReviewStore* store, const scanner::RuleSet* rules,
                             const Clock* clock, ServiceOptions options)
    : store_(store),
      rules_(rules),
      clock_(clock),
      options_(options),
      limiter_(options.login_limits) {
  Result<std::string> h = HashPassword(RandomHex(16), options_.password_cost);
  if (h.ok()) dummy_hash_ = *h;
}

std::string ReviewService::Now() const { return FormatUtc(clock_->Now()); }

Status ReviewService::Audit(ReviewTx& tx, const Actor& actor, const std::string& action,
                            const std::string& object, const std::string& detail) {
  Result<store::AuditEntry> last = tx.LastAudit();
  if (!last.ok()) return last.status();
  store::AuditEntry e;
  e.seq = last->seq + 1;
  e.at = Now();
  e.user = actor.name;
  e.action = action;
  e.object = object;
  e.detail = detail;
  e.address = actor.address;
  e.prev_hash = last->hash;
  e.hash = AuditHash(e);
  return tx.AppendAudit(e);
}

// ---------------------------------------------------------------- sessions and tokens

LoginOutcome ReviewService::Login(const std::string& username, const std::string& password,
                                  const std::string& address) {
  LoginOutcome out;
  int64_t now = clock_->Now();
  out.retry_after = limiter_.RetryAfter(username, address, now);
  if (out.retry_after > 0) {
    out.status = Status::Unavailable("登录失败次数过多，请 " + std::to_string(out.retry_after) +
                                     " 秒后再试");
    Actor anon;
    anon.name = username;
    anon.address = address;
    store_
        ->Write([&](ReviewTx& tx) {
          return Audit(tx, anon, "login-throttled", "user:" + username, "");
        })
        .ok();  // the refusal stands whether or not it could be logged
    return out;
  }
  std::optional<store::User> user;
  std::optional<store::Unit> unit;
  Status s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<store::User> u = tx.FindUserByName(username);
    if (!u.ok()) return u.status().code() == StatusCode::kNotFound ? Status::Ok() : u.status();
    Result<store::Unit> un = tx.GetUnit(u->unit_id);
    if (!un.ok()) return un.status();
    user = *u;
    unit = *un;
    return Status::Ok();
  });
  if (!s.ok()) {
    out.status = s;
    return out;
  }
  bool ok = VerifyPassword(user ? user->password_hash : dummy_hash_, password);
  Actor actor;
  actor.name = username;
  actor.address = address;
  if (!ok || !user || user->disabled) {
    limiter_.RecordFailure(username, address, now);
    store_
        ->Write([&](ReviewTx& tx) {
          return Audit(tx, actor, "login-failed", "user:" + username,
                       user && user->disabled && ok ? "账号已停用" : "");
        })
        .ok();
    out.status =
        Status::PermissionDenied(user && user->disabled && ok ? "账号已停用" : "用户名或密码错误");
    return out;
  }
  limiter_.RecordSuccess(username);
  actor.user_id = user->id;
  actor.display_name = user->display_name;
  actor.role = user->role;
  actor.unit_id = user->unit_id;
  actor.oversees_all = unit->oversees_all;
  s = store_->Write(
      [&](ReviewTx& tx) { return Audit(tx, actor, "login", "user:" + username, ""); });
  if (!s.ok()) {
    out.status = s;
    return out;
  }
  out.actor = actor;
  return out;
}

Result<Actor> ReviewService::ActorForUser(int64_t user_id, const std::string& address) {
  Actor a;
  Status s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<store::User> u = tx.GetUser(user_id);
    if (!u.ok()) return u.status();
    if (u->disabled) return Status::PermissionDenied("账号已停用");
    Result<store::Unit> unit = tx.GetUnit(u->unit_id);
    if (!unit.ok()) return unit.status();
    a.user_id = u->id;
    a.name = u->username;
    a.display_name = u->display_name;
    a.role = u->role;
    a.unit_id = u->unit_id;
    a.oversees_all = unit->oversees_all;
    a.address = address;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return a;
}

Result<Actor> ReviewService::ActorForToken(const std::string& token, const std::string& address) {
  Actor a;
  Status s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<store::ApiToken> t = tx.FindTokenByHash(Sha256Hex(token));
    if (!t.ok() || t->revoked) return Status::PermissionDenied("API 令牌无效或已撤销");
    Result<store::Unit> unit = tx.GetUnit(t->unit_id);
    if (!unit.ok()) return unit.status();
    a.token_id = t->id;
    a.name = "token:" + t->name;
    a.display_name = t->name;
    a.role = Role::kEditor;
    a.unit_id = t->unit_id;
    a.oversees_all = false;
    a.address = address;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return a;
}

Status ReviewService::RecordLogout(const Actor& actor) {
  return store_->Write(
      [&](ReviewTx& tx) { return Audit(tx, actor, "logout", "user:" + actor.name, ""); });
}

// ---------------------------------------------------------------- drafts

Result<ReviewService::Checked> ReviewService::Check(int64_t unit_id, const Submission& content) {
  if (rules_ == nullptr) return Status::Internal("未加载规则，不能检查稿件");
  std::string format = FormatOf(content.filename);
  if (format.empty()) {
    return Status::InvalidInput(content.filename +
                                "：不支持的文件类型（只接受 .txt、.html、.docx）");
  }
  size_t limit = content.filename.empty() ? options_.max_text_bytes : options_.max_upload_bytes;
  if (content.bytes.size() > limit) {
    return Status::InvalidInput((content.filename.empty() ? "文本" : content.filename) +
                                "：超过大小限制（" + std::to_string(limit >> 20) + " MB）");
  }
  if (Trim(content.bytes).empty()) return Status::InvalidInput("稿件内容为空");
  scanner::ReadOptions ro;
  ro.format = format;
  ro.max_bytes = limit;
  ro.max_docx_xml_bytes = limit * 8;
  std::string source = content.filename.empty() ? "粘贴的文本" : content.filename;
  Result<scanner::Document> doc = scanner::ReadDocument(source, content.bytes, ro);
  if (!doc.ok()) return Status::InvalidInput(doc.status().message());
  std::vector<scanner::Finding> findings = rules_->Check(*doc);
  std::vector<ReviewTx::Allowed> allowed;
  Status s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<std::vector<ReviewTx::Allowed>> a = tx.ListAllowed(unit_id);
    if (!a.ok()) return a.status();
    allowed = std::move(*a);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  if (!allowed.empty()) {
    std::set<std::pair<std::string, std::string>> keys;
    for (auto& a : allowed) keys.emplace(a.rule, a.text);
    std::erase_if(findings, [&](const scanner::Finding& f) {
      return keys.count({f.rule, f.text}) > 0;
    });
  }
  Checked c;
  c.format = doc->format;
  c.laid = LayOut(*doc, findings);
  return c;
}

Status ReviewService::StoreVersion(ReviewTx& tx, Draft& draft, const Actor& actor,
                                   const Submission& content, const Checked& checked) {
  int number = draft.current_version + 1;
  store::Version v;
  v.draft_id = draft.id;
  v.number = number;
  v.author_id = actor.user_id != 0 ? actor.user_id : draft.editor_id;
  v.format = checked.format;
  v.filename = content.filename;
  v.source_url = content.source_url;
  v.text = checked.laid.text;
  v.finding_count = static_cast<int64_t>(checked.laid.findings.size());
  v.created_at = Now();
  Result<int64_t> vid = tx.InsertVersion(v);
  if (!vid.ok()) return vid.status();
  Status s = tx.MarkFindingsNotCurrent(draft.id);
  if (!s.ok()) return s;

  // Match this version's findings to the draft's issues by rule and text, never by offset:
  // first where the sentence around it is also the same, then by rule and text alone in order,
  // then issues fixed earlier that came back (reopened).
  Result<std::vector<store::Issue>> issues = tx.ListIssues(draft.id);
  if (!issues.ok()) return issues.status();
  const auto& placed = checked.laid.findings;
  std::vector<int64_t> issue_of(placed.size(), -1);  // index into *issues
  std::vector<bool> taken(issues->size(), false);
  auto match = [&](bool fixed_ones, bool with_context) {
    std::multimap<std::string, size_t> by_key;
    for (size_t i = 0; i < issues->size(); ++i) {
      const store::Issue& is = (*issues)[i];
      if (taken[i] || (is.status == IssueStatus::kFixed) != fixed_ones) continue;
      std::string key = is.rule + '\x1f' + is.text + (with_context ? '\x1f' + is.context : "");
      by_key.emplace(key, i);
    }
    for (size_t f = 0; f < placed.size(); ++f) {
      if (issue_of[f] >= 0) continue;
      const scanner::Finding& fd = placed[f].finding;
      std::string key = fd.rule + '\x1f' + fd.text + (with_context ? '\x1f' + fd.context : "");
      auto it = by_key.find(key);
      if (it == by_key.end()) continue;
      issue_of[f] = static_cast<int64_t>(it->second);
      taken[it->second] = true;
      by_key.erase(it);
    }
  };
  match(false, true);
  match(false, false);
  match(true, false);

  std::vector<int64_t> issue_ids(placed.size(), 0);
  for (size_t f = 0; f < placed.size(); ++f) {
    const scanner::Finding& fd = placed[f].finding;
    if (issue_of[f] >= 0) {
      store::Issue& is = (*issues)[issue_of[f]];
      is.context = fd.context;
      if (is.status == IssueStatus::kFixed) {
        is.status = IssueStatus::kOpen;
        is.fixed_in_version = 0;
        is.reason.clear();
        is.decided_by = 0;
        is.decided_at.clear();
      }
      issue_ids[f] = is.id;
      continue;
    }
    store::Issue is;
    is.draft_id = draft.id;
    is.rule = fd.rule;
    is.text = fd.text;
    is.context = fd.context;
    is.severity = static_cast<int>(fd.severity);
    is.category = static_cast<int>(fd.category);
    is.first_version = number;
    Result<int64_t> id = tx.InsertIssue(is);
    if (!id.ok()) return id.status();
    issue_ids[f] = *id;
    is.id = *id;
    issues->push_back(is);
    taken.push_back(true);
    issue_of[f] = static_cast<int64_t>(issues->size() - 1);
  }
  for (size_t i = 0; i < issues->size(); ++i) {
    store::Issue& is = (*issues)[i];
    if (!taken[i] && is.status != IssueStatus::kFixed) {
      is.status = IssueStatus::kFixed;
      is.fixed_in_version = number;
    }
    if (is.first_version != number) {  // issues new in this version are stored as they are
      s = tx.UpdateIssue(is);
      if (!s.ok()) return s;
    }
  }
  for (size_t f = 0; f < placed.size(); ++f) {
    const scanner::Finding& fd = placed[f].finding;
    store::FindingRow row;
    row.draft_id = draft.id;
    row.unit_id = draft.unit_id;
    row.version_id = *vid;
    row.issue_id = issue_ids[f];
    row.current = true;
    row.rule = fd.rule;
    row.category = static_cast<int>(fd.category);
    row.severity = static_cast<int>(fd.severity);
    row.status = (*issues)[issue_of[f]].status;
    row.message = fd.message;
    row.suggestion = fd.suggestion;
    row.text = fd.text;
    row.context = fd.context;
    row.start = placed[f].start;
    row.end = placed[f].end;
    row.line = static_cast<int64_t>(fd.line);
    row.column = static_cast<int64_t>(fd.column);
    Result<int64_t> id = tx.InsertFinding(row);
    if (!id.ok()) return id.status();
  }
  draft.current_version = number;
  draft.updated_at = Now();
  return Status::Ok();
}

Result<DraftView> ReviewService::CreateDraft(const Actor& actor, const Submission& content) {
  if (actor.role != Role::kEditor) return Status::PermissionDenied("只有编辑可以提交稿件");
  std::string title(Trim(content.title));
  if (title.empty()) return Status::InvalidInput("请填写稿件标题");
  if (CountChars(title) > 200) return Status::InvalidInput("标题过长（最多 200 字）");
  Result<Checked> checked = Check(actor.unit_id, content);
  if (!checked.ok()) return checked.status();
  Result<DraftView> view = Status::Internal("");
  Status s = store_->Write([&](ReviewTx& tx) -> Status {
    Draft d;
    d.unit_id = actor.unit_id;
    // A token's drafts belong to the unit; the unit's first editor stands as their editor.
    d.editor_id = actor.user_id;
    if (d.editor_id == 0) {
      Result<std::vector<store::User>> users = tx.ListUsers();
      if (!users.ok()) return users.status();
      for (const store::User& u : *users) {
        if (u.unit_id == actor.unit_id && u.role == Role::kEditor && !u.disabled) {
          d.editor_id = u.id;
          break;
        }
      }
      if (d.editor_id == 0) return Status::InvalidInput("令牌所属单位没有编辑账号，不能提交稿件");
    }
    d.title = title;
    d.stage = Stage::kDraft;
    d.created_at = d.updated_at = Now();
    Result<int64_t> id = tx.InsertDraft(d);
    if (!id.ok()) return id.status();
    d.id = *id;
    Status st = StoreVersion(tx, d, actor, content, *checked);
    if (!st.ok()) return st;
    if (content.submit) d.stage = Stage::kReview1;
    st = tx.UpdateDraft(d);
    if (st.ok()) st = tx.RecountOpen(d.id);
    if (st.ok()) {
      st = Audit(tx, actor, "draft-create", DraftObject(d.id),
                 title + "（第 1 版，" + std::to_string(checked->laid.findings.size()) + " 个问题" +
                     (content.submit ? "，送初审" : "") + "）");
    }
    if (!st.ok()) return st;
    Result<Draft> fresh = tx.GetDraft(d.id);
    if (!fresh.ok()) return fresh.status();
    view = View(tx, actor, *fresh);
    return view.ok() ? Status::Ok() : view.status();
  });
  if (!s.ok()) return s;
  return view;
}

Result<DraftView> ReviewService::AddVersion(const Actor& actor, int64_t draft_id,
                                            const Submission& content) {
  // Check outside the transaction (it is the slow part), then re-read the draft inside it.
  int64_t unit_id = 0;
  Status s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<Draft> d = VisibleDraft(tx, actor, draft_id);
    if (!d.ok()) return d.status();
    unit_id = d->unit_id;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  if (!EditorOfUnit(actor, unit_id))
    return Status::PermissionDenied("只有本单位的编辑可以修改稿件");
  Result<Checked> checked = Check(unit_id, content);
  if (!checked.ok()) return checked.status();
  Result<DraftView> view = Status::Internal("");
  s = store_->Write([&](ReviewTx& tx) -> Status {
    Result<Draft> d = VisibleDraft(tx, actor, draft_id);
    if (!d.ok()) return d.status();
    if (d->stage == Stage::kPublished) return Status::Conflict("稿件已发布，不能再修改");
    Stage before = d->stage;
    Status st = StoreVersion(tx, *d, actor, content, *checked);
    if (!st.ok()) return st;
    // A new version voids every signature: back to 初审, unless it was never submitted.
    st = tx.VoidSignatures(d->id);
    if (!st.ok()) return st;
    if (before != Stage::kDraft || d->returned) d->stage = Stage::kReview1;
    d->returned = false;
    st = tx.UpdateDraft(*d);
    if (st.ok()) st = tx.RecountOpen(d->id);
    if (st.ok()) {
      st = Audit(tx, actor, "version-add", DraftObject(d->id),
                 "第 " + std::to_string(d->current_version) + " 版，" +
                     std::to_string(checked->laid.findings.size()) + " 个问题；" +
                     StageName(before) + " → " + StageName(d->stage) +
                     (InReview(before) || before == Stage::kApproved ? "，已有签署作废" : ""));
    }
    if (!st.ok()) return st;
    Result<Draft> fresh = tx.GetDraft(d->id);
    if (!fresh.ok()) return fresh.status();
    view = View(tx, actor, *fresh);
    return view.ok() ? Status::Ok() : view.status();
  });
  if (!s.ok()) return s;
  return view;
}

Result<Draft> ReviewService::VisibleDraft(ReviewTx& tx, const Actor& actor, int64_t draft_id) {
  Result<Draft> d = tx.GetDraft(draft_id);
  // Another unit's draft looks exactly like one that does not exist.
  if (!d.ok() || !CanSeeUnit(actor, d->unit_id)) {
    if (!d.ok() && d.status().code() != StatusCode::kNotFound) return d.status();
    return Status::NotFound("稿件 " + std::to_string(draft_id) + " 不存在");
  }
  return d;
}

Result<DraftSummary> ReviewService::Summary(ReviewTx& tx, const Draft& draft) {
  DraftSummary s;
  s.draft = draft;
  Result<store::Unit> unit = tx.GetUnit(draft.unit_id);
  if (!unit.ok()) return unit.status();
  s.unit = *unit;
  Result<store::User> editor = tx.GetUser(draft.editor_id);
  if (!editor.ok()) return editor.status();
  s.editor = {editor->id, editor->display_name};
  if (draft.returned && draft.returned_by != 0) {
    Result<store::User> by = tx.GetUser(draft.returned_by);
    if (by.ok()) s.returned_by = by->display_name;
  }
  return s;
}

Permissions ReviewService::PermissionsFor(const Actor& actor, const Draft& draft,
                                          const std::vector<store::Signature>& sigs,
                                          const std::vector<store::Version>& versions) const {
  Permissions p;
  bool editor = EditorOfUnit(actor, draft.unit_id);
  bool reviewer = IsReviewer(actor.role);
  bool author = std::any_of(versions.begin(), versions.end(),
                            [&](const store::Version& v) {
                              return actor.user_id != 0 && v.author_id == actor.user_id;
                            }) ||
                (actor.user_id != 0 && draft.editor_id == actor.user_id);
  bool signed_other = std::any_of(sigs.begin(), sigs.end(), [&](const store::Signature& s) {
    return s.user_id == actor.user_id && s.stage != draft.stage;
  });
  p.sign = InReview(draft.stage) && actor.user_id != 0 && actor.role == SignerOf(draft.stage) &&
           !author && !signed_other;
  p.send_back = reviewer && (InReview(draft.stage) || draft.stage == Stage::kApproved);
  p.new_version = editor && draft.stage != Stage::kPublished;
  p.submit = editor && draft.stage == Stage::kDraft && draft.current_version > 0;
  p.publish = editor && draft.stage == Stage::kApproved;
  p.decide = (editor || reviewer) && draft.stage != Stage::kPublished;
  p.comment = actor.user_id != 0;
  return p;
}

Result<DraftView> ReviewService::View(ReviewTx& tx, const Actor& actor, const Draft& draft) {
  DraftView v;
  Result<DraftSummary> sum = Summary(tx, draft);
  if (!sum.ok()) return sum.status();
  v.summary = std::move(*sum);
  Result<std::vector<store::Version>> versions = tx.ListVersions(draft.id);
  if (!versions.ok()) return versions.status();
  v.versions = std::move(*versions);
  std::unordered_map<int64_t, std::string> names;
  auto name = [&](int64_t id) -> std::string {
    auto it = names.find(id);
    if (it != names.end()) return it->second;
    Result<store::User> u = tx.GetUser(id);
    std::string n = u.ok() ? u->display_name : "";
    names[id] = n;
    return n;
  };
  for (const store::Version& ver : v.versions) v.version_authors.push_back(name(ver.author_id));
  Result<std::vector<store::Signature>> sigs = tx.ListSignatures(draft.id);
  if (!sigs.ok()) return sigs.status();
  for (const store::Signature& s : *sigs) v.signatures.push_back({s, name(s.user_id)});
  v.can = PermissionsFor(actor, draft, *sigs, v.versions);
  return v;
}

Result<DraftView> ReviewService::ReadView(const Actor& actor, int64_t draft_id) {
  Result<DraftView> view = Status::Internal("");
  Status s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<Draft> d = VisibleDraft(tx, actor, draft_id);
    if (!d.ok()) return d.status();
    view = View(tx, actor, *d);
    return view.ok() ? Status::Ok() : view.status();
  });
  if (!s.ok()) return s;
  return view;
}

Result<DraftView> ReviewService::GetDraft(const Actor& actor, int64_t draft_id) {
  return ReadView(actor, draft_id);
}

Result<store::Page<DraftSummary>> ReviewService::ListDrafts(const Actor& actor,
                                                            const DraftQuery& q) {
  store::DraftFilter f;
  if (q.unit_id != 0) {
    if (!CanSeeUnit(actor, q.unit_id)) return Status::PermissionDenied("您无权查看该单位的稿件");
    f.unit_ids = {q.unit_id};
  } else if (!(actor.role == Role::kAdmin || (actor.oversees_all && IsReviewer(actor.role)))) {
    f.unit_ids = {actor.unit_id};
  }
  f.stage = q.stage;
  f.severity = q.severity;
  f.category = q.category;
  f.title_contains = q.title_contains;
  if (q.waiting) {
    if (IsReviewer(actor.role)) {
      f.stages = {actor.role == Role::kReviewer1   ? Stage::kReview1
                  : actor.role == Role::kReviewer2 ? Stage::kReview2
                                                   : Stage::kReview3};
    } else if (actor.role == Role::kEditor) {
      f.stages = {Stage::kDraft, Stage::kApproved};
    } else {
      return store::Page<DraftSummary>{};
    }
  }
  int64_t per_page = std::clamp<int64_t>(q.per_page, 1, 200);
  f.limit = per_page;
  f.offset = (std::max<int64_t>(q.page, 1) - 1) * per_page;
  store::Page<DraftSummary> out;
  Status s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<store::Page<Draft>> page = tx.ListDrafts(f);
    if (!page.ok()) return page.status();
    out.total = page->total;
    for (const Draft& d : page->items) {
      Result<DraftSummary> sum = Summary(tx, d);
      if (!sum.ok()) return sum.status();
      out.items.push_back(std::move(*sum));
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<DraftSummary>> ReviewService::ReturnedDrafts(const Actor& actor) {
  std::vector<DraftSummary> out;
  if (actor.role != Role::kEditor) return out;
  store::DraftFilter f;
  f.unit_ids = {actor.unit_id};
  f.returned = true;
  f.stage = Stage::kDraft;
  f.limit = 50;
  Status s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<store::Page<Draft>> page = tx.ListDrafts(f);
    if (!page.ok()) return page.status();
    for (const Draft& d : page->items) {
      Result<DraftSummary> sum = Summary(tx, d);
      if (!sum.ok()) return sum.status();
      out.push_back(std::move(*sum));
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<store::Version> ReviewService::GetVersion(const Actor& actor, int64_t draft_id, int number) {
  Result<store::Version> v = Status::Internal("");
  Status s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<Draft> d = VisibleDraft(tx, actor, draft_id);
    if (!d.ok()) return d.status();
    v = tx.GetVersion(draft_id, number);
    return v.ok() ? Status::Ok() : v.status();
  });
  if (!s.ok()) return s;
  return v;
}

namespace {

// Fills the decision of each finding from its issue (one lookup per distinct issue).
// `limit` findings of a version from `offset`, as q filters them, into out (no decisions yet).
Status ListVersionFindings(ReviewTx& tx, int64_t version_id, const FindingQuery& q, int64_t limit,
                           int64_t offset, FindingPage& out) {
  store::FindingFilter f;
  f.version_id = version_id;
  f.severity = q.severity;
  f.category = q.category;
  f.status = q.status;
  f.limit = limit;
  f.offset = offset;
  Result<store::Page<store::FindingRow>> page = tx.ListFindings(f);
  if (!page.ok()) return page.status();
  out.total = page->total;
  for (store::FindingRow& r : page->items) out.items.push_back({std::move(r), {}, "", "", ""});
  return Status::Ok();
}

Status AttachDecisions(ReviewTx& tx, std::vector<FindingView>& items) {
  std::unordered_map<int64_t, std::string> names;
  for (FindingView& v : items) {
    if (v.finding.status == IssueStatus::kOpen) continue;
    Result<store::Issue> is = tx.GetIssue(v.finding.issue_id);
    if (!is.ok()) return is.status();
    if (is->decided_by != 0) {
      auto it = names.find(is->decided_by);
      if (it == names.end()) {
        Result<store::User> u = tx.GetUser(is->decided_by);
        it = names.emplace(is->decided_by, u.ok() ? u->display_name : "").first;
      }
      v.decided_by = it->second;
    }
    v.decision = *is;
  }
  return Status::Ok();
}

}  // namespace

Result<FindingPage> ReviewService::VersionFindings(const Actor& actor, int64_t draft_id, int number,
                                                   const FindingQuery& q) {
  FindingPage out;
  Status s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<Draft> d = VisibleDraft(tx, actor, draft_id);
    if (!d.ok()) return d.status();
    Result<store::Version> v = tx.GetVersion(draft_id, number);
    if (!v.ok()) return v.status();
    const int64_t per_page = std::clamp<int64_t>(q.per_page, 1, 1000);
    Status st = ListVersionFindings(tx, v->id, q, per_page,
                                    (std::max<int64_t>(q.page, 1) - 1) * per_page, out);
    if (!st.ok()) return st;
    st = AttachDecisions(tx, out.items);
    if (!st.ok()) return st;
    Result<std::vector<ReviewTx::Count>> counts = tx.CountFindings(v->id);
    if (!counts.ok()) return counts.status();
    out.counts = std::move(*counts);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<FindingPage> ReviewService::VersionMarks(const Actor& actor, int64_t draft_id, int number,
                                                const FindingQuery& q) {
  FindingPage out;
  Status s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<Draft> d = VisibleDraft(tx, actor, draft_id);
    if (!d.ok()) return d.status();
    Result<store::Version> v = tx.GetVersion(draft_id, number);
    if (!v.ok()) return v.status();
    return ListVersionFindings(tx, v->id, q, kMaxMarks, 0, out);
  });
  if (!s.ok()) return s;
  return out;
}

Result<FindingPage> ReviewService::ListFindings(const Actor& actor, const FindingQuery& q) {
  store::FindingFilter f;
  if (q.unit_id != 0) {
    if (!CanSeeUnit(actor, q.unit_id)) return Status::PermissionDenied("您无权查看该单位的稿件");
    f.unit_ids = {q.unit_id};
  } else if (!(actor.role == Role::kAdmin || (actor.oversees_all && IsReviewer(actor.role)))) {
    f.unit_ids = {actor.unit_id};
  }
  f.stage = q.stage;
  f.severity = q.severity;
  f.category = q.category;
  f.status = q.status;
  int64_t per_page = std::clamp<int64_t>(q.per_page, 1, 1000);
  f.limit = per_page;
  f.offset = (std::max<int64_t>(q.page, 1) - 1) * per_page;
  FindingPage out;
  Status s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<store::Page<store::FindingRow>> page = tx.ListFindings(f);
    if (!page.ok()) return page.status();
    out.total = page->total;
    std::unordered_map<int64_t, std::pair<std::string, std::string>> drafts;
    std::unordered_map<int64_t, std::string> units;
    for (store::FindingRow& r : page->items) {
      auto it = drafts.find(r.draft_id);
      if (it == drafts.end()) {
        Result<Draft> d = tx.GetDraft(r.draft_id);
        if (!d.ok()) return d.status();
        auto u = units.find(d->unit_id);
        if (u == units.end()) {
          Result<store::Unit> unit = tx.GetUnit(d->unit_id);
          if (!unit.ok()) return unit.status();
          u = units.emplace(d->unit_id, unit->name).first;
        }
        it = drafts.emplace(r.draft_id, std::make_pair(d->title, u->second)).first;
      }
      out.items.push_back({std::move(r), {}, "", it->second.first, it->second.second});
    }
    return AttachDecisions(tx, out.items);
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<IssueView>> ReviewService::ListIssues(const Actor& actor, int64_t draft_id) {
  std::vector<IssueView> out;
  Status s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<Draft> d = VisibleDraft(tx, actor, draft_id);
    if (!d.ok()) return d.status();
    Result<std::vector<store::Issue>> issues = tx.ListIssues(draft_id);
    if (!issues.ok()) return issues.status();
    Result<std::vector<store::Decision>> decisions = tx.ListDecisions(draft_id);
    if (!decisions.ok()) return decisions.status();
    std::unordered_map<int64_t, size_t> index;
    for (store::Issue& i : *issues) {
      index[i.id] = out.size();
      out.push_back({std::move(i), {}, {}});
    }
    for (store::Decision& dc : *decisions) {
      auto it = index.find(dc.issue_id);
      if (it == index.end()) continue;
      Result<store::User> u = tx.GetUser(dc.user_id);
      out[it->second].decided_by.push_back(u.ok() ? u->display_name : "");
      out[it->second].decisions.push_back(std::move(dc));
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

// ---------------------------------------------------------------- the workflow

Result<DraftView> ReviewService::Submit(const Actor& actor, int64_t draft_id) {
  Result<DraftView> view = Status::Internal("");
  Status s = store_->Write([&](ReviewTx& tx) -> Status {
    Result<Draft> d = VisibleDraft(tx, actor, draft_id);
    if (!d.ok()) return d.status();
    if (!EditorOfUnit(actor, d->unit_id))
      return Status::PermissionDenied("只有本单位的编辑可以送审");
    if (d->stage != Stage::kDraft) {
      return Status::Conflict("稿件处于「" + StageName(d->stage) + "」阶段，不能再次送审");
    }
    d->stage = Stage::kReview1;
    d->returned = false;
    d->updated_at = Now();
    Status st = tx.UpdateDraft(*d);
    if (st.ok()) {
      st = Audit(tx, actor, "submit", DraftObject(d->id),
                 "第 " + std::to_string(d->current_version) + " 版送初审");
    }
    if (!st.ok()) return st;
    view = View(tx, actor, *d);
    return view.ok() ? Status::Ok() : view.status();
  });
  if (!s.ok()) return s;
  return view;
}

Result<DraftView> ReviewService::Sign(const Actor& actor, int64_t draft_id, int version,
                                      const std::string& password) {
  if (!IsReviewer(actor.role) || actor.user_id == 0) {
    return Status::PermissionDenied("只有审核人可以签署");
  }
  // 终审 asks for the password again. Argon2 is slow, so it is checked before the transaction;
  // the transaction then refuses 终审 unless it was checked.
  bool password_ok = false;
  if (actor.role == Role::kReviewer3) {
    if (password.empty()) return Status::PermissionDenied("终审需要再次输入密码");
    int64_t wait = limiter_.RetryAfter(actor.name, actor.address, clock_->Now());
    if (wait > 0) {
      return Status::Unavailable("密码错误次数过多，请 " + std::to_string(wait) + " 秒后再试");
    }
    Result<std::string> hash = Status::Internal("");
    Status s = store_->Read([&](ReviewTx& tx) -> Status {
      Result<store::User> u = tx.GetUser(actor.user_id);
      if (!u.ok()) return u.status();
      hash = u->password_hash;
      return Status::Ok();
    });
    if (!s.ok()) return s;
    password_ok = VerifyPassword(*hash, password);
    if (!password_ok) {
      limiter_.RecordFailure(actor.name, actor.address, clock_->Now());
      store_
          ->Write([&](ReviewTx& tx) {
            return Audit(tx, actor, "sign-password-failed", DraftObject(draft_id), "");
          })
          .ok();
      return Status::PermissionDenied("密码错误，未签署");
    }
  }
  Result<DraftView> view = Status::Internal("");
  Status s = store_->Write([&](ReviewTx& tx) -> Status {
    Result<Draft> d = VisibleDraft(tx, actor, draft_id);
    if (!d.ok()) return d.status();
    Stage stage = d->stage;
    if (!InReview(stage)) {
      return Status::Conflict("稿件处于「" + StageName(stage) + "」阶段，没有待签署的审核");
    }
    if (actor.role != SignerOf(stage)) {
      return Status::PermissionDenied("签署「" + StageName(stage) + "」需要" +
                                      std::string(store::ChineseName(SignerOf(stage))) + "角色");
    }
    if (version != d->current_version) {
      return Status::Conflict("稿件已有新版本（第 " + std::to_string(d->current_version) +
                              " 版），请查看新版本后再签署");
    }
    Result<std::vector<store::Version>> versions = tx.ListVersions(d->id);
    if (!versions.ok()) return versions.status();
    for (const store::Version& v : *versions) {
      if (v.author_id == actor.user_id || d->editor_id == actor.user_id) {
        return Status::PermissionDenied("稿件的作者不能签署本稿件");
      }
    }
    Result<std::vector<store::Signature>> sigs = tx.ListSignatures(d->id);
    if (!sigs.ok()) return sigs.status();
    for (const store::Signature& g : *sigs) {
      if (g.user_id == actor.user_id && g.stage != stage) {
        return Status::PermissionDenied("您已签署过本稿件的「" + StageName(g.stage) +
                                        "」，同一人不能签署两个阶段");
      }
    }
    if (stage == Stage::kReview3) {
      if (!password_ok) return Status::PermissionDenied("终审需要再次输入密码");
      Status st = tx.RecountOpen(d->id);
      if (!st.ok()) return st;
      Result<Draft> fresh = tx.GetDraft(d->id);
      if (!fresh.ok()) return fresh.status();
      if (fresh->open.critical > 0) {
        return Status::Conflict("尚有 " + std::to_string(fresh->open.critical) +
                                " 个未处理的严重问题，不能通过终审");
      }
      d = fresh;
    }
    store::Signature g;
    g.draft_id = d->id;
    g.user_id = actor.user_id;
    g.stage = stage;
    g.version = version;
    g.at = Now();
    Result<int64_t> gid = tx.InsertSignature(g);
    if (!gid.ok()) return gid.status();
    d->stage = After(stage);
    d->updated_at = Now();
    Status st = tx.UpdateDraft(*d);
    if (st.ok()) {
      st = Audit(
          tx, actor, "sign", DraftObject(d->id),
          StageName(stage) + " 第 " + std::to_string(version) + " 版 → " + StageName(d->stage));
    }
    if (!st.ok()) return st;
    view = View(tx, actor, *d);
    return view.ok() ? Status::Ok() : view.status();
  });
  if (!s.ok()) return s;
  return view;
}

Result<DraftView> ReviewService::SendBack(const Actor& actor, int64_t draft_id, int version,
                                          const std::string& comment) {
  if (!IsReviewer(actor.role) || actor.user_id == 0) {
    return Status::PermissionDenied("只有审核人可以退回稿件");
  }
  std::string text(Trim(comment));
  if (text.empty()) return Status::InvalidInput("退回时请填写退回意见");
  if (CountChars(text) > options_.max_comment_chars) return Status::InvalidInput("退回意见过长");
  Result<DraftView> view = Status::Internal("");
  Status s = store_->Write([&](ReviewTx& tx) -> Status {
    Result<Draft> d = VisibleDraft(tx, actor, draft_id);
    if (!d.ok()) return d.status();
    if (!(InReview(d->stage) || d->stage == Stage::kApproved)) {
      return Status::Conflict("稿件处于「" + StageName(d->stage) + "」阶段，不能退回");
    }
    if (version != d->current_version) {
      return Status::Conflict("稿件已有新版本（第 " + std::to_string(d->current_version) +
                              " 版），请查看新版本");
    }
    Stage before = d->stage;
    Status st = tx.VoidSignatures(d->id);
    if (!st.ok()) return st;
    d->stage = Stage::kDraft;
    d->returned = true;
    d->return_comment = text;
    d->returned_by = actor.user_id;
    d->returned_at = Now();
    d->updated_at = Now();
    st = tx.UpdateDraft(*d);
    if (!st.ok()) return st;
    store::Comment c;
    c.draft_id = d->id;
    c.user_id = actor.user_id;
    c.text = "【退回】" + text;
    c.at = Now();
    Result<int64_t> cid = tx.InsertComment(c);
    if (!cid.ok()) return cid.status();
    st = Audit(tx, actor, "send-back", DraftObject(d->id),
               StageName(before) + " 第 " + std::to_string(version) + " 版退回：" + text);
    if (!st.ok()) return st;
    view = View(tx, actor, *d);
    return view.ok() ? Status::Ok() : view.status();
  });
  if (!s.ok()) return s;
  return view;
}

Result<DraftView> ReviewService::Publish(const Actor& actor, int64_t draft_id) {
  Result<DraftView> view = Status::Internal("");
  Status s = store_->Write([&](ReviewTx& tx) -> Status {
    Result<Draft> d = VisibleDraft(tx, actor, draft_id);
    if (!d.ok()) return d.status();
    if (!EditorOfUnit(actor, d->unit_id)) {
      return Status::PermissionDenied("只有本单位的编辑可以标记发布");
    }
    if (d->stage != Stage::kApproved) {
      return Status::Conflict("稿件处于「" + StageName(d->stage) + "」阶段，尚未通过终审");
    }
    d->stage = Stage::kPublished;
    d->updated_at = Now();
    Status st = tx.UpdateDraft(*d);
    if (st.ok()) {
      st = Audit(tx, actor, "publish", DraftObject(d->id),
                 "第 " + std::to_string(d->current_version) + " 版已发布");
    }
    if (!st.ok()) return st;
    view = View(tx, actor, *d);
    return view.ok() ? Status::Ok() : view.status();
  });
  if (!s.ok()) return s;
  return view;
}

Result<FindingView> ReviewService::Decide(const Actor& actor, int64_t finding_id,
                                          IssueStatus status, const std::string& reason,
                                          bool allow_list) {
  std::string why(Trim(reason));
  if (status == IssueStatus::kFixed) {
    return Status::InvalidInput("“已修改”由新版本自动判定，不能手工设置");
  }
  if ((status == IssueStatus::kAccepted || status == IssueStatus::kDeferred) && why.empty()) {
    return Status::InvalidInput(status == IssueStatus::kAccepted ? "确认不是错误时请填写理由"
                                                                 : "暂缓处理时请填写理由");
  }
  if (CountChars(why) > options_.max_comment_chars) return Status::InvalidInput("理由过长");
  if (allow_list && status != IssueStatus::kAccepted) {
    return Status::InvalidInput("只有确认不是错误的问题可以加入白名单");
  }
  if (allow_list && !IsReviewer(actor.role)) {
    return Status::PermissionDenied("只有审核人可以把问题加入本单位白名单");
  }
  Result<FindingView> out = Status::Internal("");
  Status s = store_->Write([&](ReviewTx& tx) -> Status {
    Result<store::FindingRow> f = tx.GetFinding(finding_id);
    if (!f.ok()) return f.status();
    Result<Draft> d = VisibleDraft(tx, actor, f->draft_id);
    if (!d.ok()) return Status::NotFound("问题 " + std::to_string(finding_id) + " 不存在");
    if (!(EditorOfUnit(actor, d->unit_id) || IsReviewer(actor.role))) {
      return Status::PermissionDenied("您无权处理本稿件的问题");
    }
    if (d->stage == Stage::kPublished) return Status::Conflict("稿件已发布，不能再处理问题");
    if (!f->current) return Status::Conflict("该问题属于旧版本，请在当前版本上处理");
    Result<store::Issue> is = tx.GetIssue(f->issue_id);
    if (!is.ok()) return is.status();
    IssueStatus before = is->status;
    is->status = status;
    is->reason = status == IssueStatus::kOpen ? "" : why;
    is->decided_by = actor.user_id;
    is->decided_at = Now();
    is->allow_list = allow_list;
    Status st = tx.UpdateIssue(*is);
    if (!st.ok()) return st;
    store::Decision dc;
    dc.issue_id = is->id;
    dc.status = status;
    dc.reason = why;
    dc.user_id = actor.user_id != 0 ? actor.user_id : d->editor_id;
    dc.at = Now();
    Result<int64_t> did = tx.InsertDecision(dc);
    if (!did.ok()) return did.status();
    if (allow_list) {
      st = tx.AddAllowed(d->unit_id, is->rule, is->text);
      if (!st.ok()) return st;
    }
    d->updated_at = Now();
    st = tx.UpdateDraft(*d);
    if (st.ok()) st = tx.RecountOpen(d->id);
    if (st.ok()) {
      st = Audit(tx, actor, "decide", "finding:" + std::to_string(finding_id),
                 DraftObject(d->id) + " [" + is->rule + "]「" + is->text + "」" +
                     std::string(store::ToString(before)) + " → " +
                     std::string(store::ToString(status)) + (why.empty() ? "" : "：" + why) +
                     (allow_list ? "（加入单位白名单）" : ""));
    }
    if (!st.ok()) return st;
    Result<store::FindingRow> fresh = tx.GetFinding(finding_id);
    if (!fresh.ok()) return fresh.status();
    FindingView v{*fresh, *is, actor.display_name, d->title, ""};
    if (status == IssueStatus::kOpen) v.decision.reset();
    out = v;
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<CommentView> ReviewService::AddComment(const Actor& actor, int64_t draft_id,
                                              int64_t finding_id, const std::string& text) {
  std::string body(Trim(text));
  if (body.empty()) return Status::InvalidInput("评论内容为空");
  if (CountChars(body) > options_.max_comment_chars) {
    return Status::InvalidInput("评论过长（最多 " + std::to_string(options_.max_comment_chars) +
                                " 字）");
  }
  if (actor.user_id == 0) return Status::PermissionDenied("API 令牌不能发表评论");
  Result<CommentView> out = Status::Internal("");
  Status s = store_->Write([&](ReviewTx& tx) -> Status {
    Result<Draft> d = VisibleDraft(tx, actor, draft_id);
    if (!d.ok()) return d.status();
    store::Comment c;
    c.draft_id = d->id;
    c.user_id = actor.user_id;
    c.text = body;
    c.at = Now();
    if (finding_id != 0) {
      Result<store::FindingRow> f = tx.GetFinding(finding_id);
      if (!f.ok() || f->draft_id != d->id) {
        return Status::NotFound("稿件 " + std::to_string(draft_id) + " 没有问题 " +
                                std::to_string(finding_id));
      }
      c.finding_id = f->id;
      c.issue_id = f->issue_id;
    }
    Result<int64_t> id = tx.InsertComment(c);
    if (!id.ok()) return id.status();
    c.id = *id;
    Status st =
        Audit(tx, actor, "comment", DraftObject(d->id),
              (finding_id != 0 ? "finding:" + std::to_string(finding_id) + " " : "") + body);
    if (!st.ok()) return st;
    out = CommentView{c, actor.display_name};
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<CommentView>> ReviewService::ListComments(const Actor& actor, int64_t draft_id) {
  std::vector<CommentView> out;
  Status s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<Draft> d = VisibleDraft(tx, actor, draft_id);
    if (!d.ok()) return d.status();
    Result<std::vector<store::Comment>> cs = tx.ListComments(draft_id);
    if (!cs.ok()) return cs.status();
    std::unordered_map<int64_t, std::string> names;
    for (store::Comment& c : *cs) {
      auto it = names.find(c.user_id);
      if (it == names.end()) {
        Result<store::User> u = tx.GetUser(c.user_id);
        it = names.emplace(c.user_id, u.ok() ? u->display_name : "").first;
      }
      out.push_back({std::move(c), it->second});
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

// ---------------------------------------------------------------- administration

Result<std::vector<store::Unit>> ReviewService::ListUnits(const Actor& actor) {
  std::vector<store::Unit> out;
  Status s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<std::vector<store::Unit>> units = tx.ListUnits();
    if (!units.ok()) return units.status();
    for (store::Unit& u : *units) {
      if (CanSeeUnit(actor, u.id)) out.push_back(std::move(u));
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<store::Unit> ReviewService::CreateUnit(const Actor& actor, const std::string& name,
                                              bool oversees_all) {
  Status s = RequireAdmin(actor);
  if (!s.ok()) return s;
  std::string n(Trim(name));
  if (n.empty() || CountChars(n) > 100) return Status::InvalidInput("单位名称为空或过长");
  store::Unit unit{0, n, oversees_all};
  s = store_->Write([&](ReviewTx& tx) -> Status {
    Result<int64_t> id = tx.InsertUnit(unit);
    if (!id.ok()) {
      return id.status().code() == StatusCode::kConflict ? Status::Conflict("单位“" + n + "”已存在")
                                                         : id.status();
    }
    unit.id = *id;
    return Audit(tx, actor, "unit-create", "unit:" + std::to_string(*id),
                 n + (oversees_all ? "（审核全部单位）" : ""));
  });
  if (!s.ok()) return s;
  return unit;
}

Result<store::User> ReviewService::CreateUser(const Actor& actor, const std::string& username,
                                              const std::string& display_name, int64_t unit_id,
                                              Role role, const std::string& password) {
  Status s = RequireAdmin(actor);
  if (!s.ok()) return s;
  if (username.empty() || username.size() > 64 ||
      username.find_first_of(" \t\r\n:") != std::string::npos) {
    return Status::InvalidInput("用户名为空、过长或含有空白和冒号");
  }
  if (CountChars(password) < options_.min_password_chars) {
    return Status::InvalidInput("密码至少 " + std::to_string(options_.min_password_chars) +
                                " 个字符");
  }
  Result<std::string> hash = HashPassword(password, options_.password_cost);
  if (!hash.ok()) return hash.status();
  store::User u;
  u.username = username;
  u.display_name = Trim(display_name).empty() ? username : std::string(Trim(display_name));
  u.unit_id = unit_id;
  u.role = role;
  u.password_hash = *hash;
  u.created_at = Now();
  s = store_->Write([&](ReviewTx& tx) -> Status {
    Result<store::Unit> unit = tx.GetUnit(unit_id);
    if (!unit.ok()) return unit.status();
    Result<int64_t> id = tx.InsertUser(u);
    if (!id.ok()) {
      return id.status().code() == StatusCode::kConflict
                 ? Status::Conflict("用户名“" + username + "”已存在")
                 : id.status();
    }
    u.id = *id;
    return Audit(tx, actor, "user-create", "user:" + username,
                 u.display_name + "，" + unit->name + "，" + std::string(store::ToString(role)));
  });
  if (!s.ok()) return s;
  return u;
}

Result<std::vector<store::User>> ReviewService::ListUsers(const Actor& actor) {
  Status s = RequireAdmin(actor);
  if (!s.ok()) return s;
  std::vector<store::User> out;
  s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<std::vector<store::User>> users = tx.ListUsers();
    if (!users.ok()) return users.status();
    out = std::move(*users);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<store::User> ReviewService::SetPassword(const Actor& actor, const std::string& username,
                                               const std::string& password) {
  Status s = RequireAdmin(actor);
  if (!s.ok()) return s;
  if (CountChars(password) < options_.min_password_chars) {
    return Status::InvalidInput("密码至少 " + std::to_string(options_.min_password_chars) +
                                " 个字符");
  }
  Result<std::string> hash = HashPassword(password, options_.password_cost);
  if (!hash.ok()) return hash.status();
  store::User out;
  s = store_->Write([&](ReviewTx& tx) -> Status {
    Result<store::User> u = tx.FindUserByName(username);
    if (!u.ok()) return u.status();
    u->password_hash = *hash;
    Status st = tx.UpdateUser(*u);
    // The user's stored sessions end; a running server confirms the stored session on every
    // request (server/session_store.cc), so this holds for it too.
    if (st.ok()) st = tx.DeleteUserSessions(u->id);
    if (st.ok()) st = Audit(tx, actor, "user-passwd", "user:" + username, "");
    out = *u;
    return st;
  });
  if (!s.ok()) return s;
  return out;
}

Result<store::User> ReviewService::DisableUser(const Actor& actor, const std::string& username) {
  Status s = RequireAdmin(actor);
  if (!s.ok()) return s;
  store::User out;
  s = store_->Write([&](ReviewTx& tx) -> Status {
    Result<store::User> u = tx.FindUserByName(username);
    if (!u.ok()) return u.status();
    u->disabled = true;
    Status st = tx.UpdateUser(*u);
    if (st.ok()) st = tx.DeleteUserSessions(u->id);
    if (st.ok()) st = Audit(tx, actor, "user-disable", "user:" + username, "");
    out = *u;
    return st;
  });
  if (!s.ok()) return s;
  return out;
}

Result<store::User> ReviewService::SetRole(const Actor& actor, const std::string& username,
                                           Role role) {
  Status s = RequireAdmin(actor);
  if (!s.ok()) return s;
  store::User out;
  s = store_->Write([&](ReviewTx& tx) -> Status {
    Result<store::User> u = tx.FindUserByName(username);
    if (!u.ok()) return u.status();
    Role before = u->role;
    u->role = role;
    Status st = tx.UpdateUser(*u);
    if (st.ok()) {
      st = Audit(tx, actor, "user-role", "user:" + username,
                 std::string(store::ToString(before)) + " → " + std::string(store::ToString(role)));
    }
    out = *u;
    return st;
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::pair<int64_t, std::string>> ReviewService::CreateToken(const Actor& actor,
                                                                   const std::string& name,
                                                                   int64_t unit_id) {
  Status s = RequireAdmin(actor);
  if (!s.ok()) return s;
  std::string n(Trim(name));
  if (n.empty() || CountChars(n) > 100) return Status::InvalidInput("令牌名称为空或过长");
  std::string token = "cm_" + RandomHex(32);
  int64_t id = 0;
  s = store_->Write([&](ReviewTx& tx) -> Status {
    Result<store::Unit> unit = tx.GetUnit(unit_id);
    if (!unit.ok()) return unit.status();
    store::ApiToken t{0, unit_id, n, Sha256Hex(token), Now(), false};
    Result<int64_t> tid = tx.InsertToken(t);
    if (!tid.ok()) return tid.status();
    id = *tid;
    return Audit(tx, actor, "token-create", "token:" + std::to_string(id), n + "，" + unit->name);
  });
  if (!s.ok()) return s;
  return std::make_pair(id, token);
}

Result<std::vector<store::ApiToken>> ReviewService::ListTokens(const Actor& actor) {
  Status s = RequireAdmin(actor);
  if (!s.ok()) return s;
  std::vector<store::ApiToken> out;
  s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<std::vector<store::ApiToken>> t = tx.ListTokens();
    if (!t.ok()) return t.status();
    out = std::move(*t);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Status ReviewService::RevokeToken(const Actor& actor, int64_t token_id) {
  Status s = RequireAdmin(actor);
  if (!s.ok()) return s;
  return store_->Write([&](ReviewTx& tx) -> Status {
    Status st = tx.RevokeToken(token_id);
    if (!st.ok()) return st;
    return Audit(tx, actor, "token-revoke", "token:" + std::to_string(token_id), "");
  });
}

// ---------------------------------------------------------------- the audit log

Result<store::Page<store::AuditEntry>> ReviewService::ListAudit(const Actor& actor,
                                                                const store::AuditFilter& filter) {
  Status s = RequireAdmin(actor);
  if (!s.ok()) return s;
  store::AuditFilter f = filter;
  f.limit = std::clamp<int64_t>(f.limit, 1, 1000);
  store::Page<store::AuditEntry> out;
  s = store_->Read([&](ReviewTx& tx) -> Status {
    Result<store::Page<store::AuditEntry>> p = tx.ListAudit(f);
    if (!p.ok()) return p.status();
    out = std::move(*p);
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::string> ReviewService::AuditCsv(const Actor& actor) {
  Status s = RequireAdmin(actor);
  if (!s.ok()) return s;
  CsvWriter csv({"序号", "时间(UTC)", "用户", "操作", "对象", "详情", "地址", "散列"});
  s = store_->Read([&](ReviewTx& tx) {
    return tx.ForEachAudit([&](const store::AuditEntry& e) {
      csv.Row(
          {std::to_string(e.seq), e.at, e.user, e.action, e.object, e.detail, e.address, e.hash});
      return true;
    });
  });
  if (!s.ok()) return s;
  s = store_->Write([&](ReviewTx& tx) { return Audit(tx, actor, "audit-export", "audit", ""); });
  if (!s.ok()) return s;
  return csv.Take();
}

Result<ChainCheck> ReviewService::VerifyAudit(const Actor& actor) {
  Status s = RequireAdmin(actor);
  if (!s.ok()) return s;
  return VerifyAuditChain(*store_);
}

}  // namespace cuomin::review
