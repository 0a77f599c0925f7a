#include "newsroom/image_processing.h"

#include <spdlog/spdlog.h>

#include <vips/vips.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <mutex>

namespace qalam::newsroom {
namespace {

void ensure_vips() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT("qalam") != 0) std::abort();
    vips_cache_set_max(0);  // uploads are one-off: keep no decoded images around
  });
}

// Owns one reference to a VipsImage.
class Image {
 public:
  Image() = default;
  explicit Image(VipsImage* image) : image_(image) {}
  Image(const Image&) = delete;
  Image& operator=(const Image&) = delete;
  Image(Image&& other) noexcept : image_(std::exchange(other.image_, nullptr)) {}
  Image& operator=(Image&& other) noexcept {
    std::swap(image_, other.image_);
    return *this;
  }
  ~Image() {
    if (image_) g_object_unref(image_);
  }
  VipsImage* get() const { return image_; }
  VipsImage** out() { return &image_; }
  explicit operator bool() const { return image_ != nullptr; }

 private:
  VipsImage* image_ = nullptr;
};

// Owns a buffer libvips allocated.
struct Buffer {
  void* data = nullptr;
  size_t size = 0;
  ~Buffer() { g_free(data); }
  std::string take() const { return {static_cast<const char*>(data), size}; }
};

std::string take_vips_error() {
  std::string e = vips_error_buffer();
  vips_error_clear();
  while (!e.empty() && (e.back() == '\n' || e.back() == ' ')) e.pop_back();
  return e;
}

// What libvips said stays in the log: the editor reads what it means for them.
Status damaged() {
  spdlog::info("an upload was refused as damaged: {}", take_vips_error());
  return Status::invalid_fields({{"file", "damaged", "the image is damaged or incomplete"}});
}

// Fields that describe the pixels' layout and animation; every other one is metadata
// and goes. libvips keeps width, bands, format and the like outside this table.
constexpr std::array<std::string_view, 6> kept_fields = {"page-height", "n-pages", "delay", "loop", "gif-delay",
                                                         "gif-loop"};

bool is_kept(std::string_view name) {
  return std::find(kept_fields.begin(), kept_fields.end(), name) != kept_fields.end();
}

// Built-in header fields libvips lists with the metadata but cannot remove.
bool is_header_field(std::string_view name) {
  static constexpr std::array<std::string_view, 14> header = {
      "width", "height", "bands", "format", "coding", "interpretation", "xoffset",
      "yoffset", "xres", "yres", "filename", "mode", "scale", "offset"};
  return std::find(header.begin(), header.end(), name) != header.end();
}

std::vector<std::string> metadata_of(VipsImage* image) {
  std::vector<std::string> out;
  gchar** fields = vips_image_get_fields(image);
  for (gchar** f = fields; f && *f; ++f) {
    std::string_view name(*f);
    if (!is_header_field(name) && !is_kept(name)) out.emplace_back(name);
  }
  g_strfreev(fields);
  return out;
}

// A copy of the image (sharing pixels) with no metadata but the kept fields.
Result<Image> without_metadata(VipsImage* in) {
  Image copy;
  if (vips_copy(in, copy.out(), nullptr) != 0) return Status::internal("copy: " + take_vips_error());
  for (const std::string& name : metadata_of(copy.get())) vips_image_remove(copy.get(), name.c_str());
  return copy;
}

// Pixels in sRGB (or grey), 8 bits per sample, whatever profile or space they came in.
Result<Image> to_srgb(Image image) {
  VipsImage* in = image.get();
  Image out;
  if (vips_image_get_typeof(in, VIPS_META_ICC_NAME)) {
    if (vips_icc_transform(in, out.out(), "srgb", "embedded", TRUE, "intent", VIPS_INTENT_PERCEPTUAL, nullptr) != 0) {
      return damaged();
    }
    return out;
  }
  VipsInterpretation space = vips_image_get_interpretation(in);
  if (space == VIPS_INTERPRETATION_CMYK) {
    if (vips_icc_transform(in, out.out(), "srgb", "input_profile", "cmyk", nullptr) != 0) return damaged();
    return out;
  }
  if (space == VIPS_INTERPRETATION_sRGB || space == VIPS_INTERPRETATION_B_W) {
    if (vips_image_get_format(in) == VIPS_FORMAT_UCHAR) return image;
    if (vips_cast(in, out.out(), VIPS_FORMAT_UCHAR, nullptr) != 0) return damaged();
    return out;
  }
  VipsInterpretation target = space == VIPS_INTERPRETATION_GREY16 ? VIPS_INTERPRETATION_B_W : VIPS_INTERPRETATION_sRGB;
  if (vips_colourspace(in, out.out(), target, nullptr) != 0) return damaged();
  return out;
}

