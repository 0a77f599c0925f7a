#include "app/job_lease.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <random>

namespace qalam::app {
namespace {

// host:pid:random, unique among the processes of one database.
std::string process_name() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device random;
  return std::string(host) + ":" + std::to_string(::getpid()) + ":" + std::to_string(random() % 1000000);
}

}  // namespace

JobLease::JobLease(store::LeaseRepository& leases, std::string name, std::chrono::seconds ttl, Clock clock)
    : leases_(leases), name_(std::move(name)), ttl_(ttl), clock_(std::move(clock)), holder_(process_name()) {}

JobLease::~JobLease() {
  if (held_) (void)leases_.release(name_, holder_);
}

bool JobLease::held() {
  const auto now_at = clock_();
  // Two thirds of the lease are left: no other process can have taken it.
  if (held_ && now_at - renewed_ < ttl_ / 3) return true;
  auto taken = leases_.take(name_, holder_, ttl_);
  bool now = taken.ok() && *taken;
  if (!taken.ok()) spdlog::warn("{}: the lease could not be read: {}", name_, taken.status().to_string());
  if (now != held_) spdlog::info("{}: {} on this node", name_, now ? "runs" : "no longer runs");
  held_ = now;
  if (now) renewed_ = now_at;
  return now;
}

}  // namespace qalam::app
