#include "newsroom/scheduler.h"

#include <spdlog/spdlog.h>

namespace qalam::newsroom {

void Scheduler::publish(Editorial& editorial, const char* when) {
  auto ids = editorial.publish_due();
  if (!ids.empty()) spdlog::info("published {} scheduled piece(s){}", ids.size(), when);
}

Scheduler::Scheduler(Editorial& editorial, std::chrono::milliseconds interval)
    : periodic_(interval, [&editorial] { publish(editorial, ""); }) {
  // Before the first request: times missed while the server was down.
  publish(editorial, " whose time passed while the server was down");
}

}  // namespace qalam::newsroom
