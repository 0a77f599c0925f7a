#include "http/security_headers.h"

namespace qalam::http {

SecurityHeaders::SecurityHeaders(std::string_view script_src)
    : csp_("default-src 'self'; script-src " + std::string(script_src) +
           "; style-src 'self'; img-src 'self' https: http: data:; font-src 'self'; connect-src 'self';"
           " media-src 'self' https:; object-src 'none'; base-uri 'self'; form-action 'self';"
           " frame-ancestors 'self'") {}

void SecurityHeaders::apply(Response& r) const {
  if (r.header("X-Content-Type-Options").empty()) r.set_header("X-Content-Type-Options", "nosniff");
  if (r.header("Referrer-Policy").empty()) r.set_header("Referrer-Policy", "strict-origin-when-cross-origin");
  if (r.header("Content-Security-Policy").empty()) r.set_header("Content-Security-Policy", csp_);
  if (r.header("X-Frame-Options").empty()) r.set_header("X-Frame-Options", "SAMEORIGIN");
}

}  // namespace qalam::http
