#include "store/sqlite/database.h"

#include <fmt/chrono.h>
#include <sys/stat.h>

#include <algorithm>

namespace qalam::store::sqlite {
namespace {

std::string utc_now_text() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%FT%TZ}", now);
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const Options& options) {
  auto writer = Connection::open({options.path, false, options.busy_timeout_ms, options.synchronous_full});
  if (!writer.ok()) return writer.status();
  struct stat st {};
  if (::stat(options.path.c_str(), &st) != 0) return Status::unavailable("cannot stat database " + options.path);
  std::unique_ptr<Database> db(new Database(options, std::move(writer).value(), st.st_ino));
  for (int i = 0; i < std::max(1, options.readers); ++i) {
    auto reader = Connection::open({options.path, false, options.busy_timeout_ms, options.synchronous_full});
    if (!reader.ok()) return reader.status();
    db->free_readers_.push_back(std::move(reader).value());
  }
  return db;
}

Database::Database(const Options& options, std::unique_ptr<Connection> writer, ino_t inode)
    : path_(options.path),
      inode_(inode),
      migrations_(options.migrations.empty() ? migrations() : options.migrations),
      writer_(std::move(writer)) {}

Database::Lease::Lease(Database& d) : db(d) {
  std::unique_lock lock(db.readers_mutex_);
  db.reader_available_.wait(lock, [&] { return !db.free_readers_.empty(); });
  conn = std::move(db.free_readers_.back());
  db.free_readers_.pop_back();
}

Database::Lease::~Lease() {
  {
    std::lock_guard lock(db.readers_mutex_);
    db.free_readers_.push_back(std::move(conn));
  }
  db.reader_available_.notify_one();
}

Status Database::write(const std::function<Status(Connection&)>& f) {
  std::lock_guard lock(writer_mutex_);
  if (in_transaction_) return f(*writer_);
  Timer timer(writes_, write_nanos_);
  QALAM_RETURN_IF_ERROR(writer_->exec("BEGIN IMMEDIATE"));
  in_transaction_ = true;
  Status s = f(*writer_);
  in_transaction_ = false;
  if (s.ok()) s = writer_->exec("COMMIT");
  if (!s.ok()) (void)writer_->exec("ROLLBACK");
  return s;
}

Result<int64_t> Database::data_version() {
  std::lock_guard lock(writer_mutex_);
  auto q = writer_->query("PRAGMA data_version");
  if (!q.next()) return q.status().ok() ? Status::internal("PRAGMA data_version returned nothing") : q.status();
  return q.integer(0);
}

QueryStats Database::query_stats() const {
  return {reads_.load(), static_cast<double>(read_nanos_.load()) / 1e9, writes_.load(),
          static_cast<double>(write_nanos_.load()) / 1e9};
}

Result<SchemaVersion> Database::read_version(Connection& conn) {
  SchemaVersion v;
  v.latest = static_cast<int>(migrations_.size());
  auto exists = conn.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'");
  if (!exists.next()) {
    if (!exists.status().ok()) return exists.status();
    return v;
  }
  auto q = conn.query("SELECT coalesce(max(version), 0) FROM schema_migrations");
  if (!q.next()) return q.status();
  v.current = static_cast<int>(q.integer(0));
  return v;
}

Result<SchemaVersion> Database::schema_version() {
  return read([&](Connection& c) { return read_version(c); });
}

Status Database::migrate(const std::function<void(int, std::string_view)>& on_applied) {
  std::lock_guard lock(writer_mutex_);
  QALAM_RETURN_IF_ERROR(writer_->exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"));
  auto version = read_version(*writer_);
  if (!version.ok()) return version.status();
  if (version->current > version->latest) return check_schema_version(*version);
  for (const Migration& m : migrations_) {
    if (m.version <= version->current) continue;
    QALAM_RETURN_IF_ERROR(writer_->exec("BEGIN IMMEDIATE"));
    Status s = writer_->exec(m.sql);
    if (s.ok()) {
      s = writer_->query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
              .bind(1, int64_t{m.version})
              .bind(2, m.name)
              .bind(3, utc_now_text())
              .run();
    }
    if (s.ok()) s = writer_->exec("COMMIT");
    if (!s.ok()) {
      (void)writer_->exec("ROLLBACK");
      return s.with_context("migration " + std::string(m.name));
    }
    if (on_applied) on_applied(m.version, m.name);
  }
  return Status::ok_status();
}

Status Database::ping() {
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0 || st.st_ino != inode_) {
    return Status::unavailable("database file " + path_ + " is gone or was replaced");
  }
  return read([](Connection& c) -> Status {
    auto q = c.query("SELECT count(*) FROM schema_migrations");
    if (!q.next()) return q.status().ok() ? Status::unavailable("database did not answer") : q.status();
    return Status::ok_status();
  });
}

}  // namespace qalam::store::sqlite
