// Status and Result<T>: the one error channel of Qalam.
//
// A Status is cheap on success (no allocation) and carries a code and a message on
// failure, and, when the caller's input is at fault, the fields at fault: each a
// FieldProblem with a stable code and its message's arguments, so the editors' UI
// says it in the desk's language beside the field and the API lists it in
// problem+json — nobody parses the message text. Callers pass it up; library exceptions are caught at the adapter that calls
// the library and turned into a Status, so nothing is thrown across layers. A Status
// becomes an HTTP status in exactly one place (src/http/error_response.cc).
//
// Thread-safety: values; safe to copy and move between threads.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace qalam {

// One thing wrong with one field of the input. `code` is stable and short
// ("required", "taken", "not_found", "too_long", "invalid", "stale", …): interfaces
// look up their own text by it (newsroom locales: "problem_<code>") and fill in
// `args` by name ({limit}, {value}); `message` is the English text, for the API,
// the CLI and logs.
struct FieldProblem {
  std::string field;
  std::string code;
  std::string message;
  std::vector<std::pair<std::string, std::string>> args = {};

  bool operator==(const FieldProblem&) const = default;
};

enum class StatusCode {
  ok = 0,
  invalid_argument,   // the caller's input is wrong: 400 / CLI exit 2
  not_found,          // 404
  conflict,           // the state changed under the caller: 409
  permission_denied,  // 403
  too_large,          // 413
  unauthenticated,    // no valid session or token: 401
  rate_limited,       // too many attempts; try later: 429
  unavailable,        // a dependency does not answer right now: 503
  internal,           // a bug or an unexpected library failure: 500
};

std::string_view status_code_name(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;

  static Status ok_status() { return {}; }
  static Status invalid(std::string message) { return {StatusCode::invalid_argument, std::move(message)}; }
  static Status invalid(std::string message, std::vector<FieldProblem> problems) {
    return {StatusCode::invalid_argument, std::move(message), std::move(problems)};
  }
  static Status not_found(std::string message) { return {StatusCode::not_found, std::move(message)}; }
  static Status conflict(std::string message) { return {StatusCode::conflict, std::move(message)}; }
  static Status permission_denied(std::string message) {
    return {StatusCode::permission_denied, std::move(message)};
  }
  static Status too_large(std::string message) { return {StatusCode::too_large, std::move(message)}; }
  static Status unauthenticated(std::string message) { return {StatusCode::unauthenticated, std::move(message)}; }
  static Status rate_limited(std::string message) { return {StatusCode::rate_limited, std::move(message)}; }
  static Status unavailable(std::string message) { return {StatusCode::unavailable, std::move(message)}; }
  static Status internal(std::string message) { return {StatusCode::internal, std::move(message)}; }
  // Input refused for the fields named; the message sums them up.
  static Status invalid_fields(std::vector<FieldProblem> problems);
  // A clash with what is stored (a slug taken, a stale version), on one field.
  static Status conflict_on(FieldProblem problem);

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::ok; }
  const std::string& message() const;
  // The fields at fault (empty for most failures).
  const std::vector<FieldProblem>& problems() const;
  // "not_found: no such article" — for logs.
  std::string to_string() const;

  // Returns a copy whose message is prefixed with `context: `.
  Status with_context(std::string_view context) const;

 private:
  struct State {
    StatusCode code;
    std::string message;
    std::vector<FieldProblem> problems;
  };
  Status(StatusCode code, std::string message, std::vector<FieldProblem> problems = {})
      : state_(std::make_shared<const State>(State{code, std::move(message), std::move(problems)})) {}
  std::shared_ptr<const State> state_;
};

// Either a value or a failed Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status success;
    return ok() ? success : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace qalam

// Propagates a failed Status out of the enclosing function.
#define QALAM_RETURN_IF_ERROR(expr)                 \
  do {                                              \
    ::qalam::Status qalam_status_ = (expr);         \
    if (!qalam_status_.ok()) return qalam_status_;  \
  } while (0)
