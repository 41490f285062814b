#include "site/scan_output.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace cuomin::site {
namespace {

namespace sc = cuomin::scanner;

// Past this many batches' worth queued, pages wait for the writer: a store slower than the
// crawl holds the workers back instead of filling the memory with page bodies.
constexpr size_t kQueuedBatches = 4;

// A string's heap bytes: none while it fits in the object (the small-string buffer).
size_t HeapBytes(const std::string& s) {
  return s.capacity() > std::string().capacity() ? s.capacity() + 1 : 0;
}

// What a queued page holds until the writer has it: the body (as fetched and deflated), the
// links and pictures, and the findings with their texts. A page of many findings or links and
// a short body holds many times its body (a finding is ~400 bytes before its texts).
size_t HeldBytes(const std::optional<store::PageRecord>& record,
                 const std::vector<sc::Finding>& findings) {
  size_t n = findings.capacity() * sizeof(sc::Finding);
  for (const sc::Finding& f : findings) {
    n += HeapBytes(f.source) + HeapBytes(f.rule) + HeapBytes(f.message) + HeapBytes(f.text) +
         HeapBytes(f.suggestion) + HeapBytes(f.context) + HeapBytes(f.rule_file) +
         HeapBytes(f.sheet) + HeapBytes(f.cell);
  }
  if (!record) return n;
  const store::PageRecord& r = *record;
  n += sizeof(store::PageRecord) + HeapBytes(r.etag) + HeapBytes(r.last_modified) +
       HeapBytes(r.body) + HeapBytes(r.charset) + HeapBytes(r.deflated_body) +
       HeapBytes(r.content_hash);
  n += r.links.capacity() * sizeof(store::StoredLink);
  for (const store::StoredLink& l : r.links) n += HeapBytes(l.target);
  n += r.images.capacity() * sizeof(std::string);
  for (const std::string& i : r.images) n += HeapBytes(i);
  return n;
}

size_t HeldBytes(const std::vector<store::FrontierEntry>& frontier,
                 const std::vector<std::string>& gone) {
  size_t n =
      frontier.capacity() * sizeof(store::FrontierEntry) + gone.capacity() * sizeof(std::string);
  for (const store::FrontierEntry& e : frontier) n += HeapBytes(e.url) + HeapBytes(e.detail);
  for (const std::string& g : gone) n += HeapBytes(g);
  return n;
}

}  // namespace

ScanOutput::ScanOutput(FindingSink* sink, store::SiteStore* db, StoreBatching batching)
    : sink_(sink), db_(db), batching_(batching) {
  if (db_) writer_ = std::thread([this] { WriterLoop(); });
}

ScanOutput::~ScanOutput() {
  if (!writer_.joinable()) return;
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_one();
  writer_.join();
}

void ScanOutput::Emit(std::vector<sc::Finding> findings) {
  std::sort(findings.begin(), findings.end(), sc::FindingLess);
  for (size_t i = 0; i < findings.size();) {
    size_t j = i;
    while (j < findings.size() && findings[j].source == findings[i].source) ++j;
    std::vector<sc::Finding> page(std::make_move_iterator(findings.begin() + i),
                                  std::make_move_iterator(findings.begin() + j));
    std::string source = page.front().source;
    EmitPage(std::move(source), std::nullopt, std::move(page));
    i = j;
  }
}

void ScanOutput::EmitPage(std::string source, std::optional<store::PageRecord> record,
                          std::vector<sc::Finding> findings) {
  std::sort(findings.begin(), findings.end(), sc::FindingLess);
  if (!db_) {
    if (!findings.empty()) Deliver(findings, {});
    return;
  }
  if (!record && findings.empty()) return;
  // Here, on the worker that checked the page: the writer is one thread for the whole scan.
  if (record && !record->body.empty() && record->deflated_body.empty())
    record->deflated_body = store::DeflatePageBody(record->body);
  const size_t bytes = HeldBytes(record, findings) + HeapBytes(source);
  Op op;
  op.kind = Op::Kind::kPage;
  op.source = std::move(source);
  op.record = std::move(record);
  op.findings = std::move(findings);
  Enqueue(std::move(op), 1, bytes);
}

void ScanOutput::SaveFrontier(std::vector<store::FrontierEntry> batch,
                              std::vector<std::string> gone) {
  if (!db_ || (batch.empty() && gone.empty())) return;
  Op op;
  op.kind = Op::Kind::kFrontier;
  const size_t pages = gone.size();
  const size_t bytes = HeldBytes(batch, gone);
  op.frontier = std::move(batch);
  op.gone = std::move(gone);
  Enqueue(std::move(op), pages, bytes);
}

void ScanOutput::Enqueue(Op op, size_t pages, size_t bytes) {
  std::unique_lock lock(mu_);
  // Divided rather than multiplied: a test's "never by size" limit does not overflow.
  progress_.wait(lock, [&] {
    return queued_pages_ / kQueuedBatches < batching_.max_pages &&
           queued_bytes_ / kQueuedBatches < batching_.max_bytes;
  });
  const bool was_empty = queue_.empty();
  if (was_empty) first_queued_ = std::chrono::steady_clock::now();
  queue_.push_back(std::move(op));
  ++queued_seq_;
  queued_pages_ += pages;
  queued_bytes_ += bytes;
  queued_total_ += pages;
  // The writer sleeps without a deadline while the queue is empty, and until the first
  // page's deadline otherwise: it needs waking only for a new deadline or a full batch.
  if (was_empty || queued_pages_ >= batching_.max_pages || queued_bytes_ >= batching_.max_bytes)
    wake_.notify_one();
}

