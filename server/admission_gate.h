// At most N requests do their work at once; the others wait their turn in arrival order.
//
// cpp-httplib gives every open connection its own thread. With 64 busy connections on a 2-core
// machine the kernel time-slices among 64 runnable threads, and a request preempted halfway
// waits for all the others before it finishes: a 1 ms request then takes hundreds of ms at
// p99. Admitting a few at a time, first come first served, lets each finish in one go, so the
// wait is the queue ahead of it and no more. std::counting_semaphore would bound the number
// but wakes waiters in no particular order, which starves some; hence this small queue.
//
// Bulk work (the pieces of a long download) goes behind every waiting page: it holds at most
// half the slots, and is let in past waiting pages only when no bulk work is in at all, so a
// page waits for at most one piece however many downloads run, and downloads still move.
#pragma once

#include <condition_variable>
#include <deque>
#include <mutex>

namespace cuomin::server {

class AdmissionGate {
 public:
  enum class Kind { kPage, kBulk };

  explicit AdmissionGate(int slots)
      : free_(slots < 1 ? 1 : slots), bulk_cap_(free_ / 2 < 1 ? 1 : free_ / 2) {}
  AdmissionGate(const AdmissionGate&) = delete;
  AdmissionGate& operator=(const AdmissionGate&) = delete;

  // Blocks until this caller's turn; every Enter is matched by one Leave of the same kind
  // (use Pass).
  void Enter(Kind kind = Kind::kPage);
  void Leave(Kind kind = Kind::kPage);

  class Pass {
   public:
    explicit Pass(AdmissionGate& gate, Kind kind = Kind::kPage) : gate_(gate), kind_(kind) {
      gate_.Enter(kind_);
    }
    ~Pass() { gate_.Leave(kind_); }
    Pass(const Pass&) = delete;
    Pass& operator=(const Pass&) = delete;

   private:
    AdmissionGate& gate_;
    Kind kind_;
  };

  // For tests and monitoring: callers waiting now.
  size_t waiting() const;

 private:
  struct Waiter {
    std::condition_variable cv;
    bool admitted = false;
  };
  // With mu_ held: the next waiter a free slot goes to, or nullptr (the slot stays free).
  Waiter* NextLocked();

  mutable std::mutex mu_;
  int free_;
  const int bulk_cap_;
  int bulk_in_ = 0;
  std::deque<Waiter*> pages_, bulk_;
};

}  // namespace cuomin::server
