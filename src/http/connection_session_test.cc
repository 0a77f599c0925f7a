// The HTTP session driven through Beast's test stream: every branch a connection can
// take (partial headers, limits, deadlines, a peer gone mid-write, pipelining,
// smuggling attempts, a drain) and a read or write failing at each step in turn.
#include "http/connection_session.h"

#include <gtest/gtest.h>

#include <boost/beast/_experimental/test/stream.hpp>
#include <memory>
#include <string>
#include <vector>

namespace qalam::http::session {
namespace {

namespace test = boost::beast::test;

// The test stream with the deadline a TCP stream has: when it passes, the stream is
// closed and a pending read or write fails, as beast::tcp_stream's does.
class TimedStream : public test::stream {
 public:
  // `fails`, when given, fails its Nth read or write with test::error::test_failure.
  TimedStream(asio::io_context& io, test::fail_count* fails)
      : test::stream(fails ? test::stream(io, *fails) : test::stream(io)), timer_(io) {}

  void expires_after(std::chrono::steady_clock::duration d) {
    timer_.expires_after(d);
    timer_.async_wait([this](const beast::error_code& ec) {
      if (ec) return;  // re-armed or cancelled
      timed_out = true;
      close();
    });
  }
  // The peer is gone: every write fails as a TCP socket's does after a reset (Beast's
  // test stream would otherwise take writes after its peer closed).
  template <class Buffers, class Handler>
  auto async_write_some(const Buffers& buffers, Handler&& handler) {
    if (!peer_gone) return test::stream::async_write_some(buffers, std::forward<Handler>(handler));
    return asio::async_initiate<Handler, void(beast::error_code, std::size_t)>(
        [this](auto done) {
          asio::post(get_executor(), [done = std::move(done)]() mutable {
            std::move(done)(asio::error::connection_reset, std::size_t{0});
          });
        },
        handler);
  }

  bool timed_out = false;
  bool ended = false;
  bool peer_gone = false;

