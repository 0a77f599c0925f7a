// The newsroom's content: authors, sections, tags, articles, Foreign press items,
// special projects and the missions directory. Plain values; the Store persists them.
//
// Per-language text is a Translations map (lang → text); languages are the site's
// (language.h). Times are UTC.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace qalam {

using Translations = std::map<std::string, std::string, std::less<>>;

// The text in `lang`, else in English, else any; empty when there is none.
const std::string& in_language(const Translations& t, std::string_view lang);

struct SocialLink {
  std::string network;  // "x", "facebook", "telegram", "instagram", "youtube", "mastodon", "bluesky", …
  std::string url;
  std::string handle;   // "@AzEmbassyDE"; may be empty
  // The account's posts as a feed (a Mastodon or Bluesky profile's RSS, a YouTube
  // channel's feed, any RSS/Atom the outlet runs); polled for the missions' timelines.
  std::string feed;
};

struct Author {
  int64_t id = 0;
  std::string slug;
  Translations name;
  Translations bio;
  std::string photo;  // URL or /assets/… path; may be empty
  std::vector<SocialLink> social;
};

enum class SectionKind { articles, press_review, projects };
std::string_view section_kind_name(SectionKind kind);
std::optional<SectionKind> parse_section_kind(std::string_view text);

struct Section {
  int64_t id = 0;
  std::string slug;
  SectionKind kind = SectionKind::articles;
  Translations name;
  int position = 0;  // order on the home page and in navigation
};

struct Tag {
  int64_t id = 0;
  std::string slug;
  Translations name;
};

// The editorial workflow: draft → review → scheduled or published → unpublished.
// Readers see only published pieces; a scheduled piece is published at published_at.
enum class ArticleStatus { draft, review, scheduled, published, unpublished };
std::string_view article_status_name(ArticleStatus status);
std::optional<ArticleStatus> parse_article_status(std::string_view text);

// How long an article's fields may be, in bytes: one table for the importer, the
// newsroom and the Admin API, so what one accepts the others can save again.
struct ArticleLimits {
  static constexpr size_t title = 500;
  static constexpr size_t lead = 5000;
  static constexpr size_t body = 1'000'000;
  static constexpr size_t image = 2000;
  static constexpr size_t image_alt = 1000;
  static constexpr size_t slug = 200;
};

struct Article {
  int64_t id = 0;
  std::string lang;
  std::string translation_group;  // shared by the same piece in other languages
  std::string slug;               // unique within its language
  std::string title;
  std::string lead;
  std::string body;  // Markdown
  ArticleStatus status = ArticleStatus::draft;
  TimePoint published_at{};
  TimePoint updated_at{};
  std::vector<int64_t> author_ids;  // byline order
  int64_t section_id = 0;           // 0: none
  std::vector<int64_t> tag_ids;
  std::string image;
  std::string image_alt;
  bool featured = false;
  // Newsroom bookkeeping: every save increments version (optimistic concurrency);
  // owner_id is the account that created the piece (0: imported).
  int64_t version = 0;
  int64_t owner_id = 0;
  TimePoint created_at{};
  // A translation made in the newsroom: the piece it was made from and that piece's
  // version then. Set when the translation is created (and when it is brought up to
  // date); 0 when loaded — a save with 0 leaves the stored record alone.
  int64_t source_id = 0;
  int64_t source_version = 0;
};

// An item of the Foreign press review: another outlet's coverage.
struct PressItem {
  int64_t id = 0;
  std::string outlet_name;
  std::string outlet_url;
  std::string original_url;
  std::string original_lang;
  TimePoint published_on{};  // a date: midnight UTC
  std::string title;
  std::string summary;
  std::string translated_title;  // may be empty
  // The desk's review, per language: its headline and summary of the piece (every
  // language with a summary has a headline). Shown instead of the original's title and
  // summary where present.
  Translations review_title;
  Translations review;
};

// A press item as readers of `lang` see it: the desk's review in that language when
// there is one (reviewed), else the original's title and summary.
bool press_reviewed_in(const PressItem& p, std::string_view lang);
const std::string& press_headline(const PressItem& p, std::string_view lang);
const std::string& press_summary(const PressItem& p, std::string_view lang);

struct Project {
  int64_t id = 0;
  std::string slug;
  Translations title;
  Translations intro;
  Translations body;  // Markdown
  bool is_new = false;         // shows the "New project" badge
  bool has_directory = false;  // shows the missions directory
  int position = 0;
  TimePoint updated_at{};
};

enum class MissionKind { embassy, consulate, permanent_mission };
std::string_view mission_kind_name(MissionKind kind);
std::optional<MissionKind> parse_mission_kind(std::string_view text);

// A diplomatic mission in a project's directory.
struct Mission {
  int64_t id = 0;
  int64_t project_id = 0;
  std::string country;  // ISO 3166-1 alpha-2, named in the reader's language by ICU
  std::string city;          // the mission's identity within its project; the fallback name
  Translations city_names;   // the city in each language ("Vyana", "Вена"); may be empty
  MissionKind kind = MissionKind::embassy;
  std::string website;
  std::vector<SocialLink> accounts;
  // A mission to an international organisation: its code (core/organisations.h), and
  // `country` is the seat's host; empty for a mission to a country.
  std::string organisation;
};

}  // namespace qalam
