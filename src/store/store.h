// Store: the persistence boundary. One repository per aggregate; each backend
// (sqlite/ now, postgres/ later) implements all of them behind these interfaces, and
// nothing backend-specific (handles, SQL dialect, error codes) crosses them.
//
// Thread-safety: a Store and its repositories may be used from any number of threads
// at once; implementations serialise writes and give each reading thread its own
// connection.
#pragma once

#include <filesystem>
#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/monitoring_repositories.h"
#include "store/newsroom_repositories.h"
#include "store/repositories.h"

namespace qalam::store {

struct SchemaVersion {
  int current = 0;  // the newest migration applied to the database
  int latest = 0;   // the newest migration this binary knows
};

// Site-wide settings edited by administrators (site title, tagline …), as text.
class SettingsRepository {
 public:
  virtual ~SettingsRepository() = default;
  virtual Result<std::optional<std::string>> get(std::string_view key) = 0;
  virtual Result<std::map<std::string, std::string>> all() = 0;
  virtual Status put(std::string_view key, std::string_view value) = 0;
  // Every pair in one transaction: all are saved, or none.
  virtual Status put_all(const std::map<std::string, std::string>& values) = 0;
};

// Leases: which process runs a periodic job when several serve one database. Times are
// the database's clock, so nodes whose clocks differ agree.
class LeaseRepository {
 public:
  virtual ~LeaseRepository() = default;
  // Takes lease `name` for `holder`, or renews it, for `ttl` from now: true when
  // `holder` holds it now (it was free, had expired, or was its own already).
  virtual Result<bool> take(std::string_view name, std::string_view holder, std::chrono::seconds ttl) = 0;
  // Gives it up (a node shutting down), so another takes it without waiting.
  virtual Status release(std::string_view name, std::string_view holder) = 0;
};

// How long the database has been busy: calls and seconds, reads and write transactions.
struct QueryStats {
  uint64_t reads = 0;
  double read_seconds = 0;
  uint64_t writes = 0;
  double write_seconds = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  virtual Result<SchemaVersion> schema_version() = 0;
  // Applies pending migrations in order, each in its own transaction; `on_applied`
  // hears of each one as it commits.
  virtual Status migrate(const std::function<void(int version, std::string_view name)>& on_applied) = 0;
  // Fails when the database does not answer (readiness).
  virtual Status ping() = 0;
  // The change feed: `listener` hears the keys (store/change_keys.h) of every write
  // that can change a public page, from this process once the write commits (before
  // the write returns), and from other processes when follow_changes() reads them.
  using ChangeListener = std::function<void(const std::vector<std::string>& keys)>;
  virtual void on_change(ChangeListener listener) = 0;
  // Reads what other processes changed since the last call and tells the listeners
  // (change_keys::everything when this process lost track). The first call only marks
  // where to start. A serving process calls it after each wait_for_changes().
  virtual Status follow_changes() = 0;
  // Waits until another process may have written, at most `timeout`: on PostgreSQL a
  // write's commit wakes every waiting process at once (LISTEN/NOTIFY); SQLite cannot
  // tell, and the whole timeout passes. One thread at a time.
  virtual void wait_for_changes(std::chrono::milliseconds timeout) = 0;
  // What the change log holds after position `after` (0: from its start): the keys of
  // its newer rows and the newest position, for a reader that comes back later (the
  // static exporter). `complete` is false when rows after `after` were pruned already:
  // the reader must then take everything as changed.
  struct ChangesSince {
    int64_t position = 0;
    std::vector<std::string> keys;
    bool complete = true;
  };
  virtual Result<ChangesSince> changes_since(int64_t after) = 0;
  virtual QueryStats query_stats() const = 0;

  virtual SettingsRepository& settings() = 0;
  virtual AuthorRepository& authors() = 0;
  virtual SectionRepository& sections() = 0;
  virtual TagRepository& tags() = 0;
  virtual ArticleRepository& articles() = 0;
  virtual PressItemRepository& press_items() = 0;
  virtual ProjectRepository& projects() = 0;
  virtual RedirectRepository& redirects() = 0;
  virtual SearchRepository& search() = 0;
  virtual ViewRepository& views() = 0;
  virtual AccountRepository& accounts() = 0;
  virtual AuditRepository& audit() = 0;
  virtual EditorialRepository& editorial() = 0;
  virtual MediaRepository& media() = 0;
  virtual MonitoringRepository& monitoring() = 0;
  virtual LeaseRepository& leases() = 0;
  virtual MediaFileRepository& media_files() = 0;

  // Writes the whole batch in one transaction: all of it or, on any failure, nothing.
  // Records are matched by slug (press items by original URL) and updated in place;
  // an article whose translation group and language exist under another slug is
  // renamed, and its old slug answers 301. `on_progress` hears (done, total).
  virtual Status import_content(const ContentBatch& batch,
                                const std::function<void(size_t, size_t)>& on_progress) = 0;
  // Writes a consistent copy of the whole database to `to` (a new file) while others
  // go on reading and writing: what had committed when the copy began.
  virtual Status snapshot(const std::filesystem::path& to) = 0;
  // The position an import saved with its last batch (ContentBatch::checkpoint).
  virtual Result<std::optional<std::string>> import_checkpoint(std::string_view key) = 0;
};

// Refuses a database that is behind or ahead of this binary, with the message a
// `qalam serve` user needs to read.
Status check_schema_current(Store& store);
// The same check on versions already read.
Status check_schema_version(const SchemaVersion& version);

}  // namespace qalam::store
