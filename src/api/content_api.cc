#include "render/markdown.h"
#include "api/content_api.h"

#include <boost/json.hpp>
#include <limits>

#include "api/json_views.h"
#include "core/language.h"
#include "core/search_query.h"
#include "core/text.h"
#include "core/time_format.h"
#include "http/error_response.h"
#include "newsroom/secrets.h"
#include "site/links.h"
#include "site/search_request.h"

namespace qalam::api {

std::string_view openapi_json();  // embedded src/api/openapi.json

namespace json = boost::json;
namespace {

// Article cursors name the last piece seen: "<published unix seconds>-<id>".
std::string article_cursor(const Article& a) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(a.published_at.time_since_epoch()).count()) +
         "-" + std::to_string(a.id);
}
std::optional<std::pair<TimePoint, int64_t>> parse_article_cursor(std::string_view c) {
  auto dash = c.find('-', 1);
  if (dash == std::string_view::npos) return std::nullopt;
  auto t = parse_int(c.substr(0, dash));
  auto id = parse_int(c.substr(dash + 1));
  if (!t || !id) return std::nullopt;
  return std::make_pair(TimePoint(std::chrono::seconds(*t)), *id);
}

http::Response bad(std::string_view detail) { return http::error_response(400, detail, true); }

// ?lang=: a site language, or absent (empty).
std::optional<std::string> lang_param(const http::Request& r) {
  auto lang = r.query_param("lang");
  if (!lang) return r.has_query_param("lang") ? std::nullopt : std::optional<std::string>("");
  if (!lang->empty() && !is_site_language(*lang)) return std::nullopt;
  return *lang;
}

}  // namespace

http::Response json_response(int status, const json::value& body) {
  http::Response r = http::Response::content(status, "application/json", json::serialize(body));
  r.set_header("Cache-Control", "no-store");
  r.set_header("X-Content-Type-Options", "nosniff");
  return r;
}

std::optional<int> list_limit(const http::Request& r, int max) {
  if (!r.has_query_param("limit")) return 20;
  auto text = r.query_param("limit");
  auto v = text ? parse_int(*text) : std::nullopt;
  if (!v || *v < 1 || *v > max) return std::nullopt;
  return static_cast<int>(*v);
}

ContentApi::ContentApi(store::Store& store, ContentApiOptions options) : store_(store), options_(std::move(options)) {}

http::Handler ContentApi::guarded(http::Response (ContentApi::*handler)(const http::Request&) const) {
  return [this, handler](const http::Request& r) {
    if (!options_.content_key.empty()) {
      std::string given(r.header("X-Qalam-Key"));
      if (given.empty()) given = r.query_param("key").value_or("");
      if (!newsroom::equal_in_constant_time(given, options_.content_key)) {
        return http::error_response(401, "This site's Content API needs its content key (?key= or X-Qalam-Key).", true);
      }
    }
    http::Response out = (this->*handler)(r);
    out.set_header("Access-Control-Allow-Origin", "*");
    return out;
  };
}

void ContentApi::add_routes(http::Router& router) {
  router.add("GET", "/api/v1/openapi.json", [this](const http::Request& r) { return openapi(r); });
  router.add("GET", "/api/v1/search", guarded(&ContentApi::search));
  router.add("GET", "/api/v1/search/suggest", guarded(&ContentApi::suggest));
  router.add("GET", "/api/v1/articles", guarded(&ContentApi::articles));
  router.add("GET", "/api/v1/articles/{lang}/{slug}", guarded(&ContentApi::article));
  router.add("GET", "/api/v1/authors", guarded(&ContentApi::authors));
  router.add("GET", "/api/v1/authors/{slug}", guarded(&ContentApi::author));
  router.add("GET", "/api/v1/sections", guarded(&ContentApi::sections));
  router.add("GET", "/api/v1/tags", guarded(&ContentApi::tags));
  router.add("GET", "/api/v1/press-items", guarded(&ContentApi::press_items));
  router.add("GET", "/api/v1/projects", guarded(&ContentApi::projects));
  router.add("GET", "/api/v1/projects/{slug}", guarded(&ContentApi::project));
  router.add("GET", "/api/v1/projects/{slug}/missions", guarded(&ContentApi::missions));
}

