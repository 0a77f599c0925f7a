#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "core/testing/temp_dir.h"

namespace qalam::store::sqlite {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> open(std::span<const Migration> history = {}) {
    auto store = open_sqlite_store({(dir_ / "site.db").string(), 2, 1000, history});
    EXPECT_TRUE(store.ok()) << store.status().to_string();
    return std::move(store).value();
  }
  qalam::testing::TempDir dir_{"qalam_store"};
};

TEST_F(SqliteStoreTest, FreshDatabaseIsUnmigratedAndRefused) {
  auto store = open();
  auto v = store->schema_version();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->current, 0);
  EXPECT_EQ(v->latest, static_cast<int>(migrations().size()));
  Status s = check_schema_current(*store);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("run `qalam migrate`"), std::string::npos);
}

TEST_F(SqliteStoreTest, MigrateAppliesEachVersionOnceAndRecordsIt) {
  auto store = open();
  std::vector<int> applied;
  ASSERT_TRUE(store->migrate([&](int v, std::string_view) { applied.push_back(v); }).ok());
  EXPECT_EQ(applied.size(), migrations().size());
  EXPECT_TRUE(check_schema_current(*store).ok());
  applied.clear();
  ASSERT_TRUE(store->migrate([&](int v, std::string_view) { applied.push_back(v); }).ok());
  EXPECT_TRUE(applied.empty());
}

TEST_F(SqliteStoreTest, FailedMigrationRollsBackEntirely) {
  static const Migration history[] = {
      {1, "0001_first", "CREATE TABLE a (x INTEGER);"},
      {2, "0002_broken", "CREATE TABLE b (y INTEGER); INSERT INTO missing VALUES (1);"},
  };
  auto store = open(history);
  Status s = store->migrate(nullptr);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("migration 0002_broken"), std::string::npos) << s.message();
  auto v = store->schema_version();
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->current, 1);
  // Table b from the failed migration must not exist: re-running the fixed step works.
  static const Migration fixed[] = {
      {1, "0001_first", "CREATE TABLE a (x INTEGER);"},
      {2, "0002_fixed", "CREATE TABLE b (y INTEGER);"},
  };
  store.reset();
  auto again = open(fixed);
  EXPECT_TRUE(again->migrate(nullptr).ok());
}

TEST_F(SqliteStoreTest, DatabaseNewerThanBinaryIsRefused) {
  static const Migration future[] = {
      {1, "0001_site_settings", "CREATE TABLE site_settings (key TEXT PRIMARY KEY, value TEXT);"},
      {2, "0002_future", "CREATE TABLE future (x);"},
  };
  ASSERT_TRUE(open(future)->migrate(nullptr).ok());
  static const Migration older[] = {future[0]};
  auto store = open(older);
  Status s = check_schema_current(*store);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.message().find("newer than this qalam knows"), std::string::npos) << s.message();
  EXPECT_FALSE(store->migrate(nullptr).ok());
}

TEST_F(SqliteStoreTest, SettingsRoundTripWithUnicode) {
  auto store = open();
  ASSERT_TRUE(store->migrate(nullptr).ok());
  ASSERT_TRUE(store->settings().put("site.title", "Qələm — Анализ").ok());
  ASSERT_TRUE(store->settings().put("site.title", "Qələm").ok());
  auto v = store->settings().get("site.title");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->value_or(""), "Qələm");
  auto missing = store->settings().get("nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  EXPECT_EQ(store->settings().put("", "x").code(), StatusCode::invalid_argument);
  auto all = store->settings().all();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);
}

TEST_F(SqliteStoreTest, ConcurrentReadersAndWriterAgree) {
  auto store = open();
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
  EXPECT_EQ(store->settings().get("k3")->value_or(""), "49");
}

TEST_F(SqliteStoreTest, PingFailsWhenTheFileIsGone) {
  auto store = open();
  ASSERT_TRUE(store->migrate(nullptr).ok());
  EXPECT_TRUE(store->ping().ok());
  std::filesystem::rename(dir_ / "site.db", dir_ / "moved.db");
  EXPECT_EQ(store->ping().code(), StatusCode::unavailable);
}

}  // namespace
}  // namespace qalam::store::sqlite
