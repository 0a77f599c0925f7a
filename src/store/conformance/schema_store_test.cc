// The schema and the change feed on every backend: migrations apply once (also when
// several processes migrate at once), a failed one leaves nothing, a newer database is
// refused; what a write names reaches this process at once and others through the log.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "core/testing/temp_dir.h"
#include "core/time_format.h"
#include "store/change_keys.h"
#include "store/sql/sql_store.h"
#include "store/testing/backends.h"
#include "store/testing/test_article.h"

namespace qalam::store {
namespace {

using testing::TestDatabase;

class SchemaStoreTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  TestDatabase database() {
    auto db = TestDatabase::create(GetParam(), dir_.path());
    EXPECT_TRUE(db.ok()) << db.status().to_string();
    return std::move(db).value();
  }
  static std::unique_ptr<Store> open(const TestDatabase& db, std::span<const sql::Migration> history = {}) {
    auto store = db.open(history);
    EXPECT_TRUE(store.ok()) << store.status().to_string();
    return std::move(store).value();
  }

  qalam::testing::TempDir dir_{"qalam_schema_store"};
};

TEST_P(SchemaStoreTest, AFreshDatabaseIsUnmigratedAndRefused) {
  auto store = open(database());
  auto v = store->schema_version();
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  EXPECT_EQ(v->current, 0);
  EXPECT_EQ(v->latest, static_cast<int>(testing::migrations_of(GetParam()).size()));
  Status s = check_schema_current(*store);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("run `qalam migrate`"), std::string::npos) << s.message();
}

TEST_P(SchemaStoreTest, MigrateAppliesEachVersionOnceAndRecordsIt) {
  auto store = open(database());
  std::vector<int> applied;
  ASSERT_TRUE(store->migrate([&](int v, std::string_view) { applied.push_back(v); }).ok());
  EXPECT_EQ(applied.size(), testing::migrations_of(GetParam()).size());
  EXPECT_TRUE(check_schema_current(*store).ok());
  applied.clear();
  ASSERT_TRUE(store->migrate([&](int v, std::string_view) { applied.push_back(v); }).ok());
  EXPECT_TRUE(applied.empty());
}

// Several nodes (or `qalam migrate` run twice) starting together on a new database:
// every one succeeds and each migration is applied by exactly one of them.
TEST_P(SchemaStoreTest, ProcessesMigratingAtOnceApplyEachVersionOnce) {
  TestDatabase db = database();
  std::vector<std::unique_ptr<Store>> stores;
  for (int i = 0; i < 4; ++i) stores.push_back(open(db));
  std::atomic<int> applied{0};
  std::vector<Status> results(stores.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < stores.size(); ++i) {
    threads.emplace_back([&, i] { results[i] = stores[i]->migrate([&](int, std::string_view) { ++applied; }); });
  }
  for (auto& t : threads) t.join();
  for (const Status& s : results) EXPECT_TRUE(s.ok()) << s.to_string();
  EXPECT_EQ(applied.load(), static_cast<int>(testing::migrations_of(GetParam()).size()));
  EXPECT_TRUE(check_schema_current(*stores[0]).ok());
  ASSERT_TRUE(stores[1]->settings().put("site.title", "One schema").ok());
  EXPECT_EQ(stores[3]->settings().get("site.title").value().value_or(""), "One schema");
}

TEST_P(SchemaStoreTest, AFailedMigrationRollsBackEntirely) {
  static const sql::Migration history[] = {
      {1, "0001_first", "CREATE TABLE a (x INTEGER);"},
      {2, "0002_broken", "CREATE TABLE b (y INTEGER); INSERT INTO missing VALUES (1);"},
  };
  TestDatabase db = database();
  auto store = open(db, history);
  Status s = store->migrate(nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("migration 0002_broken"), std::string::npos) << s.message();
  auto v = store->schema_version();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->current, 1);
  // Table b of the failed step does not exist: the fixed step applies.
  static const sql::Migration fixed[] = {
      {1, "0001_first", "CREATE TABLE a (x INTEGER);"},
      {2, "0002_fixed", "CREATE TABLE b (y INTEGER);"},
  };
  store.reset();
  auto again = open(db, fixed);
  Status fixed_status = again->migrate(nullptr);
  EXPECT_TRUE(fixed_status.ok()) << fixed_status.to_string();
}

