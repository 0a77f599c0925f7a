#include "http/response_cache.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>

#include "core/time_format.h"
#include "http/compression.h"

namespace qalam::http {
namespace {

// FNV-1a, 64 bits: the strong ETag of an identity body.
uint64_t fingerprint(std::string_view data) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

bool compressible(std::string_view content_type) {
  return content_type.starts_with("text/") || content_type.find("xml") != std::string_view::npos ||
         content_type.find("json") != std::string_view::npos;
}

// A page the cache does not keep (search results, an editor's view, one too large)
// still goes out compressed when the client takes it: brotli at quality 5 or gzip at
// level 6, one pass of about a millisecond for a 50 KB page.
void compress_uncached(const Request& request, Response& r) {
  if (request.method != "GET" || r.shared_body || r.body.size() < 1024 || !r.header("Content-Encoding").empty() ||
      !compressible(r.header("Content-Type"))) {
    return;
  }
  Encoding encoding = choose_encoding(request.header("Accept-Encoding"));
  if (encoding == Encoding::identity) return;
  std::string packed = encoding == Encoding::brotli ? brotli_compress(r.body, 5) : gzip_compress(r.body);
  if (packed.empty()) return;
  r.body = std::move(packed);
  r.set_header("Content-Encoding", encoding == Encoding::brotli ? "br" : "gzip");
  std::string vary(r.header("Vary"));
  r.set_header("Vary", vary.empty() ? "Accept-Encoding" : vary + ", Accept-Encoding");
}

// "Sat, 28 Nov 2026 10:00:00 GMT" and back (IMF-fixdate only, as RFC 9110 asks of senders).
std::string http_date(TimePoint t) { return fmt::format("{:%a, %d %b %Y %H:%M:%S} GMT", std::chrono::floor<std::chrono::seconds>(t)); }

std::optional<TimePoint> parse_http_date(std::string_view text) {
  static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  if (text.size() != 29 || text.substr(25) != " GMT") return std::nullopt;
  int month = 0;
  for (int i = 0; i < 12; ++i) {
    if (text.substr(8, 3) == months[i]) month = i + 1;
  }
  if (month == 0) return std::nullopt;
  std::string iso = fmt::format("{}-{:02d}-{}T{}Z", text.substr(12, 4), month, text.substr(5, 2), text.substr(17, 8));
  auto t = parse_timestamp(iso);
  if (!t.ok()) return std::nullopt;
  return *t;
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match == "*") return true;
  while (!if_none_match.empty()) {
    size_t comma = if_none_match.find(',');
    std::string_view tag = if_none_match.substr(0, comma);
    if_none_match = comma == std::string_view::npos ? std::string_view{} : if_none_match.substr(comma + 1);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.starts_with("W/")) tag.remove_prefix(2);  // weak comparison, as If-None-Match uses
    if (tag == etag) return true;
  }
  return false;
}

}  // namespace

ResponseCache::ResponseCache(CacheOptions options, const Clock& clock) : options_(std::move(options)), clock_(clock) {}

void ResponseCache::set_eviction_listener(std::function<void(const std::vector<std::string>&)> listener) {
  std::lock_guard lock(mutex_);
  listener_ = std::move(listener);
}

