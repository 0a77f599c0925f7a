#include "site/public_site.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "core/language.h"
#include "core/legacy_path.h"
#include "core/link_rule.h"
#include "http/error_response.h"
#include "store/change_keys.h"
#include "site/links.h"

namespace qalam::site {
namespace json = boost::json;

PublicSite::PublicSite(const Theme& theme, store::Store& store, const Clock& clock, SiteOptions options,
                       ViewCounter* views)
    : theme_(theme), store_(store), clock_(clock), options_(std::move(options)), views_(views),
      markdown_(options_.markdown_memo_bytes) {}

void PublicSite::add_routes(http::Router& router) {
  auto on = [&](const char* pattern, http::Response (PublicSite::*handler)(const http::Request&) const) {
    router.add("GET", pattern, [this, handler](const http::Request& r) { return (this->*handler)(r); });
  };
  auto feeds = [&](const std::string& base, FeedScope scope) {
    router.add("GET", base + "feed.xml", [this, scope](const http::Request& r) { return feed(r, scope, FeedFormat::rss); });
    router.add("GET", base + "atom.xml", [this, scope](const http::Request& r) { return feed(r, scope, FeedFormat::atom); });
    router.add("GET", base + "feed.json", [this, scope](const http::Request& r) { return feed(r, scope, FeedFormat::json); });
  };
  on("/", &PublicSite::root);
  on("/robots.txt", &PublicSite::robots);
  on("/sitemap.xml", &PublicSite::sitemap_index);
  on("/sitemaps/pages.xml", &PublicSite::sitemap_pages);
  on("/sitemaps/news.xml", &PublicSite::news_sitemap);
  on("/sitemaps/{file}", &PublicSite::sitemap_articles);
  on("/{lang}/", &PublicSite::home);
  router.add("GET", "/{lang}", [this](const http::Request& r) {
    return language_of(r).empty() ? not_found(r) : moved(home_path(r.param("lang")));
  });
  feeds("/{lang}/", FeedScope::site);
  on("/{lang}/articles/{slug}", &PublicSite::article);
  on("/{lang}/authors/{slug}", &PublicSite::author);
  on("/{lang}/authors/{slug}/page/{n}", &PublicSite::author);
  feeds("/{lang}/authors/{slug}/", FeedScope::author);
  on("/{lang}/sections/{slug}", &PublicSite::section);
  on("/{lang}/sections/{slug}/page/{n}", &PublicSite::section);
  feeds("/{lang}/sections/{slug}/", FeedScope::section);
  on("/{lang}/tags/{slug}", &PublicSite::tag);
  on("/{lang}/tags/{slug}/page/{n}", &PublicSite::tag);
  feeds("/{lang}/tags/{slug}/", FeedScope::tag);
  on("/{lang}/projects/{slug}", &PublicSite::project);
  on("/{lang}/search", &PublicSite::search);
  router.set_fallback([this](const http::Request& r) { return not_found(r); });
}

std::string PublicSite::language_of(const http::Request& request) const {
  std::string lang(request.param("lang"));
  return is_site_language(lang) ? lang : std::string();
}

http::Response PublicSite::root(const http::Request& request) const {
  // WordPress's "/?p=12" of an imported site.
  if (!request.query.empty()) {
    if (auto old = old_address(request)) return std::move(*old);
  }
  std::string lang(negotiate_language(request.header("Accept-Language"), options_.default_language));
  http::Response r = http::Response::redirect(302, home_path(lang));
  r.set_header("Vary", "Accept-Language");
  r.set_header("Cache-Control", "no-cache");
  return r;
}

PublicSite::Identity PublicSite::identity(std::string_view lang) const {
  Identity id;
  auto settings = store_.settings().all();
  if (!settings.ok()) {
    id.degraded = true;
    return id;
  }
  // The language's own text when there is one, else the site's.
  auto setting = [&](const std::string& key, std::string& into) {
    for (const std::string& name : {key + "." + std::string(lang), key}) {
      if (name == key + "." || name.empty()) continue;
      if (auto it = settings->find(name); it != settings->end() && !it->second.empty()) {
        into = it->second;
        return;
      }
    }
  };
  setting("site.title", id.title);
  setting("site.tagline", id.tagline);
  if (auto it = settings->find("site.logo"); it != settings->end() && !shown_link(it->second).empty()) {
    id.logo = it->second;
  }
  return id;
}

std::string PublicSite::absolute_links(std::string_view html) const {
  std::string out;
  out.reserve(html.size() + 64);
  size_t at = 0;  // copied up to here
  // The renderer writes attributes as name="value": only href="/…" and src="/…" are
  // rewritten. One pass over the values that start with '/'.
  for (size_t p = html.find("=\"/"); p != std::string_view::npos; p = html.find("=\"/", p + 3)) {
    std::string_view before = html.substr(0, p);
    if (!before.ends_with(" href") && !before.ends_with(" src")) continue;
    size_t value = p + 2;  // the leading '/'
    if (html.substr(value, 2) == "//") continue;  // protocol-relative
    out.append(html.substr(at, value - at));
    out += options_.base_url;
    at = value;
  }
  out.append(html.substr(at));
  return out;
}

http::Response PublicSite::moved(std::string location) const {
  http::Response r = http::Response::redirect(301, std::move(location));
  r.set_header("Cache-Control", "public, max-age=3600");
  return cacheable(std::move(r), {store::change_keys::redirects});
}

http::Response PublicSite::cacheable(http::Response r, std::vector<std::string> keys, std::chrono::seconds ttl) {
  r.cacheable = true;
  r.cache_keys = std::move(keys);
  r.cache_ttl = ttl;
  return r;
}

http::Response PublicSite::missing(const http::Request& request, store::SlugKind kind, const std::string& lang,
                                   std::string (*path_of)(std::string_view, std::string_view)) const {
  auto renamed = store_.redirects().resolve(kind, kind == store::SlugKind::article ? lang : "", request.param("slug"));
  if (!renamed.ok()) return failure(request, renamed.status());
  return renamed->has_value() ? moved(path_of(lang, **renamed)) : not_found(request);
}

std::optional<http::Response> PublicSite::old_address(const http::Request& request) const {
  if (request.method != "GET" && request.method != "HEAD") return std::nullopt;
  for (const LegacyLookup& lookup : legacy_lookups(request.path, request.query)) {
    // "/" itself is the root's own; only its feed and pages, or a record's query, are old.
    if (lookup.key == "/" && lookup.suffix == LegacyLookup::Suffix::none) continue;
    auto target = store_.redirects().legacy(lookup.key);
    if (!target.ok()) return failure(request, target.status());
    if (target->has_value()) {
      // An answer found by a query parameter depends on it: the response cache must know.
      if (size_t q = lookup.key.find('?'); q != std::string::npos) {
        (void)request.query_param(lookup.key.substr(q + 1, lookup.key.find('=', q) - q - 1));
      }
      return moved(legacy_destination(**target, lookup));
    }
  }
  return std::nullopt;
}

http::Response PublicSite::not_found(const http::Request& request) const {
  if (auto old = old_address(request)) return std::move(*old);
  return error_page(request, 404, "");
}

http::Response PublicSite::failure(const http::Request& request, const Status& status) const {
  spdlog::error("{} {}: {}", request.method, request.target, status.to_string());
  int code = http::http_status_for(status.code());
  return error_page(request, code >= 500 ? code : 500, "");
}

http::Response PublicSite::error_page(const http::Request& request, int status, std::string_view detail) const {
  if (request.wants_json()) return http::error_response(status, detail, true);
  // The language of the address when it names one, else the reader's preference.
  std::string_view path = request.path;
  std::string lang;
  if (path.size() >= 3 && path[0] == '/' && (path.size() == 3 || path[3] == '/')) lang = std::string(path.substr(1, 2));
  if (!is_site_language(lang)) lang = negotiate_language(request.header("Accept-Language"), options_.default_language);
  Page page;
  page.lang = lang;
  page.status = status;
  bool missing = status == 404;
  page.heading = theme_.text(lang, missing ? "not_found_title" : status == 400 ? "bad_request_title" : "error_title");
  std::string text = missing ? theme_.text(lang, "not_found_text") : std::string(detail);
  json::object view{{"error", json::object{{"status", status}, {"title", page.heading}, {"detail", text}}}};
  page.template_name = "error";
  http::Response r = render(request, page, std::move(view));
  r.set_header("Cache-Control", "no-store");
  return r;
}

http::Response PublicSite::render(const http::Request& request, const Page& page, json::object view) const {
  const std::string& lang = page.lang;
  const Identity site = page.site ? *page.site : identity(lang);
  const std::string& site_title = site.title;
  const std::string& tagline = site.tagline;
  view["lang"] = lang;
  if (page.preview) view["preview"] = true;
  if (page.preview || page.noindex) view["noindex"] = true;
  view["home_url"] = home_path(lang);
  view["site"] = json::object{{"title", site_title}, {"tagline", tagline}, {"url", options_.base_url}, {"logo", site.logo}};
  // A page without an image of its own is shared with the site's logo.
  const std::string image = !page.image.empty() ? page.image : site.logo.starts_with("/") ? absolute(site.logo) : site.logo;
  static const std::map<std::string, std::string> og_locale{{"az", "az_AZ"}, {"en", "en_US"}, {"ru", "ru_RU"}};
  view["page"] = json::object{
      {"title", page.heading.empty() || page.heading == site_title ? site_title : page.heading + " · " + site_title},
      {"heading", page.heading.empty() ? site_title : page.heading},
      {"description", page.description},
      {"canonical", page.path.empty() ? std::string() : absolute(page.path)},
      {"og_type", page.og_type},
      {"published_time", page.published_time},
      {"modified_time", page.modified_time},
      {"og_locale", og_locale.at(lang)},
      {"image", image},
      {"image_is_own", !page.image.empty()}};

  json::array languages, alternates;
  for (std::string_view l : site_languages) {
    auto it = page.translations.find(std::string(l));
    bool has = it != page.translations.end();
    languages.push_back(json::object{{"code", l},
                                     {"name", theme_.text(l, "language_name")},
                                     {"url", has ? it->second : home_path(l)},
                                     {"current", l == lang}});
    if (has) alternates.push_back(json::object{{"hreflang", l}, {"url", absolute(it->second)}});
  }
  if (page.template_name == "home") alternates.push_back(json::object{{"hreflang", "x-default"}, {"url", absolute("/")}});
  view["languages"] = std::move(languages);
  if (page.status == 200) view["alternates"] = std::move(alternates);

  if (!page.feeds_base.empty()) {
    // Feed readers show these titles: the list and the site it belongs to.
    std::string feed_title = page.heading.empty() || page.heading == site_title ? site_title
                                                                               : page.heading + " · " + site_title;
    view["feeds"] = json::array{
        json::object{{"type", "application/rss+xml"}, {"title", feed_title + " (RSS)"}, {"label", "RSS"},
                     {"url", absolute(feed_path(page.feeds_base, "feed.xml"))}},
        json::object{{"type", "application/atom+xml"}, {"title", feed_title + " (Atom)"}, {"label", "Atom"},
                     {"url", absolute(feed_path(page.feeds_base, "atom.xml"))}},
        json::object{{"type", "application/feed+json"}, {"title", feed_title + " (JSON Feed)"},
                     {"label", "JSON Feed"}, {"url", absolute(feed_path(page.feeds_base, "feed.json"))}}};
  }

  json::array nav;
  Result<std::vector<Section>> read_sections = page.sections ? Result<std::vector<Section>>(std::vector<Section>{})
                                                             : store_.sections().all();
  const std::vector<Section>* sections = page.sections ? page.sections : read_sections.ok() ? &*read_sections : nullptr;
  if (sections != nullptr) {
    for (const Section& s : *sections) {
      nav.push_back(json::object{{"name", in_language(s.name, lang)},
                                 {"url", section_path(lang, s.slug)},
                                 {"current", s.slug == page.nav_current}});
    }
  }
  view["nav"] = std::move(nav);
  view["is_home"] = page.template_name == "home";

  json::array scripts;
  for (const json::value& doc : page.jsonld) {
    // Inside <script>, "<" could end the element early: JSON allows it escaped.
    std::string text = json::serialize(doc);
    std::string safe;
    safe.reserve(text.size());
    for (char c : text) {
      if (c == '<') {
        safe += "\\u003c";
      } else {
        safe += c;
      }
    }
    scripts.push_back(json::value(safe));
  }
  view["jsonld"] = std::move(scripts);

  std::string body;
  // The view moved into a value (an object passed where a value is asked for is a copy
  // of the whole page), the interface strings ({{t.key}}) read from the theme's context
  // of the language, not copied either.
  const json::value data(std::move(view));
  Status s = theme_.templates.render_to(page.template_name, data, body, &theme_.page_context(lang));
  if (!s.ok()) {
    spdlog::error("rendering {} for {} failed: {}", page.template_name, request.target, s.to_string());
    return http::error_response(500, "", request);
  }
  // Degraded (the settings or the navigation could not be read): a page with stand-ins
  // is no page to keep or to call a success. An error page already is one.
  bool degraded = site.degraded || (page.sections == nullptr && !read_sections.ok());
  if (degraded && page.status < 400) {
    spdlog::error("{} {}: rendered without its settings or sections: answered 503", request.method, request.target);
    http::Response r = error_page(request, 503, "");
    r.set_header("Retry-After", "5");
    return r;
  }
  http::Response r = http::Response::content(page.status, "text/html; charset=utf-8", std::move(body));
  r.set_header("Content-Language", lang);
  if (page.status == 200 && !page.preview && page.cacheable) {
    std::vector<std::string> keys = page.keys;
    keys.push_back(store::change_keys::settings);
    keys.push_back(store::change_keys::sections);
    r = cacheable(std::move(r), std::move(keys), page.ttl);
  }
  return r;
}

}  // namespace qalam::site
