#include "store/sqlite/sqlite_store.h"

#include <fmt/chrono.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "store/sqlite/connection.h"
#include "store/sqlite/migrations.h"

namespace qalam::store::sqlite {
namespace {

// Reader connections handed out one per caller; a caller waits when all are in use.
class ReaderPool {
 public:
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Connection> conn) : pool_(pool), conn_(std::move(conn)) {}
    Lease(const Lease&) = delete;
    ~Lease() { pool_.give_back(std::move(conn_)); }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ReaderPool& pool_;
    std::unique_ptr<Connection> conn_;
  };

  void add(std::unique_ptr<Connection> conn) { free_.push_back(std::move(conn)); }

  Lease acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [&] { return !free_.empty(); });
    auto conn = std::move(free_.back());
    free_.pop_back();
    return Lease(*this, std::move(conn));
  }

 private:
  void give_back(std::unique_ptr<Connection> conn) {
    {
      std::lock_guard lock(mutex_);
      free_.push_back(std::move(conn));
    }
    available_.notify_one();
  }

  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<Connection>> free_;
};

std::string utc_now_text() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%FT%TZ}", now);
}

class SqliteStore;

class SqliteSettings final : public SettingsRepository {
 public:
  explicit SqliteSettings(SqliteStore& store) : store_(store) {}
  Result<std::optional<std::string>> get(std::string_view key) override;
  Result<std::map<std::string, std::string>> all() override;
  Status put(std::string_view key, std::string_view value) override;

 private:
  SqliteStore& store_;
};

class SqliteStore final : public Store {
 public:
  static Result<std::unique_ptr<Store>> open(const SqliteOptions& options) {
    auto writer = Connection::open({options.path, false, options.busy_timeout_ms});
    if (!writer.ok()) return writer.status();
    struct stat st {};
    if (::stat(options.path.c_str(), &st) != 0) {
      return Status::unavailable("cannot stat database " + options.path);
    }
    std::unique_ptr<SqliteStore> store(new SqliteStore(options, std::move(writer).value(), st.st_ino));
    for (int i = 0; i < std::max(1, options.readers); ++i) {
      auto reader = Connection::open({options.path, false, options.busy_timeout_ms});
      if (!reader.ok()) return reader.status();
      store->readers_.add(std::move(reader).value());
    }
    return std::unique_ptr<Store>(std::move(store));
  }

  Result<SchemaVersion> schema_version() override {
    auto reader = readers_.acquire();
    return read_version(*reader, migrations_);
  }

  Status migrate(const std::function<void(int, std::string_view)>& on_applied) override {
    std::lock_guard lock(writer_mutex_);
    QALAM_RETURN_IF_ERROR(writer_->exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"));
    auto version = read_version(*writer_, migrations_);
    if (!version.ok()) return version.status();
    if (version->current > version->latest) return check_schema_current(*this);
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

  Status ping() override {
    struct stat st {};
    if (::stat(path_.c_str(), &st) != 0 || st.st_ino != inode_) {
      return Status::unavailable("database file " + path_ + " is gone or was replaced");
    }
    auto reader = readers_.acquire();
    auto q = reader->query("SELECT count(*) FROM schema_migrations");
    if (!q.next()) return q.status().ok() ? Status::unavailable("database did not answer") : q.status();
    return Status::ok_status();
  }

  SettingsRepository& settings() override { return settings_; }

  template <typename F>
  auto read(F&& f) {
    auto reader = readers_.acquire();
    return f(*reader);
  }

  template <typename F>
  Status write(F&& f) {
    std::lock_guard lock(writer_mutex_);
    QALAM_RETURN_IF_ERROR(writer_->exec("BEGIN IMMEDIATE"));
    Status s = f(*writer_);
    if (s.ok()) s = writer_->exec("COMMIT");
    if (!s.ok()) (void)writer_->exec("ROLLBACK");
    return s;
  }

 private:
  SqliteStore(const SqliteOptions& options, std::unique_ptr<Connection> writer, ino_t inode)
      : path_(options.path), inode_(inode),
        migrations_(options.migrations.empty() ? migrations() : options.migrations), writer_(std::move(writer)), settings_(*this) {}

  static Result<SchemaVersion> read_version(Connection& conn, std::span<const Migration> known) {
    SchemaVersion v;
    v.latest = static_cast<int>(known.size());
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

  std::string path_;
  ino_t inode_;
  std::span<const Migration> migrations_;
  std::mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;
  ReaderPool readers_;
  SqliteSettings settings_;
};

Result<std::optional<std::string>> SqliteSettings::get(std::string_view key) {
  return store_.read([&](Connection& c) -> Result<std::optional<std::string>> {
    auto q = c.query("SELECT value FROM site_settings WHERE key = ?");
    q.bind(1, key);
    if (q.next()) return std::optional<std::string>(q.text(0));
    if (!q.status().ok()) return q.status();
    return std::optional<std::string>();
  });
}

Result<std::map<std::string, std::string>> SqliteSettings::all() {
  return store_.read([&](Connection& c) -> Result<std::map<std::string, std::string>> {
    std::map<std::string, std::string> out;
    auto q = c.query("SELECT key, value FROM site_settings ORDER BY key");
    while (q.next()) out.emplace(q.text(0), q.text(1));
    if (!q.status().ok()) return q.status();
    return out;
  });
}

Status SqliteSettings::put(std::string_view key, std::string_view value) {
  if (key.empty() || key.size() > 200) return Status::invalid("setting key must be 1 to 200 bytes");
  return store_.write([&](Connection& c) {
    return c.query("INSERT INTO site_settings (key, value) VALUES (?, ?) "
                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
  });
}

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteOptions& options) {
  return SqliteStore::open(options);
}

}  // namespace qalam::store::sqlite
