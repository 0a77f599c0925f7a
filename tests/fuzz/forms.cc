// Fuzz target: HTML form bodies, urlencoded and multipart (http/multipart.h). The
// first byte chooses the kind; a multipart body uses the boundary "qalamfuzz". Every
// field a parse returns must lie within the body's limits.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "http/multipart.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace qalam::http;
  if (size == 0) return 0;
  const bool multipart = data[0] & 1;
  std::string body(reinterpret_cast<const char*>(data) + 1, size - 1);
  Request r;
  r.method = "POST";
  r.headers.push_back({"Content-Type", multipart ? "multipart/form-data; boundary=qalamfuzz"
                                                  : "application/x-www-form-urlencoded"});
  r.body = body;
  FormLimits limits{16 * 1024, 100};
  auto form = parse_form(r, limits);
  if (form.ok()) {
    if (form->fields.size() > limits.max_fields) std::abort();
    for (const auto& f : form->fields) {
      if (f.value.size() > body.size()) std::abort();
      (void)form->get(f.name);
    }
  }
  (void)parse_urlencoded(body, 1000);
  (void)parse_multipart(body, "qalamfuzz", 1000);
  return 0;
}
