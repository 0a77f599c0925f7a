// The JSON Lines importer (`qalam import`): one JSON object per line, each with a
// "type" (section, tag, author, article, press_item, project, mission). Every record
// is validated before anything is written; every problem is reported as
// "FILE:LINE: field: problem" in the message, and as a FieldProblem (its line among
// the arguments) in Status::problems(); the whole import is one transaction. The format is
// documented in docs/import.md.
//
// Thread-safety: stateless functions.
#pragma once

#include <boost/json/object.hpp>
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

// One record of the import format as an object (the newsroom's curation forms): the
// same rules and references as a file's line; problems name the record's fields.
Result<store::ContentBatch> parse_record(const boost::json::object& record, std::string_view origin,
                                         store::Store* store);

struct ImportReport {
  std::map<std::string, size_t> records;  // by type
  size_t total = 0;
};

// Parses, validates references against the batch and the store, and writes.
// `before_write`, when given, sees the validated batch first (the command brings the
// media records' files in) and can stop the import.
Result<ImportReport> import_jsonl(store::Store& store, std::string_view text, std::string_view origin,
                                  const std::function<void(size_t, size_t)>& on_progress,
                                  const std::function<Status(const store::ContentBatch&)>& before_write = nullptr);

}  // namespace qalam::ingest
