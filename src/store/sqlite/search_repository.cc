// The SQLite full-text index (migration 0003): upkeep on every write, search, reindex.
#include <algorithm>
#include <string>

#include "core/time_format.h"
#include "store/sqlite/repositories_internal.h"

namespace qalam::store::sqlite {
namespace {

// The rows each kind contributes, with computed rowids (migration 0006): one thing's
// rows are the rowid range [(ref * 4 + kind) * 4, … + 3].
#define QALAM_SLOT "(CASE lang WHEN 'az' THEN 0 WHEN 'en' THEN 1 WHEN 'ru' THEN 2 ELSE 3 END)"
struct IndexRule {
  const char* kind;
  int code;
  const char* sql;
};
constexpr IndexRule index_rules[] = {
    {"article", 0,
     "INSERT INTO search_index (rowid, title, lead, body, kind, lang, ref) SELECT (id * 4 + 0) * 4 + " QALAM_SLOT
     ", title, lead, body, 'article', lang, id FROM articles WHERE status = 'published' AND id = ?"},
    {"press", 1,
     "INSERT INTO search_index (rowid, title, lead, body, kind, lang, ref) SELECT (id * 4 + 1) * 4 + "
     "(CASE original_lang WHEN 'az' THEN 0 WHEN 'en' THEN 1 WHEN 'ru' THEN 2 ELSE 3 END),"
     " title || ' ' || translated_title, summary, outlet_name, 'press', original_lang, id FROM press_items WHERE id = ?"},
    {"author", 2,
     "INSERT INTO search_index (rowid, title, lead, body, kind, lang, ref) SELECT (author_id * 4 + 2) * 4 + " QALAM_SLOT
     ", name, bio, '', 'author', lang, author_id FROM author_texts WHERE author_id = ?"},
    {"project", 3,
     "INSERT INTO search_index (rowid, title, lead, body, kind, lang, ref) SELECT (project_id * 4 + 3) * 4 + " QALAM_SLOT
     ", title, intro, body, 'project', lang, project_id FROM project_texts WHERE project_id = ?"},
};
#undef QALAM_SLOT

const IndexRule* rule_for(std::string_view kind) {
  for (const IndexRule& r : index_rules) {
    if (kind == r.kind) return &r;
  }
  return nullptr;
}

int language_slot(std::string_view lang) { return lang == "az" ? 0 : lang == "en" ? 1 : lang == "ru" ? 2 : 3; }

bool filters_articles(const SearchRequest& r) { return r.section_id || r.author_id || r.from || r.to; }

std::string where_sql(const SearchRequest& r) {
  std::string sql = " WHERE search_index MATCH ?1";
  if (!r.all_languages) sql += " AND (s.rowid & 3) = ?2";  // the language slot, without reading the row
  bool articles_only = r.section_id || r.author_id || r.from || r.to;
  if (articles_only) sql += " AND s.kind = 'article'";
  if (r.section_id) sql += " AND a.section_id = ?3";
  if (r.author_id) sql += " AND EXISTS (SELECT 1 FROM article_authors x WHERE x.article_id = a.id AND x.author_id = ?4)";
  if (r.from) sql += " AND a.published_at >= ?5";
  if (r.to) sql += " AND a.published_at < ?6";
  return sql;
}

void bind_request(Query& q, const SearchRequest& r) {
  q.bind(1, r.match);
  if (!r.all_languages) q.bind(2, int64_t{language_slot(r.lang)});
  if (r.section_id) q.bind(3, r.section_id);
  if (r.author_id) q.bind(4, r.author_id);
  if (r.from) q.bind(5, to_unix(*r.from));
  if (r.to) q.bind(6, to_unix(*r.to));
}

const char* joins =
    " FROM search_index s"
    " LEFT JOIN articles a ON s.kind = 'article' AND a.id = s.ref"
    " LEFT JOIN press_items p ON s.kind = 'press' AND p.id = s.ref"
    " LEFT JOIN authors au ON s.kind = 'author' AND au.id = s.ref"
    " LEFT JOIN projects pr ON s.kind = 'project' AND pr.id = s.ref";

}  // namespace

Status index_entity(Connection& c, const char* kind, int64_t id) {
  const IndexRule* rule = rule_for(kind);
  if (rule == nullptr) return Status::internal(std::string("no search index rule for ") + kind);
  int64_t first = (id * 4 + rule->code) * 4;
  QALAM_RETURN_IF_ERROR(
      c.query("DELETE FROM search_index WHERE rowid BETWEEN ? AND ?").bind(1, first).bind(2, first + 3).run());
  return c.query(rule->sql).bind(1, id).run();
}

Result<std::vector<SearchHit>> SqliteSearch::search(const SearchRequest& r) {
  return db_.read([&](Connection& c) -> Result<std::vector<SearchHit>> {
    // First the page of rows, ranked, without highlights: SQLite would otherwise compute
    // highlight() and snippet() for every match before the LIMIT.
    std::string order = r.newest_first ? "coalesce(a.published_at, p.published_on, 0) DESC" : "s.rank";
    if (r.all_languages) order = "((s.rowid & 3) = ?7) DESC, " + order;
    // Ranked without article filters: FTS5 ranks alone and only the page's rows are
    // joined, instead of joining every match before sorting.
    bool ranked_only = !r.newest_first && !filters_articles(r);
    std::string from = ranked_only ? " FROM (SELECT s.rowid, s.kind, s.ref, s.lang, s.rank FROM search_index s" +
                                         where_sql(r) + " ORDER BY " + order + " LIMIT ?8 OFFSET ?9) s" +
                                         std::string(joins).substr(std::string(" FROM search_index s").size())
                                   : std::string(joins) + where_sql(r) + " ORDER BY " + order + " LIMIT ?8 OFFSET ?9";
    auto q = c.query("SELECT s.rowid, s.kind, s.ref, s.lang, coalesce(a.slug, p.original_url, au.slug, pr.slug),"
                     " coalesce(a.published_at, p.published_on, 0)" + from +
                     (ranked_only ? " ORDER BY " + order : std::string()));
    bind_request(q, r);
    if (r.all_languages) q.bind(7, int64_t{language_slot(r.lang)});
    q.bind(8, int64_t{r.limit}).bind(9, int64_t{r.offset});
    std::vector<SearchHit> hits;
    std::vector<int64_t> rowids;
    while (q.next()) {
      rowids.push_back(q.integer(0));
      hits.push_back(SearchHit{q.text(1), q.integer(2), q.text(3), q.text(4), from_unix(q.integer(5)), "", ""});
    }
    if (!q.status().ok()) {
      // A malformed expression is the caller's input, not a server fault.
      if (q.status().message().find("fts5") != std::string::npos) return Status::invalid("the search query is not valid");
      return q.status();
    }
    if (hits.empty()) return hits;
    // Then highlights for those rows only. The snippet comes from the lead, or from the
    // body where only the body matched.
    auto marks = c.query(
        "SELECT rowid, highlight(search_index, 0, char(1), char(2)), snippet(search_index, 1, char(1), char(2), '…', 24),"
        " snippet(search_index, 2, char(1), char(2), '…', 24) FROM search_index"
        " WHERE search_index MATCH ?1 AND rowid IN (SELECT value FROM json_each(?2))");
    marks.bind(1, r.match).bind(2, encode_ids(rowids));
    while (marks.next()) {
      auto at = std::find(rowids.begin(), rowids.end(), marks.integer(0));
      if (at == rowids.end()) continue;
      SearchHit& h = hits[static_cast<size_t>(at - rowids.begin())];
      std::string lead = marks.text(2), body = marks.text(3);
      bool lead_matched = lead.find(search_mark_open) != std::string::npos;
      bool body_matched = body.find(search_mark_open) != std::string::npos;
      h.title = marks.text(1);
      h.snippet = !lead_matched && body_matched ? body : lead;
    }
    QALAM_RETURN_IF_ERROR(marks.status());
    return hits;
  });
}

Result<int64_t> SqliteSearch::count(const SearchRequest& r) {
  return db_.read([&](Connection& c) -> Result<int64_t> {
    auto q = c.query("SELECT count(*)" + (filters_articles(r) ? std::string(joins) : std::string(" FROM search_index s")) +
                     where_sql(r));
    bind_request(q, r);
    if (!q.next()) {
      if (q.status().message().find("fts5") != std::string::npos) return Status::invalid("the search query is not valid");
      return q.status();
    }
    return q.integer(0);
  });
}

Status SqliteSearch::reindex(const std::function<void(size_t, size_t)>& on_progress) {
  return db_.write([&](Connection& c) -> Status {
    std::vector<std::pair<const char*, int64_t>> all;
    for (const auto& [kind, table] : {std::pair{"article", "SELECT id FROM articles WHERE status = 'published'"},
                                      std::pair{"press", "SELECT id FROM press_items"},
                                      std::pair{"author", "SELECT id FROM authors"},
                                      std::pair{"project", "SELECT id FROM projects"}}) {
      auto q = c.query(table);
      while (q.next()) all.emplace_back(kind, q.integer(0));
      QALAM_RETURN_IF_ERROR(q.status());
    }
    QALAM_RETURN_IF_ERROR(c.exec("DELETE FROM search_index"));
    for (size_t i = 0; i < all.size(); ++i) {
      QALAM_RETURN_IF_ERROR(c.query(rule_for(all[i].first)->sql).bind(1, all[i].second).run());
      if (on_progress && ((i + 1) % 1000 == 0 || i + 1 == all.size())) on_progress(i + 1, all.size());
    }
    return c.exec("INSERT INTO search_index (search_index) VALUES ('optimize')");
  });
}

}  // namespace qalam::store::sqlite
