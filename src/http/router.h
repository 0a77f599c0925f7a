// Router: maps a method and a path to a handler. Patterns are literal segments,
// `{name}` (one segment) and a final `{name...}` (the rest of the path); parameters
// reach the handler raw (percent-encoded). When several patterns match, the most
// specific wins, segment by segment (a literal over `{x}` over `{x...}`), whatever
// the order they were added in. HEAD is answered by the GET handler when no
// HEAD route exists; a path known under other methods yields 405 with their list.
//
// Thread-safety: routes are added before the server starts; dispatch() is then read-only.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace qalam::http {

using Handler = std::function<Response(const Request&)>;

// Whether a handler may wait (on the database, the disk, a hash): most may, and the
// server runs them on its work pool. An immediate one answers from memory at once
// (/healthz) and runs on the thread that read the request.
enum class Pace { may_block, immediate };

class Router {
 public:
  // Immediate routes have literal patterns.
  void add(std::string_view method, std::string_view pattern, Handler handler, Pace pace = Pace::may_block);
  // Answers paths no route matches (a themed 404 page); defaults to a plain 404.
  void set_fallback(Handler handler) { fallback_ = std::move(handler); }

  // Every route as added: (method, pattern). The OpenAPI test reads these.
  std::vector<std::pair<std::string, std::string>> routes() const;

  // Finds the handler for the request, filling request.params; answers 404 / 405 itself.
  Response dispatch(Request& request) const;
  // The answer of an immediate route for the request; nullopt when none matches.
  std::optional<Response> dispatch_immediate(Request& request) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;  // "{x}" parameter, "{x...}" rest
    Handler handler;
    Pace pace = Pace::may_block;
  };
  // The best route for the request (params and route filled), or null; `allowed`
  // collects the methods of routes matching the path under other methods.
  const Route* find(Request& request, std::vector<std::string>* allowed) const;
  static bool match(const Route& route, const std::vector<std::string_view>& parts,
                    std::vector<std::pair<std::string, std::string>>& params);

  std::vector<Route> routes_;
  std::vector<const Route*> immediate_;
  Handler fallback_;
};

}  // namespace qalam::http
