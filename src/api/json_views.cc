#include "api/json_views.h"

#include <boost/json.hpp>

#include "core/link_rule.h"

#include "core/time_format.h"
#include "render/markdown.h"
#include "site/links.h"
#include "site/translations_json.h"

namespace qalam::api {
namespace json = boost::json;

Result<Names> names_for(store::Store& store, const std::vector<Article>& articles) {
  Names n;
  std::vector<int64_t> author_ids, tag_ids;
  for (const auto& a : articles) {
    author_ids.insert(author_ids.end(), a.author_ids.begin(), a.author_ids.end());
    tag_ids.insert(tag_ids.end(), a.tag_ids.begin(), a.tag_ids.end());
  }
  auto authors = store.authors().by_ids(author_ids);
  if (!authors.ok()) return authors.status();
  for (auto& a : *authors) n.authors.emplace(a.id, std::move(a));
  auto tags = store.tags().by_ids(tag_ids);
  if (!tags.ok()) return tags.status();
  for (auto& t : *tags) n.tags.emplace(t.id, std::move(t));
  auto sections = store.sections().all();
  if (!sections.ok()) return sections.status();
  for (auto& s : *sections) n.sections.emplace(s.id, std::move(s));
  return n;
}

namespace {

json::array social_json(const std::vector<SocialLink>& links) {
  json::array out;
  for (const auto& s : links) out.push_back(json::object{{"network", s.network}, {"url", s.url}, {"handle", s.handle}});
  return out;
}

}  // namespace

json::object article_json(const Article& a, const Names& names, const std::string& base_url, ArticleView view) {
  json::object o{{"id", a.id},
                 {"lang", a.lang},
                 {"slug", a.slug},
                 {"translation_group", a.translation_group},
                 {"title", a.title},
                 {"lead", a.lead},
                 {"featured", a.featured},
                 {"image", shown_link(a.image)},
                 {"image_alt", a.image_alt},
                 {"updated_at", rfc3339(a.updated_at)}};
  o["published_at"] = a.published_at == TimePoint{} ? json::value(nullptr) : json::value(rfc3339(a.published_at));
  if (a.status == ArticleStatus::published) o["url"] = base_url + site::article_path(a.lang, a.slug);
  json::array authors;
  for (int64_t id : a.author_ids) {
    auto it = names.authors.find(id);
    if (it == names.authors.end()) continue;
    authors.push_back(json::object{{"slug", it->second.slug}, {"name", in_language(it->second.name, a.lang)}});
  }
  o["authors"] = std::move(authors);
  auto section = names.sections.find(a.section_id);
  o["section"] = section == names.sections.end()
                     ? json::value(nullptr)
                     : json::value(json::object{{"slug", section->second.slug},
                                                {"name", in_language(section->second.name, a.lang)}});
  json::array tags;
  for (int64_t id : a.tag_ids) {
    auto it = names.tags.find(id);
    if (it != names.tags.end()) tags.push_back(json::object{{"slug", it->second.slug}, {"name", in_language(it->second.name, a.lang)}});
  }
  o["tags"] = std::move(tags);
  if (view.body) {
    o["body"] = a.body;
    o["body_html"] = render::markdown_to_html(a.body);
  }
  if (view.workflow) {
    o["status"] = article_status_name(a.status);
    o["version"] = a.version;
    o["owner_id"] = a.owner_id;
    o["created_at"] = rfc3339(a.created_at);
  }
  return o;
}

json::object author_json(const Author& a, const std::string& lang, const std::string& base_url) {
  json::object o{{"slug", a.slug}, {"name", site::translations_json(a.name)}, {"bio", site::translations_json(a.bio)},
                 {"photo", shown_link(a.photo)}, {"social", social_json(a.social)}};
  if (!lang.empty()) o["url"] = base_url + site::author_path(lang, a.slug);
  return o;
}

json::object section_json(const Section& s, const std::string& lang, const std::string& base_url) {
  json::object o{{"slug", s.slug}, {"kind", section_kind_name(s.kind)}, {"name", site::translations_json(s.name)},
                 {"position", s.position}};
  if (!lang.empty()) o["url"] = base_url + site::section_path(lang, s.slug);
  return o;
}

json::object tag_json(const Tag& t, const std::string& lang, const std::string& base_url) {
  json::object o{{"slug", t.slug}, {"name", site::translations_json(t.name)}};
  if (!lang.empty()) o["url"] = base_url + site::tag_path(lang, t.slug);
  return o;
}

json::object press_json(const PressItem& p) {
  return {{"id", p.id},
          {"outlet_name", p.outlet_name},
          {"outlet_url", p.outlet_url},
          {"original_url", p.original_url},
          {"original_lang", p.original_lang},
          {"published_on", iso_date(p.published_on)},
          {"title", p.title},
          {"summary", p.summary},
          {"translated_title", p.translated_title},
          {"review_title", site::translations_json(p.review_title)},
          {"review", site::translations_json(p.review)}};
}

json::object project_json(const Project& p, const std::string& lang, const std::string& base_url, bool body) {
  json::object o{{"slug", p.slug},       {"title", site::translations_json(p.title)}, {"intro", site::translations_json(p.intro)},
                 {"is_new", p.is_new},   {"has_directory", p.has_directory},    {"position", p.position},
                 {"updated_at", rfc3339(p.updated_at)}};
  if (body) o["body"] = site::translations_json(p.body);
  if (!lang.empty()) o["url"] = base_url + site::project_path(lang, p.slug);
  return o;
}

json::object mission_json(const Mission& m) {
  return {{"country", m.country}, {"city", m.city}, {"city_names", site::translations_json(m.city_names)},
          {"kind", mission_kind_name(m.kind)}, {"website", m.website},
          {"accounts", social_json(m.accounts)}};
}

}  // namespace qalam::api
