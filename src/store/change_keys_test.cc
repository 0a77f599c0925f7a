#include "store/change_keys.h"

#include <gtest/gtest.h>

namespace qalam::store {
namespace {

TEST(ChangeKeysTest, IdInReadsTheIdOfItsOwnKindOnly) {
  EXPECT_EQ(change_keys::id_in(change_keys::author(42), change_keys::kAuthor), 42);
  EXPECT_EQ(change_keys::id_in(change_keys::tag(7), change_keys::kTag), 7);
  EXPECT_EQ(change_keys::id_in(change_keys::tag(7), change_keys::kAuthor), std::nullopt);
  EXPECT_EQ(change_keys::id_in("author:", "author:"), std::nullopt);
  EXPECT_EQ(change_keys::id_in("author:12x", "author:"), std::nullopt);
  EXPECT_EQ(change_keys::id_in("articles:en:author:3", "author:"), std::nullopt);
  EXPECT_EQ(change_keys::id_in(change_keys::everything, "author:"), std::nullopt);
}

}  // namespace
}  // namespace qalam::store
