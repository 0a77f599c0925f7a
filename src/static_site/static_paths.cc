#include "static_site/static_paths.h"

#include <cstring>

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

void keep(std::string_view link, std::string_view base_url, std::vector<std::string_view>& out) {
  if (!base_url.empty() && link.starts_with(base_url)) {
    link.remove_prefix(base_url.size());
    if (link.empty()) link = "/";
  }
  if (!link.starts_with('/') || link.starts_with("//")) return;
  if (size_t hash = link.find('#'); hash != std::string_view::npos) link = link.substr(0, hash);
  if (link.find('?') != std::string_view::npos || link.find("&amp;") != std::string_view::npos) return;
  out.push_back(link);
}

// Whether body[at - before.size(), at) is `before`.
bool preceded_by(std::string_view body, size_t at, std::string_view before) {
  return at >= before.size() && body.substr(at - before.size(), before.size()) == before;
}

// Calls `at(i)` for every position of `c` in `body`, found by memchr (vectorised: the
// bytes between two stops cost next to nothing).
template <typename At>
void each_position(std::string_view body, char c, At at) {
  const char* begin = body.data();
  const char* end = begin + body.size();
  for (const char* p = begin; p < end; ++p) {
    p = static_cast<const char*>(std::memchr(p, c, static_cast<size_t>(end - p)));
    if (p == nullptr) return;
    at(static_cast<size_t>(p - begin));
  }
}

}  // namespace

std::vector<std::string_view> internal_links(std::string_view body, std::string_view base_url) {
  // A pass for each byte an opening turns on ('=' of href=" and src=", '<' of <loc> and
  // <link>, ':' of "url":"): a search for the whole openings stopped at every space of
  // the page, and with a copy of every link made the crawl a fifth of an export's time.
  std::vector<std::string_view> out;
  const size_t n = body.size();
  each_position(body, '=', [&](size_t i) {
    if (i + 1 < n && body[i + 1] == '"' && (preceded_by(body, i, " href") || preceded_by(body, i, " src"))) {
      keep(value_at(body, i + 2, '"'), base_url, out);
    }
  });
  each_position(body, '<', [&](size_t i) {
    if (body.substr(i + 1, 4) == "loc>") keep(value_at(body, i + 5, '<'), base_url, out);
    if (body.substr(i + 1, 5) == "link>") keep(value_at(body, i + 6, '<'), base_url, out);
  });
  each_position(body, ':', [&](size_t i) {
    if (i + 1 < n && body[i + 1] == '"' && preceded_by(body, i, "\"url\"")) keep(value_at(body, i + 2, '"'), base_url, out);
  });
  return out;
}

}  // namespace qalam::static_site
