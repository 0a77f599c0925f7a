// Internal: the repositories both backends share (SQL in the dialect store/sql/connection.h
// describes). Each holds the Database it reads through.
#pragma once

#include "store/newsroom_repositories.h"
#include "store/sql/database.h"
#include "store/sql/keyed_memo.h"
#include "store/sql/memo.h"
#include "store/sql/search_index.h"
#include "store/store.h"

namespace qalam::store::sql {

// JSON columns (social links, mission accounts, a mission's city names) and id lists
// for `IN (json_each(?))`.
std::string encode_links(const std::vector<SocialLink>& links);
std::vector<SocialLink> decode_links(const std::string& json);
std::string encode_texts(const Translations& texts);
Translations decode_texts(const std::string& json);
std::string encode_ids(const std::vector<int64_t>& ids);

// Fills the per-language texts of `items` (anything with an `id`) with one query:
// `select` names the owner id first ("SELECT tag_id, lang, name FROM tag_texts").
template <typename T, typename Fill>
Status load_texts(Connection& c, std::vector<T>& items, const std::string& select, Fill fill) {
  if (items.empty()) return Status::ok_status();
  std::vector<int64_t> ids;
  for (const T& item : items) ids.push_back(item.id);
  std::string owner = select.substr(7, select.find(',') - 7);  // after "SELECT "
  auto t = c.query(select + " WHERE " + owner + " IN (SELECT CAST(value AS BIGINT) FROM json_each(?))");
  t.bind(1, encode_ids(ids));
  while (t.next()) {
    int64_t id = t.integer(0);
    for (T& item : items) {
      if (item.id == id) fill(item, t);
    }
  }
  return t.status();
}

class SqlSettings final : public SettingsRepository {
 public:
  explicit SqlSettings(Database& db) : db_(db) {}
  Result<std::optional<std::string>> get(std::string_view key) override;
  // Kept until a write names change_keys::settings (every page reads them).
  Result<std::map<std::string, std::string>> all() override;
  Status put(std::string_view key, std::string_view value) override;
  Status put_all(const std::map<std::string, std::string>& values) override;
  void forget() { all_.forget(); }

 private:
  Database& db_;
  ChangeMemo<std::map<std::string, std::string>> all_;
};

class SqlAuthors final : public AuthorRepository {
 public:
  explicit SqlAuthors(Database& db) : db_(db) {}
  // Each author kept (by_slug, by_ids) until a write names change_keys::author(id).
  Result<std::optional<Author>> by_slug(std::string_view slug) override;
  Result<std::vector<Author>> by_ids(const std::vector<int64_t>& ids) override;
  Result<std::vector<Author>> all() override;
  void forget(int64_t id) { kept_.forget(id); }
  void forget_all() { kept_.forget_all(); }

 private:
  Database& db_;
  KeyedMemo<Author> kept_;
};

class SqlSections final : public SectionRepository {
 public:
  explicit SqlSections(Database& db) : db_(db) {}
  Result<std::optional<Section>> by_slug(std::string_view slug) override;
  // Kept until a write names change_keys::sections (every page's navigation).
  Result<std::vector<Section>> all() override;
  void forget() { all_.forget(); }

 private:
  Database& db_;
  ChangeMemo<std::vector<Section>> all_;
};

class SqlTags final : public TagRepository {
 public:
  explicit SqlTags(Database& db) : db_(db) {}
  // Each tag kept (by_slug, by_ids) until a write names change_keys::tag(id).
  Result<std::optional<Tag>> by_slug(std::string_view slug) override;
  Result<std::vector<Tag>> by_ids(const std::vector<int64_t>& ids) override;
  Result<std::vector<Tag>> all() override;
  void forget(int64_t id) { kept_.forget(id); }
  void forget_all() { kept_.forget_all(); }

