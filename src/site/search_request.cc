#include "site/search_request.h"

#include <tuple>
#include <utility>

#include "core/language.h"
#include "core/time_format.h"
#include "render/mustache/template.h"
#include "site/links.h"

namespace qalam::site {

Result<SearchFilters> read_search_filters(const http::Request& request, store::Store& store,
                                          const std::string& default_lang) {
  SearchFilters f;
  store::SearchRequest& req = f.request;
  req.lang = default_lang;
  req.all_languages = request.query_param("all").value_or("") == "1";
  f.only_lang = request.query_param("lang").value_or("");
  if (!f.only_lang.empty()) {
    if (!is_site_language(f.only_lang)) return Status::invalid("lang " + f.only_lang);
    req.lang = f.only_lang;
  }
  f.author_slug = request.query_param("author").value_or("");
  if (!f.author_slug.empty()) {
    auto author = store.authors().by_slug(f.author_slug);
    if (!author.ok()) return author.status();
    if (!author->has_value()) return Status::invalid("author " + f.author_slug);
    req.author_id = (*author)->id;
  }
  f.section_slug = request.query_param("section").value_or("");
  if (!f.section_slug.empty()) {
    auto section = store.sections().by_slug(f.section_slug);
    if (!section.ok()) return section.status();
    if (!section->has_value() || (*section)->kind != SectionKind::articles) {
      return Status::invalid("section " + f.section_slug);
    }
    req.section_id = (*section)->id;
  }
  std::string sort = request.query_param("sort").value_or("");
  if (!sort.empty() && sort != "newest" && sort != "relevance") return Status::invalid("sort " + sort);
  req.newest_first = sort == "newest";
  f.from = request.query_param("from").value_or("");
  f.to = request.query_param("to").value_or("");
  for (auto [name, text, target] : {std::tuple{"from", &f.from, &req.from}, std::tuple{"to", &f.to, &req.to}}) {
    if (text->empty()) continue;
    auto t = parse_timestamp(*text);
    if (!t.ok() || text->size() != 10) return Status::invalid(std::string(name) + " " + *text);
    *target = *t;
  }
  if (req.to) *req.to += std::chrono::hours(24);  // "to" includes its day
  return f;
}

std::string marked_html(const std::string& raw) {
  std::string text;
  for (char c : raw) {
    bool space = c == ' ' || c == '\n' || c == '\r' || c == '\t';
    if (space && (text.empty() || text.back() == ' ')) continue;
    text += space ? ' ' : c;
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  std::string out;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && text[i] != store::search_mark_open && text[i] != store::search_mark_close) continue;
    render::mustache::append_html_escaped(out, std::string_view(text).substr(start, i - start));
    if (i < text.size()) out += text[i] == store::search_mark_open ? "<mark>" : "</mark>";
    start = i + 1;
  }
  return out;
}

std::string unmarked(const std::string& raw) {
  std::string out;
  for (char c : raw) {
    if (c != store::search_mark_open && c != store::search_mark_close) out += c;
  }
  return out;
}

std::string hit_path(const store::SearchHit& hit, const std::string& lang) {
  if (hit.kind == "article") return article_path(hit.lang, hit.address);
  if (hit.kind == "press") return hit.address;
  if (hit.kind == "author") return author_path(lang, hit.address);
  return project_path(lang, hit.address);
}

}  // namespace qalam::site
