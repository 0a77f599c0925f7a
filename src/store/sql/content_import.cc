// Store::import_content for SQLite: the whole batch in one transaction.
#include <algorithm>
#include <boost/json.hpp>

#include "core/time_format.h"
#include "store/change_keys.h"
#include "store/sql/archive_counts.h"
#include "store/sql/related_pieces.h"
#include "store/sql/repositories_internal.h"

namespace qalam::store::sql {
namespace {
namespace json = boost::json;

class Importer {
 public:
  Importer(Connection& c, const ContentBatch& b, const std::function<void(size_t, size_t)>& p, const char* analyze)
      : c_(c), batch_(b), progress_(p), analyze_(analyze) {}

  Status run() {
    for (const auto& r : batch_.sections) QALAM_RETURN_IF_ERROR(step(section(r.value), r.origin));
    for (const auto& r : batch_.tags) QALAM_RETURN_IF_ERROR(step(tag(r.value), r.origin));
    for (const auto& r : batch_.authors) QALAM_RETURN_IF_ERROR(step(author(r.value), r.origin));
    for (const auto& r : batch_.projects) QALAM_RETURN_IF_ERROR(step(project(r.value), r.origin));
    for (const auto& r : batch_.press_items) QALAM_RETURN_IF_ERROR(step(press_item(r.value), r.origin));
    for (const auto& r : batch_.articles) {
      QALAM_RETURN_IF_ERROR(step(article(r), r.origin));
      QALAM_RETURN_IF_ERROR(pieces_.grew(c_, analyze_));
    }
    for (const auto& r : batch_.missions) QALAM_RETURN_IF_ERROR(step(mission(r), r.origin));
    for (const LegacyPath& p : batch_.legacy_paths) QALAM_RETURN_IF_ERROR(legacy_path(p));
    if (!batch_.legacy_paths.empty()) c_.changed({change_keys::redirects});
    if (batch_.checkpoint) QALAM_RETURN_IF_ERROR(checkpoint(*batch_.checkpoint));
    // The archives' kept counts, once each (archive_counts.h).
    sort_unique(archives_);
    for (const CollapsedArchive& a : archives_) QALAM_RETURN_IF_ERROR(recount(c_, a));
    // Related pieces once every piece of the batch is in (related_pieces.h): each
    // imported piece's list, counted as one more step per piece, then the lists of the
    // older pieces they name.
    QALAM_RETURN_IF_ERROR(keep_related_of(c_, imported_, batch_.refresh_older_related, [this] {
      if (progress_ && ++done_ % 250 == 0) progress_(done_, total());
      return related_lists_.grew(c_, analyze_);
    }));
    if (progress_) progress_(done_, total());
    return Status::ok_status();
  }

 private:
  Status step(Status s, const std::string& origin) {
    if (!s.ok()) return s.with_context(origin);
    if (progress_ && ++done_ % 250 == 0) progress_(done_, total());
    return s;
  }
  size_t total() const { return batch_.size() + batch_.articles.size(); }

  // The planner's statistics, refreshed inside the transaction at 1,000 rows written
  // and each time their number has grown fourfold (pieces, then related lists): a
  // large import into a new site would otherwise run on plans made for empty tables
  // (PostgreSQL's ANALYZE counts the transaction's own rows). On PostgreSQL, without
  // it, a piece's lookups by slug and its related list's came to scan every row
  // written before: 20,000 pieces took 114 s, 100,000 would take hours.
  struct Growth {
    size_t written = 0;
    size_t next = 1000;
    Status grew(Connection& c, const char* analyze) {
      if (++written < next) return Status::ok_status();
      next *= 4;
      return c.exec(analyze);
    }
  };

  Result<int64_t> returning_id(Query& q) {
    if (!q.next()) return q.status().ok() ? Status::internal("no id returned") : q.status();
    int64_t id = q.integer(0);
    QALAM_RETURN_IF_ERROR(q.run());
    return id;
  }

