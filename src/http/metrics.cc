#include "http/metrics.h"

#include <fmt/format.h>

namespace qalam::http {
namespace {

// Label values escape backslash, double quote and newline.
std::string label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::observe(const Request& request, const Response& response, double seconds) {
  // Unmatched paths share one series, so scanners cannot grow the page without end.
  const std::string& route = request.route.empty() ? std::string("(unmatched)") : request.route;
  size_t bucket = 0;
  while (bucket < buckets.size() && seconds > buckets[bucket]) ++bucket;
  std::lock_guard lock(mutex_);
  Route& r = routes_[route];
  ++r.by_status[response.status];
  ++r.histogram[bucket];
  r.seconds += seconds;
  ++r.count;
}

std::string Metrics::text(const std::vector<Sample>& samples) const {
  std::string out;
  {
    std::lock_guard lock(mutex_);
    out += "# HELP qalam_http_requests_total Requests answered, by route pattern and status.\n";
    out += "# TYPE qalam_http_requests_total counter\n";
    for (const auto& [route, r] : routes_) {
      for (const auto& [status, n] : r.by_status) {
        out += fmt::format("qalam_http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", label(route), status, n);
      }
    }
    out += "# HELP qalam_http_request_duration_seconds Time from a request's head to its answer written.\n";
    out += "# TYPE qalam_http_request_duration_seconds histogram\n";
    for (const auto& [route, r] : routes_) {
      uint64_t cumulative = 0;
      for (size_t i = 0; i < buckets.size(); ++i) {
        cumulative += r.histogram[i];
        out += fmt::format("qalam_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", label(route),
                           buckets[i], cumulative);
      }
      cumulative += r.histogram.back();
      out += fmt::format("qalam_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", label(route),
                         cumulative);
      out += fmt::format("qalam_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", label(route), r.seconds);
      out += fmt::format("qalam_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", label(route), r.count);
    }
  }
  for (const Sample& s : samples) {
    out += fmt::format("# HELP {} {}\n# TYPE {} {}\n{} {}\n", s.name, s.help, s.name, s.type, s.name, s.value);
  }
  return out;
}

}  // namespace qalam::http
