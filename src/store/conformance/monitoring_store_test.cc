#include <gtest/gtest.h>

#include "core/testing/temp_dir.h"
#include "core/time_format.h"
#include "store/change_keys.h"
#include "store/testing/backends.h"

#include <algorithm>
#include <cstdio>

namespace qalam::store {
namespace {

class MonitoringStoreTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    store_ = std::move(testing::open_test_store(GetParam(), {dir_.path()})).value();
    ASSERT_TRUE(store_->migrate(nullptr).ok());
  }
  static TimePoint at(const char* text) { return parse_timestamp(text).value(); }
  MonitoringRepository& repo() { return store_->monitoring(); }

  int64_t add(const std::string& url, const std::string& name) {
    FeedSource s;
    s.url = url;
    s.name = name;
    s.created_at = at("2026-12-01T00:00:00Z");
    auto id = repo().add_source(s);
    EXPECT_TRUE(id.ok()) << id.status().to_string();
    return id.ok() ? *id : 0;
  }
  static MonitoredItem item(std::string guid, std::string link, std::string title_key, const char* when) {
    MonitoredItem m;
    m.guid = std::move(guid);
    m.link = link;
    m.canonical_link = std::move(link);
    m.title = title_key;
    m.title_key = std::move(title_key);
    m.published_at = at(when);
    m.fetched_at = at(when);
    return m;
  }
  FeedSource outcome(int64_t id) { return repo().source(id).value().value(); }

  qalam::testing::TempDir dir_{"qalam_monitoring_store"};
  std::unique_ptr<Store> store_;
};

TEST_P(MonitoringStoreTest, ASourceIsFollowedOnce) {
  add("https://a.example/feed", "A");
  FeedSource again;
  again.url = "https://a.example/feed";
  again.name = "A again";
  auto second = repo().add_source(again);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::conflict);
  ASSERT_EQ(second.status().problems().size(), 1u);
  EXPECT_EQ(second.status().problems()[0].field, "url");
  EXPECT_EQ(second.status().problems()[0].code, "taken");
  EXPECT_EQ(repo().sources().value().size(), 1u);
}

TEST_P(MonitoringStoreTest, DueSourcesAreEnabledOnesWhoseTimeHasCome) {
  int64_t a = add("https://a.example/feed", "A");
  int64_t b = add("https://b.example/feed", "B");
  FeedSource later = outcome(b);
  later.next_poll_at = at("2026-12-01T12:00:00Z");
  ASSERT_TRUE(repo().record_poll(later, {}, std::chrono::hours(48)).ok());
  auto due = repo().due_sources(at("2026-12-01T06:00:00Z")).value();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, a);
  FeedSource off = outcome(a);
  off.enabled = false;
  ASSERT_TRUE(repo().update_source(off).ok());
  EXPECT_TRUE(repo().due_sources(at("2026-12-01T06:00:00Z")).value().empty());
  EXPECT_EQ(repo().due_sources(at("2026-12-01T13:00:00Z")).value().size(), 1u);
}

TEST_P(MonitoringStoreTest, ItemsAreKeptOnceByGuidLinkOrNearTitle) {
  int64_t a = add("https://a.example/feed", "A");
  int64_t b = add("https://b.example/feed", "B");
  auto first = repo().record_poll(outcome(a),
                                  {item("a1", "https://a.example/1", "shusha talks", "2026-12-01T10:00:00Z"),
                                   item("a2", "https://a.example/2", "baku forum", "2026-12-01T11:00:00Z")},
                                  std::chrono::hours(48));
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  EXPECT_EQ(first->added, 2u);
  // The same poll again: nothing new.
  auto again = repo().record_poll(outcome(a), {item("a1", "https://a.example/1", "shusha talks", "2026-12-01T10:00:00Z")},
                                  std::chrono::hours(48));
  EXPECT_EQ(again->added, 0u);
  EXPECT_EQ(again->same_guid, 1u);
  // Another feed carrying the same article, and another wire copy with the same title.
  auto other = repo().record_poll(
      outcome(b),
      {item("b1", "https://a.example/1", "other words", "2026-12-01T10:00:00Z"),
       item("b2", "https://b.example/2", "shusha talks", "2026-12-02T09:00:00Z"),
       item("b3", "https://b.example/3", "shusha talks", "2026-12-09T09:00:00Z")},  // outside the window
      std::chrono::hours(48));
  EXPECT_EQ(other->same_link, 1u);
  EXPECT_EQ(other->same_title, 1u);
  EXPECT_EQ(other->added, 1u);
  EXPECT_EQ(repo().count_items({}).value(), 3);
  auto newest = repo().items({}).value();
  ASSERT_EQ(newest.size(), 3u);
  EXPECT_EQ(newest[0].guid, "b3");
  EXPECT_EQ(newest[0].state, FeedItemState::fresh);
  MonitoredItemFilter only_b;
  only_b.source_id = b;
  EXPECT_EQ(repo().count_items(only_b).value(), 1);
}

