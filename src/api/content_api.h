// The Content API: read-only JSON of what readers may see (published articles,
// authors, sections, tags, Foreign press, projects and their missions), with filters,
// cursor pagination and language selection. Public, or behind a content key when the
// site sets one ([api] content_key), given as ?key= or the X-Qalam-Key header.
//
// Thread-safety: handlers run concurrently; ContentApi holds no mutable state.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>

#include "http/router.h"
#include "store/store.h"

namespace qalam::api {

struct ContentApiOptions {
  std::string base_url;     // for absolute links to the public pages
  std::string content_key;  // empty: public
  int max_limit = 100;
};

class ContentApi {
 public:
  ContentApi(store::Store& store, ContentApiOptions options);
  void add_routes(http::Router& router);

 private:
  // Wraps a handler with the key check and JSON error answers.
  http::Handler guarded(http::Response (ContentApi::*handler)(const http::Request&) const);

  http::Response articles(const http::Request& r) const;
  http::Response article(const http::Request& r) const;
  http::Response authors(const http::Request& r) const;
  http::Response author(const http::Request& r) const;
  http::Response sections(const http::Request& r) const;
  http::Response tags(const http::Request& r) const;
  http::Response press_items(const http::Request& r) const;
  http::Response projects(const http::Request& r) const;
  http::Response project(const http::Request& r) const;
  http::Response missions(const http::Request& r) const;
  http::Response openapi(const http::Request& r) const;
  // Titles for a search-as-you-type box (the search page works without it).
  http::Response search(const http::Request& r) const;
  http::Response suggest(const http::Request& r) const;

  store::Store& store_;
  ContentApiOptions options_;
};

// JSON with the API's headers.
http::Response json_response(int status, const boost::json::value& body);
// The ?limit= of a list: default 20, 1..max; nullopt when malformed.
std::optional<int> list_limit(const http::Request& r, int max);

}  // namespace qalam::api