 private:
  Database& db_;
  KeyedMemo<Tag> kept_;
};

class SqlRedirects final : public RedirectRepository {
 public:
  explicit SqlRedirects(Database& db) : db_(db) {}
  Result<std::optional<std::string>> resolve(SlugKind kind, std::string_view lang, std::string_view old_slug) override;
  Result<std::vector<SlugRedirect>> all() override;
  Result<std::optional<std::string>> legacy(std::string_view key) override;
  Result<std::vector<std::pair<std::string, std::string>>> all_legacy() override;

 private:
  Database& db_;
};

class SqlArticles final : public ArticleRepository {
 public:
  explicit SqlArticles(Database& db) : db_(db) {}
  Result<std::optional<Article>> by_slug(std::string_view lang, std::string_view slug) override;
  Result<std::vector<Article>> list(const ArticleFilter& filter) override;
  Result<std::vector<std::vector<Article>>> lists(const std::vector<ArticleFilter>& filters) override;
  Result<int64_t> count(const ArticleFilter& filter) override;
  Result<std::vector<Article>> by_ids(const std::vector<int64_t>& ids) override;
  Result<std::vector<Article>> translations(std::string_view group) override;
  Result<TranslationLinks> translation_links(const std::vector<std::string>& groups) override;
  Result<std::vector<Article>> related(const Article& article, int limit) override;
  Result<std::optional<ArticlePage>> page(std::string_view lang, std::string_view slug, int related_limit) override;
  Result<std::vector<ArticleRef>> refs(int64_t offset, int64_t limit) override;
  Result<int64_t> count_all_published() override;

 private:
  Database& db_;
};

class SqlPressItems final : public PressItemRepository {
 public:
  explicit SqlPressItems(Database& db) : db_(db) {}
  // The latest kLatestKept are kept until a write names change_keys::press (the
  // newest reviews stand beside every archive and on the home page).
  Result<std::vector<PressItem>> list(int limit, int offset) override;
  Result<int64_t> count() override;
  Result<std::optional<PressItem>> by_url(std::string_view original_url) override;
  void forget() { latest_.forget(); }

 private:
  static constexpr int kLatestKept = 20;
  Result<std::vector<PressItem>> read(int limit, int offset);
  Database& db_;
  ChangeMemo<std::vector<PressItem>> latest_;
};

class SqlProjects final : public ProjectRepository {
 public:
  explicit SqlProjects(Database& db) : db_(db) {}
  Result<std::optional<Project>> by_slug(std::string_view slug) override;
  // Kept until a write names change_keys::projects (beside every archive).
  Result<std::vector<Project>> all() override;
  Result<std::vector<Mission>> missions(int64_t project_id) override;
  void forget() { all_.forget(); }

 private:
  Database& db_;
  ChangeMemo<std::vector<Project>> all_;
};

class SqlViews final : public ViewRepository {
 public:
  explicit SqlViews(Database& db) : db_(db) {}
  Status add(const std::vector<HourlyViews>& counts) override;
  Result<std::vector<Article>> most_read(const std::string& lang, int64_t section_id, TimePoint since, int limit) override;
  Result<std::vector<std::pair<TimePoint, int64_t>>> per_day(TimePoint since) override;

 private:
  Database& db_;
};

class SqlAccounts final : public AccountRepository {
 public:
  explicit SqlAccounts(Database& db) : db_(db) {}
  Result<int64_t> add_user(const User& user, std::string_view password_hash) override;
  Result<std::optional<User>> user_by_email(std::string_view email) override;
  Result<std::optional<User>> user_by_id(int64_t id) override;
  Result<std::vector<User>> users() override;
  Result<int64_t> count_admins() override;
  Status update_user(const User& user) override;
  Result<std::string> password_hash(int64_t user_id) override;
  Status set_password_hash(int64_t user_id, std::string_view hash) override;
  Status add_session(const Session& session) override;
  Result<std::optional<Session>> session(std::string_view token_hash) override;
  Status touch_session(std::string_view token_hash, TimePoint at) override;
  Status end_session(std::string_view token_hash) override;
  Status end_sessions(int64_t user_id) override;
  Result<int64_t> end_expired_sessions(TimePoint now, TimePoint idle_since) override;
  Result<int64_t> add_token(const ApiToken& token) override;
  Result<std::optional<ApiToken>> token(std::string_view token_hash) override;
  Result<std::vector<ApiToken>> tokens(int64_t user_id) override;
  Status revoke_token(int64_t id) override;
  Status touch_token(int64_t id, TimePoint at) override;
  Status add_password_reset(std::string_view token_hash, int64_t user_id, TimePoint expires_at) override;
  Result<std::optional<int64_t>> take_password_reset(std::string_view token_hash, TimePoint now) override;
  Status add_sign_in_failure(std::string_view key, TimePoint at, std::chrono::seconds window) override;
  Result<SignInFailures> sign_in_failures(std::string_view key, TimePoint now, std::chrono::seconds window) override;
  Status clear_sign_in_failures(std::string_view key) override;

