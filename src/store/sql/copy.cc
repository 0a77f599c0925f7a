// Copying a whole site from one database to another (qalam copy): every table of the
// content, accounts, media library, counters and monitoring, parents before children,
// rows as they are (ids kept), read from one snapshot of the source and written in one
// transaction on the target. Not copied: the change log and the leases (each database
// keeps its own) and the search index (the backend's own; built again afterwards).
#include "store/sql/copy.h"

#include <algorithm>
#include <iterator>

#include "store/change_keys.h"
#include "store/sql/sql_store.h"

namespace qalam::store::sql {
namespace {

constexpr const char* kTables[] = {
    "site_settings", "authors", "author_texts", "sections", "section_texts", "tags", "tag_texts", "users",
    "articles", "article_authors", "article_tags", "article_revisions", "article_related", "translation_sources",
    "autosaves", "preview_links", "slug_redirects", "article_views", "archive_counts", "press_items",
    "press_item_texts", "projects", "project_texts", "missions", "sessions", "api_tokens", "password_resets",
    "audit_log", "sign_in_throttle", "media", "legacy_paths", "import_checkpoints", "feed_sources", "feed_items",
    "watch_topics", "feed_item_topics", "media_files"};

// Tables a copy leaves out: the target keeps its own migrations, change log and
// leases, and its search index is rebuilt from the copied content.
constexpr const char* kNotCopied[] = {"schema_migrations", "change_log", "leases", "search_index",
                                      "search_documents", "search_languages"};

// What a new site holds before anything is written to it (its title, its archives'
// counts of nothing): replaced by the copy.
bool starts_every_site(std::string_view table) { return table == "site_settings" || table == "archive_counts"; }

std::string replaced(std::string text, std::string_view name, std::string_view value) {
  for (size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + value.size())) {
    text.replace(at, name.size(), value);
  }
  return text;
}

}  // namespace

Result<std::vector<std::string>> tables_copy_does_not_know(Database& db) {
  std::vector<std::string> unknown;
  Status s = db.read([&](Connection& c) -> Status {
    auto q = c.query(db.dialect().list_tables);
    while (q.next()) {
      std::string name = q.text(0);
      auto is = [&](const char* known) { return name == known; };
      if (std::ranges::none_of(kTables, is) && std::ranges::none_of(kNotCopied, is)) unknown.push_back(name);
    }
    return q.status();
  });
  if (!s.ok()) return s;
  return unknown;
}

Result<CopySummary> copy_database(Database& from, Database& to, const std::function<void(size_t, size_t)>& on_progress,
                                  const MoreMediaFiles& more_media_files) {
  // A table added by a migration and not named here would be left behind without a word.
  auto unknown = tables_copy_does_not_know(from);
  if (!unknown.ok()) return unknown.status();
  if (!unknown->empty()) {
    return Status::internal("qalam copy does not know the table " + unknown->front() +
                            " of the source database: nothing was copied");
  }
  CopySummary summary;
  Status s = to.write([&](Connection& target) -> Status {
    // Only an empty database is a target (what every new site holds aside).
    for (const char* table : kTables) {
      if (starts_every_site(table)) continue;
      auto q = target.query(std::string("SELECT count(*) FROM ") + table);
      if (!q.next()) return q.status();
      if (q.integer(0) > 0) {
        return Status::conflict(std::string("the target database holds a site already (its ") + table +
                                " has rows); qalam copy writes only into an empty one");
      }
    }
    QALAM_RETURN_IF_ERROR(target.exec("DELETE FROM site_settings; DELETE FROM archive_counts"));
    target.changed({change_keys::everything});  // the whole site is new
    return from.read([&](Connection& source) -> Status {
      QALAM_RETURN_IF_ERROR(source.exec(from.dialect().begin_snapshot));
      Status copied = [&]() -> Status {
        for (size_t t = 0; t < std::size(kTables); ++t) {
          const std::string table = kTables[t];
          auto rows = source.query("SELECT * FROM " + table);
          std::string insert;
          int columns = 0;
          bool has_id = false;
          int64_t count = 0;
          while (rows.next()) {
            if (insert.empty()) {
              columns = rows.column_count();
              std::string names, marks;
              for (int i = 0; i < columns; ++i) {
                std::string name = rows.column_name(i);
                has_id = has_id || name == "id";
                names += (i ? ", " : "") + name;
                marks += i ? ", ?" : "?";
              }
              insert = "INSERT INTO " + table + " (" + names + ") VALUES (" + marks + ")";
            }
            auto row = target.query(insert);
            for (int i = 0; i < columns; ++i) {
              if (rows.is_null(i)) {
                row.bind_null(i + 1);
              } else if (rows.is_blob(i)) {
                row.bind_blob(i + 1, rows.blob(i));
              } else {
                row.bind(i + 1, rows.text(i));
              }
            }
            QALAM_RETURN_IF_ERROR(row.run().with_context(table));
            ++count;
          }
          QALAM_RETURN_IF_ERROR(rows.status().with_context(table));
          if (has_id && *to.dialect().after_explicit_ids) {
            QALAM_RETURN_IF_ERROR(target.exec(replaced(to.dialect().after_explicit_ids, "{table}", table)));
          }
          summary.tables.emplace_back(table, count);
          if (on_progress) on_progress(t + 1, std::size(kTables));
        }
        return Status::ok_status();
      }();
      (void)source.exec("COMMIT");  // ends the read snapshot
      if (!copied.ok() || !more_media_files) return copied;
      return more_media_files([&](std::string_view name, std::string_view bytes) -> Status {
        ++summary.media_files_added;
        return target.query("INSERT INTO media_files (name, bytes, updated_at) VALUES (?, ?, unixepoch())")
            .bind(1, name)
            .bind_blob(2, bytes)
            .run()
            .with_context(std::string("the media file ") + std::string(name));
      });
    });
  });
  if (!s.ok()) return s;
  return summary;
}

}  // namespace qalam::store::sql

namespace qalam::store {

Result<CopySummary> copy_site(Store& from, Store& to, const std::function<void(size_t, size_t)>& on_progress,
                              const MoreMediaFiles& more_media_files) {
  auto* source = dynamic_cast<sql::SqlStore*>(&from);
  auto* target = dynamic_cast<sql::SqlStore*>(&to);
  if (source == nullptr || target == nullptr) return Status::internal("copy: a store of an unknown backend");
  return sql::copy_database(source->database(), target->database(), on_progress, more_media_files);
}

}  // namespace qalam::store
