#include "newsroom/scheduler.h"

#include <spdlog/spdlog.h>

namespace qalam::newsroom {

void Scheduler::publish(Editorial& editorial, const std::function<bool()>& may_run, const char* when) {
  if (may_run && !may_run()) return;
  auto ids = editorial.publish_due();
  if (!ids.empty()) spdlog::info("published {} scheduled piece(s){}", ids.size(), when);
}

Scheduler::Scheduler(Editorial& editorial, std::chrono::milliseconds interval, std::function<bool()> may_run)
    : may_run_(std::move(may_run)), periodic_(interval, [this, &editorial] { publish(editorial, may_run_, ""); }) {
  // Before the first request: times missed while the server was down.
  publish(editorial, may_run_, " whose time passed while the server was down");
}

}  // namespace qalam::newsroom
