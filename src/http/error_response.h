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
Response error_response(const Status& status, const Request& request);

// RFC 9457 problem+json with an `errors` member listing each (field, message): the
// answer to a request whose input fails validation.
struct FieldError {
  std::string field;
  std::string message;
};
Response problem_response(int status, std::string_view detail, const std::vector<FieldError>& errors);

}  // namespace qalam::http
