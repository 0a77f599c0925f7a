// Related pieces: worked out when a piece is published or edited and kept
// (article_related, migration 0017), so an article page reads its list in one indexed
// query instead of ranking candidates per request (bench/RESULTS.md, issue #17).
//
// The list: published pieces in the article's language that share its tags (2 each,
// the newest hundred per tag), its section (1, the newest fifty) and its most
// distinctive words (1.5 each), best first. A new piece also refreshes the lists of the
// pieces it is related to, so older pieces point to it too.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/content.h"
#include "core/status.h"
#include "store/sql/connection.h"
#include "store/sql/search_index.h"

namespace qalam::store::sql {

// The best `limit` related pieces of `article`, best first.
Result<std::vector<int64_t>> compute_related(Connection& c, const Article& article, int limit);

// Works out and keeps the list of piece `id` (its rows removed when it is not
// published); with `neighbours`, also the lists of the pieces on its new list. Each
// list that changes names its piece's change key (a page shows its related pieces).
Status keep_related(Connection& c, int64_t id, bool neighbours);

// keep_related for many pieces at once (an import): the list of each of `ids`, then
// (with `older`) once each the lists of the pieces those lists now name outside `ids`,
// so that older pieces point to the new ones as they would had each been published
// alone. `on_step` is called after each of the first lists; its error stops the work.
Status keep_related_of(Connection& c, const std::vector<int64_t>& ids, bool older, const std::function<Status()>& on_step);

// Rebuilds the backend's search index and every published piece's related list, in
// the caller's write transaction: `clear` empties the index, each thing is indexed
// again (SearchIndex::index_entity), `indexed` runs once all are (SQLite merges its
// segments), then the lists are worked out. `on_progress` hears (done, total).
Status reindex_everything(Connection& c, const std::function<Status()>& clear, const std::function<Status()>& indexed,
                          const std::function<void(size_t, size_t)>& on_progress);

}  // namespace qalam::store::sql
