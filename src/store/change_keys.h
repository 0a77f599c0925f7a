// Change keys: what a public page shows, named so that a write can name the same
// things. Pages list the keys of everything they show (the response cache keeps them
// by these); every write that can change a public page names the keys it makes stale
// inside its transaction (Connection::changed), and the store's change feed
// (store.h, on_change) carries them to the response cache, the purge webhook and other
// processes. One vocabulary, here, for both sides; they are also the Surrogate-Key
// values proxies purge by.
//
//   settings, sections          the site's name and the navigation: every page
//   article:ID, author:ID, section:ID, tag:ID, project:ID, media:NAME
//   group:G                     the translations of a piece (hreflang links)
//   articles:LANG[:author:ID|:section:ID|:tag:ID|:featured]
//                               which pieces a list holds, in what order (a new piece
//                               shifts every page of its archives); LANG is empty for
//                               the archives of every language ("articles::author:3")
//   press, projects, sitemap, redirects, most-read
//   media-file:FILE             a file of the media library kept in the database
//
// Thread-safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/content.h"
#include "store/repositories.h"

namespace qalam::store::change_keys {

inline std::string article(int64_t id) { return "article:" + std::to_string(id); }
inline constexpr std::string_view kAuthor = "author:", kTag = "tag:";
inline std::string author(int64_t id) { return std::string(kAuthor) + std::to_string(id); }
inline std::string section(int64_t id) { return "section:" + std::to_string(id); }
inline std::string tag(int64_t id) { return std::string(kTag) + std::to_string(id); }
inline std::string project(int64_t id) { return "project:" + std::to_string(id); }
// An uploaded image by its name: its alt text, caption, credit and size show on pages.
inline std::string media(std::string_view name) { return "media:" + std::string(name); }
// One of the media library's files kept in the database (MediaFileRepository): nodes
// drop their local copy. No page lists it.
inline std::string media_file(std::string_view file) { return "media-file:" + std::string(file); }
inline std::string group(std::string_view translation_group) { return "group:" + std::string(translation_group); }
inline const std::string settings = "settings";
inline const std::string sections = "sections";
inline const std::string press = "press";
inline const std::string projects = "projects";
inline const std::string sitemap = "sitemap";
inline const std::string redirects = "redirects";
inline const std::string most_read = "most-read";  // the blocks; new counts evict them
inline const std::string everything = "*";  // the feed lost track: every page is stale

// The id a key of one entity names: id_in(author(3), kAuthor) is 3; none for
// another kind of key.
std::optional<int64_t> id_in(std::string_view key, std::string_view prefix);

// The list a filter selects ("articles:en:author:3").
std::string articles(const ArticleFilter& filter);

// Adds what a list of pieces shows: each piece, its featured image, its authors and
// its section.
void add_shown(std::vector<std::string>& keys, const std::vector<Article>& shown);

// What goes stale when a piece changes from `before` to `after` (null: it did not
// exist before, or does not any more). Nothing, while it was and is unpublished.
std::vector<std::string> article_change(const Article* before, const Article* after);

}  // namespace qalam::store::change_keys
