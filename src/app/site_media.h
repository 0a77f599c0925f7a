// Where a site's media files are kept, decided here for every command: in the media
// folder (a site on SQLite), or in the database with this process's copies in
// media.cache_dir (a site on PostgreSQL, whose nodes share no disk:
// newsroom/database_media.h, docs/deploy.md).
#pragma once

#include <filesystem>
#include <memory>

#include "app/config.h"
#include "core/files.h"
#include "newsroom/database_media.h"
#include "store/store.h"

namespace qalam::app {

class SiteMedia {
 public:
  // `serving`: qalam serve, which keeps copies of the files it serves; a command
  // that only writes the library leaves the nodes' copies alone.
  static Result<std::unique_ptr<SiteMedia>> open(const Config& config, store::Store& store, bool serving = false);

  // The media library's files (MediaOptions::files); a file's path is dir() / its name.
  Files& files() { return in_database_ ? static_cast<Files&>(*in_database_) : real_files(); }
  // The folder /media/ is served from.
  const std::filesystem::path& dir() const { return dir_; }
  // On PostgreSQL: the files in the database and this process's copies; else null.
  newsroom::DatabaseMediaFiles* in_database() { return in_database_.get(); }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<newsroom::DatabaseMediaFiles> in_database_;
};

}  // namespace qalam::app
