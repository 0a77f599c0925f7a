// WorkPool: a fixed number of threads running jobs that may block (database writes,
// search, image work, password hashing), so the threads that read and write sockets
// never wait on them. The queue is bounded: submit() refuses a job when `max_queued`
// wait already, and a job that waited past `queue_deadline` is told it is late
// instead of being run for a client that has likely given up. Both answer 503 with
// Retry-After in the server rather than a stall.
//
// Thread-safety: submit() and stats() may be called from any thread. The destructor
// runs every job still queued (as late) and joins the threads.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace qalam {

struct WorkPoolOptions {
  int threads = 4;
  size_t max_queued = 512;
  std::chrono::milliseconds queue_deadline{10'000};
  // Added to the threads' nice value (Linux): the work yields the CPU to the threads
  // that answer readers from memory.
  int nice = 10;
};

struct WorkPoolStats {
  size_t queued = 0;       // waiting now
  size_t running = 0;      // running now
  uint64_t done = 0;       // run to the end
  uint64_t refused = 0;    // turned away at submit(): the queue was full
  uint64_t late = 0;       // waited past the deadline; told so instead of run
};

class WorkPool {
 public:
  // `late` is true when the job waited past the deadline (or the pool is closing):
  // the job should then answer at once without doing its work.
  using Job = std::function<void(bool late)>;

  explicit WorkPool(WorkPoolOptions options);
  ~WorkPool();
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  // False, and `job` dropped unrun, when the queue is full.
  bool submit(Job job);
  WorkPoolStats stats() const;
  const WorkPoolOptions& options() const { return options_; }

 private:
  struct Queued {
    Job job;
    std::chrono::steady_clock::time_point since;
  };
  void run();

  WorkPoolOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Queued> queue_;
  bool stopping_ = false;
  size_t running_ = 0;
  uint64_t done_ = 0, refused_ = 0, late_ = 0;
  std::vector<std::thread> threads_;
};

}  // namespace qalam
