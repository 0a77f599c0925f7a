// Metrics: what the server has done, in the Prometheus text format (version 0.0.4):
// requests by route and status, a latency histogram per route, and whatever gauges and
// counters the caller adds when the page is asked for (cache, database, connections).
//
// Thread-safety: observe() and text() may be called concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "http/message.h"

namespace qalam::http {

class Metrics {
 public:
  // One answered request.
  void observe(const Request& request, const Response& response, double seconds);

  // A sample the caller supplies at render time.
  struct Sample {
    std::string name;    // "qalam_cache_hits_total"
    std::string type;    // "counter" or "gauge"
    std::string help;
    double value = 0;
  };
  // The exposition text: the request metrics, then `samples`.
  std::string text(const std::vector<Sample>& samples) const;

  static constexpr std::array<double, 12> buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                     0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  struct Route {
    std::map<int, uint64_t> by_status;
    std::array<uint64_t, buckets.size() + 1> histogram{};  // the last is +Inf
    double seconds = 0;
    uint64_t count = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Route> routes_;
};

}  // namespace qalam::http
