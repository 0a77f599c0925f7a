// The poller over a real SQLite store and a fetcher the test scripts.
#include "ingest/feed_poller.h"

#include <gtest/gtest.h>

#include <deque>

#include "core/testing/temp_dir.h"
#include "core/time_format.h"
#include "store/sqlite/sqlite_store.h"

namespace qalam::ingest {
namespace {

class ScriptedFetcher final : public FeedFetcher {
 public:
  std::deque<Result<FetchResponse>> answers;
  std::vector<FetchRequest> asked;
  Result<FetchResponse> fetch(const FetchRequest& request) override {
    asked.push_back(request);
    if (answers.empty()) return Status::unavailable("no answer scripted");
    auto a = std::move(answers.front());
    answers.pop_front();
    return a;
  }
};

FetchResponse ok(std::string body, std::string etag = "") {
  FetchResponse r;
  r.status = 200;
  r.body = std::move(body);
  r.etag = std::move(etag);
  r.final_url = "https://press.example/feed.xml";
  return r;
}

std::string rss(const std::vector<std::string>& titles) {
  std::string s = "<rss version=\"2.0\"><channel><title>Press</title><language>de</language>";
  int n = 0;
  for (const auto& t : titles) {
    s += "<item><title>" + t + "</title><link>/story/" + std::to_string(++n) + "?utm_source=rss</link>";
    s += "<pubDate>Tue, 01 Dec 2026 0" + std::to_string(n % 10) + ":00:00 GMT</pubDate>";
    s += "<description>&lt;p&gt;About " + t + "&lt;/p&gt;</description></item>";
  }
  return s + "</channel></rss>";
}

class FeedPollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(store::sqlite::open_sqlite_store({(dir_ / "p.db").string(), 2, 1000, {}})).value();
    ASSERT_TRUE(store_->migrate(nullptr).ok());
    store::FeedSource s;
    s.url = "https://press.example/feed.xml";
    s.name = "Press";
    s.language = "en";
    s.interval_minutes = 30;
    s.created_at = clock_.now();
    id_ = store_->monitoring().add_source(s).value();
  }
  store::FeedSource source() { return store_->monitoring().source(id_).value().value(); }

  qalam::testing::TempDir dir_{"qalam_feed_poller"};
  std::unique_ptr<store::Store> store_;
  FakeClock clock_{parse_timestamp("2026-12-01T12:00:00Z").value()};
  ScriptedFetcher fetcher_;
  int64_t id_ = 0;
};

TEST_F(FeedPollerTest, NewItemsAreKeptWithTheirKeysAndTheSourcesHealth) {
  fetcher_.answers.push_back(ok(rss({"Baku talks", "Shusha festival"}), "\"v1\""));
  FeedPoller poller(store_->monitoring(), fetcher_, clock_);
  PollReport r = poller.poll(source());
  ASSERT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.items_read, 2u);
  EXPECT_EQ(r.added.added, 2u);
  EXPECT_EQ(describe(r), "Press: 2 items, 2 new [RSS 2.0]");
  auto items = store_->monitoring().items({}).value();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].title, "Shusha festival");
  EXPECT_EQ(items[0].link, "https://press.example/story/2?utm_source=rss");
  EXPECT_EQ(items[0].canonical_link, "//press.example/story/2");
  EXPECT_EQ(items[0].title_key, "shusha festival");
  EXPECT_EQ(items[0].summary, "About Shusha festival");
  EXPECT_EQ(items[0].language, "de");  // the feed's, over the source's
  EXPECT_EQ(rfc3339(items[0].published_at), "2026-12-01T02:00:00Z");
  store::FeedSource after = source();
  EXPECT_EQ(after.etag, "\"v1\"");
  EXPECT_EQ(after.items_found, 2);
  EXPECT_EQ(after.failures, 0);
  EXPECT_EQ(rfc3339(after.last_success_at), "2026-12-01T12:00:00Z");
  EXPECT_EQ(rfc3339(after.next_poll_at), "2026-12-01T12:30:00Z");
}

TEST_F(FeedPollerTest, TheNextPollIsConditionalAnd304ChangesOnlyTimes) {
  fetcher_.answers.push_back(ok(rss({"One"}), "\"v1\""));
  FetchResponse not_modified;
  not_modified.status = 304;
  not_modified.not_modified = true;
  fetcher_.answers.push_back(not_modified);
  FeedPoller poller(store_->monitoring(), fetcher_, clock_);
  poller.poll(source());
  clock_.advance(std::chrono::minutes(31));
  PollReport r = poller.poll(source());
  ASSERT_EQ(fetcher_.asked.size(), 2u);
  EXPECT_EQ(fetcher_.asked[1].etag, "\"v1\"");
  EXPECT_TRUE(r.ok && r.not_modified);
  EXPECT_EQ(describe(r), "Press: not modified since the last poll");
  EXPECT_EQ(source().etag, "\"v1\"");
  EXPECT_EQ(source().items_found, 1);
}

