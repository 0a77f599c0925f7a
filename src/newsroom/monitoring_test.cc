#include "newsroom/monitoring.h"

#include "newsroom/service_test_fixture.h"

namespace qalam::newsroom {
namespace {

class MonitoringTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    curation_ = std::make_unique<Curation>(*store_, *accounts_);
    monitoring_ = std::make_unique<Monitoring>(*store_, clock_, *accounts_, *curation_);
    editor_ = principal("ed@example.org", Role::editor);
  }
  std::unique_ptr<Curation> curation_;
  std::unique_ptr<Monitoring> monitoring_;
  Principal editor_;
};

std::vector<std::string> fields(const Status& s) {
  std::vector<std::string> out;
  for (const auto& p : s.problems()) out.push_back(p.field + ":" + p.code);
  return out;
}

TEST_F(MonitoringTest, ASourceIsAddedDueAtOnceAndNamedAfterItsHost) {
  auto id = monitoring_->add_source(editor_, {"https://www.dw.com/rss/en", "", "en", "", 30, true});
  ASSERT_TRUE(id.ok()) << id.status().to_string();
  auto s = monitoring_->find_source(editor_, std::to_string(*id)).value();
  EXPECT_EQ(s.name, "www.dw.com");
  EXPECT_EQ(s.next_poll_at, clock_.now());
  EXPECT_EQ(monitoring_->find_source(editor_, "https://www.dw.com/rss/en").value().id, *id);
  auto audit = store_->audit().list(10, 0).value();
  ASSERT_FALSE(audit.empty());
  EXPECT_EQ(audit.front().action, "source.add");
}

TEST_F(MonitoringTest, BadInputNamesEachFieldAndChangesNothing) {
  auto bad = monitoring_->add_source(editor_, {"ftp://x.example/feed", std::string(300, 'n'), "english!", "", 1, true});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::invalid_argument);
  EXPECT_EQ(fields(bad.status()), (std::vector<std::string>{"url:invalid", "name:too_long", "language:invalid",
                                                            "interval_minutes:invalid"}));
  EXPECT_EQ(fields(monitoring_->add_source(editor_, {"", "", "", "", 30, true}).status()),
            (std::vector<std::string>{"url:required"}));
  EXPECT_TRUE(monitoring_->sources(editor_).value().empty());
  ASSERT_TRUE(monitoring_->add_source(editor_, {"https://a.example/f", "A", "", "", 30, true}).ok());
  auto twice = monitoring_->add_source(editor_, {"https://a.example/f", "A", "", "", 30, true});
  EXPECT_EQ(fields(twice.status()), (std::vector<std::string>{"url:taken"}));
}

TEST_F(MonitoringTest, OnlyEditorsAndAdminsManageSources) {
  Principal author = principal("au@example.org", Role::author);
  EXPECT_EQ(monitoring_->add_source(author, {"https://a.example/f", "A", "", "", 30, true}).status().code(),
            StatusCode::permission_denied);
  EXPECT_EQ(monitoring_->sources(author).status().code(), StatusCode::permission_denied);
}

TEST_F(MonitoringTest, UpdateKeepsTheAddressAndRemoveForgets) {
  int64_t id = monitoring_->add_source(editor_, {"https://a.example/f", "A", "", "", 30, true}).value();
  ASSERT_TRUE(monitoring_->update_source(editor_, id, {"https://a.example/f", "Agency", "az", "The Agency", 60, false}).ok());
  auto s = monitoring_->find_source(editor_, "https://a.example/f").value();
  EXPECT_EQ(s.name, "Agency");
  EXPECT_EQ(s.outlet, "The Agency");
  EXPECT_EQ(s.interval_minutes, 60);
  EXPECT_FALSE(s.enabled);
  EXPECT_EQ(fields(monitoring_->update_source(editor_, id, {"https://b.example/f", "A", "", "", 30, true})),
            (std::vector<std::string>{"url:fixed"}));
  ASSERT_TRUE(monitoring_->remove_source(editor_, id).ok());
  EXPECT_EQ(monitoring_->find_source(editor_, std::to_string(id)).status().code(), StatusCode::not_found);
  EXPECT_EQ(monitoring_->remove_source(editor_, id).code(), StatusCode::not_found);
}

