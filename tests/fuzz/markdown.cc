// Fuzz target: Markdown to HTML (cmark-gfm, unsafe HTML left out), its images made
// responsive, and Markdown read as plain text. No output may carry a construct that
// runs script: a <script> or <iframe> element, an on…= attribute, a javascript: or
// vbscript: link.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "render/markdown.h"
#include "render/responsive_images.h"
#include "script_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace qalam::render;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string html = markdown_to_html(text);
  if (fuzz_checks::runs_script(html)) std::abort();
  auto known = [](std::string_view src) -> std::optional<ImageDetails> {
    if (!src.starts_with("/media/")) return std::nullopt;
    return ImageDetails{"/media/x-480.webp 480w", 1200, 675, "caption <b>", "credit \" onload="};
  };
  (void)image_sources(html);
  std::string responsive = responsive_images(html, known, "100vw");
  if (fuzz_checks::runs_script(responsive)) std::abort();
  (void)markdown_to_plain(text);
  return 0;
}
