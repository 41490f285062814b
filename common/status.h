// Failures as values at module boundaries: no exception crosses a library boundary.
//
//   Status s = DoThing();
//   if (!s.ok()) std::cerr << s.message();
//
//   Result<Document> r = ReadDocument(...);
//   if (!r.ok()) return r.status();
//   Document& doc = *r;
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace cuomin {

class Status {
 public:
  Status() = default;  // OK
  static Status Ok() { return Status(); }
  static Status Error(std::string message) { return Status(std::move(message), true); }

  bool ok() const { return !failed_; }
  // A one-line, human-readable reason (Chinese or English), e.g. "a.yml:12: 未知的规则类型 'foo'".
  const std::string& message() const { return message_; }

 private:
  Status(std::string message, bool failed) : message_(std::move(message)), failed_(failed) {}
  std::string message_;
  bool failed_ = false;
};

// A value or the Status saying why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok());
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() { return *value_; }
  const T& value() const { return *value_; }
  T& operator*() { return *value_; }
  const T& operator*() const { return *value_; }
  T* operator->() { return &*value_; }
  const T* operator->() const { return &*value_; }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace cuomin
