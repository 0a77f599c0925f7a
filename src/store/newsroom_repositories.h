// The newsroom's repositories: accounts (users, sessions, API tokens, password resets,
// sign-in failures), the audit log, the editorial side of articles (every status,
// revisions, optimistic concurrency, scheduling, preview links) and uploaded media.
// Secrets reach these interfaces only as hashes. All methods are thread-safe.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/content.h"
#include "core/roles.h"
#include "core/status.h"

namespace qalam::store {

struct User {
  int64_t id = 0;
  std::string email;
  std::string name;
  Role role = Role::contributor;
  bool disabled = false;
  int64_t author_id = 0;  // the public profile that bylines them; 0: none
  std::string language;   // the newsroom's language for them; empty: negotiate
  TimePoint created_at{};
};

struct Session {
  std::string token_hash;
  int64_t user_id = 0;
  std::string csrf_token;
  TimePoint created_at{};
  TimePoint last_seen{};
  TimePoint expires_at{};  // absolute expiry; idle expiry is last_seen + the idle limit
};

struct ApiToken {
  int64_t id = 0;
  std::string token_hash;
  int64_t user_id = 0;
  std::string name;
  TimePoint created_at{};
  TimePoint last_used{};
  bool revoked = false;
};

struct SignInFailures {
  int64_t count = 0;
  TimePoint last{};
};

class AccountRepository {
 public:
  virtual ~AccountRepository() = default;
  // Conflict when the email is taken (emails compare case-insensitively).
  virtual Result<int64_t> add_user(const User& user, std::string_view password_hash) = 0;
  virtual Result<std::optional<User>> user_by_email(std::string_view email) = 0;
  virtual Result<std::optional<User>> user_by_id(int64_t id) = 0;
  virtual Result<std::vector<User>> users() = 0;  // by name
  virtual Result<int64_t> count_admins() = 0;     // enabled ones
  // Name, role, disabled, author_id and language; NotFound for an unknown id.
  virtual Status update_user(const User& user) = 0;
  virtual Result<std::string> password_hash(int64_t user_id) = 0;
  virtual Status set_password_hash(int64_t user_id, std::string_view hash) = 0;

  virtual Status add_session(const Session& session) = 0;
  virtual Result<std::optional<Session>> session(std::string_view token_hash) = 0;
  virtual Status touch_session(std::string_view token_hash, TimePoint at) = 0;
  virtual Status end_session(std::string_view token_hash) = 0;
  virtual Status end_sessions(int64_t user_id) = 0;  // "sign out everywhere"
  // Removes sessions past their absolute expiry or unused since `idle_since`; how many.
  virtual Result<int64_t> end_expired_sessions(TimePoint now, TimePoint idle_since) = 0;

  virtual Result<int64_t> add_token(const ApiToken& token) = 0;
  virtual Result<std::optional<ApiToken>> token(std::string_view token_hash) = 0;
  virtual Result<std::vector<ApiToken>> tokens(int64_t user_id) = 0;  // 0: everyone's
  virtual Status revoke_token(int64_t id) = 0;
  virtual Status touch_token(int64_t id, TimePoint at) = 0;

  virtual Status add_password_reset(std::string_view token_hash, int64_t user_id, TimePoint expires_at) = 0;
  // The user of an unexpired reset link, consuming it; nullopt when unknown or expired.
  virtual Result<std::optional<int64_t>> take_password_reset(std::string_view token_hash, TimePoint now) = 0;

