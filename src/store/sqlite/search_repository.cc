// The SQLite full-text index (migration 0003): upkeep on every write, search, reindex.
#include <algorithm>
#include <chrono>
#include <limits>
#include <string>

#include "core/time_format.h"
#include "store/sql/related_pieces.h"
#include "store/sql/repositories_internal.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/search_index.h"
#include "store/sqlite/search_rank.h"
#include "store/sqlite/search_rowid.h"

namespace qalam::store::sqlite {

using sql::Database;
using sql::encode_ids;

namespace {

// The rows each kind contributes, with their computed rowids (search_rowid.h).
struct IndexRule {
  const char* kind;
  search_rowid::Kind code;
  std::string sql;
};
const std::vector<IndexRule>& index_rules() {
  using namespace search_rowid;
  static const std::vector<IndexRule> rules = {
      {"article", article,
       "INSERT INTO search_index (rowid, title, lead, body, kind, lang, ref) SELECT " + sql_make("id", article, "lang") +
           ", title, lead, body, 'article', lang, id FROM articles WHERE status = 'published' AND id = ?"},
      {"press", press,
       "INSERT INTO search_index (rowid, title, lead, body, kind, lang, ref) SELECT " +
           sql_make("id", press, "original_lang") +
           ", title || ' ' || translated_title, summary, outlet_name, 'press', original_lang, id FROM press_items WHERE id = ?"},
      {"author", author,
       "INSERT INTO search_index (rowid, title, lead, body, kind, lang, ref) SELECT " +
           sql_make("author_id", author, "lang") + ", name, bio, '', 'author', lang, author_id FROM author_texts WHERE author_id = ?"},
      {"project", project,
       "INSERT INTO search_index (rowid, title, lead, body, kind, lang, ref) SELECT " +
           sql_make("project_id", project, "lang") +
           ", title, intro, body, 'project', lang, project_id FROM project_texts WHERE project_id = ?"},
  };
  return rules;
}

const IndexRule* rule_for(std::string_view kind) {
  for (const IndexRule& r : index_rules()) {
    if (kind == r.kind) return &r;
  }
  return nullptr;
}

std::string fts_phrase(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';  // FTS5 doubles quotes inside strings
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string fts5_match(const SearchQuery& query) {
  std::string match;
  for (const QueryTerm& t : query.terms) {
    if (t.exclude) continue;
    if (!match.empty()) match += " AND ";
    match += fts_phrase(t.text);
    if (t.prefix) match += " *";
  }
  for (const QueryTerm& t : query.terms) {
    if (t.exclude) match += " NOT " + fts_phrase(t.text);
  }
  return match;
}

namespace {

bool filters_articles(const SearchRequest& r) { return r.section_id || r.author_id || r.from || r.to; }

// Every match of the request as (rowid, sort key): the key is the rank, or the
// publication time when newest come first. Kind, reference and language slot are read
// from the rowid (see index_rules), never from the stored row.
std::string matches_sql(const SearchRequest& r) {
  using namespace search_rowid;
  bool filtered = filters_articles(r);
  std::string sql = "SELECT s.rowid, ";
  // bm25, title and lead above body (search_rank.h). Computed here, only for the rows
  // that pass every condition, rather than through FTS5's "ORDER BY rank", which ranks
  // every match first.
  sql += r.newest_first ? "coalesce(a.published_at, p.published_on, 0)" : "qalam_rank(search_index, ?7)";
  sql += " FROM search_index s";
  if (r.newest_first) {
    sql += " LEFT JOIN articles a ON " + sql_kind("s.rowid") + " = 0 AND a.id = " + sql_ref("s.rowid") +
           " LEFT JOIN press_items p ON " + sql_kind("s.rowid") + " = 1 AND p.id = " + sql_ref("s.rowid");
  }
  sql += " WHERE search_index MATCH ?1";
  if (!r.all_languages) sql += " AND " + sql_slot("s.rowid") + " = ?2";
  if (filtered) {
    // The articles that pass the filters, read once from an index into a temporary
    // one, instead of looking up the article of every match.
    sql += " AND " + sql_kind("s.rowid") + " = 0 AND " + sql_ref("s.rowid") +
           " IN (SELECT f.id FROM articles f WHERE f.status = 'published'";
    if (!r.all_languages) sql += " AND f.lang = ?8";
    if (r.section_id) sql += " AND f.section_id = ?3";
    if (r.from) sql += " AND f.published_at >= ?5";
    if (r.to) sql += " AND f.published_at < ?6";
    if (r.author_id) sql += " AND f.id IN (SELECT x.article_id FROM article_authors x WHERE x.author_id = ?4)";
    sql += ")";
  }
  return sql;
}

// A match's place in the order: the asked language first (when all are searched),
// then by key (ascending: bm25 is lower for better matches; newest use -time), then by
// rowid so that equal keys keep one order from page to page.
struct Placed {
  bool elsewhere = false;
  double key = 0;
  int64_t rowid = 0;
  bool operator<(const Placed& o) const {
    if (elsewhere != o.elsewhere) return !elsewhere;
    if (key != o.key) return key < o.key;
    return rowid < o.rowid;
  }
};

// The first `keep` of a stream of matches, without sorting them all: a max-heap of the
// best so far.
class BestOf {
 public:
  explicit BestOf(size_t keep) : keep_(keep) {}
  void offer(const Placed& p) {
    if (keep_ == 0) return;
    if (heap_.size() < keep_) {
      heap_.push_back(p);
      std::push_heap(heap_.begin(), heap_.end());
    } else if (p < heap_.front()) {
      std::pop_heap(heap_.begin(), heap_.end());
      heap_.back() = p;
      std::push_heap(heap_.begin(), heap_.end());
    }
  }
  // The last row on the page so far; nullptr while the page has room.
  const Placed* worst() const { return heap_.size() == keep_ && keep_ > 0 ? &heap_.front() : nullptr; }
  std::vector<Placed> sorted() && {
    std::sort_heap(heap_.begin(), heap_.end());
    return std::move(heap_);
  }

 private:
  size_t keep_;
  std::vector<Placed> heap_;
};

// A malformed expression is the caller's input, not a server fault. FTS5 reports its
// expression errors as "fts5: syntax error near …", "unterminated string" or "no such
// column" while stepping (the statement itself prepared fine).
Status invalid_or(const Status& s) {
  for (std::string_view sign : {"fts5", "unterminated string", "no such column"}) {
    if (s.message().find(sign) != std::string::npos) return Status::invalid("the search query is not valid");
  }
  return s;
}

}  // namespace

Status SqliteSearchIndex::index_entity(Connection& c, const char* kind, int64_t id) {
  const IndexRule* rule = rule_for(kind);
  if (rule == nullptr) return Status::internal(std::string("no search index rule for ") + kind);
  int64_t first = search_rowid::first_of(id, rule->code);
  QALAM_RETURN_IF_ERROR(
      c.query("DELETE FROM search_index WHERE rowid BETWEEN ? AND ?").bind(1, first).bind(2, first + 3).run());
  return c.query(rule->sql).bind(1, id).run();
}

Result<std::vector<int64_t>> SqliteSearchIndex::pieces_with_word(Connection& c, const Article& article,
                                                                   std::string_view word, int limit) {
  using namespace search_rowid;
  const int64_t slot = slot_of(article.lang);
  auto similar = c.query("SELECT " + sql_ref("rowid") + " FROM search_index WHERE search_index MATCH ?1 AND " +
                         sql_kind_and_slot("rowid") + " = ?2 AND rowid != ?3 ORDER BY rowid DESC LIMIT ?4");
  similar.bind(1, "{title lead} : \"" + std::string(word) + "\"")
      .bind(2, kind_and_slot(search_rowid::article, slot))
      .bind(3, make(article.id, search_rowid::article, slot))
      .bind(4, int64_t{limit});
  std::vector<int64_t> ids;
  while (similar.next()) ids.push_back(similar.integer(0));
  if (!similar.status().ok()) return similar.status();
  return ids;
}

Result<SearchResults> SqliteSearch::search(const SearchRequest& r) {
  return db_.read([&](Connection& c) -> Result<SearchResults> {
    SearchResults out;
    // One pass over the matches counts them and keeps the best of them for the page.
    int64_t slot = search_rowid::slot_of(r.lang);
    BestOf best(static_cast<size_t>(std::max(0, r.offset)) + static_cast<size_t>(std::max(0, r.limit)));
    auto q = c.query(matches_sql(r));
    const std::string match = fts5_match(r.query);
    q.bind(1, match);
    if (!r.all_languages) q.bind(2, slot);
    if (r.section_id) q.bind(3, r.section_id);
    if (r.author_id) q.bind(4, r.author_id);
    if (r.from) q.bind(5, to_unix(*r.from));
    if (r.to) q.bind(6, to_unix(*r.to));
    if (filters_articles(r) && !r.all_languages) q.bind(8, r.lang);
    // The rank function skips the exact score of rows that cannot enter the page.
    RankBound bound{slot, r.all_languages};
    if (!r.newest_first) {
      if (auto* stmt = static_cast<SqliteStatement*>(q.statement())) {
        QALAM_RETURN_IF_ERROR(stmt->bind_pointer(7, &bound, rank_bound_type));
      }
    }
    const auto deadline = std::chrono::steady_clock::now() + r.budget;
    while (q.next()) {
      ++out.total;
      if ((out.total & 1023) == 0 && std::chrono::steady_clock::now() > deadline) {
        out.total_is_lower_bound = true;
        break;
      }
      int64_t rowid = q.integer(0);
      double key = r.newest_first ? -static_cast<double>(q.integer(1)) : q.real(1);
      best.offer(Placed{r.all_languages && search_rowid::slot_of_rowid(rowid) != slot, key, rowid});
      if (const Placed* worst = best.worst()) {
        // Rows sort after `worst` unless their key is lower; rows elsewhere never pass
        // one of the asked language.
        constexpr double none = -std::numeric_limits<double>::infinity();
        bound.must_beat[0] = worst->elsewhere ? std::numeric_limits<double>::infinity() : worst->key;
        bound.must_beat[1] = worst->elsewhere ? worst->key : none;
      }
    }
    if (!out.total_is_lower_bound && !q.status().ok()) return invalid_or(q.status());
    std::vector<Placed> ranked = std::move(best).sorted();
    if (ranked.size() <= static_cast<size_t>(std::max(0, r.offset))) return out;

    // Then the page's rows alone, with highlights: the title marked, the snippet from
    // the lead, or from the body where only the body matched.
    std::vector<int64_t> rowids;
    for (size_t i = static_cast<size_t>(std::max(0, r.offset)); i < ranked.size(); ++i) rowids.push_back(ranked[i].rowid);
    auto page = c.query(
        "SELECT s.rowid, s.kind, s.ref, s.lang, coalesce(a.slug, p.original_url, au.slug, pr.slug),"
        " coalesce(a.published_at, p.published_on, 0), highlight(search_index, 0, char(1), char(2)),"
        " snippet(search_index, 1, char(1), char(2), '…', 24), snippet(search_index, 2, char(1), char(2), '…', 24)"
        " FROM search_index s"
        " LEFT JOIN articles a ON s.kind = 'article' AND a.id = s.ref"
        " LEFT JOIN press_items p ON s.kind = 'press' AND p.id = s.ref"
        " LEFT JOIN authors au ON s.kind = 'author' AND au.id = s.ref"
        " LEFT JOIN projects pr ON s.kind = 'project' AND pr.id = s.ref"
        // "+rowid": FTS5 would look each listed rowid up by running the whole match again
        // (for a prefix, merging its doclists every time); one pass over the range of
        // matches, checking each against the list, costs less.
        " WHERE search_index MATCH ?1 AND s.rowid BETWEEN ?2 AND ?3 AND +s.rowid IN (SELECT value FROM json_each(?4))");
    auto [low, high] = std::minmax_element(rowids.begin(), rowids.end());
    page.bind(1, match).bind(2, *low).bind(3, *high).bind(4, encode_ids(rowids));
    out.hits.resize(rowids.size());
    std::vector<bool> seen(rowids.size(), false);
    while (page.next()) {
      auto at = std::find(rowids.begin(), rowids.end(), page.integer(0));
      if (at == rowids.end()) continue;
      size_t i = static_cast<size_t>(at - rowids.begin());
      std::string lead = page.text(7), body = page.text(8);
      bool lead_matched = lead.find(search_mark_open) != std::string::npos;
      bool body_matched = body.find(search_mark_open) != std::string::npos;
      out.hits[i] = SearchHit{page.text(1), page.integer(2), page.text(3), page.text(4), from_unix(page.integer(5)),
                              page.text(6), !lead_matched && body_matched ? std::move(body) : std::move(lead)};
      seen[i] = true;
    }
    QALAM_RETURN_IF_ERROR(page.status());
    // A ranked row deleted between the two queries (a writer committed) is left out
    // rather than shown as an empty hit.
    size_t kept = 0;
    for (size_t i = 0; i < out.hits.size(); ++i) {
      if (!seen[i]) continue;
      if (kept != i) out.hits[kept] = std::move(out.hits[i]);
      ++kept;
    }
    out.hits.resize(kept);
    return out;
  });
}

Status SqliteSearch::reindex(const std::function<void(size_t, size_t)>& on_progress) {
  return db_.write([&](Connection& c) -> Status {
    return sql::reindex_everything(
        c, [&] { return c.exec("DELETE FROM search_index"); },
        [&] { return c.exec("INSERT INTO search_index (search_index) VALUES ('optimize')"); }, on_progress);
  });
}

}  // namespace qalam::store::sqlite
