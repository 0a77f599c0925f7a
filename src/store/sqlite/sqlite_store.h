// The SQLite implementation of Store: one database file in WAL mode with foreign keys
// on and a busy timeout; one writer connection (writes are serialised behind a mutex)
// and a pool of reader connections, one per server thread, each with its prepared
// statements cached. This header does not include sqlite3.h.
//
// Thread-safety: all methods may be called from any thread.
#pragma once

#include <memory>
#include <string>

#include "store/sqlite/migrations.h"
#include "store/store.h"

namespace qalam::store::sqlite {

struct SqliteOptions {
  std::string path;           // the database file; created when absent
  int readers = 2;            // reader connections (one per server thread)
  int busy_timeout_ms = 5000;
  // The schema history; empty means the migrations built into the binary. Tests pass
  // their own to exercise failures.
  std::span<const Migration> migrations;
  // FULL: every acknowledged write survives a power cut (WAL synced at each commit).
  // NORMAL: faster commits, but the last transactions before a power cut (not a
  // crash of the process) can be lost. docs/configure.md has the measured cost.
  bool synchronous_full = true;
  // Each connection's page cache at most, in MiB; filled only as pages are read. At
  // 100,000 articles an uncached author archive served 30% more pages a second with
  // 64 than with SQLite's 2 (bench/RESULTS.md).
  int cache_mb = 64;
};

Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteOptions& options);

}  // namespace qalam::store::sqlite
