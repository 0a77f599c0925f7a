// A Ghost post's stored content — Lexical (Ghost 5 and 6) or Mobiledoc (Ghost 1 to 4),
// both JSON documents — rendered as the HTML Ghost itself would publish, so the
// WordPress importer's HTML-to-Markdown conversion (wordpress_content.h) can take it
// from there. Cards Markdown has a place for become their HTML (images with captions,
// galleries, code, embeds as links, bookmarks, Markdown and HTML cards); cards for
// members, newsletters and buttons are left out and counted.
//
// Thread-safety: stateless; any thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace qalam::ingest {

struct GhostHtml {
  std::string html;
  std::map<std::string, size_t> dropped_cards;  // card name → times
};

// nullopt when `json` is not a Lexical document.
std::optional<GhostHtml> lexical_to_html(std::string_view json);
// nullopt when `json` is not a Mobiledoc document.
std::optional<GhostHtml> mobiledoc_to_html(std::string_view json);

}  // namespace qalam::ingest
