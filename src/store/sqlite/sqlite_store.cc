#include "store/sqlite/sqlite_store.h"

#include "store/sql/sql_store.h"
#include "store/sqlite/database.h"
#include "store/sqlite/search_index.h"

namespace qalam::store::sqlite {
namespace {

class SqliteStore final : public sql::SqlStore {
 public:
  SqliteStore(std::unique_ptr<SqliteDatabase> db, std::unique_ptr<SearchRepository> search)
      : SqlStore(std::move(db), std::move(search)) {}

  Status snapshot(const std::filesystem::path& to) override {
    if (std::filesystem::exists(to)) return Status::invalid(to.string() + " exists already");
    // VACUUM INTO reads one snapshot of the database and writes it compacted.
    return database().read([&](Connection& c) { return c.query("VACUUM INTO ?").bind(1, to.string()).run(); });
  }
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteOptions& options) {
  auto db = SqliteDatabase::open({options.path, options.readers, options.busy_timeout_ms, options.migrations, options.synchronous_full,
                                    options.cache_mb});
  if (!db.ok()) return db.status();
  auto search = std::make_unique<SqliteSearch>(**db);
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(db).value(), std::move(search)));
}

}  // namespace qalam::store::sqlite
