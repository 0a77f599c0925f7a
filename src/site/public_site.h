// PublicSite: the pages readers see, read from the Store and rendered through the
// theme. Registers its routes on a Router; a page that cannot be built answers with
// the theme's error page, never a crash.
//
// Thread-safety: handlers run concurrently; PublicSite holds no mutable state.
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "http/router.h"
#include "site/theme.h"
#include "store/store.h"

namespace qalam::site {

struct SiteOptions {
  std::string base_url;  // "https://example.org", no trailing slash
};

class PublicSite {
 public:
  PublicSite(const Theme& theme, store::Store& store, SiteOptions options);

  void add_routes(http::Router& router);

  http::Response home(const http::Request& request) const;
  http::Response error_page(const http::Request& request, int status, std::string_view detail) const;

 private:
  // Renders `page` inside the layout with the site-wide fields added to `view`.
  http::Response render(const http::Request& request, int status, std::string_view page,
                        boost::json::object view) const;
  boost::json::object site_fields() const;

  const Theme& theme_;
  store::Store& store_;
  SiteOptions options_;
};

}  // namespace qalam::site
