// RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the whole site per language, each section,
// each author and each tag.
#include <boost/json.hpp>

#include "render/feeds.h"
#include "core/link_rule.h"
#include "store/change_keys.h"
#include "site/links.h"
#include "site/public_site.h"

namespace qalam::site {

namespace {
constexpr int feed_size = 20;
}

http::Response PublicSite::feed(const http::Request& request, FeedScope scope, FeedFormat format) const {
  std::string lang = language_of(request);
  if (lang.empty()) return not_found(request);
  const std::string site_title = identity(lang).title;

  render::Feed doc;
  doc.lang = lang;
  store::ArticleFilter filter;
  filter.lang = lang;
  filter.limit = feed_size;
  filter.with_body = true;
  std::string list_path = home_path(lang);
  std::string heading;
  std::optional<Section> section;
  std::string slug(request.param("slug"));
  if (scope == FeedScope::author) {
    auto a = store_.authors().by_slug(slug);
    if (!a.ok()) return failure(request, a.status());
    if (!a->has_value()) return not_found(request);
    filter.author_id = (*a)->id;
    list_path = author_path(lang, slug);
    heading = in_language((*a)->name, lang);
  } else if (scope == FeedScope::tag) {
    auto t = store_.tags().by_slug(slug);
    if (!t.ok()) return failure(request, t.status());
    if (!t->has_value()) return not_found(request);
    filter.tag_id = (*t)->id;
    list_path = tag_path(lang, slug);
    heading = in_language((*t)->name, lang);
  } else if (scope == FeedScope::section) {
    auto s = store_.sections().by_slug(slug);
    if (!s.ok()) return failure(request, s.status());
    if (!s->has_value()) return not_found(request);
    section = **s;
    filter.section_id = section->id;
    list_path = section_path(lang, slug);
    heading = in_language(section->name, lang);
  }
  // An archive's feed holds what its page holds: every language (public_site.h).
  if (scope != FeedScope::site) {
    filter.lang.clear();
    filter.prefer_lang = lang;
  }
  doc.title = heading.empty() ? site_title : site_title + " — " + heading;
  doc.home_url = absolute(list_path);
  doc.rss_url = absolute(feed_path(list_path, "feed.xml"));
  doc.atom_url = absolute(feed_path(list_path, "atom.xml"));
  doc.json_url = absolute(feed_path(list_path, "feed.json"));
  std::vector<std::string> keys{store::change_keys::settings, store::change_keys::articles(filter)};
  if (filter.author_id) keys.push_back(store::change_keys::author(filter.author_id));
  if (filter.tag_id) keys.push_back(store::change_keys::tag(filter.tag_id));
  if (filter.section_id) keys.push_back(store::change_keys::section(filter.section_id));

  if (section && section->kind == SectionKind::press_review) {
    auto items = store_.press_items().list(feed_size, 0);
    if (!items.ok()) return failure(request, items.status());
    keys.push_back(store::change_keys::press);
    for (const PressItem& p : *items) {
      render::FeedItem item;
      item.id = item.url = p.original_url;
      if (press_reviewed_in(p, lang)) {
        item.title = press_headline(p, lang);
      } else {
        item.title = p.translated_title.empty() ? p.title : p.title + " (" + p.translated_title + ")";
      }
      item.summary = press_summary(p, lang);
      item.published = item.updated = p.published_on;
      item.authors.push_back({p.outlet_name, p.outlet_url});
      doc.items.push_back(std::move(item));
      keys.push_back(store::change_keys::press);
    }
  } else if (section && section->kind == SectionKind::projects) {
    auto projects = store_.projects().all();
    if (!projects.ok()) return failure(request, projects.status());
    keys.push_back(store::change_keys::projects);
    for (const Project& p : *projects) {
      render::FeedItem item;
      item.id = item.url = absolute(project_path(lang, p.slug));
      item.title = in_language(p.title, lang);
      item.summary = in_language(p.intro, lang);
      item.content_html = absolute_links(markdown_.html(in_language(p.body, lang)));
      item.published = item.updated = p.updated_at;
      doc.items.push_back(std::move(item));
      keys.push_back(store::change_keys::project(p.id));
    }
  } else {
    auto articles = store_.articles().list(filter);
    if (!articles.ok()) return failure(request, articles.status());
    auto lookups = lookups_for(*articles);
    if (!lookups.ok()) return failure(request, lookups.status());
    std::vector<int64_t> tag_ids;
    for (const Article& a : *articles) tag_ids.insert(tag_ids.end(), a.tag_ids.begin(), a.tag_ids.end());
    auto tags = store_.tags().by_ids(tag_ids);
    if (!tags.ok()) return failure(request, tags.status());
    std::vector<std::string> groups;
    for (const Article& a : *articles) groups.push_back(a.translation_group);
    auto translation_links = store_.articles().translation_links(groups);
    if (!translation_links.ok()) return failure(request, translation_links.status());
    store::change_keys::add_shown(keys, *articles);
    for (const Tag& t : *tags) keys.push_back(store::change_keys::tag(t.id));
    for (const Article& a : *articles) {
      render::FeedItem item;
      item.id = item.url = absolute(article_path(a.lang, a.slug));
      item.language = a.lang;
      item.title = a.title;
      item.summary = a.lead;
      item.content_html = absolute_links(markdown_.html(a.body));
      if (std::string shown(shown_link(a.image)); !shown.empty()) {
        render::FeedItem::Image image{shown.starts_with("/") ? absolute(shown) : shown, "", 0, a.image_alt};
        // An upload's type and size are known; another site's image is named only.
        if (auto media = lookups->images.find(media_name(a.image)); media != lookups->images.end()) {
          image.type = media->second.mime;
          image.bytes = media->second.bytes;
        }
        item.image = std::move(image);
      }
      item.published = a.published_at;
      item.updated = a.updated_at;
      for (int64_t id : a.author_ids) {
        if (auto it = lookups->authors.find(id); it != lookups->authors.end()) {
          item.authors.push_back({in_language(it->second.name, lang), absolute(author_path(lang, it->second.slug))});
        }
      }
      for (const Tag& t : *tags) {
        if (std::find(a.tag_ids.begin(), a.tag_ids.end(), t.id) != a.tag_ids.end()) {
          item.tags.push_back(in_language(t.name, lang));
        }
      }
      keys.push_back(store::change_keys::group(a.translation_group));
      for (const auto& [t_lang, t_slug] : (*translation_links)[a.translation_group]) {
        if (t_lang != a.lang) item.translations.emplace_back(t_lang, absolute(article_path(t_lang, t_slug)));
      }
      doc.items.push_back(std::move(item));
    }
  }
  for (const render::FeedItem& item : doc.items) doc.updated = std::max({doc.updated, item.published, item.updated});
  if (doc.updated == TimePoint{}) doc.updated = clock_.now();

  switch (format) {
    case FeedFormat::rss:
      return cacheable(http::Response::content(200, "application/rss+xml; charset=utf-8", render::to_rss(doc)), keys);
    case FeedFormat::atom:
      return cacheable(http::Response::content(200, "application/atom+xml; charset=utf-8", render::to_atom(doc)), keys);
    case FeedFormat::json:
      return cacheable(http::Response::content(200, "application/feed+json; charset=utf-8", render::to_json_feed(doc)),
                       keys);
  }
  return not_found(request);
}

}  // namespace qalam::site
