#include "http/message.h"

#include <gtest/gtest.h>

#include "http/error_response.h"
#include "http/static_files.h"

namespace qalam::http {
namespace {

TEST(MessageTest, PercentDecodeRejectsMalformedEscapes) {
  EXPECT_EQ(percent_decode("a%20b%2Fc").value(), "a b/c");
  EXPECT_EQ(percent_decode("%C9%99").value(), "ə");
  EXPECT_FALSE(percent_decode("%").has_value());
  EXPECT_FALSE(percent_decode("%2").has_value());
  EXPECT_FALSE(percent_decode("%zz").has_value());
}

TEST(MessageTest, QueryParameters) {
  Request r;
  r.query = "q=Az%C9%99rbaycan+dili&page=2&empty=&flag";
  EXPECT_EQ(r.query_param("q").value(), "Azərbaycan dili");
  EXPECT_EQ(r.query_param("page").value(), "2");
  EXPECT_EQ(r.query_param("empty").value(), "");
  EXPECT_EQ(r.query_param("flag").value(), "");
  EXPECT_FALSE(r.query_param("missing").has_value());
  EXPECT_TRUE(r.has_query_param("flag"));
  EXPECT_FALSE(r.has_query_param("lag"));
  r.query = "x=%zz&xpage=2";
  EXPECT_FALSE(r.query_param("x").has_value());
  EXPECT_TRUE(r.has_query_param("x"));  // present, but malformed
  EXPECT_FALSE(r.has_query_param("page"));
}

TEST(MessageTest, HeadersAreCaseInsensitive) {
  Request r;
  r.headers.push_back({"content-TYPE", "text/html"});
  EXPECT_EQ(r.header("Content-Type"), "text/html");
  EXPECT_EQ(r.header("Accept"), "");
}

TEST(MessageTest, ErrorPagesEscapeDetail) {
  Response html = error_response(404, "<script>x</script>", false);
  EXPECT_EQ(html.status, 404);
  EXPECT_EQ(html.body.find("<script>"), std::string::npos);
  EXPECT_NE(html.body.find("&lt;script&gt;"), std::string::npos);
  Response json = error_response(413, "too big", true);
  EXPECT_EQ(json.header("Content-Type"), "application/problem+json");
  EXPECT_EQ(json.body, R"({"type":"about:blank","title":"Content Too Large","status":413,"detail":"too big"})");
}

TEST(MessageTest, StatusMapsToHttpInOnePlace) {
  EXPECT_EQ(http_status_for(StatusCode::invalid_argument), 400);
  EXPECT_EQ(http_status_for(StatusCode::not_found), 404);
  EXPECT_EQ(http_status_for(StatusCode::conflict), 409);
  EXPECT_EQ(http_status_for(StatusCode::unavailable), 503);
  Request r;
  Response hidden = error_response(Status::internal("sqlite said secret things"), r);
  EXPECT_EQ(hidden.status, 500);
  EXPECT_EQ(hidden.body.find("secret"), std::string::npos);
}

TEST(MessageTest, SerializedHeadHasLengthConnectionAndNoInjectedLines) {
  Response r = Response::content(200, "text/plain", "hello");
  r.headers.push_back({"X-Evil", "a\r\nSet-Cookie: x=1"});
  r.headers.push_back({"Bad:Name", "v"});
  EXPECT_EQ(serialize_head(r, true, false),
            "HTTP/1.1 200 OK\r\nServer: qalam\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n");
  EXPECT_EQ(serialize_head(r, false, false).find("Connection: close\r\n\r\n") != std::string::npos, true);
  EXPECT_NE(serialize_head(r, true, true).find("Connection: keep-alive\r\n"), std::string::npos);
  Response not_modified;
  not_modified.status = 304;
  EXPECT_EQ(serialize_head(not_modified, true, false).find("Content-Length"), std::string::npos);
}

TEST(MessageTest, HttpDatesRoundTrip) {
  EXPECT_EQ(http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT").value(), 784111777);
  EXPECT_FALSE(parse_http_date("yesterday").has_value());
}

}  // namespace
}  // namespace qalam::http

namespace qalam::http {
namespace {

TEST(QueryWithout, DropsOnlyTheNamedParameterAndKeepsTheRestEncoded) {
  Request r;
  r.query = "q=a%26b&page=2&pages=3&&page&lang=en";
  EXPECT_EQ(r.query_without("page"), "q=a%26b&pages=3&lang=en");
  r.query = "";
  EXPECT_EQ(r.query_without("page"), "");
}

TEST(Cookies, AreFoundByExactNameAcrossHeaders) {
  Request r;
  r.headers.push_back({"Cookie", "a=1; qalam_session=abc; b=\"q\""});
  r.headers.push_back({"cookie", "late=2"});
  EXPECT_EQ(r.cookie("qalam_session"), "abc");
  EXPECT_EQ(r.cookie("b"), "q");
  EXPECT_EQ(r.cookie("late"), "2");
  EXPECT_FALSE(r.cookie("session").has_value());
  EXPECT_FALSE(r.cookie("qalam").has_value());
}

}  // namespace
}  // namespace qalam::http
