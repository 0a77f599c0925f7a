// Articles: lookups, filtered lists, translations, related pieces, sitemap refs.
#include <boost/json.hpp>
#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "core/search_terms.h"

#include "core/text.h"
#include "core/time_format.h"
#include "store/sql/repositories_internal.h"
#include "store/sql/archive_counts.h"
#include "store/sql/related_pieces.h"

namespace qalam::store::sql {
namespace {

}  // namespace

// The last two columns: the piece's bylines and its tags (read with the piece: no
// second statement for them, one round trip less on PostgreSQL for every list). An
// aggregate keeps no order in either backend, so each byline carries its position:
// position * 2^32 + author id, sorted here (ids_of).
#define QALAM_ARTICLE_LINKS                                                                        \
  ", (SELECT group_concat(l.position * 4294967296 + l.author_id) FROM article_authors l"          \
  " WHERE l.article_id = a.id), (SELECT group_concat(l.tag_id) FROM article_tags l WHERE l.article_id = a.id)"
const char* const article_columns =
    "a.id, a.lang, a.translation_group, a.slug, a.title, a.lead, a.body, a.status, a.published_at, "
    "a.updated_at, coalesce(a.section_id, 0), a.featured, a.image, a.image_alt, a.version, "
    "coalesce(a.owner_id, 0), a.created_at" QALAM_ARTICLE_LINKS;
const char* const article_list_columns =
    "a.id, a.lang, a.translation_group, a.slug, a.title, a.lead, '', a.status, a.published_at, "
    "a.updated_at, coalesce(a.section_id, 0), a.featured, a.image, a.image_alt, a.version, "
    "coalesce(a.owner_id, 0), a.created_at" QALAM_ARTICLE_LINKS;
#undef QALAM_ARTICLE_LINKS

namespace {

// "5,3" → {3, 5}: the numbers of a group_concat in their order; each taken modulo 2^32
// (what a byline's position adds above its id); "" → {}.
std::vector<int64_t> ids_of(std::string_view list) {
  std::vector<int64_t> numbers;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view one = list.substr(0, comma);
    int64_t n = 0;
    std::from_chars(one.data(), one.data() + one.size(), n);
    numbers.push_back(n);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  std::sort(numbers.begin(), numbers.end());
  for (int64_t& n : numbers) n %= int64_t{1} << 32;
  return numbers;
}

Article read_article(const Query& q) {
  Article a;
  a.id = q.integer(0);
  a.lang = q.text(1);
  a.translation_group = q.text(2);
  a.slug = q.text(3);
  a.title = q.text(4);
  a.lead = q.text(5);
  a.body = q.text(6);
  a.status = parse_article_status(q.text(7)).value_or(ArticleStatus::draft);
  a.published_at = from_unix(q.integer(8));
  a.updated_at = from_unix(q.integer(9));
  a.section_id = q.integer(10);
  a.featured = q.integer(11) != 0;
  a.image = q.text(12);
  a.image_alt = q.text(13);
  a.version = q.integer(14);
  a.owner_id = q.integer(15);
  a.created_at = from_unix(q.integer(16));
  a.author_ids = ids_of(q.text(17));
  a.tag_ids = ids_of(q.text(18));
  return a;
}

// Reads the rows of q (their bylines and tags come with them).
Result<std::vector<Article>> read_articles(Connection&, Query& q) {
  std::vector<Article> out;
  while (q.next()) out.push_back(read_article(q));
  if (!q.status().ok()) return q.status();
  return out;
}

}  // namespace

Result<std::vector<Article>> read_article_rows(Connection& c, Query& q) { return read_articles(c, q); }

namespace {

// A page's pieces in the archives' order, newest first. Sorted here rather than by an
// ORDER BY over the page's joined rows: SQLite sorted those whole rows again in a
// temporary B-tree (a seventh of an author archive's statement), and a page is 20.
void sort_newest_first(std::vector<Article>& list) {
  std::sort(list.begin(), list.end(), [](const Article& a, const Article& b) {
    return std::pair(a.published_at, a.id) > std::pair(b.published_at, b.id);
  });
}

Result<std::vector<Article>> newest_first(Result<std::vector<Article>> list) {
  if (list.ok()) sort_newest_first(*list);
  return list;
}

// Builds the FROM/WHERE of a filtered query; binds start at 1 in the order returned.
// An author's or tag's pieces are few among all: CROSS JOIN makes SQLite start from
// their index instead of probing every article of the language.
std::string filter_sql(const ArticleFilter& f) {
  std::string sql = " FROM ";
  if (f.author_id) sql += "article_authors fa CROSS JOIN ";
  if (f.tag_id) sql += "article_tags ft CROSS JOIN ";
  sql += "articles a";
  sql += " WHERE a.status = 'published'";
  if (f.author_id) sql += " AND fa.author_id = ? AND a.id = fa.article_id";
  if (f.tag_id) sql += " AND ft.tag_id = ? AND a.id = ft.article_id";
  if (!f.lang.empty()) sql += " AND a.lang = ?";
  if (f.section_id) sql += " AND a.section_id = ?";
  if (f.featured_only) sql += " AND a.featured = 1";
  if (f.published_since) sql += " AND a.published_at >= ?";
  if (f.after) sql += " AND (a.published_at, a.id) < (?, ?)";
  return sql;
}

// Binds from parameter `i`; returns the next one.
int bind_filter(Query& q, const ArticleFilter& f, int i = 1) {
  if (f.author_id) q.bind(i++, f.author_id);
  if (f.tag_id) q.bind(i++, f.tag_id);
  if (!f.lang.empty()) q.bind(i++, f.lang);
  if (f.section_id) q.bind(i++, f.section_id);
  if (f.published_since) q.bind(i++, to_unix(*f.published_since));
  if (f.after) {
    q.bind(i++, to_unix(f.after->first));
    q.bind(i++, f.after->second);
  }
  return i;
}

}  // namespace

Result<std::optional<Article>> SqlArticles::by_slug(std::string_view lang, std::string_view slug) {
  return db_.read([&](Connection& c) -> Result<std::optional<Article>> {
    auto q = c.query(std::string("SELECT ") + article_columns +
                     " FROM articles a WHERE a.lang = ? AND a.slug = ? AND a.status = 'published'");
    q.bind(1, lang).bind(2, slug);
    auto all = read_articles(c, q);
    if (!all.ok()) return all.status();
    if (all->empty()) return std::optional<Article>();
    return std::optional<Article>(std::move(all->front()));
  });
}

namespace {

// An author's or a tag's archive, in one language or in all, nothing else filtered:
// answered from the link table's archive indexes (migrations 0009, 0011) instead of
// every piece's row.
struct ArchiveLink {
  const char* table;   // article_authors, article_tags
  const char* column;  // author_id, tag_id
  int64_t id;
};
std::optional<ArchiveLink> archive_link(const ArticleFilter& f) {
  if (f.section_id || f.featured_only || f.published_since || (f.author_id && f.tag_id)) {
    return std::nullopt;
  }
  if (f.author_id) return ArchiveLink{"article_authors", "author_id", f.author_id};
  if (f.tag_id) return ArchiveLink{"article_tags", "tag_id", f.tag_id};
  return std::nullopt;
}

// A page's LIMIT and OFFSET: the limit spelled out (a site has a few page sizes: a
// statement each), and the offset only when it is not 0. PostgreSQL then keeps one
// generic plan for the first page of a list, which most readers open, instead of
// planning the statement again on every call (0.5 ms of an author archive's 1.2 ms
// in PostgreSQL, pg_stat_statements); a later page binds its offset (`offset_param`).
std::string page_sql(const ArticleFilter& f, const std::string& offset_param) {
  return " LIMIT " + std::to_string(f.limit) + (f.offset == 0 ? std::string() : " OFFSET " + offset_param);
}

// ?1 the archive's id, ?2 the preferred language, ?4 the offset (page_sql); with `after`,
// ?5 and ?6 the (published_at, id) the page starts after (keyset: no rows skipped).
std::string collapsed_page_sql(const CollapsedArchive& c, const ArticleFilter& f) {
  const bool after = f.after.has_value();
  std::string t = c.table, col = c.column, pub = c.published, id = c.id;
  return "SELECT l." + id + " AS id FROM " + t + " l WHERE l." + col + " = ?1 AND l." + pub +
         (after ? " AND (l.published_at, l." + id + ") < (?5, ?6)" : std::string()) +
         " AND NOT EXISTS (SELECT 1 FROM " + t + " o WHERE o." + col + " = ?1 AND o." + pub +
         " AND o.translation_group = l.translation_group AND o." + id + " != l." + id +
         " AND ((o.lang = ?2) > (l.lang = ?2) OR ((o.lang = ?2) = (l.lang = ?2) AND"
         " (o.published_at, o." + id + ") > (l.published_at, l." + id + "))))"
         " ORDER BY l.published_at DESC, l." + id + " DESC" + page_sql(f, "?4");
}

}  // namespace

Result<std::vector<Article>> SqlArticles::list(const ArticleFilter& filter) {
  if (auto archive = collapsed_archive(filter)) {
    return db_.read([&](Connection& c) {
      auto q = c.query(std::string("SELECT ") + (filter.with_body ? article_columns : article_list_columns) + " FROM (" +
                       collapsed_page_sql(*archive, filter) + ") p JOIN articles a ON a.id = p.id");
      q.bind(1, archive->value).bind(2, filter.prefer_lang);
      if (filter.offset != 0) q.bind(4, int64_t{filter.offset});
      if (filter.after) q.bind(5, to_unix(filter.after->first)).bind(6, filter.after->second);
      return newest_first(read_articles(c, q));
    });
  }
  if (auto link = archive_link(filter)) {
    return db_.read([&](Connection& c) {
      std::string page = std::string("SELECT article_id, published_at FROM ") + link->table + " WHERE " + link->column +
                         " = ?1" + (filter.lang.empty() ? "" : " AND lang = ?2") + " AND published = 1" +
                         (filter.after ? " AND (published_at, article_id) < (?5, ?6)" : "") +
                         " ORDER BY published_at DESC, article_id DESC" + page_sql(filter, "?4");
      auto q = c.query(std::string("SELECT ") + (filter.with_body ? article_columns : article_list_columns) + " FROM (" +
                       page + ") l JOIN articles a ON a.id = l.article_id");
      q.bind(1, link->id);
      if (filter.offset != 0) q.bind(4, int64_t{filter.offset});
      if (!filter.lang.empty()) q.bind(2, filter.lang);
      if (filter.after) q.bind(5, to_unix(filter.after->first)).bind(6, filter.after->second);
      return newest_first(read_articles(c, q));
    });
  }
  return db_.read([&](Connection& c) {
    auto q = c.query(std::string("SELECT ") + (filter.with_body ? article_columns : article_list_columns) +
                     filter_sql(filter) + " ORDER BY a.published_at DESC, a.id DESC" + page_sql(filter, "?"));
    int i = bind_filter(q, filter);
    if (filter.offset != 0) q.bind(i, int64_t{filter.offset});
    return read_articles(c, q);
  });
}

Result<std::vector<std::vector<Article>>> SqlArticles::lists(const std::vector<ArticleFilter>& filters) {
  // The plain filters (no archive table, no translations collapsed) in one statement:
  // each list a subquery of its own, numbered in a last column; bare `?` placeholders
  // number on through the whole statement in both backends.
  std::vector<std::vector<Article>> out(filters.size());
  std::vector<size_t> plain;
  for (size_t i = 0; i < filters.size(); ++i) {
    if (collapsed_archive(filters[i]) || archive_link(filters[i])) {
      auto one = list(filters[i]);
      if (!one.ok()) return one.status();
      out[i] = std::move(one).value();
    } else {
      plain.push_back(i);
    }
  }
  if (plain.empty()) return out;
  Status s = db_.read([&](Connection& c) -> Status {
    std::string sql;
    for (size_t i : plain) {
      const ArticleFilter& f = filters[i];
      if (!sql.empty()) sql += " UNION ALL ";
      sql += std::string("SELECT * FROM (SELECT ") + (f.with_body ? article_columns : article_list_columns) + ", " +
             std::to_string(i) + " AS list" + filter_sql(f) +
             " ORDER BY a.published_at DESC, a.id DESC" + page_sql(f, "?") + ") l" + std::to_string(i);
    }
    // No ORDER BY over the whole: it made each list sorted again in a temporary B-tree
    // of whole rows (a third of the statement's steps); each list is sorted below.
    auto q = c.query(sql);
    int next = 1;
    for (size_t i : plain) {
      const ArticleFilter& f = filters[i];
      next = bind_filter(q, f, next);
      if (f.offset != 0) q.bind(next++, int64_t{f.offset});
    }
    while (q.next()) out[static_cast<size_t>(q.integer(19))].push_back(read_article(q));
    return q.status();
  });
  if (!s.ok()) return s;
  for (size_t i : plain) sort_newest_first(out[i]);
  return out;
}

Result<int64_t> SqlArticles::count(const ArticleFilter& filter) {
  if (auto archive = collapsed_archive(filter)) {
    return db_.read([&](Connection& c) { return archive_count(c, *archive); });
  }
  return db_.read([&](Connection& c) -> Result<int64_t> {
    auto link = archive_link(filter);
    auto q = link ? c.query(std::string("SELECT count(*) FROM ") + link->table + " WHERE " + link->column + " = ?1" +
                            (filter.lang.empty() ? "" : " AND lang = ?2") + " AND published = 1")
                  : c.query("SELECT count(*)" + filter_sql(filter));
    if (link) {
      q.bind(1, link->id);
      if (!filter.lang.empty()) q.bind(2, filter.lang);
    } else {
      bind_filter(q, filter);
    }
    if (!q.next()) return q.status();
    return q.integer(0);
  });
}

Result<std::vector<Article>> SqlArticles::by_ids(const std::vector<int64_t>& ids) {
  if (ids.empty()) return std::vector<Article>();
  return db_.read([&](Connection& c) {
    auto q = c.query(std::string("SELECT ") + article_list_columns +
                     " FROM articles a WHERE a.id IN (SELECT CAST(value AS BIGINT) FROM json_each(?)) AND a.status = 'published'");
    q.bind(1, encode_ids(ids));
    return read_articles(c, q);
  });
}

Result<std::vector<Article>> SqlArticles::translations(std::string_view group) {
  return db_.read([&](Connection& c) {
    auto q = c.query(std::string("SELECT ") + article_columns +
                     " FROM articles a WHERE a.translation_group = ? AND a.status = 'published' ORDER BY a.lang");
    q.bind(1, group);
    return read_articles(c, q);
  });
}

Result<ArticleRepository::TranslationLinks> SqlArticles::translation_links(const std::vector<std::string>& groups) {
  TranslationLinks out;
  if (groups.empty()) return out;
  boost::json::array list;
  for (const std::string& g : groups) list.emplace_back(g);
  Status s = db_.read([&](Connection& c) -> Status {
    auto q = c.query("SELECT translation_group, lang, slug FROM articles WHERE status = 'published' AND"
                     " translation_group IN (SELECT value FROM json_each(?)) ORDER BY translation_group, lang");
    q.bind(1, boost::json::serialize(list));
    while (q.next()) out[q.text(0)].emplace_back(q.text(1), q.text(2));
    return q.status();
  });
  if (!s.ok()) return s;
  return out;
}

Result<std::vector<Article>> SqlArticles::related(const Article& article, int limit) {
  return db_.read([&](Connection& c) -> Result<std::vector<Article>> {
    // The list kept when the piece was last published or edited (related_pieces.h);
    // worked out now for a piece that has none kept yet.
    auto kept = c.query(std::string("SELECT ") + article_list_columns +
                        " FROM article_related r JOIN articles a ON a.id = r.related_id"
                        " WHERE r.article_id = ? AND a.status = 'published' AND a.lang = ? ORDER BY r.position LIMIT ?");
    kept.bind(1, article.id).bind(2, article.lang).bind(3, static_cast<int64_t>(limit));
    auto found = read_article_rows(c, kept);
    if (!found.ok() || !found->empty()) return found;
    auto ids = compute_related(c, article, limit);
    if (!ids.ok()) return ids.status();
    if (ids->empty()) return std::vector<Article>{};
    auto rows = c.query(std::string("SELECT ") + article_list_columns +
                        " FROM articles a WHERE a.id IN (SELECT CAST(value AS BIGINT) FROM json_each(?)) AND a.status = 'published'"
                        " AND a.lang = ?");
    rows.bind(1, encode_ids(*ids)).bind(2, article.lang);
    auto live = read_article_rows(c, rows);
    if (!live.ok()) return live.status();
    std::map<int64_t, size_t> order;
    for (size_t i = 0; i < ids->size(); ++i) order[(*ids)[i]] = i;
    std::sort(live->begin(), live->end(), [&](const Article& x, const Article& y) { return order[x.id] < order[y.id]; });
    return std::move(live).value();
  });
}

Result<std::optional<ArticleRepository::ArticlePage>> SqlArticles::page(std::string_view lang, std::string_view slug,
                                                                        int related_limit) {
  // Three parts (column 20): the piece, its kept related list in order (21), its
  // translations in language order; ?1 the language, ?2 the slug. The limit is
  // spelled out, as for lists (page_sql).
  auto piece = [](const char* column) {
    return std::string("(SELECT p.") + column +
           " FROM articles p WHERE p.lang = ?1 AND p.slug = ?2 AND p.status = 'published')";
  };
  const std::string sql =
      std::string("SELECT ") + article_columns + ", 0, 0 FROM articles a" +
      " WHERE a.lang = ?1 AND a.slug = ?2 AND a.status = 'published'" +
      " UNION ALL SELECT * FROM (SELECT " + article_list_columns + ", 1, r.position" +
      " FROM article_related r JOIN articles a ON a.id = r.related_id WHERE r.article_id = " + piece("id") +
      " AND a.status = 'published' AND a.lang = ?1 ORDER BY r.position LIMIT " +
      std::to_string(std::max(0, related_limit)) + ") AS related" +
      " UNION ALL SELECT " + article_list_columns + ", 2, 0 FROM articles a" +
      " WHERE a.status = 'published' AND a.translation_group = " + piece("translation_group") +
      " ORDER BY 20, 21, 2";
  auto read = db_.read([&](Connection& c) -> Result<std::optional<ArticlePage>> {
    auto q = c.query(sql);
    q.bind(1, lang).bind(2, slug);
    std::optional<ArticlePage> out;
    while (q.next()) {
      const int64_t part = q.integer(19);
      if (part == 0) {
        out.emplace();
        out->article = read_article(q);
      } else if (out && part == 1) {
        out->related.push_back(read_article(q));
      } else if (out) {
        out->translations.emplace_back(q.text(1), q.text(3));
      }
    }
    QALAM_RETURN_IF_ERROR(q.status());
    return out;
  });
  if (!read.ok() || !*read || !(*read)->related.empty() || related_limit <= 0) return read;
  // No related list kept (or none of it published in the language): as related().
  auto related_now = related((*read)->article, related_limit);
  if (!related_now.ok()) return related_now.status();
  (*read)->related = std::move(related_now).value();
  return read;
}

Result<std::vector<ArticleRef>> SqlArticles::refs(int64_t offset, int64_t limit) {
  return db_.read([&](Connection& c) -> Result<std::vector<ArticleRef>> {
    auto q = c.query(
        "SELECT a.lang, a.slug, a.title, a.published_at, a.updated_at,"
        " (SELECT json_group_array(json_array(b.lang, b.slug)) FROM articles b"
        "   WHERE b.translation_group = a.translation_group AND b.status = 'published')"
        " FROM articles a WHERE a.status = 'published' ORDER BY a.id LIMIT ? OFFSET ?");
    q.bind(1, limit).bind(2, offset);
    std::vector<ArticleRef> out;
    while (q.next()) {
      ArticleRef r{q.text(0), q.text(1), q.text(2), from_unix(q.integer(3)), from_unix(q.integer(4)), {}};
      boost::system::error_code ec;
      auto pairs = boost::json::parse(q.text(5), ec);
      if (!ec && pairs.is_array()) {
        for (const auto& p : pairs.get_array()) {
          const auto& a = p.get_array();
          r.translations.emplace_back(std::string(a[0].get_string()), std::string(a[1].get_string()));
        }
      }
      // By language: the aggregate's order is the backend's (rowid in SQLite).
      std::sort(r.translations.begin(), r.translations.end());
      out.push_back(std::move(r));
    }
    if (!q.status().ok()) return q.status();
    return out;
  });
}

Result<int64_t> SqlArticles::count_all_published() {
  return db_.read([&](Connection& c) -> Result<int64_t> {
    auto q = c.query("SELECT count(*) FROM articles WHERE status = 'published'");
    if (!q.next()) return q.status();
    return q.integer(0);
  });
}

}  // namespace qalam::store::sql
