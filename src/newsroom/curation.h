// Curation: the records around the pieces — sections, tags, authors' profiles,
// Foreign press items, projects and the missions directory — as the newsroom saves
// them, one record at a time. A record is an object of the import format
// (docs/import.md): the rules and the matching are those of `qalam import`
// (ingest::parse_record: sections, tags, authors and projects by slug, press items by
// URL, missions by project, country, city and kind), so what one accepts the other
// can save again. Who may curate is decided here; a save is one transaction and leaves
// an audit entry; the store names the public pages it changes (the change feed).
//
// Thread-safety: all methods may be called concurrently.
#pragma once

#include <boost/json/object.hpp>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "newsroom/accounts.h"
#include "store/store.h"

namespace qalam::newsroom {

class Curation {
 public:
  Curation(store::Store& store, Accounts& accounts);

  // The kinds, as the import format names them.
  static bool is_kind(std::string_view type);

  // Every stored record of `type`, as import-format objects (press items: the latest 100).
  Result<std::vector<boost::json::object>> records(const Principal& who, std::string_view type);
  // Saves one record; a refusal names the record's fields at fault.
  Status save(const Principal& who, const boost::json::object& record);

 private:
  store::Store& store_;
  Accounts& accounts_;
};

}  // namespace qalam::newsroom
