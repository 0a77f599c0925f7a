#include "core/work_pool.h"

#include <gtest/gtest.h>

#include <future>

namespace qalam {
namespace {

TEST(WorkPool, RunsJobsOnItsThreads) {
  std::promise<std::thread::id> ran;
  WorkPool pool({.threads = 2, .max_queued = 8});
  ASSERT_TRUE(pool.submit([&](bool late) {
    EXPECT_FALSE(late);
    ran.set_value(std::this_thread::get_id());
  }));
  EXPECT_NE(ran.get_future().get(), std::this_thread::get_id());
}

// The promises a job waits on are declared before the pool: the pool's destructor
// joins its threads before they go.
TEST(WorkPool, RefusesPastTheQueueLimitAndCountsIt) {
  std::promise<void> release;
  std::shared_future<void> gate = release.get_future().share();
  std::promise<void> started;
  WorkPool pool({.threads = 1, .max_queued = 2});
  ASSERT_TRUE(pool.submit([&](bool) {
    started.set_value();
    gate.wait();
  }));
  started.get_future().wait();  // the one thread is busy: the next two wait
  EXPECT_TRUE(pool.submit([](bool) {}));
  EXPECT_TRUE(pool.submit([](bool) {}));
  EXPECT_FALSE(pool.submit([](bool) { ADD_FAILURE() << "a refused job ran"; }));
  EXPECT_EQ(pool.stats().refused, 1u);
  EXPECT_EQ(pool.stats().queued, 2u);
  release.set_value();
}

TEST(WorkPool, AJobThatWaitedPastTheDeadlineIsToldItIsLate) {
  std::promise<void> release;
  std::promise<void> started;
  std::promise<bool> told;
  WorkPool pool({.threads = 1, .max_queued = 4, .queue_deadline = std::chrono::milliseconds(20)});
  ASSERT_TRUE(pool.submit([&](bool) {
    started.set_value();
    release.get_future().wait();
  }));
  started.get_future().wait();
  ASSERT_TRUE(pool.submit([&](bool late) { told.set_value(late); }));
  std::this_thread::sleep_for(std::chrono::milliseconds(60));
  release.set_value();
  EXPECT_TRUE(told.get_future().get());
  EXPECT_EQ(pool.stats().late, 1u);
}

TEST(WorkPool, ClosingAnswersWhatIsStillQueued) {
  std::atomic<int> late{0};
  std::promise<void> started;
  std::promise<void> release;
  std::thread closer;
  {
    WorkPool pool({.threads = 1, .max_queued = 16});
    ASSERT_TRUE(pool.submit([&](bool) {
      started.set_value();
      release.get_future().wait();
    }));
    started.get_future().wait();
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(pool.submit([&](bool l) { late += l ? 1 : 0; }));
    // Closing while the first job runs: the five still queued are answered, not lost.
    closer = std::thread([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      release.set_value();
    });
  }
  closer.join();
  EXPECT_EQ(late.load(), 5);
}

}  // namespace
}  // namespace qalam
