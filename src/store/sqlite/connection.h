// The SQLite side of the SQL seam (store/sql/connection.h): a connection with a cache
// of prepared statements, its library errors turned into Status values.
//
// Thread-safety: a connection is used by one thread at a time (Database hands out
// leases); it is opened with SQLITE_OPEN_NOMUTEX. Included only inside store/sqlite.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/status.h"
#include "store/sql/connection.h"
#include "store/sql/search_index.h"

#include <sqlite3.h>

namespace qalam::store::sqlite {

using sql::Connection;
using sql::fail_statement_after;
using sql::Query;

class SqliteConnection;

class SqliteStatement final : public sql::Statement {
 public:
  SqliteStatement(SqliteConnection& conn, sqlite3_stmt* stmt) : conn_(conn), stmt_(stmt) {}
  ~SqliteStatement() override { sqlite3_finalize(stmt_); }

  Status bind_text(int index, std::string_view text) override {
    return checked(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
  }
  Status bind_integer(int index, int64_t number) override { return checked(sqlite3_bind_int64(stmt_, index, number)); }
  Status bind_null(int index) override { return checked(sqlite3_bind_null(stmt_, index)); }
  Status bind_blob(int index, std::string_view bytes) override {
    return checked(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
  }
  // A pointer for an SQL function that asks for `type` (sqlite3_bind_pointer); it
  // must outlive the statement's steps.
  Status bind_pointer(int index, void* pointer, const char* type) {
    return checked(sqlite3_bind_pointer(stmt_, index, pointer, type, nullptr));
  }
  bool step(Status& status) override;
  void reset() override {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int column) const override {
    const unsigned char* p = sqlite3_column_text(stmt_, column);
    if (p == nullptr) return {};
    return std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, column));
  }
  int64_t integer(int column) const override { return sqlite3_column_int64(stmt_, column); }
  double real(int column) const override { return sqlite3_column_double(stmt_, column); }
  bool is_null(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::string blob(int column) const override {
    const void* p = sqlite3_column_blob(stmt_, column);
    if (p == nullptr) return {};
    return std::string(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  bool is_blob(int column) const override { return sqlite3_column_type(stmt_, column) == SQLITE_BLOB; }
  int column_count() const override { return sqlite3_column_count(stmt_); }
  std::string column_name(int column) const override {
    const char* name = sqlite3_column_name(stmt_, column);
    return name ? name : "";
  }

 private:
  Status checked(int rc);
  SqliteConnection& conn_;
  sqlite3_stmt* stmt_;
};


class SqliteConnection final : public sql::Connection {
 public:
  struct Options {
    std::string path;
    bool read_only = false;
    int busy_timeout_ms = 5000;
    bool synchronous_full = true;  // PRAGMA synchronous = FULL, else NORMAL
    int cache_mb = 64;             // the connection's page cache, at most (PRAGMA cache_size)
  };
  // `index`: the search index the connection's writes keep in step; it outlives the
  // connection.
  static Result<std::unique_ptr<SqliteConnection>> open(const Options& options, sql::SearchIndex& index);
  ~SqliteConnection() override;

  Status exec(std::string_view sql) override;
  int64_t changes() const override;
  sql::SearchIndex& search_index() override { return *index_; }
  Status error(std::string_view what) const;

 protected:
  sql::Statement* prepare(const std::string& sql, Status& status) override;

 private:
  SqliteConnection(sqlite3* db, sql::SearchIndex& index);
  sqlite3* db_;
  sql::SearchIndex* index_;
  std::unordered_map<std::string, std::unique_ptr<SqliteStatement>> statements_;
};

}  // namespace qalam::store::sqlite
