// Author, section and tag archives, paginated. A press-review section lists Foreign
// press items; a projects section lists the projects.
#include <boost/json.hpp>

#include "core/link_rule.h"
#include "core/time_format.h"
#include "store/change_keys.h"
#include "site/links.h"
#include "site/public_site.h"
#include "site/site_try.h"

namespace qalam::site {
namespace json = boost::json;


namespace {

int page_count(int64_t total, int page_size) {
  return std::max<int>(1, static_cast<int>((total + page_size - 1) / page_size));
}

}  // namespace

void PublicSite::continue_archive(const std::string& list_key, int page, store::ArticleFilter& filter) const {
  if (!options_.static_copy || page < 2) return;
  std::lock_guard lock(archive_ends_mutex_);
  auto it = archive_ends_.find(list_key + "|" + std::to_string(page - 1));
  if (it == archive_ends_.end()) return;
  filter.after = it->second;
  filter.offset = 0;
  archive_ends_.erase(it);  // each page is continued once
}

void PublicSite::remember_archive_end(const std::string& list_key, int page, const std::vector<Article>& shown) const {
  if (!options_.static_copy || shown.empty()) return;
  std::lock_guard lock(archive_ends_mutex_);
  archive_ends_[list_key + "|" + std::to_string(page)] = {shown.back().published_at, shown.back().id};
}

Result<json::object> PublicSite::beside_archive(const std::string& lang, const std::vector<Section>& sections,
                                                std::vector<std::string>& keys) const {
  constexpr int press_shown = 2;
  auto press = store_.press_items().list(press_shown, 0);
  if (!press.ok()) return press.status();
  auto projects = store_.projects().all();
  if (!projects.ok()) return projects.status();
  json::object out;
  const Project* current = nullptr;
  for (const Project& p : *projects) {
    if (p.is_new) {
      current = &p;
      break;
    }
  }
  if (!current && !projects->empty()) current = &projects->front();
  if (current) {
    out["project"] = project_item(*current, lang, 3);
    keys.push_back(store::change_keys::project(current->id));
  }
  keys.push_back(store::change_keys::projects);
  json::array press_views;
  for (const PressItem& p : *press) press_views.push_back(press_view(p, lang, 3));
  out["press"] = std::move(press_views);
  keys.push_back(store::change_keys::press);
  for (const Section& s : sections) {
    if (s.kind == SectionKind::press_review) {
      out["press_url"] = section_path(lang, s.slug);
      break;
    }
  }
  return out;
}

http::Response PublicSite::author(const http::Request& request) const {
  std::string lang = language_of(request);
  if (lang.empty()) return not_found(request);
  std::string slug(request.param("slug"));
  SITE_TRY(found, store_.authors().by_slug(slug));
  if (!found) return missing(request, store::SlugKind::author, lang, author_path);
  const Author& person = *found;
  auto page_no = page_number(request);
  if (!page_no) return not_found(request);
  if (auto m = archive_page_moved(request, author_path(lang, person.slug), *page_no)) return *m;
  store::ArticleFilter filter;  // every language, one piece per translation (public_site.h)
  filter.prefer_lang = lang;
  filter.author_id = person.id;
  SITE_TRY(total, store_.articles().count(filter));
  int pages = page_count(total, options_.page_size);
  if (*page_no > pages) return not_found(request);
  filter.limit = options_.page_size;
  filter.offset = (*page_no - 1) * options_.page_size;
  const std::string list_key = store::change_keys::articles(filter) + "|" + lang;
  continue_archive(list_key, *page_no, filter);
  SITE_TRY(articles, store_.articles().list(filter));
  remember_archive_end(list_key, *page_no, articles);

  // Sections once (the navigation and the press link), and the pieces' images.
  SITE_TRY(lookups, lookups_for(articles));
  const std::string list_path = author_path(lang, person.slug);
  const std::string name = in_language(person.name, lang);
  json::array items, same_as, social;
  for (const Article& a : articles) {
    json::object item{{"url", article_path(a.lang, a.slug)}, {"title", a.title}, {"lead", a.lead},
                      {"iso", rfc3339(a.published_at)}, {"time", numeric_datetime(a.published_at, options_.time_zone)},
                      {"image", image_view(a.image, a.image_alt, lookups)}};
    mark_language(item, a, lang);
    items.push_back(std::move(item));
  }
  for (const SocialLink& l : person.social) {
    if (shown_link(l.url).empty()) continue;
    social.push_back(json::object{{"url", l.url}, {"label", social_label(l.network, l.handle)}});
    same_as.push_back(json::value(l.url));
  }
  Page page;
  page.lang = lang;
  page.template_name = "author";
  page.heading = name;
  page.description = in_language(person.bio, lang);
  page.path = page_path(list_path, *page_no);
  page.og_type = "profile";
  page.feeds_base = list_path;
  for (std::string_view l : {"az", "en", "ru"}) page.translations[std::string(l)] = page_path(author_path(l, person.slug), *page_no);
  json::object person_ld{{"@type", "Person"}, {"name", name}, {"url", absolute(list_path)}};
  if (!page.description.empty()) person_ld["description"] = page.description;
  std::string photo(shown_link(person.photo));
  if (!photo.empty()) person_ld["image"] = photo.starts_with("/") ? absolute(photo) : photo;
  if (!same_as.empty()) person_ld["sameAs"] = same_as;
  page.jsonld.push_back(json::object{{"@context", "https://schema.org"}, {"@type", "ProfilePage"},
                                     {"url", absolute(page.path)}, {"mainEntity", std::move(person_ld)}});
  page.jsonld.push_back(breadcrumbs({{theme_.text(lang, "home"), home_path(lang)}, {name, list_path}}));

  json::object view{{"author", json::object{{"name", name},
                                            {"bio", page.description},
                                            {"photo", photo},
                                            {"photo_alt", theme_.text(lang, "author_photo", {{"name", name}})},
                                            {"social", std::move(social)}}},
                    {"articles", std::move(items)},
                    {"pagination", pagination(lang, list_path, *page_no, pages)}};
  page.keys = {store::change_keys::author(person.id), store::change_keys::articles(filter)};
  store::change_keys::add_shown(page.keys, articles);
  page.sections = &lookups.section_list;
  SITE_TRY(beside, beside_archive(lang, lookups.section_list, page.keys));
  view["beside"] = std::move(beside);
  return render(request, page, std::move(view));
}

http::Response PublicSite::section(const http::Request& request) const {
  std::string lang = language_of(request);
  if (lang.empty()) return not_found(request);
  std::string slug(request.param("slug"));
  SITE_TRY(found, store_.sections().by_slug(slug));
  if (!found) return missing(request, store::SlugKind::section, lang, section_path);
  const Section& s = *found;
  auto page_no = page_number(request);
  if (!page_no) return not_found(request);
  const std::string list_path = section_path(lang, s.slug);
  if (auto m = archive_page_moved(request, list_path, *page_no)) return *m;
  const std::string name = in_language(s.name, lang);

  Page page;
  page.lang = lang;
  page.heading = name;
  page.path = page_path(list_path, *page_no);
  page.nav_current = s.slug;
  page.feeds_base = list_path;
  for (std::string_view l : {"az", "en", "ru"}) page.translations[std::string(l)] = page_path(section_path(l, s.slug), *page_no);
  page.jsonld.push_back(breadcrumbs({{theme_.text(lang, "home"), home_path(lang)}, {name, list_path}}));
  json::object view{{"archive", json::object{{"name", name}, {"slug", s.slug}, {"kind", theme_.text(lang, "section")}}}};
  page.keys = {store::change_keys::section(s.id)};

  if (s.kind == SectionKind::projects) {
    if (*page_no != 1) return not_found(request);
    SITE_TRY(projects, store_.projects().all());
    json::array items;
    for (const Project& p : projects) {
      items.push_back(project_item(p, lang, 2));
      page.keys.push_back(store::change_keys::project(p.id));
    }
    page.keys.push_back(store::change_keys::projects);
    view["projects"] = std::move(items);
    page.template_name = "projects";
    page.feeds_base.clear();
    return render(request, page, std::move(view));
  }

  int64_t total = 0;
  if (s.kind == SectionKind::press_review) {
    SITE_TRY(count, store_.press_items().count());
    total = count;
  } else {
    store::ArticleFilter filter;  // every language, one piece per translation
    filter.prefer_lang = lang;
    filter.section_id = s.id;
    SITE_TRY(count, store_.articles().count(filter));
    total = count;
  }
  int pages = page_count(total, options_.page_size);
  if (*page_no > pages) return not_found(request);
  int offset = (*page_no - 1) * options_.page_size;
  view["pagination"] = pagination(lang, list_path, *page_no, pages);

  if (s.kind == SectionKind::press_review) {
    SITE_TRY(items, store_.press_items().list(options_.page_size, offset));
    json::array views;
    for (const PressItem& p : items) views.push_back(press_view(p, lang, 2));
    view["press"] = std::move(views);
    page.keys.push_back(store::change_keys::press);
    page.template_name = "press";
    return render(request, page, std::move(view));
  }
  store::ArticleFilter filter;  // every language, one piece per translation
  filter.prefer_lang = lang;
  filter.section_id = s.id;
  filter.limit = options_.page_size;
  filter.offset = offset;
  const std::string list_key = store::change_keys::articles(filter) + "|" + lang;
  continue_archive(list_key, *page_no, filter);
  SITE_TRY(articles, store_.articles().list(filter));
  remember_archive_end(list_key, *page_no, articles);
  SITE_TRY(lookups, lookups_for(articles));
  json::array items;
  for (const Article& a : articles) items.push_back(article_item(a, lang, lookups, 2));
  view["articles"] = std::move(items);
  page.keys.push_back(store::change_keys::articles(filter));
  store::change_keys::add_shown(page.keys, articles);
  view["most_read"] = most_read(lang, s.id, page.keys);
  SITE_TRY(beside, beside_archive(lang, lookups.section_list, page.keys));
  view["beside"] = std::move(beside);
  page.sections = &lookups.section_list;
  page.template_name = "archive";
  return render(request, page, std::move(view));
}

http::Response PublicSite::tag(const http::Request& request) const {
  std::string lang = language_of(request);
  if (lang.empty()) return not_found(request);
  std::string slug(request.param("slug"));
  SITE_TRY(found, store_.tags().by_slug(slug));
  if (!found) return missing(request, store::SlugKind::tag, lang, tag_path);
  auto page_no = page_number(request);
  if (!page_no) return not_found(request);
  if (auto m = archive_page_moved(request, tag_path(lang, found->slug), *page_no)) return *m;
  store::ArticleFilter filter;
  filter.tag_id = found->id;  // every language, one piece per translation
  filter.prefer_lang = lang;
  SITE_TRY(total, store_.articles().count(filter));
  int pages = page_count(total, options_.page_size);
  if (*page_no > pages) return not_found(request);
  filter.limit = options_.page_size;
  filter.offset = (*page_no - 1) * options_.page_size;
  const std::string list_key = store::change_keys::articles(filter) + "|" + lang;
  continue_archive(list_key, *page_no, filter);
  SITE_TRY(articles, store_.articles().list(filter));
  remember_archive_end(list_key, *page_no, articles);
  SITE_TRY(lookups, lookups_for(articles));

  const std::string list_path = tag_path(lang, found->slug);
  const std::string name = in_language(found->name, lang);
  json::array items;
  for (const Article& a : articles) items.push_back(article_item(a, lang, lookups, 2));
  Page page;
  page.lang = lang;
  page.template_name = "archive";
  page.heading = name;
  page.path = page_path(list_path, *page_no);
  page.feeds_base = list_path;
  for (std::string_view l : {"az", "en", "ru"}) page.translations[std::string(l)] = page_path(tag_path(l, found->slug), *page_no);
  page.jsonld.push_back(breadcrumbs({{theme_.text(lang, "home"), home_path(lang)}, {name, list_path}}));
  json::object view{{"archive", json::object{{"name", name}, {"slug", found->slug}, {"kind", theme_.text(lang, "tag")}}},
                    {"articles", std::move(items)},
                    {"pagination", pagination(lang, list_path, *page_no, pages)}};
  page.keys = {store::change_keys::tag(found->id), store::change_keys::articles(filter)};
  store::change_keys::add_shown(page.keys, articles);
  page.sections = &lookups.section_list;
  SITE_TRY(beside, beside_archive(lang, lookups.section_list, page.keys));
  view["beside"] = std::move(beside);
  return render(request, page, std::move(view));
}

}  // namespace qalam::site
