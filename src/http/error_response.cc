#include "http/error_response.h"

#include <boost/json.hpp>

#include "render/mustache/template.h"

namespace qalam::http {

int http_status_for(StatusCode code) {
  switch (code) {
    case StatusCode::ok: return 200;
    case StatusCode::invalid_argument: return 400;
    case StatusCode::not_found: return 404;
    case StatusCode::conflict: return 409;
    case StatusCode::permission_denied: return 403;
    case StatusCode::too_large: return 413;
    case StatusCode::unauthenticated: return 401;
    case StatusCode::rate_limited: return 429;
    case StatusCode::unavailable: return 503;
    case StatusCode::internal: return 500;
  }
  return 500;
}

Response error_response(int status, std::string_view detail, bool json) {
  std::string title(reason_phrase(status));
  Response r;
  r.status = status;
  if (json) {
    boost::json::object problem{{"type", "about:blank"}, {"title", title}, {"status", status}};
    if (!detail.empty()) problem["detail"] = detail;
    r.set_header("Content-Type", "application/problem+json");
    r.body = boost::json::serialize(problem);
  } else {
    r.set_header("Content-Type", "text/html; charset=utf-8");
    std::string& b = r.body;
    b = "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>";
    b += std::to_string(status) + " " + title;
    b += "</title></head>\n<body><main><h1>" + std::to_string(status) + " " + title + "</h1>";
    if (!detail.empty()) {
      b += "<p>";
      render::mustache::append_html_escaped(b, detail);
      b += "</p>";
    }
    b += "</main></body></html>\n";
  }
  r.set_header("Cache-Control", "no-store");
  return r;
}

Response problem_response(int status, std::string_view detail, const std::vector<FieldProblem>& errors) {
  Response r = error_response(status, detail, true);
  boost::json::object problem = boost::json::parse(r.body).as_object();
  boost::json::array list;
  for (const auto& e : errors) {
    boost::json::object item{{"field", e.field}, {"code", e.code}, {"message", e.message}};
    if (!e.args.empty()) {
      boost::json::object args;
      for (const auto& [name, value] : e.args) args[name] = value;
      item["args"] = std::move(args);
    }
    list.push_back(std::move(item));
  }
  problem["errors"] = std::move(list);
  r.body = boost::json::serialize(problem);
  return r;
}

Response error_response(const Status& status, bool json) {
  int code = http_status_for(status.code());
  if (json && !status.problems().empty()) return problem_response(code, status.message(), status.problems());
  // Internal details stay in the log, not in the answer; unavailable is for now.
  Response r = error_response(code, code >= 500 ? std::string_view{} : std::string_view(status.message()), json);
  if (code == 503) r.set_header("Retry-After", "5");
  return r;
}

Response error_response(const Status& status, const Request& request) {
  return error_response(status, request.wants_json());
}

}  // namespace qalam::http
