#include "http/client_address.h"

#include <gtest/gtest.h>

namespace qalam::http {
namespace {

Request with(std::vector<Header> headers) {
  Request r;
  r.headers = std::move(headers);
  return r;
}

TEST(TrustedProxies, NobodyTrustedMeansThePeerWhateverTheHeadersSay) {
  TrustedProxies none = TrustedProxies::parse("").value();
  EXPECT_EQ(none.client("127.0.0.1", with({{"X-Forwarded-For", "203.0.113.9"}})), "127.0.0.1");
  EXPECT_EQ(none.client("::ffff:10.1.2.3", with({})), "10.1.2.3");
}

TEST(TrustedProxies, AnUntrustedPeerCannotChooseItsAddress) {
  TrustedProxies local = TrustedProxies::parse("127.0.0.1, ::1").value();
  EXPECT_EQ(local.client("198.51.100.4", with({{"X-Forwarded-For", "203.0.113.9"}})), "198.51.100.4");
}

TEST(TrustedProxies, TheFirstUntrustedHopFromTheRightIsTheClient) {
  TrustedProxies proxies = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8").value();
  // A client's own X-Forwarded-For comes first; nginx appends the real peer.
  EXPECT_EQ(proxies.client("127.0.0.1", with({{"X-Forwarded-For", "1.1.1.1, 203.0.113.9"}})), "203.0.113.9");
  EXPECT_EQ(proxies.client("127.0.0.1", with({{"X-Forwarded-For", "203.0.113.9, 10.2.3.4"}})), "203.0.113.9");
  EXPECT_EQ(proxies.client("127.0.0.1", with({{"X-Forwarded-For", "10.9.9.9"}})), "10.9.9.9");  // all trusted
  EXPECT_EQ(proxies.client("127.0.0.1", with({})), "127.0.0.1");
  // Garbage to the right of the real client cannot come from it: stop at the last named hop.
  EXPECT_EQ(proxies.client("127.0.0.1", with({{"X-Forwarded-For", "203.0.113.9, not-an-address"}})), "127.0.0.1");
}

TEST(TrustedProxies, ForwardedHeaderWithQuotesBracketsAndPorts) {
  TrustedProxies proxies = TrustedProxies::parse("::1").value();
  EXPECT_EQ(proxies.client("::1", with({{"Forwarded", "for=192.0.2.60;proto=http;by=203.0.113.43"}})), "192.0.2.60");
  EXPECT_EQ(proxies.client("::1", with({{"Forwarded", "for=\"[2001:db8:cafe::17]:4711\""}})), "2001:db8:cafe::17");
  EXPECT_EQ(proxies.client("::1", with({{"Forwarded", "for=192.0.2.43, for=198.51.100.17:8080"}})), "198.51.100.17");
  // Forwarded wins over X-Forwarded-For when both come.
  EXPECT_EQ(proxies.client("::1", with({{"Forwarded", "for=192.0.2.1"}, {"X-Forwarded-For", "192.0.2.2"}})),
            "192.0.2.1");
}

TEST(TrustedProxies, RangesMatchByPrefix) {
  TrustedProxies p = TrustedProxies::parse("10.0.0.0/8, 192.168.1.128/25, fd00::/8").value();
  EXPECT_TRUE(p.trusts("10.255.0.1"));
  EXPECT_FALSE(p.trusts("11.0.0.1"));
  EXPECT_TRUE(p.trusts("192.168.1.200"));
  EXPECT_FALSE(p.trusts("192.168.1.100"));
  EXPECT_TRUE(p.trusts("fd12::1"));
  EXPECT_FALSE(p.trusts("fe80::1"));
  EXPECT_TRUE(p.trusts("::ffff:10.0.0.1"));
}

TEST(TrustedProxies, BadEntriesAreNamed) {
  auto bad = TrustedProxies::parse("127.0.0.1, nginx.local");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("nginx.local"), std::string::npos);
  EXPECT_FALSE(TrustedProxies::parse("10.0.0.0/33").ok());
  EXPECT_FALSE(TrustedProxies::parse("::/129").ok());
  EXPECT_FALSE(TrustedProxies::parse("10.0.0.0/x").ok());
}

}  // namespace
}  // namespace qalam::http