http::Response ContentApi::openapi(const http::Request&) const {
  http::Response r = http::Response::content(200, "application/json", std::string(openapi_json()));
  r.set_header("Access-Control-Allow-Origin", "*");
  return r;
}

http::Response ContentApi::articles(const http::Request& r) const {
  store::ArticleFilter f;
  auto lang = lang_param(r);
  if (!lang) return bad("lang: choose az, en or ru");
  f.lang = *lang;
  auto limit = list_limit(r, options_.max_limit);
  if (!limit) return bad("limit: a whole number from 1 to " + std::to_string(options_.max_limit));
  f.limit = *limit + 1;  // one more tells whether there is a next page
  if (auto c = r.query_param("cursor")) {
    f.after = parse_article_cursor(*c);
    if (!f.after) return bad("cursor: not a cursor this API gave out");
  }
  if (auto s = r.query_param("section")) {
    auto section = store_.sections().by_slug(*s);
    if (!section.ok()) return http::error_response(section.status(), r);
    if (!section->has_value()) return bad("section: no section '" + *s + "'");
    f.section_id = (*section)->id;
  }
  if (auto s = r.query_param("author")) {
    auto author = store_.authors().by_slug(*s);
    if (!author.ok()) return http::error_response(author.status(), r);
    if (!author->has_value()) return bad("author: no author '" + *s + "'");
    f.author_id = (*author)->id;
  }
  if (auto s = r.query_param("tag")) {
    auto tag = store_.tags().by_slug(*s);
    if (!tag.ok()) return http::error_response(tag.status(), r);
    if (!tag->has_value()) return bad("tag: no tag '" + *s + "'");
    f.tag_id = (*tag)->id;
  }
  if (auto s = r.query_param("featured")) f.featured_only = *s == "true" || *s == "1";
  auto list = store_.articles().list(f);
  if (!list.ok()) return http::error_response(list.status(), r);
  bool more = static_cast<int>(list->size()) > *limit;
  if (more) list->pop_back();
  auto names = names_for(store_, *list);
  if (!names.ok()) return http::error_response(names.status(), r);
  json::array items;
  for (const auto& a : *list) items.push_back(article_json(a, *names, options_.base_url, {}));
  json::object body{{"items", std::move(items)}};
  body["next_cursor"] = more ? json::value(article_cursor(list->back())) : json::value(nullptr);
  return json_response(200, body);
}

http::Response ContentApi::article(const http::Request& r) const {
  auto lang = http::percent_decode(r.param("lang"));
  auto slug = http::percent_decode(r.param("slug"));
  if (!lang || !slug || !is_site_language(*lang)) return http::error_response(404, "no such article", true);
  auto a = store_.articles().by_slug(*lang, *slug);
  if (!a.ok()) return http::error_response(a.status(), r);
  if (!a->has_value()) return http::error_response(404, "no published " + *lang + " article '" + *slug + "'", true);
  auto names = names_for(store_, {**a});
  if (!names.ok()) return http::error_response(names.status(), r);
  json::object body = article_json(**a, *names, options_.base_url, {.body = true});
  auto group = store_.articles().translations((*a)->translation_group);
  if (!group.ok()) return http::error_response(group.status(), r);
  json::array translations;
  for (const auto& t : *group) {
    if (t.id == (*a)->id) continue;
    translations.push_back(json::object{{"lang", t.lang}, {"slug", t.slug}, {"title", t.title}});
  }
  body["translations"] = std::move(translations);
  return json_response(200, body);
}

http::Response ContentApi::authors(const http::Request& r) const {
  auto lang = lang_param(r);
  if (!lang) return bad("lang: choose az, en or ru");
  auto all = store_.authors().all();
  if (!all.ok()) return http::error_response(all.status(), r);
  json::array items;
  for (const auto& a : *all) items.push_back(author_json(a, *lang, options_.base_url));
  return json_response(200, json::object{{"items", std::move(items)}});
}

