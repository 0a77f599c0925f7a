// /sitemap.xml (an index), /sitemaps/pages.xml, /sitemaps/articles-N.xml (at most
// 10,000 URLs each), /sitemaps/news.xml (the last 48 hours) and /robots.txt.
#include <charconv>

#include "core/language.h"
#include "render/sitemap.h"
#include "store/change_keys.h"
#include "site/links.h"
#include "site/public_site.h"

namespace qalam::site {
namespace {

// Sitemaps change with every published piece, slug and curated record ("sitemap").
http::Response xml(std::string body) {
  http::Response r = http::Response::content(200, "application/xml; charset=utf-8", std::move(body));
  r.cacheable = true;
  r.cache_keys = {store::change_keys::sitemap};
  return r;
}

// The same page in every language, each listing the others as alternates.
template <typename PathOf>
void add_everywhere(std::vector<render::SitemapUrl>& urls, const std::string& base, PathOf path_of, TimePoint lastmod = {}) {
  std::vector<std::pair<std::string, std::string>> alternates;
  for (std::string_view l : site_languages) alternates.emplace_back(std::string(l), base + path_of(l));
  for (std::string_view l : site_languages) urls.push_back({base + path_of(l), lastmod, alternates});
}

}  // namespace

http::Response PublicSite::sitemap_index(const http::Request& request) const {
  auto total = store_.articles().count_all_published();
  if (!total.ok()) return failure(request, total.status());
  int64_t files = std::max<int64_t>(1, (*total + static_cast<int64_t>(render::sitemap_max_urls) - 1) /
                                           static_cast<int64_t>(render::sitemap_max_urls));
  std::vector<render::SitemapUrl> maps{{absolute("/sitemaps/pages.xml"), {}, {}}, {absolute("/sitemaps/news.xml"), {}, {}}};
  for (int64_t i = 1; i <= files; ++i) maps.push_back({absolute("/sitemaps/articles-" + std::to_string(i) + ".xml"), {}, {}});
  return xml(render::sitemap_index_xml(maps));
}

http::Response PublicSite::sitemap_articles(const http::Request& request) const {
  std::string_view file = request.param("file");
  if (!file.starts_with("articles-") || !file.ends_with(".xml")) return not_found(request);
  std::string_view digits = file.substr(9, file.size() - 13);
  int64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || n < 1) return not_found(request);
  auto total = store_.articles().count_all_published();
  if (!total.ok()) return failure(request, total.status());
  const auto per_file = static_cast<int64_t>(render::sitemap_max_urls);
  if (n > std::max<int64_t>(1, (*total + per_file - 1) / per_file)) return not_found(request);
  auto refs = store_.articles().refs((n - 1) * per_file, per_file);
  if (!refs.ok()) return failure(request, refs.status());
  std::vector<render::SitemapUrl> urls;
  urls.reserve(refs->size());
  for (const store::ArticleRef& r : *refs) {
    render::SitemapUrl u{absolute(article_path(r.lang, r.slug)), r.updated_at, {}};
    if (r.translations.size() > 1) {
      for (const auto& [lang, slug] : r.translations) u.alternates.emplace_back(lang, absolute(article_path(lang, slug)));
    }
    urls.push_back(std::move(u));
  }
  return xml(render::sitemap_xml(urls));
}

http::Response PublicSite::sitemap_pages(const http::Request& request) const {
  const std::string& base = options_.base_url;
  std::vector<render::SitemapUrl> urls;
  add_everywhere(urls, base, [](std::string_view l) { return home_path(l); });
  auto sections = store_.sections().all();
  auto authors = store_.authors().all();
  auto tags = store_.tags().all();
  auto projects = store_.projects().all();
  for (const Status* s : {&sections.status(), &authors.status(), &tags.status(), &projects.status()}) {
    if (!s->ok()) return failure(request, *s);
  }
  for (const Section& s : *sections) add_everywhere(urls, base, [&](std::string_view l) { return section_path(l, s.slug); });
  for (const Author& a : *authors) add_everywhere(urls, base, [&](std::string_view l) { return author_path(l, a.slug); });
  for (const Tag& t : *tags) add_everywhere(urls, base, [&](std::string_view l) { return tag_path(l, t.slug); });
  for (const Project& p : *projects) {
    add_everywhere(urls, base, [&](std::string_view l) { return project_path(l, p.slug); }, p.updated_at);
  }
  return xml(render::sitemap_xml(urls));
}

http::Response PublicSite::news_sitemap(const http::Request& request) const {
  store::ArticleFilter filter;
  filter.published_since = clock_.now() - std::chrono::hours(48);
  filter.limit = 1000;
  auto articles = store_.articles().list(filter);
  if (!articles.ok()) return failure(request, articles.status());
  const std::string name = identity().title;
  std::vector<render::NewsUrl> urls;
  for (const Article& a : *articles) {
    if (a.published_at > clock_.now()) continue;
    urls.push_back({absolute(article_path(a.lang, a.slug)), a.title, a.lang, a.published_at});
  }
  // Pieces leave the news sitemap after 48 hours without any change to announce it.
  http::Response r = xml(render::news_sitemap_xml(urls, name));
  r.cache_keys.push_back(store::change_keys::settings);
  r.cache_ttl = std::chrono::minutes(10);
  return r;
}

http::Response PublicSite::robots(const http::Request&) const {
  std::string text = "User-agent: *\nAllow: /\nDisallow: /newsroom/\nDisallow: /preview/\nDisallow: /api/\n";
  // Search results are endless combinations of a query, not content.
  for (std::string_view l : site_languages) text += "Disallow: /" + std::string(l) + "/search\n";
  text += "\nSitemap: " + absolute("/sitemap.xml") + "\n";
  return cacheable(http::Response::content(200, "text/plain; charset=utf-8", std::move(text)), {});
}

}  // namespace qalam::site
