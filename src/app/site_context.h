// Opening a site: its configuration and its Store, shared by the commands.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <memory>
#include <optional>

#include "app/config.h"
#include "store/store.h"

namespace spdlog {
class logger;
}

namespace qalam::app {

// A site opened for a command: its configuration and its Store.
struct OpenedSite {
  Config config;
  std::unique_ptr<store::Store> store;
};

// Loads DIR/qalam.toml (with the environment) and opens the store; when
// `require_current_schema`, refuses a database that needs `qalam migrate`. On failure
// prints why ("qalam: …"), sets `exit_status` and returns nothing. `max_cache_mb`
// (when not 0) bounds database.cache_mb for a command that reads each record about
// once, where a large page cache is memory and no speed.
std::optional<OpenedSite> open_site(const std::filesystem::path& dir, int readers, bool require_current_schema,
                                    int& exit_status, int max_cache_mb = 0);

// Prints the error ("qalam: …") and returns nullptr on failure.
std::unique_ptr<store::Store> open_site_store(const Config& config, int readers);

// The replica public pages and search read from ([database] read_url): its own
// store, whose reads go there; null when none is configured. Checks its schema.
Result<std::unique_ptr<store::Store>> open_replica_store(const Config& config, int readers);

// A consistent copy of a site's database (Store::snapshot, taken while the site serves
// and writes) in FILE.db-snapshot beside the file a command writes; the copy is removed
// when this goes, however the command ends. Shared by qalam backup and qalam export.
class DatabaseSnapshot {
 public:
  static Result<std::unique_ptr<DatabaseSnapshot>> take(store::Store& store, const std::filesystem::path& beside);
  ~DatabaseSnapshot();
  DatabaseSnapshot(const DatabaseSnapshot&) = delete;
  DatabaseSnapshot& operator=(const DatabaseSnapshot&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  explicit DatabaseSnapshot(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

// The site's database as it was at one moment, for a command that reads all of it
// while the site serves and writes (qalam export): on SQLite a DatabaseSnapshot beside
// `beside`, opened; on PostgreSQL a store whose reads run in one read-only transaction.
struct StoreSnapshot {
  std::unique_ptr<DatabaseSnapshot> file;  // SQLite's copy; removed after the store closes
  std::unique_ptr<store::Store> store;
};
Result<StoreSnapshot> open_store_snapshot(const OpenedSite& site, const std::filesystem::path& beside);

// Prints "LABEL: done/total UNIT (n%)" to stderr: every call on a terminal, each quarter
// otherwise (logs of a service).
std::function<void(size_t, size_t)> progress_printer(std::string label, std::string unit = "records");

// A command's exit status for a failure: exit_bad_input when the input is at fault
// (invalid, not found, a conflict), exit_failure otherwise.
int exit_status_for(const Status& s);
// Prints "qalam: MESSAGE" (and each field problem's message) and returns exit_status_for(s).
int report_failure(const Status& s);

// Sets up the default logger (stderr) at the configured level.
void setup_logging(const std::string& level);
// The access log: one line per request on stdout, written by a background thread.
std::shared_ptr<spdlog::logger> make_access_log();

}  // namespace qalam::app
