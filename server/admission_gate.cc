#include "server/admission_gate.h"

namespace cuomin::server {

void AdmissionGate::Enter(Kind kind) {
  std::unique_lock<std::mutex> lock(mu_);
  if (kind == Kind::kPage) {
    if (free_ > 0 && pages_.empty()) {
      --free_;
      return;
    }
  } else if (free_ > 0 && pages_.empty() && bulk_.empty() && bulk_in_ < bulk_cap_) {
    --free_;
    ++bulk_in_;
    return;
  }
  Waiter me;
  (kind == Kind::kPage ? pages_ : bulk_).push_back(&me);
  me.cv.wait(lock, [&] { return me.admitted; });
}

AdmissionGate::Waiter* AdmissionGate::NextLocked() {
  // Bulk work past waiting pages only when none is in, so that downloads never stop.
  if (!bulk_.empty() && bulk_in_ == 0) {
    Waiter* w = bulk_.front();
    bulk_.pop_front();
    ++bulk_in_;
    return w;
  }
  if (!pages_.empty()) {
    Waiter* w = pages_.front();
    pages_.pop_front();
    return w;
  }
  if (!bulk_.empty() && bulk_in_ < bulk_cap_) {
    Waiter* w = bulk_.front();
    bulk_.pop_front();
    ++bulk_in_;
    return w;
  }
  return nullptr;
}

void AdmissionGate::Leave(Kind kind) {
  std::lock_guard<std::mutex> lock(mu_);
  if (kind == Kind::kBulk) --bulk_in_;
  // The slot passes straight to the next in line, so a newcomer cannot overtake it.
  Waiter* next = NextLocked();
  if (next == nullptr) {
    ++free_;
    return;
  }
  next->admitted = true;
  next->cv.notify_one();
}

size_t AdmissionGate::waiting() const {
  std::lock_guard<std::mutex> lock(mu_);
  return pages_.size() + bulk_.size();
}

}  // namespace cuomin::server
