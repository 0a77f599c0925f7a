// The public URLs of DESIGN.md, in one place. Paths ("/en/articles/slug") for links
// inside pages; absolute URLs (base + path) for canonical links, feeds and sitemaps.
#pragma once

#include <string>
#include <string_view>

#include "core/link_rule.h"

namespace qalam::site {

inline std::string home_path(std::string_view lang) { return "/" + std::string(lang) + "/"; }
inline std::string article_path(std::string_view lang, std::string_view slug) {
  return "/" + std::string(lang) + "/articles/" + std::string(slug);
}
inline std::string author_path(std::string_view lang, std::string_view slug) {
  return "/" + std::string(lang) + "/authors/" + std::string(slug);
}
inline std::string section_path(std::string_view lang, std::string_view slug) {
  return "/" + std::string(lang) + "/sections/" + std::string(slug);
}
inline std::string tag_path(std::string_view lang, std::string_view slug) {
  return "/" + std::string(lang) + "/tags/" + std::string(slug);
}
inline std::string project_path(std::string_view lang, std::string_view slug) {
  return "/" + std::string(lang) + "/projects/" + std::string(slug);
}
// The feeds of a list page: base is the list's path ("/en/" or "/en/tags/x").
inline std::string feed_path(std::string_view list_path, std::string_view file) {
  std::string p(list_path);
  if (!p.ends_with('/')) p += '/';
  return p + std::string(file);
}
// Page N of a paginated list; page 1 is the list itself. Archives number their pages
// in the path ("/en/tags/x/page/2"): a static copy of the site (qalam export-static)
// has the same addresses as the server. A list whose path carries a query of its own
// ("/en/search?q=x") numbers them in the query, like query_page_path.
inline std::string query_page_path(std::string_view list_path, int page) {
  if (page <= 1) return std::string(list_path);
  const char* separator = list_path.find('?') == std::string_view::npos ? "?page=" : "&page=";
  return std::string(list_path) + separator + std::to_string(page);
}
inline std::string page_path(std::string_view list_path, int page) {
  if (page <= 1 || list_path.find('?') != std::string_view::npos) return query_page_path(list_path, page);
  return std::string(list_path) + "/page/" + std::to_string(page);
}

// Uploaded images: the original ("/media/NAME.png") and its WebP variants.
inline std::string media_path(std::string_view name, std::string_view extension) {
  return "/media/" + std::string(name) + "." + std::string(extension);
}
inline std::string media_variant_path(std::string_view name, int width) {
  return "/media/" + std::string(name) + "-" + std::to_string(width) + ".webp";
}
// media_name (the name of an uploaded image from its path) is in core/link_rule.h.
using qalam::media_name;

}  // namespace qalam::site
