// `qalam backup` and `qalam restore` (app/backup_archive.h). A backup is taken while the
// site serves and writes: the database is copied as one snapshot (Store::snapshot), then
// the configuration, the media library and the site's own themes. A restore goes only
// into an empty site, and only from a backup whose every entry matches its checksum;
// it unpacks beside the target and moves into place at the end, so a refused or
// interrupted restore leaves nothing behind.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <fstream>

#include "app/backup_archive.h"
#include "app/commands.h"
#include "app/config.h"
#include "app/site_context.h"
#include "core/time_format.h"
#include "store/sqlite/sqlite_store.h"

namespace qalam::app {
namespace {

double seconds_since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

// Every regular file under `dir`, as (entry name under `prefix`, path), in name order.
std::vector<std::pair<std::string, std::filesystem::path>> files_under(const std::filesystem::path& dir,
                                                                       const std::string& prefix) {
  std::vector<std::pair<std::string, std::filesystem::path>> out;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return out;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != std::filesystem::end(it);
       it.increment(ec)) {
    if (it->is_regular_file(ec)) {
      out.emplace_back(prefix + std::filesystem::relative(it->path(), dir, ec).generic_string(), it->path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool empty_or_missing(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) return true;
  return std::filesystem::is_directory(dir, ec) && std::filesystem::is_empty(dir, ec);
}

}  // namespace

int run_backup(const std::filesystem::path& site_dir, const std::filesystem::path& file) {
  auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    fmt::print(stderr, "qalam: {} exists already; a backup never replaces a file\n", file.string());
    return exit_bad_input;
  }
  int status = exit_ok;
  auto site = open_site(site_dir, 1, false, status);
  if (!site) return status;
  auto version = site->store->schema_version();
  if (!version.ok()) {
    fmt::print(stderr, "qalam: {}\n", version.status().message());
    return exit_failure;
  }
  std::filesystem::path partial = file.string() + ".partial";
  std::filesystem::remove(partial, ec);
  auto fail = [&](const Status& s) {
    fmt::print(stderr, "qalam: {}\n", s.message());
    std::filesystem::remove(partial, ec);
    return s.code() == StatusCode::invalid_argument ? exit_bad_input : exit_failure;
  };
  auto snapshot = DatabaseSnapshot::take(*site->store, file);
  if (!snapshot.ok()) return fail(snapshot.status());
  Status s;
  auto files = files_under(site->config.media.dir, "media/");
  auto themes = files_under(site_dir / "themes", "themes/");
  files.insert(files.end(), themes.begin(), themes.end());
  {
    BackupWriter writer;
    if (!(s = writer.open(partial)).ok()) return fail(s);
    if (!(s = writer.add_file("qalam.db", (*snapshot)->path())).ok()) return fail(s);
    snapshot->reset();  // in the archive: removed now, not after the media
    if (!(s = writer.add_file("qalam.toml", site_dir / "qalam.toml")).ok()) return fail(s);
    auto progress = progress_printer("backing up", "files");
    size_t done = 0;
    for (const auto& [name, path] : files) {
      s = writer.add_file(name, path);
      // An image deleted in the newsroom while the backup ran is no longer needed.
      if (!s.ok() && std::filesystem::exists(path, ec)) return fail(s);
      progress(++done, files.size());
    }
    s = writer.finish({{"format", "qalam-backup"},
                       {"qalam", QALAM_VERSION},
                       {"created", rfc3339(std::chrono::system_clock::now())},
                       {"schema", std::to_string(version->current)}});
    if (!s.ok()) return fail(s);
    std::filesystem::rename(partial, file, ec);
    if (ec) return fail(Status::unavailable(file.string() + ": " + ec.message()));
    fmt::print("backed up {} to {}: the database, qalam.toml and {} files ({:.1f} MB before compression, {:.1f} MB "
               "written) in {:.1f} s\n",
               site_dir.string(), file.string(), files.size(), static_cast<double>(writer.bytes_in()) / 1e6,
               static_cast<double>(std::filesystem::file_size(file, ec)) / 1e6, seconds_since(started));
  }
  return exit_ok;
}

int run_restore(const std::filesystem::path& site_dir, const std::filesystem::path& file) {
  auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    fmt::print(stderr, "qalam: {}: cannot read the file\n", file.string());
    return exit_bad_input;
  }
  if (!empty_or_missing(site_dir)) {
    fmt::print(stderr, "qalam: {} is not empty: a backup is restored into an empty site (or a new folder)\n",
               site_dir.string());
    return exit_bad_input;
  }
  std::filesystem::path target = std::filesystem::absolute(site_dir).lexically_normal();
  if (target.filename().empty()) target = target.parent_path();
  std::filesystem::path staging = target.parent_path() / (".qalam-restore-" + target.filename().string() + "-" +
                                                          std::to_string(::getpid()));
  std::filesystem::remove_all(staging, ec);
  std::filesystem::create_directories(staging, ec);
  if (ec) {
    fmt::print(stderr, "qalam: {}: {}\n", staging.string(), ec.message());
    return exit_failure;
  }
  auto fail = [&](const std::string& message, int code) {
    fmt::print(stderr, "qalam: {}\n", message);
    std::filesystem::remove_all(staging, ec);
    return code;
  };
  std::ofstream out;
  std::string writing;
  auto contents = read_backup(file, [&](const std::string& name, std::string_view piece, bool last) -> Status {
    if (name != writing) {
      std::filesystem::path path = staging / name;
      std::filesystem::create_directories(path.parent_path(), ec);
      out = std::ofstream(path, std::ios::binary | std::ios::trunc);
      writing = name;
    }
    if (!out.write(piece.data(), static_cast<std::streamsize>(piece.size()))) {
      return Status::unavailable((staging / name).string() + ": cannot be written");
    }
    if (last) {
      out.close();
      if (!out) return Status::unavailable((staging / name).string() + ": cannot be written");
      writing.clear();
    }
    return Status::ok_status();
  });
  if (!contents.ok()) {
    return fail(contents.status().message(),
                contents.status().code() == StatusCode::invalid_argument ? exit_bad_input : exit_failure);
  }
  if (!contents->sizes.contains("qalam.db") || !contents->sizes.contains("qalam.toml")) {
    return fail(file.string() + ": damaged: it holds no database or no qalam.toml; nothing was restored", exit_bad_input);
  }
  // The database must open and be one this qalam can serve (or migrate).
  {
    auto store = store::sqlite::open_sqlite_store({(staging / "qalam.db").string(), 1, 5000, {}});
    if (!store.ok()) return fail(file.string() + ": the database does not open: " + store.status().message(), exit_bad_input);
    auto version = (*store)->schema_version();
    if (!version.ok()) return fail(file.string() + ": the database does not open: " + version.status().message(), exit_bad_input);
    if (version->current > version->latest) {
      return fail(fmt::format("{}: made by a newer qalam (schema {}, this one knows {}); nothing was restored",
                              file.string(), version->current, version->latest),
                  exit_bad_input);
    }
  }
  std::filesystem::remove(target, ec);  // the empty folder, if there was one
  std::filesystem::rename(staging, target, ec);
  if (ec) return fail(target.string() + ": " + ec.message(), exit_failure);
  fmt::print("restored {} ({} files, made {} by qalam {}) into {} in {:.1f} s\n", file.string(), contents->sizes.size(),
             contents->about["created"], contents->about["qalam"], target.string(), seconds_since(started));
  auto config = load_config(target, process_environment());
  if (config.ok() && config->media.dir.lexically_normal() != (target / "media").lexically_normal()) {
    fmt::print("note: qalam.toml keeps images in {}; the backup's images are in {}: move them there, or set "
               "media.dir = \"media\"\n",
               config->media.dir.string(), (target / "media").string());
  }
  return exit_ok;
}

}  // namespace qalam::app