uint32_t read_le32(std::string_view b, size_t at) {
  auto u = [&](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(b[at + i])); };
  return u(0) | u(1) << 8 | u(2) << 16 | u(3) << 24;
}

void write_le32(std::string& b, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
}

// Debian 12's libvips writes an EXIF chunk into every WebP it saves (made from the
// image's resolution even when the image has no EXIF), `strip` or not: the RIFF
// container is rewritten with only the chunks that carry pixels and animation.
Result<std::string> webp_pixels_only(std::string_view webp) {
  if (webp.size() < 12 || webp.substr(0, 4) != "RIFF" || webp.substr(8, 4) != "WEBP") {
    return Status::internal("libvips wrote something that is not WebP");
  }
  std::string out(webp.substr(0, 12));
  size_t vp8x = std::string::npos;
  for (size_t at = 12; at + 8 <= webp.size();) {
    std::string_view name = webp.substr(at, 4);
    uint32_t size = read_le32(webp, at + 4);
    size_t whole = 8 + static_cast<size_t>(size) + (size & 1);
    if (at + whole > webp.size()) return Status::internal("libvips wrote a truncated WebP");
    if (name == "VP8X") vp8x = out.size();
    if (name == "VP8X" || name == "VP8 " || name == "VP8L" || name == "ALPH" || name == "ANIM" || name == "ANMF") {
      out.append(webp.substr(at, whole));
    }
    at += whole;
  }
  if (vp8x != std::string::npos) {
    constexpr unsigned char icc = 0x20, exif = 0x08, xmp = 0x04;
    out[vp8x + 8] = static_cast<char>(static_cast<unsigned char>(out[vp8x + 8]) & ~(icc | exif | xmp));
  }
  write_le32(out, 4, static_cast<uint32_t>(out.size() - 8));
  return out;
}

Result<std::string> encode_webp(VipsImage* image, int quality) {
  Buffer b;
  if (vips_webpsave_buffer(image, &b.data, &b.size, "Q", quality, "strip", TRUE, nullptr) != 0) {
    return Status::internal("cannot encode WebP: " + take_vips_error());
  }
  return webp_pixels_only(b.take());
}

Result<std::string> encode_original(VipsImage* image, std::string_view extension) {
  if (extension == "webp") return encode_webp(image, 90);
  Buffer b;
  int failed = 0;
  if (extension == "jpg") {
    failed = vips_jpegsave_buffer(image, &b.data, &b.size, "Q", 90, "optimize_coding", TRUE, "strip", TRUE, nullptr);
  } else if (extension == "png") {
    failed = vips_pngsave_buffer(image, &b.data, &b.size, "compression", 6, "strip", TRUE, nullptr);
  } else {
    failed = vips_gifsave_buffer(image, &b.data, &b.size, "strip", TRUE, nullptr);
  }
  if (failed != 0) return Status::internal("cannot encode the image: " + take_vips_error());
  return b.take();
}

