// JobLease: a periodic job (the scheduler, feed polling) runs on one process at a time
// of those serving one database. Each run first takes or renews the lease; a process
// killed while holding it hands the job over once the lease expires (`ttl`), one that
// stops gives it up at once. A lease held is renewed once a third of `ttl` has passed,
// not on every run (a write each time, an fsync on SQLite).
//
// Thread-safety: held() from the job's own thread.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "store/store.h"

namespace qalam::app {

class JobLease {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  JobLease(store::LeaseRepository& leases, std::string name, std::chrono::seconds ttl,
           Clock clock = std::chrono::steady_clock::now);
  ~JobLease();
  JobLease(const JobLease&) = delete;
  JobLease& operator=(const JobLease&) = delete;

  // Whether this process runs the job now (the lease taken or renewed); false too when
  // the database does not answer.
  bool held();
  const std::string& holder() const { return holder_; }

 private:
  store::LeaseRepository& leases_;
  std::string name_;
  std::chrono::seconds ttl_;
  Clock clock_;
  std::string holder_;
  bool held_ = false;
  std::chrono::steady_clock::time_point renewed_;  // when the lease was last taken
};

}  // namespace qalam::app
