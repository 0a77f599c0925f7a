// Fuzz target: a WordPress export read by the streaming WXR reader
// (ingest/wxr_reader.h), through the file (plain or gzip) the importer reads: any
// bytes give items or an error naming a line, never a crash.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>

#include "ingest/wxr_reader.h"

namespace {

struct Counting final : qalam::ingest::WxrVisitor {
  size_t parts = 0;
  qalam::Status channel(const qalam::ingest::WxrChannel&) override { return ++parts, qalam::Status::ok_status(); }
  qalam::Status author(const qalam::ingest::WxrAuthor&) override { return ++parts, qalam::Status::ok_status(); }
  qalam::Status term(const qalam::ingest::WxrTerm&) override { return ++parts, qalam::Status::ok_status(); }
  qalam::Status item(const qalam::ingest::WxrItem& item) override {
    (void)item.meta_value("_thumbnail_id");
    return ++parts, qalam::Status::ok_status();
  }
};

std::filesystem::path scratch() {
  static const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("qalam_fuzz_wxr_" + std::to_string(::getpid()) + ".xml");
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FILE* f = std::fopen(scratch().c_str(), "wb");
  if (f == nullptr) return 0;
  std::fwrite(data, 1, size, f);
  std::fclose(f);
  Counting visitor;
  auto read = qalam::ingest::read_wxr(scratch(), "fuzz.xml", visitor);
  if (!read.ok() && read.status().message().rfind("fuzz.xml", 0) != 0) std::abort();  // errors name the file
  return 0;
}