// The path and the query with its parameters in order: "?b=2&a=1" and "?a=1&b=2" are
// one page.
namespace {

bool listed(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

bool ResponseCache::signed_in(const Request& request) const {
  auto cookie = request.cookie(options_.bypass_cookie);
  if (!cookie) return false;
  return !options_.session_valid || options_.session_valid(*cookie);
}

bool ResponseCache::keyed_fully(const Request& request) const {
  if (options_.key_params.empty()) return true;
  for (const auto& name : request.query_names_read) {
    if (!listed(options_.key_params, name)) return false;
  }
  if (!request.query_echoed) return true;
  // Links copied from the query: only when it holds nothing outside the key.
  std::string_view q = request.query;
  while (!q.empty()) {
    size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    if (!pair.empty() && !listed(options_.key_params, pair.substr(0, pair.find('=')))) return false;
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
  }
  return true;
}

std::string ResponseCache::address_of(const Request& request) const {
  if (request.query.empty()) return request.path;
  std::vector<std::string_view> params;
  std::string_view q = request.query;
  while (!q.empty()) {
    size_t amp = q.find('&');
    std::string_view pair = q.substr(0, amp);
    bool kept = options_.key_params.empty() || listed(options_.key_params, pair.substr(0, pair.find('=')));
    if (amp != 0 && kept) params.push_back(pair);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
  }
  std::stable_sort(params.begin(), params.end(), [](std::string_view a, std::string_view b) {
    return a.substr(0, a.find('=')) < b.substr(0, b.find('='));
  });
  std::string out = request.path;
  char sep = '?';
  for (std::string_view p : params) {
    out += sep;
    out += p;
    sep = '&';
  }
  return out;
}

void ResponseCache::decorate(Response& r, const std::vector<std::string>& keys) const {
  // Browsers revalidate every time (a 304 is cheap, and an edit shows at once);
  // shared caches keep the page for s-maxage and are purged by key.
  r.set_header("Cache-Control", fmt::format("public, max-age=0, must-revalidate, s-maxage={}, stale-while-revalidate={}",
                                            options_.shared_max_age.count(), options_.stale_while_revalidate.count()));
  if (!keys.empty()) {
    std::string surrogate;
    for (const auto& k : keys) {
      if (!surrogate.empty()) surrogate += ' ';
      surrogate += k;
    }
    r.set_header("Surrogate-Key", std::move(surrogate));
  }
}

ResponseCache::Entry ResponseCache::build(const std::string& address, const Response& rendered) const {
  Entry e;
  e.address = address;
  e.status = rendered.status;
  e.headers = rendered.headers;
  e.identity = std::make_shared<const std::string>(std::string(rendered.payload()));
  std::string_view type;
  for (const Header& h : e.headers) {
    if (iequals(h.name, "Content-Type")) type = h.value;
  }
  if (e.identity->size() >= 256 && compressible(type)) {
    e.gzip = std::make_shared<const std::string>(gzip_compress(*e.identity));
    e.brotli = std::make_shared<const std::string>(brotli_compress(*e.identity));
    if (e.gzip->empty()) e.gzip.reset();
    if (e.brotli->empty()) e.brotli.reset();
  }
  e.etag = fmt::format("\"{:016x}\"", fingerprint(*e.identity));
  e.modified = clock_.now();
  if (rendered.cache_ttl.count() > 0) e.expires = e.modified + rendered.cache_ttl;
  e.keys = rendered.cache_keys;
  e.on_sent = rendered.on_sent;
  std::sort(e.keys.begin(), e.keys.end());
  e.keys.erase(std::unique(e.keys.begin(), e.keys.end()), e.keys.end());
  e.bytes = e.address.size() + e.identity->size() + (e.gzip ? e.gzip->size() : 0) + (e.brotli ? e.brotli->size() : 0) +
            256;
  for (const auto& k : e.keys) e.bytes += k.size() + 32;
  Response probe;
  probe.headers = std::move(e.headers);
  decorate(probe, e.keys);
  probe.set_header("ETag", e.etag);
  probe.set_header("Last-Modified", http_date(e.modified));
  probe.set_header("Vary", "Accept-Encoding");
  e.headers = std::move(probe.headers);
  return e;
}

Response ResponseCache::answer(const Request& request, const Entry& e, bool hit) {
  Response r;
  r.headers = e.headers;
  r.headers.push_back({"X-Cache", hit ? "hit" : "miss"});
  r.on_sent = e.on_sent;
  std::string_view inm = request.header("If-None-Match");
  bool fresh = false;
  if (!inm.empty()) {
    fresh = etag_matches(inm, e.etag);
  } else if (auto since = parse_http_date(request.header("If-Modified-Since"))) {
    fresh = std::chrono::floor<std::chrono::seconds>(e.modified) <= *since;
  }
  if (fresh && e.status == 200) {
    r.status = 304;
    // A 304 carries the validators and caching headers, not the body's.
    std::erase_if(r.headers, [](const Header& h) { return iequals(h.name, "Content-Type") || iequals(h.name, "Content-Language"); });
    std::lock_guard lock(mutex_);
    ++stats_.not_modified;
    return r;
  }
  r.status = e.status;
  switch (choose_encoding(request.header("Accept-Encoding"))) {
    case Encoding::brotli:
      if (e.brotli) {
        r.shared_body = e.brotli;
        r.headers.push_back({"Content-Encoding", "br"});
        return r;
      }
      [[fallthrough]];
    case Encoding::gzip:
      if (e.gzip) {
        r.shared_body = e.gzip;
        r.headers.push_back({"Content-Encoding", "gzip"});
        return r;
      }
      [[fallthrough]];
    case Encoding::identity:
      r.shared_body = e.identity;
  }
  return r;
}

std::optional<Response> ResponseCache::lookup(Request& request) {
  if (!options_.enabled || (request.method != "GET" && request.method != "HEAD")) return std::nullopt;
  if (signed_in(request)) return std::nullopt;
  return find(request, address_of(request));
}

std::optional<Response> ResponseCache::find(Request& request, const std::string& address) {
  std::unique_lock lock(mutex_);
  auto it = index_.find(address);
  if (it == index_.end()) return std::nullopt;
  Entry& e = *it->second;
  if (e.expires != TimePoint{} && !(clock_.now() < e.expires)) return std::nullopt;  // serve() renders and replaces it
  lru_.splice(lru_.begin(), lru_, it->second);
  ++stats_.hits;
  // Copy what the answer needs; the entry may go once the lock is released.
  Entry view{e.address, e.route, e.status, e.headers, e.identity, e.gzip, e.brotli, e.etag, e.modified, {}, {}, 0,
             e.on_sent};
  lock.unlock();
  request.route = view.route;
  return answer(request, view, true);
}

Response ResponseCache::serve(Request& request, const Render& render) {
  bool readable = request.method == "GET" || request.method == "HEAD";
  bool editor = readable && signed_in(request);
  if (!options_.enabled || !readable || editor) {
    Response r = render(request);
    if (r.cacheable) {
      if (editor) {
        r.set_header("Cache-Control", "private, no-cache");
      } else {
        decorate(r, r.cache_keys);
      }
      std::lock_guard lock(mutex_);
      ++stats_.bypasses;
    }
    compress_uncached(request, r);
    return r;
  }
  // Whether the session is live was asked above: once a request is enough.
  std::string address = address_of(request);
  if (auto hit = find(request, address)) return std::move(*hit);
  uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(address); it != index_.end()) {
      const Entry& e = *it->second;
      if (e.expires != TimePoint{} && !(clock_.now() < e.expires)) remove_locked(it->second);  // expired
    }
    generation = generation_;
  }
  Response rendered = render(request);
  if (rendered.cacheable) {
    std::lock_guard lock(mutex_);
    ++stats_.misses;
  }
  bool sets_cookie = !rendered.header("Set-Cookie").empty();
  bool keep = rendered.cacheable && !sets_cookie && (rendered.status == 200 || rendered.status == 301) &&
              keyed_fully(request);
  if (!keep) {
    compress_uncached(request, rendered);
    return rendered;
  }
  Entry e = build(address, rendered);
  e.route = request.route;
  if (e.bytes > options_.max_bytes / 4) {
    decorate(rendered, rendered.cache_keys);
    compress_uncached(request, rendered);
    return rendered;
  }
  Response out = answer(request, e, false);
  std::lock_guard lock(mutex_);
  // Something this page shows may have changed while it rendered: serve it, keep it not.
  if (generation != generation_) return out;
  if (auto old = index_.find(address); old != index_.end()) remove_locked(old->second);
  lru_.push_front(std::move(e));
  Entry& stored = lru_.front();
  index_[stored.address] = lru_.begin();
  for (const auto& k : stored.keys) by_key_[k].insert(stored.address);
  stats_.bytes += stored.bytes;
  ++stats_.entries;
  while (stats_.bytes > options_.max_bytes && lru_.size() > 1) {
    remove_locked(std::prev(lru_.end()));
    ++stats_.lru_evictions;
  }
  return out;
}

