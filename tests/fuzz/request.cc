// Fuzz target: what Qalam reads of a request once the HTTP parser has split it — the
// target routed (patterns like the site's), query parameters, cookies, Accept and
// Accept-Encoding, dates of conditional requests, client addresses through proxies.
// Input: the request-target on the first line, then "Name: value" header lines.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/client_address.h"
#include "http/compression.h"
#include "http/message.h"
#include "http/router.h"
#include "http/static_files.h"

namespace {

const qalam::http::Router& router() {
  using namespace qalam::http;
  static Router r = [] {
    Router made;
    auto ok = [](const Request&) { return Response::content(200, "text/plain", "ok"); };
    for (const char* pattern : {"/", "/{lang}/", "/{lang}/articles/{slug}", "/{lang}/authors/{slug}",
                                "/{lang}/sections/{slug}", "/{lang}/tags/{slug}/feed.xml", "/{lang}/search",
                                "/assets/{path...}", "/media/{name}", "/api/v1/admin/articles/{id}/publish",
                                "/newsroom/pieces/{id}", "/newsroom/pieces/new"}) {
      made.add("GET", pattern, ok);
      made.add("POST", pattern, ok);
    }
    return made;
  }();
  return r;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace qalam::http;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Request r;
  r.method = size % 2 ? "GET" : "POST";
  size_t eol = text.find('\n');
  r.target = std::string(text.substr(0, eol));
  size_t q = r.target.find('?');
  r.path = r.target.substr(0, q);
  if (q != std::string::npos) r.query = r.target.substr(q + 1);
  std::string_view rest = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
  while (!rest.empty()) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      r.headers.push_back({std::string(line.substr(0, colon)), std::string(line.substr(colon + 1))});
    }
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
  }
  Response answer = router().dispatch(r);
  if (answer.status < 100 || answer.status > 599) std::abort();
  for (const char* name : {"q", "page", "lang", "utm_source", ""}) {
    (void)r.query_param(name);
    (void)r.has_query_param(name);
    (void)r.query_without(name);
  }
  (void)r.cookie("qalam_session");
  (void)r.wants_json();
  (void)choose_encoding(r.header("Accept-Encoding"));
  (void)parse_http_date(r.header("If-Modified-Since"));
  (void)normalize_address(r.header("X-Forwarded-For"));
  return 0;
}