 private:
  asio::steady_timer timer_;
};

void end_stream(TimedStream& stream) {
  stream.ended = true;
  stream.close();
}

// A session on one end of a pipe, a client on the other.
struct Pipe {
  explicit Pipe(test::fail_count* fails = nullptr)
      : server(io, fails), client(io) {
    server.connect(client);
    limits.header_timeout = std::chrono::milliseconds(2'000);
    limits.idle_timeout = std::chrono::milliseconds(2'000);
    host.limits = &limits;
    host.draining = &draining;
    host.trusted_proxies = &proxies;
    host.answer = [this](Request& request) -> awaitable<Response> {
      handled.push_back(request.method + " " + request.target + " " + request.body);
      if (on_handle) on_handle(request);
      co_return Response::content(200, "text/plain", "you asked for " + request.target);
    };
    host.answered = [this](const Request&, const Response& response, size_t bytes, double) {
      answered.push_back(response.status);
      answered_bytes.push_back(bytes);
    };
    host.refused = [this](int status, size_t) { refused.push_back(status); };
  }

  // Starts the session and runs until it ends (or `within` passes: then it is still on).
  void run(std::chrono::milliseconds within = std::chrono::milliseconds(3'000)) {
    if (!started) {
      started = true;
      asio::co_spawn(io, serve(server, host, "192.0.2.7", idle), [this](std::exception_ptr e) {
        if (e) failure = e;
        done = true;
      });
    }
    auto deadline = std::chrono::steady_clock::now() + within;
    while (!done && std::chrono::steady_clock::now() < deadline) {
      io.run_one_for(std::chrono::milliseconds(5));
    }
    if (failure) std::rethrow_exception(failure);
  }

  // What the client has received so far.
  std::string received() { return std::string(client.str()); }

  asio::io_context io;
  TimedStream server;
  test::stream client;
  ServerLimits limits;
  std::atomic<bool> draining{false};
  TrustedProxies proxies;
  Host host;
  bool idle = false;
  bool started = false;
  bool done = false;
  std::exception_ptr failure;
  std::vector<std::string> handled;
  std::function<void(Request&)> on_handle;
  std::vector<int> answered;
  std::vector<size_t> answered_bytes;
  std::vector<int> refused;
};

int count(const std::string& text, std::string_view what) {
  int n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// How many answers `text` holds (status lines at the start of a line).
int status_lines(const std::string& text) {
  return (text.starts_with("HTTP/1.1 ") ? 1 : 0) + count(text, "\nHTTP/1.1 ");
}

TEST(ConnectionSession, AnswersARequestAndKeepsTheConnectionForTheNext) {
  Pipe p;
  p.client.write_some(asio::buffer(std::string("GET /en/ HTTP/1.1\r\nHost: x\r\n\r\n")));
  p.run(std::chrono::milliseconds(200));
  EXPECT_FALSE(p.done) << "a keep-alive connection waits for the next request";
  EXPECT_TRUE(p.idle);
  std::string got = p.received();
  EXPECT_TRUE(got.starts_with("HTTP/1.1 200 OK\r\n")) << got;
  EXPECT_NE(got.find("you asked for /en/"), std::string::npos);
  EXPECT_EQ(p.handled, std::vector<std::string>{"GET /en/ "});
  EXPECT_EQ(p.answered, std::vector<int>{200});

  p.client.write_some(asio::buffer(std::string("GET /ru/ HTTP/1.1\r\nHost: x\r\n\r\n")));
  p.run(std::chrono::milliseconds(200));
  EXPECT_EQ(p.handled.size(), 2u);
  EXPECT_EQ(count(p.received(), "HTTP/1.1 200 OK"), 2);

  p.client.close();  // the peer goes: the session ends quietly
  p.run();
  EXPECT_TRUE(p.done);
  EXPECT_TRUE(p.server.ended);
  EXPECT_TRUE(p.refused.empty());
}

TEST(ConnectionSession, PipelinedRequestsAreAnsweredInOrder) {
  Pipe p;
  p.client.write_some(asio::buffer(std::string(
      "GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
      "GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
  p.run();
  ASSERT_TRUE(p.done) << "Connection: close ends the session after its answer";
  EXPECT_EQ(p.handled, (std::vector<std::string>{"GET /one ", "POST /two hello", "GET /three "}));
  std::string got = p.received();
  size_t one = got.find("you asked for /one");
  size_t two = got.find("you asked for /two");
  size_t three = got.find("you asked for /three");
  ASSERT_NE(three, std::string::npos) << got;
  EXPECT_LT(one, two);
  EXPECT_LT(two, three);
  EXPECT_NE(got.find("Connection: close"), std::string::npos);
}

TEST(ConnectionSession, AChunkedBodyIsReadWhole) {
  Pipe p;
  p.client.write_some(asio::buffer(std::string(
      "POST /form HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
      "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")));
  p.run();
  EXPECT_EQ(p.handled, std::vector<std::string>{"POST /form abcde"});
}

TEST(ConnectionSession, HeadersArrivingAByteAtATimeAreReadWhole) {
  Pipe p;
  p.server.read_size(1);
  p.client.write_some(asio::buffer(std::string("GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
  p.run();
  EXPECT_EQ(p.handled, std::vector<std::string>{"GET /slow "});
}

TEST(ConnectionSession, APeerGonePartWayThroughItsHeadersIsNotAnswered) {
  Pipe p;
  p.client.write_some(asio::buffer(std::string("GET /half HTTP/1.1\r\nHo")));
  p.client.close();
  p.run();
  ASSERT_TRUE(p.done);
  EXPECT_TRUE(p.handled.empty());
  EXPECT_TRUE(p.refused.empty()) << "a partial message is the peer's leaving, not a bad request";
  EXPECT_TRUE(p.server.ended);
}

TEST(ConnectionSession, HeadersPastTheLimitAre431AndTheConnectionCloses) {
  Pipe p;
  p.limits.header_bytes = 256;
  p.client.write_some(asio::buffer("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(400, 'a') + "\r\n\r\n"));
  p.run();
  ASSERT_TRUE(p.done);
  std::string got = p.received();
  EXPECT_TRUE(got.starts_with("HTTP/1.1 431 ")) << got;
  EXPECT_NE(got.find("larger than 256 bytes"), std::string::npos);
  EXPECT_NE(got.find("Connection: close"), std::string::npos);
  EXPECT_TRUE(p.handled.empty());
  EXPECT_EQ(p.refused, std::vector<int>{431});
}

TEST(ConnectionSession, ABodyPastItsPathsLimitIs413BeforeItIsRead) {
  Pipe p;
  p.limits.body_bytes = 100;
  p.limits.upload_paths = {"/newsroom/media"};
  p.limits.upload_body_bytes = 10'000;
  // Declared too large: refused from the header alone, the body never sent.
  p.client.write_some(asio::buffer(std::string("POST /en/search HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n")));
  p.run();
  ASSERT_TRUE(p.done);
  EXPECT_TRUE(p.received().starts_with("HTTP/1.1 413 ")) << p.received();
  EXPECT_NE(p.received().find("larger than 100 bytes"), std::string::npos);
  EXPECT_TRUE(p.handled.empty());

  Pipe upload;
  upload.limits = p.limits;
  upload.client.write_some(asio::buffer("POST /newsroom/media HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n"
                                        "Connection: close\r\n\r\n" + std::string(5000, 'x')));
  upload.run();
  EXPECT_EQ(upload.handled.size(), 1u) << "an upload path takes the larger limit";

  Pipe chunked;  // no length declared: the limit stops the body as it arrives
  chunked.limits = p.limits;
  chunked.client.write_some(asio::buffer("POST /en/search HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                                         "c8\r\n" + std::string(200, 'y') + "\r\n0\r\n\r\n"));
  chunked.run();
  EXPECT_TRUE(chunked.received().starts_with("HTTP/1.1 413 ")) << chunked.received();
  EXPECT_TRUE(chunked.handled.empty());
}

TEST(ConnectionSession, MalformedOrAmbiguousRequestsAre400AndClose) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"GARBAGE\r\n\r\n", "Malformed request"},
      {"GET / HTTP/1.1\r\n\r\n", "needs a Host header"},
      {"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "one Host header"},
      {"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "not allowed in an HTTP/1.0 request"},
      {"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", "Malformed request"},
      {"GET http://elsewhere/ HTTP/1.1\r\nHost: a\r\n\r\n", "must be an absolute path"},
  };
  for (const auto& [wire, why] : cases) {
    Pipe p;
    // What follows a refused request is never read as another one (smuggling).
    p.client.write_some(asio::buffer(wire + "GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n"));
    p.run();
    ASSERT_TRUE(p.done) << wire;
    std::string got = p.received();
    EXPECT_TRUE(got.starts_with("HTTP/1.1 400 ")) << wire << " got " << got;
    EXPECT_NE(got.find(why), std::string::npos) << wire << " got " << got;
    EXPECT_EQ(status_lines(got), 1) << wire << " got " << got;
    for (const auto& h : p.handled) EXPECT_EQ(h.find("smuggled"), std::string::npos) << wire;
  }
}

TEST(ConnectionSession, AClientSilentPastTheHeaderDeadlineIsClosedUnanswered) {
  Pipe p;
  p.limits.header_timeout = std::chrono::milliseconds(30);
  p.client.write_some(asio::buffer(std::string("GET /slowloris HTTP/1.1\r\nHost: x\r\nX-A: ")));
  p.run();
  ASSERT_TRUE(p.done);
  EXPECT_TRUE(p.server.timed_out);
  EXPECT_TRUE(p.handled.empty());
  EXPECT_EQ(p.received(), "");
}

TEST(ConnectionSession, AnIdleKeepAliveConnectionIsClosedAfterTheIdleDeadline) {
  Pipe p;
  p.limits.idle_timeout = std::chrono::milliseconds(30);
  p.client.write_some(asio::buffer(std::string("GET /a HTTP/1.1\r\nHost: x\r\n\r\n")));
  p.run();
  ASSERT_TRUE(p.done);
  EXPECT_TRUE(p.server.timed_out);
  EXPECT_EQ(p.handled.size(), 1u);
  EXPECT_EQ(count(p.received(), "HTTP/1.1 200"), 1);
}

TEST(ConnectionSession, APeerGoneBeforeItsAnswerEndsTheSessionWithoutAnswering) {
  Pipe p;
  p.client.write_some(asio::buffer(std::string("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n")));
  p.on_handle = [&](Request&) { p.server.peer_gone = true; };  // gone while the first is handled
  p.run();
  ASSERT_TRUE(p.done);
  EXPECT_EQ(p.handled, std::vector<std::string>{"GET /a "}) << "nothing more is read after a failed write";
  EXPECT_EQ(p.answered_bytes, std::vector<size_t>{0});
}

// on_sent counts an article's reads: an answer the peer never got is not one.
TEST(ConnectionSession, OnSentRunsOnlyForAnAnswerWrittenWhole) {
  for (bool gone : {false, true}) {
    Pipe p;
    int sent = 0;
    p.host.answer = [&](Request& request) -> awaitable<Response> {
      p.server.peer_gone = gone;
      Response r = Response::content(200, "text/plain", "a page");
      r.on_sent = [&sent](const Request&) { ++sent; };
      co_return r;
    };
    p.client.write_some(asio::buffer(std::string("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")));
    p.run();
    ASSERT_TRUE(p.done);
    EXPECT_EQ(sent, gone ? 0 : 1) << (gone ? "peer gone" : "peer there");
  }
}

TEST(ConnectionSession, ADrainAnswersTheRequestInHandWithConnectionCloseAndReadsNoMore) {
  Pipe p;
  p.client.write_some(asio::buffer(std::string("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n")));
  p.on_handle = [&](Request&) { p.draining = true; };
  p.run();
  ASSERT_TRUE(p.done);
  EXPECT_EQ(p.handled, std::vector<std::string>{"GET /a "});
  EXPECT_NE(p.received().find("Connection: close"), std::string::npos);
}

TEST(ConnectionSession, HttpTenAndHeadAreAnsweredAsTheirVersionAndMethodAsk) {
  Pipe p;
  p.client.write_some(asio::buffer(std::string("HEAD /h HTTP/1.1\r\nHost: x\r\n\r\nGET /ten HTTP/1.0\r\n\r\n")));
  p.run();
  ASSERT_TRUE(p.done) << "HTTP/1.0 without keep-alive closes after its answer";
  std::string got = p.received();
  size_t second = got.find("HTTP/1.1 200", 1);
  ASSERT_NE(second, std::string::npos) << got;
  EXPECT_EQ(got.substr(0, second).find("you asked for"), std::string::npos) << "HEAD sends no body";
  EXPECT_NE(got.find("you asked for /ten"), std::string::npos);
}

// Every read and write failing in turn, on a conversation of three pipelined requests:
// the session ends each time without an exception, answers nothing it did not read
// whole, never writes an answer after a failed one, and the peer holds a prefix of
// what the whole conversation sends.
TEST(ConnectionSession, EachReadOrWriteFailingInTurnEndsTheConnectionCleanly) {
  const std::string wire =
      "GET /one HTTP/1.1\r\nHost: x\r\n\r\n"
      "POST /two HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
      "GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  auto conversation = [&](test::fail_count* fails, size_t read_size, size_t write_size) {
    auto p = std::make_unique<Pipe>(fails);
    p->server.read_size(read_size);
    p->server.write_size(write_size);
    p->client.write_some(asio::buffer(wire));
    p->run();
    return p;
  };
  for (auto [read_size, write_size] : {std::pair<size_t, size_t>{4096, 4096}, {7, 11}}) {
    auto whole = conversation(nullptr, read_size, write_size);
    ASSERT_TRUE(whole->done);
    ASSERT_EQ(whole->handled.size(), 3u);
    const std::string expected = whole->received();
    // Dates in the heads can change between runs: compare the answers' order and shape.
    auto shape = [](const std::string& s) {
      std::string out;
      for (std::string_view line : {"you asked for /one", "you asked for /two", "you asked for /three"}) {
        if (s.find(line) != std::string::npos) out += std::string(line) + "|";
      }
      return out;
    };
    size_t failures = 0;
    for (size_t n = 1;; ++n) {
      test::fail_count fails(n);
      auto p = conversation(&fails, read_size, write_size);
      ASSERT_TRUE(p->done) << "fail at " << n;
      EXPECT_TRUE(p->server.ended) << "fail at " << n;
      EXPECT_TRUE(p->refused.empty()) << "a failed read is not answered as a bad request; fail at " << n;
      std::string got = p->received();
      EXPECT_EQ(got.size() <= expected.size(), true) << "fail at " << n;
      EXPECT_TRUE(shape(expected).starts_with(shape(got))) << "fail at " << n << ": " << got;
      // Answers sent whole come before any cut one: each full answer was handled.
      EXPECT_LE(static_cast<size_t>(count(got, "you asked for")), p->handled.size()) << "fail at " << n;
      if (p->handled.size() == 3 && count(got, "you asked for") == 3) break;  // no step failed
      ++failures;
      ASSERT_LT(n, 500u) << "the conversation never completes";
    }
    EXPECT_GT(failures, 3u) << "the loop failed each step of the conversation";
  }
}

}  // namespace
}  // namespace qalam::http::session
