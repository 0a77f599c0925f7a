#include "store/sql/keyed_memo.h"

#include <gtest/gtest.h>

namespace qalam::store::sql {
namespace {

struct Thing {
  int64_t id = 0;
  std::string slug;
  std::string name;
};

// A loader that counts its calls and answers from `rows`.
struct Loader {
  std::vector<Thing> rows;
  int calls = 0;
  Result<std::vector<Thing>> operator()(const std::vector<int64_t>& ids) {
    ++calls;
    std::vector<Thing> out;
    for (const Thing& t : rows) {
      if (std::find(ids.begin(), ids.end(), t.id) != ids.end()) out.push_back(t);
    }
    return out;
  }
};

std::vector<std::string> names(const Result<std::vector<Thing>>& things) {
  std::vector<std::string> out;
  for (const Thing& t : things.value()) out.push_back(t.name);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(KeyedMemoTest, ReadsOnlyWhatItDoesNotKeepUntilForgotten) {
  KeyedMemo<Thing> memo;
  Loader db{{{1, "one", "One"}, {2, "two", "Two"}}};
  EXPECT_EQ(names(memo.by_ids({1}, std::ref(db))), std::vector<std::string>{"One"});
  EXPECT_EQ(names(memo.by_ids({1, 2}, std::ref(db))), (std::vector<std::string>{"One", "Two"}));
  EXPECT_EQ(db.calls, 2);
  EXPECT_EQ(names(memo.by_ids({1, 2}, std::ref(db))), (std::vector<std::string>{"One", "Two"}));
  EXPECT_EQ(db.calls, 2);  // both kept
  EXPECT_EQ(memo.by_ids({2, 1, 2}, std::ref(db)).value().size(), 2u);  // each once
  auto slug = memo.by_slug("two", [&] { return Result<std::optional<Thing>>(std::nullopt); });
  ASSERT_TRUE(slug.ok() && *slug);
  EXPECT_EQ((*slug)->name, "Two");  // kept by slug as well

  db.rows[1].name = "Two, renamed";
  memo.forget(2);
  EXPECT_EQ(names(memo.by_ids({1, 2}, std::ref(db))), (std::vector<std::string>{"One", "Two, renamed"}));
  EXPECT_EQ(db.calls, 3);
  memo.forget_all();
  EXPECT_EQ(names(memo.by_ids({1}, std::ref(db))), std::vector<std::string>{"One"});
  EXPECT_EQ(db.calls, 4);
}

TEST(KeyedMemoTest, AValueReadWhileAWriteCommittedIsNotKept) {
  KeyedMemo<Thing> memo;
  Loader db{{{1, "one", "Old"}}};
  // The write commits (and is named) while the read is under way.
  auto read = memo.by_ids({1}, [&](const std::vector<int64_t>& ids) {
    auto old = db(ids);
    db.rows[0].name = "New";
    memo.forget(1);
    return old;
  });
  EXPECT_EQ(names(read), std::vector<std::string>{"Old"});
  EXPECT_EQ(names(memo.by_ids({1}, std::ref(db))), std::vector<std::string>{"New"});
}

TEST(KeyedMemoTest, ErrorsAndMissingIdsAreNotKeptAndThePastCapacityIsDropped) {
  KeyedMemo<Thing> memo(2);
  Loader db{{{1, "one", "One"}, {2, "two", "Two"}, {3, "three", "Three"}}};
  auto failed = memo.by_ids({1}, [](const std::vector<int64_t>&) -> Result<std::vector<Thing>> {
    return Status::unavailable("the database went away");
  });
  EXPECT_EQ(failed.status().code(), StatusCode::unavailable);
  EXPECT_TRUE(memo.by_ids({9}, std::ref(db)).value().empty());
  EXPECT_TRUE(memo.by_ids({9}, std::ref(db)).value().empty());
  EXPECT_EQ(db.calls, 2);  // an id that names nothing is asked again
  EXPECT_EQ(names(memo.by_ids({1, 2}, std::ref(db))).size(), 2u);
  EXPECT_EQ(names(memo.by_ids({3}, std::ref(db))), std::vector<std::string>{"Three"});  // past 2: all dropped
  const int before = db.calls;
  EXPECT_EQ(names(memo.by_ids({1}, std::ref(db))), std::vector<std::string>{"One"});
  EXPECT_EQ(db.calls, before + 1);
}

}  // namespace
}  // namespace qalam::store::sql
