// Fuzz target: the JSON Lines import format (ingest/jsonl_import.h), parsed and
// validated without a database: every line either becomes records or problems naming
// it, never a crash.
#include <cstdint>
#include <string>

#include "ingest/jsonl_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto batch = qalam::ingest::parse_jsonl(text, "fuzz.jsonl", nullptr);
  (void)batch;
  return 0;
}