 private:
  Database& db_;
};

class SqlAudit final : public AuditRepository {
 public:
  explicit SqlAudit(Database& db) : db_(db) {}
  Status append(const AuditEntry& entry) override;
  Status append_folded(const AuditEntry& entry, TimePoint since) override;
  Result<std::vector<AuditEntry>> list(int limit, int offset) override;
  Result<int64_t> count() override;
  Result<int64_t> prune(TimePoint before, int64_t keep_at_most) override;

 private:
  Database& db_;
};

// Appends an audit entry inside the caller's transaction.
Status insert_audit(Connection& c, const AuditEntry& e);

class SqlEditorial final : public EditorialRepository {
 public:
  explicit SqlEditorial(Database& db) : db_(db) {}
  Result<std::optional<Article>> by_id(int64_t id) override;
  Result<std::vector<Article>> list(const EditorialFilter& filter) override;
  Result<int64_t> count(const EditorialFilter& filter) override;
  Result<std::vector<Article>> group(std::string_view translation_group) override;
  Result<std::string> free_slug(std::string_view lang, std::string_view slug, int64_t except_id) override;
  Status save(Article& article, const Actor& actor, const AuditEntry* audit = nullptr) override;
  Result<std::optional<TranslationSource>> translation_source(int64_t article_id) override;
  Status put_autosave(const Autosave& autosave) override;
  Result<std::optional<Autosave>> autosave(int64_t user_id, int64_t article_id) override;
  Status drop_autosave(int64_t user_id, int64_t article_id) override;
  Status remove(int64_t id, int64_t version, const AuditEntry* audit = nullptr) override;
  Result<std::vector<int64_t>> publish_due(TimePoint now, const Actor& actor) override;
  Result<std::vector<RevisionInfo>> revisions(int64_t article_id) override;
  Result<std::optional<Article>> revision(int64_t article_id, int64_t version) override;
  Status add_preview_link(std::string_view token_hash, int64_t article_id, int64_t user_id, TimePoint at) override;
  Result<std::optional<int64_t>> preview_link(std::string_view token_hash) override;
  Status revoke_preview_links(int64_t article_id) override;

 private:
  Database& db_;
};

class SqlMedia final : public MediaRepository {
 public:
  explicit SqlMedia(Database& db) : db_(db) {}
  Result<int64_t> add(const MediaItem& item) override;
  Result<std::optional<MediaItem>> by_name(std::string_view name) override;
  Result<std::vector<MediaItem>> by_names(const std::vector<std::string>& names) override;
  Result<std::vector<MediaItem>> list(int limit, int offset) override;
  Result<std::vector<MediaItem>> search(std::string_view text, int limit) override;
  Status set_details(int64_t id, std::string_view alt, std::string_view caption, std::string_view credit) override;
  Result<std::vector<MediaUse>> uses(std::string_view name, int limit) override;
  Status remove_unused(int64_t id, std::string_view name) override;
  Status set_alt(int64_t id, std::string_view alt) override;
  Result<int64_t> count() override;
  Status update_files(const MediaItem& item) override;

