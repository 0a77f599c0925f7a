// Markdown to HTML through cmark-gfm with the tables, autolinks and strikethrough
// extensions. Raw HTML in the source is not rendered (it becomes a comment) and unsafe
// link targets (javascript:, vbscript:, file:, data: other than images) are dropped.
//
// Thread-safety: any thread.
#pragma once

#include <string>
#include <string_view>

namespace qalam::render {

std::string markdown_to_html(std::string_view markdown);

// Markdown read as plain text, for snippets that show a piece of a text: images
// become their alt text and links their text; emphasis, code ticks, and heading,
// quote and list marks at the start of a line go. Works on fragments (a snippet may
// begin inside a link) and keeps every other character, highlight marks included.
std::string markdown_to_plain(std::string_view markdown);

}  // namespace qalam::render
