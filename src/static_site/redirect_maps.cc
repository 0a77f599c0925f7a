#include "static_site/redirect_maps.h"

#include "core/language.h"
#include "site/links.h"

namespace qalam::static_site {

std::vector<std::pair<std::string, std::string>> redirect_pairs(const std::vector<store::SlugRedirect>& redirects) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const store::SlugRedirect& r : redirects) {
    using K = store::SlugKind;
    std::string (*path_of)(std::string_view, std::string_view) =
        r.kind == K::article  ? site::article_path
        : r.kind == K::author ? site::author_path
        : r.kind == K::section ? site::section_path
        : r.kind == K::tag     ? site::tag_path
                               : site::project_path;
    if (r.kind == K::article) {
      out.emplace_back(path_of(r.lang, r.old_slug), path_of(r.lang, r.current_slug));
      continue;
    }
    for (std::string_view lang : site_languages) out.emplace_back(path_of(lang, r.old_slug), path_of(lang, r.current_slug));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> legacy_redirect_pairs(
    const std::vector<std::pair<std::string, std::string>>& legacy) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, target] : legacy) {
    if (key == "/" || key.find('?') != std::string::npos) continue;
    out.emplace_back(key, target);
    out.emplace_back(key + "/", target);
  }
  return out;
}

namespace {

// Slugs are [a-z0-9-]; anything else would break the file's syntax and is left out.
bool plain(std::string_view path) {
  for (char c : path) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '-' || c == '_' || c == '.')) return false;
  }
  return !path.empty();
}

}  // namespace

std::string nginx_redirect_map(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out = "# qalam export-static: old addresses of renamed records. Include inside\n"
                    "#   map $uri $qalam_redirect { default \"\"; include /path/to/OUT/nginx-redirects.map; }\n"
                    "# and answer: if ($qalam_redirect) { return 301 $qalam_redirect; }\n";
  for (const auto& [from, to] : pairs) {
    if (plain(from) && plain(to)) out += "\"" + from + "\" \"" + to + "\";\n";
  }
  return out;
}

std::string redirects_file(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out;
  for (const auto& [from, to] : pairs) {
    if (plain(from) && plain(to)) out += from + " " + to + " 301\n";
  }
  return out;
}

}  // namespace qalam::static_site
