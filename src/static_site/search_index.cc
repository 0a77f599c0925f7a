#include "static_site/search_index.h"

#include <boost/json.hpp>
#include <map>
#include <set>

#include "core/text.h"
#include "core/time_format.h"
#include "site/links.h"

namespace qalam::static_site {
namespace json = boost::json;

namespace {

// The words of folded text, one-letter words left out. static-search.js splits a query
// the same way.
std::set<std::string> words_of(const std::string& folded) {
  std::set<std::string> out;
  for (std::string& w : split_words(folded)) {
    if (w.size() > 1) out.insert(std::move(w));
  }
  return out;
}

std::string shortened(std::string_view text, size_t at_most) {
  if (text.size() <= at_most) return std::string(text);
  size_t cut = text.rfind(' ', at_most);
  if (cut == std::string_view::npos || cut < at_most / 2) cut = at_most;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
  return std::string(text.substr(0, cut)) + "…";
}

}  // namespace

Result<std::string> search_index_json(store::Store& store, std::string_view lang, std::string_view time_zone,
                                      int limit) {
  json::array docs;
  std::map<std::string, json::array> terms;
  store::ArticleFilter filter;
  filter.lang = std::string(lang);
  int64_t doc = 0;
  while (doc < limit) {
    filter.limit = static_cast<int>(std::min<int64_t>(1000, limit - doc));
    auto batch = store.articles().list(filter);
    if (!batch.ok()) return batch.status();
    for (const Article& a : *batch) {
      docs.push_back(json::array{json::value(site::article_path(a.lang, a.slug)), json::value(a.title),
                                 json::value(long_date(a.published_at, lang, time_zone)),
                                 json::value(shortened(a.lead, 200))});
      for (const std::string& w : words_of(fold(a.title + " " + a.lead))) terms[w].push_back(doc);
      ++doc;
    }
    if (batch->size() < static_cast<size_t>(filter.limit)) break;
    filter.after = std::make_pair(batch->back().published_at, batch->back().id);
  }
  json::object term_object;
  for (auto& [word, list] : terms) term_object[word] = std::move(list);
  return json::serialize(json::object{{"lang", lang}, {"docs", std::move(docs)}, {"terms", std::move(term_object)}});
}

}  // namespace qalam::static_site