TEST_P(SchemaStoreTest, ADatabaseNewerThanTheBinaryIsRefused) {
  static const sql::Migration future[] = {
      {1, "0001_site_settings", "CREATE TABLE site_settings (key TEXT PRIMARY KEY, value TEXT);"},
      {2, "0002_future", "CREATE TABLE future (x INTEGER);"},
  };
  TestDatabase db = database();
  ASSERT_TRUE(open(db, future)->migrate(nullptr).ok());
  static const sql::Migration older[] = {future[0]};
  auto store = open(db, older);
  Status s = check_schema_current(*store);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("newer than this qalam knows"), std::string::npos) << s.message();
  EXPECT_FALSE(store->migrate(nullptr).ok());
}

TEST_P(SchemaStoreTest, SettingsRoundTripWithUnicode) {
  auto store = open(database());
  ASSERT_TRUE(store->migrate(nullptr).ok());
  ASSERT_TRUE(store->settings().put("site.title", "Qələm — Анализ").ok());
  ASSERT_TRUE(store->settings().put("site.title", "Qələm").ok());
  EXPECT_EQ(store->settings().get("site.title").value().value_or(""), "Qələm");
  auto missing = store->settings().get("nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  EXPECT_EQ(store->settings().put("", "x").code(), StatusCode::invalid_argument);
  auto all = store->settings().all();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);
}

TEST_P(SchemaStoreTest, ConcurrentReadersAndTheWriterAgree) {
  auto store = open(database());
  ASSERT_TRUE(store->migrate(nullptr).ok());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (!store->settings().put("k" + std::to_string(t), std::to_string(i)).ok()) ++failures;
        if (!store->settings().get("k0").ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(store->settings().get("k3").value().value_or(""), "49");
}

QALAM_ON_EVERY_BACKEND(SchemaStoreTest);

class ChangeFeedStoreTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  void SetUp() override {
    auto db = TestDatabase::create(GetParam(), dir_.path());
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    db_.emplace(std::move(db).value());
    writer_ = open();
    ASSERT_TRUE(writer_->migrate(nullptr).ok());
    ContentBatch b;
    b.authors.push_back({Author{0, "vasif", {{"en", "Vasif"}}, {}, "", {}}, "a"});
    ASSERT_TRUE(writer_->import_content(b, nullptr).ok());
    author_id_ = writer_->authors().by_slug("vasif").value()->id;
    // Another process on the same database: it hears of the writer's changes only
    // through the change log.
    reader_ = open();
    reader_->on_change([this](const std::vector<std::string>& keys) { heard_elsewhere_.push_back(keys); });
    ASSERT_TRUE(reader_->follow_changes().ok());  // marks where it starts
    writer_->on_change([this](const std::vector<std::string>& keys) { heard_here_.push_back(keys); });
  }
  std::unique_ptr<Store> open() {
    auto s = db_->open();
    EXPECT_TRUE(s.ok()) << s.status().to_string();
    return std::move(s).value();
  }
  Article piece(const std::string& slug, ArticleStatus status) { return testing::test_article(slug, author_id_, status); }
  static PressItem press_item(const std::string& url) {
    PressItem item;
    item.outlet_name = "Outlet";
    item.original_url = url;
    item.original_lang = "en";
    item.published_on = parse_timestamp("2026-01-01T00:00:00Z").value();
    item.title = "A review";
    return item;
  }
  static bool has(const std::vector<std::string>& keys, const std::string& key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
  }

  qalam::testing::TempDir dir_{"qalam_change_feed"};
  std::optional<TestDatabase> db_;
  std::unique_ptr<Store> writer_, reader_;
  std::vector<std::vector<std::string>> heard_here_, heard_elsewhere_;
  int64_t author_id_ = 0;
  Actor actor_{0, "test"};
};

