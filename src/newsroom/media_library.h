// MediaLibrary: uploaded images. The type is read from the bytes (JPEG, PNG, WebP,
// GIF; a name says nothing), the size and the pixel dimensions are checked before
// anything is decoded, and the whole image is then decoded once with libvips, which
// refuses truncated or corrupt files. The original is kept under a generated name
// beside WebP variants at the configured widths (never wider than the original);
// the public site serves them under /media/ with srcset.
//
// Thread-safety: upload() may run concurrently (libvips is thread-safe; names are
// random).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/clock.h"
#include "newsroom/accounts.h"
#include "newsroom/editorial.h"
#include "store/store.h"

namespace qalam::newsroom {

struct MediaOptions {
  std::filesystem::path dir;               // where files go; served at /media/
  int64_t max_bytes = 20 * 1024 * 1024;    // per upload
  int64_t max_pixels = 60'000'000;         // width × height
  int max_side = 12'000;                   // either dimension
  std::vector<int> widths = {480, 960, 1600};
};

// The image type named by the first bytes; empty when none we take.
std::string sniff_image_type(std::string_view bytes);  // "jpg", "png", "webp", "gif"

class MediaLibrary {
 public:
  MediaLibrary(store::Store& store, const Clock& clock, Accounts& accounts, MediaOptions options);

  Outcome<store::MediaItem> upload(const Principal& who, std::string_view bytes, std::string_view alt);
  Refusal set_alt(const Principal& who, std::string_view name, std::string_view alt);

  const MediaOptions& options() const { return options_; }
  // "/media/NAME.EXT"
  static std::string original_path(const store::MediaItem& m);
  static std::string variant_path(const store::MediaItem& m, int width);
  // "…-480.webp 480w, …-960.webp 960w"
  static std::string srcset(const store::MediaItem& m);

 private:
  store::Store& store_;
  const Clock& clock_;
  Accounts& accounts_;
  MediaOptions options_;
};

}  // namespace qalam::newsroom
