#include "http/client_address.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

namespace qalam::http {
namespace {

// 16 bytes for IPv4 (mapped) and IPv6; false when `text` is neither.
bool to_bytes(std::string_view text, std::array<uint8_t, 16>& out) {
  if (text.empty() || text.size() > 45) return false;
  char buf[46];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  in_addr v4{};
  if (inet_pton(AF_INET, buf, &v4) == 1) {
    out = {};
    out[10] = out[11] = 0xFF;
    std::memcpy(out.data() + 12, &v4, 4);
    return true;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, buf, &v6) == 1) {
    std::memcpy(out.data(), &v6, 16);
    return true;
  }
  return false;
}

bool is_mapped_v4(const std::array<uint8_t, 16>& b) {
  for (int i = 0; i < 10; ++i) {
    if (b[i] != 0) return false;
  }
  return b[10] == 0xFF && b[11] == 0xFF;
}

// One element of a forwarding list: `for=` of Forwarded is quoted and bracketed
// ("[2001:db8::1]:4711"); X-Forwarded-For elements are bare.
std::string_view strip_decoration(std::string_view v) {
  v = trim_ows(v);
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
  if (!v.empty() && v.front() == '[') {
    size_t close = v.find(']');
    return close == std::string_view::npos ? std::string_view{} : v.substr(1, close - 1);
  }
  // "1.2.3.4:80": one colon means a port after IPv4; IPv6 has several.
  size_t colon = v.find(':');
  if (colon != std::string_view::npos && v.find(':', colon + 1) == std::string_view::npos) v = v.substr(0, colon);
  return v;
}

// The addresses a request was forwarded for, leftmost (the original client) first.
std::vector<std::string_view> forwarded_for(const Request& request) {
  std::vector<std::string_view> out;
  std::string_view forwarded = request.header("Forwarded");
  if (!forwarded.empty()) {
    // Forwarded: for=1.2.3.4;proto=https, for="[2001:db8::1]"
    while (!forwarded.empty()) {
      size_t comma = forwarded.find(',');
      std::string_view element = forwarded.substr(0, comma);
      forwarded = comma == std::string_view::npos ? std::string_view{} : forwarded.substr(comma + 1);
      std::string_view found;
      while (!element.empty()) {
        size_t semi = element.find(';');
        std::string_view pair = trim_ows(element.substr(0, semi));
        element = semi == std::string_view::npos ? std::string_view{} : element.substr(semi + 1);
        if (pair.size() > 4 && (pair.substr(0, 4) == "for=" || pair.substr(0, 4) == "For=" || pair.substr(0, 4) == "FOR=")) {
          found = pair.substr(4);
        }
      }
      out.push_back(found);
    }
    return out;
  }
  std::string_view xff = request.header("X-Forwarded-For");
  while (!xff.empty()) {
    size_t comma = xff.find(',');
    out.push_back(xff.substr(0, comma));
    xff = comma == std::string_view::npos ? std::string_view{} : xff.substr(comma + 1);
  }
  return out;
}

}  // namespace

std::string normalize_address(std::string_view text) {
  std::array<uint8_t, 16> b{};
  if (!to_bytes(strip_decoration(text), b)) return {};
  char buf[INET6_ADDRSTRLEN];
  if (is_mapped_v4(b)) {
    inet_ntop(AF_INET, b.data() + 12, buf, sizeof buf);
  } else {
    inet_ntop(AF_INET6, b.data(), buf, sizeof buf);
  }
  return buf;
}

Result<TrustedProxies> TrustedProxies::parse(std::string_view list) {
  TrustedProxies out;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view item = trim_ows(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (item.empty()) continue;
    Range r;
    std::string_view address = item;
    size_t slash = item.find('/');
    int prefix = -1;
    if (slash != std::string_view::npos) {
      address = item.substr(0, slash);
      std::string_view bits = item.substr(slash + 1);
      auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
      if (ec != std::errc() || end != bits.data() + bits.size()) prefix = 999;
    }
    if (!to_bytes(address, r.bytes)) {
      return Status::invalid("'" + std::string(item) + "' is not an IP address or a range such as 10.0.0.0/8");
    }
    bool v4 = is_mapped_v4(r.bytes) && address.find(':') == std::string_view::npos;
    int max = v4 ? 32 : 128;
    if (prefix == -1) prefix = max;
    if (prefix < 0 || prefix > max) {
      return Status::invalid("'" + std::string(item) + "': the prefix length must be 0 to " + std::to_string(max));
    }
    r.prefix = v4 ? prefix + 96 : prefix;
    out.ranges_.push_back(r);
  }
  return out;
}

bool TrustedProxies::trusts(std::string_view address) const {
  std::array<uint8_t, 16> b{};
  if (!to_bytes(strip_decoration(address), b)) return false;
  for (const Range& r : ranges_) {
    int full = r.prefix / 8, rest = r.prefix % 8;
    if (std::memcmp(b.data(), r.bytes.data(), static_cast<size_t>(full)) != 0) continue;
    if (rest != 0) {
      auto mask = static_cast<uint8_t>(0xFF << (8 - rest));
      if ((b[full] & mask) != (r.bytes[full] & mask)) continue;
    }
    return true;
  }
  return false;
}

std::string TrustedProxies::client(std::string_view peer, const Request& request) const {
  // Every request comes through here: without proxies, only a v4-mapped peer
  // ("::ffff:1.2.3.4", from a dual-stack socket) needs rewriting.
  if (ranges_.empty() && !peer.starts_with("::ffff:")) return std::string(peer);
  std::string self = normalize_address(peer);
  if (self.empty()) self = std::string(peer);
  if (ranges_.empty() || !trusts(peer)) return self;
  auto hops = forwarded_for(request);
  std::string client = self;
  for (auto it = hops.rbegin(); it != hops.rend(); ++it) {
    std::string address = normalize_address(*it);
    // Garbage a trusted proxy passed on: the last hop we can name is the client.
    if (address.empty()) break;
    client = address;
    if (!trusts(address)) break;
  }
  return client;
}

}  // namespace qalam::http
