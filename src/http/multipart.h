// multipart/form-data (RFC 7578) and application/x-www-form-urlencoded bodies: the
// fields of an HTML form, files included. Parts refer into the request body.
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "http/message.h"

namespace qalam::http {

struct FormField {
  std::string name;
  std::string filename;      // set for file parts
  std::string content_type;  // of a file part, as the client claims it
  std::string value;
};

class Form {
 public:
  std::vector<FormField> fields;
  // The first value of `name`; nullopt when absent.
  std::optional<std::string> get(std::string_view name) const;
  // Every value of `name`, in order.
  std::vector<std::string> all(std::string_view name) const;
  const FormField* file(std::string_view name) const;
};

// Parses the request body by its Content-Type (urlencoded or multipart). A malformed
// body is invalid_argument; another content type too.
Result<Form> parse_form(const Request& request);
Result<Form> parse_urlencoded(std::string_view body);
Result<Form> parse_multipart(std::string_view body, std::string_view boundary);

}  // namespace qalam::http
