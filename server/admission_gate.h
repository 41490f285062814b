// At most N requests do their work at once; the others wait their turn in arrival order.
//
// cpp-httplib gives every open connection its own thread. With 64 busy connections on a 2-core
// machine the kernel time-slices among 64 runnable threads, and a request preempted halfway
// waits for all the others before it finishes: a 1 ms request then takes hundreds of ms at
// p99. Admitting a few at a time, first come first served, lets each finish in one go, so the
// wait is the queue ahead of it and no more. std::counting_semaphore would bound the number
// but wakes waiters in no particular order, which starves some; hence this small queue.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>

namespace cuomin::server {

class AdmissionGate {
 public:
  explicit AdmissionGate(int slots) : free_(slots < 1 ? 1 : slots) {}
  AdmissionGate(const AdmissionGate&) = delete;
  AdmissionGate& operator=(const AdmissionGate&) = delete;

  // Blocks until this caller's turn; every Enter is matched by one Leave (use Pass).
  void Enter();
  void Leave();

  class Pass {
   public:
    explicit Pass(AdmissionGate& gate) : gate_(gate) { gate_.Enter(); }
    ~Pass() { gate_.Leave(); }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;

   private:
    AdmissionGate& gate_;
  };

  // For tests and monitoring: callers waiting now.
  size_t waiting() const;

 private:
  struct Waiter {
    std::condition_variable cv;
    bool admitted = false;
  };
  mutable std::mutex mu_;
  int free_;
  std::deque<Waiter*> queue_;
};

}  // namespace cuomin::server
