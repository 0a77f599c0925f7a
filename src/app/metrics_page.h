// GET /metrics: the server's numbers in the Prometheus text format, for the client
// addresses (and bearer token) the site allows ([metrics] in qalam.toml).
#pragma once

#include <functional>

#include "app/config.h"
#include "core/work_pool.h"
#include "http/metrics.h"
#include "http/purge_notifier.h"
#include "http/response_cache.h"
#include "http/router.h"
#include "store/store.h"

namespace qalam::app {

struct MetricsSources {
  http::Metrics& requests;
  http::ResponseCache& cache;
  store::Store& store;
  std::function<size_t()> open_connections;
  const http::PurgeNotifier* purges = nullptr;
  const WorkPool* pool = nullptr;
};

void add_metrics_page(http::Router& router, const Config::Metrics& access, MetricsSources sources);

}  // namespace qalam::app
