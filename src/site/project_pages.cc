// Project pages, with the missions directory grouped by country, filterable by
// ?country=XX, sorted in the page language's collation.
#include <algorithm>
#include <boost/json.hpp>

#include "core/collation.h"
#include "core/link_rule.h"
#include "store/change_keys.h"
#include "site/links.h"
#include "site/public_site.h"

namespace qalam::site {
namespace json = boost::json;

http::Response PublicSite::project(const http::Request& request) const {
  std::string lang = language_of(request);
  if (lang.empty()) return not_found(request);
  std::string slug(request.param("slug"));
  auto found = store_.projects().by_slug(slug);
  if (!found.ok()) return failure(request, found.status());
  if (!found->has_value()) return missing(request, store::SlugKind::project, lang, project_path);
  const Project& p = **found;
  std::string country = request.query_param("country").value_or("");
  if (!country.empty() && !is_country_code(country)) {
    return error_page(request, 400, theme_.text(lang, "bad_country", {{"code", country}}));
  }

  const std::string path = project_path(lang, p.slug);
  const std::string title = in_language(p.title, lang);
  Page page;
  page.lang = lang;
  page.template_name = "project";
  page.heading = title;
  page.description = in_language(p.intro, lang);
  page.path = country.empty() ? path : path + "?country=" + country;
  for (std::string_view l : {"az", "en", "ru"}) {
    page.translations[std::string(l)] = project_path(l, p.slug) + (country.empty() ? "" : "?country=" + country);
  }
  page.jsonld.push_back(breadcrumbs({{theme_.text(lang, "home"), home_path(lang)}, {title, path}}));
  page.keys = {store::change_keys::project(p.id)};  // its missions too
  auto body = body_html(in_language(p.body, lang), page.keys);
  if (!body.ok()) return failure(request, body.status());
  json::object view{{"project", json::object{{"title", title},
                                             {"intro", page.description},
                                             {"body_html", std::move(body).value()},
                                             {"is_new", p.is_new}}}};
  if (p.has_directory) {
    auto missions = store_.projects().missions(p.id);
    if (!missions.ok()) return failure(request, missions.status());
    struct Group {
      std::string code, name;
      std::vector<const Mission*> missions;
    };
    std::vector<Group> groups;
    for (const Mission& m : *missions) {
      auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.code == m.country; });
      if (it == groups.end()) {
        groups.push_back({m.country, country_name(m.country, lang), {}});
        it = groups.end() - 1;
      }
      it->missions.push_back(&m);
    }
    std::sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) { return collate(a.name, b.name, lang) < 0; });
    json::array country_options, group_views;
    for (Group& g : groups) {
      country_options.push_back(json::object{{"code", g.code}, {"name", g.name}, {"selected", g.code == country}});
      if (!country.empty() && g.code != country) continue;
      // The city in the page's language when it has a name there, else as recorded.
      auto city = [&](const Mission* m) -> const std::string& {
        auto it = m->city_names.find(lang);
        return it != m->city_names.end() && !it->second.empty() ? it->second : m->city;
      };
      std::sort(g.missions.begin(), g.missions.end(), [&](const Mission* a, const Mission* b) {
        if (a->kind != b->kind) return a->kind < b->kind;
        return collate(city(a), city(b), lang) < 0;
      });
      json::array mission_views;
      for (const Mission* m : g.missions) {
        json::array accounts;
        for (const SocialLink& l : m->accounts) {
          if (shown_link(l.url).empty()) continue;
          accounts.push_back(json::object{{"url", l.url}, {"label", social_label(l.network, l.handle)}});
        }
        mission_views.push_back(json::object{{"kind", theme_.text(lang, mission_kind_name(m->kind))},
                                             {"city", city(m)},
                                             {"website", m->website},
                                             {"accounts", std::move(accounts)}});
      }
      group_views.push_back(json::object{{"code", g.code}, {"name", g.name}, {"missions", std::move(mission_views)}});
    }
    view["directory"] = json::object{{"action", path}, {"countries", std::move(country_options)}, {"groups", std::move(group_views)}};
  }
  return render(request, page, std::move(view));
}

}  // namespace qalam::site
