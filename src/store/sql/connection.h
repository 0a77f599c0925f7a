// The SQL seam the store's backends share. The repositories in store/sql speak to a
// database only through Connection and Query, in SQL that SQLite (store/sqlite) and
// PostgreSQL (store/postgres) read the same way: `?` and `?N` placeholders, integers
// for times and flags, ON CONFLICT upserts, RETURNING, and the few helper functions the
// PostgreSQL schema defines the way SQLite has them built in (unixepoch(),
// json_each(text), instr). A backend turns its library's errors into Status values
// here and nowhere else.
//
// Thread-safety: a Connection is used by one thread at a time (each Database hands out
// leases).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace qalam::store::sql {

class Connection;
class SearchIndex;

// For tests of failure paths: the `n`th statement asked for from now on (counting every
// connection of the process, of either backend) fails as a full disk would; 0 disarms.
// A test runs a write failing statement 1, 2, 3, … until it succeeds and checks that
// each failure left the database exactly as before (src/store/sqlite/fault_test.cc).
void fail_statement_after(int64_t n);

// One prepared statement of a backend, owned and cached by its Connection. Parameters
// are numbered from 1, columns from 0.
class Statement {
 public:
  virtual ~Statement() = default;
  virtual Status bind_text(int index, std::string_view text) = 0;
  virtual Status bind_integer(int index, int64_t number) = 0;
  virtual Status bind_null(int index) = 0;
  // Bytes of any value (a BLOB, a bytea), zero bytes included.
  virtual Status bind_blob(int index, std::string_view bytes) = 0;
  // Steps once: true when a row is ready; false when done or failed (into `status`).
  virtual bool step(Status& status) = 0;
  // Ready for the next use: results dropped, bindings cleared.
  virtual void reset() = 0;
  virtual std::string text(int column) const = 0;
  virtual int64_t integer(int column) const = 0;
  virtual double real(int column) const = 0;
  virtual bool is_null(int column) const = 0;
  virtual std::string blob(int column) const = 0;
  // Whether the column's value is bytes (read it with blob(), not text()).
  virtual bool is_blob(int column) const = 0;
  // The result's columns (after a step that gave a row).
  virtual int column_count() const = 0;
  virtual std::string column_name(int column) const = 0;
};

// The RAII cursor over one Statement: binds, steps, and resets it when it goes out of
// scope. The first error sticks: later binds and steps do nothing, status() tells.
class Query {
 public:
  Query(Statement* stmt, Status status);
  Query(Query&& other) noexcept;
  Query(const Query&) = delete;
  ~Query();

  Query& bind(int index, std::string_view text);
  Query& bind(int index, int64_t number);
  Query& bind_null(int index);
  Query& bind_blob(int index, std::string_view bytes);
  // Steps once: true when a row is ready, false when done; errors land in status().
  bool next();
  // Steps to completion (for INSERT/UPDATE/DELETE).
  Status run();
  const Status& status() const { return status_; }
  // The backend's statement, for what only that backend has (SQLite's pointer
  // parameters); nullptr when the query failed before it had one.
  Statement* statement() const { return status_.ok() ? stmt_ : nullptr; }

  std::string text(int column) const { return stmt_->text(column); }
  int64_t integer(int column) const { return stmt_->integer(column); }
  double real(int column) const { return stmt_->real(column); }
  bool is_null(int column) const { return stmt_->is_null(column); }
  std::string blob(int column) const { return stmt_->blob(column); }
  bool is_blob(int column) const { return stmt_->is_blob(column); }
  int column_count() const { return stmt_->column_count(); }
  std::string column_name(int column) const { return stmt_->column_name(column); }

 private:
  Statement* stmt_;
  Status status_;
};

class Connection {
 public:
  virtual ~Connection() = default;

  // Runs one or more statements without results (schema, BEGIN/COMMIT).
  virtual Status exec(std::string_view sql) = 0;
  // A cached prepared statement wrapped in a Query; errors in Query::status().
  Query query(const std::string& sql);
  // Rows changed by the last INSERT, UPDATE or DELETE.
  virtual int64_t changes() const = 0;
  // The backend's search index, kept in step by the writes (search_index.h).
  virtual SearchIndex& search_index() = 0;

  // Inside a write: names what the write makes stale for readers (store/change_keys.h).
  // Database::write records them in the change log in the same transaction and tells
  // the store's listeners once it commits; a rolled-back write tells nobody.
  void changed(const std::vector<std::string>& keys) { pending_changes_.insert(pending_changes_.end(), keys.begin(), keys.end()); }
  std::vector<std::string> take_changes() { return std::exchange(pending_changes_, {}); }

 protected:
  // The statement for `sql`, prepared once and kept; nullptr with `status` set when
  // it cannot be prepared.
  virtual Statement* prepare(const std::string& sql, Status& status) = 0;

 private:
  std::vector<std::string> pending_changes_;
};

}  // namespace qalam::store::sql
