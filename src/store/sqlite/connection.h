// A SQLite connection with a cache of prepared statements, and Query, the RAII cursor
// that binds, steps and resets one of them. Library errors become Status values here.
//
// Thread-safety: a Connection is used by one thread at a time (the pool in
// sqlite_store.cc hands out leases); it is opened with SQLITE_OPEN_NOMUTEX.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/status.h"

struct sqlite3;
struct sqlite3_stmt;

namespace qalam::store::sqlite {

class Connection;

// For tests of failure paths: the `n`th statement asked for from now on (counting every
// connection of the process) fails as a full disk would; 0 disarms. A test runs a write
// failing statement 1, 2, 3, … until it succeeds and checks that each failure left the
// database exactly as before (src/store/sqlite/fault_test.cc).
void fail_statement_after(int64_t n);

class Query {
 public:
  Query(Connection& conn, sqlite3_stmt* stmt);
  Query(Connection& conn, Status failed);  // a statement that fails when stepped
  Query(Query&& other) noexcept;
  Query(const Query&) = delete;
  ~Query();

  Query& bind(int index, std::string_view text);
  Query& bind(int index, int64_t number);
  Query& bind_null(int index);
  // A pointer for an SQL function that asks for `type` (sqlite3_bind_pointer); it
  // must outlive the statement's steps.
  Query& bind_pointer(int index, void* pointer, const char* type);
  // Steps once: true when a row is ready, false when done; errors land in status().
  bool next();
  // Steps to completion (for INSERT/UPDATE/DELETE).
  Status run();
  const Status& status() const { return status_; }

  std::string text(int column) const;
  int64_t integer(int column) const;
  double real(int column) const;
  bool is_null(int column) const;

 private:
  Connection* conn_;
  sqlite3_stmt* stmt_;
  Status status_;
};

class Connection {
 public:
  struct Options {
    std::string path;
    bool read_only = false;
    int busy_timeout_ms = 5000;
    bool synchronous_full = true;  // PRAGMA synchronous = FULL, else NORMAL
  };
  static Result<std::unique_ptr<Connection>> open(const Options& options);
  ~Connection();

  // Runs one or more statements without results (schema, pragmas, BEGIN/COMMIT).
  Status exec(std::string_view sql);
  // A cached prepared statement wrapped in a Query; errors in Query::status().
  Query query(const std::string& sql);
  Status error(std::string_view what) const;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int64_t changes() const;

  // Inside a write: names what the write makes stale for readers (store/change_keys.h).
  // Database::write records them in the change log in the same transaction and tells
  // the store's listeners once it commits; a rolled-back write tells nobody.
  void changed(const std::vector<std::string>& keys) { pending_changes_.insert(pending_changes_.end(), keys.begin(), keys.end()); }
  std::vector<std::string> take_changes() { return std::exchange(pending_changes_, {}); }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  std::vector<std::string> pending_changes_;
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> statements_;
};

}  // namespace qalam::store::sqlite
