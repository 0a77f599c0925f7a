// Fuzz target: a Ghost post's stored content, as Lexical and as Mobiledoc JSON
// (ingest/ghost_content.h), rendered to HTML, converted to Markdown as the importer
// does and rendered as a body: no page may carry a construct that runs script.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ingest/ghost_content.h"
#include "ingest/wordpress_content.h"
#include "render/markdown.h"
#include "script_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  qalam::ingest::ContentLinks links;
  links.rewrite = [](std::string_view url) { return std::string(url); };
  for (auto html : {qalam::ingest::lexical_to_html(text), qalam::ingest::mobiledoc_to_html(text)}) {
    if (!html) continue;
    auto converted = qalam::ingest::wordpress_to_markdown(html->html, links);
    if (fuzz_checks::runs_script(qalam::render::markdown_to_html(converted.markdown))) std::abort();
  }
  return 0;
}
