#include "site/view_counter.h"

#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"
#include "core/time_format.h"
#include "store/sqlite/sqlite_store.h"

namespace qalam::site {
namespace {

TEST(ViewCounterTest, BotsAreNotReaders) {
  EXPECT_TRUE(ViewCounter::is_bot(""));
  EXPECT_TRUE(ViewCounter::is_bot("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
  EXPECT_TRUE(ViewCounter::is_bot("curl/7.88.1"));
  EXPECT_TRUE(ViewCounter::is_bot("facebookexternalhit/1.1"));
  EXPECT_TRUE(ViewCounter::is_bot("Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/120.0"));
  EXPECT_FALSE(ViewCounter::is_bot("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36"));
  EXPECT_FALSE(ViewCounter::is_bot("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Version/17.0 Mobile Safari/604.1"));
}

TEST(ViewCounterTest, CountsByHourAndRanksMostRead) {
  qalam::testing::TempDir dir("qalam_views");
  auto store = std::move(store::sqlite::open_sqlite_store({(dir / "v.db").string(), 1, 1000, {}})).value();
  ASSERT_TRUE(store->migrate(nullptr).ok());
  store::ContentBatch b;
  b.authors.push_back({Author{0, "a", {{"en", "A"}}, {}, "", {}}, "a"});
  for (const char* slug : {"one", "two", "three"}) {
    store::ArticleRecord r;
    r.article = Article{0, "en", slug, slug, slug, "", "", ArticleStatus::published,
                        parse_timestamp("2026-11-01").value(), parse_timestamp("2026-11-01").value(), {}, 0, {}, "", "", false};
    r.authors = {"a"};
    r.origin = slug;
    b.articles.push_back(r);
  }
  ASSERT_TRUE(store->import_content(b, nullptr).ok());
  int64_t one = (*store->articles().by_slug("en", "one"))->id, two = (*store->articles().by_slug("en", "two"))->id;

  FakeClock clock(parse_timestamp("2026-11-28T10:15:00Z").value());
  const char* reader = "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0";
  {
    ViewCounter counter(store->views(), clock, std::chrono::hours(1));
    counter.record(one, reader, "10.0.0.1");
    for (int i = 0; i < 3; ++i) counter.record(two, reader, "10.0.0." + std::to_string(i + 1));
    counter.record(two, "Googlebot/2.1", "10.0.0.9");
    ASSERT_TRUE(counter.flush().ok());
    clock.advance(std::chrono::hours(2));
    counter.record(one, reader, "10.0.0.1");  // written when the counter goes away
  }
  auto ranked = store->views().most_read("en", 0, clock.now() - std::chrono::hours(24 * 7), 5);
  ASSERT_TRUE(ranked.ok());
  ASSERT_EQ(ranked->size(), 2u);
  EXPECT_EQ((*ranked)[0].slug, "two");
  EXPECT_EQ((*ranked)[1].slug, "one");
  auto recent = store->views().most_read("en", 0, clock.now() - std::chrono::minutes(30), 5);
  ASSERT_EQ(recent->size(), 1u);
  EXPECT_EQ((*recent)[0].slug, "one");
  EXPECT_TRUE(store->views().add({{999999, 1, 5}}).ok());  // a deleted article's counts are dropped

  // One address reloading an article counts once an hour, however often it comes.
  int64_t three = (*store->articles().by_slug("en", "three"))->id;
  {
    ViewCounter counter(store->views(), clock, std::chrono::hours(1));
    for (int i = 0; i < 300; ++i) counter.record(three, reader, "203.0.113.66");
    counter.record(three, reader, "198.51.100.1");
    counter.record(two, reader, "203.0.113.66");  // another article from it does count
  }
  auto days = store->views().per_day(clock.now() - std::chrono::hours(1));
  ASSERT_TRUE(days.ok());
  ASSERT_EQ(days->size(), 1u);
  // 5 reads earlier today, then 2 of "three" (two addresses) and 1 of "two": not 305.
  EXPECT_EQ(days->front().second, 8);
}

}  // namespace
}  // namespace qalam::site
