#include "app/site_media.h"

namespace qalam::app {

Result<std::unique_ptr<SiteMedia>> SiteMedia::open(const Config& config, store::Store& store, bool serving) {
  auto media = std::make_unique<SiteMedia>();
  if (config.database.url.empty()) {
    media->dir_ = config.media.dir;
    QALAM_RETURN_IF_ERROR(real_files().make_directories(media->dir_));
    return media;
  }
  media->dir_ = config.media.cache_dir;
  if (!serving) {
    media->in_database_ = newsroom::DatabaseMediaFiles::without_copies(store.media_files());
    return media;
  }
  auto files = newsroom::DatabaseMediaFiles::open(store.media_files(), media->dir_, config.media.cache_limit_bytes);
  if (!files.ok()) return files.status();
  media->in_database_ = std::move(files).value();
  return media;
}

}  // namespace qalam::app
