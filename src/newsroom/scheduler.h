// Scheduler: publishes scheduled pieces when their time comes. It runs once when
// started (so times missed while the server was down are published at start-up) and
// then every `interval` on its own thread until destroyed.
//
// Thread-safety: constructed and destroyed by one thread; runs Editorial::publish_due
// on its own.
#pragma once

#include <chrono>
#include <functional>

#include "core/periodic.h"
#include "newsroom/editorial.h"

namespace qalam::newsroom {

class Scheduler {
 public:
  // `may_run`, when given, is asked before each run: with several processes on one
  // database only the one holding the scheduler's lease publishes.
  Scheduler(Editorial& editorial, std::chrono::milliseconds interval, std::function<bool()> may_run = nullptr);

 private:
  static void publish(Editorial& editorial, const std::function<bool()>& may_run, const char* when);
  std::function<bool()> may_run_;
  Periodic periodic_;
};

}  // namespace qalam::newsroom
