// Opening a site: its configuration and its Store, shared by the commands.
#pragma once

#include <memory>

#include "app/config.h"
#include "store/store.h"

namespace spdlog {
class logger;
}

namespace qalam::app {

// Prints the error ("qalam: …") and returns nullptr on failure.
std::unique_ptr<store::Store> open_site_store(const Config& config, int readers);

// Sets up the default logger (stderr) at the configured level.
void setup_logging(const std::string& level);
// The access log: one line per request on stdout, written by a background thread.
std::shared_ptr<spdlog::logger> make_access_log();

}  // namespace qalam::app
