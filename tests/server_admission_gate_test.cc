// The admission gate: never more than its slots at work, and waiters go in arrival order.
#include "server/admission_gate.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

namespace cuomin::server {
namespace {

// Waits (without timing anything) until `n` callers queue at the gate.
void AwaitWaiting(const AdmissionGate& gate, size_t n) {
  while (gate.waiting() < n) std::this_thread::yield();
}

TEST(AdmissionGate, WaitersAreAdmittedInArrivalOrderAndNeverMoreThanTheSlots) {
  AdmissionGate gate(2);
  gate.Enter();
  gate.Enter();  // both slots taken by the test
  std::mutex mu;
  std::vector<int> order;
  std::atomic<int> inside{0};
  std::atomic<int> most_inside{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      AdmissionGate::Pass pass(gate);
      int now = ++inside;
      int seen = most_inside.load();
      while (now > seen && !most_inside.compare_exchange_weak(seen, now)) {
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        order.push_back(i);
      }
      --inside;
    });
    AwaitWaiting(gate, static_cast<size_t>(i) + 1);  // thread i is in line before i+1 starts
  }
  EXPECT_EQ(gate.waiting(), 8u);
  gate.Leave();  // one slot: the waiters pass one at a time behind the test's other slot
  for (auto& t : threads) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(most_inside.load(), 1);  // the test still holds the other slot
  gate.Leave();
  // Free again: both slots can be taken at once without waiting.
  gate.Enter();
  gate.Enter();
  EXPECT_EQ(gate.waiting(), 0u);
  gate.Leave();
  gate.Leave();
}

}  // namespace
}  // namespace cuomin::server
