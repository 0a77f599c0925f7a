// Periodic: runs a task every `interval` on its own thread until destroyed (the
// scheduler's publishing, the response cache's watch for other processes' writes).
// The destructor wakes the thread and waits for a running task to finish.
//
// Thread-safety: constructed and destroyed by one thread; the task runs on its own.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace qalam {

class Periodic {
 public:
  Periodic(std::chrono::milliseconds interval, std::function<void()> task);
  ~Periodic();
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

 private:
  std::chrono::milliseconds interval_;
  std::function<void()> task_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace qalam
