// What a search asks, read from a request's query string the same way for the search
// page (/{lang}/search) and the Content API (/api/v1/search):
//   q        the words (core/search_query.h); parsed by the caller, which words the problems
//   lang=    the language searched, if not the default
//   all=1    every language, that one first
//   section= a section's slug, author= an author's slug (both limit results to articles)
//   from=, to=  dates (2021-02-23), `to` including its day
//   sort=newest  else by relevance
// and how matched words become HTML.
//
// Thread-safety: functions of their arguments (and the store's own).
#pragma once

#include <string>

#include "core/status.h"
#include "http/message.h"
#include "store/store.h"

namespace qalam::site {

struct SearchFilters {
  store::SearchRequest request;  // match, limit and offset left to the caller
  std::string only_lang;         // lang= as given
  std::string section_slug, author_slug;
  std::string from, to;  // as given
};

// invalid_argument whose message names the parameter and its value ("section nope")
// when a filter is not one the site knows; other errors are the store's.
Result<SearchFilters> read_search_filters(const http::Request& request, store::Store& store,
                                          const std::string& default_lang);

// A title or snippet from the store with its matched words marked (search_mark_open
// and _close) as HTML: the text escaped, the words in <mark>, runs of whitespace as one
// space (snippets cut across paragraphs).
std::string marked_html(const std::string& raw);

// The same text with the marks removed.
std::string unmarked(const std::string& raw);

// Where a hit leads: the article, the press item's original, or the author's or
// project's page in `lang`.
std::string hit_path(const store::SearchHit& hit, const std::string& lang);

}  // namespace qalam::site