http::Response ContentApi::author(const http::Request& r) const {
  auto lang = lang_param(r);
  if (!lang) return bad("lang: choose az, en or ru");
  auto slug = http::percent_decode(r.param("slug"));
  auto a = store_.authors().by_slug(slug.value_or(""));
  if (!a.ok()) return http::error_response(a.status(), r);
  if (!a->has_value()) return http::error_response(404, "no author '" + slug.value_or("") + "'", true);
  return json_response(200, author_json(**a, *lang, options_.base_url));
}

http::Response ContentApi::sections(const http::Request& r) const {
  auto lang = lang_param(r);
  if (!lang) return bad("lang: choose az, en or ru");
  auto all = store_.sections().all();
  if (!all.ok()) return http::error_response(all.status(), r);
  json::array items;
  for (const auto& s : *all) items.push_back(section_json(s, *lang, options_.base_url));
  return json_response(200, json::object{{"items", std::move(items)}});
}

http::Response ContentApi::tags(const http::Request& r) const {
  auto lang = lang_param(r);
  if (!lang) return bad("lang: choose az, en or ru");
  // ?prefix= narrows to tags whose slug or name starts with it: the editor's suggestions.
  std::string prefix = r.query_param("prefix").value_or("");
  auto all = store_.tags().all();
  if (!all.ok()) return http::error_response(all.status(), r);
  json::array items;
  for (const auto& t : *all) {
    bool hit = prefix.empty() || t.slug.rfind(prefix, 0) == 0;
    for (const auto& [l, name] : t.name) hit = hit || name.rfind(prefix, 0) == 0;
    if (hit) items.push_back(tag_json(t, *lang, options_.base_url));
  }
  return json_response(200, json::object{{"items", std::move(items)}});
}

http::Response ContentApi::press_items(const http::Request& r) const {
  auto limit = list_limit(r, options_.max_limit);
  if (!limit) return bad("limit: a whole number from 1 to " + std::to_string(options_.max_limit));
  int64_t offset = 0;
  if (auto c = r.query_param("cursor")) {
    auto v = parse_int(*c);
    if (!v || *v < 0) return bad("cursor: not a cursor this API gave out");
    offset = *v;
  }
  auto list = store_.press_items().list(*limit + 1, static_cast<int>(offset));
  if (!list.ok()) return http::error_response(list.status(), r);
  bool more = static_cast<int>(list->size()) > *limit;
  if (more) list->pop_back();
  json::array items;
  for (const auto& p : *list) items.push_back(press_json(p));
  json::object body{{"items", std::move(items)}};
  body["next_cursor"] = more ? json::value(std::to_string(offset + *limit)) : json::value(nullptr);
  return json_response(200, body);
}

http::Response ContentApi::projects(const http::Request& r) const {
  auto lang = lang_param(r);
  if (!lang) return bad("lang: choose az, en or ru");
  auto all = store_.projects().all();
  if (!all.ok()) return http::error_response(all.status(), r);
  json::array items;
  for (const auto& p : *all) items.push_back(project_json(p, *lang, options_.base_url, false));
  return json_response(200, json::object{{"items", std::move(items)}});
}

http::Response ContentApi::project(const http::Request& r) const {
  auto lang = lang_param(r);
  if (!lang) return bad("lang: choose az, en or ru");
  auto slug = http::percent_decode(r.param("slug"));
  auto p = store_.projects().by_slug(slug.value_or(""));
  if (!p.ok()) return http::error_response(p.status(), r);
  if (!p->has_value()) return http::error_response(404, "no project '" + slug.value_or("") + "'", true);
  return json_response(200, project_json(**p, *lang, options_.base_url, true));
}

http::Response ContentApi::missions(const http::Request& r) const {
  auto slug = http::percent_decode(r.param("slug"));
  auto p = store_.projects().by_slug(slug.value_or(""));
  if (!p.ok()) return http::error_response(p.status(), r);
  if (!p->has_value()) return http::error_response(404, "no project '" + slug.value_or("") + "'", true);
  auto list = store_.projects().missions((*p)->id);
  if (!list.ok()) return http::error_response(list.status(), r);
  std::string country = r.query_param("country").value_or("");
  json::array items;
  for (const auto& m : *list) {
    if (country.empty() || m.country == country) items.push_back(mission_json(m));
  }
  return json_response(200, json::object{{"items", std::move(items)}});
}

