#include "store/sqlite/connection.h"

#include <atomic>

#include <sqlite3.h>

#include "store/sqlite/search_rank.h"
#include "store/sqlite/search_tokenizer.h"

namespace qalam::store::sqlite {

Result<std::unique_ptr<Connection>> Connection::open(const Options& options) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX | (options.read_only ? SQLITE_OPEN_READONLY
                                                       : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(options.path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Status::unavailable("cannot open database " + options.path + ": " + message);
  }
  std::unique_ptr<Connection> conn(new Connection(db));
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  QALAM_RETURN_IF_ERROR(conn->exec("PRAGMA foreign_keys = ON"));
  if (register_search_tokenizer(db) != SQLITE_OK) return conn->error("registering the search tokenizer");
  if (register_search_rank(db) != SQLITE_OK) return conn->error("registering the search rank function");
  if (!options.read_only) {
    QALAM_RETURN_IF_ERROR(conn->exec(options.synchronous_full ? "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL"
                                                              : "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL"));
  }
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Status Connection::error(std::string_view what) const {
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

int64_t Connection::changes() const { return sqlite3_changes64(db_); }

Status Connection::exec(std::string_view sql) {
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

namespace {
std::atomic<int64_t> statements_until_failure{0};
}  // namespace

void fail_statement_after(int64_t n) { statements_until_failure.store(n); }

Query Connection::query(const std::string& sql) {
  if (statements_until_failure.load(std::memory_order_relaxed) > 0 && statements_until_failure.fetch_sub(1) == 1) {
    return Query(*this, Status::unavailable("injected failure: the disk is full"));
  }
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &stmt, nullptr) != SQLITE_OK) {
      Query failed(*this, nullptr);
      return failed;
    }
    it = statements_.emplace(sql, stmt).first;
  }
  return Query(*this, it->second);
}

Query::Query(Connection& conn, sqlite3_stmt* stmt) : conn_(&conn), stmt_(stmt) {
  if (stmt_ == nullptr) status_ = conn.error("prepare");
}

Query::Query(Connection& conn, Status failed) : conn_(&conn), stmt_(nullptr), status_(std::move(failed)) {}

Query::Query(Query&& other) noexcept
    : conn_(other.conn_), stmt_(other.stmt_), status_(std::move(other.status_)) {
  other.stmt_ = nullptr;
}

Query::~Query() {
  if (stmt_ != nullptr) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Query& Query::bind(int index, std::string_view text) {
  // An empty view may carry a null pointer, which SQLite would store as NULL.
  if (text.data() == nullptr) text = "";
  if (stmt_ && status_.ok() &&
      sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT) != SQLITE_OK) {
    status_ = conn_->error("bind");
  }
  return *this;
}

Query& Query::bind(int index, int64_t number) {
  if (stmt_ && status_.ok() && sqlite3_bind_int64(stmt_, index, number) != SQLITE_OK) {
    status_ = conn_->error("bind");
  }
  return *this;
}

Query& Query::bind_pointer(int index, void* pointer, const char* type) {
  if (stmt_ && status_.ok() && sqlite3_bind_pointer(stmt_, index, pointer, type, nullptr) != SQLITE_OK) {
    status_ = conn_->error("bind");
  }
  return *this;
}

Query& Query::bind_null(int index) {
  if (stmt_ && status_.ok() && sqlite3_bind_null(stmt_, index) != SQLITE_OK) status_ = conn_->error("bind");
  return *this;
}

bool Query::next() {
  if (stmt_ == nullptr || !status_.ok()) return false;
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc != SQLITE_DONE) status_ = conn_->error("step");
  return false;
}

Status Query::run() {
  while (next()) {
  }
  return status_;
}

std::string Query::text(int column) const {
  const unsigned char* p = sqlite3_column_text(stmt_, column);
  if (p == nullptr) return {};
  return std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, column));
}

int64_t Query::integer(int column) const { return sqlite3_column_int64(stmt_, column); }

double Query::real(int column) const { return sqlite3_column_double(stmt_, column); }

bool Query::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

}  // namespace qalam::store::sqlite
