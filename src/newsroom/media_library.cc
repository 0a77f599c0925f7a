#include "newsroom/media_library.h"

#include <algorithm>

#include "newsroom/secrets.h"
#include <tuple>
#include "core/text.h"
#include "core/roles.h"

namespace qalam::newsroom {

MediaLibrary::MediaLibrary(store::Store& store, const Clock& clock, Accounts& accounts, MediaOptions options)
    : store_(store), clock_(clock), accounts_(accounts), options_(std::move(options)),
      files_(options_.files ? *options_.files : real_files()) {}

std::string MediaLibrary::original_path(const store::MediaItem& m) { return "/media/" + store::media_original_name(m); }
std::string MediaLibrary::variant_path(const store::MediaItem& m, int width) {
  return "/media/" + store::media_variant_name(m, width);
}
std::string MediaLibrary::srcset(const store::MediaItem& m) {
  std::string out;
  for (int w : m.variants) {
    if (!out.empty()) out += ", ";
    out += variant_path(m, w) + " " + std::to_string(w) + "w";
  }
  return out;
}

Result<std::vector<store::MediaItem>> MediaLibrary::recent(int limit) { return store_.media().list(limit, 0); }

Result<std::vector<store::MediaItem>> MediaLibrary::find(std::string_view text, int limit) {
  if (text.find_first_not_of(' ') == std::string_view::npos) return recent(limit);
  if (text.size() > 200) return Status::invalid_fields({{"q", "too_long", "at most 200 bytes", {{"limit", "200"}}}});
  return store_.media().search(text, limit);
}

Result<store::MediaItem> MediaLibrary::item(std::string_view name) {
  auto found = store_.media().by_name(name);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return Status::not_found("There is no image " + std::string(name) + ".");
  return **found;
}

namespace {

Status may_change(const Principal& who, const store::MediaItem& m) {
  if (may(who.user.role, Permission::curate_content) || m.uploaded_by == who.user.id) return Status::ok_status();
  return Status::permission_denied("Only editors, admins and whoever uploaded an image may change or delete it.");
}

}  // namespace

Status MediaLibrary::describe(const Principal& who, std::string_view name, std::string_view alt,
                              std::string_view caption, std::string_view credit) {
  auto m = item(name);
  if (!m.ok()) return m.status();
  QALAM_RETURN_IF_ERROR(may_change(who, *m));
  std::vector<FieldProblem> problems;
  for (auto [field, value, max] : {std::tuple{"alt", alt, size_t{500}}, std::tuple{"caption", caption, size_t{1000}},
                                   std::tuple{"credit", credit, size_t{200}}}) {
    if (value.size() > max) {
      problems.push_back({field, "too_long", "at most " + std::to_string(max) + " bytes", {{"limit", std::to_string(max)}}});
    } else if (!is_valid_utf8(value)) {
      problems.push_back({field, "not_utf8", "is not valid UTF-8"});
    }
  }
  if (!problems.empty()) return Status::invalid_fields(std::move(problems));
  QALAM_RETURN_IF_ERROR(store_.media().set_details(m->id, alt, caption, credit));
  accounts_.audit(who.user.id, who.actor(), "media.describe", "media:" + std::to_string(m->id));
  return Status::ok_status();
}

Result<std::vector<store::MediaUse>> MediaLibrary::used_in(std::string_view name) {
  return store_.media().uses(name, 50);
}

Status MediaLibrary::remove(const Principal& who, std::string_view name) {
  auto m = item(name);
  if (!m.ok()) return m.status();
  QALAM_RETURN_IF_ERROR(may_change(who, *m));
  QALAM_RETURN_IF_ERROR(store_.media().remove_unused(m->id, m->name));
  // The row is gone; the files follow (a file left behind is only disk space).
  files_.remove(original_file(*m));
  for (int w : m->variants) files_.remove(variant_file(*m, w));
  accounts_.audit(who.user.id, who.actor(), "media.delete", "media:" + std::to_string(m->id), m->name + "." + m->extension);
  return Status::ok_status();
}

Result<store::MediaItem> MediaLibrary::upload(const Principal& who, std::string_view bytes, std::string_view alt,
                                              std::string_view name) {
  if (bytes.empty()) return Status::invalid_fields({{"file", "empty", "the file is empty"}});
  if (static_cast<int64_t>(bytes.size()) > options_.max_bytes) {
    return Status::too_large("the file is larger than " + std::to_string(options_.max_bytes / 1024 / 1024) + " MB");
  }
  if (alt.size() > 500) return Status::invalid_fields({{"alt", "too_long", "at most 500 bytes", {{"limit", "500"}}}});

  // Decoded once, oriented, sRGB, every metadata field removed, encoded again: the
  // upload's own bytes are never stored.
  // A bounded number of images are decoded at once: a burst of uploads queues here
  // instead of taking every core and the memory with it.
  {
    static const Status busy =
        Status::unavailable("Too many images are being processed right now; try again in a minute.");
    std::unique_lock lock(jobs_mutex_);
    if (jobs_running_ >= options_.concurrent_jobs && jobs_waiting_ >= options_.waiting_jobs) return busy;
    ++jobs_waiting_;
    bool free = job_done_.wait_for(lock, options_.job_wait, [this] { return jobs_running_ < options_.concurrent_jobs; });
    --jobs_waiting_;
    if (!free) return busy;
    ++jobs_running_;
  }
  auto image = process_image(bytes, limits(), options_.widths);
  {
    std::lock_guard lock(jobs_mutex_);
    --jobs_running_;
  }
  job_done_.notify_one();
  if (!image.ok()) return image.status();

  store::MediaItem item;
  if (name.empty()) {
    item.name = random_token().substr(0, 22);
    // Generated names are base64url; keep them free of a leading '-' or '_'.
    item.name[0] = 'm';
  } else {
    item.name = std::string(name);
  }
  item.extension = image->extension;
  item.mime = std::string(store::media_mime(item.extension));
  item.alt = std::string(alt);
  item.uploaded_by = who.user.id;
  item.created_at = clock_.now();
  describe(item, *image);

  QALAM_RETURN_IF_ERROR(files_.make_directories(options_.dir));
  std::vector<std::filesystem::path> written;
  if (Status s = write_files(item, *image, written); !s.ok()) return s;
  auto id = store_.media().add(item);
  if (!id.ok()) {
    for (const auto& p : written) files_.remove(p);
    return id.status();
  }
  item.id = *id;
  accounts_.audit(who.user.id, who.actor(), "media.upload", "media:" + std::to_string(item.id),
                  item.name + "." + item.extension + " " + std::to_string(item.width) + "x" + std::to_string(item.height));
  return item;
}

std::filesystem::path MediaLibrary::original_file(const store::MediaItem& m) const {
  return options_.dir / store::media_original_name(m);
}
std::filesystem::path MediaLibrary::variant_file(const store::MediaItem& m, int width) const {
  return options_.dir / store::media_variant_name(m, width);
}

ImageLimits MediaLibrary::limits() const { return {options_.max_pixels, options_.max_side}; }

void MediaLibrary::describe(store::MediaItem& item, const ProcessedImage& image) {
  item.width = image.width;
  item.height = image.height;
  item.bytes = static_cast<int64_t>(image.original.size());
  item.variants.clear();
  for (const auto& v : image.variants) item.variants.push_back(v.width);
}

Status MediaLibrary::write_files(const store::MediaItem& item, const ProcessedImage& image,
                                 std::vector<std::filesystem::path>& written) {
  auto fail = [&](Status s) {
    for (const auto& p : written) files_.remove(p);
    written.clear();
    return s;
  };
  for (const auto& v : image.variants) {
    auto path = variant_file(item, v.width);
    written.push_back(path);  // a failed write may have left part of it
    if (Status s = files_.write(path, v.webp); !s.ok()) return fail(s);
  }
  auto original = original_file(item);
  written.push_back(original);
  if (Status s = files_.write(original, image.original); !s.ok()) return fail(s);
  return Status::ok_status();
}

Result<MediaStripReport> MediaLibrary::strip_all(const std::function<void(const MediaStripProgress&)>& progress) {
  MediaStripReport report;
  auto count = store_.media().count();
  if (!count.ok()) return count.status();
  report.total = *count;
  constexpr int page = 100;
  for (int64_t offset = 0; offset < report.total; offset += page) {
    auto items = store_.media().list(page, static_cast<int>(offset));
    if (!items.ok()) return items.status();
    for (store::MediaItem& item : *items) {
      Status s = strip_one(item);
      if (s.ok()) {
        ++report.cleaned;
      } else {
        report.problems.push_back(item.name + "." + item.extension + ": " + s.message());
      }
      if (progress) progress({report.cleaned + static_cast<int64_t>(report.problems.size()), report.total, item.name});
    }
  }
  return report;
}

Status MediaLibrary::strip_one(store::MediaItem& item) {
  auto original = original_file(item);
  auto read = files_.read(original);
  if (!read.ok() && read.status().code() == StatusCode::not_found) {
    return Status::not_found("the original file " + original.string() + " is missing");
  }
  if (!read.ok()) return read.status();
  const std::string& bytes = *read;
  // Limits are not applied again: the image was accepted when it came.
  auto image = process_image(bytes, {int64_t{1} << 40, 1 << 30}, options_.widths);
  if (!image.ok()) return image.status();
  if (image->extension != item.extension) return Status::invalid("the file is no longer a " + item.extension + " image");
  std::vector<int> old_widths = item.variants;
  describe(item, *image);
  // New files beside the old, then renamed over them: a reader never gets half a file.
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> moves;
  auto undo = [&] {
    for (auto& [tmp, final_path] : moves) files_.remove(tmp);
  };
  auto stage = [&](const std::filesystem::path& final_path, std::string_view data) -> Status {
    auto tmp = final_path;
    tmp += ".strip-tmp";
    moves.emplace_back(tmp, final_path);
    return files_.write(tmp, data);
  };
  for (const auto& v : image->variants) {
    if (Status s = stage(variant_file(item, v.width), v.webp); !s.ok()) {
      undo();
      return s;
    }
  }
  if (Status s = stage(original, image->original); !s.ok()) {
    undo();
    return s;
  }
  if (Status s = store_.media().update_files(item); !s.ok()) {
    undo();
    return s;
  }
  for (auto& [tmp, final_path] : moves) (void)files_.rename(tmp, final_path);
  for (int w : old_widths) {
    if (std::find(item.variants.begin(), item.variants.end(), w) == item.variants.end()) {
      files_.remove(variant_file(item, w));
    }
  }
  return Status::ok_status();
}

Status MediaLibrary::set_alt(const Principal& who, std::string_view name, std::string_view alt) {
  auto item = store_.media().by_name(name);
  if (!item.ok()) return item.status();
  if (!item->has_value()) return Status::not_found("no image " + std::string(name));
  if (alt.size() > 500) return Status::invalid_fields({{"alt", "too_long", "at most 500 bytes", {{"limit", "500"}}}});
  if (Status s = store_.media().set_alt((*item)->id, alt); !s.ok()) return s;
  accounts_.audit(who.user.id, who.actor(), "media.alt", "media:" + std::to_string((*item)->id));
  return Status::ok_status();
}

}  // namespace qalam::newsroom
