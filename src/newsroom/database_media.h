// DatabaseMediaFiles: the media library's files on a site whose nodes share no disk
// (PostgreSQL). The files themselves live in the database (store::MediaFileRepository);
// each node keeps a bounded copy of those it served in its media folder, the least
// recently served removed first, and drops a copy when the change feed says its file
// changed (change_keys::media_file), so a file replaced on one node (qalam media strip)
// is never served stale by another.
//
// As the media library's Files (MediaOptions::files), a path is the file of that name:
// writes, renames and removals go to the database and drop the local copy; reads
// come from the local copy or the database. fetch() is the server's: it makes the
// local copy of a file asked for under /media/ before the folder serves it.
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/files.h"
#include "store/store.h"

namespace qalam::newsroom {

class DatabaseMediaFiles final : public Files {
 public:
  // `dir`: the node's copies, emptied here (a copy kept while the node was down may be
  // stale); `max_bytes`: how much they may take; `disk`: where the copies are written
  // (tests pass one that fails). Several nodes on one machine may share the folder.
  static Result<std::unique_ptr<DatabaseMediaFiles>> open(store::MediaFileRepository& files, std::filesystem::path dir,
                                                          int64_t max_bytes, Files& disk = real_files());
  // For a command that writes the library while nodes serve (qalam import, media
  // strip): no copies, and the nodes' folder is left alone (they drop what changed
  // when the change log names it).
  static std::unique_ptr<DatabaseMediaFiles> without_copies(store::MediaFileRepository& files);

  // Makes the local copy of `name` (a file name under /media/, percent-decoded):
  // true when there is one now, false when the database holds no such file.
  // invalid_argument for a name that is not one file's.
  Result<bool> fetch(std::string_view name);
  // Drops the local copies of the files these change keys name; all of them on
  // change_keys::everything (the feed lost track).
  void changed(const std::vector<std::string>& keys);
  // Drops the copy of `name` (one the folder turned out not to hold: another node on
  // the machine removed it).
  void forget(const std::string& name);
  int64_t local_bytes() const;

  // Files, for the media library.
  Status write(const std::filesystem::path& path, std::string_view bytes) override;
  Result<std::string> read(const std::filesystem::path& path) override;
  Status rename(const std::filesystem::path& from, const std::filesystem::path& to) override;
  void remove(const std::filesystem::path& path) override;
  Status make_directories(const std::filesystem::path& dir) override;
  Status link(const std::filesystem::path& from, const std::filesystem::path& to) override;
  Status exchange(const std::filesystem::path& a, const std::filesystem::path& b) override;
  Status remove_all(const std::filesystem::path& path) override;

 private:
  struct Copy {
    int64_t bytes;
    std::list<std::string>::iterator use;  // its place in uses_
  };
  DatabaseMediaFiles(store::MediaFileRepository& files, std::filesystem::path dir, int64_t max_bytes, Files& disk);
  // Names the copy just written as one to serve again, unless its file changed while it
  // was read (`epoch`); removes the least recently served past max_bytes_.
  void keep(const std::string& name, int64_t bytes, uint64_t epoch);

  store::MediaFileRepository& files_;
  std::filesystem::path dir_;
  int64_t max_bytes_;
  Files& disk_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Copy> copies_;
  std::list<std::string> uses_;  // least recently served first
  int64_t local_bytes_ = 0;
  uint64_t epoch_ = 0;  // copies dropped so far
};

// Whether `name` can be a media file's name: one path segment, not hidden.
bool is_media_file_name(std::string_view name);

}  // namespace qalam::newsroom
