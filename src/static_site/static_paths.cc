#include "static_site/static_paths.h"

namespace qalam::static_site {

std::string file_for_path(std::string_view path) {
  if (path.empty() || path.front() != '/' || path.find('?') != std::string_view::npos ||
      path.find('#') != std::string_view::npos || path.find("//") != std::string_view::npos) {
    return {};
  }
  // No segment may climb out of the export ("..") or hide (".x").
  for (size_t at = 0; at < path.size();) {
    size_t next = path.find('/', at + 1);
    std::string_view segment = path.substr(at + 1, next == std::string_view::npos ? std::string_view::npos : next - at - 1);
    if (segment.starts_with('.')) return {};
    if (next == std::string_view::npos) break;
    at = next;
  }
  std::string file(path.substr(1));
  if (file.empty() || file.ends_with('/')) return file + "index.html";
  std::string_view last = std::string_view(file).substr(file.rfind('/') + 1);
  if (last.find('.') != std::string_view::npos) return file;  // feed.xml, robots.txt, sitemaps
  return file + ".html";
}

bool is_compressible(std::string_view file) {
  for (std::string_view ext : {".html", ".xml", ".json", ".txt", ".css", ".js", ".svg"}) {
    if (file.ends_with(ext)) return true;
  }
  return false;
}

namespace {

// The value of an attribute or element starting at `at`, up to `end`.
std::string_view value_at(std::string_view body, size_t at, char end) {
  size_t stop = body.find(end, at);
  if (stop == std::string_view::npos) return {};
  return body.substr(at, stop - at);
}

void keep(std::string_view link, std::string_view base_url, std::vector<std::string>& out) {
  if (!base_url.empty() && link.starts_with(base_url)) {
    link.remove_prefix(base_url.size());
    if (link.empty()) link = "/";
  }
  if (!link.starts_with('/') || link.starts_with("//")) return;
  if (size_t hash = link.find('#'); hash != std::string_view::npos) link = link.substr(0, hash);
  if (link.find('?') != std::string_view::npos || link.find("&amp;") != std::string_view::npos) return;
  out.emplace_back(link);
}

}  // namespace

std::vector<std::string> internal_links(std::string_view body, std::string_view base_url) {
  std::vector<std::string> out;
  for (std::string_view open : {" href=\"", " src=\"", "<loc>", "<link>", "\"url\":\""}) {
    char close = open.back() == '>' ? '<' : '"';
    for (size_t at = body.find(open); at != std::string_view::npos; at = body.find(open, at + 1)) {
      keep(value_at(body, at + open.size(), close), base_url, out);
    }
  }
  return out;
}

}  // namespace qalam::static_site
