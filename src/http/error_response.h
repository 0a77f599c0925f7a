// Error answers: a short HTML page, or RFC 9457 application/problem+json when the
// client asks for JSON. Also the one place where a Status code becomes an HTTP status.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "http/message.h"

namespace qalam::http {

int http_status_for(StatusCode code);

Response error_response(int status, std::string_view detail, bool json);
inline Response error_response(int status, std::string_view detail, const Request& request) {
  return error_response(status, detail, request.wants_json());
}
// A failed Status: problem+json listing its field problems when it has them.
Response error_response(const Status& status, const Request& request);
Response error_response(const Status& status, bool json);

// RFC 9457 problem+json with an `errors` member listing each field problem (field,
// code, message, args): the answer to a request whose input fails validation.
Response problem_response(int status, std::string_view detail, const std::vector<FieldProblem>& errors);

}  // namespace qalam::http
