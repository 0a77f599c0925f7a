#include "core/status.h"

#include <gtest/gtest.h>

#include "core/clock.h"

namespace qalam {
namespace {

Result<int> parse_positive(int n) {
  if (n <= 0) return Status::invalid("must be positive");
  return n;
}

Status chain(int n) {
  QALAM_RETURN_IF_ERROR(parse_positive(n).status());
  return Status::ok_status();
}

TEST(StatusTest, SuccessCarriesNoMessage) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::ok);
  EXPECT_EQ(s.message(), "");
}

TEST(StatusTest, FailureCarriesCodeMessageAndContext) {
  Status s = Status::not_found("no such article").with_context("articles/x");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::not_found);
  EXPECT_EQ(s.message(), "articles/x: no such article");
  EXPECT_EQ(s.to_string(), "not_found: articles/x: no such article");
}

TEST(StatusTest, FieldProblemsTravelWithTheStatusAndThroughContext) {
  Status s = Status::invalid_fields({{"title", "required", "is required"},
                                     {"slug", "too_long", "is longer than 200 bytes", {{"limit", "200"}}}});
  EXPECT_EQ(s.code(), StatusCode::invalid_argument);
  EXPECT_EQ(s.message(), "title: is required; slug: is longer than 200 bytes");
  ASSERT_EQ(s.problems().size(), 2u);
  EXPECT_EQ(s.problems()[1].code, "too_long");
  EXPECT_EQ(s.problems()[1].args[0].second, "200");
  Status wrapped = s.with_context("line 3");
  EXPECT_EQ(wrapped.problems(), s.problems());
  Status taken = Status::conflict_on({"slug", "taken", "'x' is already used"});
  EXPECT_EQ(taken.code(), StatusCode::conflict);
  EXPECT_EQ(taken.problems().front().field, "slug");
  EXPECT_TRUE(Status::ok_status().problems().empty());
  EXPECT_TRUE(Status::invalid("plain").problems().empty());
}

TEST(StatusTest, ResultHoldsValueOrStatus) {
  auto good = parse_positive(3);
  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 3);
  auto bad = parse_positive(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::invalid_argument);
}

TEST(StatusTest, ReturnIfErrorPropagates) {
  EXPECT_TRUE(chain(1).ok());
  EXPECT_EQ(chain(0).message(), "must be positive");
}

TEST(ClockTest, FakeClockAdvancesOnlyWhenTold) {
  FakeClock clock(TimePoint(std::chrono::seconds(1000)));
  auto t0 = clock.now();
  EXPECT_EQ(clock.now(), t0);
  clock.advance(std::chrono::minutes(2));
  EXPECT_EQ(clock.now() - t0, std::chrono::minutes(2));
}

}  // namespace
}  // namespace qalam
