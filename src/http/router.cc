#include "http/router.h"

#include <algorithm>
#include <stdexcept>

#include "http/error_response.h"

namespace qalam::http {
namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> parts;
  if (path.starts_with('/')) path.remove_prefix(1);
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    parts.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return parts;
}

}  // namespace

void Router::add(std::string_view method, std::string_view pattern, Handler handler, Pace pace) {
  Route r{std::string(method), std::string(pattern), {}, std::move(handler), pace};
  for (std::string_view s : split_path(pattern)) r.segments.emplace_back(s);
  if (pace == Pace::immediate && pattern.find('{') != std::string_view::npos) {
    throw std::logic_error("an immediate route has a literal pattern: " + r.pattern);
  }
  routes_.push_back(std::move(r));
  immediate_.clear();
  for (const Route& route : routes_) {
    if (route.pace == Pace::immediate) immediate_.push_back(&route);
  }
}

std::vector<std::pair<std::string, std::string>> Router::routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Route& r : routes_) out.emplace_back(r.method, r.pattern);
  return out;
}

bool Router::match(const Route& route, const std::vector<std::string_view>& parts,
                   std::vector<std::pair<std::string, std::string>>& params) {
  params.clear();
  for (size_t i = 0; i < route.segments.size(); ++i) {
    const std::string& seg = route.segments[i];
    bool is_param = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
    if (is_param && seg.ends_with("...}")) {
      if (i >= parts.size()) return false;
      std::string rest;
      for (size_t j = i; j < parts.size(); ++j) {
        if (j > i) rest += '/';
        rest += parts[j];
      }
      if (rest.empty()) return false;
      params.emplace_back(seg.substr(1, seg.size() - 5), std::move(rest));
      return true;
    }
    if (i >= parts.size()) return false;
    if (is_param) {
      if (parts[i].empty()) return false;
      params.emplace_back(seg.substr(1, seg.size() - 2), std::string(parts[i]));
    } else if (seg != parts[i]) {
      return false;
    }
  }
  return route.segments.size() == parts.size();
}

namespace {

// How specific a route is, segment by segment: a literal beats a parameter, which
// beats the rest-of-path parameter. Compared lexicographically.
std::vector<int> specificity(const std::vector<std::string>& segments) {
  std::vector<int> rank;
  rank.reserve(segments.size());
  for (const std::string& seg : segments) {
    bool is_param = seg.size() > 2 && seg.front() == '{' && seg.back() == '}';
    rank.push_back(!is_param ? 2 : seg.ends_with("...}") ? 0 : 1);
  }
  return rank;
}

}  // namespace

const Router::Route* Router::find(Request& request, std::vector<std::string>* allowed) const {
  auto parts = split_path(request.path);
  std::vector<std::pair<std::string, std::string>> params, best_params, get_params;
  const Route* best = nullptr;
  const Route* get_route = nullptr;
  std::vector<int> best_rank, get_rank;
  for (const Route& r : routes_) {
    if (!match(r, parts, params)) continue;
    if (r.method == request.method) {
      std::vector<int> rank = specificity(r.segments);
      if (best == nullptr || rank > best_rank) {
        best = &r;
        best_rank = std::move(rank);
        best_params = params;
      }
      continue;
    }
    if (r.method == "GET" && request.method == "HEAD") {
      std::vector<int> rank = specificity(r.segments);
      if (get_route == nullptr || rank > get_rank) {
        get_route = &r;
        get_rank = std::move(rank);
        get_params = params;
      }
    }
    if (allowed && std::find(allowed->begin(), allowed->end(), r.method) == allowed->end()) allowed->push_back(r.method);
  }
  if (best == nullptr && get_route != nullptr) {
    best = get_route;
    best_params = std::move(get_params);
  }
  if (best != nullptr) {
    request.params = std::move(best_params);
    request.route = best->pattern;
  }
  return best;
}

std::optional<Response> Router::dispatch_immediate(Request& request) const {
  // Only the literal routes are looked at: they are few, and the lookup stays cheap
  // for the many requests that go on to the work pool.
  for (const Route* r : immediate_) {
    if (r->pattern == request.path && (r->method == request.method || (r->method == "GET" && request.method == "HEAD"))) {
      request.params.clear();
      request.route = r->pattern;
      return r->handler(request);
    }
  }
  return std::nullopt;
}

Response Router::dispatch(Request& request) const {
  std::vector<std::string> allowed;
  if (const Route* route = find(request, &allowed)) return route->handler(request);
  if (!allowed.empty()) {
    if (std::find(allowed.begin(), allowed.end(), "GET") != allowed.end() &&
        std::find(allowed.begin(), allowed.end(), "HEAD") == allowed.end()) {
      allowed.push_back("HEAD");
    }
    std::string allow;
    for (const auto& m : allowed) allow += (allow.empty() ? "" : ", ") + m;
    Response r = error_response(405, request.method + " is not allowed here; use " + allow, request);
    r.set_header("Allow", allow);
    return r;
  }
  if (fallback_) return fallback_(request);
  return error_response(404, "No page at " + request.path, request);
}

}  // namespace qalam::http
