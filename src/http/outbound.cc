#include "http/outbound.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace qalam::http {
namespace {
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace asio = boost::asio;

class BeastOutbound final : public Outbound {
 public:
  Result<OutboundResponse> send(const OutboundRequest& request) override {
    try {
      asio::io_context io;
      asio::ip::tcp::resolver resolver(io);
      beast::tcp_stream stream(io);
      stream.expires_after(request.timeout);
      stream.connect(resolver.resolve(request.host, request.port));
      bhttp::request<bhttp::string_body> req{bhttp::string_to_verb(request.method), request.target, 11};
      req.set(bhttp::field::host, request.host);
      req.set(bhttp::field::user_agent, "qalam");
      for (const Header& h : request.headers) req.set(h.name, h.value);
      req.body() = request.body;
      req.prepare_payload();
      bhttp::write(stream, req);
      beast::flat_buffer buffer;
      bhttp::response<bhttp::string_body> res;
      bhttp::read(stream, buffer, res);
      beast::error_code ec;
      stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
      return OutboundResponse{static_cast<int>(res.result_int()), std::move(res.body())};
    } catch (const std::exception& e) {
      return Status::unavailable(e.what());
    }
  }
};

}  // namespace

std::unique_ptr<Outbound> make_outbound() { return std::make_unique<BeastOutbound>(); }

}  // namespace qalam::http
