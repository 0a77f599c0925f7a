// `qalam export`: the whole site as a JSON Lines file in the import format, with the
// media library's files in a folder beside it (ingest/jsonl_export.h).
#include <fmt/format.h>

#include <chrono>
#include <fstream>

#include "app/commands.h"
#include "app/config.h"
#include "app/site_context.h"
#include "app/site_media.h"
#include "core/files.h"
#include "ingest/jsonl_export.h"

namespace qalam::app {

std::filesystem::path media_folder_for(const std::filesystem::path& jsonl) {
  return jsonl.parent_path() / (jsonl.stem().string() + "-media");
}

int run_export(const std::filesystem::path& site_dir, const std::filesystem::path& file) {
  auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    fmt::print(stderr, "qalam: {} exists already; an export never replaces a file\n", file.string());
    return exit_bad_input;
  }
  int status = exit_ok;
  auto site = open_site(site_dir, 1, true, status);
  if (!site) return status;
  std::filesystem::path partial = file.string() + ".partial";
  auto fail = [&](const std::string& message) {
    fmt::print(stderr, "qalam: {}\n", message);
    std::filesystem::remove(partial, ec);
    return exit_failure;
  };
  // Read from one snapshot of the database (as qalam backup takes it), so that a site
  // writing meanwhile cannot give a file whose articles name a tag or an author it
  // does not hold.
  auto snapshot = open_store_snapshot(*site, file);
  if (!snapshot.ok()) return fail(snapshot.status().message());
  Result<ingest::ExportSummary> summary = Status::internal("not exported");
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) return fail(partial.string() + ": cannot write the file");
    summary = ingest::export_jsonl(*snapshot->store, out, progress_printer("exporting", "articles"));
    out.close();
    if (summary.ok() && !out) return fail(partial.string() + ": cannot be written");
  }
  if (!summary.ok()) return fail(summary.status().message());
  // The media files, beside the file: from the folder, or on PostgreSQL from the
  // database as the snapshot saw it.
  std::filesystem::path media = media_folder_for(file);
  auto library = SiteMedia::open(site->config, *snapshot->store);
  if (!library.ok()) return fail(library.status().message());
  Files& files = real_files();
  if (!summary->media_files.empty()) {
    if (Status s = files.make_directories(media); !s.ok()) return fail(s.message());
    for (const std::string& name : summary->media_files) {
      auto bytes = (*library)->files().read((*library)->dir() / name);
      if (!bytes.ok()) return fail(((*library)->dir() / name).string() + ": " + bytes.status().message());
      if (Status s = files.write(media / name, *bytes); !s.ok()) return fail(s.message());
    }
  }
  snapshot->store.reset();
  snapshot->file.reset();  // SQLite's copy, removed before the file is moved into place
  if (Status s = files.rename(partial, file); !s.ok()) return fail(s.message());
  std::string parts;
  for (const auto& [type, n] : summary->records) parts += fmt::format("{}{} {}", parts.empty() ? "" : ", ", n, type);
  fmt::print("exported {} to {} ({}){} in {:.1f} s\n", site_dir.string(), file.string(), parts,
             summary->media_files.empty() ? std::string()
                                          : fmt::format(" and {} media files to {}", summary->media_files.size(), media.string()),
             std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return exit_ok;
}

}  // namespace qalam::app
