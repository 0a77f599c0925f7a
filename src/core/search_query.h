// What readers type into the search box, read into a structured, backend-neutral
// request (each store backend compiles it into its own query language):
//   shusha war          both words (all must match)
//   "second karabakh"   the phrase
//   -armenia            pieces without the word (or -"a phrase")
//   the last plain word also matches as a prefix (azerb → azerbaycan), so results
//   appear while one types.
// The terms keep the reader's text; a backend folds them (variants, transliteration,
// stems: core/search_terms.h) as it folded the indexed text.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace qalam {

inline constexpr size_t search_query_max_bytes = 200;
inline constexpr size_t search_query_max_terms = 12;

struct QueryTerm {
  std::string text;      // as typed (a phrase without its quotes)
  bool phrase = false;   // "…": its words in this order
  bool exclude = false;  // -…: results without it
  bool prefix = false;   // the last plain word: also words that begin with it
};

struct SearchQuery {
  std::vector<QueryTerm> terms;  // in the reader's order; at least one not excluded
};

// Why a query cannot be searched; the site words each in the reader's language.
enum class SearchQueryProblem { none, empty, too_long, too_many_terms, only_exclusions };

// The problem in English (for logs and API clients).
std::string describe(SearchQueryProblem problem);

// `problem` is set (and the result empty) when the text cannot be searched.
SearchQuery parse_search_query(std::string_view text, SearchQueryProblem& problem, bool prefix_last_word = true);

// The same, as a Result whose invalid_argument Status carries describe(problem).
Result<SearchQuery> parse_search_query(std::string_view text, bool prefix_last_word = true);

}  // namespace qalam
