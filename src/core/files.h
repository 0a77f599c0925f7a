// Files: the small interface the program's file writes and reads go through (the media
// library's originals and variants), so that tests can make them fail as a disk does —
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
};

Files& real_files();

}  // namespace qalam
