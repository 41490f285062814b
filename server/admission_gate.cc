#include "server/admission_gate.h"

namespace cuomin::server {

void AdmissionGate::Enter() {
  std::unique_lock<std::mutex> lock(mu_);
  if (free_ > 0 && queue_.empty()) {
    --free_;
    return;
  }
  Waiter me;
  queue_.push_back(&me);
  me.cv.wait(lock, [&] { return me.admitted; });
}

void AdmissionGate::Leave() {
  std::lock_guard<std::mutex> lock(mu_);
  if (queue_.empty()) {
    ++free_;
    return;
  }
  // The slot passes straight to the first in line, so a newcomer cannot overtake it.
  Waiter* next = queue_.front();
  queue_.pop_front();
  next->admitted = true;
  next->cv.notify_one();
}

size_t AdmissionGate::waiting() const {
  std::lock_guard<std::mutex> lock(mu_);
  return queue_.size();
}

}  // namespace cuomin::server
