#include "render/feeds.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/time_format.h"
#include "render/sitemap.h"

namespace qalam::render {
namespace {

Feed sample() {
  Feed f{"Qalam — <Analysis>", "Pieces & more", "https://q.example/en/", "https://q.example/en/feed.xml",
         "https://q.example/en/atom.xml", "https://q.example/en/feed.json", "en",
         parse_timestamp("2021-04-27T17:11:00+04:00").value(), {}};
  f.items.push_back({"https://q.example/en/articles/a", "https://q.example/en/articles/a", "Şuşa & \"peace\"",
                     "Lead <b>", "<p>Body</p>", parse_timestamp("2021-04-27T17:11:00+04:00").value(), {},
                     {{"Vasif Huseynov", "https://q.example/en/authors/vasif-huseynov"}}, {"Karabakh"}});
  return f;
}

TEST(FeedsTest, RssEscapesAndDates) {
  std::string rss = to_rss(sample());
  EXPECT_NE(rss.find("<title>Qalam — &lt;Analysis&gt;</title>"), std::string::npos);
  EXPECT_NE(rss.find("<title>Şuşa &amp; &quot;peace&quot;</title>"), std::string::npos);
  EXPECT_NE(rss.find("<pubDate>Tue, 27 Apr 2021 13:11:00 +0000</pubDate>"), std::string::npos);
  EXPECT_NE(rss.find("<content:encoded>&lt;p&gt;Body&lt;/p&gt;</content:encoded>"), std::string::npos);
  EXPECT_NE(rss.find("rel=\"self\""), std::string::npos);
}

TEST(FeedsTest, AtomHasIdsUpdatedAndAuthors) {
  std::string atom = to_atom(sample());
  EXPECT_NE(atom.find("<updated>2021-04-27T13:11:00Z</updated>"), std::string::npos);
  EXPECT_NE(atom.find("<author><name>Vasif Huseynov</name><uri>https://q.example/en/authors/vasif-huseynov</uri></author>"),
            std::string::npos);
  EXPECT_NE(atom.find("<content type=\"html\">&lt;p&gt;Body&lt;/p&gt;</content>"), std::string::npos);
}

TEST(FeedsTest, JsonFeedIsValidJson) {
  auto doc = boost::json::parse(to_json_feed(sample()));
  EXPECT_EQ(doc.at("version").as_string(), "https://jsonfeed.org/version/1.1");
  EXPECT_EQ(doc.at("items").as_array()[0].at("title").as_string(), "Şuşa & \"peace\"");
  EXPECT_EQ(doc.at("items").as_array()[0].at("authors").as_array()[0].at("name").as_string(), "Vasif Huseynov");
}

TEST(FeedsTest, TranslationsAreLinkedWithHreflangInEveryFormat) {
  Feed f = sample();
  f.items[0].translations = {{"az", "https://q.example/az/articles/a-az"}};
  EXPECT_NE(to_atom(f).find("<link rel=\"alternate\" type=\"text/html\" hreflang=\"az\" href=\"https://q.example/az/articles/a-az\"/>"),
            std::string::npos);
  EXPECT_NE(to_rss(f).find("<atom:link rel=\"alternate\" type=\"text/html\" hreflang=\"az\" href=\"https://q.example/az/articles/a-az\"/>"),
            std::string::npos);
  auto doc = boost::json::parse(to_json_feed(f));
  EXPECT_EQ(doc.at("items").as_array()[0].at("_qalam").at("translations").as_array()[0].at("language").as_string(), "az");
}

TEST(FeedsTest, XmlDropsControlCharacters) {
  std::string out;
  append_xml_escaped(out, std::string("a\x01" "b\tc", 5));
  EXPECT_EQ(out, "ab\tc");
}

TEST(SitemapTest, AlternatesAndIndex) {
  std::string xml = sitemap_xml({{"https://q.example/en/articles/a", parse_timestamp("2021-01-01").value(),
                                  {{"en", "https://q.example/en/articles/a"}, {"az", "https://q.example/az/articles/b"}}}});
  EXPECT_NE(xml.find("<xhtml:link rel=\"alternate\" hreflang=\"az\" href=\"https://q.example/az/articles/b\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("<lastmod>2021-01-01T00:00:00Z</lastmod>"), std::string::npos);
  std::string index = sitemap_index_xml({{"https://q.example/sitemaps/articles-1.xml", {}, {}}});
  EXPECT_NE(index.find("<sitemapindex"), std::string::npos);
  std::string news = news_sitemap_xml({{"https://q.example/en/articles/a", "T & U", "en", parse_timestamp("2021-01-01").value()}}, "Q");
  EXPECT_NE(news.find("<news:title>T &amp; U</news:title>"), std::string::npos);
}

}  // namespace
}  // namespace qalam::render