TEST_F(MonitoringTest, ATopicMatchesRecentItemsWhenSavedAndTheInboxCountsByState) {
  int64_t src = monitoring_->add_source(editor_, {"https://a.example/f", "A", "", "", 30, true}).value();
  store::FeedSource outcome = monitoring_->find_source(editor_, std::to_string(src)).value();
  auto item = [&](const char* guid, const char* title) {
    store::MonitoredItem m;
    m.guid = guid;
    m.title = title;
    m.title_key = title;
    m.published_at = m.fetched_at = clock_.now();
    return m;
  };
  ASSERT_TRUE(store_->monitoring()
                  .record_poll(outcome, {item("1", "Festival in Schuscha"), item("2", "Rain in Tbilisi")},
                               std::chrono::hours(1))
                  .ok());
  store::MonitoredItemFilter matched;
  matched.matched_only = true;
  EXPECT_EQ(monitoring_->inbox(editor_, matched).value().total, 0);
  auto topic = monitoring_->save_topic(editor_, 0, "Karabakh", "Şuşa\n\nŞuşa\nKarabakh, Qarabağ\n");
  ASSERT_TRUE(topic.ok()) << topic.status().to_string();
  EXPECT_EQ(monitoring_->topics(editor_).value()[0].terms, (std::vector<std::string>{"Şuşa", "Karabakh, Qarabağ"}));
  InboxPage inbox = monitoring_->inbox(editor_, matched).value();
  ASSERT_EQ(inbox.total, 1);
  EXPECT_EQ(monitoring_->waiting(editor_).value(), 1);  // the dashboard's count
  EXPECT_EQ(inbox.items[0].title, "Festival in Schuscha");
  EXPECT_EQ(inbox.fresh, 1);
  EXPECT_EQ(monitoring_->set_state(editor_, {inbox.items[0].id}, store::FeedItemState::dismissed).value(), 1);
  inbox = monitoring_->inbox(editor_, matched).value();
  EXPECT_EQ(inbox.fresh, 0);
  EXPECT_EQ(inbox.dismissed, 1);
  // The terms change: the match goes.
  ASSERT_TRUE(monitoring_->save_topic(editor_, *topic, "Karabakh", "Lachin").ok());
  EXPECT_EQ(monitoring_->inbox(editor_, matched).value().total, 0);
}

TEST_F(MonitoringTest, TopicsAndStatesRefuseBadInput) {
  EXPECT_EQ(fields(monitoring_->save_topic(editor_, 0, "", "").status()),
            (std::vector<std::string>{"name:required", "terms:required"}));
  EXPECT_EQ(fields(monitoring_->save_topic(editor_, 0, "X", "!!!").status()), (std::vector<std::string>{"terms:invalid"}));
  ASSERT_TRUE(monitoring_->save_topic(editor_, 0, "X", "Baku").ok());
  EXPECT_EQ(fields(monitoring_->save_topic(editor_, 0, "X", "Baku").status()), (std::vector<std::string>{"name:taken"}));
  EXPECT_EQ(fields(monitoring_->set_state(editor_, {}, store::FeedItemState::kept).status()),
            (std::vector<std::string>{"items:required"}));
  EXPECT_EQ(fields(monitoring_->set_state(editor_, {1}, store::FeedItemState::used).status()),
            (std::vector<std::string>{"state:invalid"}));
  EXPECT_EQ(monitoring_->item(editor_, 999).status().code(), StatusCode::not_found);
}

TEST_F(MonitoringTest, APressItemIsMadeFromAnInboxItemOnce) {
  int64_t src = monitoring_->add_source(editor_, {"https://faz.example/rss", "FAZ", "de", "Frankfurter Allgemeine", 30, true}).value();
  store::MonitoredItem m;
  m.guid = "1";
  m.link = "https://faz.example/schuscha";
  m.title = "Festival in Schuscha";
  m.title_key = "festival in schuscha";
  m.language = "de";
  m.published_at = m.fetched_at = clock_.now();
  ASSERT_TRUE(store_->monitoring().record_poll(monitoring_->find_source(editor_, std::to_string(src)).value(), {m},
                                               std::chrono::hours(1)).ok());
  int64_t item_id = store_->monitoring().items({}).value()[0].id;
  boost::json::object record{{"outlet", "Frankfurter Allgemeine"}, {"lang", "de"}, {"date", "2026-03-01"},
                             {"title", "Festival in Schuscha"}, {"url", "https://elsewhere.example/ignored"},
                             {"review_title", boost::json::object{{"az", "Şuşada festival"}, {"en", "A festival in Shusha"}}},
                             {"review", boost::json::object{{"en", "The paper describes the festival."}}}};
  // Refused: the review in Azerbaijani has a summary but no headline; nothing changes.
  boost::json::object bad = record;
  bad["review"] = boost::json::object{{"ru", "Без заголовка"}};
  auto refused = monitoring_->make_press_item(editor_, item_id, bad);
  EXPECT_EQ(fields(refused.status()), (std::vector<std::string>{"review_title.ru:required"}));
  EXPECT_EQ(store_->press_items().count().value(), 0);
  EXPECT_EQ(monitoring_->item(editor_, item_id).value().state, store::FeedItemState::fresh);

  auto made = monitoring_->make_press_item(editor_, item_id, record);
  ASSERT_TRUE(made.ok()) << made.status().to_string();
  auto p = store_->press_items().by_url("https://faz.example/schuscha").value().value();  // the item's link
  EXPECT_EQ(p.id, *made);
  EXPECT_EQ(press_headline(p, "en"), "A festival in Shusha");
  auto used = monitoring_->item(editor_, item_id).value();
  EXPECT_EQ(used.state, store::FeedItemState::used);
  EXPECT_EQ(used.press_item_id, *made);
  EXPECT_EQ(fields(monitoring_->make_press_item(editor_, item_id, record).status()),
            (std::vector<std::string>{"item:used"}));
  Principal author = principal("au@example.org", Role::author);
  EXPECT_EQ(monitoring_->make_press_item(author, item_id, record).status().code(), StatusCode::permission_denied);
}

}  // namespace
}  // namespace qalam::newsroom
