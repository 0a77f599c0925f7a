#include "store/postgres/postgres_store.h"

#include <regex>

#include "store/postgres/connection.h"
#include "store/postgres/search.h"
#include "store/sql/sql_store.h"

namespace qalam::store::postgres {
namespace {

constexpr sql::Database::Dialect kPostgres = {
    .begin_write = "BEGIN",
    .schema_exists = "SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema()"
                     " AND tablename = 'schema_migrations'",
    // The identity's sequence keeps the newest id ever given when rows are pruned.
    .change_bounds = "SELECT coalesce((SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM change_log_id_seq), 0),"
                     " (SELECT min(id) FROM change_log)",
    .analyze = "ANALYZE",
    // Held to the end of the transaction: the next writer's change id is given after
    // this one commits.
    .change_log_lock = "SELECT pg_advisory_xact_lock(7402001)",
    // Two nodes or two `qalam migrate` starting together apply each migration once.
    .migration_lock = "SELECT pg_advisory_xact_lock(7402002)",
    // Delivered when the write commits, to every node's listening connection.
    .notify_change = "NOTIFY qalam_changes",
    .begin_snapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    // The identity's sequence continues past the copied ids.
    .after_explicit_ids = "SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                          " coalesce((SELECT max(id) FROM {table}), 0) + 1, false)",
    .list_tables = "SELECT tablename FROM pg_catalog.pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
};

class PgDatabase final : public sql::Database {
 public:
  PgDatabase(const std::string& url, std::span<const sql::Migration> list, std::unique_ptr<sql::Connection> writer,
             std::vector<std::unique_ptr<sql::Connection>> readers)
      : sql::Database(kPostgres, list, std::move(writer), std::move(readers)), notifications_(url, "qalam_changes") {}

  // Woken by the NOTIFY of every write that adds a change log row (kPostgres).
  void wait_for_changes(std::chrono::milliseconds timeout) override { (void)notifications_.wait(timeout); }

 private:
  PgNotifications notifications_;
};

class PostgresStore final : public sql::SqlStore {
 public:
  PostgresStore(std::unique_ptr<sql::Database> db, std::unique_ptr<SearchRepository> search)
      : SqlStore(std::move(db), std::move(search)) {}

  Status snapshot(const std::filesystem::path& to) override {
    return Status::invalid("a PostgreSQL site is copied with pg_dump (docs/deploy.md), not to " + to.string());
  }
};

}  // namespace

std::string redacted_url(std::string_view url) {
  // postgresql://user:secret@host → postgresql://user:***@host; password=secret → password=***
  std::string out = std::regex_replace(std::string(url), std::regex(R"(^(postgres(?:ql)?://[^:/@]*:)[^@]*@)"), "$1***@");
  return std::regex_replace(out, std::regex(R"((password\s*=\s*)\S+)"), "$1***");
}

Result<std::unique_ptr<Store>> open_postgres_store(const PostgresOptions& options) {
  static PgSearchIndex index;  // stateless: one for every connection
  auto failed = [&](const Status& s) { return s.with_context(redacted_url(options.url)); };
  auto writer = PgConnection::open(options.url, index);
  if (!writer.ok()) return failed(writer.status());
  if (options.snapshot) {
    QALAM_RETURN_IF_ERROR((*writer)->exec("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY"));
  }
  std::vector<std::unique_ptr<sql::Connection>> readers;
  for (int i = 0; i < (options.snapshot ? 1 : std::max(1, options.readers)); ++i) {
    auto reader = PgConnection::open(options.url, index);
    if (!reader.ok()) return failed(reader.status());
    if (options.snapshot) {
      // The snapshot is taken by the transaction's first statement.
      QALAM_RETURN_IF_ERROR((*reader)->exec(std::string(kPostgres.begin_snapshot) + "; SELECT 1"));
    }
    readers.push_back(std::move(reader).value());
  }
  auto db = std::make_unique<PgDatabase>(options.url, options.migrations.empty() ? migrations() : options.migrations,
                                         std::move(writer).value(), std::move(readers));
  auto search = std::make_unique<PgSearch>(*db);
  return std::unique_ptr<Store>(std::make_unique<PostgresStore>(std::move(db), std::move(search)));
}

}  // namespace qalam::store::postgres
