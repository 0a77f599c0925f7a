// `qalam copy`: a site's whole database into an empty database of the other backend:
// `--to URL` from the site's SQLite file into PostgreSQL, `--from URL` from PostgreSQL
// into the site's SQLite file (store/sql/copy.h). The target is migrated first and its
// search index built afterwards. The media files go with the database: from the site's
// media folder into the database's media files (a site on PostgreSQL keeps them
// there), and back out into the folder.
#include <fmt/format.h>

#include "app/commands.h"
#include "app/config.h"
#include "app/site_context.h"
#include "core/files.h"
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
  file.cache_mb = config->database.cache_mb;
  auto sqlite = store::sqlite::open_sqlite_store(file);
  if (!sqlite.ok()) return fail(sqlite.status().message(), exit_failure);
  auto postgres = store::postgres::open_postgres_store({url, 1, {}});
  if (!postgres.ok()) return fail(postgres.status().message(), exit_failure);
  store::Store& source = to_postgres ? **sqlite : **postgres;
  store::Store& target = to_postgres ? **postgres : **sqlite;

  if (Status s = store::check_schema_current(source); !s.ok()) return fail("the source: " + s.message(), exit_failure);
  if (Status s = target.migrate(nullptr); !s.ok()) return fail("the target: " + s.message(), exit_failure);
  const std::filesystem::path& media_dir = config->media.dir;
  if (!to_postgres) {
    // The files first, into the folder: a copy that then fails leaves only files the
    // site does not show yet.
    auto names = source.media_files().names();
    if (!names.ok()) return fail("the source's media files: " + names.status().message(), exit_failure);
    if (Status s = real_files().make_directories(media_dir); !s.ok()) return fail(s.message(), exit_failure);
    auto progress = progress_printer("writing media", "files");
    for (size_t i = 0; i < names->size(); ++i) {
      const std::string& name = (*names)[i];
      auto bytes = source.media_files().get(name);
      if (!bytes.ok()) return fail("the media file " + name + ": " + bytes.status().message(), exit_failure);
      if (!bytes->has_value()) continue;  // removed meanwhile
      if (Status s = real_files().write(media_dir / name, **bytes); !s.ok()) return fail(s.message(), exit_failure);
      progress(i + 1, names->size());
    }
  }
  store::MoreMediaFiles from_folder;
  if (to_postgres) {
    from_folder = [&media_dir](const store::AddMediaFile& add) -> Status {
      std::error_code ec;
      std::vector<std::filesystem::path> files;
      for (const auto& entry : std::filesystem::directory_iterator(media_dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_regular_file() && !name.starts_with(".")) files.push_back(entry.path());
      }
      if (ec && ec != std::errc::no_such_file_or_directory) {
        return Status::unavailable("cannot read " + media_dir.string() + ": " + ec.message());
      }
      auto progress = progress_printer("copying media", "files");
      for (size_t i = 0; i < files.size(); ++i) {
        auto bytes = real_files().read(files[i]);
        if (!bytes.ok()) return bytes.status();
        QALAM_RETURN_IF_ERROR(add(files[i].filename().string(), *bytes));
        progress(i + 1, files.size());
      }
      return Status::ok_status();
    };
  }
  auto copied = store::copy_site(source, target, progress_printer("copying", "tables"), from_folder);
  if (!copied.ok()) {
    return fail(copied.status().message(),
                copied.status().code() == StatusCode::conflict ? exit_bad_input : exit_failure);
  }
  if (Status s = target.search().reindex(progress_printer("indexing", "steps")); !s.ok()) {
    return fail("the copy is complete but its search index is not: " + s.message() + " (run qalam reindex)",
                exit_failure);
  }
  if (!to_postgres) {
    // The site on SQLite serves its files from the folder, written above.
    if (Status s = target.media_files().clear(); !s.ok()) return fail(s.message(), exit_failure);
  }
  int64_t rows = 0, media_files = copied->media_files_added;
  for (const auto& [table, count] : copied->tables) {
    rows += count;
    if (table == "media_files") media_files += count;
  }
  fmt::print("Copied {} rows of {} tables and {} media files {} {}\n", rows, copied->tables.size(), media_files,
             to_postgres ? "into" : "out of", store::postgres::redacted_url(url));
  if (to_postgres) {
    fmt::print("Serve the site from it: set [database] url in {} (or QALAM_DATABASE_URL)\n",
               (options.site_dir / "qalam.toml").string());
  } else {
    fmt::print("The site's database is now {}; leave [database] url empty to serve from it\n", file.path);
  }
  return exit_ok;
}

}  // namespace qalam::app
