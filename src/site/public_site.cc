#include "site/public_site.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "http/error_response.h"

namespace qalam::site {
namespace json = boost::json;

PublicSite::PublicSite(const Theme& theme, store::Store& store, SiteOptions options)
    : theme_(theme), store_(store), options_(std::move(options)) {}

void PublicSite::add_routes(http::Router& router) {
  router.add("GET", "/", [this](const http::Request& r) { return home(r); });
  router.set_fallback([this](const http::Request& r) {
    return error_page(r, 404, "There is no page at this address.");
  });
}

json::object PublicSite::site_fields() const {
  json::object site{{"url", options_.base_url}, {"title", "Qalam"}, {"tagline", ""}};
  auto settings = store_.settings().all();
  if (settings.ok()) {
    for (const char* key : {"title", "tagline"}) {
      auto it = settings->find(std::string("site.") + key);
      if (it != settings->end()) site[key] = it->second;
    }
  }
  return site;
}

http::Response PublicSite::home(const http::Request& request) const {
  json::object view{{"page", json::object{{"is_home", true}}}};
  return render(request, 200, "home", std::move(view));
}

http::Response PublicSite::error_page(const http::Request& request, int status,
                                      std::string_view detail) const {
  if (request.wants_json()) return http::error_response(status, detail, true);
  json::object view{{"error", json::object{{"status", status},
                                           {"title", http::reason_phrase(status)},
                                           {"detail", detail}}}};
  http::Response r = render(request, status, "error", std::move(view));
  r.set_header("Cache-Control", "no-store");
  return r;
}

http::Response PublicSite::render(const http::Request& request, int status, std::string_view page,
                                  json::object view) const {
  view["site"] = site_fields();
  view["lang"] = "en";
  std::string body;
  Status s = theme_.templates.render_to(page, view, body);
  if (!s.ok()) {
    spdlog::error("rendering {} for {} failed: {}", page, request.target, s.to_string());
    return http::error_response(500, "", request);
  }
  http::Response r = http::Response::content(status, "text/html; charset=utf-8", std::move(body));
  return r;
}

}  // namespace qalam::site
