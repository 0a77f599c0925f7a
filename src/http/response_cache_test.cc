#include "http/response_cache.h"

#include <gtest/gtest.h>
#include <brotli/decode.h>
#include <zlib.h>

#include "core/time_format.h"
#include "http/compression.h"

namespace qalam::http {
namespace {

// A gzip body inflated (at most `size` bytes expected); empty when it is not whole.
std::string gunzip(std::string_view packed, size_t size) {
  std::string out(size + 16, '\0');
  z_stream z{};
  inflateInit2(&z, 31);
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  z.avail_in = static_cast<uInt>(packed.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  out.resize(z.total_out);
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

// A brotli body decoded (at most `size` bytes expected); "<not brotli>" when it fails.
std::string unbrotli(std::string_view packed, size_t size) {
  std::string out(size + 16, '\0');
  size_t out_size = out.size();
  if (BrotliDecoderDecompress(packed.size(), reinterpret_cast<const uint8_t*>(packed.data()), &out_size,
                              reinterpret_cast<uint8_t*>(out.data())) != BROTLI_DECODER_RESULT_SUCCESS) {
    return "<not brotli>";
  }
  out.resize(out_size);
  return out;
}

class ResponseCacheTest : public ::testing::Test {
 protected:
  Request get(std::string target, std::vector<Header> headers = {}) {
    Request r;
    r.method = "GET";
    r.target = target;
    auto q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) r.query = target.substr(q + 1);
    r.headers = std::move(headers);
    return r;
  }
  // A page showing `keys`, counting its renders.
  ResponseCache::Render page(std::vector<std::string> keys, std::string body = std::string(2000, 'x')) {
    return [this, keys, body](Request&) {
      ++renders_;
      Response r = Response::content(200, "text/html; charset=utf-8", body + std::to_string(renders_));
      r.cacheable = true;
      r.cache_keys = keys;
      return r;
    };
  }

  FakeClock clock_{parse_timestamp("2026-11-28T10:00:00Z").value()};
  int renders_ = 0;
};

TEST_F(ResponseCacheTest, SecondRequestIsAHitWithTheSameBytes) {
  ResponseCache cache({}, clock_);
  Request r = get("/en/");
  Response first = cache.serve(r, page({"home:en"}));
  Response second = cache.serve(r, page({"home:en"}));
  EXPECT_EQ(renders_, 1);
  EXPECT_EQ(first.payload(), second.payload());
  EXPECT_EQ(first.header("X-Cache"), "miss");
  EXPECT_EQ(second.header("X-Cache"), "hit");
  EXPECT_EQ(second.header("Vary"), "Accept-Encoding");
  EXPECT_EQ(second.header("Surrogate-Key"), "home:en");
  EXPECT_NE(second.header("Cache-Control").find("s-maxage=60"), std::string_view::npos);
  EXPECT_EQ(cache.stats().hits, 1u);
  EXPECT_EQ(cache.stats().misses, 1u);
}

TEST_F(ResponseCacheTest, ParametersOutsideTheKeyNeitherMissNorPushPagesOut) {
  CacheOptions o;
  o.key_params = {"page", "q"};
  ResponseCache cache(o, clock_);
  for (int i = 0; i < 50; ++i) {
    Request r = get("/en/?utm_source=" + std::to_string(i) + "&fbclid=x");
    cache.serve(r, page({"home:en"}));
  }
  EXPECT_EQ(renders_, 1);
  EXPECT_EQ(cache.stats().entries, 1u);
  // A key parameter still makes another page.
  Request second = get("/en/?page=2&utm_source=z");
  cache.serve(second, page({"home:en"}));
  EXPECT_EQ(renders_, 2);
}

TEST_F(ResponseCacheTest, APageThatReadsOrEchoesAParameterOutsideTheKeyIsNotKept) {
  CacheOptions o;
  o.key_params = {"page", "q"};
  ResponseCache cache(o, clock_);
  auto reads_colour = [this](Request& r) {
    (void)r.query_param("colour");
    return page({"k"})(r);
  };
  Request a = get("/en/x?colour=red");
  cache.serve(a, reads_colour);
  Request b = get("/en/x?colour=blue");
  cache.serve(b, reads_colour);
  EXPECT_EQ(renders_, 2);  // not kept: it would show blue readers red
  auto echoes = [this](Request& r) {
    (void)r.query_without("page");  // links built from the whole query
    return page({"k"})(r);
  };
  Request c = get("/en/search?q=a&utm=evil");
  cache.serve(c, echoes);
  Request d = get("/en/search?q=a");
  cache.serve(d, echoes);
  EXPECT_EQ(renders_, 4);  // the first held utm in its links: not kept; the second is
  Request e = get("/en/search?q=a");
  cache.serve(e, echoes);
  EXPECT_EQ(renders_, 4);
}

TEST_F(ResponseCacheTest, OnlyALiveSessionSkipsTheCache) {
  CacheOptions o;
  o.session_valid = [](std::string_view token) { return token == "live"; };
  ResponseCache cache(o, clock_);
  Request anonymous = get("/en/");
  cache.serve(anonymous, page({"home:en"}));
  Request forged = get("/en/", {{"Cookie", "qalam_session=made-up"}});
  Response answer = cache.serve(forged, page({"home:en"}));
  EXPECT_EQ(answer.header("X-Cache"), "hit");
  EXPECT_EQ(renders_, 1);
  Request editor = get("/en/", {{"Cookie", "qalam_session=live"}});
  cache.serve(editor, page({"home:en"}));
  EXPECT_EQ(renders_, 2);  // an editor sees the page as it is now
}

TEST_F(ResponseCacheTest, QueryOrderDoesNotMakeAnotherPage) {
  ResponseCache cache({}, clock_);
  Request a = get("/en/authors/x?page=2&lang=en"), b = get("/en/authors/x?lang=en&page=2");
  cache.serve(a, page({"k"}));
  cache.serve(b, page({"k"}));
  EXPECT_EQ(renders_, 1);
  Request c = get("/en/authors/x?page=3");
  cache.serve(c, page({"k"}));
  EXPECT_EQ(renders_, 2);
}

TEST_F(ResponseCacheTest, EncodingsAreChosenByAcceptEncodingAndDecodeToTheSameBytes) {
  ResponseCache cache({}, clock_);
  Request plain = get("/en/");
  std::string identity(cache.serve(plain, page({"k"})).payload());
  Request gz = get("/en/", {{"Accept-Encoding", "gzip, deflate"}});
  Response g = cache.serve(gz, page({"k"}));
  EXPECT_EQ(g.header("Content-Encoding"), "gzip");
  EXPECT_LT(g.payload().size(), identity.size());
  EXPECT_EQ(gunzip(g.payload(), identity.size()), identity);
  Request br = get("/en/", {{"Accept-Encoding", "gzip;q=0.5, br"}});
  EXPECT_EQ(cache.serve(br, page({"k"})).header("Content-Encoding"), "br");
  Request refused = get("/en/", {{"Accept-Encoding", "br;q=0, gzip;q=0"}});
  EXPECT_EQ(cache.serve(refused, page({"k"})).header("Content-Encoding"), "");
  EXPECT_EQ(renders_, 1);
}

TEST_F(ResponseCacheTest, PagesNotKeptStillGoOutCompressed) {
  ResponseCache cache({}, clock_);
  std::string text;
  for (int i = 0; i < 100; ++i) text += "<p>Nəticə " + std::to_string(i) + "</p>\n";
  auto uncacheable = [&](Request&) {
    Response r = Response::content(200, "text/html; charset=utf-8", text);
    r.set_header("Vary", "Cookie");
    return r;
  };
  Request gz = get("/en/search?q=x", {{"Accept-Encoding", "gzip"}});
  Response g = cache.serve(gz, uncacheable);
  EXPECT_EQ(g.header("Content-Encoding"), "gzip");
  EXPECT_EQ(g.header("Vary"), "Cookie, Accept-Encoding");
  EXPECT_EQ(gunzip(g.payload(), text.size()), text);
  Request br = get("/en/search?q=x", {{"Accept-Encoding", "br"}});
  EXPECT_EQ(cache.serve(br, uncacheable).header("Content-Encoding"), "br");
  Request none = get("/en/search?q=x");
  EXPECT_EQ(cache.serve(none, uncacheable).payload(), text);
  Request head = get("/en/search?q=x", {{"Accept-Encoding", "gzip"}});
  head.method = "HEAD";
  EXPECT_EQ(cache.serve(head, uncacheable).header("Content-Encoding"), "");
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST(Compression, AcceptEncodingRules) {
  EXPECT_EQ(choose_encoding(""), Encoding::identity);
  EXPECT_EQ(choose_encoding("gzip"), Encoding::gzip);
  EXPECT_EQ(choose_encoding("br;q=0.1, gzip"), Encoding::brotli);
  EXPECT_EQ(choose_encoding("*"), Encoding::brotli);
  EXPECT_EQ(choose_encoding("*, br;q=0"), Encoding::gzip);
  EXPECT_EQ(choose_encoding("identity"), Encoding::identity);
}

// Around the 64 KiB line where the encoder's window and quality change, and far past it.
TEST(Compression, BrotliBodiesOfEverySizeComeBackWhole) {
  std::string text;
  for (int i = 0; text.size() < 400'000; ++i) {
    text += "<li><a href=\"/az/articles/" + std::to_string(i * 7919 % 100'003) + "\">Qarabağ " + std::to_string(i) + "</a></li>\n";
  }
  for (size_t size : {size_t{0}, size_t{1}, size_t{300}, size_t{65'535}, size_t{65'536}, size_t{65'537}, size_t{400'000}}) {
    std::string_view body(text.data(), size);
    std::string packed = brotli_compress(body);
    EXPECT_EQ(unbrotli(packed, size), body) << size;
    if (size >= 65'535) {
      EXPECT_LT(packed.size() * 4, size) << "text this regular compresses at least 4:1; " << size;
    }
    if (size == 300) {
      EXPECT_LT(packed.size(), size);
    }
    EXPECT_EQ(brotli_compress(body, 5).empty(), false) << size;
  }
}

// The encoders' tables come from an arena kept by the thread between calls: bodies
// of every size, one after another and alternating gzip and brotli, come back whole.
TEST(Compression, OneThreadCompressesBodyAfterBodyWhole) {
  std::string text;
  for (int i = 0; text.size() < 200'000; ++i) text += "Şuşa " + std::to_string(i * 104'729 % 99'991) + " gündəm\n";
  for (int round = 0; round < 3; ++round) {
    for (size_t size : {size_t{65'536}, size_t{10}, size_t{200'000}, size_t{0}, size_t{30'000}}) {
      std::string_view body(text.data(), size);
      EXPECT_EQ(gunzip(gzip_compress(body), size), body) << size;
      EXPECT_EQ(unbrotli(brotli_compress(body, round == 1 ? 5 : 9), size), body) << size;
    }
  }
}

TEST_F(ResponseCacheTest, ValidatorsAnswer304) {
  ResponseCache cache({}, clock_);
  Request r = get("/en/feed.xml");
  Response first = cache.serve(r, page({"k"}));
  std::string etag(first.header("ETag"));
  std::string modified(first.header("Last-Modified"));
  ASSERT_EQ(etag.size(), 18u);
  EXPECT_EQ(modified, "Sat, 28 Nov 2026 10:00:00 GMT");
  Request again = get("/en/feed.xml", {{"If-None-Match", "\"other\", " + etag}});
  Response not_modified = cache.serve(again, page({"k"}));
  EXPECT_EQ(not_modified.status, 304);
  EXPECT_EQ(not_modified.header("ETag"), etag);
  Request since = get("/en/feed.xml", {{"If-Modified-Since", modified}});
  EXPECT_EQ(cache.serve(since, page({"k"})).status, 304);
  Request older = get("/en/feed.xml", {{"If-Modified-Since", "Fri, 27 Nov 2026 10:00:00 GMT"}});
  EXPECT_EQ(cache.serve(older, page({"k"})).status, 200);
  Request stale = get("/en/feed.xml", {{"If-None-Match", "\"0000\""}});
  EXPECT_EQ(cache.serve(stale, page({"k"})).status, 200);
}

TEST_F(ResponseCacheTest, EvictionRemovesExactlyThePagesShowingAKey) {
  ResponseCache cache({}, clock_);
  Request a = get("/a"), b = get("/b"), c = get("/c");
  cache.serve(a, page({"article:1", "sections"}));
  cache.serve(b, page({"article:2", "sections"}));
  cache.serve(c, page({"article:1", "article:2"}));
  EXPECT_EQ(cache.evict({"article:1"}), 2u);
  renders_ = 0;
  cache.serve(a, page({"article:1"}));
  cache.serve(b, page({"article:2"}));
  cache.serve(c, page({"article:1"}));
  EXPECT_EQ(renders_, 2);  // b stayed
  EXPECT_EQ(cache.evict({"nothing"}), 0u);
}

TEST_F(ResponseCacheTest, ARenderOverlappingAnEvictionIsNotKept) {
  ResponseCache cache({}, clock_);
  Request r = get("/en/");
  cache.serve(r, [&](Request&) {
    Response resp = page({"article:1"})(r);
    cache.evict({"article:1"});  // a save commits while the old state renders
    return resp;
  });
  cache.serve(r, page({"article:1"}));
  EXPECT_EQ(renders_, 2);
}

TEST_F(ResponseCacheTest, MemoryIsBoundedLeastRecentlyUsedFirst) {
  CacheOptions o;
  o.max_bytes = 20'000;
  ResponseCache cache(o, clock_);
  for (int i = 0; i < 20; ++i) {
    Request r = get("/p" + std::to_string(i));
    cache.serve(r, page({"k"}, std::string(3000, 'a' + i % 26)));
  }
  CacheStats s = cache.stats();
  EXPECT_LE(s.bytes, 20'000u);
  EXPECT_GT(s.lru_evictions, 0u);
  EXPECT_EQ(s.entries + s.lru_evictions, 20u);
  renders_ = 0;
  Request newest = get("/p19"), oldest = get("/p0");
  cache.serve(newest, page({"k"}));
  EXPECT_EQ(renders_, 0);
  cache.serve(oldest, page({"k"}));
  EXPECT_EQ(renders_, 1);
}

TEST_F(ResponseCacheTest, TimeLimitedEntriesExpire) {
  ResponseCache cache({}, clock_);
  Request r = get("/en/");
  auto render = [&](Request& req) {
    Response resp = page({"k"})(req);
    resp.cache_ttl = std::chrono::seconds(300);
    return resp;
  };
  cache.serve(r, render);
  clock_.advance(std::chrono::seconds(299));
  cache.serve(r, render);
  EXPECT_EQ(renders_, 1);
  clock_.advance(std::chrono::seconds(2));
  cache.serve(r, render);
  EXPECT_EQ(renders_, 2);
}

TEST_F(ResponseCacheTest, SignedInUsersCookiesAndUncacheableResponsesGoAround) {
  ResponseCache cache({}, clock_);
  Request signed_in = get("/en/", {{"Cookie", "qalam_session=abc"}});
  cache.serve(signed_in, page({"k"}));
  Response r = cache.serve(signed_in, page({"k"}));
  EXPECT_EQ(renders_, 2);
  EXPECT_EQ(r.header("Cache-Control"), "private, no-cache");
  Request anonymous = get("/x");
  auto with_cookie = [&](Request& req) {
    Response resp = page({"k"})(req);
    resp.set_header("Set-Cookie", "a=b");
    return resp;
  };
  cache.serve(anonymous, with_cookie);
  cache.serve(anonymous, with_cookie);
  EXPECT_EQ(renders_, 4);
  auto private_page = [&](Request&) {
    ++renders_;
    return Response::content(200, "text/html", "mine");
  };
  cache.serve(anonymous, private_page);
  cache.serve(anonymous, private_page);
  EXPECT_EQ(renders_, 6);
  Request post = get("/y");
  post.method = "POST";
  cache.serve(post, page({"k"}));
  cache.serve(post, page({"k"}));
  EXPECT_EQ(renders_, 8);
  EXPECT_EQ(cache.stats().entries, 0u);
}

TEST_F(ResponseCacheTest, DisabledCacheRendersEveryTimeButKeepsTheHeaders) {
  CacheOptions o;
  o.enabled = false;
  ResponseCache cache(o, clock_);
  Request r = get("/en/");
  cache.serve(r, page({"home:en"}));
  Response second = cache.serve(r, page({"home:en"}));
  EXPECT_EQ(renders_, 2);
  EXPECT_EQ(second.header("Surrogate-Key"), "home:en");
}

TEST_F(ResponseCacheTest, EvictionsAreAnnouncedWithTheirKeys) {
  ResponseCache cache({}, clock_);
  std::vector<std::string> heard;
  cache.set_eviction_listener([&](const std::vector<std::string>& keys) { heard = keys; });
  cache.evict({"article:7", "articles:en"});
  EXPECT_EQ(heard, (std::vector<std::string>{"article:7", "articles:en"}));
}

}  // namespace
}  // namespace qalam::http
