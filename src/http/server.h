// Server: HTTP/1.1 on Boost.Beast with a C++20 coroutine per connection. Keep-alive and
// pipelining (requests on one connection are answered in order), limits on header
// size, body size, header-read time, idle time and open connections, and a graceful
// drain on SIGINT/SIGTERM: stop accepting, close idle connections, let requests in
// flight finish, give up after the shutdown timeout. Beast and Asio stay inside
// server.cc; callers see Router, Request and Response only.
//
// Where handlers run: the I/O threads (`threads`) read requests, answer what the
// `quick` hook answers from memory (cached pages, /healthz), and write responses;
// every other request goes to the work pool when one is given, so a handler that
// waits (the database, a password hash, an image) never stalls the readers on its
// I/O thread. A full pool queue, or a request that waited there past the pool's
// deadline, is answered 503 with Retry-After.
//
// Thread-safety: run() blocks the calling thread and runs handlers on the I/O
// threads and the pool's at once; handlers must be thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "core/work_pool.h"
#include "http/client_address.h"
#include "http/router.h"

namespace spdlog {
class logger;
}

namespace qalam::http {

struct ServerLimits {
  size_t header_bytes = 16 * 1024;
  size_t body_bytes = 1024 * 1024;
  // Requests whose path starts with one of these may carry bodies up to
  // upload_body_bytes instead (image uploads).
  std::vector<std::string> upload_paths;
  size_t upload_body_bytes = 0;
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds idle_timeout{60'000};
  size_t max_connections = 10'000;
  // One client address holds at most this many connections; more are answered 503.
  size_t max_connections_per_address = 256;
  std::chrono::milliseconds shutdown_timeout{5'000};
};

// Answers a request: the router, or something in front of it (the response cache).
using Dispatch = std::function<Response(Request&)>;
// Answers a request at once from memory, or nullopt: the request then goes to Dispatch.
using QuickAnswer = std::function<std::optional<Response>(Request&)>;
// Hears every answered request: its route, status and time taken (metrics).
using Observer = std::function<void(const Request& request, const Response& response, double seconds)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0 picks a free port (reported to on_listening)
  int threads = 2;
  ServerLimits limits;
  std::shared_ptr<spdlog::logger> access_log;  // one line per request; null: none
  Observer observer;                           // null: none
  TrustedProxies trusted_proxies;              // whose forwarding headers name the client
  QuickAnswer quick;                           // null: none
  WorkPool* pool = nullptr;                    // null: Dispatch runs on the I/O threads
};

class Server {
 public:
  Server(ServerOptions options, const Router& router);
  Server(ServerOptions options, Dispatch dispatch);
  ~Server();

  // Binds, reports "host:port" through on_listening, serves until SIGINT or SIGTERM,
  // drains, and returns. Fails only when the address cannot be bound.
  Status run(const std::function<void(std::string_view address)>& on_listening = {});
  size_t open_connections() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace qalam::http
