// What readers type into the search box, turned into an FTS5 match expression:
//   shusha war          both words (all must match)
//   "second karabakh"   the phrase
//   -armenia            pieces without the word (or -"a phrase")
//   the last plain word also matches as a prefix (azerb → azerbaycan), so results
//   appear while one types.
// Every term goes to FTS5 as a quoted string, which the index's tokenizer folds, so
// the user's text never becomes FTS5 syntax.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace qalam {

inline constexpr size_t search_query_max_bytes = 200;
inline constexpr size_t search_query_max_terms = 12;

struct SearchQuery {
  std::string match;  // the FTS5 expression
  size_t terms = 0;
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
