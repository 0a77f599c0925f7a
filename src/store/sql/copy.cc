// Copying a whole site from one database to another (qalam copy): every table of the
// content, accounts, media library, counters and monitoring, parents before children,
// rows as they are (ids kept), read from one snapshot of the source and written in one
// transaction on the target. Not copied: the change log and the leases (each database
// keeps its own) and the search index (the backend's own; built again afterwards).
#include "store/sql/copy.h"

#include "store/sql/sql_store.h"

#include <iterator>

namespace qalam::store::sql {
namespace {

constexpr const char* kTables[] = {
    "site_settings", "authors", "author_texts", "sections", "section_texts", "tags", "tag_texts", "users",
    "articles", "article_authors", "article_tags", "article_revisions", "article_related", "translation_sources",
    "autosaves", "preview_links", "slug_redirects", "article_views", "archive_counts", "press_items",
    "press_item_texts", "projects", "project_texts", "missions", "sessions", "api_tokens", "password_resets",
    "audit_log", "sign_in_throttle", "media", "legacy_paths", "import_checkpoints", "feed_sources", "feed_items",
    "watch_topics", "feed_item_topics"};

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

Result<CopySummary> copy_database(Database& from, Database& to, const std::function<void(size_t, size_t)>& on_progress) {
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
      return copied;
    });
  });
  if (!s.ok()) return s;
  return summary;
}

}  // namespace qalam::store::sql

namespace qalam::store {

Result<CopySummary> copy_site(Store& from, Store& to, const std::function<void(size_t, size_t)>& on_progress) {
  auto* source = dynamic_cast<sql::SqlStore*>(&from);
  auto* target = dynamic_cast<sql::SqlStore*>(&to);
  if (source == nullptr || target == nullptr) return Status::internal("copy: a store of an unknown backend");
  return sql::copy_database(source->database(), target->database(), on_progress);
}

}  // namespace qalam::store
