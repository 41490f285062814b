// Where a site scan's results go as pages finish: the store, which tells new findings from
// those still present, then the sink, one page's findings at a time, from any worker thread.
// With a store, a writer thread of its own commits them in batches (StoreBatching, in
// site_scan.h); without one, the sink is called at once. Only counts are kept, so a long scan
// holds no findings in memory; the order of pages follows the crawl (within a page,
// FindingLess order). Internal to site/.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "common/status.h"
#include "scanner/finding.h"
#include "site/finding_sink.h"
#include "site/site_scan.h"
#include "store/site_store.h"

namespace cuomin::site {

class ScanOutput {
 public:
  // `sink` and `db` (nullptr: no store) are not owned and outlive this.
  ScanOutput(FindingSink* sink, store::SiteStore* db, StoreBatching batching);
  // Writes what is still queued.
  ~ScanOutput();
  ScanOutput(const ScanOutput&) = delete;
  ScanOutput& operator=(const ScanOutput&) = delete;

  // Findings of any pages (link checks), one page's at a time.
  void Emit(std::vector<scanner::Finding> findings);
  // One page: its record (when the store keeps one) and its findings are committed together,
  // then handed to the sink. Waits while the writer is far behind.
  void EmitPage(std::string source, std::optional<store::PageRecord> record,
                std::vector<scanner::Finding> findings);
  // A batch of the crawl's frontier, with the pages among it that are gone (404, 410:
  // visited, and their findings fixed). Written with the pages queued before it, in one
  // transaction: a URL saved as settled always has its page and the findings of links to it
  // in the store, so a continued scan loses none.
  void SaveFrontier(std::vector<store::FrontierEntry> batch, std::vector<std::string> gone);
  // Returns once everything queued before the call is written.
  void Flush();
  // Findings fixed since the last scan: handed on, not counted as found. After Flush.
  void EmitFixed(std::vector<scanner::Finding>& findings);

  void NoteStoreError(const Status& st);
  size_t findings_so_far() const { return findings_so_far_; }
  // Pages queued and not yet written (a batch being written counts until it is).
  size_t unwritten_pages() const {
    const size_t written = written_total_;  // first: never more than the queued read after it
    return queued_total_ - written;
  }
  // The counts; call once the crawl has ended and after Flush.
  ScanSummary& summary() { return summary_; }

 private:
  struct Op {
    enum class Kind { kPage, kFrontier } kind = Kind::kPage;
    std::string source;
    std::optional<store::PageRecord> record;
    std::vector<scanner::Finding> findings;
    std::vector<store::FrontierEntry> frontier;
    std::vector<std::string> gone;
  };

  void Enqueue(Op op, size_t pages, size_t bytes);
  void WriterLoop();
  void Write(std::vector<Op>& batch);
  // The batch in one transaction; when that fails, each page on its own, so that a page
  // that cannot be written costs only itself. Per page: its findings' standing, or nullopt.
  std::vector<std::optional<std::vector<store::RecordedFinding>>> Commit(
      store::SiteStore::Batch& batch);
  // Counts the page's findings and hands them to the sink (`status` empty when not written).
  void Deliver(const std::vector<scanner::Finding>& findings,
               std::span<const scanner::ScanStatus> status);

  FindingSink* const sink_;
  store::SiteStore* const db_;
  const StoreBatching batching_;

  std::mutex mu_;                     // everything below but the sink's calls
  std::condition_variable wake_;      // the writer: work, a flush or the end
  std::condition_variable progress_;  // Flush and EmitPage: the writer took or wrote a batch
  std::vector<Op> queue_;
  size_t queued_pages_ = 0;
  size_t queued_bytes_ = 0;
  std::chrono::steady_clock::time_point first_queued_;
  uint64_t queued_seq_ = 0;   // ops queued so far
  uint64_t written_seq_ = 0;  // ops written so far
  uint64_t flush_to_ = 0;     // ops a Flush waits for
  bool stop_ = false;
  ScanSummary summary_;
  std::atomic<size_t> findings_so_far_{0};
  // Pages ever queued and ever written (by the writer, or given up): read without the lock.
  std::atomic<size_t> queued_total_{0};
  std::atomic<size_t> written_total_{0};

  std::mutex sink_mu_;  // one sink call at a time
  // Pages whose write failed (writer thread only): their frontier entries are not saved as
  // settled, so that a continued scan fetches them again.
  std::set<std::string> unwritten_;
  std::thread writer_;  // last: started once the members it uses are built
};

}  // namespace cuomin::site
