// Fuzz target: a WordPress export read by the streaming WXR reader
// (ingest/wxr_reader.h), through the file (plain or gzip) the importer reads: any
// bytes give items or an error naming a line, never a crash.
#include <cstdlib>

#include "import_file.h"
#include "ingest/wxr_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::filesystem::path file = qalam::fuzz::write_scratch(data, size, "wxr.xml");
  if (file.empty()) return 0;
  qalam::fuzz::CountingVisitor visitor;
  auto read = qalam::ingest::read_wxr(file, "fuzz.xml", visitor);
  if (!read.ok() && !read.status().message().starts_with("fuzz.xml")) std::abort();  // errors name the file
  return 0;
}
