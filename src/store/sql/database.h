// Database: one writer connection (writes serialised by a mutex, each write a
// transaction) and a pool of reader connections, over either backend. The shared
// repositories do all their I/O through it; a backend supplies its connections and
// the few statements that differ (how a write begins, where the schema and the change
// log's counter are found).
//
// Thread-safety: read() and write() may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "store/sql/connection.h"
#include "store/sql/migration.h"
#include "store/store.h"

namespace qalam::store::sql {

class Database {
 public:
  virtual ~Database() = default;

  // Runs f(Connection&) on a reader connection; waits while all are in use.
  template <typename F>
  auto read(F&& f) {
    Lease lease(*this);
    Timer timer(reads_, read_nanos_);
    return f(*lease.conn);
  }

  // Runs f(Connection&) inside a transaction on the writer; rolls back when f fails.
  // Nested calls from inside f run in the same transaction.
  Status write(const std::function<Status(Connection&)>& f);

  Result<SchemaVersion> schema_version();
  Status migrate(const std::function<void(int, std::string_view)>& on_applied);
  virtual Status ping();
  // The change feed. A write's keys (Connection::changed) are written to the change
  // log in its transaction and, once it commits, given to every listener before
  // write() returns. Listeners run on the writing thread, after the writer is free.
  using ChangeListener = std::function<void(const std::vector<std::string>& keys)>;
  void on_change(ChangeListener listener);
  // Tells the listeners what other processes (and other Database objects) changed
  // since the last call: the keys of the change log's newer rows, or
  // change_keys::everything when rows were pruned before this process read them.
  // Rows older than an hour are pruned here from time to time.
  Status follow_changes();
  // Store::wait_for_changes: here the whole timeout; a backend that is told of other
  // processes' commits returns sooner.
  virtual void wait_for_changes(std::chrono::milliseconds timeout);
  // The change log's keys after position `after` (Store::changes_since).
  Result<Store::ChangesSince> changes_since(int64_t after);
  QueryStats query_stats() const;

  // What differs between the backends, as SQL.
  struct Dialect {
    const char* begin_write;     // starts a write transaction
    const char* schema_exists;   // a row when the schema_migrations table exists
    const char* change_bounds;   // the newest change id ever given, the oldest kept
    const char* analyze;         // refreshes the planner's statistics after a large write
    // Run in a write just before its change log row is added, when several processes
    // may write at once: change ids must be given in the order the writes commit, or a
    // reader that has passed an id would never see a smaller one committed later.
    // Empty where writes are serialised anyway (SQLite).
    const char* change_log_lock;
    // Run first in each step of migrate(), when several processes may migrate at once:
    // held to the end of the step's transaction. Empty where begin_write locks the
    // whole database anyway (SQLite).
    const char* migration_lock;
    // Run in a write that added a change log row, to wake the processes waiting in
    // wait_for_changes() when it commits. Empty where they cannot be woken (SQLite).
    const char* notify_change;
    // Begins a read transaction that sees one snapshot of the database (a copy).
    const char* begin_snapshot;
    // Run on a table ("{table}") whose rows were written with their ids (a copy), so
    // that the next row written without one gets a new id. Empty where that holds
    // anyway (SQLite).
    const char* after_explicit_ids;
    // The names of the database's own tables (not the backend's, nor a search
    // index's internal ones).
    const char* list_tables;
  };
  const Dialect& dialect() const { return dialect_; }

 protected:
  Database(Dialect dialect, std::span<const Migration> migrations, std::unique_ptr<Connection> writer,
           std::vector<std::unique_ptr<Connection>> readers);

 private:
  // Adds the time of one database call to a count and a sum.
  struct Timer {
    Timer(std::atomic<uint64_t>& count, std::atomic<uint64_t>& nanos)
        : count(count), nanos(nanos), start(std::chrono::steady_clock::now()) {}
    ~Timer() {
      ++count;
      nanos += static_cast<uint64_t>(
          std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - start).count());
    }
    std::atomic<uint64_t>& count;
    std::atomic<uint64_t>& nanos;
    std::chrono::steady_clock::time_point start;
  };
  std::atomic<uint64_t> reads_{0}, read_nanos_{0}, writes_{0}, write_nanos_{0};

  struct Lease {
    explicit Lease(Database& db);
    ~Lease();
    Database& db;
    std::unique_ptr<Connection> conn;
  };
  Result<SchemaVersion> read_version(Connection& conn);

  void tell(const std::vector<std::string>& keys);

  Dialect dialect_;
  std::mutex listeners_mutex_;
  std::vector<ChangeListener> listeners_;
  // The change log as this process has read it: rows up to `seen_` are known, and the
  // rows this process wrote itself (told in-process already) are skipped.
  std::mutex follow_mutex_;
  int64_t seen_ = -1;  // -1: not read yet (start from the newest row)
  std::set<int64_t> own_rows_;
  int polls_ = 0;
  std::span<const Migration> migrations_;
  std::recursive_mutex writer_mutex_;
  bool in_transaction_ = false;
  std::unique_ptr<Connection> writer_;
  std::mutex readers_mutex_;
  std::condition_variable reader_available_;
  std::vector<std::unique_ptr<Connection>> free_readers_;
};

}  // namespace qalam::store::sql
