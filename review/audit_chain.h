// The audit log's hash chain: each entry's hash covers the previous entry's hash and its own
// fields, so that a changed, inserted or deleted entry breaks every hash after it.
#pragma once

#include <cstdint>
#include <string>

#include "common/status.h"
#include "store/review_store.h"

namespace cuomin::review {

// SHA-256 over prev_hash and the fields of `e` (seq, at, user, action, object, detail,
// address), each written as its length, ':', its bytes, so that no two field lists hash alike.
std::string AuditHash(const store::AuditEntry& e);

struct ChainCheck {
  bool ok = true;
  int64_t entries = 0;
  int64_t first_bad = 0;  // seq of the first entry that does not match
  std::string message;    // Chinese, for people
};

// Walks the whole log in order.
Result<ChainCheck> VerifyAuditChain(store::ReviewStore& store);

}  // namespace cuomin::review
