// One connection's HTTP/1.1 conversation: requests read in order (keep-alive,
// pipelining), limits on header size, body size and the time each read may take,
// framing checked (RFC 9112), each request answered and its answer written before the
// next is read. Generic over its stream: the server runs it on a TCP stream
// (beast::tcp_stream), the unit tests on Beast's test stream, which can fail its Nth
// read or write and hand bytes over one at a time.
//
// Private to src/http (it is Beast and Asio): included by server.cc and
// connection_session_test.cc only. A Stream is an AsyncReadStream and AsyncWriteStream
// with expires_after(duration) (reads and writes after the deadline fail) and an
// end_stream(Stream&) overload that closes it.
//
// Thread-safety: a session runs on one strand (its connection's I/O thread); Host's
// functions are called there.
#pragma once

#include <array>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "http/client_address.h"
#include "http/error_response.h"
#include "http/message.h"
#include "http/server.h"

namespace qalam::http::session {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using asio::awaitable;
inline constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// What a session needs of the server around it.
struct Host {
  const ServerLimits* limits = nullptr;
  const std::atomic<bool>* draining = nullptr;  // a drain began: finish the request in hand, then close
  const TrustedProxies* trusted_proxies = nullptr;
  // Answers a request read whole (a quick answer, the work pool or the router).
  std::function<awaitable<Response>(Request&)> answer;
  // Hears each answered request: body bytes sent (0 when the write failed), seconds taken.
  std::function<void(const Request&, const Response&, size_t bytes, double seconds)> answered;
  // Hears each request refused before it was read whole: its status and body size.
  std::function<void(int status, size_t bytes)> refused;
};

// Errors that only mean the peer went away or a deadline passed: no answer, no log.
inline bool is_ordinary_end(const beast::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
         ec == asio::error::eof || ec == asio::error::operation_aborted ||
         ec == beast::error::timeout || ec == asio::error::connection_reset ||
         ec == asio::error::broken_pipe;
}

// A fault of the request itself (Beast's parser said so), as against one of the
// connection (a failed read): only the first is answered, 400.
inline bool is_parse_error(const beast::error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category() && !is_ordinary_end(ec);
}

inline Request to_request(const bhttp::request<bhttp::string_body>& m, std::string remote) {
  Request r;
  r.method = std::string(m.method_string());
  r.target = std::string(m.target());
  size_t q = r.target.find('?');
  r.path = r.target.substr(0, q);
  if (q != std::string::npos) r.query = r.target.substr(q + 1);
  r.headers.reserve(8);
  for (const auto& field : m) {
    r.headers.push_back({std::string(field.name_string()), std::string(field.value())});
  }
  r.body = m.body();
  r.peer_address = std::move(remote);  // the client's address is decided by the caller
  return r;
}

// Why a request's framing cannot be trusted (RFC 9112 sections 3.2 and 6); empty
// when it can. Checked after the whole message was read, before it is handled.
inline std::string framing_problem(const bhttp::request<bhttp::string_body>& m) {
  size_t hosts = m.count(bhttp::field::host);
  if (m.version() >= 11 && hosts == 0) return "An HTTP/1.1 request needs a Host header";
  if (hosts > 1) return "A request has one Host header, not several";
  size_t codings = m.count(bhttp::field::transfer_encoding);
  if (codings == 0) return {};
  if (m.version() < 11) return "Transfer-Encoding is not allowed in an HTTP/1.0 request";
  if (codings > 1) return "A request has one Transfer-Encoding header, not several";
  std::string_view te = trim_ows(m[bhttp::field::transfer_encoding]);
  if (!beast::iequals(te, "chunked")) return "The only Transfer-Encoding accepted is chunked";
  return {};
}

// Closes a TCP connection: our side's FIN first, then the descriptor.
inline void end_stream(beast::tcp_stream& stream) {
  beast::error_code ec;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
  stream.socket().close(ec);
}

// Head and body leave in one gather write; HEAD and bodiless statuses send the head
// only. Returns the body bytes sent, nothing when the write failed.
template <class Stream>
awaitable<std::optional<size_t>> write_response(Stream& stream, const ServerLimits& limits, const Response& response,
                                 bool keep_alive, bool head, bool http10 = false) {
  std::string wire_head = serialize_head(response, keep_alive, http10);
  bool bodiless = head || response.status == 304 || response.status == 204 || response.status < 200;
  std::array<asio::const_buffer, 2> buffers{
      asio::buffer(wire_head), asio::buffer(response.payload().data(), bodiless ? 0 : response.payload().size())};
  stream.expires_after(limits.idle_timeout);
  auto [ec, n] = co_await asio::async_write(stream, buffers, use_tuple);
  if (ec) co_return std::nullopt;
  co_return n - wire_head.size();
}

template <class Stream>
awaitable<void> refuse_request(Stream& stream, const Host& host, int status, const std::string& detail) {
  Response r = error_response(status, detail, false);
  co_await write_response(stream, *host.limits, r, false, false);
  if (host.refused) host.refused(status, r.body.size());
}

// Serves the connection until the peer closes it, a deadline passes, a request cannot
// be read, an answer says close, or a drain begins; then ends the stream. `idle` is
// true while no request is in hand (a drain may then close the connection at once);
// `remote` is the peer's address.
template <class Stream>
awaitable<void> serve(Stream& stream, const Host& host, std::string remote, bool& idle) {
  beast::flat_buffer buffer;
  const ServerLimits& limits = *host.limits;
  const std::atomic<bool>& draining = *host.draining;
  bool first = true;
  for (;;) {
    if (buffer.size() == 0) {
      if (draining) break;
      idle = true;
      stream.expires_after(first ? limits.header_timeout : limits.idle_timeout);
      auto [read_ec, n] = co_await stream.async_read_some(buffer.prepare(8192), use_tuple);
      if (read_ec) break;
      buffer.commit(n);
    }
    first = false;
    // Still "idle" for a drain until the whole request is in: a client part-way
    // through its headers or body does not hold a restart.
    idle = true;
    if (draining) break;

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(limits.header_bytes));
    // No limit while the header is read: Beast would refuse a large Content-Length
    // before the target is known; the limit of the target's path is set below.
    parser.body_limit(boost::none);
    stream.expires_after(limits.header_timeout);
    auto [header_ec, hn] = co_await bhttp::async_read_header(stream, buffer, parser, use_tuple);
    size_t body_limit = limits.body_bytes;
    // The header may be whole and still refused (a Content-Length past every limit):
    // the limit quoted is then the one of its path too.
    if (parser.is_header_done()) {
      std::string_view target(parser.get().target().data(), parser.get().target().size());
      for (const auto& prefix : limits.upload_paths) {
        if (target.starts_with(prefix)) body_limit = std::max(body_limit, limits.upload_body_bytes);
      }
    }
    if (!header_ec) {
      if (parser.content_length() && *parser.content_length() > body_limit) {
        header_ec = bhttp::error::body_limit;
      } else {
        parser.body_limit(body_limit);
      }
    }
    if (!header_ec && !parser.is_done()) {
      stream.expires_after(limits.idle_timeout);
      auto [body_ec, bn] = co_await bhttp::async_read(stream, buffer, parser, use_tuple);
      header_ec = body_ec;
    }
    if (header_ec) {
      if (header_ec == bhttp::error::header_limit) {
        co_await refuse_request(stream, host, 431,
                                "The request's headers are larger than " + std::to_string(limits.header_bytes) + " bytes");
      } else if (header_ec == bhttp::error::body_limit) {
        co_await refuse_request(stream, host, 413,
                                "The request's body is larger than " + std::to_string(body_limit) + " bytes");
      } else if (is_parse_error(header_ec)) {
        co_await refuse_request(stream, host, 400, "Malformed request: " + header_ec.message());
      }
      break;  // a connection that failed a read is closed unanswered
    }

    idle = false;
    auto started = std::chrono::steady_clock::now();
    auto& message = parser.get();
    if (std::string problem = framing_problem(message); !problem.empty()) {
      // RFC 9112: a message whose framing is in doubt is refused and its connection
      // closed, so what follows cannot be read as another request (smuggling).
      co_await refuse_request(stream, host, 400, problem);
      break;
    }
    Request request = to_request(message, remote);
    request.remote_address = host.trusted_proxies->client(request.peer_address, request);
    bool keep_alive = message.keep_alive() && !draining;
    Response response;
    if (request.target.empty() || request.target.front() != '/') {
      response = error_response(400, "The request target must be an absolute path", request);
      keep_alive = false;
    } else {
      response = co_await host.answer(request);
    }
    if (draining) keep_alive = false;  // a drain began while it was handled: say so, then close
    std::optional<size_t> sent = co_await write_response(stream, limits, response, keep_alive,
                                                         request.method == "HEAD", message.version() == 10);
    if (response.on_sent && sent) response.on_sent(request);  // a read counts once the reader has the page
    if (host.answered) {
      host.answered(request, response, sent.value_or(0),
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    }
    // A failed write leaves the peer with part of an answer: nothing more may follow.
    if (!sent || !keep_alive) break;
  }
  end_stream(stream);
}

}  // namespace qalam::http::session
