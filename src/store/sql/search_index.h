// What a backend keeps beside the tables for search, and how the shared writes keep it
// in step: SQLite has FTS5 and its own rowid scheme (store/sqlite/search_rowid.h),
// PostgreSQL a weighted tsvector. Each method runs on the connection of the caller's
// transaction.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/content.h"
#include "core/status.h"

namespace qalam::store::sql {

class Connection;

// How many related pieces are kept per piece (the page shows fewer; the spare ones
// stand in when a kept one is unpublished).
inline constexpr int kept_related = 8;

class SearchIndex {
 public:
  virtual ~SearchIndex() = default;
  // Brings the index rows of one thing (kind: article, press, author, project) in step
  // with its tables.
  virtual Status index_entity(Connection& c, const char* kind, int64_t id) = 0;
  // The newest `limit` other published pieces in `article`'s language whose title or
  // lead holds `word` (folded), newest first: related pieces' candidates when tags and
  // section give too few (related_pieces.h).
  virtual Result<std::vector<int64_t>> pieces_with_word(Connection& c, const Article& article, std::string_view word,
                                                        int limit) = 0;
};

}  // namespace qalam::store::sql
