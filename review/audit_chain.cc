#include "review/audit_chain.h"

#include "review/crypto.h"

namespace cuomin::review {

namespace {

void Field(std::string& out, std::string_view v) {
  out += std::to_string(v.size());
  out += ':';
  out += v;
}

}  // namespace

std::string AuditHash(const store::AuditEntry& e) {
  std::string data;
  Field(data, e.prev_hash);
  Field(data, std::to_string(e.seq));
  Field(data, e.at);
  Field(data, e.user);
  Field(data, e.action);
  Field(data, e.object);
  Field(data, e.detail);
  Field(data, e.address);
  return Sha256Hex(data);
}

Result<ChainCheck> VerifyAuditChain(store::ReviewStore& store) {
  ChainCheck check;
  Status s = store.Read([&](store::ReviewTx& tx) {
    std::string prev;
    int64_t expected_seq = 1;
    return tx.ForEachAudit([&](const store::AuditEntry& e) {
      ++check.entries;
      std::string why;
      if (e.seq != expected_seq) {
        why = "序号不连续（应为 " + std::to_string(expected_seq) + "），有记录被删除或插入";
      } else if (e.prev_hash != prev) {
        why = "前一条记录的散列不符，前一条记录被修改或删除";
      } else if (AuditHash(e) != e.hash) {
        why = "本条记录的内容与其散列不符，记录被修改";
      }
      if (!why.empty()) {
        check.ok = false;
        check.first_bad = e.seq;
        check.message = "审计日志第 " + std::to_string(e.seq) + " 条：" + why;
        return false;
      }
      prev = e.hash;
      ++expected_seq;
      return true;
    });
  });
  if (!s.ok()) return s;
  return check;
}

}  // namespace cuomin::review
