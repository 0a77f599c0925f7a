#include "http/server.h"

#include <sys/resource.h>

#include <algorithm>
#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <csignal>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "http/connection_session.h"
#include "http/error_response.h"

namespace qalam::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
using session::use_tuple;

namespace {

struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}
  beast::tcp_stream stream;
  // Waiting for a request, or part-way through reading one: a drain closes the
  // connection at once (only requests read whole are answered). Touched only on the
  // connection's strand.
  bool idle = false;
  std::string address;  // the peer's, as counted for max_connections_per_address
};

}  // namespace

// One per thread: an io_context run by that thread alone (so Asio takes no locks) and
// its own acceptor on the shared port (SO_REUSEPORT lets the kernel spread
// connections). Measured against one shared io_context in bench/RESULTS.md.
struct Worker {
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
};

struct Server::Impl {
  Impl(ServerOptions o, Dispatch d) : options(std::move(o)), dispatcher(std::move(d)) {}

  static std::vector<std::unique_ptr<Worker>> make_workers(int count) {
    std::vector<std::unique_ptr<Worker>> all;
    for (int i = 0; i < std::max(1, count); ++i) all.push_back(std::make_unique<Worker>());
    return all;
  }

  ServerOptions options;
  Dispatch dispatcher;
  std::vector<std::unique_ptr<Worker>> workers = make_workers(options.threads);
  asio::io_context& control = workers.front()->io;  // signals and the drain run here
  asio::signal_set signals{control, SIGINT, SIGTERM};
  std::atomic<size_t> open_connections{0};
  std::atomic<bool> draining{false};
  std::atomic<size_t> on_pool{0};  // requests handed to the work pool and not yet handed back
  std::mutex registry_mutex;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> registry;
  std::unordered_map<std::string, size_t> per_address;  // open connections by client address (under registry_mutex)
  std::atomic<int64_t> accept_failures_unlogged{0};
  std::atomic<int64_t> accept_failure_logged_at{0};  // steady clock, seconds

