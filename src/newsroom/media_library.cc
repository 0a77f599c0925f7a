#include "newsroom/media_library.h"

#include <vips/vips.h>

#include <fstream>
#include <memory>
#include <mutex>

#include "newsroom/secrets.h"

namespace qalam::newsroom {
namespace {

void ensure_vips() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT("qalam") != 0) std::abort();
    vips_cache_set_max(0);  // uploads are one-off: keep no decoded images around
  });
}

struct ImageRef {
  VipsImage* image = nullptr;
  ~ImageRef() {
    if (image) g_object_unref(image);
  }
};

std::string take_vips_error() {
  std::string e = vips_error_buffer();
  vips_error_clear();
  while (!e.empty() && (e.back() == '\n' || e.back() == ' ')) e.pop_back();
  return e;
}

Refusal bad_upload(std::string message) {
  return {Status::invalid(message), {{"file", message}}};
}

std::string_view mime_of(std::string_view ext) {
  if (ext == "jpg") return "image/jpeg";
  if (ext == "png") return "image/png";
  if (ext == "webp") return "image/webp";
  return "image/gif";
}

Status write_file(const std::filesystem::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Status::unavailable("cannot write " + path.string());
  return Status::ok_status();
}

}  // namespace

std::string sniff_image_type(std::string_view b) {
  auto starts = [&](std::string_view magic, size_t at = 0) { return b.size() >= at + magic.size() && b.substr(at, magic.size()) == magic; };
  if (starts("\xFF\xD8\xFF")) return "jpg";
  if (starts("\x89PNG\r\n\x1A\n")) return "png";
  if (starts("GIF87a") || starts("GIF89a")) return "gif";
  if (starts("RIFF") && starts("WEBP", 8)) return "webp";
  return "";
}

MediaLibrary::MediaLibrary(store::Store& store, const Clock& clock, Accounts& accounts, MediaOptions options)
    : store_(store), clock_(clock), accounts_(accounts), options_(std::move(options)) {}

std::string MediaLibrary::original_path(const store::MediaItem& m) { return "/media/" + m.name + "." + m.extension; }
std::string MediaLibrary::variant_path(const store::MediaItem& m, int width) {
  return "/media/" + m.name + "-" + std::to_string(width) + ".webp";
}
std::string MediaLibrary::srcset(const store::MediaItem& m) {
  std::string out;
  for (int w : m.variants) {
    if (!out.empty()) out += ", ";
    out += variant_path(m, w) + " " + std::to_string(w) + "w";
  }
  return out;
}