void ScanOutput::Flush() {
  if (!db_) return;
  std::unique_lock lock(mu_);
  const uint64_t target = queued_seq_;
  flush_to_ = std::max(flush_to_, target);
  wake_.notify_one();
  progress_.wait(lock, [&] { return written_seq_ >= target; });
}

void ScanOutput::WriterLoop() {
  std::unique_lock lock(mu_);
  for (;;) {
    if (queue_.empty()) {
      if (stop_) return;
      wake_.wait(lock);
      continue;
    }
    const auto deadline = first_queued_ + batching_.max_delay;
    const bool due = stop_ || flush_to_ > written_seq_ || queued_pages_ >= batching_.max_pages ||
                     queued_bytes_ >= batching_.max_bytes ||
                     std::chrono::steady_clock::now() >= deadline;
    if (!due) {
      wake_.wait_until(lock, deadline);
      continue;
    }
    std::vector<Op> batch;
    batch.swap(queue_);
    const uint64_t seq = queued_seq_;
    const size_t pages = queued_pages_;
    queued_pages_ = 0;
    queued_bytes_ = 0;
    progress_.notify_all();  // room for the pages that waited
    lock.unlock();
    Write(batch);
    lock.lock();
    written_seq_ = seq;
    written_total_ += pages;
    progress_.notify_all();
  }
}

void ScanOutput::Write(std::vector<Op>& ops) {
  store::SiteStore::Batch batch;
  for (Op& op : ops) {
    if (op.kind == Op::Kind::kPage) {
      batch.pages.push_back(
          {std::move(op.source), op.record ? &*op.record : nullptr, std::move(op.findings)});
      continue;
    }
    batch.gone.insert(batch.gone.end(), std::make_move_iterator(op.gone.begin()),
                      std::make_move_iterator(op.gone.end()));
    batch.frontier.insert(batch.frontier.end(), std::make_move_iterator(op.frontier.begin()),
                          std::make_move_iterator(op.frontier.end()));
  }
  std::vector<std::optional<std::vector<store::RecordedFinding>>> recorded = Commit(batch);
  std::vector<sc::ScanStatus> status;
  for (size_t i = 0; i < batch.pages.size(); ++i) {
    if (batch.pages[i].findings.empty()) continue;
    status.clear();
    if (recorded[i]) {
      for (const store::RecordedFinding& r : *recorded[i]) status.push_back(r.status);
    }
    Deliver(batch.pages[i].findings, status);
  }
}

std::vector<std::optional<std::vector<store::RecordedFinding>>> ScanOutput::Commit(
    store::SiteStore::Batch& batch) {
  const std::vector<store::SiteStore::PageCommit>& pages = batch.pages;
  std::vector<std::optional<std::vector<store::RecordedFinding>>> out(pages.size());
  // Settled by an earlier batch that failed: not saved as settled, so fetched again.
  auto drop_unwritten = [&] {
    std::erase_if(batch.frontier, [&](const store::FrontierEntry& e) {
      return e.done && unwritten_.count(e.url) > 0;
    });
  };
  if (!unwritten_.empty()) drop_unwritten();
  Result<std::vector<std::vector<store::RecordedFinding>>> all = db_->CommitBatch(batch);
  size_t written = 0;
  if (all.ok()) {
    for (size_t i = 0; i < pages.size(); ++i) out[i] = std::move((*all)[i]);
    written = pages.size();
  } else {
    for (size_t i = 0; i < pages.size(); ++i) {
      const store::SiteStore::PageCommit& p = pages[i];
      Result<std::vector<store::RecordedFinding>> one =
          db_->CommitPage(p.source, p.page, p.findings);
      if (one.ok()) {
        out[i] = std::move(*one);
        ++written;
      } else {
        NoteStoreError(one.status());
        unwritten_.insert(p.source);
      }
    }
    for (const std::string& url : batch.gone) {
      if (Status st = db_->MarkGone(url); !st.ok()) {
        NoteStoreError(st);
        unwritten_.insert(url);
      }
    }
    drop_unwritten();
    if (Status st = db_->SaveFrontier(batch.frontier); !st.ok()) NoteStoreError(st);
  }
  std::lock_guard lock(mu_);
  summary_.committed += written;
  return out;
}

void ScanOutput::Deliver(const std::vector<sc::Finding>& findings,
                         std::span<const sc::ScanStatus> status) {
  {
    std::lock_guard lock(mu_);
    for (const sc::Finding& f : findings) {
      ++summary_.by_category[f.category][static_cast<size_t>(f.severity)];
      ++summary_.findings;
    }
    findings_so_far_ = summary_.findings;
  }
  std::lock_guard lock(sink_mu_);
  sink_->OnPage({findings.front().source, findings, status});
}

void ScanOutput::EmitFixed(std::vector<sc::Finding>& findings) {
  {
    std::lock_guard lock(mu_);
    summary_.fixed += findings.size();
  }
  std::vector<sc::ScanStatus> status(findings.size(), sc::ScanStatus::kFixed);
  std::lock_guard lock(sink_mu_);
  sink_->OnPage({findings.front().source, findings, status});
}

void ScanOutput::NoteStoreError(const Status& st) {
  std::lock_guard lock(mu_);
  if (summary_.store_error.empty()) summary_.store_error = st.message();
}

}  // namespace cuomin::site