TEST_P(MonitoringStoreTest, APollRecordsHealthAndItemsTogether) {
  int64_t a = add("https://a.example/feed", "A");
  FeedSource o = outcome(a);
  o.etag = "\"v1\"";
  o.last_modified = "Tue, 01 Dec 2026 10:00:00 GMT";
  o.last_error = "HTTP 500 Internal Server Error";
  o.failures = 2;
  o.items_found = 7;
  ASSERT_TRUE(repo().record_poll(o, {}, std::chrono::hours(48)).ok());
  FeedSource read = outcome(a);
  EXPECT_EQ(read.etag, "\"v1\"");
  EXPECT_EQ(read.last_modified, "Tue, 01 Dec 2026 10:00:00 GMT");
  EXPECT_EQ(read.last_error, "HTTP 500 Internal Server Error");
  EXPECT_EQ(read.failures, 2);
  EXPECT_EQ(read.items_found, 7);
  FeedSource gone = o;
  gone.id = 999;
  auto missing = repo().record_poll(gone, {item("x", "https://x/1", "x", "2026-12-01T10:00:00Z")}, std::chrono::hours(1));
  EXPECT_EQ(missing.status().code(), StatusCode::not_found);
  EXPECT_EQ(repo().count_items({}).value(), 0);  // nothing of a failed poll's items
}

TEST_P(MonitoringStoreTest, RemovingASourceTakesItsItems) {
  int64_t a = add("https://a.example/feed", "A");
  ASSERT_TRUE(repo().record_poll(outcome(a), {item("a1", "https://a.example/1", "t", "2026-12-01T10:00:00Z")},
                                 std::chrono::hours(48)).ok());
  ASSERT_TRUE(repo().remove_source(a).ok());
  EXPECT_TRUE(repo().sources().value().empty());
  EXPECT_EQ(repo().count_items({}).value(), 0);
  EXPECT_EQ(repo().remove_source(a).code(), StatusCode::not_found);
}

TEST_P(MonitoringStoreTest, TopicsMatchesAndStates) {
  int64_t a = add("https://a.example/feed", "A");
  int64_t karabakh = repo().save_topic({0, "Karabakh", {"Shusha", "Karabakh, Qarabağ"}, at("2026-12-01T00:00:00Z")}).value();
  int64_t baku = repo().save_topic({0, "Baku", {"Baku"}, at("2026-12-01T00:00:00Z")}).value();
  EXPECT_EQ(repo().save_topic({0, "Baku", {"x"}, {}}).status().code(), StatusCode::conflict);
  MonitoredItem one = item("a1", "https://a.example/1", "shusha festival", "2026-12-01T10:00:00Z");
  one.topics = {{karabakh, "", {"Shusha"}}};
  MonitoredItem two = item("a2", "https://a.example/2", "weather", "2026-12-01T11:00:00Z");
  auto added = repo().record_poll(outcome(a), {one, two}, std::chrono::hours(48)).value();
  EXPECT_EQ(added.added, 2u);
  EXPECT_EQ(added.matched, 1u);
  MonitoredItemFilter matched;
  matched.matched_only = true;
  auto inbox = repo().items(matched).value();
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(inbox[0].source_name, "A");
  ASSERT_EQ(inbox[0].topics.size(), 1u);
  EXPECT_EQ(inbox[0].topics[0].topic, "Karabakh");
  EXPECT_EQ(inbox[0].topics[0].terms, std::vector<std::string>{"Shusha"});
  // A topic's terms changed: what it matched is matched again.
  int64_t weather_id = repo().items({}).value()[0].id;
  ASSERT_TRUE(repo().rematch_topic(baku, at("2026-11-01T00:00:00Z"), {{weather_id, {"Baku"}}}).ok());
  MonitoredItemFilter by_baku;
  by_baku.topic_id = baku;
  EXPECT_EQ(repo().count_items(by_baku).value(), 1);
  EXPECT_EQ(repo().count_items(matched).value(), 2);
  // States: kept, dismissed; never out of used.
  EXPECT_EQ(repo().set_state({inbox[0].id, weather_id}, FeedItemState::dismissed).value(), 2);
  EXPECT_EQ(repo().set_state({inbox[0].id}, FeedItemState::dismissed).value(), 0);  // already
  ASSERT_TRUE(repo().mark_used(inbox[0].id, 42).ok());
  EXPECT_EQ(repo().set_state({inbox[0].id}, FeedItemState::fresh).value(), 0);
  auto used = repo().item(inbox[0].id).value().value();
  EXPECT_EQ(used.state, FeedItemState::used);
  EXPECT_EQ(used.press_item_id, 42);
  EXPECT_EQ(repo().mark_used(999, 1).code(), StatusCode::not_found);
  ASSERT_TRUE(repo().remove_topic(karabakh).ok());
  EXPECT_TRUE(repo().item(inbox[0].id).value()->topics.empty());
  EXPECT_EQ(repo().topics().value().size(), 1u);
}

