// Scheduler: publishes scheduled pieces when their time comes. It runs once when
// started (so times missed while the server was down are published at start-up) and
// then every `interval` on its own thread until destroyed.
//
// Thread-safety: constructed and destroyed by one thread; runs Editorial::publish_due
// on its own.
#pragma once

#include <chrono>

#include "core/periodic.h"
#include "newsroom/editorial.h"

namespace qalam::newsroom {

class Scheduler {
 public:
  Scheduler(Editorial& editorial, std::chrono::milliseconds interval);

 private:
  static void publish(Editorial& editorial, const char* when);
  Periodic periodic_;
};

}  // namespace qalam::newsroom
