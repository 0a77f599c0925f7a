// Request and Response: the project's own HTTP message types. Everything above
// src/http sees these, never Boost.Beast types, so handlers compile without Beast.
//
// Thread-safety: plain values; a Request is read-only once it reaches a handler.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/text.h"

namespace qalam::http {

struct Header {
  std::string name;
  std::string value;
};

// Case-insensitive ASCII comparison for header names and tokens.
bool iequals(std::string_view a, std::string_view b);

class Request {
 public:
  std::string method;  // "GET", "HEAD", "POST" …
  std::string target;  // the raw request-target
  std::string path;    // target before '?', still percent-encoded
  std::string query;   // after '?', without it
  std::vector<Header> headers;
  std::string body;
  std::string remote_address;  // the client: the TCP peer, or whom a trusted proxy names (client_address.h)
  std::string peer_address;    // the TCP peer
  std::vector<std::pair<std::string, std::string>> params;  // from the route pattern, raw
  std::string route;  // the pattern that answered ("/{lang}/articles/{slug}"); empty: none
  // What the handler read of the query: the response cache keeps a page only when it
  // varies on parameters of its key (ResponseCache, CacheOptions::key_params).
  mutable std::vector<std::string> query_names_read;
  mutable bool query_echoed = false;  // query_without() copied the whole query into the answer

  std::string_view header(std::string_view name) const;
  std::string_view param(std::string_view name) const;
  // The first value of `name` in the query string, decoded ('+' is a space); nullopt
  // when absent or malformed.
  std::optional<std::string> query_param(std::string_view name) const;
  // Whether the query string names `name` at all (even with a malformed value).
  bool has_query_param(std::string_view name) const;
  // True when the client prefers JSON answers (Accept names a JSON type, or an API path).
  bool wants_json() const;
  // The query string, still encoded, without any `name` parameter: the base of a
  // paginated list's links ("q=a%26b&lang=en" without "page").
  std::string query_without(std::string_view name) const;
  // The value of cookie `name` from the Cookie header(s); nullopt when absent.
  std::optional<std::string> cookie(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::vector<Header> headers;
  std::string body;
  // A body shared with the response cache, sent instead of `body` when set (no copy
  // per request).
  std::shared_ptr<const std::string> shared_body;
  std::string_view payload() const { return shared_body ? std::string_view(*shared_body) : std::string_view(body); }

  // For the response cache (public pages only): whether every reader gets these same
  // bytes, what the page shows ("article:12", "articles:en:author:3" …; also sent as
  // Surrogate-Key), and how long it may be kept when something it shows cannot
  // announce its changes (0: until evicted).
  bool cacheable = false;
  std::vector<std::string> cache_keys;
  std::chrono::seconds cache_ttl{0};
  // Run by the server each time this response, or a cached copy of it, is written
  // whole to its client (counting an article's reads also when the page comes from
  // the cache); not when the write failed.
  std::function<void(const Request&)> on_sent;

  void set_header(std::string_view name, std::string value);
  // Adds a header even when one of that name exists (Set-Cookie).
  void add_header(std::string name, std::string value) { headers.push_back({std::move(name), std::move(value)}); }
  std::string_view header(std::string_view name) const;

  static Response content(int status, std::string content_type, std::string body);
  static Response redirect(int status, std::string location);
};

// The status line and headers of `response` as sent on the wire, ending in the blank
// line: adds Server, Content-Length (unless the status has no body) and Connection.
// Headers whose name or value holds CR, LF or NUL are dropped (no response splitting).
std::string serialize_head(const Response& response, bool keep_alive, bool http10);

// Decodes %XX escapes (core/text.h).
using qalam::percent_decode;

// RFC 9110 reason phrase ("Not Found").
std::string_view reason_phrase(int status);

// A header value without the optional whitespace (spaces, tabs) around it (RFC 9110).
inline std::string_view trim_ows(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace qalam::http
