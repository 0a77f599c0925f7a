#include "app/site_context.h"

#include <fmt/format.h>
#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "store/sqlite/sqlite_store.h"

namespace qalam::app {

std::unique_ptr<store::Store> open_site_store(const Config& config, int readers) {
  store::sqlite::SqliteOptions options;
  options.path = config.database.path.string();
  options.readers = readers;
  options.busy_timeout_ms = config.database.busy_timeout_ms;
  auto store = store::sqlite::open_sqlite_store(options);
  if (!store.ok()) {
    fmt::print(stderr, "qalam: {}\n", store.status().message());
    return nullptr;
  }
  return std::move(store).value();
}

void setup_logging(const std::string& level) {
  auto logger = spdlog::stderr_logger_mt("qalam");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e %^%l%$ %v");
  logger->set_level(spdlog::level::from_str(level));
  spdlog::set_default_logger(logger);
}

std::shared_ptr<spdlog::logger> make_access_log() {
  spdlog::init_thread_pool(65536, 1);
  auto log = spdlog::create_async<spdlog::sinks::stdout_sink_mt>("access");
  log->set_pattern("%Y-%m-%dT%H:%M:%S.%e access %v");
  log->flush_on(spdlog::level::info);
  return log;
}

}  // namespace qalam::app
