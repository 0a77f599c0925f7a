// The Store both backends share: the repositories of store/sql over one Database. A
// backend adds its search repository and what is its own (a consistent copy of the
// database). Internal to the store library.
#pragma once

#include <memory>

#include "store/sql/repositories_internal.h"
#include "store/store.h"

namespace qalam::store::sql {

class SqlStore : public Store {
 public:
  Result<SchemaVersion> schema_version() override { return db_->schema_version(); }
  Status migrate(const std::function<void(int, std::string_view)>& on_applied) override {
    return db_->migrate(on_applied);
  }
  Status ping() override { return db_->ping(); }
  void on_change(ChangeListener listener) override { db_->on_change(std::move(listener)); }
  Status follow_changes() override { return db_->follow_changes(); }
  void wait_for_changes(std::chrono::milliseconds timeout) override { db_->wait_for_changes(timeout); }
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
  SearchRepository& search() override { return *search_; }
  ViewRepository& views() override { return views_; }
  AccountRepository& accounts() override { return accounts_; }
  AuditRepository& audit() override { return audit_; }
  EditorialRepository& editorial() override { return editorial_; }
  MediaRepository& media() override { return media_; }
  MonitoringRepository& monitoring() override { return monitoring_; }
  LeaseRepository& leases() override { return leases_; }
  MediaFileRepository& media_files() override { return media_files_; }

  Status import_content(const ContentBatch& batch, const std::function<void(size_t, size_t)>& on_progress) override;
  Result<std::optional<std::string>> import_checkpoint(std::string_view key) override;
  Database& database() { return *db_; }

 protected:
  // `search` reads through `db`.
  SqlStore(std::unique_ptr<Database> db, std::unique_ptr<SearchRepository> search);

 private:
  std::unique_ptr<Database> db_;
  std::unique_ptr<SearchRepository> search_;
  SqlSettings settings_;
  SqlAuthors authors_;
  SqlSections sections_;
  SqlTags tags_;
  SqlArticles articles_;
  SqlPressItems press_items_;
  SqlProjects projects_;
  SqlRedirects redirects_;
  SqlViews views_;
  SqlAccounts accounts_;
  SqlAudit audit_;
  SqlEditorial editorial_;
  SqlMedia media_;
  SqlMonitoring monitoring_;
  SqlLeases leases_;
  SqlMediaFiles media_files_;
};

}  // namespace qalam::store::sql