Result<std::string> encode_variant(VipsImage* first_frame, int width) {
  Image thumb;
  if (vips_thumbnail_image(first_frame, thumb.out(), width, "height", 100'000, nullptr) != 0) return damaged();
  return encode_webp(thumb.get(), 80);
}

}  // namespace

std::string sniff_image_type(std::string_view b) {
  auto starts = [&](std::string_view magic, size_t at = 0) {
    return b.size() >= at + magic.size() && b.substr(at, magic.size()) == magic;
  };
  if (starts("\xFF\xD8\xFF")) return "jpg";
  if (starts("\x89PNG\r\n\x1A\n")) return "png";
  if (starts("GIF87a") || starts("GIF89a")) return "gif";
  if (starts("RIFF") && starts("WEBP", 8)) return "webp";
  return "";
}

std::vector<int> variant_widths(int width, const std::vector<int>& requested) {
  std::vector<int> widths;
  for (int w : requested) {
    if (w < width) widths.push_back(w);
  }
  if ((widths.empty() || widths.back() < width) && widths.size() < requested.size()) widths.push_back(width);
  return widths;
}

Result<std::string> encode_rgb_as_jpeg(std::string_view rgb, int width, int height) {
  if (width <= 0 || height <= 0 || rgb.size() != static_cast<size_t>(width) * static_cast<size_t>(height) * 3) {
    return Status::invalid("the pixels do not make a " + std::to_string(width) + "x" + std::to_string(height) +
                                    " RGB image");
  }
  ensure_vips();
  Image image(vips_image_new_from_memory_copy(rgb.data(), rgb.size(), width, height, 3, VIPS_FORMAT_UCHAR));
  if (!image) return Status::internal("cannot make an image: " + take_vips_error());
  return encode_original(image.get(), "jpg");
}

Result<ProcessedImage> process_image(std::string_view bytes, const ImageLimits& limits, const std::vector<int>& widths) {
  ProcessedImage out;
  out.extension = sniff_image_type(bytes);
  if (out.extension.empty()) {
    return Status::invalid_fields({{"file", "not_an_image",
                                    "the file is not a JPEG, PNG, WebP or GIF image (judged by its content, not its name)"}});
  }
  ensure_vips();
  bool animated_type = out.extension == "gif" || out.extension == "webp";

  // The header only: dimensions are known before a single pixel is decoded.
  Image header(vips_image_new_from_buffer(bytes.data(), bytes.size(), "", "access", VIPS_ACCESS_SEQUENTIAL,
                                          "fail_on", VIPS_FAIL_ON_TRUNCATED, nullptr));
  if (!header) return damaged();
  int width = vips_image_get_width(header.get()), height = vips_image_get_height(header.get());
  int frames = animated_type ? std::max(1, vips_image_get_n_pages(header.get())) : 1;
  if (width > limits.max_side || height > limits.max_side ||
      static_cast<int64_t>(width) * height * frames > limits.max_pixels) {
    std::string size = std::to_string(width) + " × " + std::to_string(height) + " pixels" +
                       (frames > 1 ? " in " + std::to_string(frames) + " frames" : "");
    std::string side = std::to_string(limits.max_side), megapixels = std::to_string(limits.max_pixels / 1'000'000);
    return Status::invalid_fields({{"file", "image_too_big",
                                    "the image is " + size + "; the limit is " + side + " on a side and " + megapixels +
                                        " megapixels",
                                    {{"size", size}, {"side", side}, {"megapixels", megapixels}}}});
  }

  // The whole image, once: every frame of an animation, into memory, so a truncated or
  // corrupt file fails here as bad input, before anything is written.
  Image decoded(animated_type ? vips_image_new_from_buffer(bytes.data(), bytes.size(), "", "n", -1, "fail_on",
                                                           VIPS_FAIL_ON_TRUNCATED, nullptr)
                              : vips_image_new_from_buffer(bytes.data(), bytes.size(), "", "fail_on",
                                                           VIPS_FAIL_ON_TRUNCATED, nullptr));
  if (!decoded) return damaged();
  if (frames == 1) {
    // A camera's orientation tag, applied to the pixels (and removed).
    Image upright;
    if (vips_autorot(decoded.get(), upright.out(), nullptr) != 0) return damaged();
    decoded = std::move(upright);
  }
  auto srgb = to_srgb(std::move(decoded));
  if (!srgb.ok()) return srgb.status();
  Image pixels(vips_image_copy_memory(srgb->get()));
  if (!pixels) return damaged();
  auto clean = without_metadata(pixels.get());
  if (!clean.ok()) return clean.status();
  VipsImage* image = clean->get();

  out.width = vips_image_get_width(image);
  out.frames = frames;
  out.height = frames > 1 ? vips_image_get_page_height(image) : vips_image_get_height(image);
  auto original = encode_original(image, out.extension);
  if (!original.ok()) return original.status();
  out.original = std::move(original).value();

  Image first_frame;
  if (frames > 1) {
    // The variants are stills of the first frame (the crop has its own metadata).
    if (vips_crop(image, first_frame.out(), 0, 0, out.width, out.height, nullptr) != 0) return damaged();
    for (std::string_view f : kept_fields) vips_image_remove(first_frame.get(), std::string(f).c_str());
  }
  for (int w : variant_widths(out.width, widths)) {
    auto webp = encode_variant(first_frame ? first_frame.get() : image, w);
    if (!webp.ok()) return webp.status();
    out.variants.push_back({w, std::move(webp).value()});
  }
  return out;
}

std::vector<std::string> image_metadata_fields(std::string_view encoded) {
  ensure_vips();
  Image image(vips_image_new_from_buffer(encoded.data(), encoded.size(), "", nullptr));
  if (!image) {
    vips_error_clear();
    return {};
  }
  return metadata_of(image.get());
}

}  // namespace qalam::newsroom
