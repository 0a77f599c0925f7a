// MediaLibrary: uploaded images. The type is read from the bytes (JPEG, PNG, WebP,
// GIF; a name says nothing), the size and the pixel dimensions are checked before
// anything is decoded, and the whole image is then decoded once with libvips, which
// refuses truncated or corrupt files (image_processing.h). What is stored is never the
// upload's own bytes: the original is re-encoded with its orientation applied, in
// sRGB and without any metadata (EXIF, GPS, XMP, IPTC, comments), under a generated
// name beside WebP variants at the configured widths (never wider than the original);
// the public site serves them under /media/ with srcset. strip_all() cleans a library
// that was filled before uploads were cleaned.
//
// Thread-safety: upload() may run concurrently (libvips is thread-safe; names are
// random).
#pragma once

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/files.h"
#include "newsroom/accounts.h"
#include "newsroom/editorial.h"
#include "newsroom/image_processing.h"
#include "store/store.h"

namespace qalam::newsroom {

struct MediaOptions {
  std::filesystem::path dir;               // where files go; served at /media/
  int64_t max_bytes = 20 * 1024 * 1024;    // per upload
  int64_t max_pixels = 60'000'000;         // width × height
  int max_side = 12'000;                   // either dimension
  std::vector<int> widths = {480, 960, 1600};
  // Images decoded at once (each may take hundreds of MB and a core); up to
  // `waiting_jobs` more wait, each up to `job_wait`; beyond either, the upload is
  // refused as unavailable (503 with Retry-After), so a burst of uploads never holds
  // every worker thread.
  int concurrent_jobs = 1;
  int waiting_jobs = 2;
  std::chrono::milliseconds job_wait{30'000};
  // Where files are written and read; null: the disk (tests pass one that fails).
  Files* files = nullptr;
};

struct MediaStripProgress {
  int64_t done = 0;
  int64_t total = 0;
  std::string name;  // the item just handled
};

struct MediaStripReport {
  int64_t total = 0;
  int64_t cleaned = 0;
  std::vector<std::string> problems;  // "NAME.EXT: what went wrong"
};

class MediaLibrary {
 public:
  MediaLibrary(store::Store& store, const Clock& clock, Accounts& accounts, MediaOptions options);

  // The latest uploads, newest first.
  Result<std::vector<store::MediaItem>> recent(int limit);
  // `name`: the stem the image is stored under (an importer's, the same in every run);
  // empty: a random one.
  Result<store::MediaItem> upload(const Principal& who, std::string_view bytes, std::string_view alt,
                                  std::string_view name = {});
  Status set_alt(const Principal& who, std::string_view name, std::string_view alt);
  // The library's search: alt text, caption, credit or name containing `text`
  // (everything, newest first, when empty).
  Result<std::vector<store::MediaItem>> find(std::string_view text, int limit);
  Result<store::MediaItem> item(std::string_view name);
  // An image's alt text, caption and credit, typed once here and carried into the
  // pieces that use it. Editors and admins, or whoever uploaded it.
  Status describe(const Principal& who, std::string_view name, std::string_view alt, std::string_view caption,
                  std::string_view credit);
  // The pieces that show the image (at most 50).
  Result<std::vector<store::MediaUse>> used_in(std::string_view name);
  // Deletes the image and its files; refused (conflict) while a piece uses it.
  // Editors and admins, or whoever uploaded it.
  Status remove(const Principal& who, std::string_view name);
  // Re-cleans every stored image in place (same names, same URLs): `qalam media strip`.
  // An item that cannot be cleaned is reported and left as it was.
  Result<MediaStripReport> strip_all(const std::function<void(const MediaStripProgress&)>& progress = {});

  const MediaOptions& options() const { return options_; }
  // "/media/NAME.EXT"
  static std::string original_path(const store::MediaItem& m);
  static std::string variant_path(const store::MediaItem& m, int width);
  // "…-480.webp 480w, …-960.webp 960w"
  static std::string srcset(const store::MediaItem& m);

 private:
  ImageLimits limits() const;
  // Where an item's files are on disk (original_path/variant_path are their URLs).
  std::filesystem::path original_file(const store::MediaItem& m) const;
  std::filesystem::path variant_file(const store::MediaItem& m, int width) const;
  static void describe(store::MediaItem& item, const ProcessedImage& image);
  Status write_files(const store::MediaItem& item, const ProcessedImage& image,
                     std::vector<std::filesystem::path>& written);
  Status strip_one(store::MediaItem& item);

  store::Store& store_;
  const Clock& clock_;
  Accounts& accounts_;
  MediaOptions options_;
  Files& files_;
  std::mutex jobs_mutex_;
  std::condition_variable job_done_;
  int jobs_running_ = 0;
  int jobs_waiting_ = 0;
};

}  // namespace qalam::newsroom
