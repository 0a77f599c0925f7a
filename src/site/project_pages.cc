// Project pages, with the missions directory grouped by organisation (missions to the
// UN, the OSCE …, first) and by country, filterable by ?country=XX or an organisation's
// code (?country=OSCE), sorted in the page language's collation.
#include <algorithm>
#include <cctype>
#include <boost/json.hpp>

#include "core/collation.h"
#include "core/link_rule.h"
#include "core/time_format.h"
#include "core/organisations.h"
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
  std::string network = request.query_param("network").value_or("");
  if (network.size() > 40 || !std::all_of(network.begin(), network.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-'; })) {
    return error_page(request, 400, theme_.text(lang, "bad_network", {{"network", network.substr(0, 40)}}));
  }
  const Organisation* chosen_organisation = country.empty() ? nullptr : find_organisation(country);
  if (chosen_organisation && chosen_organisation->code != country) chosen_organisation = nullptr;  // codes only
  if (!country.empty() && !is_country_code(country) && !chosen_organisation) {
    return error_page(request, 400, theme_.text(lang, "bad_country", {{"code", country}}));
  }

  const std::string path = project_path(lang, p.slug);
  const std::string title = in_language(p.title, lang);
  Page page;
  page.lang = lang;
  page.template_name = "project";
  page.heading = title;
  page.description = in_language(p.intro, lang);
  std::string query;
  if (!country.empty()) query += "country=" + country;
  if (!network.empty()) query += (query.empty() ? "" : "&") + std::string("network=") + network;
  page.path = query.empty() ? path : path + "?" + query;
  for (std::string_view l : {"az", "en", "ru"}) {
    page.translations[std::string(l)] = project_path(l, p.slug) + (query.empty() ? "" : "?" + query);
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
    auto posts = store_.monitoring().mission_posts(p.id, 200);
    if (!posts.ok()) return failure(request, posts.status());
    // A group: a country's missions, or an organisation's (wherever its seats are).
    struct Group {
      std::string code, name;
      bool organisation = false;
      std::vector<const Mission*> missions;
    };
    std::vector<Group> groups;
    for (const Mission& m : *missions) {
      const std::string& code = m.organisation.empty() ? m.country : m.organisation;
      auto it = std::find_if(groups.begin(), groups.end(), [&](const Group& g) { return g.code == code; });
      if (it == groups.end()) {
        bool org = !m.organisation.empty();
        groups.push_back({code, org ? organisation_name(code, lang) : country_name(code, lang), org, {}});
        it = groups.end() - 1;
      }
      it->missions.push_back(&m);
    }
    std::sort(groups.begin(), groups.end(), [&](const Group& a, const Group& b) {
      if (a.organisation != b.organisation) return a.organisation;
      return collate(a.name, b.name, lang) < 0;
    });
    json::array country_options, organisation_options, group_views;
    for (Group& g : groups) {
      (g.organisation ? organisation_options : country_options)
          .push_back(json::object{{"code", g.code}, {"name", g.name}, {"selected", g.code == country}});
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
        // The mission's latest post, beside it in the directory.
        json::object latest;
        auto post = std::find_if(posts->begin(), posts->end(), [&](const store::MissionPost& x) { return x.mission_id == m->id; });
        if (post != posts->end()) latest = post_view(*post, lang);
        mission_views.push_back(json::object{{"latest", std::move(latest)},
                                             {"kind", theme_.text(lang, mission_kind_name(m->kind))},
                                             {"city", city(m)},
                                             {"host", g.organisation ? country_name(m->country, lang) : std::string()},
                                             {"website", m->website},
                                             {"accounts", std::move(accounts)}});
      }
      group_views.push_back(json::object{{"code", g.code},
                                         {"name", g.name},
                                         {"organisation", g.organisation},
                                         {"missions", std::move(mission_views)}});
    }
    bool with_organisations = !organisation_options.empty();
    view["directory"] = json::object{{"action", path},
                                     {"label", theme_.text(lang, with_organisations ? "country_or_organisation" : "country")},
                                     {"all_label", theme_.text(lang, with_organisations ? "all_countries_and_organisations"
                                                                                        : "all_countries")},
                                     {"countries", std::move(country_options)},
                                     {"organisations", std::move(organisation_options)},
                                     {"groups", std::move(group_views)}};
    json::object timeline = mission_timeline(*missions, *posts, lang, country, network, path);
    if (!timeline.empty()) view["timeline"] = std::move(timeline);
  }
  return render(request, page, std::move(view));
}

// The missions' timeline: the latest posts of their accounts' feeds, newest first,
// filtered like the directory (a country or an organisation) and by network. Posts
// show their text and a link to the original, never the original's images.
json::object PublicSite::post_view(const store::MissionPost& post, const std::string& lang) const {
  return json::object{{"network", social_label(post.network, "")},
                      {"iso", rfc3339(post.published_at)},
                      {"date", long_datetime(post.published_at, lang, options_.time_zone)},
                      {"text", post.title.empty() ? post.summary : post.title},
                      {"summary", post.title.empty() || post.summary == post.title ? std::string() : post.summary},
                      {"url", shown_link(post.link)}};
}

json::object PublicSite::mission_timeline(const std::vector<Mission>& missions,
                                          const std::vector<store::MissionPost>& posts, const std::string& lang,
                                          const std::string& group, const std::string& network,
                                          const std::string& action) const {
  constexpr int shown = 30;
  if (posts.empty()) return json::object();
  std::vector<std::string> networks;
  json::array items;
  for (const store::MissionPost& post : posts) {
    auto m = std::find_if(missions.begin(), missions.end(), [&](const Mission& x) { return x.id == post.mission_id; });
    if (m == missions.end()) continue;
    if (std::find(networks.begin(), networks.end(), post.network) == networks.end()) networks.push_back(post.network);
    const std::string& code = m->organisation.empty() ? m->country : m->organisation;
    if (!group.empty() && code != group) continue;
    if (!network.empty() && post.network != network) continue;
    if (items.size() >= shown) continue;
    auto city = m->city_names.find(lang);
    std::string where = m->organisation.empty() ? country_name(m->country, lang) : organisation_name(m->organisation, lang);
    std::string city_name = city != m->city_names.end() && !city->second.empty() ? city->second : m->city;
    json::object view = post_view(post, lang);
    view["mission"] = city_name.empty() ? where : where + ", " + city_name;
    items.push_back(std::move(view));
  }
  json::array network_options;
  for (const std::string& n : networks) {
    network_options.push_back(json::object{{"code", n}, {"name", social_label(n, "")}, {"selected", n == network}});
  }
  return json::object{{"posts", std::move(items)}, {"networks", std::move(network_options)}, {"action", action},
                      {"country", group}};
}

}  // namespace qalam::site
