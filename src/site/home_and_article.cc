// The home page of each language and the article page.
#include <boost/json.hpp>
#include <set>

#include "core/link_rule.h"
#include "core/text.h"
#include "core/time_format.h"
#include "render/markdown.h"
#include "store/change_keys.h"
#include "site/links.h"
#include "site/public_site.h"
#include "site/site_try.h"

namespace qalam::site {
namespace json = boost::json;


http::Response PublicSite::home(const http::Request& request) const {
  std::string lang = language_of(request);
  if (lang.empty()) return not_found(request);
  store::ArticleFilter latest_filter;
  latest_filter.lang = lang;
  latest_filter.limit = 10;
  // The editors' picks in any language (this one's version when a piece has it): the
  // seed's English pieces lead every edition.
  store::ArticleFilter featured_filter;
  featured_filter.prefer_lang = lang;
  featured_filter.featured_only = true;
  featured_filter.limit = 4;
  SITE_TRY(press, store_.press_items().list(5, 0));
  SITE_TRY(projects, store_.projects().all());
  SITE_TRY(sections, store_.sections().all());

  // Every list of the page in one read: the latest, the picks, four of each section.
  std::vector<store::ArticleFilter> filters = {latest_filter, featured_filter};
  std::string press_url;
  std::vector<const Section*> listed;
  for (const Section& s : sections) {
    if (s.kind == SectionKind::press_review && press_url.empty()) press_url = section_path(lang, s.slug);
    if (s.kind != SectionKind::articles) continue;
    store::ArticleFilter f = latest_filter;
    f.section_id = s.id;
    f.limit = 4;
    filters.push_back(f);
    listed.push_back(&s);
  }
  SITE_TRY(lists, store_.articles().lists(filters));
  std::vector<Article>& latest = lists[0];
  std::vector<Article>& featured = lists[1];
  std::vector<std::pair<Section, std::vector<Article>>> section_articles;
  for (size_t i = 0; i < listed.size(); ++i) {
    if (!lists[i + 2].empty()) section_articles.emplace_back(*listed[i], std::move(lists[i + 2]));
  }
  // The top of the page: the lead story and three beside it, the editors' picks first,
  // then the latest pieces; the latest list goes on with what the top left out.
  std::vector<Article> top;
  std::set<int64_t> on_top;
  for (const std::vector<Article>* list : {&featured, &latest}) {
    for (const Article& a : *list) {
      if (top.size() < 4 && on_top.insert(a.id).second) top.push_back(a);
    }
  }
  std::vector<Article> more;
  for (const Article& a : latest) {
    if (!on_top.contains(a.id)) more.push_back(a);
  }
  // Bylines, sections and images of everything shown, read once.
  std::vector<Article> shown = top;
  shown.insert(shown.end(), more.begin(), more.end());
  for (const auto& [s, articles] : section_articles) shown.insert(shown.end(), articles.begin(), articles.end());
  SITE_TRY(lookups, lookups_for(shown, std::move(sections)));
  auto items = [&](const std::vector<Article>& list, int level) {
    json::array out;
    for (const Article& a : list) out.push_back(article_item(a, lang, lookups, level));
    return out;
  };
  json::array blocks;
  for (const auto& [s, articles] : section_articles) {
    blocks.push_back(json::object{{"slug", s.slug}, {"name", in_language(s.name, lang)},
                                  {"url", section_path(lang, s.slug)}, {"articles", items(articles, 3)}});
  }
  json::value lead = nullptr;
  if (!top.empty()) lead = article_item(top.front(), lang, lookups, 2);
  std::vector<Article> secondary(top.size() > 1 ? top.begin() + 1 : top.end(), top.end());
  json::array press_views, project_views;
  for (const PressItem& p : press) press_views.push_back(press_view(p, lang, 3));
  for (const Project& p : projects) project_views.push_back(project_item(p, lang, 3));

  Page page;
  // What search results and shares say of the site: its tagline, or the theme's words.
  page.site = identity(lang);
  const Identity& site = *page.site;
  page.description = site.tagline.empty() ? theme_.text(lang, "home_description", {{"site", site.title}}) : site.tagline;
  // What the home page shows: its lists, every piece in them, the press and the projects.
  page.keys = {store::change_keys::articles(latest_filter), store::change_keys::articles(featured_filter), store::change_keys::press,
               store::change_keys::projects};
  store::change_keys::add_shown(page.keys, latest);
  store::change_keys::add_shown(page.keys, featured);
  for (const auto& [s, articles] : section_articles) {
    store::ArticleFilter f = latest_filter;
    f.section_id = s.id;
    page.keys.push_back(store::change_keys::articles(f));
    store::change_keys::add_shown(page.keys, articles);
  }
  for (const Project& p : projects) page.keys.push_back(store::change_keys::project(p.id));
  json::object view{{"lead", std::move(lead)}, {"secondary", items(secondary, 3)}, {"latest", items(more, 3)},
                    {"section_blocks", std::move(blocks)}, {"press", std::move(press_views)},
                    {"press_url", press_url}, {"projects", std::move(project_views)},
                    {"most_read", most_read(lang, 0, page.keys)}};
  page.lang = lang;
  page.template_name = "home";
  page.sections = &lookups.section_list;
  page.path = home_path(lang);
  page.feeds_base = home_path(lang);
  for (std::string_view l : {"az", "en", "ru"}) page.translations[std::string(l)] = home_path(l);
  page.jsonld.push_back(json::object{
      {"@context", "https://schema.org"},
      {"@type", "WebSite"},
      {"url", absolute(home_path(lang))},
      {"inLanguage", lang},
      {"potentialAction",
       json::object{{"@type", "SearchAction"},
                    {"target", json::object{{"@type", "EntryPoint"},
                                            {"urlTemplate", absolute("/" + lang + "/search?q={search_term_string}")}}},
                    {"query-input", "required name=search_term_string"}}}});
  return render(request, page, std::move(view));
}

http::Response PublicSite::article(const http::Request& request) const {
  std::string lang = language_of(request);
  if (lang.empty()) return not_found(request);
  std::string slug(request.param("slug"));
  SITE_TRY(found, store_.articles().page(lang, slug, kRelatedPieces));
  if (!found) return missing(request, store::SlugKind::article, lang, article_path);
  const Article& a = found->article;
  http::Response page = article_page(request, *found, false);
  if (views_ != nullptr) {
    // Every read counts, also when the page is sent from the response cache.
    page.on_sent = [views = views_, id = a.id](const http::Request& r) {
      if (r.method == "GET") views->record(id, r.header("User-Agent"), r.remote_address);
    };
  }
  return page;
}

http::Response PublicSite::preview(const http::Request& request, const Article& a) const {
  store::ArticleRepository::ArticlePage shown{a, {}, {}};
  SITE_TRY(related, store_.articles().related(a, kRelatedPieces));
  SITE_TRY(translation_links, store_.articles().translation_links({a.translation_group}));
  shown.related = std::move(related);
  shown.translations = std::move(translation_links[a.translation_group]);
  return article_page(request, shown, true);
}

http::Response PublicSite::article_page(const http::Request& request, const store::ArticleRepository::ArticlePage& p,
                                        bool preview) const {
  const Article& a = p.article;
  const std::string& lang = a.lang;
  const std::vector<Article>& related = p.related;
  const auto& translations = p.translations;
  SITE_TRY(tags, store_.tags().by_ids(a.tag_ids));
  std::vector<Article> shown = related;
  shown.push_back(a);
  SITE_TRY(lookups, lookups_for(shown));
  std::string image(shown_link(a.image));
  std::vector<std::string> image_keys;
  SITE_TRY(body, body_html(a.body, image_keys));

  json::object article_view{{"title", a.title},
                            {"lead", a.lead},
                            {"body_html", std::move(body)},
                            {"image", image_view(a.image, a.image_alt, lookups)},
                            {"reading_time", theme_.text(lang, "reading_time",
                                                         {{"n", std::to_string(reading_minutes(a.body))}})}};
  // A preview of a piece with no time yet says so (not 1 January 1970).
  if (a.published_at == TimePoint{}) {
    article_view["date"] = theme_.text(lang, "not_scheduled");
  } else {
    article_view["iso"] = rfc3339(a.published_at);
    article_view["date"] = long_date(a.published_at, lang, options_.time_zone);
  }
  if (a.published_at != TimePoint{} && a.updated_at > a.published_at + std::chrono::minutes(1)) {
    article_view["updated"] = long_date(a.updated_at, lang, options_.time_zone);
    article_view["updated_iso"] = rfc3339(a.updated_at);
  }
  json::array tag_views, translation_views, related_views;
  json::array keywords;
  for (const Tag& t : tags) {
    tag_views.push_back(json::object{{"name", in_language(t.name, lang)}, {"url", tag_path(lang, t.slug)}});
    keywords.push_back(json::value(in_language(t.name, lang)));
  }
  Page page;
  page.lang = lang;
  page.template_name = "article";
  page.heading = a.title;
  page.description = a.lead;
  page.path = article_path(lang, a.slug);
  page.og_type = "article";
  if (a.published_at != TimePoint{}) page.published_time = rfc3339(a.published_at);
  if (a.published_at != TimePoint{} && a.updated_at > a.published_at) page.modified_time = rfc3339(a.updated_at);
  page.image = image.empty() ? std::string() : (image.starts_with("/") ? absolute(image) : image);
  for (const auto& [t_lang, t_slug] : translations) {
    page.translations[t_lang] = article_path(t_lang, t_slug);
    if (t_lang != lang) {
      translation_views.push_back(json::object{{"code", t_lang}, {"name", theme_.text(t_lang, "language_name")},
                                               {"url", article_path(t_lang, t_slug)}});
    }
  }
  for (const Article& r : related) related_views.push_back(article_item(r, lang, lookups, 3));
  json::value section_view = nullptr;
  std::vector<std::pair<std::string, std::string>> trail{{theme_.text(lang, "home"), home_path(lang)}};
  if (auto it = lookups.sections.find(a.section_id); it != lookups.sections.end()) {
    std::string name = in_language(it->second->name, lang);
    section_view = json::object{{"name", name}, {"url", section_path(lang, it->second->slug)}};
    trail.emplace_back(name, section_path(lang, it->second->slug));
    page.nav_current = it->second->slug;
  }
  page.sections = &lookups.section_list;
  trail.emplace_back(a.title, page.path);

  json::array people;
  for (int64_t id : a.author_ids) {
    if (auto it = lookups.authors.find(id); it != lookups.authors.end()) {
      people.push_back(json::object{{"@type", "Person"}, {"name", in_language(it->second.name, lang)},
                                    {"url", absolute(author_path(lang, it->second.slug))}});
    }
  }
  page.site = identity(lang);
  const Identity& site = *page.site;
  const std::string logo = site.logo.starts_with("/") ? absolute(site.logo) : site.logo;
  json::object news{{"@context", "https://schema.org"},
                    {"@type", "NewsArticle"},
                    {"headline", a.title},
                    {"description", a.lead},
                    {"inLanguage", lang},
                    {"dateModified", rfc3339(a.updated_at)},
                    {"mainEntityOfPage", absolute(page.path)},
                    {"author", std::move(people)},
                    {"publisher", json::object{{"@type", "Organization"}, {"name", site.title}, {"url", options_.base_url},
                                               {"logo", json::object{{"@type", "ImageObject"}, {"url", logo}}}}},
                    {"keywords", std::move(keywords)}};
  if (a.published_at != TimePoint{}) news["datePublished"] = rfc3339(a.published_at);  // a preview may have none
  // Search engines want an image for every article: its own, else the site's logo.
  news["image"] = json::array{json::value(page.image.empty() ? logo : page.image)};
  if (!section_view.is_null()) news["articleSection"] = section_view.at("name");
  page.jsonld.push_back(std::move(news));
  page.jsonld.push_back(breadcrumbs(trail));

  // Who wrote it, with their photo and a line about them, below the text.
  json::array author_boxes;
  for (int64_t id : a.author_ids) {
    auto it = lookups.authors.find(id);
    if (it == lookups.authors.end()) continue;
    const Author& who = it->second;
    std::string name = in_language(who.name, lang);
    json::object box{{"name", name}, {"url", author_path(lang, who.slug)}, {"bio", in_language(who.bio, lang)}};
    if (!shown_link(who.photo).empty()) box["photo"] = who.photo;
    author_boxes.push_back(std::move(box));
  }
  // Sharing as plain links: no script of a network runs on the page.
  const std::string here = percent_encode(absolute(page.path));
  const std::string headline = percent_encode(a.title);
  json::array share{
      json::object{{"name", "X"}, {"url", "https://x.com/intent/post?url=" + here + "&text=" + headline}},
      json::object{{"name", "Facebook"}, {"url", "https://www.facebook.com/sharer/sharer.php?u=" + here}},
      json::object{{"name", "Telegram"}, {"url", "https://t.me/share/url?url=" + here + "&text=" + headline}},
      json::object{{"name", "WhatsApp"}, {"url", "https://wa.me/?text=" + headline + "%20" + here}},
      json::object{{"name", theme_.text(lang, "share_email")}, {"url", "mailto:?subject=" + headline + "&body=" + here}}};
  json::object view{{"article", std::move(article_view)},
                    {"authors", author_links(a.author_ids, lang, lookups)},
                    {"author_boxes", std::move(author_boxes)},
                    {"share", std::move(share)},
                    {"section", std::move(section_view)},
                    {"tags", std::move(tag_views)},
                    {"translations", std::move(translation_views)},
                    {"related", std::move(related_views)}};
  page.preview = preview;
  page.keys = {store::change_keys::group(a.translation_group)};
  store::change_keys::add_shown(page.keys, shown);
  page.keys.insert(page.keys.end(), image_keys.begin(), image_keys.end());
  for (const Tag& t : tags) page.keys.push_back(store::change_keys::tag(t.id));
  // Related pieces are kept lists whose changes are announced (related_pieces.h): the
  // page is rebuilt when they change, not on a timer.
  return render(request, page, std::move(view));
}

}  // namespace qalam::site
