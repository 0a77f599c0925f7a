// Fuzz target: the search box's syntax (core/search_query.h): words, "phrases",
// -exclusions, a prefix on the last word, in any script and any bytes.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/search_query.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace qalam;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (bool prefix : {true, false}) {
    SearchQueryProblem problem = SearchQueryProblem::none;
    SearchQuery q = parse_search_query(text, problem, prefix);
    (void)q;
    (void)parse_search_query(text, prefix);
  }
  return 0;
}
