#include "store/sqlite/search_tokenizer.h"

#include <sqlite3.h>

#include <new>

#include "core/search_terms.h"

namespace qalam::store::sqlite {
namespace {

struct Tokenizer {};

int create(void*, const char**, int, Fts5Tokenizer** out) {
  *out = reinterpret_cast<Fts5Tokenizer*>(new (std::nothrow) Tokenizer);
  return *out ? SQLITE_OK : SQLITE_NOMEM;
}

void destroy(Fts5Tokenizer* t) { delete reinterpret_cast<Tokenizer*>(t); }

int tokenize(Fts5Tokenizer*, void* context, int flags, const char* text, int length,
             int (*token)(void*, int, const char*, int, int, int)) {
  int rc = SQLITE_OK;
  // highlight() and snippet() tokenize only to map positions to offsets: words suffice
  // (variants and stems share their word's position). A query's prefix term ("expo*")
  // takes plain stems only: a marked stem is no prefix of anything.
  TermUse use = (flags & FTS5_TOKENIZE_AUX)        ? TermUse::words
                : !(flags & FTS5_TOKENIZE_QUERY)   ? TermUse::index
                : (flags & FTS5_TOKENIZE_PREFIX)   ? TermUse::prefix
                                                   : TermUse::query;
  for_each_search_term(std::string_view(text, static_cast<size_t>(length)), [&](const SearchTerm& t) {
    if (rc != SQLITE_OK || t.text.empty()) return;
    rc = token(context, t.variant ? FTS5_TOKEN_COLOCATED : 0, t.text.data(), static_cast<int>(t.text.size()),
               static_cast<int>(t.begin), static_cast<int>(t.end));
  }, use);
  return rc;
}

}  // namespace

fts5_api* fts5_api_of(sqlite3* db) {
  fts5_api* api = nullptr;
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt, nullptr) != SQLITE_OK) return nullptr;
  sqlite3_bind_pointer(stmt, 1, reinterpret_cast<void*>(&api), "fts5_api_ptr", nullptr);
  sqlite3_step(stmt);
  sqlite3_finalize(stmt);
  return api;
}

int register_search_tokenizer(sqlite3* db) {
  fts5_api* api = fts5_api_of(db);
  if (api == nullptr) return SQLITE_ERROR;
  static fts5_tokenizer methods{create, destroy, tokenize};
  return api->xCreateTokenizer(api, "qalam", nullptr, &methods, nullptr);
}

}  // namespace qalam::store::sqlite
