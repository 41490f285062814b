// The dashboard's sessions in the store: thin calls, each its own transaction. The rules of
// sessions (ids, expiry, rotation) are server/session_store.cc's; this only keeps them.
#include "review/review_service.h"

namespace cuomin::review {

Status ReviewService::SaveSession(const store::SessionRow& session) {
  return store_->Write([&](store::ReviewTx& tx) { return tx.InsertSession(session); });
}

Result<std::optional<store::SessionRow>> ReviewService::LoadSession(const std::string& id_hash) {
  std::optional<store::SessionRow> out;
  Status s = store_->Read([&](store::ReviewTx& tx) -> Status {
    Result<store::SessionRow> r = tx.FindSession(id_hash);
    if (r.ok()) {
      out = std::move(*r);
      return Status::Ok();
    }
    return r.status().code() == StatusCode::kNotFound ? Status::Ok() : r.status();
  });
  if (!s.ok()) return s;
  return out;
}

Status ReviewService::TouchSession(const std::string& id_hash, int64_t last_seen) {
  return store_->Write([&](store::ReviewTx& tx) { return tx.TouchSession(id_hash, last_seen); });
}

Status ReviewService::EndSession(const std::string& id_hash) {
  return store_->Write([&](store::ReviewTx& tx) { return tx.DeleteSession(id_hash); });
}

Status ReviewService::EndUserSessions(int64_t user_id) {
  return store_->Write([&](store::ReviewTx& tx) { return tx.DeleteUserSessions(user_id); });
}

Status ReviewService::EndExpiredSessions(int64_t idle_before, int64_t created_before) {
  return store_->Write(
      [&](store::ReviewTx& tx) { return tx.DeleteExpiredSessions(idle_before, created_before); });
}

}  // namespace cuomin::review
