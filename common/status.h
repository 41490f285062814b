// Failures as values at module boundaries: no exception crosses a library boundary.
//
//   Status s = DoThing();
//   if (!s.ok()) std::cerr << s.message();
//
//   Result<Document> r = ReadDocument(...);
//   if (!r.ok()) return r.status();
//   Document& doc = *r;
//
// A failed Status carries a StatusCode so that an edge (the HTTP layer, the command's exit code)
// can map it in one place; the message is for people.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace cuomin {

// What kind of failure: each edge maps these in one table (HTTP 400/404/409/403/503/500).
enum class StatusCode {
  kOk = 0,
  kInvalidInput,      // the caller's input is wrong: a bad file, a bad field, a bad rule
  kNotFound,          // what was asked for does not exist
  kConflict,          // the state changed under the caller (a stale version, a locked database)
  kPermissionDenied,  // the caller may not do this
  kUnavailable,       // a resource is busy or out of reach for now; trying later may work
  kInternal,          // a bug or an I/O failure that the caller cannot fix
};

// "invalid_input", "not_found", ...: stable names for logs and JSON.
const char* StatusCodeName(StatusCode code);

class Status {
 public:
  Status() = default;  // OK
  static Status Ok() { return Status(); }
  // A failure of kind `code` (never kOk).
  static Status Make(StatusCode code, std::string message) {
    assert(code != StatusCode::kOk);
    return Status(code, std::move(message));
  }
  // The general failure of most readers and loaders: the input could not be used.
  static Status Error(std::string message) {
    return Make(StatusCode::kInvalidInput, std::move(message));
  }
  static Status InvalidInput(std::string m) {
    return Make(StatusCode::kInvalidInput, std::move(m));
  }
  static Status NotFound(std::string m) { return Make(StatusCode::kNotFound, std::move(m)); }
  static Status Conflict(std::string m) { return Make(StatusCode::kConflict, std::move(m)); }
  static Status PermissionDenied(std::string m) {
    return Make(StatusCode::kPermissionDenied, std::move(m));
  }
  static Status Unavailable(std::string m) { return Make(StatusCode::kUnavailable, std::move(m)); }
  static Status Internal(std::string m) { return Make(StatusCode::kInternal, std::move(m)); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // A one-line, human-readable reason (Chinese or English), e.g. "a.yml:12: 未知的规则类型 'foo'".
  const std::string& message() const { return message_; }

 private:
  Status(StatusCode code, std::string message) : message_(std::move(message)), code_(code) {}
  std::string message_;
  StatusCode code_ = StatusCode::kOk;
};

inline const char* StatusCodeName(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kInvalidInput:
      return "invalid_input";
    case StatusCode::kNotFound:
      return "not_found";
    case StatusCode::kConflict:
      return "conflict";
    case StatusCode::kPermissionDenied:
      return "permission_denied";
    case StatusCode::kUnavailable:
      return "unavailable";
    case StatusCode::kInternal:
      return "internal";
  }
  return "internal";
}

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
