#include "static_site/static_paths.h"

#include <gtest/gtest.h>

namespace qalam::static_site {
namespace {

TEST(FileForPath, PagesBecomeHtmlFilesAndFoldersTheirIndex) {
  EXPECT_EQ(file_for_path("/en/"), "en/index.html");
  EXPECT_EQ(file_for_path("/"), "index.html");
  EXPECT_EQ(file_for_path("/en/articles/baku-talks"), "en/articles/baku-talks.html");
  EXPECT_EQ(file_for_path("/en/tags/shusha/page/2"), "en/tags/shusha/page/2.html");
  EXPECT_EQ(file_for_path("/en/authors/x/feed.xml"), "en/authors/x/feed.xml");
  EXPECT_EQ(file_for_path("/sitemaps/articles-1.xml"), "sitemaps/articles-1.xml");
  EXPECT_EQ(file_for_path("/robots.txt"), "robots.txt");
}

TEST(FileForPath, RefusesWhatCouldLeaveTheExportOrIsNoPage) {
  for (const char* bad : {"", "en/", "/en/../../etc/passwd", "/en/./x", "/.qalam-export.json", "/en/search?q=x",
                          "/en/x#top", "//evil.example/x", "/en//x"}) {
    EXPECT_EQ(file_for_path(bad), "") << bad;
  }
}

TEST(IsCompressible, TextYesImagesNo) {
  EXPECT_TRUE(is_compressible("en/index.html"));
  EXPECT_TRUE(is_compressible("assets/style.css"));
  EXPECT_TRUE(is_compressible("en/feed.json"));
  EXPECT_FALSE(is_compressible("media/abc-640.webp"));
  EXPECT_FALSE(is_compressible("assets/fonts/noto.woff2"));
}

TEST(InternalLinks, FindsTheSitesOwnAddressesOnly) {
  const std::string page =
      R"(<a href="/en/articles/a">A</a> <a href="/en/tags/x#top">x</a> <a href="https://other.example/y">y</a>)"
      R"(<a href="//cdn.example/z">z</a> <a href="/en/search?q=a&amp;page=2">2</a> <img src="/media/p-640.webp">)"
      R"(<link rel="alternate" href="https://news.example/en/feed.xml">)";
  auto links = internal_links(page, "https://news.example");
  EXPECT_EQ(links, (std::vector<std::string_view>{"/en/articles/a", "/en/tags/x", "/media/p-640.webp", "/en/feed.xml"}));
}

TEST(InternalLinks, ReadsSitemapsAndFeeds) {
  const std::string sitemap =
      "<sitemapindex><sitemap><loc>https://news.example/sitemaps/pages.xml</loc></sitemap></sitemapindex>";
  EXPECT_EQ(internal_links(sitemap, "https://news.example"), (std::vector<std::string_view>{"/sitemaps/pages.xml"}));
  const std::string rss = "<item><link>https://news.example/en/articles/b</link></item>";
  EXPECT_EQ(internal_links(rss, "https://news.example"), (std::vector<std::string_view>{"/en/articles/b"}));
  const std::string feed_json = R"({"items":[{"url":"https://news.example/ru/articles/c"}]})";
  EXPECT_EQ(internal_links(feed_json, "https://news.example"), (std::vector<std::string_view>{"/ru/articles/c"}));
}

}  // namespace
}  // namespace qalam::static_site
