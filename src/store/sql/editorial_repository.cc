// The editorial side of articles in SQLite: every status, saves with revisions and
// optimistic concurrency, scheduled publishing, preview links.
#include "core/time_format.h"
#include "store/change_keys.h"
#include "store/sql/archive_counts.h"
#include "store/sql/related_pieces.h"
#include "store/sql/repositories_internal.h"

#include <set>

namespace qalam::store::sql {
namespace {

std::string where_sql(const EditorialFilter& f) {
  std::string sql = " FROM articles a WHERE 1 = 1";
  if (f.status) sql += " AND a.status = ?1";
  if (f.owner_id) sql += " AND a.owner_id = ?2";
  if (!f.lang.empty()) sql += " AND a.lang = ?3";
  if (!f.text.empty()) sql += " AND instr(lower(a.title), lower(?4)) > 0";
  if (f.reader_id) {
    sql += " AND (a.status = 'published' OR a.owner_id = ?7"
           " OR a.id IN (SELECT article_id FROM article_authors WHERE author_id = ?8))";
  }
  return sql;
}

void bind_filter(Query& q, const EditorialFilter& f) {
  if (f.status) q.bind(1, article_status_name(*f.status));
  if (f.owner_id) q.bind(2, f.owner_id);
  if (!f.lang.empty()) q.bind(3, f.lang);
  if (!f.text.empty()) q.bind(4, f.text);
  if (f.reader_id) q.bind(7, f.reader_id).bind(8, f.reader_author_id);
}

Result<std::optional<Article>> load(Connection& c, int64_t id) { return read_article(c, id); }

Status add_revision(Connection& c, const Article& a, const Actor& actor) {
  return c.query("INSERT INTO article_revisions (article_id, version, user_id, actor, saved_at, content)"
                 " VALUES (?, ?, nullif(?, 0), ?, ?, ?)")
      .bind(1, a.id).bind(2, a.version).bind(3, actor.user_id).bind(4, actor.name).bind(5, to_unix(a.updated_at))
      .bind(6, article_to_json(a))
      .run();
}

}  // namespace

Result<std::optional<Article>> SqlEditorial::by_id(int64_t id) {
  return db_.read([&](Connection& c) { return load(c, id); });
}

Result<std::vector<Article>> SqlEditorial::list(const EditorialFilter& f) {
  return db_.read([&](Connection& c) {
    auto q = c.query(std::string("SELECT ") + article_list_columns + where_sql(f) +
                     " ORDER BY a.updated_at DESC, a.id DESC LIMIT ?5 OFFSET ?6");
    bind_filter(q, f);
    q.bind(5, int64_t{f.limit}).bind(6, int64_t{f.offset});
    return read_article_rows(c, q);
  });
}

Result<int64_t> SqlEditorial::count(const EditorialFilter& f) {
  return db_.read([&](Connection& c) -> Result<int64_t> {
    auto q = c.query("SELECT count(*)" + where_sql(f));
    bind_filter(q, f);
    if (!q.next()) return q.status();
    return q.integer(0);
  });
}

Result<std::string> SqlEditorial::free_slug(std::string_view lang, std::string_view slug, int64_t except_id) {
  return db_.read([&](Connection& c) -> Result<std::string> {
    // Every slug of the language that is `slug` or `slug-N`, in one query.
    // (LIKE finds a superset, `slug-` and anything; only `slug-N` is ever compared.)
    std::string pattern;
    for (char ch : slug) {
      if (ch == '%' || ch == '_' || ch == '\\') pattern += '\\';
      pattern += ch;
    }
    auto q = c.query("SELECT slug FROM articles WHERE lang = ? AND id != ? AND (slug = ? OR slug LIKE ? ESCAPE '\\')");
    q.bind(1, lang).bind(2, except_id).bind(3, slug).bind(4, pattern + "-%");
    std::set<std::string> taken;
    while (q.next()) taken.insert(q.text(0));
    QALAM_RETURN_IF_ERROR(q.status());
    if (!taken.contains(std::string(slug))) return std::string(slug);
    for (int n = 2;; ++n) {
      std::string candidate = std::string(slug) + "-" + std::to_string(n);
      if (!taken.contains(candidate)) return candidate;
    }
  });
}

Result<std::vector<Article>> SqlEditorial::group(std::string_view translation_group) {
  return db_.read([&](Connection& c) {
    auto q = c.query(std::string("SELECT ") + article_list_columns +
                     " FROM articles a WHERE a.translation_group = ? ORDER BY a.lang");
    q.bind(1, translation_group);
    return read_article_rows(c, q);
  });
}

Status SqlEditorial::save(Article& a, const Actor& actor, const AuditEntry* audit) {
  Article saved = a;
  Status s = db_.write([&](Connection& c) -> Status {
    bool was_public = false;
    int64_t version = 0;
    if (a.id != 0) {
      auto cur = c.query("SELECT version, status FROM articles WHERE id = ?");
      cur.bind(1, a.id);
      if (!cur.next()) return cur.status().ok() ? Status::not_found("no article " + std::to_string(a.id)) : cur.status();
      version = cur.integer(0);
      std::string status = cur.text(1);
      QALAM_RETURN_IF_ERROR(cur.run());
      if (version != a.version) {
        return Status::conflict_on({"version", "stale",
                                    "someone else saved this piece (now version " + std::to_string(version) +
                                        ") after you opened version " + std::to_string(a.version) +
                                        "; reload it and apply your changes again",
                                    {{"version", std::to_string(version)}, {"opened", std::to_string(a.version)}}});
      }
      was_public = status == "published" || status == "unpublished";
    }
    auto taken = c.query("SELECT id FROM articles WHERE lang = ? AND slug = ? AND id != ?");
    taken.bind(1, a.lang).bind(2, a.slug).bind(3, a.id);
    if (taken.next()) {
      return Status::conflict_on({"slug", "taken", "'" + a.slug + "' is already used by another " + a.lang + " piece",
                                  {{"value", a.slug}}});
    }
    QALAM_RETURN_IF_ERROR(taken.status());
    auto twin = c.query("SELECT id FROM articles WHERE translation_group = ? AND lang = ? AND id != ?");
    twin.bind(1, a.translation_group).bind(2, a.lang).bind(3, a.id);
    if (twin.next()) {
      return Status::conflict_on({"translation_of", "translated",
                                  "this piece already has a " + a.lang + " version (article " +
                                      std::to_string(twin.integer(0)) + ")",
                                  {{"lang", a.lang}, {"article", std::to_string(twin.integer(0))}}});
    }
    QALAM_RETURN_IF_ERROR(twin.status());
    auto id = write_article(c, a, a.id, was_public);
    if (!id.ok()) return id.status();
    QALAM_RETURN_IF_ERROR(keep_related(c, *id, true));
    saved.id = *id;
    saved.version = version + 1;
    QALAM_RETURN_IF_ERROR(add_revision(c, saved, actor));
    if (a.source_id != 0) {
      QALAM_RETURN_IF_ERROR(c.query("INSERT INTO translation_sources (article_id, source_id, source_version) VALUES (?, ?, ?)"
                                    " ON CONFLICT (article_id) DO UPDATE SET source_id = excluded.source_id,"
                                    " source_version = excluded.source_version")
                                .bind(1, saved.id).bind(2, a.source_id).bind(3, a.source_version).run());
    }
    // The saver's autosave is what this save keeps now (a new piece's: the form's).
    QALAM_RETURN_IF_ERROR(c.query("DELETE FROM autosaves WHERE user_id = ? AND article_id = ?")
                              .bind(1, actor.user_id).bind(2, a.id).run());
    if (audit == nullptr) return Status::ok_status();
    AuditEntry entry = *audit;
    if (entry.subject.empty()) entry.subject = "article:" + std::to_string(saved.id);
    return insert_audit(c, entry);
  });
  if (s.ok()) {
    a.id = saved.id;
    a.version = saved.version;
  }
  return s;
}

Status SqlEditorial::remove(int64_t id, int64_t version, const AuditEntry* audit) {
  return db_.write([&](Connection& c) -> Status {
    auto before = read_article(c, id, false);
    if (!before.ok()) return before.status();
    if (*before) c.changed(change_keys::article_change(&**before, nullptr));
    auto q = c.query("DELETE FROM articles WHERE id = ? AND version = ? RETURNING id");
    q.bind(1, id).bind(2, version);
    if (!q.next()) {
      QALAM_RETURN_IF_ERROR(q.status());
      auto exists = c.query("SELECT version FROM articles WHERE id = ?");
      exists.bind(1, id);
      if (exists.next()) {
        return Status::conflict_on({"version", "stale",
                                    "someone else saved this piece (now version " + std::to_string(exists.integer(0)) +
                                        "); reload it before deleting",
                                    {{"version", std::to_string(exists.integer(0))}}});
      }
      return exists.status().ok() ? Status::not_found("no article " + std::to_string(id)) : exists.status();
    }
    QALAM_RETURN_IF_ERROR(q.run());
    if (*before) QALAM_RETURN_IF_ERROR(recount_changed(c, &**before, nullptr, nullptr));
    QALAM_RETURN_IF_ERROR(
        c.query("DELETE FROM slug_redirects WHERE kind = 'article' AND entity_id = ?").bind(1, id).run());
    QALAM_RETURN_IF_ERROR(c.query("DELETE FROM autosaves WHERE article_id = ?").bind(1, id).run());
    QALAM_RETURN_IF_ERROR(index_entity(c, "article", id));
    if (audit == nullptr) return Status::ok_status();
    AuditEntry entry = *audit;
    if (entry.subject.empty()) entry.subject = "article:" + std::to_string(id);
    return insert_audit(c, entry);
  });
}

Result<std::vector<int64_t>> SqlEditorial::publish_due(TimePoint now, const Actor& actor) {
  std::vector<int64_t> published;
  Status s = db_.write([&](Connection& c) -> Status {
    std::vector<int64_t> due;
    auto q = c.query("SELECT id FROM articles WHERE status = 'scheduled' AND published_at <= ? ORDER BY published_at");
    q.bind(1, to_unix(now));
    while (q.next()) due.push_back(q.integer(0));
    QALAM_RETURN_IF_ERROR(q.status());
    for (int64_t id : due) {
      auto a = load(c, id);
      if (!a.ok()) return a.status();
      if (!*a) continue;
      Article piece = std::move(**a);
      piece.status = ArticleStatus::published;
      if (piece.updated_at < piece.published_at) piece.updated_at = piece.published_at;
      auto written = write_article(c, piece, id, false);
      if (!written.ok()) return written.status();
      QALAM_RETURN_IF_ERROR(keep_related(c, id, true));
      piece.version += 1;
      QALAM_RETURN_IF_ERROR(add_revision(c, piece, actor));
      published.push_back(id);
    }
    return Status::ok_status();
  });
  if (!s.ok()) return s;
  return published;
}

Result<std::vector<RevisionInfo>> SqlEditorial::revisions(int64_t article_id) {
  return db_.read([&](Connection& c) -> Result<std::vector<RevisionInfo>> {
    auto q = c.query("SELECT version, coalesce(user_id, 0), actor, saved_at, content ->> '$.status'"
                     " FROM article_revisions WHERE article_id = ? ORDER BY version DESC");
    q.bind(1, article_id);
    std::vector<RevisionInfo> out;
    while (q.next()) {
      out.push_back({q.integer(0), q.integer(1), q.text(2), from_unix(q.integer(3)),
                     parse_article_status(q.text(4)).value_or(ArticleStatus::draft)});
    }
    if (!q.status().ok()) return q.status();
    return out;
  });
}

Result<std::optional<Article>> SqlEditorial::revision(int64_t article_id, int64_t version) {
  return db_.read([&](Connection& c) -> Result<std::optional<Article>> {
    auto current = load(c, article_id);
    if (!current.ok()) return current.status();
    if (!*current) return std::optional<Article>();
    auto q = c.query("SELECT content FROM article_revisions WHERE article_id = ? AND version = ?");
    q.bind(1, article_id).bind(2, version);
    if (!q.next()) {
      if (!q.status().ok()) return q.status();
      return std::optional<Article>();
    }
    auto old = article_from_json(q.text(0));
    if (!old.ok()) return old.status();
    old->id = article_id;
    old->version = (*current)->version;
    old->owner_id = (*current)->owner_id;
    old->created_at = (*current)->created_at;
    return std::optional<Article>(std::move(old).value());
  });
}

Status SqlEditorial::add_preview_link(std::string_view token_hash, int64_t article_id, int64_t user_id, TimePoint at) {
  return db_.write([&](Connection& c) {
    return c.query("INSERT INTO preview_links (token_hash, article_id, created_by, created_at) VALUES (?, ?, nullif(?, 0), ?)")
        .bind(1, token_hash).bind(2, article_id).bind(3, user_id).bind(4, to_unix(at)).run();
  });
}

Result<std::optional<int64_t>> SqlEditorial::preview_link(std::string_view token_hash) {
  return db_.read([&](Connection& c) -> Result<std::optional<int64_t>> {
    auto q = c.query("SELECT article_id FROM preview_links WHERE token_hash = ? AND revoked = 0");
    q.bind(1, token_hash);
    if (q.next()) return std::optional<int64_t>(q.integer(0));
    if (!q.status().ok()) return q.status();
    return std::optional<int64_t>();
  });
}

Result<std::optional<TranslationSource>> SqlEditorial::translation_source(int64_t article_id) {
  return db_.read([&](Connection& c) -> Result<std::optional<TranslationSource>> {
    auto q = c.query("SELECT source_id, source_version FROM translation_sources WHERE article_id = ?");
    q.bind(1, article_id);
    if (!q.next()) {
      QALAM_RETURN_IF_ERROR(q.status());
      return std::optional<TranslationSource>();
    }
    return std::optional<TranslationSource>(TranslationSource{q.integer(0), q.integer(1)});
  });
}

Status SqlEditorial::put_autosave(const Autosave& a) {
  return db_.write([&](Connection& c) {
    return c.query("INSERT INTO autosaves (user_id, article_id, base_version, saved_at, fields) VALUES (?, ?, ?, ?, ?)"
                   " ON CONFLICT (user_id, article_id) DO UPDATE SET base_version = excluded.base_version,"
                   " saved_at = excluded.saved_at, fields = excluded.fields")
        .bind(1, a.user_id).bind(2, a.article_id).bind(3, a.base_version).bind(4, to_unix(a.saved_at)).bind(5, a.fields)
        .run();
  });
}

Result<std::optional<Autosave>> SqlEditorial::autosave(int64_t user_id, int64_t article_id) {
  return db_.read([&](Connection& c) -> Result<std::optional<Autosave>> {
    auto q = c.query("SELECT base_version, saved_at, fields FROM autosaves WHERE user_id = ? AND article_id = ?");
    q.bind(1, user_id).bind(2, article_id);
    if (!q.next()) {
      QALAM_RETURN_IF_ERROR(q.status());
      return std::optional<Autosave>();
    }
    return std::optional<Autosave>(Autosave{user_id, article_id, q.integer(0), from_unix(q.integer(1)), q.text(2)});
  });
}

Status SqlEditorial::drop_autosave(int64_t user_id, int64_t article_id) {
  return db_.write([&](Connection& c) {
    return c.query("DELETE FROM autosaves WHERE user_id = ? AND article_id = ?").bind(1, user_id).bind(2, article_id).run();
  });
}

Status SqlEditorial::revoke_preview_links(int64_t article_id) {
  return db_.write([&](Connection& c) {
    return c.query("UPDATE preview_links SET revoked = 1 WHERE article_id = ?").bind(1, article_id).run();
  });
}

}  // namespace qalam::store::sql
