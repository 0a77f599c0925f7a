#include "core/status.h"

namespace qalam {

std::string_view status_code_name(StatusCode code) {
  switch (code) {
    case StatusCode::ok: return "ok";
    case StatusCode::invalid_argument: return "invalid_argument";
    case StatusCode::not_found: return "not_found";
    case StatusCode::conflict: return "conflict";
    case StatusCode::permission_denied: return "permission_denied";
    case StatusCode::too_large: return "too_large";
    case StatusCode::unauthenticated: return "unauthenticated";
    case StatusCode::rate_limited: return "rate_limited";
    case StatusCode::unavailable: return "unavailable";
    case StatusCode::internal: return "internal";
  }
  return "unknown";
}

const std::string& Status::message() const {
  static const std::string empty;
  return state_ ? state_->message : empty;
}

const std::vector<FieldProblem>& Status::problems() const {
  static const std::vector<FieldProblem> none;
  return state_ ? state_->problems : none;
}

Status Status::invalid_fields(std::vector<FieldProblem> problems) {
  std::string message;
  for (const FieldProblem& p : problems) {
    if (!message.empty()) message += "; ";
    message += p.field + ": " + p.message;
  }
  return {StatusCode::invalid_argument, std::move(message), std::move(problems)};
}

Status Status::conflict_on(FieldProblem problem) {
  std::string message = problem.field + ": " + problem.message;
  return {StatusCode::conflict, std::move(message), {std::move(problem)}};
}

std::string Status::to_string() const {
  if (ok()) return "ok";
  return std::string(status_code_name(code())) + ": " + state_->message;
}

Status Status::with_context(std::string_view context) const {
  if (ok()) return *this;
  return Status(state_->code, std::string(context) + ": " + state_->message, state_->problems);
}

}  // namespace qalam
