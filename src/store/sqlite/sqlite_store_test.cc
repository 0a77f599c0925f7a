// What only the SQLite backend has: a file that can go away under the store. The
// schema, settings, concurrency and change feed tests run on every backend
// (store/conformance/schema_store_test.cc).
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/testing/temp_dir.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/search_index.h"

namespace qalam::store::sqlite {
namespace {

TEST(SqliteStoreTest, PingFailsWhenTheFileIsGone) {
  qalam::testing::TempDir dir{"qalam_store"};
  auto store = open_sqlite_store({(dir.path() / "site.db").string(), 2, 1000, {}});
  ASSERT_TRUE(store.ok()) << store.status().to_string();
  ASSERT_TRUE((*store)->migrate(nullptr).ok());
  EXPECT_TRUE((*store)->ping().ok());
  std::filesystem::rename(dir.path() / "site.db", dir.path() / "moved.db");
  EXPECT_EQ((*store)->ping().code(), StatusCode::unavailable);
}

// database.cache_mb reaches each connection's page cache (SQLite's own default, 2 MB,
// holds little of a large site's indexes).
TEST(SqliteStoreTest, AConnectionKeepsThePagesItWasToldTo) {
  qalam::testing::TempDir dir{"qalam_store"};
  SqliteSearchIndex index;
  for (int mb : {16, 64}) {
    SqliteConnection::Options options{(dir.path() / "site.db").string()};
    options.cache_mb = mb;
    auto c = SqliteConnection::open(options, index);
    ASSERT_TRUE(c.ok()) << c.status().to_string();
    auto q = (*c)->query("PRAGMA cache_size");
    ASSERT_TRUE(q.next()) << q.status().to_string();
    EXPECT_EQ(q.integer(0), -1024 * mb);  // negative: KiB, not pages
  }
}

}  // namespace
}  // namespace qalam::store::sqlite
