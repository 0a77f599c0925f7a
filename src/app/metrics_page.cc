#include "app/metrics_page.h"

#include "http/error_response.h"
#include "newsroom/secrets.h"

namespace qalam::app {
namespace {

// `address` is the client's, already in its plain form (http/client_address.h).
bool allowed_address(std::string_view allow, std::string_view address) {
  while (!allow.empty()) {
    size_t comma = allow.find(',');
    std::string_view item = allow.substr(0, comma);
    allow = comma == std::string_view::npos ? std::string_view{} : allow.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == address || item == "*") return true;
  }
  return false;
}

}  // namespace

void add_metrics_page(http::Router& router, const Config::Metrics& access, MetricsSources sources) {
  if (access.allow.empty()) return;
  router.add("GET", "/metrics", [access, sources](const http::Request& r) {
    if (!allowed_address(access.allow, r.remote_address)) {
      return http::error_response(403, "This address may not read the metrics ([metrics] allow).", false);
    }
    if (!access.token.empty()) {
      std::string_view auth = r.header("Authorization");
      if (!auth.starts_with("Bearer ") || !newsroom::equal_in_constant_time(auth.substr(7), access.token)) {
        http::Response out = http::error_response(401, "Send the metrics token: Authorization: Bearer TOKEN.", false);
        out.set_header("WWW-Authenticate", "Bearer realm=\"metrics\"");
        return out;
      }
    }
    http::CacheStats c = sources.cache.stats();
    store::QueryStats q = sources.store.query_stats();
    auto d = [](uint64_t v) { return static_cast<double>(v); };
    std::vector<http::Metrics::Sample> samples{
        {"qalam_cache_hits_total", "counter", "Requests answered from the response cache.", d(c.hits)},
        {"qalam_cache_misses_total", "counter", "Cacheable requests that had to be rendered.", d(c.misses)},
        {"qalam_cache_not_modified_total", "counter", "Cache hits answered 304 Not Modified.", d(c.not_modified)},
        {"qalam_cache_evictions_total", "counter", "Cached responses removed because something they show changed.",
         d(c.evictions)},
        {"qalam_cache_lru_evictions_total", "counter", "Cached responses removed to stay within the memory budget.",
         d(c.lru_evictions)},
        {"qalam_cache_bypasses_total", "counter", "Cacheable requests served around the cache (signed in, or off).",
         d(c.bypasses)},
        {"qalam_cache_entries", "gauge", "Responses in the cache.", d(c.entries)},
        {"qalam_cache_bytes", "gauge", "Memory held by cached responses.", d(c.bytes)},
        {"qalam_cache_max_bytes", "gauge", "The cache's memory budget.", d(sources.cache.options().max_bytes)},
        {"qalam_db_reads_total", "counter", "Database read calls.", d(q.reads)},
        {"qalam_db_read_seconds_total", "counter", "Time spent in database reads.", q.read_seconds},
        {"qalam_db_writes_total", "counter", "Database write transactions.", d(q.writes)},
        {"qalam_db_write_seconds_total", "counter", "Time spent in database write transactions.", q.write_seconds},
        {"qalam_open_connections", "gauge", "Client connections open now.", d(sources.open_connections())},
    };
    if (sources.pool) {
      WorkPoolStats w = sources.pool->stats();
      samples.push_back({"qalam_work_queued", "gauge", "Requests waiting for a worker now.", d(w.queued)});
      samples.push_back({"qalam_work_running", "gauge", "Requests a worker is handling now.", d(w.running)});
      samples.push_back({"qalam_work_refused_total", "counter", "Requests answered 503: the work queue was full.",
                         d(w.refused)});
      samples.push_back({"qalam_work_late_total", "counter",
                         "Requests answered 503: they waited past server.queue_timeout_ms.", d(w.late)});
    }
    if (sources.purges) {
      samples.push_back({"qalam_cache_purges_sent_total", "counter", "Purge webhook calls that succeeded.",
                         d(sources.purges->sent())});
      samples.push_back({"qalam_cache_purges_failed_total", "counter", "Purge webhook calls that failed.",
                         d(sources.purges->failed())});
    }
    http::Response out = http::Response::content(200, "text/plain; version=0.0.4; charset=utf-8",
                                                  sources.requests.text(samples));
    out.set_header("Cache-Control", "no-store");
    return out;
  });
}

}  // namespace qalam::app
