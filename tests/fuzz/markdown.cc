// Fuzz target: Markdown to HTML (cmark-gfm, unsafe HTML left out), its images made
// responsive, and Markdown read as plain text. No output may carry a construct that
// runs script: a <script> or <iframe> element, an on…= attribute, a javascript: or
// vbscript: link.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "render/markdown.h"
#include "render/responsive_images.h"

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// A tag the renderer wrote (not text: that is escaped) with a dangerous name or attribute.
bool runs_script(const std::string& html) {
  std::string h = lower(html);
  for (const char* bad : {"<script", "<iframe", "<object", "<embed", "href=\"javascript:", "src=\"javascript:",
                          "href=\"vbscript:", "src=\"vbscript:", "href=\"data:text/html"}) {
    if (h.find(bad) != std::string::npos) return true;
  }
  // An attribute named on… inside a tag.
  bool in_tag = false, in_value = false;
  for (size_t i = 0; i < h.size(); ++i) {
    char c = h[i];
    if (!in_tag) {
      in_tag = c == '<';
      continue;
    }
    if (in_value) {
      in_value = c != '"';
      continue;
    }
    if (c == '"') in_value = true;
    if (c == '>') in_tag = false;
    if (c == ' ' && h.compare(i + 1, 2, "on") == 0) {
      size_t j = i + 3;
      while (j < h.size() && std::isalpha(static_cast<unsigned char>(h[j]))) ++j;
      if (j < h.size() && h[j] == '=') return true;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace qalam::render;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string html = markdown_to_html(text);
  if (runs_script(html)) std::abort();
  auto known = [](std::string_view src) -> std::optional<ImageDetails> {
    if (!src.starts_with("/media/")) return std::nullopt;
    return ImageDetails{"/media/x-480.webp 480w", 1200, 675, "caption <b>", "credit \" onload="};
  };
  (void)image_sources(html);
  std::string responsive = responsive_images(html, known, "100vw");
  if (runs_script(responsive)) std::abort();
  (void)markdown_to_plain(text);
  return 0;
}