  Result<int64_t> id_of(const char* table, std::string_view slug) {
    auto q = c_.query(std::string("SELECT id FROM ") + table + " WHERE slug = ?");
    q.bind(1, slug);
    if (q.next()) return q.integer(0);
    if (!q.status().ok()) return q.status();
    return int64_t{0};
  }

  Status texts(const char* table, const char* key, int64_t id, const std::vector<const Translations*>& columns,
               const char* names) {
    auto del = c_.query(std::string("DELETE FROM ") + table + " WHERE " + key + " = ?");
    QALAM_RETURN_IF_ERROR(del.bind(1, id).run());
    std::string placeholders = "?, ?";
    for (size_t i = 0; i < columns.size(); ++i) placeholders += ", ?";
    std::string sql = std::string("INSERT INTO ") + table + " (" + key + ", lang, " + names + ") VALUES (" + placeholders + ")";
    for (const auto& [lang, first] : *columns.front()) {
      auto q = c_.query(sql);
      q.bind(1, id).bind(2, lang);
      for (size_t i = 0; i < columns.size(); ++i) {
        auto it = columns[i]->find(lang);
        q.bind(static_cast<int>(i) + 3, it == columns[i]->end() ? std::string_view() : std::string_view(it->second));
      }
      QALAM_RETURN_IF_ERROR(q.run());
    }
    return Status::ok_status();
  }

  Status section(const Section& s) {
    auto q = c_.query(
        "INSERT INTO sections (slug, kind, position) VALUES (?, ?, ?) ON CONFLICT (slug) DO UPDATE SET"
        " kind = excluded.kind, position = excluded.position RETURNING id");
    q.bind(1, s.slug).bind(2, section_kind_name(s.kind)).bind(3, int64_t{s.position});
    auto id = returning_id(q);
    if (!id.ok()) return id.status();
    // The navigation of every page, the section's own pages and feeds, the sitemap.
    c_.changed({change_keys::sections, change_keys::section(*id), change_keys::sitemap});
    return texts("section_texts", "section_id", *id, {&s.name}, "name");
  }

  Status tag(const Tag& t) {
    auto q = c_.query("INSERT INTO tags (slug) VALUES (?) ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id");
    q.bind(1, t.slug);
    auto id = returning_id(q);
    if (!id.ok()) return id.status();
    c_.changed({change_keys::tag(*id), change_keys::sitemap});
    return texts("tag_texts", "tag_id", *id, {&t.name}, "name");
  }

  Status author(const Author& a) {
    auto q = c_.query(
        "INSERT INTO authors (slug, photo, social) VALUES (?, ?, ?) ON CONFLICT (slug) DO UPDATE SET"
        " photo = excluded.photo, social = excluded.social RETURNING id");
    q.bind(1, a.slug).bind(2, a.photo).bind(3, encode_links(a.social));
    auto id = returning_id(q);
    if (!id.ok()) return id.status();
    c_.changed({change_keys::author(*id), change_keys::sitemap});
    QALAM_RETURN_IF_ERROR(texts("author_texts", "author_id", *id, {&a.name, &a.bio}, "name, bio"));
    return index_entity(c_, "author", *id);
  }

  Status project(const Project& p) {
    auto q = c_.query(
        "INSERT INTO projects (slug, is_new, has_directory, position, updated_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (slug) DO UPDATE SET is_new = excluded.is_new, has_directory = excluded.has_directory,"
        " position = excluded.position, updated_at = excluded.updated_at RETURNING id");
    q.bind(1, p.slug).bind(2, int64_t{p.is_new}).bind(3, int64_t{p.has_directory}).bind(4, int64_t{p.position})
        .bind(5, to_unix(p.updated_at));
    auto id = returning_id(q);
    if (!id.ok()) return id.status();
    c_.changed({change_keys::projects, change_keys::project(*id), change_keys::sitemap});
    QALAM_RETURN_IF_ERROR(texts("project_texts", "project_id", *id, {&p.title, &p.intro, &p.body}, "title, intro, body"));
    return index_entity(c_, "project", *id);
  }

