#include "core/work_pool.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace qalam {

WorkPool::WorkPool(WorkPoolOptions options) : options_(options) {
  int n = std::max(1, options_.threads);
  threads_.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) threads_.emplace_back([this] { run(); });
}

WorkPool::~WorkPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

bool WorkPool::submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || queue_.size() >= options_.max_queued) {
      ++refused_;
      return false;
    }
    queue_.push_back({std::move(job), std::chrono::steady_clock::now()});
  }
  wake_.notify_one();
  return true;
}

WorkPoolStats WorkPool::stats() const {
  std::lock_guard lock(mutex_);
  return {queue_.size(), running_, done_, refused_, late_};
}

void WorkPool::run() {
  if (options_.nice != 0) {
    // Per thread on Linux: the calling thread's own priority. Failing is harmless.
    errno = 0;
    int current = getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)));
    if (errno == 0) (void)setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), current + options_.nice);
  }
  for (;;) {
    Queued next;
    bool late = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and nothing left to answer
      next = std::move(queue_.front());
      queue_.pop_front();
      late = stopping_ || std::chrono::steady_clock::now() - next.since > options_.queue_deadline;
      if (late) ++late_;
      ++running_;
    }
    next.job(late);
    std::lock_guard lock(mutex_);
    --running_;
    if (!late) ++done_;
  }
}

}  // namespace qalam
