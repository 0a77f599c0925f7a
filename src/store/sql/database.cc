#include "store/sql/database.h"

#include <algorithm>
#include <thread>
#include <boost/json.hpp>
#include <fmt/chrono.h>

#include "store/change_keys.h"

namespace qalam::store::sql {
namespace {

std::string utc_now_text() {
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%FT%TZ}", now);
}

}  // namespace

Database::Database(Dialect dialect, std::span<const Migration> migrations, std::unique_ptr<Connection> writer,
                   std::vector<std::unique_ptr<Connection>> readers)
    : dialect_(dialect), migrations_(migrations), writer_(std::move(writer)), free_readers_(std::move(readers)) {}

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
  std::vector<std::string> changed;
  {
    std::lock_guard lock(writer_mutex_);
    if (in_transaction_) return f(*writer_);
    Timer timer(writes_, write_nanos_);
    QALAM_RETURN_IF_ERROR(writer_->exec(dialect_.begin_write));
    in_transaction_ = true;
    (void)writer_->take_changes();
    Status s = f(*writer_);
    in_transaction_ = false;
    changed = writer_->take_changes();
    int64_t row = 0;
    if (s.ok() && !changed.empty()) {
      std::sort(changed.begin(), changed.end());
      changed.erase(std::unique(changed.begin(), changed.end()), changed.end());
      boost::json::array keys(changed.begin(), changed.end());
      if (*dialect_.change_log_lock) s = writer_->exec(dialect_.change_log_lock);
      if (s.ok() && *dialect_.notify_change) s = writer_->exec(dialect_.notify_change);
      if (s.ok()) {
        auto q = writer_->query("INSERT INTO change_log (at, keys) VALUES (unixepoch(), ?) RETURNING id");
        q.bind(1, boost::json::serialize(keys));
        if (q.next()) {
          row = q.integer(0);
          s = q.run();
        } else {
          s = q.status().ok() ? Status::internal("the change log returned no id") : q.status();
        }
      }
    }
    if (s.ok()) s = writer_->exec("COMMIT");
    if (!s.ok()) {
      (void)writer_->exec("ROLLBACK");
      return s;
    }
    if (row != 0) {
      std::lock_guard follow(follow_mutex_);
      own_rows_.insert(row);
    }
  }
  if (!changed.empty()) tell(changed);
  return Status::ok_status();
}

void Database::on_change(ChangeListener listener) {
  std::lock_guard lock(listeners_mutex_);
  listeners_.push_back(std::move(listener));
}

void Database::tell(const std::vector<std::string>& keys) {
  std::vector<ChangeListener> listeners;
  {
    std::lock_guard lock(listeners_mutex_);
    listeners = listeners_;
  }
  for (const auto& l : listeners) l(keys);
}

void Database::wait_for_changes(std::chrono::milliseconds timeout) { std::this_thread::sleep_for(timeout); }

Status Database::follow_changes() {
  std::vector<std::string> keys;
  bool lost_track = false, prune = false;
  {
    std::lock_guard lock(follow_mutex_);
    Status s = read([&](Connection& c) -> Status {
      if (seen_ < 0) {
        auto newest = c.query("SELECT coalesce(max(id), 0) FROM change_log");
        if (!newest.next()) return newest.status();
        seen_ = newest.integer(0);
        return Status::ok_status();
      }
      auto q = c.query("SELECT id, keys FROM change_log WHERE id > ? ORDER BY id");
      q.bind(1, seen_);
      while (q.next()) {
        int64_t id = q.integer(0);
        if (id != seen_ + 1) lost_track = true;  // rows pruned before this process read them
        seen_ = id;
        if (own_rows_.erase(id) > 0) continue;  // told in-process when it committed
        boost::system::error_code ec;
        boost::json::value v = boost::json::parse(q.text(1), ec);
        if (ec || !v.is_array()) {
          lost_track = true;
          continue;
        }
        for (const auto& k : v.as_array()) {
          if (k.is_string()) keys.emplace_back(k.as_string());
        }
      }
      return q.status();
    });
    QALAM_RETURN_IF_ERROR(s);
    own_rows_.erase(own_rows_.begin(), own_rows_.upper_bound(seen_));
    prune = ++polls_ % 600 == 0;
  }
  if (prune) {
    // An hour of history is plenty for processes that read it every second.
    QALAM_RETURN_IF_ERROR(write([](Connection& c) {
      return c.query("DELETE FROM change_log WHERE at < unixepoch() - 3600").run();
    }));
  }
  if (lost_track) keys = {std::string(change_keys::everything)};
  if (!keys.empty()) tell(keys);
  return Status::ok_status();
}