TEST_F(FeedPollerTest, FailuresBackOffAndSayWhyUntilASuccess) {
  fetcher_.answers.push_back(Status::unavailable("HTTP 500 Internal Server Error"));
  fetcher_.answers.push_back(ok("<html><body>Moved</body></html>"));
  fetcher_.answers.push_back(Status::unavailable("no whole answer within 30 s"));
  fetcher_.answers.push_back(ok(rss({"Back"})));
  FeedPoller poller(store_->monitoring(), fetcher_, clock_);
  PollReport r1 = poller.poll(source());
  EXPECT_FALSE(r1.ok);
  EXPECT_EQ(describe(r1), "Press: failed: HTTP 500 Internal Server Error");
  EXPECT_EQ(source().failures, 1);
  EXPECT_EQ(rfc3339(source().next_poll_at), "2026-12-01T12:30:00Z");
  PollReport r2 = poller.poll(source());
  EXPECT_EQ(r2.error, "not a feed: an HTML page");
  EXPECT_EQ(source().last_error, "not a feed: an HTML page");
  EXPECT_EQ(rfc3339(source().next_poll_at), "2026-12-01T13:00:00Z");  // twice the interval
  poller.poll(source());
  EXPECT_EQ(source().failures, 3);
  EXPECT_EQ(rfc3339(source().next_poll_at), "2026-12-01T14:00:00Z");
  EXPECT_EQ(rfc3339(source().last_success_at), "1970-01-01T00:00:00Z");  // never yet
  PollReport r4 = poller.poll(source());
  EXPECT_TRUE(r4.ok);
  EXPECT_EQ(source().failures, 0);
  EXPECT_EQ(source().last_error, "");
}

TEST_F(FeedPollerTest, BackoffStopsAtItsCeiling) {
  for (int i = 0; i < 12; ++i) fetcher_.answers.push_back(Status::unavailable("could not connect"));
  FeedPoller poller(store_->monitoring(), fetcher_, clock_);
  for (int i = 0; i < 12; ++i) poller.poll(source());
  EXPECT_EQ(source().failures, 12);
  EXPECT_EQ(rfc3339(source().next_poll_at), "2026-12-02T12:00:00Z");  // 24 h, not 30 min × 2^11
}

TEST_F(FeedPollerTest, UndatedItemsAreDatedWhenReadAndTheReportSaysSo) {
  fetcher_.answers.push_back(
      ok("<rss version=\"2.0\"><channel><item><title>Odd</title><link>https://x.example/1</link>"
         "<pubDate>next Tuesday</pubDate></item><item><title>Future</title><link>https://x.example/2</link>"
         "<pubDate>Tue, 01 Dec 2099 00:00:00 GMT</pubDate></item></channel></rss>"));
  FeedPoller poller(store_->monitoring(), fetcher_, clock_);
  PollReport r = poller.poll(source());
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0],
            "1 items' dates could not be read (first: pubDate: 'next Tuesday' is not a date in a format feeds use "
            "(RFC 822 or RFC 3339)); they are dated when first read");
  auto stored = store_->monitoring().items({}).value();  // a range-for over value() of a temporary dangles
  for (const auto& item : stored) {
    EXPECT_EQ(rfc3339(item.published_at), "2026-12-01T12:00:00Z") << item.title;
    EXPECT_EQ(item.language, "en");  // the source's: the feed names none
  }
}

TEST_F(FeedPollerTest, DueSourcesArePolledOthersWait) {
  fetcher_.answers.push_back(ok(rss({"One"})));
  FeedPoller poller(store_->monitoring(), fetcher_, clock_);
  EXPECT_EQ(poller.poll_due(10).value().size(), 1u);
  EXPECT_EQ(poller.poll_due(10).value().size(), 0u);  // next in 30 minutes
  clock_.advance(std::chrono::minutes(30));
  fetcher_.answers.push_back(ok(rss({"One", "Two"})));
  auto again = poller.poll_due(10).value();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].added.added, 1u);
  EXPECT_EQ(again[0].added.same_guid, 1u);
}

TEST_F(FeedPollerTest, ItemsAreMatchedAgainstTheWatchListsAsTheyArrive) {
  auto& repo = store_->monitoring();
  int64_t karabakh = repo.save_topic({0, "Karabakh", {"Şuşa", "Karabakh, Qarabağ"}, clock_.now()}).value();
  repo.save_topic({0, "Energy", {"pipeline"}, clock_.now()}).value();
  fetcher_.answers.push_back(ok(rss({"Festival in Schuscha", "Weather", "Karabakh pipeline"})));
  FeedPoller poller(repo, fetcher_, clock_);
  PollReport r = poller.poll(source());
  EXPECT_EQ(r.added.matched, 2u);
  EXPECT_EQ(describe(r), "Press: 3 items, 3 new, 2 on the watch lists [RSS 2.0]");
  store::MonitoredItemFilter f;
  f.topic_id = karabakh;
  auto items = repo.items(f).value();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].title, "Karabakh pipeline");
  ASSERT_EQ(items[0].topics.size(), 2u);  // Energy and Karabakh, by name
  EXPECT_EQ(items[0].topics[0].topic, "Energy");
  EXPECT_EQ(items[0].topics[1].terms, std::vector<std::string>{"Karabakh, Qarabağ"});
  EXPECT_EQ(items[1].topics[0].terms, std::vector<std::string>{"Şuşa"});
}

}  // namespace
}  // namespace qalam::ingest
