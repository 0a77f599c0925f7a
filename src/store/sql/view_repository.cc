// Hourly article read counts and the most-read lists built from them.
#include "core/time_format.h"
#include "store/change_keys.h"
#include "store/sql/repositories_internal.h"

namespace qalam::store::sql {

Status SqlViews::add(const std::vector<HourlyViews>& counts) {
  if (counts.empty()) return Status::ok_status();
  return db_.write([&](Connection& c) -> Status {
    for (const HourlyViews& v : counts) {
      if (v.views <= 0) continue;
      QALAM_RETURN_IF_ERROR(
          c.query("INSERT INTO article_views (article_id, hour, views) SELECT id, CAST(?2 AS BIGINT), CAST(?3 AS BIGINT) FROM articles WHERE id = ?1"
                  " ON CONFLICT (article_id, hour) DO UPDATE SET views = article_views.views + excluded.views")
              .bind(1, v.article_id).bind(2, v.hour).bind(3, v.views).run());
    }
    c.changed({change_keys::most_read});  // the blocks' order may have moved
    return Status::ok_status();
  });
}

Result<std::vector<Article>> SqlViews::most_read(const std::string& lang, int64_t section_id, TimePoint since,
                                                    int limit) {
  return db_.read([&](Connection& c) {
    auto q = c.query(std::string("SELECT ") + article_list_columns +
                     " FROM (SELECT article_id, sum(views) AS total FROM article_views WHERE hour >= ?1"
                     "   GROUP BY article_id) v JOIN articles a ON a.id = v.article_id"
                     " WHERE a.status = 'published' AND a.lang = ?2 AND (?3 = 0 OR a.section_id = ?3)"
                     " ORDER BY v.total DESC, a.published_at DESC LIMIT ?4");
    q.bind(1, to_unix(since) / 3600).bind(2, lang).bind(3, section_id).bind(4, int64_t{limit});
    return read_article_rows(c, q);
  });
}

Result<std::vector<std::pair<TimePoint, int64_t>>> SqlViews::per_day(TimePoint since) {
  return db_.read([&](Connection& c) -> Result<std::vector<std::pair<TimePoint, int64_t>>> {
    auto q = c.query("SELECT hour / 24, sum(views) FROM article_views WHERE hour >= ?1 GROUP BY hour / 24 ORDER BY 1");
    q.bind(1, to_unix(since) / 86400 * 24);
    std::vector<std::pair<TimePoint, int64_t>> out;
    while (q.next()) out.emplace_back(from_unix(q.integer(0) * 86400), q.integer(1));
    if (!q.status().ok()) return q.status();
    return out;
  });
}

}  // namespace qalam::store::sql