http::Response ContentApi::search(const http::Request& request) const {
  auto q = request.query_param("q");
  if (!q) return bad("q: the words to search for are required");
  auto limit = list_limit(request, options_.max_limit);
  if (!limit) return bad("limit: a whole number from 1 to " + std::to_string(options_.max_limit));
  int64_t offset = 0;
  if (auto c = request.query_param("cursor")) {
    auto v = parse_int(*c);
    // Cursors are offsets into the results (SearchRequest::offset is an int).
    if (!v || *v < 0 || *v > std::numeric_limits<int>::max() - options_.max_limit) {
      return bad("cursor: not a cursor this API gave out");
    }
    offset = *v;
  }
  auto filters = site::read_search_filters(request, store_, "en");
  if (!filters.ok()) {
    if (filters.status().code() == StatusCode::invalid_argument) return bad("not a filter this site knows: " + filters.status().message());
    return http::error_response(filters.status(), request);
  }
  auto parsed = parse_search_query(*q);
  if (!parsed.ok()) return bad("q: " + parsed.status().message());
  store::SearchRequest& req = filters->request;
  req.query = std::move(parsed).value();
  req.limit = *limit;
  req.offset = static_cast<int>(offset);
  auto found = store_.search().search(req);
  if (!found.ok()) {
    if (found.status().code() == StatusCode::invalid_argument) return bad("q: " + found.status().message());
    return http::error_response(found.status(), request);
  }
  json::array items;
  for (const store::SearchHit& h : found->hits) {
    json::object item{{"kind", h.kind}, {"lang", h.lang}, {"title", site::unmarked(h.title)},
                      {"title_html", site::marked_html(h.title)}, {"snippet_html", site::marked_html(render::markdown_to_plain(h.snippet))}};
    std::string path = site::hit_path(h, h.lang);
    item["url"] = h.kind == "press" ? path : options_.base_url + path;
    if (h.at != TimePoint{}) item["published"] = h.kind == "press" ? iso_date(h.at) : rfc3339(h.at);
    items.push_back(std::move(item));
  }
  bool more = offset + static_cast<int64_t>(found->hits.size()) < found->total;
  json::object body{{"query", *q}, {"total", found->total}, {"items", std::move(items)}};
  // The search stopped at its time budget: there are at least `total` matches.
  if (found->total_is_lower_bound) body["total_is_lower_bound"] = true;
  body["next_cursor"] = more ? json::value(std::to_string(offset + *limit)) : json::value(nullptr);
  return json_response(200, body);
}

http::Response ContentApi::suggest(const http::Request& request) const {
  std::string lang = request.query_param("lang").value_or(std::string("en"));
  if (!is_site_language(lang)) return http::error_response(400, "lang must be one of az, en, ru", true);
  auto q = request.query_param("q");
  if (!q) return http::error_response(400, "q is required", true);
  SearchQueryProblem problem = SearchQueryProblem::none;
  SearchQuery parsed = parse_search_query(*q, problem);
  json::array suggestions;
  if (problem == SearchQueryProblem::none) {
    store::SearchRequest req;
    req.query = std::move(parsed);
    req.lang = lang;
    req.limit = 8;
    auto found = store_.search().search(req);
    if (!found.ok()) return http::error_response(found.status(), request);
    for (const store::SearchHit& h : found->hits) {
      if (h.kind != "article") continue;
      suggestions.push_back(json::object{{"title", site::unmarked(h.title)}, {"url", site::hit_path(h, h.lang)}});
    }
  } else if (problem != SearchQueryProblem::empty) {
    return http::error_response(400, describe(problem), true);
  }
  http::Response r = http::Response::content(200, "application/json; charset=utf-8",
                                             json::serialize(json::object{{"query", *q}, {"suggestions", std::move(suggestions)}}));
  r.set_header("Cache-Control", "public, max-age=60");
  return r;
}

}  // namespace qalam::api
