// SecurityHeaders: what every answer carries unless its handler chose stricter ones
// (the newsroom sets its own). nosniff everywhere (media and assets included), a
// Referrer-Policy that keeps paths and queries on the site, framing by the site only,
// and a Content-Security-Policy for the public pages: a theme runs no script unless it
// opts in (theme.json "script-src"), styles and fonts come from the site, images from
// the site or any https/http address (imported and remote pictures).
//
// Thread-safety: immutable; apply() from any thread.
#pragma once

#include <string>
#include <string_view>

#include "http/message.h"

namespace qalam::http {

class SecurityHeaders {
 public:
  // `script_src`: the CSP source list for scripts, "'none'" for a theme without any.
  explicit SecurityHeaders(std::string_view script_src = "'none'");

  // Sets each header the response does not have yet.
  void apply(Response& response) const;
  const std::string& content_security_policy() const { return csp_; }

 private:
  std::string csp_;
};

}  // namespace qalam::http
