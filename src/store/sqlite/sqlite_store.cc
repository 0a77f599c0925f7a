#include "store/sqlite/sqlite_store.h"

#include "store/sqlite/database.h"
#include "store/sqlite/repositories_internal.h"

namespace qalam::store::sqlite {
namespace {

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<Database> db)
      : db_(std::move(db)),
        settings_(*db_),
        authors_(*db_),
        sections_(*db_),
        tags_(*db_),
        articles_(*db_),
        press_items_(*db_),
        projects_(*db_),
        redirects_(*db_),
        search_(*db_),
        views_(*db_),
        accounts_(*db_),
        audit_(*db_),
        editorial_(*db_),
        media_(*db_),
        monitoring_(*db_) {}

  Result<SchemaVersion> schema_version() override { return db_->schema_version(); }
  Status migrate(const std::function<void(int, std::string_view)>& on_applied) override {
    return db_->migrate(on_applied);
  }
  Status ping() override { return db_->ping(); }
  void on_change(ChangeListener listener) override { db_->on_change(std::move(listener)); }
  Status follow_changes() override { return db_->follow_changes(); }
  Result<ChangesSince> changes_since(int64_t after) override { return db_->changes_since(after); }
  QueryStats query_stats() const override { return db_->query_stats(); }

  SettingsRepository& settings() override { return settings_; }
  AuthorRepository& authors() override { return authors_; }
  SectionRepository& sections() override { return sections_; }
  TagRepository& tags() override { return tags_; }
  ArticleRepository& articles() override { return articles_; }
  PressItemRepository& press_items() override { return press_items_; }
  ProjectRepository& projects() override { return projects_; }
  RedirectRepository& redirects() override { return redirects_; }
  SearchRepository& search() override { return search_; }
  ViewRepository& views() override { return views_; }
  AccountRepository& accounts() override { return accounts_; }
  AuditRepository& audit() override { return audit_; }
  EditorialRepository& editorial() override { return editorial_; }
  MediaRepository& media() override { return media_; }
  MonitoringRepository& monitoring() override { return monitoring_; }

  Status import_content(const ContentBatch& batch, const std::function<void(size_t, size_t)>& on_progress) override {
    return import_batch(*db_, batch, on_progress);
  }
  Status snapshot(const std::filesystem::path& to) override {
    if (std::filesystem::exists(to)) return Status::invalid(to.string() + " exists already");
    // VACUUM INTO reads one snapshot of the database and writes it compacted.
    return db_->read([&](Connection& c) { return c.query("VACUUM INTO ?").bind(1, to.string()).run(); });
  }
  Result<std::optional<std::string>> import_checkpoint(std::string_view key) override {
    return db_->read([&](Connection& c) -> Result<std::optional<std::string>> {
      auto q = c.query("SELECT position FROM import_checkpoints WHERE key = ?");
      q.bind(1, key);
      if (q.next()) return std::optional<std::string>(q.text(0));
      if (!q.status().ok()) return q.status();
      return std::optional<std::string>();
    });
  }

 private:
  std::unique_ptr<Database> db_;
  SqliteSettings settings_;
  SqliteAuthors authors_;
  SqliteSections sections_;
  SqliteTags tags_;
  SqliteArticles articles_;
  SqlitePressItems press_items_;
  SqliteProjects projects_;
  SqliteRedirects redirects_;
  SqliteSearch search_;
  SqliteViews views_;
  SqliteAccounts accounts_;
  SqliteAudit audit_;
  SqliteEditorial editorial_;
  SqliteMedia media_;
  SqliteMonitoring monitoring_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteOptions& options) {
  auto db = Database::open({options.path, options.readers, options.busy_timeout_ms, options.migrations, options.synchronous_full});
  if (!db.ok()) return db.status();
  return std::unique_ptr<Store>(std::make_unique<SqliteStore>(std::move(db).value()));
}

}  // namespace qalam::store::sqlite