void ResponseCache::remove_locked(Lru::iterator it) {
  for (const auto& k : it->keys) {
    auto set = by_key_.find(k);
    if (set == by_key_.end()) continue;
    set->second.erase(it->address);
    if (set->second.empty()) by_key_.erase(set);
  }
  stats_.bytes -= it->bytes;
  --stats_.entries;
  index_.erase(it->address);
  lru_.erase(it);
}

size_t ResponseCache::evict(const std::vector<std::string>& keys) {
  size_t removed = 0;
  std::function<void(const std::vector<std::string>&)> listener;
  {
    std::lock_guard lock(mutex_);
    ++generation_;
    for (const auto& k : keys) {
      auto set = by_key_.find(k);
      if (set == by_key_.end()) continue;
      std::vector<std::string> addresses(set->second.begin(), set->second.end());
      for (const auto& address : addresses) {
        auto it = index_.find(address);
        if (it == index_.end()) continue;
        remove_locked(it->second);
        ++removed;
      }
    }
    stats_.evictions += removed;
    listener = listener_;
  }
  if (listener && !keys.empty()) listener(keys);
  return removed;
}

void ResponseCache::clear() {
  std::lock_guard lock(mutex_);
  ++generation_;
  stats_.evictions += lru_.size();
  lru_.clear();
  index_.clear();
  by_key_.clear();
  stats_.bytes = 0;
  stats_.entries = 0;
}

CacheStats ResponseCache::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace qalam::http