TEST_P(ChangeFeedStoreTest, APublishedSaveNamesItsPagesHereAtOnceAndElsewhereThroughTheLog) {
  Article a = piece("first", ArticleStatus::published);
  ASSERT_TRUE(writer_->editorial().save(a, actor_).ok());
  // Told in this process before save() returned: the piece, its lists, its author's archive.
  ASSERT_EQ(heard_here_.size(), 1u);
  const auto& keys = heard_here_[0];
  EXPECT_TRUE(has(keys, change_keys::article(a.id)));
  EXPECT_TRUE(has(keys, "articles:en"));
  EXPECT_TRUE(has(keys, "articles::author:" + std::to_string(author_id_)));
  EXPECT_TRUE(has(keys, change_keys::sitemap));
  EXPECT_TRUE(std::is_sorted(keys.begin(), keys.end()));
  // The other process hears the same keys when it reads the log, once.
  EXPECT_TRUE(heard_elsewhere_.empty());
  ASSERT_TRUE(reader_->follow_changes().ok());
  ASSERT_EQ(heard_elsewhere_.size(), 1u);
  EXPECT_EQ(heard_elsewhere_[0], keys);
  ASSERT_TRUE(reader_->follow_changes().ok());
  EXPECT_EQ(heard_elsewhere_.size(), 1u);
  // The writer does not hear its own changes twice.
  ASSERT_TRUE(writer_->follow_changes().ok());
  ASSERT_TRUE(writer_->follow_changes().ok());
  EXPECT_EQ(heard_here_.size(), 1u);
}

TEST_P(ChangeFeedStoreTest, DraftsSettingsAndFailedWrites) {
  // A draft changes nothing readers see: nobody is told, nothing is logged.
  Article d = piece("draft", ArticleStatus::draft);
  ASSERT_TRUE(writer_->editorial().save(d, actor_).ok());
  EXPECT_TRUE(heard_here_.empty());
  // A stale save is refused and tells nobody.
  Article stale = d;
  stale.status = ArticleStatus::published;
  stale.version = 0;
  EXPECT_FALSE(writer_->editorial().save(stale, actor_).ok());
  EXPECT_TRUE(heard_here_.empty());
  ASSERT_TRUE(reader_->follow_changes().ok());
  EXPECT_TRUE(heard_elsewhere_.empty());
  // Settings are on every page.
  ASSERT_TRUE(writer_->settings().put("site.title", "Qalam").ok());
  ASSERT_EQ(heard_here_.size(), 1u);
  EXPECT_EQ(heard_here_[0], std::vector<std::string>{change_keys::settings});
  // A removed published piece takes its pages with it.
  Article p = piece("gone", ArticleStatus::published);
  ASSERT_TRUE(writer_->editorial().save(p, actor_).ok());
  ASSERT_TRUE(writer_->editorial().remove(p.id, p.version).ok());
  ASSERT_EQ(heard_here_.size(), 3u);
  EXPECT_TRUE(has(heard_here_[2], change_keys::article(p.id)));
  EXPECT_TRUE(has(heard_here_[2], change_keys::redirects));
}

TEST_P(ChangeFeedStoreTest, ImportsNameEachRecordAndAProcessThatLostTrackHearsEverything) {
  ContentBatch b;
  b.press_items.push_back({press_item("https://press.example.org/a"), "p"});
  ASSERT_TRUE(writer_->import_content(b, nullptr).ok());
  ASSERT_TRUE(reader_->follow_changes().ok());
  ASSERT_EQ(heard_elsewhere_.size(), 1u);
  EXPECT_EQ(heard_elsewhere_[0], std::vector<std::string>{change_keys::press});
  // A row pruned before this process read it: it cannot know what changed.
  ASSERT_TRUE(writer_->settings().put("site.title", "One").ok());
  ASSERT_TRUE(writer_->settings().put("site.title", "Two").ok());
  auto pruned = dynamic_cast<sql::SqlStore&>(*writer_).database().write([](sql::Connection& c) {
    return c.exec("DELETE FROM change_log WHERE id = (SELECT max(id) - 1 FROM change_log)");
  });
  ASSERT_TRUE(pruned.ok()) << pruned.to_string();
  heard_elsewhere_.clear();
  ASSERT_TRUE(reader_->follow_changes().ok());
  ASSERT_EQ(heard_elsewhere_.size(), 1u);
  EXPECT_EQ(heard_elsewhere_[0], std::vector<std::string>{change_keys::everything});
}

