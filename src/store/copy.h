// Copying a site's whole database into an empty database of either backend
// (qalam copy, docs/deploy.md): content, accounts, media library, counters and press
// monitoring, ids kept, from one snapshot of `from`, in one transaction on `to`.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "store/store.h"

namespace qalam::store {

struct CopySummary {
  std::vector<std::pair<std::string, int64_t>> tables;  // name, rows copied
  int64_t media_files_added = 0;                        // by `more_media_files`
};

// Adds one file to the target's media files (MediaFileRepository) in the copy's
// transaction.
using AddMediaFile = std::function<Status(std::string_view name, std::string_view bytes)>;
// Files that are not in the source database (a site on SQLite keeps them in its media
// folder), given to the copy to add: a failure fails the whole copy.
using MoreMediaFiles = std::function<Status(const AddMediaFile& add)>;

// `to` must be migrated and hold no site (the settings and archive counts a new site
// starts with aside; they are replaced): a conflict otherwise, and nothing written. The search index is
// not copied: the caller rebuilds it on `to` (SearchRepository::reindex). `on_progress`
// hears (tables done, tables).
Result<CopySummary> copy_site(Store& from, Store& to, const std::function<void(size_t, size_t)>& on_progress,
                              const MoreMediaFiles& more_media_files = {});

}  // namespace qalam::store
