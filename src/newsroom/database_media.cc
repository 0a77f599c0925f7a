#include "newsroom/database_media.h"

#include "newsroom/secrets.h"
#include "store/change_keys.h"

namespace qalam::newsroom {

bool is_media_file_name(std::string_view name) {
  return !name.empty() && name.size() <= 255 && name.front() != '.' &&
         name.find_first_of(std::string_view("/\\\0", 3)) == std::string_view::npos;
}

Result<std::unique_ptr<DatabaseMediaFiles>> DatabaseMediaFiles::open(store::MediaFileRepository& files,
                                                                     std::filesystem::path dir, int64_t max_bytes,
                                                                     Files& disk) {
  QALAM_RETURN_IF_ERROR(disk.remove_all(dir));
  QALAM_RETURN_IF_ERROR(disk.make_directories(dir));
  return std::unique_ptr<DatabaseMediaFiles>(new DatabaseMediaFiles(files, std::move(dir), max_bytes, disk));
}

std::unique_ptr<DatabaseMediaFiles> DatabaseMediaFiles::without_copies(store::MediaFileRepository& files) {
  return std::unique_ptr<DatabaseMediaFiles>(new DatabaseMediaFiles(files, {}, 0, real_files()));
}

DatabaseMediaFiles::DatabaseMediaFiles(store::MediaFileRepository& files, std::filesystem::path dir,
                                       int64_t max_bytes, Files& disk)
    : files_(files), dir_(std::move(dir)), max_bytes_(max_bytes), disk_(disk) {}

Result<bool> DatabaseMediaFiles::fetch(std::string_view name) {
  if (!is_media_file_name(name)) return Status::invalid("not a media file's name");
  if (dir_.empty()) return Status::internal("a media library without copies serves no files");
  const std::string key(name);
  uint64_t epoch = 0;
  {
    std::lock_guard lock(mutex_);
    if (auto it = copies_.find(key); it != copies_.end()) {
      uses_.splice(uses_.end(), uses_, it->second.use);
      return true;
    }
    epoch = epoch_;
  }
  auto bytes = files_.get(name);
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return false;
  // Written beside, then renamed: a reader of the folder never sees half a file.
  std::filesystem::path tmp = dir_ / ("." + key + "." + random_token().substr(0, 8));
  if (Status s = disk_.write(tmp, **bytes); !s.ok()) {
    disk_.remove(tmp);
    return s;
  }
  if (Status s = disk_.rename(tmp, dir_ / key); !s.ok()) {
    disk_.remove(tmp);
    return s;
  }
  keep(key, static_cast<int64_t>((*bytes)->size()), epoch);
  return true;
}

void DatabaseMediaFiles::keep(const std::string& name, int64_t bytes, uint64_t epoch) {
  std::vector<std::string> dropped;
  {
    std::lock_guard lock(mutex_);
    // A copy dropped while this one was read may be of the old bytes: served this
    // once, read again next time.
    if (epoch != epoch_ || copies_.contains(name)) return;
    uses_.push_back(name);
    copies_.emplace(name, Copy{bytes, std::prev(uses_.end())});
    local_bytes_ += bytes;
    while (local_bytes_ > max_bytes_ && uses_.size() > 1) {
      const std::string oldest = uses_.front();
      local_bytes_ -= copies_.at(oldest).bytes;
      copies_.erase(oldest);
      uses_.pop_front();
      dropped.push_back(oldest);
    }
  }
  for (const std::string& d : dropped) disk_.remove(dir_ / d);
}

void DatabaseMediaFiles::forget(const std::string& name) {
  {
    std::lock_guard lock(mutex_);
    ++epoch_;
    if (auto it = copies_.find(name); it != copies_.end()) {
      local_bytes_ -= it->second.bytes;
      uses_.erase(it->second.use);
      copies_.erase(it);
    }
  }
  if (!dir_.empty() && is_media_file_name(name)) disk_.remove(dir_ / name);
}

void DatabaseMediaFiles::changed(const std::vector<std::string>& keys) {
  const std::string prefix = store::change_keys::media_file("");
  for (const std::string& key : keys) {
    if (key == store::change_keys::everything) {
      std::vector<std::string> all;
      {
        std::lock_guard lock(mutex_);
        all.assign(uses_.begin(), uses_.end());
      }
      for (const std::string& name : all) forget(name);
    } else if (key.starts_with(prefix)) {
      forget(key.substr(prefix.size()));
    }
  }
}

int64_t DatabaseMediaFiles::local_bytes() const {
  std::lock_guard lock(mutex_);
  return local_bytes_;
}

Status DatabaseMediaFiles::write(const std::filesystem::path& path, std::string_view bytes) {
  const std::string name = path.filename().string();
  QALAM_RETURN_IF_ERROR(files_.put(name, bytes));
  forget(name);
  return Status::ok_status();
}

Result<std::string> DatabaseMediaFiles::read(const std::filesystem::path& path) {
  auto bytes = files_.get(path.filename().string());
  if (!bytes.ok()) return bytes.status();
  if (!bytes->has_value()) return Status::not_found("the file " + path.filename().string() + " is missing");
  return std::move(**bytes);
}

Status DatabaseMediaFiles::rename(const std::filesystem::path& from, const std::filesystem::path& to) {
  QALAM_RETURN_IF_ERROR(files_.rename(from.filename().string(), to.filename().string()));
  forget(from.filename().string());
  forget(to.filename().string());
  return Status::ok_status();
}

void DatabaseMediaFiles::remove(const std::filesystem::path& path) {
  (void)files_.remove(path.filename().string());
  forget(path.filename().string());
}

Status DatabaseMediaFiles::make_directories(const std::filesystem::path& dir) {
  return dir_.empty() ? Status::ok_status() : disk_.make_directories(dir);
}

Status DatabaseMediaFiles::link(const std::filesystem::path& from, const std::filesystem::path&) {
  return Status::internal("the media library's files in the database are not linked (" + from.string() + ")");
}
Status DatabaseMediaFiles::exchange(const std::filesystem::path& a, const std::filesystem::path&) {
  return Status::internal("the media library's files in the database are not swapped (" + a.string() + ")");
}
Status DatabaseMediaFiles::remove_all(const std::filesystem::path& path) {
  return Status::internal("the media library's files in the database are not removed as a tree (" + path.string() + ")");
}

}  // namespace qalam::newsroom
