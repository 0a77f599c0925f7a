#include "core/legacy_path.h"

#include <gtest/gtest.h>

namespace qalam {
namespace {

TEST(LegacyPathKey, DropsSchemeHostTrailingSlashAndCase) {
  EXPECT_EQ(legacy_path_key("https://Old.Example/2019/05/06/Hello-World/"), "/2019/05/06/hello-world");
  EXPECT_EQ(legacy_path_key("http://old.example"), "/");
  EXPECT_EQ(legacy_path_key("/category/news/"), "/category/news");
  EXPECT_EQ(legacy_path_key("/a/#comments"), "/a");
}

TEST(LegacyPathKey, DecodesPercentEncodingSoBothSpellingsMeet) {
  // WordPress stores Cyrillic slugs percent-encoded in lower case; browsers send upper case.
  EXPECT_EQ(legacy_path_key("/%d0%bd%d0%be%d0%b2%d0%be%d1%81%d1%82%d0%b8/"), "/новости");
  EXPECT_EQ(legacy_path_key("/%D0%BD%D0%BE%D0%B2%D0%BE%D1%81%D1%82%D0%B8"), "/новости");
}

TEST(LegacyPathKey, KeepsOnlyTheQueryParameterThatNamesARecord) {
  EXPECT_EQ(legacy_path_key("http://old.example/?p=12"), "/?p=12");
  EXPECT_EQ(legacy_path_key("http://old.example/blog/?utm_source=x&page_id=7"), "/blog?page_id=7");
  EXPECT_EQ(legacy_path_key("/x/?utm_source=feed"), "/x");
}

TEST(LegacyLookups, TriesThePathThenWithoutFeedOrPageSuffix) {
  auto l = legacy_lookups("/category/news/feed/", "");
  ASSERT_EQ(l.size(), 2u);
  EXPECT_EQ(l[0].key, "/category/news/feed");
  EXPECT_EQ(l[1].key, "/category/news");
  EXPECT_EQ(l[1].suffix, LegacyLookup::Suffix::feed);
  auto p = legacy_lookups("/tag/x/page/3/", "");
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[1].key, "/tag/x");
  EXPECT_EQ(p[1].page, 3);
  auto q = legacy_lookups("/", "p=5&replytocom=2");
  EXPECT_EQ(q[0].key, "/?p=5");
  auto root_feed = legacy_lookups("/feed/", "");
  EXPECT_EQ(root_feed.back().key, "/");
  EXPECT_EQ(root_feed.back().suffix, LegacyLookup::Suffix::feed);
}

TEST(LegacyDestination, ArchivesGetTheirFeedAndPagesArticlesStayThemselves) {
  LegacyLookup feed{"", LegacyLookup::Suffix::feed, 0};
  LegacyLookup page{"", LegacyLookup::Suffix::page, 2};
  EXPECT_EQ(legacy_destination("/en/tags/x", feed), "/en/tags/x/feed.xml");
  EXPECT_EQ(legacy_destination("/en/tags/x", page), "/en/tags/x/page/2");
  EXPECT_EQ(legacy_destination("/en/", feed), "/en/feed.xml");
  EXPECT_EQ(legacy_destination("/en/", page), "/en/?page=2");
  EXPECT_EQ(legacy_destination("/en/articles/a", feed), "/en/articles/a");
  EXPECT_EQ(legacy_destination("/en/articles/a", LegacyLookup{}), "/en/articles/a");
}

}  // namespace
}  // namespace qalam
