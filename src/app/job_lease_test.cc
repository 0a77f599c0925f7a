#include "app/job_lease.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>

namespace qalam::app {
namespace {

// Leases in memory: one holder per name until its time runs out.
class FakeLeases final : public store::LeaseRepository {
 public:
  explicit FakeLeases(const std::chrono::steady_clock::time_point& now) : now_(now) {}
  Result<bool> take(std::string_view name, std::string_view holder, std::chrono::seconds ttl) override {
    ++takes;
    if (fail) return Status::unavailable("the database does not answer");
    auto& lease = leases_[std::string(name)];
    if (!lease.holder.empty() && lease.holder != holder && lease.until > now_) return false;
    lease = {std::string(holder), now_ + ttl};
    return true;
  }
  Status release(std::string_view name, std::string_view holder) override {
    if (leases_[std::string(name)].holder == holder) leases_.erase(std::string(name));
    return Status::ok_status();
  }
  int takes = 0;
  bool fail = false;

 private:
  struct Lease {
    std::string holder;
    std::chrono::steady_clock::time_point until;
  };
  const std::chrono::steady_clock::time_point& now_;
  std::map<std::string, Lease> leases_;
};

TEST(JobLease, RenewsAfterAThirdOfItsTimeNotOnEveryRun) {
  std::chrono::steady_clock::time_point now{};
  FakeLeases leases(now);
  JobLease lease(leases, "scheduler", std::chrono::seconds(30), [&] { return now; });
  EXPECT_TRUE(lease.held());
  EXPECT_EQ(leases.takes, 1);
  now += std::chrono::seconds(5);
  EXPECT_TRUE(lease.held());
  now += std::chrono::seconds(4);
  EXPECT_TRUE(lease.held());
  EXPECT_EQ(leases.takes, 1);  // 9 s of 30: not renewed
  now += std::chrono::seconds(1);
  EXPECT_TRUE(lease.held());
  EXPECT_EQ(leases.takes, 2);  // 10 s: renewed
  now += std::chrono::seconds(9);
  EXPECT_TRUE(lease.held());
  EXPECT_EQ(leases.takes, 2);
}

TEST(JobLease, AnotherProcessAsksEveryRunUntilTheLeaseExpires) {
  std::chrono::steady_clock::time_point now{};
  FakeLeases leases(now);
  auto clock = [&] { return now; };
  std::optional<JobLease> first(std::in_place, leases, "feeds", std::chrono::seconds(30), clock);
  JobLease second(leases, "feeds", std::chrono::seconds(30), clock);
  EXPECT_TRUE(first->held());
  EXPECT_FALSE(second.held());
  EXPECT_FALSE(second.held());
  EXPECT_EQ(leases.takes, 3);  // one not holding asks every time
  now += std::chrono::seconds(31);  // the first stopped renewing (killed)
  EXPECT_TRUE(second.held());
  first.reset();  // its destructor must not release the lease it lost
  now += std::chrono::seconds(1);
  EXPECT_TRUE(second.held());
}

TEST(JobLease, ADatabaseThatDoesNotAnswerMeansNotHeld) {
  std::chrono::steady_clock::time_point now{};
  FakeLeases leases(now);
  JobLease lease(leases, "scheduler", std::chrono::seconds(30), [&] { return now; });
  leases.fail = true;
  EXPECT_FALSE(lease.held());
  leases.fail = false;
  EXPECT_TRUE(lease.held());
}

}  // namespace
}  // namespace qalam::app
