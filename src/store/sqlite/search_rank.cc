#include "store/sqlite/search_rank.h"

#include "store/sqlite/search_rowid.h"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <new>
#include <vector>

#include "store/sqlite/search_rowid.h"
#include "store/sqlite/search_tokenizer.h"

namespace qalam::store::sqlite {
namespace {

constexpr double k1 = 1.2;
constexpr double b = 0.75;
constexpr double column_weights[] = {10.0, 5.0, 1.0};  // title, lead, body; the rest hold no words

// What a query's rows share: computed on its first row, kept by FTS5 for the others.
struct QueryStats {
  double average_length = 0;
  std::vector<double> idf;   // per phrase
  std::vector<double> freq;  // per phrase, for the current row
};

int count_row(const Fts5ExtensionApi*, Fts5Context*, void* rows) {
  ++*static_cast<int64_t*>(rows);
  return SQLITE_OK;
}

int query_stats(const Fts5ExtensionApi* api, Fts5Context* fts, QueryStats*& out) {
  out = static_cast<QueryStats*>(api->xGetAuxdata(fts, 0));
  if (out != nullptr) return SQLITE_OK;
  auto* stats = new (std::nothrow) QueryStats;
  if (stats == nullptr) return SQLITE_NOMEM;
  int rc = api->xSetAuxdata(fts, stats, [](void* p) { delete static_cast<QueryStats*>(p); });
  if (rc != SQLITE_OK) return rc;  // FTS5 has deleted it
  sqlite3_int64 rows = 0, tokens = 0;
  rc = api->xRowCount(fts, &rows);
  if (rc == SQLITE_OK) rc = api->xColumnTotalSize(fts, -1, &tokens);
  if (rc != SQLITE_OK) return rc;
  stats->average_length = rows > 0 ? static_cast<double>(tokens) / static_cast<double>(rows) : 1.0;
  if (stats->average_length <= 0) stats->average_length = 1.0;
  int phrases = api->xPhraseCount(fts);
  stats->idf.assign(static_cast<size_t>(phrases), 0.0);
  stats->freq.assign(static_cast<size_t>(phrases), 0.0);
  // With one phrase the idf multiplies every row's score alike and cannot change the
  // order; counting the phrase's rows would cost a pass over its whole doclist.
  if (phrases == 1) {
    stats->idf[0] = 1.0;
    out = stats;
    return SQLITE_OK;
  }
  for (int p = 0; p < phrases; ++p) {
    int64_t hits = 0;
    rc = api->xQueryPhrase(fts, p, &hits, count_row);
    if (rc != SQLITE_OK) return rc;
    double idf = std::log((static_cast<double>(rows - hits) + 0.5) / (static_cast<double>(hits) + 0.5));
    stats->idf[static_cast<size_t>(p)] = idf > 0 ? idf : 1e-6;
  }
  out = stats;
  return SQLITE_OK;
}

// bm25's sum for a row whose length normalisation is `norm` (1 - b + b·D/avgdl).
double score(const QueryStats& s, double norm) {
  double total = 0;
  for (size_t p = 0; p < s.idf.size(); ++p) {
    double f = s.freq[p];
    total += s.idf[p] * (f * (k1 + 1.0)) / (f + k1 * norm);
  }
  return total;
}

void rank(const Fts5ExtensionApi* api, Fts5Context* fts, sqlite3_context* result, int argc, sqlite3_value** argv) {
  const RankBound* bound = argc > 0 ? static_cast<const RankBound*>(sqlite3_value_pointer(argv[0], rank_bound_type)) : nullptr;
  double must_beat = std::numeric_limits<double>::infinity();
  if (bound != nullptr) {
    bool elsewhere = bound->all_languages && search_rowid::slot_of_rowid(api->xRowid(fts)) != bound->slot;
    must_beat = bound->must_beat[elsewhere ? 1 : 0];
    if (must_beat == -std::numeric_limits<double>::infinity()) return sqlite3_result_double(result, rank_pruned);
  }
  QueryStats* stats = nullptr;
  int rc = query_stats(api, fts, stats);
  if (rc != SQLITE_OK) return sqlite3_result_error_code(result, rc);
  std::fill(stats->freq.begin(), stats->freq.end(), 0.0);
  int instances = 0;
  rc = api->xInstCount(fts, &instances);
  for (int i = 0; rc == SQLITE_OK && i < instances; ++i) {
    int phrase = 0, column = 0, offset = 0;
    rc = api->xInst(fts, i, &phrase, &column, &offset);
    if (rc == SQLITE_OK && column >= 0 && column < 3) stats->freq[static_cast<size_t>(phrase)] += column_weights[column];
  }
  if (rc != SQLITE_OK) return sqlite3_result_error_code(result, rc);
  // The best this row could score, were it of length zero: if even that cannot enter
  // the page, its length is not worth reading.
  if (-score(*stats, 1.0 - b) > must_beat) return sqlite3_result_double(result, rank_pruned);
  int length = 0;
  rc = api->xColumnSize(fts, -1, &length);
  if (rc != SQLITE_OK) return sqlite3_result_error_code(result, rc);
  sqlite3_result_double(result, -score(*stats, 1.0 - b + b * static_cast<double>(length) / stats->average_length));
}

}  // namespace

int register_search_rank(sqlite3* db) {
  fts5_api* api = fts5_api_of(db);
  if (api == nullptr) return SQLITE_ERROR;
  return api->xCreateFunction(api, "qalam_rank", nullptr, rank, nullptr);
}

}  // namespace qalam::store::sqlite