  awaitable<void> accept_loop(Worker& worker) {
    tcp::acceptor& acceptor = worker.acceptor;
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
      if (ec) {
        if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
        // Out of descriptors, this fails as fast as clients connect: one line a second.
        int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::steady_clock::now().time_since_epoch()).count();
        if (accept_failure_logged_at.exchange(now) != now) {
          int64_t more = accept_failures_unlogged.exchange(0);
          spdlog::warn("accept failed: {}{}", ec.message(),
                       more > 0 ? " (and " + std::to_string(more) + " more in the last second)" : "");
        } else {
          ++accept_failures_unlogged;
        }
        asio::steady_timer pause(worker.io, std::chrono::milliseconds(50));
        co_await pause.async_wait(use_tuple);
        continue;
      }
      auto executor = socket.get_executor();
      if (open_connections.load() >= options.limits.max_connections) {
        asio::co_spawn(executor, refuse(std::move(socket)), asio::detached);
        continue;
      }
      beast::error_code peer_ec;
      std::string address = socket.remote_endpoint(peer_ec).address().to_string();
      {
        // One client may not hold every slot.
        std::lock_guard lock(registry_mutex);
        size_t& held = per_address[address];
        if (held >= options.limits.max_connections_per_address) {
          if (held == 0) per_address.erase(address);
          asio::co_spawn(executor, refuse(std::move(socket)), asio::detached);
          continue;
        }
        ++held;
      }
      ++open_connections;
      auto conn = std::make_shared<Connection>(std::move(socket));
      conn->address = address;
      {
        std::lock_guard lock(registry_mutex);
        registry.emplace(conn.get(), conn);
      }
      asio::co_spawn(executor, session(conn), asio::detached);
    }
  }

  // Past the connection limit: a short 503 and close, without reading the request.
  static awaitable<void> refuse(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    stream.expires_after(std::chrono::seconds(2));
    static const std::string answer =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Length: 30\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
        "Too many connections; retry.\r\n";
    co_await asio::async_write(stream, asio::buffer(answer), use_tuple);
    beast::error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  }

  // The server's side of every session: how requests are answered and heard.
  session::Host host() {
    session::Host h;
    h.limits = &options.limits;
    h.draining = &draining;
    h.trusted_proxies = &options.trusted_proxies;
    h.answer = [this](Request& request) { return answer(request); };
    h.answered = [this](const Request& request, const Response& response, size_t bytes, double seconds) {
      if (options.observer) options.observer(request, response, seconds);
      if (options.access_log) {
        options.access_log->info("{} {} {} {} {}", request.method, request.target, response.status, bytes,
                                 static_cast<int64_t>(seconds * 1e6));
      }
    };
    h.refused = [this](int status, size_t bytes) {
      if (options.access_log) options.access_log->info("- - {} {} 0", status, bytes);
    };
    return h;
  }
  session::Host session_host = host();

  awaitable<void> session(std::shared_ptr<Connection> conn) {
    co_await session::serve(conn->stream, session_host, conn->address, conn->idle);
    {
      std::lock_guard lock(registry_mutex);
      registry.erase(conn.get());
      if (auto it = per_address.find(conn->address); it != per_address.end() && --it->second == 0) per_address.erase(it);
    }
    --open_connections;
  }

  // A request read whole: answered from memory, on the work pool, or here.
  awaitable<Response> answer(Request& request) {
    if (std::optional<Response> quick = answer_quickly(request)) co_return std::move(*quick);
    if (options.pool != nullptr) co_return co_await dispatch_on_pool(request);
    co_return dispatch(request);
  }

  Response dispatch(Request& request) const {
    try {
      return dispatcher(request);
    } catch (const std::exception& e) {
      spdlog::error("handler for {} {} failed: {}", request.method, request.target, e.what());
      return error_response(500, "", request);
    }
  }

  std::optional<Response> answer_quickly(Request& request) const {
    if (!options.quick) return std::nullopt;
    try {
      return options.quick(request);
    } catch (const std::exception& e) {
      spdlog::error("quick answer for {} {} failed: {}", request.method, request.target, e.what());
      return error_response(500, "", request);
    }
  }

  static Response busy(const Request& request) {
    Response r = error_response(503, "The server is busy; retry in a moment", request);
    r.set_header("Retry-After", "2");
    r.set_header("Cache-Control", "no-store");
    return r;
  }

  // Runs the handler on the work pool and resumes this connection's coroutine, on its
  // own I/O thread, with the answer. `request` lives in the suspended coroutine's frame.
  awaitable<Response> dispatch_on_pool(Request& request) {
    auto executor = co_await asio::this_coro::executor;
    ++on_pool;
    co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(Response)>(
        [this, &request, executor](auto handler) {
          // The pool's jobs are copyable functions; the coroutine's handler is not.
          auto resume = std::make_shared<decltype(handler)>(std::move(handler));
          auto reply = [this, executor, resume](Response r) {
            asio::post(executor, [resume, r = std::move(r)]() mutable { (*resume)(std::move(r)); });
            --on_pool;
          };
          bool queued = options.pool->submit([this, &request, reply](bool late) {
            reply(late ? busy(request) : dispatch(request));
          });
          if (!queued) reply(busy(request));
        },
        asio::use_awaitable);
  }

  // Asks idle connections to close; busy ones close after their current response.
  void close_idle_connections() {
    std::lock_guard lock(registry_mutex);
    for (auto& [raw, weak] : registry) {
      if (auto conn = weak.lock()) {
        asio::post(conn->stream.get_executor(), [conn] {
          if (conn->idle) conn->stream.cancel();
        });
      }
    }
  }

  awaitable<void> drain() {
    draining = true;
    for (auto& w : workers) {
      asio::post(w->io, [&w = *w] {
        beast::error_code ignored;
        w.acceptor.close(ignored);
      });
    }
    spdlog::info("shutting down: draining {} open connections", open_connections.load());
    auto deadline = std::chrono::steady_clock::now() + options.limits.shutdown_timeout;
    asio::steady_timer tick(control);
    while (open_connections.load() > 0 && std::chrono::steady_clock::now() < deadline) {
      close_idle_connections();
      tick.expires_after(std::chrono::milliseconds(10));
      co_await tick.async_wait(use_tuple);
    }
    if (open_connections.load() > 0) {
      spdlog::warn("shutdown timeout: closing {} connections still busy", open_connections.load());
    }
    for (auto& w : workers) w->io.stop();
  }

  // SO_REUSEPORT lets this process's workers share the port, and would as well let a
  // second `qalam serve` (same user) join it, splitting requests between two sites:
  // a socket without the option is bound first, and fails when anyone listens there.
  Status check_port_free(const tcp::endpoint& endpoint) {
    if (endpoint.port() == 0) return Status::ok_status();
    tcp::acceptor probe(control);
    beast::error_code ec;
    probe.open(endpoint.protocol(), ec);
    if (!ec) probe.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) probe.bind(endpoint, ec);
    if (ec == asio::error::address_in_use) {
      return Status::unavailable("cannot listen on " + options.host + ":" + std::to_string(endpoint.port()) +
                                 ": the address is already in use (is another qalam serve running there?)");
    }
    return Status::ok_status();
  }

  Status listen(Worker& w, const tcp::endpoint& endpoint) {
    beast::error_code ec;
    w.acceptor.open(endpoint.protocol(), ec);
    if (!ec) w.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec && workers.size() > 1) {
      w.acceptor.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true), ec);
    }
    if (!ec) w.acceptor.bind(endpoint, ec);
    if (!ec) w.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      return Status::unavailable("cannot listen on " + options.host + ":" + std::to_string(endpoint.port()) +
                                 ": " + ec.message());
    }
    return Status::ok_status();
  }
};

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), [&router](Request& r) { return router.dispatch(r); })) {}

