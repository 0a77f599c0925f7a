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
