// Outbound HTTP: the one way the program asks other servers for something (the cache
// purge webhook; the feed poller later), behind an interface tests can make fail — a
// refused connection, a reset, a slow or wrong answer — as leveldb's Env does for
// files. make_outbound() is the real client (Boost.Beast, http:// only, no redirects).
//
// Thread-safety: send() may be called from any thread.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "http/message.h"

namespace qalam::http {

struct OutboundRequest {
  std::string method = "POST";
  std::string host, port = "80", target = "/";
  std::vector<Header> headers;
  std::string body;
  std::chrono::milliseconds timeout{5000};  // for the whole exchange
};

struct OutboundResponse {
  int status = 0;
  std::string body;
};

class Outbound {
 public:
  virtual ~Outbound() = default;
  // unavailable when the exchange fails (no connection, reset, timeout, no answer).
  virtual Result<OutboundResponse> send(const OutboundRequest& request) = 0;
};

std::unique_ptr<Outbound> make_outbound();

}  // namespace qalam::http
