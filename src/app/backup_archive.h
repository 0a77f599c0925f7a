// The file `qalam backup` writes and `qalam restore` reads: a gzip-compressed tar
// (ustar; `tar -tzf` lists it) holding the database snapshot (`qalam.db`), the
// configuration (`qalam.toml`), the media library (`media/…`) and a site's own themes
// (`themes/…`), and last `qalam-backup.json`: the format, when and by which version it
// was made, and every other entry's size and SHA-256. A reader checks every entry
// against it, so a file that was cut short, flipped a bit or had an entry added or
// removed is refused as damaged.
//
// Thread-safety: one writer or reader per object.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"

namespace qalam::app {

inline constexpr std::string_view backup_manifest_name = "qalam-backup.json";

class BackupWriter {
 public:
  BackupWriter() = default;
  ~BackupWriter();
  BackupWriter(const BackupWriter&) = delete;
  BackupWriter& operator=(const BackupWriter&) = delete;

  Status open(const std::filesystem::path& file);
  // An entry (a relative path of at most 255 bytes) with its contents.
  Status add(const std::string& name, std::string_view bytes);
  // A file from disk, read in pieces.
  Status add_file(const std::string& name, const std::filesystem::path& from);
  // Writes the manifest (with `about`: JSON members for it, such as the version) and
  // the tar's end, and closes the file.
  Status finish(const std::map<std::string, std::string>& about);

  uint64_t bytes_in() const { return bytes_in_; }

 private:
  Status header(const std::string& name, uint64_t size);
  Status write(std::string_view bytes);
  Status pad(uint64_t size);

  gzFile out_ = nullptr;
  std::filesystem::path path_;
  struct Entry {
    uint64_t size;
    std::string sha256;
  };
  std::map<std::string, Entry> entries_;
  uint64_t bytes_in_ = 0;
};

struct BackupContents {
  std::map<std::string, std::string> about;  // the manifest's own members (format, created, version, …)
  std::map<std::string, uint64_t> sizes;     // every entry but the manifest
};

// Reads `file`, handing each entry (name, a piece of its bytes, whether it is the last
// piece) to `sink` as it comes, then checks every entry against the manifest. Fails
// (invalid_argument, "damaged: …") on any mismatch, a truncated or corrupt file, an
// entry name that would leave the target folder, or a missing manifest.
Result<BackupContents> read_backup(const std::filesystem::path& file,
                                   const std::function<Status(const std::string& name, std::string_view piece, bool last)>& sink);

}  // namespace qalam::app
