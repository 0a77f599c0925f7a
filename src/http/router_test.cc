#include "http/router.h"

#include <gtest/gtest.h>

namespace qalam::http {
namespace {

Request make(std::string method, std::string path) {
  Request r;
  r.method = std::move(method);
  r.path = path;
  r.target = path;
  return r;
}

Router sample() {
  Router router;
  router.add("GET", "/healthz", [](const Request&) { return Response::content(200, "text/plain", "ok"); });
  router.add("GET", "/{lang}/articles/{slug}", [](const Request& r) {
    return Response::content(200, "text/plain", std::string(r.param("lang")) + "|" + std::string(r.param("slug")));
  });
  router.add("POST", "/{lang}/articles/{slug}", [](const Request&) { return Response::content(201, "text/plain", "made"); });
  router.add("GET", "/assets/{path...}", [](const Request& r) {
    return Response::content(200, "text/plain", std::string(r.param("path")));
  });
  return router;
}

TEST(RouterTest, MatchesLiteralsAndParameters) {
  Router router = sample();
  auto req = make("GET", "/az/articles/azerbaycanin-xarici");
  Response res = router.dispatch(req);
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "az|azerbaycanin-xarici");
  req = make("POST", "/az/articles/x");
  EXPECT_EQ(router.dispatch(req).status, 201);
}

TEST(RouterTest, TheMostSpecificRouteWinsWhateverTheOrder) {
  Router router;
  auto says = [](std::string what) {
    return [what](const Request& r) { return Response::content(200, "text/plain", what + std::string(r.param("x"))); };
  };
  router.add("GET", "/{x}/", says("lang:"));
  router.add("GET", "/{x}/{y...}", says("rest:"));
  router.add("GET", "/newsroom/", says("newsroom"));
  router.add("GET", "/newsroom/{x}", says("piece:"));
  router.add("HEAD", "/{x}/", says("head:"));
  auto req = make("GET", "/newsroom/");
  EXPECT_EQ(router.dispatch(req).body, "newsroom");
  req = make("GET", "/az/");
  EXPECT_EQ(router.dispatch(req).body, "lang:az");
  req = make("GET", "/newsroom/12");
  EXPECT_EQ(router.dispatch(req).body, "piece:12");
  req = make("GET", "/az/12");
  EXPECT_EQ(router.dispatch(req).body, "rest:az");
  req = make("HEAD", "/newsroom/");
  EXPECT_EQ(router.dispatch(req).body, "head:newsroom");  // an exact-method route beats a GET fallback
}

TEST(RouterTest, RestParameterTakesTheRemainingPath) {
  Router router = sample();
  auto req = make("GET", "/assets/css/site.css");
  EXPECT_EQ(router.dispatch(req).body, "css/site.css");
  req = make("GET", "/assets/");
  EXPECT_EQ(router.dispatch(req).status, 404);
}

TEST(RouterTest, HeadFallsBackToGet) {
  Router router = sample();
  auto req = make("HEAD", "/healthz");
  EXPECT_EQ(router.dispatch(req).status, 200);
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  Router router = sample();
  auto req = make("DELETE", "/en/articles/x");
  Response res = router.dispatch(req);
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(res.header("Allow"), "GET, POST, HEAD");
  req = make("POST", "/healthz");
  EXPECT_EQ(router.dispatch(req).header("Allow"), "GET, HEAD");
}

TEST(RouterTest, UnknownPathIs404AndUsesFallback) {
  Router router = sample();
  auto req = make("GET", "/en/articles");
  EXPECT_EQ(router.dispatch(req).status, 404);
  req = make("GET", "/en/articles/x/extra");
  EXPECT_EQ(router.dispatch(req).status, 404);
  req = make("GET", "/en/articles//");
  EXPECT_EQ(router.dispatch(req).status, 404);
  router.set_fallback([](const Request&) { return Response::content(404, "text/html", "themed"); });
  req = make("GET", "/nowhere");
  EXPECT_EQ(router.dispatch(req).body, "themed");
}

TEST(RouterTest, JsonClientsGetProblemDetails) {
  Router router = sample();
  auto req = make("GET", "/nowhere");
  req.headers.push_back({"Accept", "application/json"});
  Response res = router.dispatch(req);
  EXPECT_EQ(res.header("Content-Type"), "application/problem+json");
  EXPECT_NE(res.body.find("\"status\":404"), std::string::npos);
}

}  // namespace
}  // namespace qalam::http
