#include "newsroom/scheduler.h"

#include <spdlog/spdlog.h>

namespace qalam::newsroom {

Scheduler::Scheduler(Editorial& editorial, std::chrono::milliseconds interval)
    : editorial_(editorial), interval_(interval) {
  auto missed = editorial_.publish_due();
  if (!missed.empty()) spdlog::info("published {} scheduled piece(s) whose time passed while the server was down", missed.size());
  thread_ = std::thread([this] { run(); });
}

Scheduler::~Scheduler() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void Scheduler::run() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
    lock.unlock();
    auto ids = editorial_.publish_due();
    if (!ids.empty()) spdlog::info("published {} scheduled piece(s)", ids.size());
    lock.lock();
  }
}

}  // namespace qalam::newsroom
