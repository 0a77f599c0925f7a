// Scheduler: publishes scheduled pieces when their time comes. It runs once when
// started (so times missed while the server was down are published at start-up) and
// then every `interval` on its own thread until destroyed.
//
// Thread-safety: constructed and destroyed by one thread; runs Editorial::publish_due
// on its own.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "newsroom/editorial.h"

namespace qalam::newsroom {

class Scheduler {
 public:
  Scheduler(Editorial& editorial, std::chrono::milliseconds interval);
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

 private:
  void run();

  Editorial& editorial_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace qalam::newsroom
