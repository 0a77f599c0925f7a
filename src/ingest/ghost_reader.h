// A Ghost export (Settings → Migration → Export; the JSON of Ghost 4, 5 and 6, with or
// without its {"db": […]} wrapper) read as the WordPress importer's records, so both
// imports share one mapping, one writer and one report (wordpress_import.h):
//
//   users                → authors (login: the Ghost slug), posts_authors → the byline order
//   tags                 → tags; a post's primary tag (its first public tag) is also
//                          its category, so it becomes the section
//   internal tags (#…)   → left out
//   posts                → items of type post or page, Lexical or Mobiledoc content
//                          rendered to HTML (ghost_content.h), else Ghost's own html
//   published / draft / scheduled → publish / draft / future; a newsletter-only post
//                          (sent) and members-only or paid posts → private (a draft)
//   featured             → sticky; custom_excerpt → excerpt; meta_description → SEO description
//   feature_image        → an attachment (alt and caption from posts_meta)
//   "__GHOST_URL__"      → the site's root ("/content/images/…")
//   addresses            → /{slug}/ (Ghost's default), /tag/{slug}/, /author/{slug}/
//
// The whole file is parsed at once (Ghost's exports hold no media and stay small).
//
// Thread-safety: stateless function.
#pragma once

#include <filesystem>
#include <string>

#include "core/status.h"
#include "ingest/wxr_reader.h"

namespace qalam::ingest {

// Errors: "FILE:LINE: not valid JSON (…)", "FILE: not a Ghost export (…)".
Result<WxrReadStats> read_ghost(const std::filesystem::path& file, const std::string& origin, WxrVisitor& visitor);

}  // namespace qalam::ingest
