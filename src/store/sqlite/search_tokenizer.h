// Internal: registers the FTS5 tokenizer "qalam" on a connection. It cuts and folds
// text with core/search_terms.h, variants as FTS5 colocated tokens (synonyms), so the
// index and every query fold the same way.
#pragma once

struct sqlite3;
struct fts5_api;

namespace qalam::store::sqlite {

// SQLITE_OK or an SQLite error code.
int register_search_tokenizer(sqlite3* db);

// The connection's FTS5 API, through which tokenizers and functions are registered;
// nullptr when SQLite lacks FTS5.
fts5_api* fts5_api_of(sqlite3* db);

}  // namespace qalam::store::sqlite
