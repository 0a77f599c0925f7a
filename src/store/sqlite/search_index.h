// The SQLite search index: FTS5 with the "qalam" tokenizer (search_tokenizer.h), rows
// numbered by search_rowid.h, and the search repository over it.
#pragma once

#include <functional>
#include <string>

#include "store/sql/database.h"
#include "store/sql/search_index.h"
#include "store/store.h"

namespace qalam::store::sqlite {

class SqliteSearchIndex final : public sql::SearchIndex {
 public:
  Status index_entity(sql::Connection& c, const char* kind, int64_t id) override;
  Result<std::vector<int64_t>> pieces_with_word(sql::Connection& c, const Article& article, std::string_view word,
                                                int limit) override;
};

class SqliteSearch final : public SearchRepository {
 public:
  explicit SqliteSearch(sql::Database& db) : db_(db) {}
  Result<SearchResults> search(const SearchRequest& request) override;
  Status reindex(const std::function<void(size_t, size_t)>& on_progress) override;

 private:
  sql::Database& db_;
};

// A search as an FTS5 expression: every term a quoted string (the index's tokenizer
// folds it; the reader's text never becomes FTS5 syntax), the wanted terms ANDed, a
// prefix term with *, the excluded ones NOTed.
std::string fts5_match(const SearchQuery& query);

}  // namespace qalam::store::sqlite
