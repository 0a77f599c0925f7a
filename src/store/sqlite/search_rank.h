// Internal: the FTS5 ranking function "qalam_rank", registered on every connection.
//
// It scores a row by bm25 as FTS5's own bm25() does (k1 = 1.2, b = 0.75, idf =
// log((N - n + 0.5) / (n + 0.5)) and never below 1e-6), with the title weighted 10, the
// lead 5 and the body 1. What it adds is a bound: the caller keeping the best rows of a
// search says, through a RankBound bound as a pointer argument, which score a row must
// beat to still enter its page. A row whose best possible score (its term frequencies
// with a document length of zero) cannot beat it is given `rank_pruned` without reading
// its length, which costs FTS5 a lookup per row and is most of bm25's price.
//
//   SELECT rowid, qalam_rank(search_index, ?7) FROM search_index WHERE search_index MATCH ?1
//
// Keys are bm25 negated, as FTS5 gives them: lower is better. (A query of one phrase
// skips the idf, a factor common to all its rows: the same order, other numbers.)
#pragma once

#include <cstdint>
#include <limits>

struct sqlite3;

namespace qalam::store::sqlite {

inline constexpr const char* rank_bound_type = "qalam_rank_bound";
inline constexpr double rank_pruned = std::numeric_limits<double>::max();

struct RankBound {
  // Rows of language slot `slot` (search_rowid.h) are "here"; with all_languages the others
  // are "elsewhere" and rank after every row here.
  int64_t slot = 0;
  bool all_languages = false;
  // The key a row must get below to enter the page, for rows here [0] and elsewhere [1]:
  // +infinity while the page has room, -infinity when no such row can enter.
  double must_beat[2] = {std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()};
};

// SQLITE_OK or an SQLite error code.
int register_search_rank(sqlite3* db);

}  // namespace qalam::store::sqlite
