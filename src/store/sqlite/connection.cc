#include "store/sqlite/connection.h"

#include <sqlite3.h>

#include <mutex>

#include "store/sqlite/search_rank.h"
#include "store/sqlite/search_tokenizer.h"

namespace qalam::store::sqlite {

namespace {
// Once per process, before SQLite initialises itself: no memory statistics. With them
// every allocation of every connection takes one global mutex, and under two serving
// threads a fifth of an uncached home page went to waiting on it and waking each
// other (perf). Nothing here reads sqlite3_memory_used() or sets a heap limit.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}
}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const Options& options, sql::SearchIndex& index) {
  configure_sqlite_once();
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX | (options.read_only ? SQLITE_OPEN_READONLY
                                                       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(options.path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Status::unavailable("cannot open database " + options.path + ": " + message);
  }
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db, index));
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  QALAM_RETURN_IF_ERROR(conn->exec("PRAGMA foreign_keys = ON"));
  // The page cache: SQLite's default (2 MB) holds little of a large site's indexes,
  // and each page missed there is a read() and a copy from the OS.
  QALAM_RETURN_IF_ERROR(conn->exec("PRAGMA cache_size = -" + std::to_string(int64_t{options.cache_mb} * 1024)));
  if (register_search_tokenizer(db) != SQLITE_OK) return conn->error("registering the search tokenizer");
  if (register_search_rank(db) != SQLITE_OK) return conn->error("registering the search rank function");
  if (!options.read_only) {
    QALAM_RETURN_IF_ERROR(conn->exec(options.synchronous_full ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL"
                                                              : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL"));
  }
  return conn;
}

bool SqliteStatement::step(Status& status) {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status = conn_.error("step");
  return false;
}

Status SqliteStatement::checked(int rc) { return rc == SQLITE_OK ? Status::ok_status() : conn_.error("bind"); }

SqliteConnection::SqliteConnection(sqlite3* db, sql::SearchIndex& index) : db_(db), index_(&index) {}

SqliteConnection::~SqliteConnection() {
  statements_.clear();  // finalized before the connection closes
  sqlite3_close_v2(db_);
}

Status SqliteConnection::error(std::string_view what) const {
  int code = sqlite3_errcode(db_);
  std::string message = std::string(what) + ": " + sqlite3_errmsg(db_);
  int primary = code & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_CANTOPEN ||
      primary == SQLITE_IOERR || primary == SQLITE_FULL || primary == SQLITE_READONLY) {
    return Status::unavailable(message);
  }
  if (primary == SQLITE_CONSTRAINT) return Status::conflict(message);
  return Status::internal(message);
}

int64_t SqliteConnection::changes() const { return sqlite3_changes64(db_); }

Status SqliteConnection::exec(std::string_view sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
  if (rc == SQLITE_OK) return Status::ok_status();
  std::string text = message ? message : sqlite3_errstr(rc);
  sqlite3_free(message);
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN) {
    return Status::unavailable(text);
  }
  return Status::internal(text);
}

sql::Statement* SqliteConnection::prepare(const std::string& sql, Status& status) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT, &stmt,
                           nullptr) != SQLITE_OK) {
      status = error("prepare");
      return nullptr;
    }
    it = statements_.emplace(sql, std::make_unique<SqliteStatement>(*this, stmt)).first;
  }
  return it->second.get();
}

}  // namespace qalam::store::sqlite
