// /{lang}/search: the search page (a plain GET form, no JavaScript needed).
#include <boost/json.hpp>
#include <map>

#include "render/markdown.h"
#include "core/language.h"
#include "core/number_format.h"
#include "core/search_query.h"
#include "core/time_format.h"
#include "http/error_response.h"
#include "site/links.h"
#include "site/public_site.h"
#include "site/site_try.h"
#include "site/search_request.h"

namespace qalam::site {
namespace json = boost::json;
namespace {

std::string_view problem_key(SearchQueryProblem p) {
  switch (p) {
    case SearchQueryProblem::too_long: return "search_too_long";
    case SearchQueryProblem::too_many_terms: return "search_too_many";
    case SearchQueryProblem::only_exclusions: return "search_only_excluded";
    default: return "search_help";
  }
}

}  // namespace

http::Response PublicSite::search(const http::Request& request) const {
  std::string lang = language_of(request);
  if (lang.empty()) return not_found(request);
  auto bad_filter = [&](const std::string& what) {
    return error_page(request, 400, theme_.text(lang, "search_bad_filter", {{"what", what}}));
  };
  auto q = request.query_param("q");
  if (!q && request.has_query_param("q")) return bad_filter("q");
  auto page_no = page_number(request);
  if (!page_no) return not_found(request);

  auto filters = read_search_filters(request, store_, lang);
  if (!filters.ok()) {
    if (filters.status().code() == StatusCode::invalid_argument) return bad_filter(filters.status().message());
    return failure(request, filters.status());
  }
  store::SearchRequest& req = filters->request;
  req.limit = options_.page_size;
  req.offset = (*page_no - 1) * options_.page_size;
  const std::string& only_lang = filters->only_lang;
  auto sections = store_.sections().all();
  if (!sections.ok()) return failure(request, sections.status());
  json::array section_options;
  for (const Section& s : *sections) {
    if (s.kind != SectionKind::articles) continue;
    section_options.push_back(
        json::object{{"slug", s.slug}, {"name", in_language(s.name, lang)}, {"selected", s.slug == filters->section_slug}});
  }

  const std::string path = "/" + lang + "/search";
  json::array language_options;
  for (std::string_view l : site_languages) {
    language_options.push_back(json::object{{"code", l}, {"name", theme_.text(l, "language_name")}, {"selected", l == only_lang}});
  }
  json::object view{{"action", path}, {"q", q.value_or("")}, {"sections", std::move(section_options)},
                    {"languages", std::move(language_options)}, {"author", filters->author_slug},
                    {"newest", req.newest_first}, {"from", filters->from}, {"to", filters->to}, {"all", req.all_languages}};
  Page page;
  page.cacheable = false;  // results change with every piece published
  page.noindex = true;     // result pages are not content (and robots.txt disallows them)
  page.lang = lang;
  page.template_name = "search";
  page.heading = theme_.text(lang, "search");
  page.description = theme_.text(lang, "search_description");
  page.path = path;
  for (std::string_view l : {"az", "en", "ru"}) page.translations[std::string(l)] = "/" + std::string(l) + "/search";

  if (options_.static_copy) {
    // A static copy has no server to ask: the page loads the export's index of this
    // language and searches it in the browser (static_site/search_index.h).
    view["static"] = json::object{{"index", "/" + lang + "/search-index.json"},
                                  {"count", theme_.text(lang, "search_results")},
                                  {"none", theme_.text(lang, "search_none")}};
    return render(request, page, json::object{{"search", std::move(view)}});
  }
  SearchQueryProblem problem = SearchQueryProblem::none;
  SearchQuery parsed = parse_search_query(q.value_or(""), problem);
  if (problem != SearchQueryProblem::none) {
    view["message"] = theme_.text(lang, problem_key(problem));
    view["has_query"] = false;
  return render(request, page, json::object{{"search", std::move(view)}});
  }
  req.query = std::move(parsed);
  auto found = store_.search().search(req);
  if (!found.ok()) {
    if (found.status().code() == StatusCode::invalid_argument) return bad_filter("q");
    return failure(request, found.status());
  }
  const int64_t total = found->total;
  int pages = std::max<int>(1, static_cast<int>((total + options_.page_size - 1) / options_.page_size));
  if (*page_no > pages) return not_found(request);

  // The pieces among the hits, read in one query, for their featured images.
  std::vector<int64_t> article_ids;
  for (const store::SearchHit& h : found->hits) {
    if (h.kind == "article") article_ids.push_back(h.ref);
  }
  SITE_TRY(pieces, store_.articles().by_ids(article_ids));
  Lookups images;
  std::map<int64_t, const Article*> piece_of;
  for (const Article& a : pieces) piece_of.emplace(a.id, &a);
  {
    std::vector<std::string> paths;
    for (const Article& a : pieces) paths.push_back(a.image);
    if (Status s = add_images(images, paths); !s.ok()) return failure(request, s);
  }
  json::array items;
  for (const store::SearchHit& h : found->hits) {
    json::object item{{"kind", theme_.text(lang, "kind_" + h.kind)}, {"title_html", marked_html(h.title)},
                      {"snippet_html", marked_html(render::markdown_to_plain(h.snippet))}, {"image", nullptr}};
    if (auto it = piece_of.find(h.ref); h.kind == "article" && it != piece_of.end()) {
      item["image"] = image_view(it->second->image, it->second->image_alt, images);
    }
    item["url"] = hit_path(h, lang);
    if (h.kind == "article" || h.kind == "press") item["hreflang"] = h.lang;
    if (h.at != TimePoint{}) {
      item["date"] = long_date(h.at, lang, h.kind == "press" ? "UTC" : options_.time_zone);
      item["iso"] = h.kind == "press" ? iso_date(h.at) : rfc3339(h.at);
    }
    items.push_back(std::move(item));
  }
  // The list path keeps every parameter but the page, so pagination keeps the filters.
  const std::string list_path = path + "?" + request.query_without("page");
  view["has_query"] = true;
  view["hits"] = std::move(items);
  view["count_label"] = theme_.text(lang, found->total_is_lower_bound ? "search_results_at_least" : "search_results",
                                    {{"n", count_text(total, lang)}});
  json::object top{{"search", std::move(view)}};
  json::value pager = pagination(lang, list_path, *page_no, pages);
  top["pagination"] = std::move(pager);
  page.path = page_path(list_path, *page_no);
  return render(request, page, std::move(top));
}

}  // namespace qalam::site
