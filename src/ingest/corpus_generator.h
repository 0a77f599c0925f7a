// A synthetic multilingual corpus in the import format (docs/import.md): authors,
// sections, tags, articles in Azerbaijani, English and Russian (some pieces in two or
// three languages, linked as translations) with Markdown bodies, Foreign press items
// and missions. Deterministic: the same options give the same bytes.
#pragma once

#include <cstdint>
#include <ostream>

namespace qalam::ingest {

struct CorpusOptions {
  int64_t articles = 2000;
  uint64_t seed = 1;
  // Prefix for slugs, so a generated corpus never collides with hand-made content.
  const char* slug_prefix = "";
};

void generate_corpus(const CorpusOptions& options, std::ostream& out);

}  // namespace qalam::ingest
