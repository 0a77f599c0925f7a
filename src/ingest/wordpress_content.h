// A WordPress post's content (classic HTML with wpautop paragraphs, or Gutenberg
// blocks) turned into the Markdown an article's body is written in, so an editor can
// go on editing it in the newsroom.
//
//   1. Shortcodes: [caption] becomes a figure (the image, then its caption), [embed]
//      and bare [audio]/[video] a link, [gallery] the gallery's images; any other
//      shortcode stays visible as text and is counted in `unknown_shortcodes`.
//   2. Classic content gets WordPress's own paragraphs (blank lines separate them,
//      single newlines break lines); Gutenberg's block comments are dropped, their
//      HTML kept.
//   3. The HTML is parsed by libxml2's HTML parser (as forgiving as a browser) and
//      written as Markdown: headings, paragraphs, emphasis, links, images, lists,
//      quotes, code, rules and tables. What Markdown has no place for (scripts,
//      styles, forms, frames) is left out and counted in `dropped`, an iframe, video
//      or audio becoming a link to its source.
//
// Every link and image address goes through `Links::rewrite` (the importer points old
// addresses of the site at their new ones) and then the link rule (core/link_rule.h):
// what it refuses is dropped, the link's text kept.
//
// Thread-safety: stateless; any thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace qalam::ingest {

struct ContentImage {
  std::string src;  // after rewriting
  std::string alt;
  std::string caption;
};

struct ContentLinks {
  // The address to write for an address of the content (relative ones included).
  std::function<std::string(std::string_view url)> rewrite;
  // A [gallery]'s images: the attachments named by id, or those of the post when
  // `ids` is empty.
  std::function<std::vector<ContentImage>(const std::vector<int64_t>& ids)> gallery;
};

struct ConvertedContent {
  std::string markdown;
  std::map<std::string, size_t> unknown_shortcodes;  // name → times
  std::map<std::string, size_t> dropped;             // element → times ("script", "form")
};

ConvertedContent wordpress_to_markdown(std::string_view content, const ContentLinks& links);

// The text of an HTML fragment (an excerpt, a caption): tags gone, entities decoded,
// whitespace collapsed.
std::string html_to_text(std::string_view html);

}  // namespace qalam::ingest
