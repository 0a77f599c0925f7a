#include "http/free_port.h"

#include <boost/asio/ip/tcp.hpp>

namespace qalam::http {

Result<uint16_t> free_port(const std::string& host) {
  namespace asio = boost::asio;
  boost::system::error_code ec;
  auto address = asio::ip::make_address(host, ec);
  if (ec) return Status::invalid("cannot listen on '" + host + "': not an IP address");
  asio::io_context io;
  asio::ip::tcp::acceptor probe(io);
  asio::ip::tcp::endpoint endpoint(address, 0);
  probe.open(endpoint.protocol(), ec);
  if (!ec) probe.bind(endpoint, ec);
  if (ec) return Status::unavailable("cannot listen on " + host + ": " + ec.message());
  return probe.local_endpoint().port();
}

}  // namespace qalam::http