  Status press_item(const PressItem& p) {
    auto q = c_.query(
               "INSERT INTO press_items (original_url, outlet_name, outlet_url, original_lang, published_on, title,"
               " summary, translated_title) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (original_url) DO UPDATE SET"
               " outlet_name = excluded.outlet_name, outlet_url = excluded.outlet_url,"
               " original_lang = excluded.original_lang, published_on = excluded.published_on,"
               " title = excluded.title, summary = excluded.summary, translated_title = excluded.translated_title"
               " RETURNING id");
    q.bind(1, p.original_url).bind(2, p.outlet_name).bind(3, p.outlet_url).bind(4, p.original_lang)
        .bind(5, to_unix(p.published_on)).bind(6, p.title).bind(7, p.summary).bind(8, p.translated_title);
    auto id = returning_id(q);
    if (!id.ok()) return id.status();
    c_.changed({change_keys::press});
    QALAM_RETURN_IF_ERROR(texts("press_item_texts", "press_item_id", *id, {&p.review_title, &p.review}, "title, summary"));
    return index_entity(c_, "press", *id);
  }

  Status article(const ArticleRecord& r) {
    const Article& a = r.article;
    int64_t section_id = 0;
    if (!r.section.empty()) {
      auto id = id_of("sections", r.section);
      if (!id.ok()) return id.status();
      if (*id == 0) return Status::invalid_fields({{"section", "not_found", "no section '" + r.section + "'", {{"value", r.section}}}});
      section_id = *id;
    }
    std::vector<int64_t> author_ids, tag_ids;
    for (const std::string& slug : r.authors) {
      auto id = id_of("authors", slug);
      if (!id.ok()) return id.status();
      if (*id == 0) return Status::invalid_fields({{"authors", "not_found", "no author '" + slug + "'", {{"value", slug}}}});
      author_ids.push_back(*id);
    }
    for (const std::string& slug : r.tags) {
      auto id = id_of("tags", slug);
      if (!id.ok()) return id.status();
      if (*id == 0) return Status::invalid_fields({{"tags", "not_found", "no tag '" + slug + "'", {{"value", slug}}}});
      tag_ids.push_back(*id);
    }
    // The same piece in the same language is updated in place; a new slug is a rename.
    int64_t id = 0;
    auto existing = c_.query("SELECT id FROM articles WHERE translation_group = ? AND lang = ?");
    existing.bind(1, a.translation_group).bind(2, a.lang);
    if (existing.next()) id = existing.integer(0);
    QALAM_RETURN_IF_ERROR(existing.status());
    auto taken = c_.query("SELECT id FROM articles WHERE lang = ? AND slug = ?");
    taken.bind(1, a.lang).bind(2, a.slug);
    if (taken.next() && taken.integer(0) != id) {
      return Status::conflict_on(
          {"slug", "taken", "'" + a.slug + "' is already used by another " + a.lang + " article", {{"value", a.slug}}});
    }
    QALAM_RETURN_IF_ERROR(taken.status());
    Article resolved = a;
    resolved.section_id = section_id;
    resolved.author_ids = std::move(author_ids);
    resolved.tag_ids = std::move(tag_ids);
    auto written = write_article(c_, resolved, id, true, &archives_);
    if (!written.ok()) return written.status();
    imported_.push_back(*written);
    return Status::ok_status();
  }

  Status legacy_path(const LegacyPath& p) {
    return c_.query("INSERT INTO legacy_paths (path, target) VALUES (?, ?) ON CONFLICT (path) DO UPDATE SET target = excluded.target")
        .bind(1, p.key).bind(2, p.target).run();
  }

  Status checkpoint(const ImportCheckpoint& p) {
    return c_.query("INSERT INTO import_checkpoints (key, position, updated_at) VALUES (?, ?, unixepoch())"
                    " ON CONFLICT (key) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at")
        .bind(1, p.key).bind(2, p.position).run();
  }

