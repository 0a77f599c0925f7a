// Router: maps a method and a path to a handler. Patterns are literal segments,
// `{name}` (one segment) and a final `{name...}` (the rest of the path); parameters
// reach the handler raw (percent-encoded). When several patterns match, the most
// specific wins, segment by segment (a literal over `{x}` over `{x...}`), whatever
// the order they were added in. HEAD is answered by the GET handler when no
// HEAD route exists; a path known under other methods yields 405 with their list.
//
// Thread-safety: routes are added before the server starts; route() is then read-only.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace qalam::http {

using Handler = std::function<Response(const Request&)>;

class Router {
 public:
  void add(std::string_view method, std::string_view pattern, Handler handler);
  // Answers paths no route matches (a themed 404 page); defaults to a plain 404.
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }

  // Every route as added: (method, pattern). The OpenAPI test reads these.
  std::vector<std::pair<std::string, std::string>> routes() const;

  // Finds the handler for the request, filling request.params; answers 404 / 405 itself.
  Response dispatch(Request& request) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // "{x}" parameter, "{x...}" rest
    Handler handler;
  };
  static bool match(const Route& route, const std::vector<std::string_view>& parts,
                    std::vector<std::pair<std::string, std::string>>& params);

  std::vector<Route> routes_;
  Handler fallback_;
};

}  // namespace qalam::http
