#include <gtest/gtest.h>

#include <vector>

#include "core/testing/temp_dir.h"
#include "store/sql/copy.h"
#include "store/sql/sql_store.h"
#include "store/testing/backends.h"

namespace qalam::store {
namespace {

class CopyStoreTest : public ::testing::TestWithParam<testing::Backend> {
 protected:
  std::unique_ptr<Store> migrated(std::span<const sql::Migration> migrations = {}) {
    auto store = testing::open_test_store(GetParam(), {dir_.path(), "copy" + std::to_string(++opened_) + ".db",
                                                       migrations});
    EXPECT_TRUE(store.ok()) << store.status().to_string();
    EXPECT_TRUE((*store)->migrate(nullptr).ok());
    return std::move(store).value();
  }
  static sql::Database& database(Store& store) { return dynamic_cast<sql::SqlStore&>(store).database(); }

  qalam::testing::TempDir dir_{"qalam_copy_store"};
  int opened_ = 0;
};

// Every table the migrations make is either copied or named as left out: "qalam copy
// copies the whole site" stays true when a migration adds a table.
TEST_P(CopyStoreTest, KnowsEveryTableOfTheSchema) {
  auto store = migrated();
  auto unknown = sql::tables_copy_does_not_know(database(*store));
  ASSERT_TRUE(unknown.ok()) << unknown.status().to_string();
  EXPECT_EQ(*unknown, std::vector<std::string>{});
}

// A table it does not know is named, and the copy refuses before writing anything.
TEST_P(CopyStoreTest, RefusesASourceWithATableItDoesNotKnow) {
  std::vector<sql::Migration> list(testing::migrations_of(GetParam()).begin(),
                                   testing::migrations_of(GetParam()).end());
  list.push_back({static_cast<int>(list.size()) + 1, "later", "CREATE TABLE bookmarks (id INTEGER PRIMARY KEY)"});
  auto source = migrated(list);
  auto unknown = sql::tables_copy_does_not_know(database(*source));
  ASSERT_TRUE(unknown.ok()) << unknown.status().to_string();
  EXPECT_EQ(*unknown, std::vector<std::string>{"bookmarks"});

  ASSERT_TRUE(source->settings().put("site.title", "Source").ok());
  auto target = migrated();
  auto before = target->settings().all();
  ASSERT_TRUE(before.ok());
  auto copied = copy_site(*source, *target, nullptr);
  ASSERT_FALSE(copied.ok());
  EXPECT_NE(copied.status().message().find("bookmarks"), std::string::npos) << copied.status().message();
  EXPECT_EQ(target->settings().all().value(), *before);
}

// Rows come across as they are: text, numbers, NULLs, and bytes with zeros in them.
TEST_P(CopyStoreTest, CopiesEveryRowAsItIs) {
  auto source = migrated();
  ASSERT_TRUE(source->settings().put("site.title", "Xəbər — Новости").ok());
  std::string bytes("\x89PNG\r\n\x1a\n\x00\x00\xff", 11);
  ASSERT_TRUE(source->media_files().put("m1.png", bytes).ok());
  auto target = migrated();
  auto copied = copy_site(*source, *target, nullptr);
  ASSERT_TRUE(copied.ok()) << copied.status().to_string();
  EXPECT_EQ(target->settings().get("site.title").value().value_or(""), "Xəbər — Новости");
  EXPECT_EQ(target->media_files().get("m1.png").value().value_or(""), bytes);
}

QALAM_ON_EVERY_BACKEND(CopyStoreTest);

}  // namespace
}  // namespace qalam::store
