// The JSON Lines importer (`qalam import`): one JSON object per line, each with a
// "type" (section, tag, author, article, press_item, project, mission). Every record
// is validated before anything is written; every problem is reported as
// "FILE:LINE: field: problem"; the whole import is one transaction. The format is
// documented in docs/import.md.
//
// Thread-safety: stateless functions.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "core/status.h"
#include "store/store.h"

namespace qalam::ingest {

// Parses and validates `text`; `origin` names it in errors (usually the file path).
// All problems are listed, one a line, in the Status message (at most 50).
Result<store::ContentBatch> parse_jsonl(std::string_view text, std::string_view origin, store::Store* store);

struct ImportReport {
  std::map<std::string, size_t> records;  // by type
  size_t total = 0;
};

// Parses, validates references against the batch and the store, and writes.
Result<ImportReport> import_jsonl(store::Store& store, std::string_view text, std::string_view origin,
                                  const std::function<void(size_t, size_t)>& on_progress);

}  // namespace qalam::ingest