Result<Store::ChangesSince> Database::changes_since(int64_t after) {
  return read([&](Connection& c) -> Result<Store::ChangesSince> {
    Store::ChangesSince out;
    out.position = after;
    // The newest id ever given (AUTOINCREMENT keeps it when the rows are pruned) and
    // the oldest still kept: a gap between `after` and the oldest means pruned rows.
    auto bounds = c.query(dialect_.change_bounds);
    if (!bounds.next()) return bounds.status();
    int64_t newest = bounds.integer(0);
    int64_t oldest = bounds.is_null(1) ? newest + 1 : bounds.integer(1);
    if (newest < after || oldest > after + 1) out.complete = newest == after;
    auto q = c.query("SELECT id, keys FROM change_log WHERE id > ? ORDER BY id");
    q.bind(1, after);
    while (q.next()) {
      out.position = q.integer(0);
      boost::system::error_code ec;
      boost::json::value v = boost::json::parse(q.text(1), ec);
      if (ec || !v.is_array()) {
        out.complete = false;
        continue;
      }
      for (const auto& k : v.as_array()) {
        if (k.is_string()) out.keys.emplace_back(k.as_string());
      }
    }
    QALAM_RETURN_IF_ERROR(q.status());
    out.position = std::max(out.position, newest);
    return out;
  });
}

QueryStats Database::query_stats() const {
  return {reads_.load(), static_cast<double>(read_nanos_.load()) / 1e9, writes_.load(),
          static_cast<double>(write_nanos_.load()) / 1e9};
}

Result<SchemaVersion> Database::read_version(Connection& conn) {
  SchemaVersion v;
  v.latest = static_cast<int>(migrations_.size());
  auto exists = conn.query(dialect_.schema_exists);
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
  // Every step is a write transaction that first takes the migration lock and then reads
  // the version again, so that two `qalam migrate` (or two nodes starting) at once
  // apply each migration exactly once: the second waits and finds it applied.
  auto locked = [&](const std::function<Status()>& step) -> Status {
    QALAM_RETURN_IF_ERROR(writer_->exec(dialect_.begin_write));
    Status s = *dialect_.migration_lock != '\0' ? writer_->exec(dialect_.migration_lock) : Status::ok_status();
    if (s.ok()) s = step();
    if (s.ok()) s = writer_->exec("COMMIT");
    if (!s.ok()) (void)writer_->exec("ROLLBACK");
    return s;
  };
  QALAM_RETURN_IF_ERROR(locked([&] {
    return writer_->exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
  }));
  for (const Migration& m : migrations_) {
    bool applied_here = false;
    Status s = locked([&]() -> Status {
      auto version = read_version(*writer_);
      if (!version.ok()) return version.status();
      if (version->current > version->latest) return check_schema_version(*version);
      if (m.version <= version->current) return Status::ok_status();  // applied before, or by another process
      QALAM_RETURN_IF_ERROR(writer_->exec(m.sql).with_context("migration " + std::string(m.name)));
      applied_here = true;
      return writer_->query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)")
          .bind(1, int64_t{m.version})
          .bind(2, m.name)
          .bind(3, utc_now_text())
          .run()
          .with_context("migration " + std::string(m.name));
    });
    if (!s.ok()) return s;
    if (applied_here && on_applied) on_applied(m.version, m.name);
  }
  return Status::ok_status();
}

Status Database::ping() {
  return read([](Connection& c) -> Status {
    auto q = c.query("SELECT count(*) FROM schema_migrations");
    if (!q.next()) return q.status().ok() ? Status::unavailable("database did not answer") : q.status();
    return Status::ok_status();
  });
}

}  // namespace qalam::store::sql
