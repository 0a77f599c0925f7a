// A synthetic multilingual corpus in the import format (docs/import.md): authors,
// sections, tags, articles in Azerbaijani, English and Russian (some pieces in two or
// three languages, linked as translations) with Markdown bodies, Foreign press items
// and missions. Deterministic: the same options give the same bytes.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace qalam::ingest {

struct CorpusOptions {
  int64_t articles = 2000;
  uint64_t seed = 1;
  // Prefix for slugs, so a generated corpus never collides with hand-made content.
  const char* slug_prefix = "";
  // Whether some pieces (one story in 40) are marked featured.
  bool featured = true;
  // Featured images ("/media/NAME.jpg", alt text) given in turn to every third story.
  std::vector<std::pair<std::string, std::string>> images = {};
};

void generate_corpus(const CorpusOptions& options, std::ostream& out);

}  // namespace qalam::ingest