Outcome<store::MediaItem> MediaLibrary::upload(const Principal& who, std::string_view bytes, std::string_view alt) {
  if (bytes.empty()) return {std::nullopt, bad_upload("the file is empty")};
  if (static_cast<int64_t>(bytes.size()) > options_.max_bytes) {
    return {std::nullopt, {Status::too_large("the file is larger than " + std::to_string(options_.max_bytes / 1024 / 1024) +
                                             " MB"), {{"file", "larger than the upload limit"}}}};
  }
  std::string ext = sniff_image_type(bytes);
  if (ext.empty()) return {std::nullopt, bad_upload("the file is not a JPEG, PNG, WebP or GIF image (judged by its content, not its name)")};
  if (alt.size() > 500) return {std::nullopt, {Status::invalid("alt: at most 500 bytes"), {{"alt", "at most 500 bytes"}}}};
  ensure_vips();

  // The header only: dimensions are known before a single pixel is decoded.
  ImageRef header;
  header.image = vips_image_new_from_buffer(bytes.data(), bytes.size(), "", "access", VIPS_ACCESS_SEQUENTIAL,
                                            "fail_on", VIPS_FAIL_ON_TRUNCATED, nullptr);
  if (!header.image) return {std::nullopt, bad_upload("the image cannot be read: " + take_vips_error())};
  int width = vips_image_get_width(header.image), height = vips_image_get_height(header.image);
  if (width > options_.max_side || height > options_.max_side ||
      static_cast<int64_t>(width) * height > options_.max_pixels) {
    return {std::nullopt, bad_upload("the image is " + std::to_string(width) + " × " + std::to_string(height) +
                                     " pixels; the limit is " + std::to_string(options_.max_side) + " on a side and " +
                                     std::to_string(options_.max_pixels / 1'000'000) + " megapixels")};
  }

  std::error_code ec;
  std::filesystem::create_directories(options_.dir, ec);
  store::MediaItem item;
  item.name = random_token().substr(0, 22);
  // Generated names are base64url; keep them free of a leading '-' or '_'.
  item.name[0] = 'm';
  item.extension = ext;
  item.mime = std::string(mime_of(ext));
  item.width = width;
  item.height = height;
  item.bytes = static_cast<int64_t>(bytes.size());
  item.alt = std::string(alt);
  item.uploaded_by = who.user.id;
  item.created_at = clock_.now();

  std::vector<int> widths;
  for (int w : options_.widths) {
    if (w < width) widths.push_back(w);
  }
  if (widths.empty() || widths.back() < width) {
    if (widths.size() < options_.widths.size()) widths.push_back(width);
  }
  std::vector<std::filesystem::path> written;
  auto undo = [&] {
    for (const auto& p : written) std::filesystem::remove(p, ec);
  };
  for (int w : widths) {
    // Each variant decodes the whole image again from the start: a truncated or
    // corrupt file fails here, before anything is recorded.
    ImageRef thumb;
    if (vips_thumbnail_buffer(const_cast<char*>(bytes.data()), bytes.size(), &thumb.image, w, "height", 100'000,
                              "option_string", "fail_on=truncated", nullptr) != 0) {
      undo();
      return {std::nullopt, bad_upload("the image is damaged or incomplete: " + take_vips_error())};
    }
    // Decoding is lazy: render into memory now, so a damaged file fails as bad input
    // here and a failed write below is the disk's fault.
    ImageRef pixels;
    pixels.image = vips_image_copy_memory(thumb.image);
    if (!pixels.image) {
      undo();
      return {std::nullopt, bad_upload("the image is damaged or incomplete: " + take_vips_error())};
    }
    auto path = options_.dir / (item.name + "-" + std::to_string(w) + ".webp");
    if (vips_webpsave(pixels.image, path.c_str(), "Q", 80, "strip", TRUE, nullptr) != 0) {
      undo();
      return {std::nullopt, {Status::unavailable("cannot write a variant: " + take_vips_error()), {}}};
    }
    written.push_back(path);
    item.variants.push_back(w);
  }
  auto original = options_.dir / (item.name + "." + ext);
  if (Status s = write_file(original, bytes); !s.ok()) {
    undo();
    return {std::nullopt, {s, {}}};
  }
  written.push_back(original);
  auto id = store_.media().add(item);
  if (!id.ok()) {
    undo();
    return {std::nullopt, {id.status(), {}}};
  }
  item.id = *id;
  accounts_.audit(who.user.id, who.actor(), "media.upload", "media:" + std::to_string(item.id),
                  item.name + "." + ext + " " + std::to_string(width) + "x" + std::to_string(height));
  return {item, {}};
}

Refusal MediaLibrary::set_alt(const Principal& who, std::string_view name, std::string_view alt) {
  auto item = store_.media().by_name(name);
  if (!item.ok()) return {item.status(), {}};
  if (!item->has_value()) return {Status::not_found("no image " + std::string(name)), {}};
  if (alt.size() > 500) return {Status::invalid("alt: at most 500 bytes"), {{"alt", "at most 500 bytes"}}};
  if (Status s = store_.media().set_alt((*item)->id, alt); !s.ok()) return {s, {}};
  accounts_.audit(who.user.id, who.actor(), "media.alt", "media:" + std::to_string((*item)->id));
  return {};
}

}  // namespace qalam::newsroom