  // Failed sign-ins under a key ("account:HASH", "ip:ADDRESS"), one counter row per
  // key: a failure after a quiet `window` starts the count again; keys quiet for a
  // day are forgotten.
  virtual Status add_sign_in_failure(std::string_view key, TimePoint at, std::chrono::seconds window) = 0;
  // The key's failures in the run that is still inside `window` of `now`.
  virtual Result<SignInFailures> sign_in_failures(std::string_view key, TimePoint now, std::chrono::seconds window) = 0;
  virtual Status clear_sign_in_failures(std::string_view key) = 0;
};

struct AuditEntry {
  int64_t id = 0;
  TimePoint at{};
  int64_t user_id = 0;
  std::string actor;    // the account's email, or "cli", "scheduler", "api-token:N"
  std::string action;   // "sign_in", "sign_in_failed", "user.role", "article.publish" …
  std::string subject;  // "article:12", "user:3"
  std::string detail;
  std::string address;
  int64_t repeats = 1;  // the same event folded into this entry (append_folded)
};

class AuditRepository {
 public:
  virtual ~AuditRepository() = default;
  virtual Status append(const AuditEntry& entry) = 0;
  // Counts the event into the latest entry of the same action, actor and address
  // since `since` (its time becomes entry.at, its detail entry.detail), or appends it.
  virtual Status append_folded(const AuditEntry& entry, TimePoint since) = 0;
  virtual Result<std::vector<AuditEntry>> list(int limit, int offset) = 0;  // newest first
  virtual Result<int64_t> count() = 0;
  // Removes entries older than `before`, then the oldest beyond `keep_at_most`;
  // returns how many went.
  virtual Result<int64_t> prune(TimePoint before, int64_t keep_at_most) = 0;
};

// Who saves: recorded on revisions.
struct Actor {
  int64_t user_id = 0;
  std::string name;  // email, "cli", "scheduler", "import"
};

struct EditorialFilter {
  std::optional<ArticleStatus> status;
  int64_t owner_id = 0;  // 0: anyone's
  std::string lang;      // empty: any
  std::string text;      // a substring of the title; empty: any
  // When set, only what this account may read: published pieces, its own, and those
  // bylined to reader_author_id (its public profile; 0: none).
  int64_t reader_id = 0;
  int64_t reader_author_id = 0;
  int limit = 50;
  int offset = 0;
};

// The piece a translation was made from, and its version then.
struct TranslationSource {
  int64_t source_id = 0;
  int64_t source_version = 0;
};

// What one account typed in one piece and has not saved (article_id 0: a new piece).
struct Autosave {
  int64_t user_id = 0;
  int64_t article_id = 0;
  int64_t base_version = 0;
  TimePoint saved_at{};
  std::string fields;  // JSON, the service's encoding
};

struct RevisionInfo {
  int64_t version = 0;
  int64_t user_id = 0;
  std::string actor;
  TimePoint saved_at{};
  ArticleStatus status = ArticleStatus::draft;
};

class EditorialRepository {
 public:
  virtual ~EditorialRepository() = default;
  // Any status, with version, owner and creation time.
  virtual Result<std::optional<Article>> by_id(int64_t id) = 0;
  // Recently updated first.
  virtual Result<std::vector<Article>> list(const EditorialFilter& filter) = 0;
  virtual Result<int64_t> count(const EditorialFilter& filter) = 0;
  // Every piece of a translation group, any status.
  virtual Result<std::vector<Article>> group(std::string_view translation_group) = 0;

  // `slug` when no other piece of `lang` (but `except_id`) has it, else the first free
  // of slug-2, slug-3, …
  virtual Result<std::string> free_slug(std::string_view lang, std::string_view slug, int64_t except_id) = 0;
  // Saves the piece in one transaction with its revision and its search rows: a new
  // one when article.id is 0, else only when its stored version is still
  // article.version (Conflict otherwise: someone saved in between). A changed slug of
  // a piece that was published leaves a 301. On success article.id and .version are
  // the stored ones. Conflict too when the slug or the (group, language) is taken.
  // `audit`, when given, is appended in the same transaction (its subject, when
  // empty, becomes "article:ID"): the change and its record stand or fall together.
  virtual Status save(Article& article, const Actor& actor, const AuditEntry* audit = nullptr) = 0;
  // Deletes the piece when its version is still `version` (with `audit`, as save).
  virtual Status remove(int64_t id, int64_t version, const AuditEntry* audit = nullptr) = 0;
  // Publishes every scheduled piece whose time has come, each with a revision; returns
  // their ids.
  virtual Result<std::vector<int64_t>> publish_due(TimePoint now, const Actor& actor) = 0;

  virtual Result<std::vector<RevisionInfo>> revisions(int64_t article_id) = 0;  // newest first

  // Where a translation came from (nullopt: not made as a translation here). save()
  // records article.source_id/source_version when they are set.
  virtual Result<std::optional<TranslationSource>> translation_source(int64_t article_id) = 0;

  // One autosave per account and piece, replaced by the next. save() removes the
  // saver's autosave of the piece (of a new piece, when it creates one) in its
  // transaction; remove() every autosave of the piece.
  virtual Status put_autosave(const Autosave& autosave) = 0;
  virtual Result<std::optional<Autosave>> autosave(int64_t user_id, int64_t article_id) = 0;
  virtual Status drop_autosave(int64_t user_id, int64_t article_id) = 0;
  // The piece as saved at `version` (its id, current version and owner are today's).
  virtual Result<std::optional<Article>> revision(int64_t article_id, int64_t version) = 0;

