#include "ingest/feed_item_keys.h"

#include <gtest/gtest.h>

namespace qalam::ingest {
namespace {

TEST(FeedItemKeys, CanonicalLinksDropWhatDiffersBetweenCopies) {
  EXPECT_EQ(canonical_link("https://www.Example.com/a/?utm_source=x&b=2&a=1#top"), "//example.com/a?a=1&b=2");
  EXPECT_EQ(canonical_link("http://example.com/a"), canonical_link("https://www.example.com/a/"));
  EXPECT_EQ(canonical_link("http://www.heise.de/developer/meldung/x-3088438.html?wt_mc=rss.developer.beitrag.atom"),
            "//heise.de/developer/meldung/x-3088438.html");
  EXPECT_EQ(canonical_link("https://news.example/story?id=7&fbclid=abc&gclid=def"), "//news.example/story?id=7");
  EXPECT_EQ(canonical_link("https://news.example:8443/x"), "//news.example:8443/x");
  EXPECT_EQ(canonical_link("https://news.example/"), "//news.example");
  EXPECT_NE(canonical_link("https://news.example/story?id=7"), canonical_link("https://news.example/story?id=8"));
  EXPECT_EQ(canonical_link("not a url"), "not a url");
}

TEST(FeedItemKeys, TitleKeysFoldCaseAccentsAndPunctuation) {
  EXPECT_EQ(title_key("Baku: Talks Resume!"), "baku talks resume");
  EXPECT_EQ(title_key("  baku — talks   resume "), "baku talks resume");
  EXPECT_EQ(title_key("Şuşa'da Görüş"), title_key("Susa da gorus"));
  EXPECT_EQ(title_key("Шуша: переговоры"), "шуша переговоры");
  EXPECT_EQ(title_key("!!!"), "");
}

}  // namespace
}  // namespace qalam::ingest
