// Copying a site's whole database into an empty one of either backend (qalam copy).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "store/copy.h"
#include "store/sql/database.h"

namespace qalam::store::sql {

// Every table of `from` into `to`, which must hold no site (what a new site starts
// with aside; it is replaced): all of it, or on any failure nothing.
// `on_progress` hears (tables done, tables). The search index is not copied: the
// caller rebuilds it on `to` (SearchRepository::reindex).
// The source's tables that a copy neither copies nor knows to leave out (a migration
// added them and copy.cc does not name them): a copy refuses while there are any.
Result<std::vector<std::string>> tables_copy_does_not_know(Database& db);

Result<CopySummary> copy_database(Database& from, Database& to, const std::function<void(size_t, size_t)>& on_progress,
                                  const MoreMediaFiles& more_media_files = {});

}  // namespace qalam::store::sql