 private:
  Database& db_;
};

class SqlLeases final : public LeaseRepository {
 public:
  explicit SqlLeases(Database& db) : db_(db) {}
  Result<bool> take(std::string_view name, std::string_view holder, std::chrono::seconds ttl) override;
  Status release(std::string_view name, std::string_view holder) override;

 private:
  Database& db_;
};

class SqlMediaFiles final : public MediaFileRepository {
 public:
  explicit SqlMediaFiles(Database& db) : db_(db) {}
  Status put(std::string_view name, std::string_view bytes) override;
  Result<std::optional<std::string>> get(std::string_view name) override;
  Status rename(std::string_view from, std::string_view to) override;
  Status remove(std::string_view name) override;
  Result<std::vector<std::string>> names() override;
  Status clear() override;

 private:
  Database& db_;
};

class SqlMonitoring final : public MonitoringRepository {
 public:
  explicit SqlMonitoring(Database& db) : db_(db) {}
  Result<int64_t> add_source(const FeedSource& source) override;
  Result<std::vector<FeedSource>> sources() override;
  Result<std::optional<FeedSource>> source(int64_t id) override;
  Result<std::optional<FeedSource>> source_by_url(std::string_view url) override;
  Status remove_source(int64_t id) override;
  Status update_source(const FeedSource& source) override;
  Result<std::vector<FeedSource>> due_sources(TimePoint now) override;
  Result<ItemsAdded> record_poll(const FeedSource& outcome, const std::vector<MonitoredItem>& items,
                                 std::chrono::seconds title_window) override;
  Result<std::vector<MonitoredItem>> items(const MonitoredItemFilter& filter) override;
  Result<int64_t> count_items(const MonitoredItemFilter& filter) override;
  Result<std::optional<MonitoredItem>> item(int64_t id) override;
  Result<std::vector<MissionPost>> mission_posts(int64_t project_id, int limit) override;
  Result<int64_t> set_state(const std::vector<int64_t>& ids, FeedItemState state) override;
  Status mark_used(int64_t id, int64_t press_item_id) override;
  Result<int64_t> save_topic(const WatchTopic& topic) override;
  Status remove_topic(int64_t id) override;
  Result<std::vector<WatchTopic>> topics() override;
  Status rematch_topic(int64_t topic_id, TimePoint since,
                       const std::vector<std::pair<int64_t, std::vector<std::string>>>& matches) override;

 private:
  Database& db_;
};

// Reads rows selected with article_list_columns(), with their bylines and tags.
Result<std::vector<Article>> read_article_rows(Connection& c, Query& q);
extern const char* const article_list_columns;
extern const char* const article_columns;  // with the body

// The article of this id in any status (nullopt when there is none).
Result<std::optional<Article>> read_article(Connection& c, int64_t id, bool with_body = true);

// Writes one article's row, byline and tags and brings its search rows in step: a new
// row when `id` is 0, else an update of that row (version + 1). When the slug changes
// and `redirect_old_slug`, the old slug answers 301 from now on. Names what readers
// now see differently (change_keys::article_change of the row before and after) on
// the connection. Returns the id.
// Run inside a write transaction; the caller has resolved references and conflicts.
struct CollapsedArchive;
// `deferred_counts`: the archives whose kept counts (archive_counts.h) the write
// changes are added there instead of recounted now (a batch recounts once at its end).
Result<int64_t> write_article(Connection& c, const Article& a, int64_t id, bool redirect_old_slug,
                              std::vector<CollapsedArchive>* deferred_counts = nullptr);
// A revision's content and back.
std::string article_to_json(const Article& a);
Result<Article> article_from_json(std::string_view json);

// Brings the index rows of one thing (kind: article, press, author, project) in step
// with its tables (the backend's SearchIndex); run inside the transaction that wrote it.
inline Status index_entity(Connection& c, const char* kind, int64_t id) {
  return c.search_index().index_entity(c, kind, id);
}

std::string_view slug_kind_name(SlugKind kind);

Status import_batch(Database& db, const ContentBatch& batch, const std::function<void(size_t, size_t)>& on_progress);

}  // namespace qalam::store::sql