  Status mission(const MissionRecord& r) {
    auto project_id = id_of("projects", r.project);
    if (!project_id.ok()) return project_id.status();
    if (*project_id == 0) return Status::invalid_fields({{"project", "not_found", "no project '" + r.project + "'", {{"value", r.project}}}});
    const Mission& m = r.mission;
    c_.changed({change_keys::projects, change_keys::project(*project_id)});  // the directory
    auto q = c_.query(
        "INSERT INTO missions (project_id, country, city, kind, website, accounts, city_names, organisation)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (project_id, country, organisation, city, kind) DO UPDATE SET website = excluded.website,"
        " accounts = excluded.accounts, city_names = excluded.city_names RETURNING id");
    q.bind(1, *project_id).bind(2, m.country).bind(3, m.city).bind(4, mission_kind_name(m.kind))
        .bind(5, m.website).bind(6, encode_links(m.accounts)).bind(7, encode_texts(m.city_names))
        .bind(8, m.organisation);
    auto id = returning_id(q);
    if (!id.ok()) return id.status();
    return mission_feeds(*id, m);
  }

  // The mission's accounts with a feed are its timeline's sources: made, renamed and
  // removed with the record, polled hourly (due at once when new). A feed the desk
  // follows already stays the desk's (its items stay in the inbox): a mission never
  // takes over a source it did not make.
  Status mission_feeds(int64_t mission_id, const Mission& m) {
    std::vector<std::string> urls;
    for (const SocialLink& l : m.accounts) {
      if (l.feed.empty()) continue;
      urls.push_back(l.feed);
      std::string where = m.city.empty() ? (m.organisation.empty() ? m.country : m.organisation) : m.city;
      QALAM_RETURN_IF_ERROR(
          c_.query("INSERT INTO feed_sources (url, name, interval_minutes, next_poll_at, created_at, mission_id, network)"
                   " VALUES (?, ?, 60, 0, unixepoch(), ?, ?) ON CONFLICT (url) DO UPDATE SET name = excluded.name,"
                   " mission_id = excluded.mission_id, network = excluded.network"
                   " WHERE feed_sources.mission_id IS NOT NULL")
              .bind(1, l.feed).bind(2, l.network + " · " + where).bind(3, mission_id).bind(4, l.network).run());
    }
    json::array listed(urls.begin(), urls.end());
    return c_.query("DELETE FROM feed_sources WHERE mission_id = ? AND url NOT IN (SELECT value FROM json_each(?))")
        .bind(1, mission_id).bind(2, json::serialize(listed)).run();
  }

  Connection& c_;
  const ContentBatch& batch_;
  const std::function<void(size_t, size_t)>& progress_;
  const char* analyze_;
  size_t done_ = 0;
  Growth pieces_, related_lists_;
  std::vector<int64_t> imported_;  // the articles written, for their related pieces
  std::vector<CollapsedArchive> archives_;  // whose kept counts the batch changed
};

}  // namespace

Status import_batch(Database& db, const ContentBatch& batch, const std::function<void(size_t, size_t)>& on_progress) {
  QALAM_RETURN_IF_ERROR(db.write([&](Connection& c) -> Status {
    QALAM_RETURN_IF_ERROR(Importer(c, batch, on_progress, db.dialect().analyze).run());
    // Settings and media records through their repositories, in this same transaction
    // (Database::write nests).
    if (!batch.settings.empty()) QALAM_RETURN_IF_ERROR(SqlSettings(db).put_all(batch.settings));
    SqlMedia media(db);
    for (const auto& r : batch.media) {
      auto known = c.query("SELECT 1 FROM media WHERE name = ?");
      known.bind(1, r.value.name);
      if (known.next()) continue;  // the same image, imported before
      QALAM_RETURN_IF_ERROR(known.status());
      auto added = media.add(r.value);
      if (!added.ok()) return added.status().with_context(r.origin);
    }
    return Status::ok_status();
  }));
  if (!batch.refresh_statistics) return Status::ok_status();
  // Fresh statistics let the query planner pick the right index for the new volume.
  return db.write([&](Connection& c) { return c.exec(db.dialect().analyze); });
}

}  // namespace qalam::store::sql
