// `qalam export`: the whole site in the JSON Lines import format (docs/import.md), so
// that importing the file (with its media folder) into an empty site reproduces every
// public page. Records come in the order an import needs them and in the order they
// were made (by id), so an empty site given them assigns the same ids: settings, media,
// sections, tags, authors, projects, missions, press items, articles (every status).
// Not exported: accounts, API tokens, sessions, the audit log, revisions, autosaves and
// view counts — the newsroom's own state, not the site's content.
//
// Thread-safety: stateless function. It reads in many transactions: give it a store
// that does not change meanwhile (qalam export reads from a snapshot of the database).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/store.h"

namespace qalam::ingest {

struct ExportSummary {
  std::map<std::string, size_t> records;  // by type
  std::vector<std::string> media_files;   // file names in the media folder the records need
};

Result<ExportSummary> export_jsonl(store::Store& store, std::ostream& out,
                                   const std::function<void(size_t, size_t)>& on_progress);

}  // namespace qalam::ingest
