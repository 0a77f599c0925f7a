// View models: content turned into the objects templates read.
#include <boost/json.hpp>
#include <charconv>

#include "core/time_format.h"
#include "http/message.h"
#include "site/cache_keys.h"
#include "site/links.h"
#include "site/public_site.h"

namespace qalam::site {
namespace json = boost::json;

Result<PublicSite::Lookups> PublicSite::lookups_for(const std::vector<Article>& articles) const {
  Lookups l;
  std::vector<int64_t> ids;
  for (const Article& a : articles) ids.insert(ids.end(), a.author_ids.begin(), a.author_ids.end());
  if (!ids.empty()) {
    auto authors = store_.authors().by_ids(ids);
    if (!authors.ok()) return authors.status();
    for (Author& a : *authors) l.authors.emplace(a.id, std::move(a));
  }
  auto sections = store_.sections().all();
  if (!sections.ok()) return sections.status();
  l.section_list = std::move(sections).value();
  for (const Section& s : l.section_list) l.sections.emplace(s.id, &s);
  return l;
}

json::array PublicSite::author_links(const std::vector<int64_t>& ids, const std::string& lang, const Lookups& l) const {
  json::array out;
  for (size_t i = 0; i < ids.size(); ++i) {
    auto it = l.authors.find(ids[i]);
    if (it == l.authors.end()) continue;
    out.push_back(json::object{{"name", in_language(it->second.name, lang)},
                               {"url", author_path(lang, it->second.slug)},
                               {"last", i + 1 == ids.size()}});
  }
  return out;
}

void PublicSite::mark_language(json::object& item, const Article& a, const std::string& lang) const {
  if (a.lang == lang) return;
  item["other_lang"] = json::object{{"code", a.lang}, {"name", theme_.text(a.lang, "language_name")}};
}

json::object PublicSite::article_item(const Article& a, const std::string& lang, const Lookups& l, int level) const {
  json::object item{{"level", level},
                      {"url", article_path(a.lang, a.slug)},
                      {"title", a.title},
                      {"lead", a.lead},
                      {"iso", rfc3339(a.published_at)},
                      {"date", long_date(a.published_at, lang, options_.time_zone)},
                      {"time", numeric_datetime(a.published_at, options_.time_zone)},
                      {"authors", author_links(a.author_ids, lang, l)}};
  mark_language(item, a, lang);
  return item;
}

json::object PublicSite::press_view(const PressItem& p, const std::string& lang, int level) const {
  return json::object{{"level", level},
                      {"url", p.original_url},
                      {"title", p.title},
                      {"translated_title", p.translated_title},
                      {"summary", p.summary},
                      {"outlet", p.outlet_name},
                      {"outlet_url", p.outlet_url},
                      {"original_lang", p.original_lang},
                      {"iso", iso_date(p.published_on)},
                      {"date", long_date(p.published_on, lang, "UTC")}};
}

json::object PublicSite::project_item(const Project& p, const std::string& lang, int level) const {
  return json::object{{"level", level},
                      {"url", project_path(lang, p.slug)},
                      {"title", in_language(p.title, lang)},
                      {"intro", in_language(p.intro, lang)},
                      {"is_new", p.is_new}};
}

std::optional<int> PublicSite::page_number(const http::Request& request) {
  if (!request.has_query_param("page")) return 1;
  std::optional<std::string> raw = request.query_param("page");
  if (!raw || raw->empty() || raw->size() > 6) return std::nullopt;
  int n = 0;
  auto [end, ec] = std::from_chars(raw->data(), raw->data() + raw->size(), n);
  if (ec != std::errc() || end != raw->data() + raw->size() || n < 1) return std::nullopt;
  return n;
}

json::value PublicSite::pagination(const std::string& lang, const std::string& list_path, int page, int pages) const {
  if (pages <= 1) return nullptr;
  json::object p{{"label", theme_.text(lang, "page_of", {{"page", std::to_string(page)}, {"pages", std::to_string(pages)}})}};
  if (page > 1) p["prev_url"] = page_path(list_path, page - 1);
  if (page < pages) p["next_url"] = page_path(list_path, page + 1);
  return p;
}

json::array PublicSite::most_read(const std::string& lang, int64_t section_id, std::vector<std::string>& keys) const {
  json::array out;
  auto articles = store_.views().most_read(lang, section_id, clock_.now() - std::chrono::hours(24 * 7), 5);
  keys.push_back(cache_keys::most_read);
  if (!articles.ok()) return out;  // a block, not the page: leave it out
  for (const Article& a : *articles) {
    keys.push_back(cache_keys::article(a.id));
    out.push_back(json::object{{"url", article_path(a.lang, a.slug)}, {"title", a.title}});
  }
  return out;
}

json::object PublicSite::breadcrumbs(const std::vector<std::pair<std::string, std::string>>& trail) const {
  json::array items;
  for (size_t i = 0; i < trail.size(); ++i) {
    items.push_back(json::object{{"@type", "ListItem"},
                                 {"position", static_cast<int64_t>(i + 1)},
                                 {"name", trail[i].first},
                                 {"item", absolute(trail[i].second)}});
  }
  return json::object{{"@context", "https://schema.org"}, {"@type", "BreadcrumbList"}, {"itemListElement", std::move(items)}};
}

}  // namespace qalam::site
