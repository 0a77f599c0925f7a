#include "http/static_files.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/testing/temp_dir.h"

namespace qalam::http {
namespace {
namespace fs = std::filesystem;

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(base_ / "assets/css");
    std::ofstream(base_ / "assets/css/site.css") << "body{}";
    std::ofstream(base_ / "assets/.secret") << "hidden";
    std::ofstream(base_ / "outside.txt") << "private";
    fs::create_symlink(base_ / "outside.txt", base_ / "assets/link.txt");
  }
  Response get(std::string_view rel, std::vector<Header> headers = {}) {
    Request r;
    r.method = "GET";
    r.headers = std::move(headers);
    return StaticFiles(base_ / "assets").serve(r, rel);
  }
  qalam::testing::TempDir base_{"qalam_static"};
};

TEST_F(StaticFilesTest, ServesWithTypeEtagAndLastModified) {
  Response r = get("css/site.css");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "body{}");
  EXPECT_EQ(r.header("Content-Type"), "text/css; charset=utf-8");
  EXPECT_FALSE(r.header("ETag").empty());
  EXPECT_FALSE(r.header("Last-Modified").empty());
}

TEST_F(StaticFilesTest, ConditionalRequestsGet304) {
  Response first = get("css/site.css");
  Response again = get("css/site.css", {{"If-None-Match", std::string(first.header("ETag"))}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  Response since = get("css/site.css", {{"If-Modified-Since", std::string(first.header("Last-Modified"))}});
  EXPECT_EQ(since.status, 304);
  Response stale = get("css/site.css", {{"If-None-Match", "\"other\""}});
  EXPECT_EQ(stale.status, 200);
}

TEST_F(StaticFilesTest, TextGoesOutCompressedWithItsOwnValidator) {
  std::string css;
  for (int i = 0; i < 200; ++i) css += ".card-" + std::to_string(i) + " { margin: 0 auto; }\n";
  std::ofstream(base_ / "assets/css/big.css") << css;
  Response plain = get("css/big.css");
  EXPECT_EQ(plain.body, css);
  EXPECT_EQ(plain.header("Vary"), "Accept-Encoding");
  EXPECT_TRUE(plain.header("Content-Encoding").empty());
  Response br = get("css/big.css", {{"Accept-Encoding", "gzip, br"}});
  EXPECT_EQ(br.header("Content-Encoding"), "br");
  EXPECT_LT(br.body.size(), css.size() / 4);
  EXPECT_NE(br.header("ETag"), plain.header("ETag"));
  Response gz = get("css/big.css", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz.header("Content-Encoding"), "gzip");
  EXPECT_EQ(gz.body.substr(0, 2), "\x1f\x8b");
  // A validator answers for its own encoding only.
  EXPECT_EQ(get("css/big.css", {{"Accept-Encoding", "br"}, {"If-None-Match", std::string(br.header("ETag"))}}).status, 304);
  EXPECT_EQ(get("css/big.css", {{"If-None-Match", std::string(br.header("ETag"))}}).status, 200);
  // Images are sent as they are.
  std::ofstream(base_ / "assets/p.png") << std::string(1000, 'x');
  EXPECT_TRUE(get("p.png", {{"Accept-Encoding", "br"}}).header("Content-Encoding").empty());
}

TEST_F(StaticFilesTest, NeverLeavesTheRoot) {
  EXPECT_EQ(get("../outside.txt").status, 400);
  EXPECT_EQ(get("css/../../outside.txt").status, 400);
  EXPECT_EQ(get("%2e%2e/outside.txt").status, 400);
  EXPECT_EQ(get("%2E%2E/outside.txt").status, 400);
  EXPECT_EQ(get("css%2f..%2f..%2foutside.txt").status, 400);
  EXPECT_EQ(get("css%5csite.css").status, 400);
  EXPECT_EQ(get("css/site.css%00.png").status, 400);
  EXPECT_EQ(get("css//site.css").status, 400);
  EXPECT_EQ(get("%zz").status, 400);
  EXPECT_EQ(get("link.txt").status, 404);
  EXPECT_EQ(get(".secret").status, 404);
  EXPECT_EQ(get("css").status, 404);
  EXPECT_EQ(get("missing.css").status, 404);
}

}  // namespace
}  // namespace qalam::http
