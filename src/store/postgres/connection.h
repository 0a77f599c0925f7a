// The PostgreSQL side of the SQL seam (store/sql/connection.h), over libpq: the shared
// repositories' `?` and `?N` placeholders become `$N`, every parameter travels as text
// and takes the type its place in the statement gives it, and results come back as
// text (booleans read as 1 and 0). Statements are prepared once per connection under
// names of their own (protocol-level, which PgBouncer 1.21+ carries in transaction
// mode). A connection that was lost is reset at its next use, its statements prepared
// again.
//
// Thread-safety: a connection is used by one thread at a time. Included only inside
// store/postgres.
#pragma once

#include <cstdint>
#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "store/sql/connection.h"
#include "store/sql/search_index.h"

struct pg_conn;
struct pg_result;

namespace qalam::store::postgres {

class PgStatement;

// `sql` with the shared repositories' id-list idiom, `IN (SELECT CAST(value AS BIGINT)
// FROM json_each(?))` over a JSON array of integers, spelled as PostgreSQL runs it best:
// `= ANY (CAST(translate(?, '[]', '{}') AS BIGINT[]))`, an index scan on the array with
// no function to call (a page's bylines and tags: 0.08 ms instead of 0.23).
std::string postgres_id_lists(std::string_view sql);

// `sql` with SQLite's one-argument `group_concat(x)` (comma-separated, as a piece's
// bylines and tags are read with it) spelled `string_agg(CAST(x AS TEXT), ',')`:
// PostgreSQL's own aggregate, not migration 0004's SQL-defined one (an archive page's
// list: 0.29 ms instead of 0.37). Quoted text is left alone.
std::string postgres_group_concat(std::string_view sql);

// `sql` with SQLite's placeholders rewritten as PostgreSQL's (`?` → `$N` numbered as
// SQLite numbers them, `?N` → `$N`), string literals and quoted names left alone;
// `params` is the highest parameter number; `used`, when given, which numbers appear.
std::string postgres_placeholders(std::string_view sql, int& params, std::vector<bool>* used = nullptr);

class PgConnection final : public sql::Connection {
 public:
  // `url`: a libpq connection string or URI (postgresql://…). `index`: the search
  // index the connection's writes keep in step; it outlives the connection.
  static Result<std::unique_ptr<PgConnection>> open(const std::string& url, sql::SearchIndex& index);
  ~PgConnection() override;

  Status exec(std::string_view sql) override;
  int64_t changes() const override { return changes_; }
  sql::SearchIndex& search_index() override { return *index_; }

  // A failed result (or none) as a Status: constraint violations are conflicts, a
  // lost or refused server unavailable, the rest internal.
  Status error(std::string_view what, const pg_result* result) const;
  pg_conn* handle() { return conn_; }
  void set_changes(int64_t n) { changes_ = n; }
  // Reconnects when the server connection was lost (each reconnect a new generation:
  // statements prepare themselves again).
  Status ensure_connected();
  int64_t generation() const { return generation_; }
  // Whether the connection to the server is gone.
  bool lost() const;

 protected:
  sql::Statement* prepare(const std::string& sql, Status& status) override;

 private:
  PgConnection(pg_conn* conn, sql::SearchIndex& index);
  pg_conn* conn_;
  int64_t generation_ = 0;
  sql::SearchIndex* index_;
  int64_t changes_ = 0;
  int64_t next_name_ = 0;
  std::unordered_map<std::string, std::unique_ptr<PgStatement>> statements_;
};

// A connection of its own that LISTENs on `channel`: wait() returns when a
// notification came (another process's write committed) or `timeout` passed. It is
// opened when first needed and again after the server went away; while it cannot be,
// wait() sleeps the timeout. Notifications missed meanwhile are not lost: the caller
// reads the change log after every wait.
//
// Thread-safety: one thread at a time.
class PgNotifications {
 public:
  PgNotifications(std::string url, std::string channel);
  ~PgNotifications();
  PgNotifications(const PgNotifications&) = delete;
  PgNotifications& operator=(const PgNotifications&) = delete;
  // True when woken by a notification, false when the timeout passed.
  bool wait(std::chrono::milliseconds timeout);

 private:
  bool connect();
  void close();
  bool drain();  // takes the notifications that came; whether there were any

  std::string url_;
  std::string channel_;
  pg_conn* conn_ = nullptr;
};

}  // namespace qalam::store::postgres
