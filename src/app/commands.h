// The `qalam` subcommands. Each returns the process exit status: 0 success,
// 1 a runtime failure (database, network), 2 bad input (usage, configuration).
#pragma once

#include <filesystem>

#include "core/files.h"
#include <optional>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/files.h"

namespace qalam::store {
class Store;
}

namespace qalam::app {

constexpr int exit_ok = 0;
constexpr int exit_failure = 1;
constexpr int exit_bad_input = 2;

struct InitOptions {
  std::filesystem::path dir;
  bool demo = false;
  std::string title = "Qalam";
  std::string database_url;  // PostgreSQL (an empty database); else SQLite in DIR
};
int run_init(const InitOptions& options);

struct ServeOptions {
  std::filesystem::path site_dir;
  std::optional<std::string> listen;  // overrides [server] listen
  std::optional<int> threads;         // overrides [server] threads
  // For tests only: POST /testing/clock?advance=SECONDS moves the server's time on.
  bool test_clock = false;
};
int run_serve(const ServeOptions& options);

int run_migrate(const std::filesystem::path& site_dir);

// `qalam import`: a JSON Lines file (all or nothing), or WordPress exports
// (ingest/wordpress_import.h). docs/import.md.
struct ImportOptions {
  std::filesystem::path site_dir;
  std::string from = "jsonl";  // jsonl, wordpress
  std::vector<std::string> files;
  std::string uploads;     // wordpress: a copy of wp-content/uploads
  std::string language;    // wordpress: the language of posts that name none
  std::string permalinks;  // wordpress: the old permalink structure
  bool dry_run = false;
  bool resume = false;
};
int run_import(const ImportOptions& options);

// `qalam backup`: the database (one snapshot, taken while the site serves), qalam.toml,
// the media library and the site's themes in one checksummed .tar.gz (backup_archive.h).
int run_backup(const std::filesystem::path& site_dir, const std::filesystem::path& file);
// `qalam restore`: a backup into an empty site; a damaged file is refused whole.
int run_restore(const std::filesystem::path& site_dir, const std::filesystem::path& file);

// Rebuilds the search index from the content, with progress.
int run_reindex(const std::filesystem::path& site_dir);

struct GenerateOptions {
  int64_t articles = 2000;
  uint64_t seed = 1;
  std::string output;  // "" or "-": standard output
};
// Writes a synthetic multilingual corpus in the import format.
int run_generate(const GenerateOptions& options);

int run_version();

// `qalam export-static`: the public site as files (static_site/static_exporter.h).
struct ExportStaticOptions {
  std::filesystem::path site_dir;
  std::filesystem::path out;
  std::string base_url;  // empty: site.url
  int jobs = 2;
  bool full = false;
  bool compress = true;
  int search_limit = 10000;  // pieces per language in the static search index
};
int run_export_static(const ExportStaticOptions& options);

// `qalam media strip`: removes metadata from every stored image, in place.
int run_media_strip(const std::filesystem::path& site_dir);

// `qalam user ACTION`: add, list, set-role, disable, enable, reset-password.
struct UserOptions {
  std::filesystem::path site_dir;
  std::string action;
  std::string email;
  std::string role;
  std::string name;
  std::string password_file;  // empty: ask
  std::string author;         // the public profile (slug) that bylines them; empty: none
};
int run_user(const UserOptions& options);

// `qalam sources ACTION`: add, list, remove, poll, items (docs/monitoring.md).
struct SourcesOptions {
  std::filesystem::path site_dir;
  std::string action;
  std::string url;         // add
  std::string name;        // add
  std::string language;    // add
  std::string outlet;      // add
  int interval_minutes = 30;
  std::string target;      // remove, poll, items: an id or an address (poll, items: empty for all)
  int limit = 50;          // items
};
int run_sources(const SourcesOptions& options);

// `qalam token ACTION`: create, list, revoke.
struct TokenOptions {
  std::filesystem::path site_dir;
  std::string action;
  std::string email;
  std::string name;
  int64_t id = 0;
};
int run_token(const TokenOptions& options);

// Imports JSON Lines text already in memory; prints progress and the summary.
// Where a JSON Lines file's media records find their files, and where they go.
struct MediaCopy {
  std::filesystem::path from;  // the folder beside the file (media_folder_for)
  std::filesystem::path to;    // the site's media library: its folder (SiteMedia::dir)
  Files& files;                // and its files (SiteMedia::files)
};
int import_text(store::Store& store, std::string_view text, const std::string& origin, const MediaCopy* media = nullptr);

// `qalam export`: the site as FILE (JSON Lines, the import format) and its media files
// in media_folder_for(FILE).
int run_export(const std::filesystem::path& site_dir, const std::filesystem::path& file);

// `qalam copy`: the site's whole database into an empty PostgreSQL database (`to_url`)
// or out of one into the site's SQLite file (`from_url`).
struct CopyOptions {
  std::filesystem::path site_dir;
  std::string to_url, from_url;
};
int run_copy(const CopyOptions& options);
// "site.jsonl" → "site-media/", beside it.
std::filesystem::path media_folder_for(const std::filesystem::path& jsonl);

}  // namespace qalam::app
