#include "app/site_context.h"

#include <algorithm>

#include <fmt/format.h>
#include <spdlog/async.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "app/commands.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace qalam::app {

Result<std::unique_ptr<DatabaseSnapshot>> DatabaseSnapshot::take(store::Store& store,
                                                                 const std::filesystem::path& beside) {
  std::unique_ptr<DatabaseSnapshot> taken(new DatabaseSnapshot(beside.string() + ".db-snapshot"));
  std::error_code ec;
  std::filesystem::remove(taken->path_, ec);  // one a killed run left
  QALAM_RETURN_IF_ERROR(store.snapshot(taken->path_));
  return taken;
}

DatabaseSnapshot::~DatabaseSnapshot() {
  std::error_code ec;
  // With the files SQLite keeps beside a database it opened (qalam export reads it).
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path_.string() + suffix, ec);
}

std::unique_ptr<store::Store> open_site_store(const Config& config, int readers) {
  if (!config.database.url.empty()) {
    auto store = store::postgres::open_postgres_store({config.database.url, readers, {}});
    if (!store.ok()) {
      fmt::print(stderr, "qalam: {}\n", store.status().message());
      return nullptr;
    }
    return std::move(store).value();
  }
  store::sqlite::SqliteOptions options;
  options.path = config.database.path.string();
  options.readers = readers;
  options.busy_timeout_ms = config.database.busy_timeout_ms;
  options.synchronous_full = config.database.synchronous == "full";
  options.cache_mb = config.database.cache_mb;
  auto store = store::sqlite::open_sqlite_store(options);
  if (!store.ok()) {
    fmt::print(stderr, "qalam: {}\n", store.status().message());
    return nullptr;
  }
  return std::move(store).value();
}

Result<std::unique_ptr<store::Store>> open_replica_store(const Config& config, int readers) {
  if (config.database.read_url.empty()) return std::unique_ptr<store::Store>();
  auto replica = store::postgres::open_postgres_store({config.database.read_url, readers, {}});
  if (!replica.ok()) return replica.status().with_context("[database] read_url");
  if (Status s = store::check_schema_current(**replica); !s.ok()) return s.with_context("[database] read_url");
  return replica;
}

Result<StoreSnapshot> open_store_snapshot(const OpenedSite& site, const std::filesystem::path& beside) {
  StoreSnapshot out;
  if (!site.config.database.url.empty()) {
    store::postgres::PostgresOptions options{site.config.database.url, 1, {}};
    options.snapshot = true;
    auto store = store::postgres::open_postgres_store(options);
    if (!store.ok()) return store.status();
    out.store = std::move(store).value();
    return out;
  }
  auto file = DatabaseSnapshot::take(*site.store, beside);
  if (!file.ok()) return file.status();
  out.file = std::move(file).value();
  store::sqlite::SqliteOptions options;
  options.path = out.file->path().string();
  options.readers = 1;
  auto store = store::sqlite::open_sqlite_store(options);
  if (!store.ok()) return store.status().with_context(out.file->path().string() + ": the snapshot could not be opened");
  out.store = std::move(store).value();
  return out;
}

std::optional<OpenedSite> open_site(const std::filesystem::path& dir, int readers, bool require_current_schema,
                                    int& exit_status, int max_cache_mb) {
  auto config = load_config(dir, process_environment());
  if (!config.ok()) {
    fmt::print(stderr, "qalam: {}\n", config.status().message());
    exit_status = 2;
    return std::nullopt;
  }
  if (max_cache_mb > 0) config->database.cache_mb = std::min(config->database.cache_mb, max_cache_mb);
  auto store = open_site_store(*config, readers);
  exit_status = 1;
  if (!store) return std::nullopt;
  if (require_current_schema) {
    if (Status s = store::check_schema_current(*store); !s.ok()) {
      fmt::print(stderr, "qalam: {}\n", s.message());
      return std::nullopt;
    }
  }
  exit_status = 0;
  return OpenedSite{std::move(config).value(), std::move(store)};
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

int exit_status_for(const Status& s) {
  switch (s.code()) {
    case StatusCode::invalid_argument:
    case StatusCode::not_found:
    case StatusCode::conflict:
    case StatusCode::permission_denied:
      return exit_bad_input;
    default:
      return exit_failure;
  }
}

int report_failure(const Status& s) {
  fmt::print(stderr, "qalam: {}\n", s.message());
  // Each field at fault, one a line, unless the message said it already.
  for (const FieldProblem& p : s.problems()) {
    if (p.message != s.message()) fmt::print(stderr, "qalam: {}: {}\n", p.field, p.message);
  }
  return exit_status_for(s);
}

}  // namespace qalam::app