Server::Server(ServerOptions options, Dispatch dispatch)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(dispatch))) {}

size_t Server::open_connections() const { return impl_->open_connections.load(); }

Server::~Server() = default;

Status Server::run(const std::function<void(std::string_view)>& on_listening) {
  Impl& s = *impl_;
  // Every connection is a descriptor: take the hard limit, and keep the connection
  // cap below it with a reserve for the database, media files and logs, so the cap
  // answers 503 before accept() runs out of descriptors.
  if (rlimit files{}; getrlimit(RLIMIT_NOFILE, &files) == 0) {
    rlim_t before = files.rlim_cur;
    if (files.rlim_cur < files.rlim_max) {
      files.rlim_cur = files.rlim_max;
      if (setrlimit(RLIMIT_NOFILE, &files) != 0) files.rlim_cur = before;
    }
    constexpr rlim_t reserve = 128;
    size_t room = files.rlim_cur > reserve * 2 ? static_cast<size_t>(files.rlim_cur - reserve) : static_cast<size_t>(files.rlim_cur / 2);
    if (files.rlim_cur != RLIM_INFINITY && s.options.limits.max_connections > room) {
      spdlog::warn("open files limited to {}: serving at most {} connections (not {}); raise LimitNOFILE",
                   static_cast<uint64_t>(files.rlim_cur), room, s.options.limits.max_connections);
      s.options.limits.max_connections = room;
    }
    if (files.rlim_cur != before) {
      spdlog::info("open files limit raised from {} to {}", static_cast<uint64_t>(before),
                   static_cast<uint64_t>(files.rlim_cur));
    }
  }
  beast::error_code ec;
  auto address = asio::ip::make_address(s.options.host, ec);
  if (ec) return Status::invalid("cannot listen on '" + s.options.host + "': not an IP address");
  tcp::endpoint endpoint(address, s.options.port);
  QALAM_RETURN_IF_ERROR(s.check_port_free(endpoint));
  QALAM_RETURN_IF_ERROR(s.listen(*s.workers.front(), endpoint));
  auto bound = s.workers.front()->acceptor.local_endpoint();
  endpoint.port(bound.port());  // port 0 resolved: the other workers share it
  for (size_t i = 1; i < s.workers.size(); ++i) QALAM_RETURN_IF_ERROR(s.listen(*s.workers[i], endpoint));
  std::string where = bound.address().to_string() + ":" + std::to_string(bound.port());

  s.signals.async_wait([&s](const beast::error_code& e, int) {
    if (!e) asio::co_spawn(s.control, s.drain(), asio::detached);
  });
  for (auto& w : s.workers) asio::co_spawn(w->io, s.accept_loop(*w), asio::detached);
  if (on_listening) on_listening(where);

  std::vector<std::thread> threads;
  for (size_t i = 1; i < s.workers.size(); ++i) threads.emplace_back([&w = *s.workers[i]] { w.io.run(); });
  s.workers.front()->io.run();
  for (auto& t : threads) t.join();
  // A handler still running on the pool posts its answer to an I/O context: wait for
  // it, so that nothing is posted to a context once it is gone.
  while (s.on_pool.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  spdlog::info("stopped");
  return Status::ok_status();
}

}  // namespace qalam::http
