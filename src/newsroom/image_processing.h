// Image processing for the media library: an uploaded image is decoded once, its
// orientation applied, its colours converted to sRGB and every piece of metadata
// removed (EXIF with its GPS position, camera serial and author; XMP; IPTC; ICC
// profiles; comments; embedded thumbnails), then encoded again: the original in its
// own format and WebP variants at the requested widths. Nothing of the upload's bytes
// is kept as they came, so nothing a camera or an editor's software wrote travels to
// readers.
//
// libvips writes whatever metadata an image carries, and Debian 12's libvips ignores
// `strip` when saving WebP; so the fields are removed from the image itself before
// any save, and `strip` is passed as well.
//
// Thread-safety: the functions may run concurrently (libvips is thread-safe).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace qalam::newsroom {

struct ImageLimits {
  int64_t max_pixels = 60'000'000;  // width × height × frames
  int max_side = 12'000;            // either dimension
};

struct EncodedVariant {
  int width = 0;
  std::string webp;
};

struct ProcessedImage {
  std::string extension;  // of the original: jpg, png, webp, gif
  int width = 0;          // after orientation
  int height = 0;
  int frames = 1;
  std::string original;   // re-encoded, metadata-free
  std::vector<EncodedVariant> variants;  // ascending widths
};

// The image type named by the first bytes; empty when none we take.
std::string sniff_image_type(std::string_view bytes);  // "jpg", "png", "webp", "gif"

// The widths of the variants an image `width` pixels wide gets: each requested width
// below it, and its own width when it is narrower than the largest requested.
std::vector<int> variant_widths(int width, const std::vector<int>& requested);

// Decodes, cleans and re-encodes. invalid_argument (with a reader's message) for
// bytes that are not a whole image of a type we take or exceed the limits;
// internal when libvips cannot encode.
Result<ProcessedImage> process_image(std::string_view bytes, const ImageLimits& limits,
                                     const std::vector<int>& widths);

// A JPEG of `width` × `height` pixels from 8-bit RGB rows (`rgb.size()` must be
// width × height × 3): for images the program draws itself (the demo's illustrations),
// which then go through process_image like any upload.
Result<std::string> encode_rgb_as_jpeg(std::string_view rgb, int width, int height);

// The metadata fields libvips reports on a decoded image (for tests and `qalam media
// strip`): every name but the pixel layout's own.
std::vector<std::string> image_metadata_fields(std::string_view encoded);

}  // namespace qalam::newsroom