TEST_P(MonitoringStoreTest, AMissionsAccountsWithFeedsAreItsTimelinesSources) {
  ContentBatch b;
  Project p;
  p.slug = "missions";
  p.title = {{"en", "Missions"}};
  p.has_directory = true;
  b.projects.push_back({p, "p"});
  Mission m;
  m.country = "DE";
  m.city = "Berlin";
  m.accounts = {{"mastodon", "https://mastodon.example/@az", "@az", "https://mastodon.example/@az.rss"},
                {"x", "https://x.com/az", "@az", ""}};
  b.missions.push_back({m, "missions", "m"});
  add("https://desk.example/feed.xml", "The desk's own");
  b.missions[0].mission.accounts[1].feed = "https://desk.example/feed.xml";  // a feed the desk follows already
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  auto desk = repo().source_by_url("https://desk.example/feed.xml").value().value();
  EXPECT_EQ(desk.mission_id, 0);  // still the desk's: a mission does not take it over
  EXPECT_EQ(desk.name, "The desk's own");
  ASSERT_TRUE(repo().remove_source(desk.id).ok());
  b.missions[0].mission.accounts[1].feed.clear();
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  auto sources = repo().sources().value();
  ASSERT_EQ(sources.size(), 1u);  // only the account with a feed
  EXPECT_EQ(sources[0].url, "https://mastodon.example/@az.rss");
  EXPECT_EQ(sources[0].network, "mastodon");
  EXPECT_EQ(sources[0].name, "mastodon · Berlin");
  EXPECT_NE(sources[0].mission_id, 0);
  int64_t project_id = store_->projects().by_slug("missions").value()->id;

  // Its posts: kept per account (the latest 20), not in the inbox, and the project page changes.
  std::vector<std::string> heard;
  store_->on_change([&](const std::vector<std::string>& keys) { heard.insert(heard.end(), keys.begin(), keys.end()); });
  std::vector<MonitoredItem> posts;
  for (int i = 0; i < 25; ++i) {
    char when[32];
    std::snprintf(when, sizeof when, "2026-11-%02dT10:00:00Z", i + 1);
    posts.push_back(item("post-" + std::to_string(i), "https://a.example/1", "same words", when));  // same link, same title
  }
  auto added = repo().record_poll(sources[0], posts, std::chrono::hours(48)).value();
  EXPECT_EQ(added.added, 25u);  // a mission's posts are not duplicates of each other
  auto timeline = repo().mission_posts(project_id, 100).value();
  ASSERT_EQ(timeline.size(), 20u);
  EXPECT_EQ(rfc3339(timeline[0].published_at), "2026-11-25T10:00:00Z");
  EXPECT_EQ(timeline[0].network, "mastodon");
  EXPECT_EQ(repo().count_items({}).value(), 0);  // the desk's inbox does not see them
  EXPECT_NE(std::find(heard.begin(), heard.end(), change_keys::project(project_id)), heard.end());

  // The feed taken off the account: its source and posts go.
  b.projects.clear();
  b.missions[0].mission.accounts[0].feed.clear();
  ASSERT_TRUE(store_->import_content(b, nullptr).ok());
  EXPECT_TRUE(repo().sources().value().empty());
  EXPECT_TRUE(repo().mission_posts(project_id, 100).value().empty());
}

QALAM_ON_EVERY_BACKEND(MonitoringStoreTest);

}  // namespace
}  // namespace qalam::store
