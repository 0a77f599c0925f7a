// What only the SQLite backend has: a file that can go away under the store. The
// schema, settings, concurrency and change feed tests run on every backend
// (store/conformance/schema_store_test.cc).
#include "store/sqlite/sqlite_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "core/testing/temp_dir.h"

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

}  // namespace
}  // namespace qalam::store::sqlite
