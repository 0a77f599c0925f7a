// `qalam copy`: a site's whole database into an empty database of the other backend:
// `--to URL` from the site's SQLite file into PostgreSQL, `--from URL` from PostgreSQL
// into the site's SQLite file (store/sql/copy.h). The target is migrated first and its
// search index built afterwards; media files stay in the site's folder.
#include <fmt/format.h>

#include "app/commands.h"
#include "app/config.h"
#include "app/site_context.h"
#include "store/copy.h"
#include "store/postgres/postgres_store.h"
#include "store/sqlite/sqlite_store.h"

namespace qalam::app {
namespace {

bool is_postgres_url(const std::string& url) {
  return url.starts_with("postgresql://") || url.starts_with("postgres://") || url.find('=') != std::string::npos;
}

}  // namespace

int run_copy(const CopyOptions& options) {
  auto fail = [](const std::string& message, int code) {
    fmt::print(stderr, "qalam: {}\n", message);
    return code;
  };
  const bool to_postgres = !options.to_url.empty();
  const std::string& url = to_postgres ? options.to_url : options.from_url;
  if (options.to_url.empty() == options.from_url.empty()) {
    return fail("copy needs exactly one of --to URL (into PostgreSQL) and --from URL (out of it)", exit_bad_input);
  }
  if (!is_postgres_url(url)) {
    return fail(fmt::format("{} is not a PostgreSQL database: a postgresql:// URI or a libpq connection string",
                            store::postgres::redacted_url(url)),
                exit_bad_input);
  }
  auto config = load_config(options.site_dir, process_environment());
  if (!config.ok()) return fail(config.status().message(), exit_bad_input);

  // The site's own database is the source (--to) or the target (--from): always the
  // SQLite file of its folder, whatever [database] url says.
  store::sqlite::SqliteOptions file;
  file.path = config->database.path.string();
  file.busy_timeout_ms = config->database.busy_timeout_ms;
  file.synchronous_full = config->database.synchronous == "full";
  auto sqlite = store::sqlite::open_sqlite_store(file);
  if (!sqlite.ok()) return fail(sqlite.status().message(), exit_failure);
  auto postgres = store::postgres::open_postgres_store({url, 1, {}});
  if (!postgres.ok()) return fail(postgres.status().message(), exit_failure);
  store::Store& source = to_postgres ? **sqlite : **postgres;
  store::Store& target = to_postgres ? **postgres : **sqlite;

  if (Status s = store::check_schema_current(source); !s.ok()) return fail("the source: " + s.message(), exit_failure);
  if (Status s = target.migrate(nullptr); !s.ok()) return fail("the target: " + s.message(), exit_failure);
  auto copied = store::copy_site(source, target, progress_printer("copying", "tables"));
  if (!copied.ok()) {
    return fail(copied.status().message(),
                copied.status().code() == StatusCode::conflict ? exit_bad_input : exit_failure);
  }
  if (Status s = target.search().reindex(progress_printer("indexing", "steps")); !s.ok()) {
    return fail("the copy is complete but its search index is not: " + s.message() + " (run qalam reindex)",
                exit_failure);
  }
  int64_t rows = 0;
  for (const auto& [table, count] : copied->tables) rows += count;
  fmt::print("Copied {} rows of {} tables {} {}\n", rows, copied->tables.size(), to_postgres ? "into" : "out of",
             store::postgres::redacted_url(url));
  if (to_postgres) {
    fmt::print("Serve the site from it: set [database] url in {} (or QALAM_DATABASE_URL)\n",
               (options.site_dir / "qalam.toml").string());
  } else {
    fmt::print("The site's database is now {}; leave [database] url empty to serve from it\n", file.path);
  }
  return exit_ok;
}

}  // namespace qalam::app