// What the store keeps in memory (settings, sections, the latest press reviews, the
// projects) follows the change feed: at once in the writing process, after
// follow_changes() in another.
TEST_P(ChangeFeedStoreTest, KeptListsFollowTheChangeFeed) {
  auto press = [](Store& s) {
    std::vector<std::string> urls;
    auto items = s.press_items().list(2, 0);
    for (const PressItem& p : items.value()) urls.push_back(p.original_url);
    return urls;
  };
  auto projects = [](Store& s) {
    std::vector<std::string> slugs;
    auto all = s.projects().all();
    for (const Project& p : all.value()) slugs.push_back(p.slug);
    return slugs;
  };
  EXPECT_TRUE(press(*writer_).empty());
  EXPECT_TRUE(press(*reader_).empty());
  EXPECT_TRUE(projects(*reader_).empty());
  ContentBatch b;
  b.press_items.push_back({press_item("https://press.example.org/kept"), "p"});
  Project project;
  project.slug = "missions";
  project.title["en"] = "Missions";
  b.projects.push_back({project, "q"});
  ASSERT_TRUE(writer_->import_content(b, nullptr).ok());
  EXPECT_EQ(press(*writer_), std::vector<std::string>{"https://press.example.org/kept"});
  EXPECT_EQ(projects(*writer_), std::vector<std::string>{"missions"});
  ASSERT_TRUE(reader_->follow_changes().ok());
  EXPECT_EQ(press(*reader_), std::vector<std::string>{"https://press.example.org/kept"});
  EXPECT_EQ(projects(*reader_), std::vector<std::string>{"missions"});
}

// Authors and tags are kept by id and by slug, each until a write names it: another
// process's import of a new name shows once that process follows the change log.
TEST_P(ChangeFeedStoreTest, KeptAuthorsAndTagsFollowTheChangeFeed) {
  ContentBatch first;
  first.tags.push_back({Tag{0, "oil", {{"en", "Oil"}}}, "t"});
  ASSERT_TRUE(writer_->import_content(first, nullptr).ok());
  ASSERT_TRUE(reader_->follow_changes().ok());
  auto tag = reader_->tags().by_slug("oil");
  ASSERT_TRUE(tag.ok() && *tag);
  const int64_t tag_id = (*tag)->id;
  auto author_name = [&](Store& s) { return s.authors().by_ids({author_id_}).value().at(0).name.at("en"); };
  auto author_by_slug = [&](Store& s) { return s.authors().by_slug("vasif").value()->name.at("en"); };
  auto tag_name = [&](Store& s) { return s.tags().by_ids({tag_id, tag_id}).value().at(0).name.at("en"); };
  EXPECT_EQ(author_name(*reader_), "Vasif");
  EXPECT_EQ(author_by_slug(*reader_), "Vasif");
  EXPECT_EQ(tag_name(*reader_), "Oil");
  EXPECT_EQ(reader_->tags().by_ids({tag_id, tag_id}).value().size(), 1u);

  ContentBatch renamed;
  renamed.authors.push_back({Author{0, "vasif", {{"en", "Vasif Q."}}, {}, "", {}}, "a"});
  renamed.tags.push_back({Tag{0, "oil", {{"en", "Oil and gas"}}}, "t"});
  ASSERT_TRUE(writer_->import_content(renamed, nullptr).ok());
  EXPECT_EQ(author_name(*writer_), "Vasif Q.");  // this process: at commit
  EXPECT_EQ(tag_name(*writer_), "Oil and gas");
  EXPECT_EQ(author_name(*reader_), "Vasif");  // the other: kept until it reads the log
  ASSERT_TRUE(reader_->follow_changes().ok());
  EXPECT_EQ(author_name(*reader_), "Vasif Q.");
  EXPECT_EQ(author_by_slug(*reader_), "Vasif Q.");
  EXPECT_EQ(tag_name(*reader_), "Oil and gas");
  EXPECT_EQ(reader_->tags().by_slug("oil").value()->name.at("en"), "Oil and gas");
  // Ids that name nothing are left out, as before.
  EXPECT_TRUE(reader_->authors().by_ids({author_id_ + 1000}).value().empty());
}

QALAM_ON_EVERY_BACKEND(ChangeFeedStoreTest);

}  // namespace
}  // namespace qalam::store
