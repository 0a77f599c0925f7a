#include "store/sqlite/database.h"

#include <sys/stat.h>

#include <algorithm>

namespace qalam::store::sqlite {
namespace {

constexpr sql::Database::Dialect kSqlite = {
    .begin_write = "BEGIN IMMEDIATE",
    .schema_exists = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
    // AUTOINCREMENT keeps the newest id ever given when the rows are pruned.
    .change_bounds = "SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'change_log'), 0), "
                     "(SELECT min(id) FROM change_log)",
    .analyze = "PRAGMA analysis_limit = 1000; ANALYZE",
    .change_log_lock = "",  // one writer at a time: the database is locked from BEGIN IMMEDIATE to COMMIT
    .migration_lock = "",   // BEGIN IMMEDIATE: one migrating process at a time
    .notify_change = "",    // no process can be woken: they read the log every half second
    .begin_snapshot = "BEGIN",  // a read transaction reads one snapshot (WAL)
    .after_explicit_ids = "",   // a new row's id is one past the largest
    // FTS5's own tables are "shadow" and "virtual" in this list.
    .list_tables = "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table'"
                   " AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name",
};
}  // namespace

Result<std::unique_ptr<SqliteDatabase>> SqliteDatabase::open(const Options& options) {
  static SqliteSearchIndex index;  // stateless: one for every connection
  SqliteConnection::Options connection{options.path, false, options.busy_timeout_ms, options.synchronous_full,
                                       options.cache_mb};
  auto writer = SqliteConnection::open(connection, index);
  if (!writer.ok()) return writer.status();
  struct stat st {};
  if (::stat(options.path.c_str(), &st) != 0) return Status::unavailable("cannot stat database " + options.path);
  std::vector<std::unique_ptr<sql::Connection>> readers;
  for (int i = 0; i < std::max(1, options.readers); ++i) {
    auto reader = SqliteConnection::open(connection, index);
    if (!reader.ok()) return reader.status();
    readers.push_back(std::move(reader).value());
  }
  return std::unique_ptr<SqliteDatabase>(
      new SqliteDatabase(options, std::move(writer).value(), std::move(readers), st.st_ino));
}

SqliteDatabase::SqliteDatabase(const Options& options, std::unique_ptr<sql::Connection> writer,
                               std::vector<std::unique_ptr<sql::Connection>> readers, ino_t inode)
    : sql::Database(kSqlite, options.migrations.empty() ? migrations() : options.migrations, std::move(writer),
                    std::move(readers)),
      path_(options.path),
      inode_(inode) {}

Status SqliteDatabase::ping() {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0 || st.st_ino != inode_) {
    return Status::unavailable("database file " + path_ + " is gone or was replaced");
  }
  return sql::Database::ping();
}

}  // namespace qalam::store::sqlite
