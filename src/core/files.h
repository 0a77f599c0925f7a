// Files: the small interface the program's file writes and reads go through (the media
// library's originals and variants, the static exporter's tree), so that tests can make them fail as a disk does —
// full, read-only, a short write — and check that nothing half-done is left behind:
// leveldb's Env in spirit. real_files() is the disk.
//
// Thread-safety: real_files() may be used from any thread.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/status.h"

namespace qalam {

class Files {
 public:
  virtual ~Files() = default;
  // Writes `bytes` as the whole of `path` (created or replaced). unavailable, naming
  // the file and the system's reason, when the disk refuses any of it.
  virtual Status write(const std::filesystem::path& path, std::string_view bytes) = 0;
  // The whole of `path`; not_found when it is missing.
  virtual Result<std::string> read(const std::filesystem::path& path) = 0;
  virtual Status rename(const std::filesystem::path& from, const std::filesystem::path& to) = 0;
  // Removes `path` if it is there (best effort: used to undo).
  virtual void remove(const std::filesystem::path& path) = 0;
  virtual Status make_directories(const std::filesystem::path& dir) = 0;
  // Makes `to` the same file as `from` (a hard link; a copy where the two are on
  // different file systems). `to` must not exist.
  virtual Status link(const std::filesystem::path& from, const std::filesystem::path& to) = 0;
  // Swaps two existing directories in one step (renameat2 RENAME_EXCHANGE): a reader of
  // either name sees the old tree or the new one, never a mix.
  virtual Status exchange(const std::filesystem::path& a, const std::filesystem::path& b) = 0;
  // Removes `path` and everything under it, if it is there.
  virtual Status remove_all(const std::filesystem::path& path) = 0;
};

Files& real_files();

}  // namespace qalam
