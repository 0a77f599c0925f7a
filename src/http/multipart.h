// multipart/form-data (RFC 7578) and application/x-www-form-urlencoded bodies: the
// fields of an HTML form, files included. Parts refer into the request body.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
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

// How much of a form is read at all: pages for anyone (sign-in) take little, so a
// flood of huge bodies costs nothing before it is refused.
struct FormLimits {
  size_t max_bytes = SIZE_MAX;
  size_t max_fields = 10'000;
};

// Parses the request body by its Content-Type (urlencoded or multipart). A malformed
// body is invalid_argument; another content type too; a body past `limits` is
// too_large, refused before it is parsed.
Result<Form> parse_form(const Request& request, const FormLimits& limits = {});
Result<Form> parse_urlencoded(std::string_view body, size_t max_fields = 10'000);
Result<Form> parse_multipart(std::string_view body, std::string_view boundary, size_t max_fields = 10'000);

}  // namespace qalam::http
