// The content repositories of the Store, one per aggregate. Reads return published
// content unless a method says otherwise; writes go through Store::import_content (the
// newsroom adds its own writes later). All methods are thread-safe.
#pragma once

#include <functional>
#include <map>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/content.h"
#include "core/search_query.h"
#include "core/status.h"
#include "store/newsroom_repositories.h"

namespace qalam::store {

class AuthorRepository {
 public:
  virtual ~AuthorRepository() = default;
  virtual Result<std::optional<Author>> by_slug(std::string_view slug) = 0;
  virtual Result<std::vector<Author>> by_ids(const std::vector<int64_t>& ids) = 0;
  virtual Result<std::vector<Author>> all() = 0;
};

class SectionRepository {
 public:
  virtual ~SectionRepository() = default;
  virtual Result<std::optional<Section>> by_slug(std::string_view slug) = 0;
  virtual Result<std::vector<Section>> all() = 0;  // by position
};

class TagRepository {
 public:
  virtual ~TagRepository() = default;
  virtual Result<std::optional<Tag>> by_slug(std::string_view slug) = 0;
  virtual Result<std::vector<Tag>> by_ids(const std::vector<int64_t>& ids) = 0;
  virtual Result<std::vector<Tag>> all() = 0;
};

struct ArticleFilter {
  std::string lang;  // empty: every language
  // With `lang` empty and exactly one of author, tag, section or featured_only
  // (nothing else): one piece per translation group, in this language when the group
  // has it (an edition's archive of every language, without its translations listed
  // twice).
  std::string prefer_lang;
  int64_t author_id = 0;   // 0: any
  int64_t section_id = 0;  // 0: any
  int64_t tag_id = 0;      // 0: any
  bool featured_only = false;
  std::optional<TimePoint> published_since;
  // Keyset pagination: only pieces after this (published_at, id) in the list's order.
  std::optional<std::pair<TimePoint, int64_t>> after;
  bool with_body = false;  // lists show leads; feeds ask for the Markdown body too
  int limit = 20;
  int offset = 0;
};

// Enough to list a published article in a sitemap, with its translations.
struct ArticleRef {
  std::string lang;
  std::string slug;
  std::string title;
  TimePoint published_at{};
  TimePoint updated_at{};
  std::vector<std::pair<std::string, std::string>> translations;  // (lang, slug), itself included
};

class ArticleRepository {
 public:
  virtual ~ArticleRepository() = default;
  virtual Result<std::optional<Article>> by_slug(std::string_view lang, std::string_view slug) = 0;
  // Published articles newest first.
  virtual Result<std::vector<Article>> list(const ArticleFilter& filter) = 0;
  // Each filter's list, as list() gives it, read in as few statements as the filters
  // allow (a page of several lists: the home page's sections).
  virtual Result<std::vector<std::vector<Article>>> lists(const std::vector<ArticleFilter>& filters) = 0;
  virtual Result<int64_t> count(const ArticleFilter& filter) = 0;
  // The published pieces of these ids (others left out), without their bodies, in no
  // particular order.
  virtual Result<std::vector<Article>> by_ids(const std::vector<int64_t>& ids) = 0;
  // The published versions of the piece in every language, itself included.
  virtual Result<std::vector<Article>> translations(std::string_view group) = 0;
  // What a page links a piece's translations with: for each of these translation
  // groups, its published pieces as (lang, slug) in language order, itself included.
  // One statement for a whole feed.
  using TranslationLinks = std::map<std::string, std::vector<std::pair<std::string, std::string>>>;
  virtual Result<TranslationLinks> translation_links(const std::vector<std::string>& groups) = 0;
  // Published pieces in the article's language sharing its tags or section.
  virtual Result<std::vector<Article>> related(const Article& article, int limit) = 0;
  // What an article's page shows of the store: the published piece of `slug`, its
  // related pieces (as related() gives them) and its translations' links (as
  // translation_links() gives its group's), read in one statement where the piece's
  // related list is kept. None when no published piece has the slug.
  struct ArticlePage {
    Article article;
    std::vector<Article> related;
    std::vector<std::pair<std::string, std::string>> translations;  // (lang, slug), itself included
  };
  virtual Result<std::optional<ArticlePage>> page(std::string_view lang, std::string_view slug, int related_limit) = 0;
  virtual Result<std::vector<ArticleRef>> refs(int64_t offset, int64_t limit) = 0;
  virtual Result<int64_t> count_all_published() = 0;
};

class PressItemRepository {
 public:
  virtual ~PressItemRepository() = default;
  virtual Result<std::vector<PressItem>> list(int limit, int offset) = 0;  // newest first
  virtual Result<int64_t> count() = 0;
  virtual Result<std::optional<PressItem>> by_url(std::string_view original_url) = 0;
};

class ProjectRepository {
 public:
  virtual ~ProjectRepository() = default;
  virtual Result<std::optional<Project>> by_slug(std::string_view slug) = 0;
  virtual Result<std::vector<Project>> all() = 0;  // by position
  virtual Result<std::vector<Mission>> missions(int64_t project_id) = 0;
};

// Full-text search over published articles, Foreign press items, authors and
// projects. `query` is the reader's search, structured (core/search_query.h); each
// backend compiles it (SQLite: an FTS5 expression whose strings the index's own
// tokenizer folds). In `title` and `snippet`, matched words of
// the original text stand between search_mark_open and search_mark_close (control
// characters no stored text holds); the caller escapes and marks them up.
struct SearchRequest {
  SearchQuery query;
  std::string lang;          // only this language, unless all_languages
  bool all_languages = false;  // then `lang` comes first
  int64_t section_id = 0;    // these three limit results to articles
  int64_t author_id = 0;
  std::optional<TimePoint> from, to;
  bool newest_first = false;  // else by relevance (bm25, title and lead above body)
  int limit = 20;
  int offset = 0;
  // Past this, the search stops looking at more matches and answers with the best of
  // those it saw (SearchResults::total_is_lower_bound): a query matching nearly
  // everything costs a bounded time of a worker thread.
  std::chrono::milliseconds budget{250};
};

inline constexpr char search_mark_open = '\x01';
inline constexpr char search_mark_close = '\x02';

struct SearchHit {
  std::string kind;  // article, press, author, project
  int64_t ref = 0;
  std::string lang;
  std::string address;  // slug, or the press item's original URL
  TimePoint at{};       // publication time or date; epoch for authors and projects
  std::string title;
  std::string snippet;
};

struct SearchResults {
  int64_t total = 0;            // every match of the request, not only this page
  std::vector<SearchHit> hits;  // the page: from `offset`, at most `limit`
  // The search ran out of its time budget: `total` counts the matches looked at (at
  // least that many), and the page is the best of those.
  bool total_is_lower_bound = false;
};

class SearchRepository {
 public:
  virtual ~SearchRepository() = default;
  // Counts and ranks in one pass over the matches; an invalid `match` is invalid_argument.
  virtual Result<SearchResults> search(const SearchRequest& request) = 0;
  // Rebuilds the whole index in one transaction; `on_progress` hears (done, total).
  virtual Status reindex(const std::function<void(size_t, size_t)>& on_progress) = 0;
};

// Hourly read counts of articles (no reader data at all) and what they add up to.
struct HourlyViews {
  int64_t article_id = 0;
  int64_t hour = 0;  // Unix time / 3600
  int64_t views = 0;
};

class ViewRepository {
 public:
  virtual ~ViewRepository() = default;
  // Adds the counts (one transaction); counts of articles since deleted are dropped.
  virtual Status add(const std::vector<HourlyViews>& counts) = 0;
  // Published articles of `lang` (and `section_id` unless 0) most read since `since`.
  virtual Result<std::vector<Article>> most_read(const std::string& lang, int64_t section_id, TimePoint since,
                                                 int limit) = 0;
  // Reads per UTC day from `since` (its day included) to now: (day's midnight, reads),
  // days without reads left out.
  virtual Result<std::vector<std::pair<TimePoint, int64_t>>> per_day(TimePoint since) = 0;
};

// Old slugs that answer 301 to the current one.
enum class SlugKind { article, author, section, tag, project };
struct SlugRedirect {
  SlugKind kind = SlugKind::article;
  std::string lang;  // articles only; "" for kinds whose slugs span languages
  std::string old_slug;
  std::string current_slug;
};
class RedirectRepository {
 public:
  virtual ~RedirectRepository() = default;
  // Every old slug whose record readers can still reach (articles published), with its
  // current slug; an old slug equal to the current one is left out.
  virtual Result<std::vector<SlugRedirect>> all() = 0;
  // The current slug for an old one; lang is "" for kinds whose slugs span languages.
  virtual Result<std::optional<std::string>> resolve(SlugKind kind, std::string_view lang,
                                                     std::string_view old_slug) = 0;
  // The new path of an address of the site Qalam replaced, by its key
  // (core/legacy_path.h); nullopt when the key is not known.
  virtual Result<std::optional<std::string>> legacy(std::string_view key) = 0;
  // Every old address kept, by key (for the static copy's redirect maps).
  virtual Result<std::vector<std::pair<std::string, std::string>>> all_legacy() = 0;
};

// A validated set of records to write at once (the JSON Lines importer builds it).
// References are by slug; they must name a record of this batch or of the database.
// `origin` ("file.jsonl:12") names the record in errors.
template <typename T>
struct Record {
  T value;
  std::string origin;
};
struct ArticleRecord {
  Article article;
  std::vector<std::string> authors;  // byline order
  std::string section;               // may be empty
  std::vector<std::string> tags;
  std::string origin;
};
struct MissionRecord {
  Mission mission;
  std::string project;
  std::string origin;
};
// An address of the site Qalam replaced and where it now lives (core/legacy_path.h).
struct LegacyPath {
  std::string key;     // legacy_path_key of the old address
  std::string target;  // "/en/articles/slug"
};
// Where an import stands after a batch: saved in the batch's own transaction.
struct ImportCheckpoint {
  std::string key;
  std::string position;
};
struct ContentBatch {
  std::vector<Record<Author>> authors;
  std::vector<Record<Section>> sections;
  std::vector<Record<Tag>> tags;
  std::vector<ArticleRecord> articles;
  std::vector<Record<PressItem>> press_items;
  std::vector<Record<Project>> projects;
  std::vector<MissionRecord> missions;
  // Site settings (key → value) and media library entries (their files are copied by
  // whoever brings them: the store keeps only the records).
  std::map<std::string, std::string> settings;
  std::vector<Record<MediaItem>> media;
  // Written last: the old addresses (an existing key gets the new target) and how far
  // the import got.
  std::vector<LegacyPath> legacy_paths;
  std::optional<ImportCheckpoint> checkpoint;
  // Whether the query planner's statistics are refreshed after the write (an import
  // of many small batches asks for it now and then).
  bool refresh_statistics = true;
  // Whether the related lists of the older pieces this batch's pieces name are
  // refreshed too (related_pieces.h). A WordPress import of hundreds of batches leaves
  // it off: refreshing thousands of older lists per batch tripled its time.
  bool refresh_older_related = true;
  size_t size() const {
    return authors.size() + sections.size() + tags.size() + articles.size() + press_items.size() +
           projects.size() + missions.size() + settings.size() + media.size();
  }
};

}  // namespace qalam::store
