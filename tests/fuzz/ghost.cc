// Fuzz target: a Ghost export (ingest/ghost_reader.h) read from a file as the importer
// reads it: any bytes give posts, tags and authors or an error naming the file, never
// a crash.
#include <cstdlib>

#include "import_file.h"
#include "ingest/ghost_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::filesystem::path file = qalam::fuzz::write_scratch(data, size, "ghost.json");
  if (file.empty()) return 0;
  qalam::fuzz::CountingVisitor visitor;
  auto read = qalam::ingest::read_ghost(file, "fuzz.json", visitor);
  if (!read.ok() && !read.status().message().starts_with("fuzz.json")) std::abort();  // errors name the file
  return 0;
}
