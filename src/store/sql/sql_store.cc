#include "store/sql/sql_store.h"

#include "store/change_keys.h"

namespace qalam::store::sql {

SqlStore::SqlStore(std::unique_ptr<Database> db, std::unique_ptr<SearchRepository> search)
    : db_(std::move(db)),
      search_(std::move(search)),
      settings_(*db_),
      authors_(*db_),
      sections_(*db_),
      tags_(*db_),
      articles_(*db_),
      press_items_(*db_),
      projects_(*db_),
      redirects_(*db_),
      views_(*db_),
      accounts_(*db_),
      audit_(*db_),
      editorial_(*db_),
      media_(*db_),
      monitoring_(*db_),
      leases_(*db_),
      media_files_(*db_) {
  // What the repositories keep goes when a write names it (this process's at commit,
  // other processes' when follow_changes() reads them).
  db_->on_change([this](const std::vector<std::string>& keys) {
    for (const std::string& key : keys) {
      if (key == change_keys::everything || key == change_keys::settings) settings_.forget();
      if (key == change_keys::everything || key == change_keys::sections) sections_.forget();
      if (key == change_keys::everything || key == change_keys::press) press_items_.forget();
      if (key == change_keys::everything || key == change_keys::projects) projects_.forget();
      if (key == change_keys::everything) {
        authors_.forget_all();
        tags_.forget_all();
      } else if (auto id = change_keys::id_in(key, change_keys::kAuthor)) {
        authors_.forget(*id);
      } else if (auto id = change_keys::id_in(key, change_keys::kTag)) {
        tags_.forget(*id);
      }
    }
  });
}

Status SqlStore::import_content(const ContentBatch& batch, const std::function<void(size_t, size_t)>& on_progress) {
  return import_batch(*db_, batch, on_progress);
}

Result<std::optional<std::string>> SqlStore::import_checkpoint(std::string_view key) {
  return db_->read([&](Connection& c) -> Result<std::optional<std::string>> {
    auto q = c.query("SELECT position FROM import_checkpoints WHERE key = ?");
    q.bind(1, key);
    if (q.next()) return std::optional<std::string>(q.text(0));
    if (!q.status().ok()) return q.status();
    return std::optional<std::string>();
  });
}

}  // namespace qalam::store::sql
