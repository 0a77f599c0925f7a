// The search index of a static export: per language, the newest pieces' addresses,
// titles, dates and leads, and their words folded as the server folds them
// (core/text.h, fold), for /assets/static-search.js to look words up in without a
// server. It covers titles and leads (not bodies), whole words and word beginnings
// (not the server's stems, transliteration, phrases or exclusions): docs/deploy.md.
#pragma once

#include <string>

#include "core/status.h"
#include "store/store.h"

namespace qalam::static_site {

// {"lang": "en", "docs": [[url, title, date, lead], …] newest first,
//  "terms": {"word": [doc, …], …}}; at most `limit` pieces.
Result<std::string> search_index_json(store::Store& store, std::string_view lang, std::string_view time_zone,
                                      int limit);

}  // namespace qalam::static_site
