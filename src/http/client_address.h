// ClientAddress: who a request comes from. Behind a reverse proxy the TCP peer is the
// proxy, so throttling, the audit log, view counting and the /metrics address list
// would all see one client. The proxies named in `server.trusted_proxies` (addresses
// or CIDR ranges) are believed about the client: their `Forwarded: for=` or
// `X-Forwarded-For` list is read from the right, skipping trusted hops, and the first
// address that is not a trusted proxy is the client. A request that does not come
// from a trusted proxy is its own peer, whatever headers it sends, so a client
// cannot choose its address by writing a header.
//
// Thread-safety: immutable after parse(); client() may run on any thread.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "http/message.h"

namespace qalam::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;
  // "127.0.0.1, 10.0.0.0/8, ::1, fd00::/8"; empty: trust nobody. invalid_argument
  // names the entry that is not an address or range.
  static Result<TrustedProxies> parse(std::string_view list);

  bool empty() const { return ranges_.empty(); }
  bool trusts(std::string_view address) const;
  // The client's address for a request whose TCP peer is `peer`.
  std::string client(std::string_view peer, const Request& request) const;

 private:
  struct Range {
    std::array<uint8_t, 16> bytes{};  // IPv4 as ::ffff:a.b.c.d
    int prefix = 128;
  };
  std::vector<Range> ranges_;
};

// The address in its plain form: IPv4-mapped IPv6 ("::ffff:1.2.3.4") as IPv4, IPv6
// in brackets or with a port stripped; empty when it is not an address.
std::string normalize_address(std::string_view text);

}  // namespace qalam::http
