// Internal: registers the FTS5 tokenizer "qalam" on a connection. It cuts and folds
// text with core/search_terms.h, variants as FTS5 colocated tokens (synonyms), so the
// index and every query fold the same way.
#pragma once

struct sqlite3;

namespace qalam::store::sqlite {

// SQLITE_OK or an SQLite error code.
int register_search_tokenizer(sqlite3* db);

}  // namespace qalam::store::sqlite
