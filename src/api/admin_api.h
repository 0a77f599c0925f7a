// The Admin API under /api/v1/admin: what the editors' UI does, for other systems,
// behind `Authorization: Bearer TOKEN` (qalam token create) and the same permission
// table. Bodies and answers are JSON; refusals are problem+json, with `errors` naming
// each field at fault. Writes take the version the client last saw ("version" in the
// body, or If-Match) and are refused with 409 when someone saved in between.
//
// Thread-safety: handlers run concurrently.
#pragma once

#include <string>

#include "http/router.h"
#include "newsroom/accounts.h"
#include "newsroom/editorial.h"
#include "newsroom/media_library.h"

namespace qalam::api {

class AdminApi {
 public:
  AdminApi(store::Store& store, newsroom::Accounts& accounts, newsroom::Editorial& editorial,
           newsroom::MediaLibrary& media, std::string base_url);
  void add_routes(http::Router& router);

 private:
  using Handler = http::Response (AdminApi::*)(const http::Request&, const newsroom::Principal&);
  http::Handler authed(Handler handler);

  http::Response me(const http::Request& r, const newsroom::Principal& who);
  http::Response list(const http::Request& r, const newsroom::Principal& who);
  http::Response create(const http::Request& r, const newsroom::Principal& who);
  http::Response get(const http::Request& r, const newsroom::Principal& who);
  http::Response update(const http::Request& r, const newsroom::Principal& who);
  http::Response remove(const http::Request& r, const newsroom::Principal& who);
  http::Response submit(const http::Request& r, const newsroom::Principal& who);
  http::Response schedule(const http::Request& r, const newsroom::Principal& who);
  http::Response publish(const http::Request& r, const newsroom::Principal& who);
  http::Response unpublish(const http::Request& r, const newsroom::Principal& who);
  http::Response revisions(const http::Request& r, const newsroom::Principal& who);
  http::Response upload(const http::Request& r, const newsroom::Principal& who);
  http::Response audit(const http::Request& r, const newsroom::Principal& who);
  http::Response move(const http::Request& r, const newsroom::Principal& who, newsroom::Transition t);

  store::Store& store_;
  newsroom::Accounts& accounts_;
  newsroom::Editorial& editorial_;
  newsroom::MediaLibrary& media_;
  std::string base_url_;
};

}  // namespace qalam::api
