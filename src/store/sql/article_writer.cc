// Writing one article: shared by the importer and the newsroom's saves, so both keep
// bylines, tags, redirects and the search index in step the same way.
#include <boost/json.hpp>

#include "core/time_format.h"
#include "store/change_keys.h"
#include "store/sql/archive_counts.h"
#include "store/sql/repositories_internal.h"

namespace qalam::store::sql {

Result<std::optional<Article>> read_article(Connection& c, int64_t id, bool with_body) {
  auto q = c.query(std::string("SELECT ") + (with_body ? article_columns : article_list_columns) +
                   " FROM articles a WHERE a.id = ?");
  q.bind(1, id);
  auto rows = read_article_rows(c, q);
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<Article>();
  return std::optional<Article>(std::move(rows->front()));
}

Result<int64_t> write_article(Connection& c, const Article& a, int64_t id, bool redirect_old_slug,
                              std::vector<CollapsedArchive>* deferred_counts) {
  const std::string_view status = article_status_name(a.status);
  // What readers see differently: the piece as it was and as it is now.
  std::optional<Article> before;
  if (id != 0) {
    auto was = read_article(c, id, false);
    if (!was.ok()) return was.status();
    before = std::move(*was);
  }
  if (id == 0) {
    auto q = c.query(
        "INSERT INTO articles (lang, translation_group, slug, title, lead, body, status, published_at, updated_at,"
        " section_id, featured, image, image_alt, owner_id, created_at, version)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, nullif(?, 0), ?, ?, ?, nullif(?, 0), ?, 1) RETURNING id");
    q.bind(1, a.lang).bind(2, a.translation_group).bind(3, a.slug).bind(4, a.title).bind(5, a.lead).bind(6, a.body)
        .bind(7, status).bind(8, to_unix(a.published_at)).bind(9, to_unix(a.updated_at)).bind(10, a.section_id)
        .bind(11, int64_t{a.featured}).bind(12, a.image).bind(13, a.image_alt).bind(14, a.owner_id)
        .bind(15, to_unix(a.created_at == TimePoint{} ? a.published_at : a.created_at));
    if (!q.next()) return q.status().ok() ? Status::internal("no id returned") : q.status();
    id = q.integer(0);
    QALAM_RETURN_IF_ERROR(q.run());
  } else {
    std::string old_slug;
    auto old = c.query("SELECT slug FROM articles WHERE id = ?");
    old.bind(1, id);
    if (!old.next()) return old.status().ok() ? Status::not_found("no article " + std::to_string(id)) : old.status();
    old_slug = old.text(0);
    QALAM_RETURN_IF_ERROR(old.run());
    QALAM_RETURN_IF_ERROR(
        c.query("UPDATE articles SET lang = ?, translation_group = ?, slug = ?, title = ?, lead = ?, body = ?,"
                " status = ?, published_at = ?, updated_at = ?, section_id = nullif(?, 0), featured = ?, image = ?,"
                " image_alt = ?, version = version + 1 WHERE id = ?")
            .bind(1, a.lang).bind(2, a.translation_group).bind(3, a.slug).bind(4, a.title).bind(5, a.lead)
            .bind(6, a.body).bind(7, status).bind(8, to_unix(a.published_at)).bind(9, to_unix(a.updated_at))
            .bind(10, a.section_id).bind(11, int64_t{a.featured}).bind(12, a.image).bind(13, a.image_alt)
            .bind(14, id)
            .run());
    if (redirect_old_slug && old_slug != a.slug) {
      QALAM_RETURN_IF_ERROR(
          c.query("INSERT INTO slug_redirects (kind, lang, old_slug, entity_id) VALUES ('article', ?, ?, ?)"
                  " ON CONFLICT (kind, lang, old_slug) DO UPDATE SET entity_id = excluded.entity_id")
              .bind(1, a.lang).bind(2, old_slug).bind(3, id).run());
    }
  }
  // The piece's own slug never redirects away from it.
  QALAM_RETURN_IF_ERROR(c.query("DELETE FROM slug_redirects WHERE kind = 'article' AND lang = ? AND old_slug = ?")
                            .bind(1, a.lang).bind(2, a.slug).run());
  // The link rows carry what archives sort, count and choose by (migrations 0009, 0011).
  const int64_t published = a.status == ArticleStatus::published ? 1 : 0;
  QALAM_RETURN_IF_ERROR(c.query("DELETE FROM article_authors WHERE article_id = ?").bind(1, id).run());
  for (size_t i = 0; i < a.author_ids.size(); ++i) {
    QALAM_RETURN_IF_ERROR(c.query("INSERT INTO article_authors (article_id, author_id, position, lang, published,"
                                  " published_at, translation_group) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                              .bind(1, id).bind(2, a.author_ids[i]).bind(3, static_cast<int64_t>(i)).bind(4, a.lang)
                              .bind(5, published).bind(6, to_unix(a.published_at)).bind(7, a.translation_group).run());
  }
  QALAM_RETURN_IF_ERROR(c.query("DELETE FROM article_tags WHERE article_id = ?").bind(1, id).run());
  for (int64_t tag_id : a.tag_ids) {
    QALAM_RETURN_IF_ERROR(c.query("INSERT INTO article_tags (article_id, tag_id, lang, published, published_at,"
                                  " translation_group) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                              .bind(1, id).bind(2, tag_id).bind(3, a.lang).bind(4, published)
                              .bind(5, to_unix(a.published_at)).bind(6, a.translation_group).run());
  }
  QALAM_RETURN_IF_ERROR(index_entity(c, "article", id));
  Article after = a;
  after.id = id;
  QALAM_RETURN_IF_ERROR(recount_changed(c, before ? &*before : nullptr, &after, deferred_counts));
  c.changed(change_keys::article_change(before ? &*before : nullptr, &after));
  return id;
}

std::string article_to_json(const Article& a) {
  boost::json::object o;
  o["lang"] = a.lang;
  o["translation_group"] = a.translation_group;
  o["slug"] = a.slug;
  o["title"] = a.title;
  o["lead"] = a.lead;
  o["body"] = a.body;
  o["status"] = article_status_name(a.status);
  o["published_at"] = to_unix(a.published_at);
  o["updated_at"] = to_unix(a.updated_at);
  o["section_id"] = a.section_id;
  o["featured"] = a.featured;
  o["image"] = a.image;
  o["image_alt"] = a.image_alt;
  boost::json::array authors(a.author_ids.begin(), a.author_ids.end());
  boost::json::array tags(a.tag_ids.begin(), a.tag_ids.end());
  o["author_ids"] = std::move(authors);
  o["tag_ids"] = std::move(tags);
  return boost::json::serialize(o);
}

Result<Article> article_from_json(std::string_view json) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(json, ec);
  if (ec || !v.is_object()) return Status::internal("a revision is not a JSON object");
  try {
    const auto& o = v.get_object();
    auto text = [&](const char* k) { return std::string(o.at(k).as_string()); };
    Article a;
    a.lang = text("lang");
    a.translation_group = text("translation_group");
    a.slug = text("slug");
    a.title = text("title");
    a.lead = text("lead");
    a.body = text("body");
    a.status = parse_article_status(text("status")).value_or(ArticleStatus::draft);
    a.published_at = from_unix(o.at("published_at").as_int64());
    a.updated_at = from_unix(o.at("updated_at").as_int64());
    a.section_id = o.at("section_id").as_int64();
    a.featured = o.at("featured").as_bool();
    a.image = text("image");
    a.image_alt = text("image_alt");
    for (const auto& id : o.at("author_ids").as_array()) a.author_ids.push_back(id.as_int64());
    for (const auto& id : o.at("tag_ids").as_array()) a.tag_ids.push_back(id.as_int64());
    return a;
  } catch (const std::exception& e) {
    return Status::internal(std::string("a revision is malformed: ") + e.what());
  }
}

}  // namespace qalam::store::sql
