// What only the SQLite backend has: a file that can go away under the store. The
// schema, settings, concurrency and change feed tests run on every backend
// (store/conformance/schema_store_test.cc).
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/testing/temp_dir.h"
#include "store/sqlite/database.h"

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

// database.cache_mb reaches the page cache of every connection, the readers' and the
// writer's (SQLite's own default, 2 MB, holds little of a large site's indexes).
TEST(SqliteStoreTest, EveryConnectionKeepsThePagesItWasToldTo) {
  qalam::testing::TempDir dir{"qalam_store"};
  for (int mb : {16, 64}) {
    SqliteDatabase::Options options{(dir.path() / "site.db").string()};
    options.cache_mb = mb;
    auto db = SqliteDatabase::open(options);
    ASSERT_TRUE(db.ok()) << db.status().to_string();
    auto cache_size = [](sql::Connection& c) -> Result<int64_t> {
      auto q = c.query("PRAGMA cache_size");
      if (!q.next()) return q.status().ok() ? Status::internal("no row") : q.status();
      return q.integer(0);
    };
    auto read = (*db)->read(cache_size);
    ASSERT_TRUE(read.ok()) << read.status().to_string();
    EXPECT_EQ(*read, -1024 * mb);  // negative: KiB, not pages
    int64_t written = 0;
    ASSERT_TRUE((*db)->write([&](sql::Connection& c) -> Status {
                     auto size = cache_size(c);
                     if (!size.ok()) return size.status();
                     written = *size;
                     return Status::ok_status();
                   }).ok());
    EXPECT_EQ(written, -1024 * mb);
  }
}

}  // namespace
}  // namespace qalam::store::sqlite
