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

}  // namespace qalam::render
