// The PostgreSQL search index: one search_documents row per thing and language, whose
// weighted tsvector (title A, lead B, body C) holds the words as core/search_terms.h
// folds, varies and stems them, the very terms SQLite's tokenizer gives FTS5, each
// tagged with the document's language ("en#shusha"), so that a word's index entry in
// one language lists that language's documents only (names are spelled alike in all
// three; a prefix "en#shus" stays in its language too). search_languages lists the
// languages the index holds, for a search in all of them. A search is compiled from
// the structured SearchQuery into a tsquery of the same terms and ranked by ts_rank
// over the title's and lead's words (`heads`; see PgSearch::search), and its page's
// titles and snippets are marked in C++.
#pragma once

#include <functional>
#include <set>
#include <vector>
#include <string>

#include "store/sql/database.h"
#include "store/sql/search_index.h"
#include "store/store.h"

namespace qalam::store::postgres {

class PgSearchIndex final : public sql::SearchIndex {
 public:
  Status index_entity(sql::Connection& c, const char* kind, int64_t id) override;
  Result<std::vector<int64_t>> pieces_with_word(sql::Connection& c, const Article& article, std::string_view word,
                                                int limit) override;
};

class PgSearch final : public SearchRepository {
 public:
  explicit PgSearch(sql::Database& db) : db_(db) {}
  Result<SearchResults> search(const SearchRequest& request) override;
  Status reindex(const std::function<void(size_t, size_t)>& on_progress) override;

 private:
  sql::Database& db_;
};

// `text` as a tsvector literal of its index terms in language `lang` at their word
// positions, every one with `weight` (A–D); positions start after `first_position`,
// which is advanced.
std::string tsvector_literal(std::string_view text, std::string_view lang, char weight, int& first_position);

// The query as a tsquery literal: the terms ANDed, each a phrase of its words (<->),
// each word its spellings ORed (in each of `languages`), a prefix term's with :*,
// excluded terms negated. `weights` limits the words to those columns ("AB": title and
// lead). Empty when no term has a word. With `Terms::any`, the wanted terms ORed and
// the excluded left out: what a ranking counts.
enum class Terms { all, any };
std::string tsquery_literal(const SearchQuery& query, const std::vector<std::string>& languages,
                            std::string_view weights = "", Terms joined = Terms::all);

// Marks the words of a text that match a query, folded once for every text marked.
class MatchMarker {
 public:
  explicit MatchMarker(const SearchQuery& query);
  // `text` with the matching words between search_mark_open and _close: all of it
  // (`window` 0), or a window of about `window` words around the first match with "…"
  // where it was cut. `matched` tells whether any word matched.
  std::string mark(std::string_view text, size_t window, bool* matched = nullptr) const;

 private:
  bool wanted(std::string_view term) const;
  std::set<std::string, std::less<>> words_;  // whole words
  std::vector<std::string> prefixes_;         // beginnings a prefix term allows
};

}  // namespace qalam::store::postgres
