// The SQLite full-text index (migration 0003): upkeep on every write, search, reindex.
#include <string>

#include "core/time_format.h"
#include "store/sqlite/repositories_internal.h"

namespace qalam::store::sqlite {
namespace {

// The rows each kind contributes; the same as migration 0003's backfill.
constexpr const char* index_sql[][2] = {
    {"article", "INSERT INTO search_index (title, lead, body, kind, lang, ref) SELECT title, lead, body, 'article', lang, id"
                " FROM articles WHERE status = 'published' AND id = ?"},
    {"press", "INSERT INTO search_index (title, lead, body, kind, lang, ref) SELECT title || ' ' || translated_title,"
              " summary, outlet_name, 'press', original_lang, id FROM press_items WHERE id = ?"},
    {"author", "INSERT INTO search_index (title, lead, body, kind, lang, ref) SELECT name, bio, '', 'author', lang,"
               " author_id FROM author_texts WHERE author_id = ?"},
    {"project", "INSERT INTO search_index (title, lead, body, kind, lang, ref) SELECT title, intro, body, 'project',"
                " lang, project_id FROM project_texts WHERE project_id = ?"},
};

std::string where_sql(const SearchRequest& r) {
  std::string sql = " WHERE search_index MATCH ?1";
  if (!r.all_languages) sql += " AND s.lang = ?2";
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
  if (!r.all_languages) q.bind(2, r.lang);
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
  QALAM_RETURN_IF_ERROR(c.query("DELETE FROM search_index WHERE kind = ? AND ref = ?").bind(1, kind).bind(2, id).run());
  for (const auto& [k, sql] : index_sql) {
    if (std::string_view(k) == kind) return c.query(sql).bind(1, id).run();
  }
  return Status::internal(std::string("no search index rule for ") + kind);
}

Result<std::vector<SearchHit>> SqliteSearch::search(const SearchRequest& r) {
  return db_.read([&](Connection& c) -> Result<std::vector<SearchHit>> {
    std::string order = r.newest_first ? "coalesce(a.published_at, p.published_on, 0) DESC" : "bm25(search_index, 10.0, 5.0, 1.0)";
    if (r.all_languages) order = "(s.lang = ?7) DESC, " + order;
    auto q = c.query(
        "SELECT s.kind, s.ref, s.lang, coalesce(a.slug, p.original_url, au.slug, pr.slug),"
        " coalesce(a.published_at, p.published_on, 0),"
        " highlight(search_index, 0, char(1), char(2)), snippet(search_index, 1, char(1), char(2), '…', 24),"
        " snippet(search_index, 2, char(1), char(2), '…', 24)" +
        std::string(joins) + where_sql(r) + " ORDER BY " + order + " LIMIT ?8 OFFSET ?9");
    bind_request(q, r);
    if (r.all_languages) q.bind(7, r.lang);
    q.bind(8, int64_t{r.limit}).bind(9, int64_t{r.offset});
    std::vector<SearchHit> hits;
    while (q.next()) {
      // The snippet comes from the lead, or from the body where only the body matched.
      std::string lead = q.text(6), body = q.text(7);
      bool lead_matched = lead.find(search_mark_open) != std::string::npos;
      bool body_matched = body.find(search_mark_open) != std::string::npos;
      hits.push_back(SearchHit{q.text(0), q.integer(1), q.text(2), q.text(3), from_unix(q.integer(4)), q.text(5),
                               !lead_matched && body_matched ? body : lead});
    }
    if (!q.status().ok()) {
      // A malformed expression is the caller's input, not a server fault.
      if (q.status().message().find("fts5") != std::string::npos) return Status::invalid("the search query is not valid");
      return q.status();
    }
    return hits;
  });
}

Result<int64_t> SqliteSearch::count(const SearchRequest& r) {
  return db_.read([&](Connection& c) -> Result<int64_t> {
    auto q = c.query("SELECT count(*)" + std::string(joins) + where_sql(r));
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
      for (const auto& [k, sql] : index_sql) {
        if (std::string_view(k) == all[i].first) QALAM_RETURN_IF_ERROR(c.query(sql).bind(1, all[i].second).run());
      }
      if (on_progress && ((i + 1) % 1000 == 0 || i + 1 == all.size())) on_progress(i + 1, all.size());
    }
    return c.exec("INSERT INTO search_index (search_index) VALUES ('optimize')");
  });
}

}  // namespace qalam::store::sqlite
