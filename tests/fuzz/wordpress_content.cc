// Fuzz target: a WordPress post's content (shortcodes, wpautop, HTML) turned into
// Markdown (ingest/wordpress_content.h), then rendered as the site renders a body. The
// page must carry no construct that runs script, whatever the post held.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "ingest/wordpress_content.h"
#include "render/markdown.h"
#include "script_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  qalam::ingest::ContentLinks links;
  links.rewrite = [](std::string_view url) { return std::string(url); };
  links.gallery = [](const std::vector<int64_t>& ids) {
    std::vector<qalam::ingest::ContentImage> images;
    for (int64_t id : ids) images.push_back({"/media/g" + std::to_string(id % 100) + ".jpg", "alt \" onerror=x", ""});
    return images;
  };
  auto converted = qalam::ingest::wordpress_to_markdown(text, links);
  if (fuzz_checks::runs_script(qalam::render::markdown_to_html(converted.markdown))) std::abort();
  (void)qalam::ingest::html_to_text(text);
  return 0;
}