  virtual Status add_preview_link(std::string_view token_hash, int64_t article_id, int64_t user_id, TimePoint at) = 0;
  virtual Result<std::optional<int64_t>> preview_link(std::string_view token_hash) = 0;  // unrevoked only
  virtual Status revoke_preview_links(int64_t article_id) = 0;
};

struct MediaItem {
  int64_t id = 0;
  std::string name;       // generated file stem
  std::string extension;  // of the original: jpg, png, webp, gif
  std::string mime;
  int width = 0;
  int height = 0;
  int64_t bytes = 0;
  std::vector<int> variants;  // widths of the WebP variants, ascending
  std::string alt;
  std::string caption;
  std::string credit;
  int64_t uploaded_by = 0;
  TimePoint created_at{};
};

// How a media item's files are named in the media folder (and after /media/ in its
// URLs): NAME.EXT for the original, NAME-WIDTH.webp for each variant. Spelled here
// only: the media library, the export and the import all use these.
inline std::string media_original_name(const MediaItem& m) { return m.name + "." + m.extension; }
inline std::string media_variant_name(const MediaItem& m, int width) {
  return m.name + "-" + std::to_string(width) + ".webp";
}
// The original and every variant.
inline std::vector<std::string> media_file_names(const MediaItem& m) {
  std::vector<std::string> files{media_original_name(m)};
  for (int width : m.variants) files.push_back(media_variant_name(m, width));
  return files;
}
// The type of an original by its extension (jpg, png, webp, gif); empty for others.
inline std::string_view media_mime(std::string_view extension) {
  if (extension == "jpg") return "image/jpeg";
  if (extension == "png") return "image/png";
  if (extension == "webp") return "image/webp";
  if (extension == "gif") return "image/gif";
  return {};
}

// A piece that shows an image (as its featured image or in its text).
struct MediaUse {
  int64_t article_id = 0;
  std::string lang;
  std::string title;
};

class MediaRepository {
 public:
  virtual ~MediaRepository() = default;
  virtual Result<int64_t> add(const MediaItem& item) = 0;
  virtual Result<std::optional<MediaItem>> by_name(std::string_view name) = 0;
  // The items of these names (unknown names left out), in no particular order.
  virtual Result<std::vector<MediaItem>> by_names(const std::vector<std::string>& names) = 0;
  virtual Result<std::vector<MediaItem>> list(int limit, int offset) = 0;  // newest first
  // Newest first, those whose alt text, caption, credit or name contains `text`
  // (case-insensitive for ASCII).
  virtual Result<std::vector<MediaItem>> search(std::string_view text, int limit) = 0;
  virtual Status set_alt(int64_t id, std::string_view alt) = 0;
  virtual Status set_details(int64_t id, std::string_view alt, std::string_view caption, std::string_view credit) = 0;
  // The pieces that show the image /media/NAME… (featured or in the text), at most `limit`.
  virtual Result<std::vector<MediaUse>> uses(std::string_view name, int limit) = 0;
  // Removes the row when no piece uses the image (conflict otherwise), in one
  // transaction with that check.
  virtual Status remove_unused(int64_t id, std::string_view name) = 0;
  virtual Result<int64_t> count() = 0;
  // Width, height, bytes and variants of item.id after its files were made again.
  virtual Status update_files(const MediaItem& item) = 0;
};

// The media library's files kept in the database: on a site whose nodes share no
// disk (PostgreSQL), any node serves any file from here (newsroom/database_media.h).
// Every write names change_keys::media_file(name), so that nodes drop the copy they
// kept.
class MediaFileRepository {
 public:
  virtual ~MediaFileRepository() = default;
  // Created or replaced.
  virtual Status put(std::string_view name, std::string_view bytes) = 0;
  // The file's bytes; nullopt when there is none of that name.
  virtual Result<std::optional<std::string>> get(std::string_view name) = 0;
  // Gives `from` the name `to`, replacing a file of that name, in one step: a reader
  // sees the old file or the new one. not_found without `from`.
  virtual Status rename(std::string_view from, std::string_view to) = 0;
  virtual Status remove(std::string_view name) = 0;
  virtual Result<std::vector<std::string>> names() = 0;  // every file's, in name order
  // Removes every file (a site copied onto SQLite keeps them in its folder instead).
  virtual Status clear() = 0;
};

}  // namespace qalam::store
