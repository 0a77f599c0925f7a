// ResponseCache: public pages, feeds and sitemaps kept in memory after their first
// render. An entry holds the identity body and precomputed gzip and brotli bodies
// (chosen by Accept-Encoding, with Vary), a strong ETag and Last-Modified, and
// answers If-None-Match / If-Modified-Since with 304.
//
// Invalidation is by what a response shows: handlers list its keys
// (Response::cache_keys, "article:12", "articles:en:author:3" …); a change evicts
// every entry showing any key it names, synchronously, before the change is
// acknowledged. A render that started before an eviction is not stored (it may hold
// the old state). Memory is bounded; least recently used entries go first.
// Requests of signed-in newsroom users (a session cookie) and responses that set
// cookies are never cached. Only responses a handler marks cacheable are.
//
// Thread-safety: all methods may be called concurrently (one mutex around the index;
// bodies are shared, never copied, while serving).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "http/message.h"

namespace qalam::http {

struct CacheOptions {
  bool enabled = true;
  size_t max_bytes = 64 * 1024 * 1024;
  std::chrono::seconds shared_max_age{60};          // s-maxage for proxies and CDNs
  std::chrono::seconds stale_while_revalidate{30};
  std::string bypass_cookie = "qalam_session";      // names a signed-in user's session …
  // … which this confirms (null: the cookie's presence is enough). An invalid cookie
  // is an anonymous reader: it gets the cached page.
  std::function<bool(std::string_view session)> session_valid;
  // The query parameters that change a cached page; the others (utm_source, random
  // cache busters) are left out of the key, so they neither miss nor push real pages
  // out. A page whose handler read another parameter, or copied the query into its
  // links while it held another, is served but not kept. Empty: every parameter.
  std::vector<std::string> key_params;
};

struct CacheStats {
  uint64_t hits = 0;
  uint64_t misses = 0;
  uint64_t not_modified = 0;       // hits answered 304
  uint64_t evictions = 0;          // entries removed because something they show changed
  uint64_t lru_evictions = 0;      // entries removed to stay within max_bytes
  uint64_t bypasses = 0;           // requests served around the cache
  uint64_t entries = 0;
  uint64_t bytes = 0;              // bodies of every encoding, and keys
};

class ResponseCache {
 public:
  using Render = std::function<Response(Request&)>;
  ResponseCache(CacheOptions options, const Clock& clock);

  // The response for `request`: from memory, or rendered (and kept when cacheable).
  Response serve(Request& request, const Render& render);
  // The response from memory when there is one, fresh, for this request; nothing is
  // rendered (the server asks this on its I/O threads before going to the work pool).
  std::optional<Response> lookup(Request& request);

  // Evicts every response that shows any of `keys`; returns how many went. Then
  // tells the eviction listener (a purge webhook) which keys changed.
  size_t evict(const std::vector<std::string>& keys);
  // Everything (another process changed the database).
  void clear();
  CacheStats stats() const;
  const CacheOptions& options() const { return options_; }

  // Hears the keys of every eviction (outside the cache's lock).
  void set_eviction_listener(std::function<void(const std::vector<std::string>&)> listener);

 private:
  struct Entry {
    std::string address;  // normalised path and query
    std::string route;    // the pattern that rendered it (metrics)
    int status = 200;
    std::vector<Header> headers;  // the handler's, plus ETag, Last-Modified, caching headers
    std::shared_ptr<const std::string> identity, gzip, brotli;
    std::string etag;
    TimePoint modified{};
    TimePoint expires{};  // epoch: never
    std::vector<std::string> keys;
    size_t bytes = 0;
    std::function<void(const Request&)> on_sent;
  };
  using Lru = std::list<Entry>;

  std::string address_of(const Request& request) const;
  // The fresh entry at `address`, as an answer to `request` (a hit), or nothing.
  std::optional<Response> find(Request& request, const std::string& address);
  bool signed_in(const Request& request) const;
  // Whether the rendered page varies only on parameters of the key.
  bool keyed_fully(const Request& request) const;
  Entry build(const std::string& address, const Response& rendered) const;
  // `hit`: from memory (X-Cache: hit) rather than just rendered.
  Response answer(const Request& request, const Entry& entry, bool hit);
  void decorate(Response& r, const std::vector<std::string>& keys) const;
  void remove_locked(Lru::iterator it);

  CacheOptions options_;
  const Clock& clock_;
  mutable std::mutex mutex_;
  Lru lru_;  // most recently used first
  std::unordered_map<std::string, Lru::iterator> index_;                       // address → entry
  std::unordered_map<std::string, std::unordered_set<std::string>> by_key_;  // shown key → addresses
  uint64_t generation_ = 0;  // bumped by every eviction
  CacheStats stats_;
  std::function<void(const std::vector<std::string>&)> listener_;
};

}  // namespace qalam::http
